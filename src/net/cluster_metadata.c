/* The cluster's metadata: the cache, the topics of interest, and refreshes (see cluster.h). */
#include <stdlib.h>
#include <string.h>

#include "net/cluster_internal.h"

static moldau_err_t encode_metadata(moldau_buf_t *w, int16_t version, void *opaque)
{
    moldau__cluster_t *c = opaque;
    moldau_metadata_request_t req;
    moldau_metadata_request_init(&req);
    req.allow_auto_topic_creation = c->opts.allow_auto_create_topics;
    moldau_metadata_request_topic_t *topics = NULL;
    if (c->want_all) {
        req.n_topics = -1;
    } else {
        /* No topic wanted: an empty list asks for brokers only (v1+; v0 reads it as all). */
        req.n_topics = 0;
        if (c->n_wants > 0) {
            topics = calloc((size_t)c->n_wants, sizeof(*topics));
            if (!topics)
                return MOLDAU_ERR__NO_MEMORY;
            for (int i = 0; i < c->n_wants; i++)
                topics[i].name = c->wants[i].name;
            req.topics = topics;
            req.n_topics = c->n_wants;
        }
    }
    moldau_err_t err = moldau_metadata_request_encode(w, version, &req);
    free(topics);
    return err;
}

int moldau__err_is_topic_refusal(moldau_err_t err)
{
    return err == MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED ||
           err == MOLDAU_ERR_INVALID_TOPIC_EXCEPTION;
}

static void refresh_later(moldau__cluster_t *c, int32_t ms)
{
    moldau__timer_arm(c->r, &c->refresh_timer, moldau__now_ms() + ms);
}

void moldau__cluster_notify(moldau__cluster_t *c)
{
    for (moldau__cluster_listener_t *l = c->listeners; l; l = c->notify_next) {
        c->notify_next = l->next;
        l->fn(c, l->opaque);
    }
    c->notify_next = NULL;
}

/* Kafka answers UNKNOWN_TOPIC_OR_PARTITION (KRaft) or LEADER_NOT_AVAILABLE while it
 * creates a topic that Metadata asked to create. */
static int incomplete(const moldau_metadata_response_t *md, int auto_create)
{
    for (int32_t i = 0; i < md->n_topics; i++) {
        const moldau_metadata_response_topic_t *t = &md->topics[i];
        if (t->error_code == MOLDAU_ERR_LEADER_NOT_AVAILABLE ||
            (auto_create && t->error_code == MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION))
            return 1;
        for (int32_t j = 0; !t->error_code && j < t->n_partitions; j++)
            if (t->partitions[j].leader_id < 0)
                return 1;
    }
    return 0;
}

static void on_metadata(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                        void *opaque)
{
    moldau__cluster_t *c = opaque;
    c->md_inflight = 0;
    if (c->destroying)
        return;
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_metadata_response_t md;
    if (!err) {
        moldau_reader_t rd;
        moldau_reader_init(&rd, body, len);
        err = moldau_metadata_response_decode(&rd, version, &a, &md);
        /* v13+: an error for the whole request; its brokers and topics are not the cluster's
         * (e.g. REBOOTSTRAP_REQUIRED): as a failed request, the cache is kept */
        if (!err && md.error_code)
            err = (moldau_err_t)md.error_code;
    }
    if (err && moldau__cluster_auth_error(c, NULL)) {
        moldau_arena_free(&a); /* no broker will ever answer: no retry (see cluster.h) */
        c->md_again = 0;
        return;
    }
    if (err) {
        moldau_arena_free(&a);
        moldau__log(c->lg, MOLDAU_LOG_WARNING, "METADATA",
                    "Metadata request failed: %s; retrying in %d ms", moldau_err_name(err),
                    (int)c->opts.retry_backoff_ms);
        c->md_again = 0;
        refresh_later(c, c->opts.retry_backoff_ms);
        return;
    }
    moldau__cluster_apply_brokers(c, &md);
    int kept = moldau__mdcache_replace(&c->cache, &a, &md);
    if (kept < 0) {
        refresh_later(c, c->opts.retry_backoff_ms);
        return;
    }
    c->stats.metadata_updates++;
    c->stats.epochs_ignored += kept;
    moldau__dbg(c->lg, MOLDAU__DBG_METADATA, "METADATA",
                "update %lld: %d broker(s), %d topic(s), controller %d%s",
                (long long)c->stats.metadata_updates, (int)md.n_brokers, (int)md.n_topics,
                (int)md.controller_id, kept ? ", stale leader epochs ignored" : "");
    for (int32_t i = 0; c->lg && (c->lg->debug & MOLDAU__DBG_METADATA) && i < md.n_topics; i++)
        moldau__dbg(c->lg, MOLDAU__DBG_METADATA, "METADATA", "  topic %s: %s, %d partition(s)",
                    md.topics[i].name ? md.topics[i].name : "(null)",
                    moldau_err_name((moldau_err_t)md.topics[i].error_code),
                    (int)md.topics[i].n_partitions);
    /* A wanted topic being created or a partition without leader: look again soon, backing
     * off up to the max age so a partition offline for long costs little. */
    if (incomplete(&c->cache.md, c->opts.allow_auto_create_topics)) {
        c->incomplete_ms = c->incomplete_ms ? 2 * c->incomplete_ms : c->opts.retry_backoff_ms;
        if (c->incomplete_ms > c->opts.metadata_max_age_ms)
            c->incomplete_ms = c->opts.metadata_max_age_ms;
        refresh_later(c, c->incomplete_ms);
    } else {
        c->incomplete_ms = 0;
        refresh_later(c, c->opts.metadata_max_age_ms);
    }
    if (c->md_again) {
        c->md_again = 0;
        moldau__defer(c->r, &c->refresh_defer);
    }
    moldau__cluster_notify(c);
}

static void start_refresh(moldau__reactor_t *r, moldau__defer_t *d)
{
    (void)r;
    moldau__cluster_t *c = d->opaque;
    if (c->md_inflight || c->destroying)
        return;
    moldau__timer_cancel(c->r, &c->refresh_timer);
    c->md_inflight = 1;
    c->stats.metadata_requests++;
    moldau_err_t err =
        moldau__cluster_request_any(c, MOLDAU_API_METADATA, encode_metadata, on_metadata, c,
                                    moldau__now_ms() + c->opts.request_timeout_ms, 0);
    if (err && moldau__cluster_auth_error(c, NULL)) {
        c->md_inflight = 0;
    } else if (err) {
        c->md_inflight = 0;
        moldau__log(c->lg, MOLDAU_LOG_WARNING, "METADATA", "cannot request Metadata: %s",
                    moldau_err_name(err));
        refresh_later(c, c->opts.retry_backoff_ms);
    }
}

void moldau__cluster_refresh(moldau__cluster_t *c, const char *reason)
{
    c->stats.refreshes_asked++;
    moldau__dbg(c->lg, MOLDAU__DBG_METADATA, "METADATA", "refresh asked: %s%s",
                reason ? reason : "", c->md_inflight ? " (after the one in flight)" : "");
    if (c->md_inflight)
        c->md_again = 1;
    else
        moldau__defer(c->r, &c->refresh_defer);
}

int64_t moldau__cluster_refresh_soon(moldau__cluster_t *c, const char *reason)
{
    int64_t now = moldau__now_ms();
    if (now < c->refresh_soon_at)
        return c->refresh_soon_at;
    c->refresh_soon_at = now + c->opts.retry_backoff_ms;
    moldau__cluster_refresh(c, reason);
    return c->refresh_soon_at;
}

static void on_refresh_timer(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__cluster_refresh(t->opaque, "periodic or retry");
}

static want_t *find_want(const moldau__cluster_t *c, const char *topic)
{
    for (int i = 0; i < c->n_wants; i++)
        if (!strcmp(c->wants[i].name, topic))
            return &c->wants[i];
    return NULL;
}

moldau_err_t moldau__cluster_want_topic(moldau__cluster_t *c, const char *topic)
{
    want_t *w = find_want(c, topic);
    if (w) {
        w->refs++;
        return MOLDAU_ERR_NONE;
    }
    if (c->n_wants == c->cap_wants) {
        int cap = c->cap_wants ? 2 * c->cap_wants : 8;
        want_t *nw = realloc(c->wants, (size_t)cap * sizeof(*nw));
        if (!nw)
            return MOLDAU_ERR__NO_MEMORY;
        c->wants = nw;
        c->cap_wants = cap;
    }
    char *name = strdup(topic);
    if (!name)
        return MOLDAU_ERR__NO_MEMORY;
    c->wants[c->n_wants++] = (want_t){name, 1};
    if (!moldau__cluster_topic(c, topic))
        moldau__cluster_refresh(c, "new topic of interest");
    return MOLDAU_ERR_NONE;
}

void moldau__cluster_unwant_topic(moldau__cluster_t *c, const char *topic)
{
    want_t *w = find_want(c, topic);
    if (!w || --w->refs > 0)
        return;
    free(w->name);
    *w = c->wants[--c->n_wants];
}

void moldau__cluster_want_all_topics(moldau__cluster_t *c, int on)
{
    if (!c->want_all == !on)
        return;
    c->want_all = !!on;
    if (on)
        moldau__cluster_refresh(c, "all topics wanted");
}

const moldau_metadata_response_t *moldau__cluster_metadata(const moldau__cluster_t *c)
{
    return c->cache.valid ? &c->cache.md : NULL;
}

int64_t moldau__cluster_metadata_version(const moldau__cluster_t *c)
{
    return c->stats.metadata_updates;
}

const moldau_metadata_response_topic_t *moldau__cluster_topic(const moldau__cluster_t *c,
                                                              const char *topic)
{
    return moldau__md_topic(moldau__cluster_metadata(c), topic);
}

moldau_err_t moldau__cluster_leader(const moldau__cluster_t *c, const char *topic,
                                    int32_t partition, moldau__broker_t **leader,
                                    int32_t *leader_epoch)
{
    const moldau_metadata_response_topic_t *t = moldau__cluster_topic(c, topic);
    if (!t)
        return MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    if (t->error_code)
        return (moldau_err_t)t->error_code;
    const moldau_metadata_response_partition_t *p = moldau__md_partition(t, partition);
    if (!p)
        return MOLDAU_ERR__UNKNOWN_PARTITION;
    moldau__broker_t *b = p->leader_id >= 0 ? moldau__cluster_broker(c, p->leader_id) : NULL;
    if (!b)
        return MOLDAU_ERR_LEADER_NOT_AVAILABLE;
    *leader = b;
    if (leader_epoch)
        *leader_epoch = p->leader_epoch;
    return MOLDAU_ERR_NONE;
}

int32_t moldau__cluster_controller_id(const moldau__cluster_t *c)
{
    return c->cache.valid ? c->cache.md.controller_id : -1;
}

const char *moldau__cluster_id(const moldau__cluster_t *c)
{
    return c->cache.valid ? c->cache.md.cluster_id : NULL;
}

void moldau__cluster_listen(moldau__cluster_t *c, moldau__cluster_listener_t *l)
{
    l->next = c->listeners;
    c->listeners = l;
}

void moldau__cluster_unlisten(moldau__cluster_t *c, moldau__cluster_listener_t *l)
{
    for (moldau__cluster_listener_t **p = &c->listeners; *p; p = &(*p)->next) {
        if (*p == l) {
            *p = l->next;
            if (c->notify_next == l)
                c->notify_next = l->next;
            return;
        }
    }
}

void moldau__cluster_stats(const moldau__cluster_t *c, moldau__cluster_stats_t *out)
{
    *out = c->stats;
}

/* ---- life ------------------------------------------------------------------------------- */

void moldau__cluster_metadata_init(moldau__cluster_t *c)
{
    moldau__mdcache_init(&c->cache);
    moldau__defer_init(&c->refresh_defer, start_refresh, c);
    moldau__timer_init(&c->refresh_timer, on_refresh_timer, c);
}

void moldau__cluster_metadata_stop(moldau__cluster_t *c)
{
    moldau__defer_cancel(&c->refresh_defer);
    moldau__timer_cancel(c->r, &c->refresh_timer);
}

void moldau__cluster_metadata_free(moldau__cluster_t *c)
{
    for (int i = 0; i < c->n_wants; i++)
        free(c->wants[i].name);
    free(c->wants);
    moldau__mdcache_free(&c->cache);
}
