/*
 * OffsetForLeaderEpoch position validation (validate.h). A partition awaiting validation
 * (fpart.awaiting) is left out by the fetcher; run() sends one request per leader for those
 * not busy, marking them busy; the answer finds them again by (assignment generation, index,
 * seek epoch, position), so a seek or reassignment meanwhile only makes it be dropped.
 */
#include "consumer/validate.h"

#include <stdlib.h>
#include <string.h>

#include "client/request.h"
#include "consumer/consumer.h"
#include "util/clock.h"

struct moldau__validator {
    moldau_consumer_t *c;
    moldau__reactor_t *reactor;
    moldau__defer_t run;
    moldau__timer_t retry;
    int64_t not_before; /* after an error: no request before retry.backoff.ms */
    int stopped;
};

typedef struct vpart {
    size_t idx;
    uint32_t epoch;
    int64_t position;
} vpart_t;

typedef struct vctx {
    moldau__validator_t *v;
    uint32_t gen;
    int32_t node;
    size_t n;
    vpart_t *parts;
} vctx_t;

MOLDAU__REQUEST_CODEC(ofle, moldau_offset_for_leader_epoch_request_t,
                      moldau_offset_for_leader_epoch_request_encode,
                      moldau_offset_for_leader_epoch_response_t,
                      moldau_offset_for_leader_epoch_response_decode)

moldau__validation_t moldau__validation_of(moldau_err_t err, int64_t position, int32_t end_epoch,
                                           int64_t end_offset)
{
    if (err == MOLDAU_ERR_UNSUPPORTED_VERSION || err == MOLDAU_ERR__UNSUPPORTED_FEATURE ||
        err == MOLDAU_ERR__UNSUPPORTED_VERSION)
        return MOLDAU__VALIDATION_SKIP;
    if (err < 0 || moldau__err_is_stale_metadata(err) || err == MOLDAU_ERR_REQUEST_TIMED_OUT)
        return MOLDAU__VALIDATION_RETRY;
    if (err)
        return MOLDAU__VALIDATION_FAILED;
    if (end_epoch < 0 || end_offset < 0)
        return MOLDAU__VALIDATION_UNDEFINED;
    return end_offset < position ? MOLDAU__VALIDATION_TRUNCATED : MOLDAU__VALIDATION_OK;
}

static void schedule(moldau__validator_t *v)
{
    if (!v->stopped)
        moldau__defer(v->reactor, &v->run);
}

static void backoff(moldau__validator_t *v)
{
    int32_t ms = v->c->retry_backoff_ms > 0 ? v->c->retry_backoff_ms : 1;
    v->not_before = moldau__now_ms() + ms;
    if (!v->stopped && !moldau__timer_armed(&v->retry))
        moldau__timer_arm(v->reactor, &v->retry, v->not_before);
}

int moldau__validate_due(moldau_consumer_t *c, size_t idx, int32_t epoch, int32_t node)
{
    moldau__fpart_t *p = c->parts[idx];
    if (p->reset) { /* no position yet: nothing to validate */
        p->awaiting = 0;
        return 0;
    }
    /* a new leader epoch under a position whose record's epoch is known (Java validates on
     * any change of leader or epoch; a new leader always comes with a new epoch) */
    if (p->cp.last_fetched_epoch >= 0 && p->cp.leader_epoch >= 0 && epoch != p->cp.leader_epoch)
        p->awaiting = 1;
    if (!p->awaiting)
        return 0;
    p->cp.leader_epoch = epoch; /* the request's current_leader_epoch fences a stale leader */
    p->validate_node = node;
    schedule(c->validator);
    return 1;
}

/* One partition's answer (lock held). Returns 1 to ask again after retry.backoff.ms. */
static int settle(moldau__validator_t *v, size_t idx, moldau__fpart_t *p, moldau_err_t err,
                  const moldau_offset_for_leader_epoch_response_partition_t *rp)
{
    moldau_consumer_t *c = v->c;
    moldau__logger_t *lg = &c->client->logger;
    int32_t end_epoch = rp ? rp->leader_epoch : -1;
    int64_t end = rp ? rp->end_offset : -1;
    switch (moldau__validation_of(err, p->cp.position, end_epoch, end)) {
    case MOLDAU__VALIDATION_RETRY:
        moldau__cluster_refresh(c->client->cluster, "OffsetForLeaderEpoch: stale leader");
        return 1;
    case MOLDAU__VALIDATION_SKIP:
        moldau__dbg(lg, MOLDAU__DBG_CONSUMER, "VALIDATE",
                    "%s [%d]: the broker cannot validate positions (%s): fetching on",
                    p->topic, (int)p->cp.partition, moldau_err_name(err));
        break;
    case MOLDAU__VALIDATION_FAILED:
        p->awaiting = 0;
        moldau__consumer_error(c, idx, err, p->cp.position,
                               "validating the position %lld after a leader change failed: %s",
                               (long long)p->cp.position, moldau_err_str(err));
        return 0;
    case MOLDAU__VALIDATION_UNDEFINED:
        /* the leader has no record of our epoch or older: no divergence point to go to */
        p->awaiting = 0;
        p->epoch++; /* what was fetched is dropped */
        if (c->offset_reset == 2) {
            moldau__consumer_error(c, idx, MOLDAU_ERR__LOG_TRUNCATION, p->cp.position,
                                   "the new leader knows no end offset for leader epoch %d of "
                                   "the position %lld (auto.offset.reset is none)",
                                   (int)p->cp.last_fetched_epoch, (long long)p->cp.position);
            return 0;
        }
        moldau__log(lg, MOLDAU_LOG_WARNING, "VALIDATE",
                    "%s [%d]: the new leader knows no end offset for leader epoch %d of the "
                    "position %lld: reset by auto.offset.reset",
                    p->topic, (int)p->cp.partition, (int)p->cp.last_fetched_epoch,
                    (long long)p->cp.position);
        p->reset = c->offset_reset == 0 ? MOLDAU_OFFSET_BEGINNING : MOLDAU_OFFSET_END;
        p->app_position = p->reset;
        return 0;
    case MOLDAU__VALIDATION_TRUNCATED:
        moldau__fetcher_truncated(c->fetcher, idx, p, end, end_epoch);
        break;
    case MOLDAU__VALIDATION_OK:
        break;
    }
    p->awaiting = 0;
    return 0;
}

static void answered(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    vctx_t *x = opaque;
    moldau__validator_t *v = x->v;
    moldau_consumer_t *c = v->c;
    const moldau_offset_for_leader_epoch_response_t *r = resp ? resp->body : NULL;
    int again = 0;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; err != MOLDAU_ERR__DESTROYED && i < x->n; i++) {
        const vpart_t *vp = &x->parts[i];
        moldau__fpart_t *p = x->gen == c->gen && vp->idx < c->n_parts ? c->parts[vp->idx] : NULL;
        if (!p)
            continue;
        p->busy = 0;
        if (p->epoch != vp->epoch || p->cp.position != vp->position || !p->awaiting)
            continue; /* seeked meanwhile: the answer is dropped */
        const moldau_offset_for_leader_epoch_response_partition_t *rp = NULL;
        for (int32_t t = 0; r && !err && !rp && t < r->n_topics; t++) {
            if (!r->topics[t].topic || strcmp(r->topics[t].topic, p->topic))
                continue;
            for (int32_t k = 0; !rp && k < r->topics[t].n_partitions; k++)
                if (r->topics[t].partitions[k].partition == p->cp.partition)
                    rp = &r->topics[t].partitions[k];
        }
        moldau_err_t perr = err ? err : rp ? (moldau_err_t)rp->error_code : MOLDAU_ERR__BAD_MSG;
        again |= settle(v, vp->idx, p, perr, rp);
    }
    pthread_mutex_unlock(&c->lock);
    if (err != MOLDAU_ERR__DESTROYED) {
        if (again)
            backoff(v);
        moldau__fetcher_kick(c->fetcher);
    }
    moldau__response_free(resp);
    free(x->parts);
    free(x);
}

/* Sends one request to node for the awaiting partitions it leads (lock held). */
static void send_to(moldau__validator_t *v, int32_t node)
{
    moldau_consumer_t *c = v->c;
    moldau__request_t *req = moldau__request_new(c->client, MOLDAU_API_OFFSET_FOR_LEADER_EPOCH,
                                                 ofle_encode, ofle_decode, NULL);
    vctx_t *x = calloc(1, sizeof(*x));
    moldau_arena_t *a = req ? moldau__request_arena(req) : NULL;
    moldau_offset_for_leader_epoch_request_t *body = a ? moldau_arena_calloc(a, 1, sizeof(*body)) : NULL;
    moldau_offset_for_leader_epoch_request_topic_t *topics =
        a && c->n_parts ? moldau_arena_calloc(a, c->n_parts, sizeof(*topics)) : NULL;
    moldau_offset_for_leader_epoch_request_partition_t *parts =
        a && c->n_parts ? moldau_arena_calloc(a, c->n_parts, sizeof(*parts)) : NULL;
    if (x)
        x->parts = calloc(c->n_parts ? c->n_parts : 1, sizeof(*x->parts));
    int32_t n_topics = 0;
    size_t n = 0;
    if (!body || !topics || !parts || !x || !x->parts)
        goto fail;
    /* partitions grouped by topic: each topic's run is contiguous in parts */
    for (size_t i = 0; i < c->n_parts; i++) {
        moldau__fpart_t *p = c->parts[i];
        if (!p->awaiting || p->busy || p->stopped || p->paused || p->validate_node != node)
            continue;
        int32_t t = 0;
        while (t < n_topics && strcmp(topics[t].topic, p->topic))
            t++;
        if (t < n_topics)
            continue; /* collected with its topic's first partition */
        topics[t].topic = moldau_arena_strndup(a, p->topic, strlen(p->topic));
        if (!topics[t].topic)
            goto fail;
        topics[t].partitions = &parts[n];
        n_topics++;
        for (size_t j = i; j < c->n_parts; j++) {
            moldau__fpart_t *q = c->parts[j];
            if (!q->awaiting || q->busy || q->stopped || q->paused || q->validate_node != node ||
                strcmp(q->topic, p->topic))
                continue;
            parts[n] = (moldau_offset_for_leader_epoch_request_partition_t){
                q->cp.partition, q->cp.leader_epoch, q->cp.last_fetched_epoch};
            x->parts[n] = (vpart_t){j, q->epoch, q->cp.position};
            topics[t].n_partitions++;
            n++;
        }
    }
    if (!n)
        goto fail;
    body->replica_id = -1;
    body->topics = topics;
    body->n_topics = n_topics;
    moldau__request_set_body(req, body);
    if (moldau__request_target(req, MOLDAU__TARGET_NODE, node, NULL))
        goto fail;
    x->v = v;
    x->gen = c->gen;
    x->node = node;
    x->n = n;
    for (size_t i = 0; i < n; i++) {
        moldau__fpart_t *p = c->parts[x->parts[i].idx];
        p->busy = 1;
        moldau__dbg(&c->client->logger, MOLDAU__DBG_CONSUMER, "VALIDATE",
                    "%s [%d]: validating position %lld (leader epoch %d) with node %d at "
                    "leader epoch %d",
                    p->topic, (int)p->cp.partition, (long long)p->cp.position,
                    (int)p->cp.last_fetched_epoch, (int)node, (int)p->cp.leader_epoch);
    }
    moldau__request_async(req, c->request_timeout_ms, answered, x);
    return;
fail:
    moldau__request_destroy(req);
    if (x)
        free(x->parts);
    free(x);
    if (n)
        backoff(v); /* out of memory: later */
}

static void run(moldau__reactor_t *r, moldau__defer_t *d)
{
    (void)r;
    moldau__validator_t *v = d->opaque;
    moldau_consumer_t *c = v->c;
    if (v->stopped || moldau__now_ms() < v->not_before)
        return;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n_parts; i++) {
        moldau__fpart_t *p = c->parts[i];
        if (!p->awaiting || p->busy || p->stopped || p->paused)
            continue;
        send_to(v, p->validate_node); /* takes every partition of that node */
    }
    pthread_mutex_unlock(&c->lock);
}

static void retry_fired(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__validator_t *v = t->opaque;
    /* the fetcher's look at fresh metadata renews the leaders, then calls us again */
    moldau__fetcher_kick(v->c->fetcher);
    schedule(v);
}

moldau__validator_t *moldau__validator_new(moldau_consumer_t *c)
{
    moldau__validator_t *v = calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    v->c = c;
    v->reactor = c->client->reactor;
    moldau__defer_init(&v->run, run, v);
    moldau__timer_init(&v->retry, retry_fired, v);
    return v;
}

void moldau__validator_stop(moldau__validator_t *v)
{
    if (!v)
        return;
    v->stopped = 1;
    moldau__defer_cancel(&v->run);
    moldau__timer_cancel(v->reactor, &v->retry);
}

void moldau__validator_free(moldau__validator_t *v) { free(v); }
