/*
 * One OffsetCommit or OffsetFetch of the consumer's group, on the reactor thread: the topics'
 * metadata made known first (OffsetCommit and OffsetFetch v10 name topics by id, and a topic
 * the consumer does not fetch may not be in the cache), then the request to the group
 * coordinator through the request helper (which retries the coordinator errors), then each
 * partition's answer into the job's list.
 *
 * The request is encoded from the job at the version the coordinator's connection chose, so
 * one job serves every shape: topics by name or by id, OffsetFetch's single group (v1-7) or
 * groups array (v8+), require_stable from v7 (KIP-447: Java's consumer always asks for it
 * where the broker has it, so a pending transactional commit is waited for, not skipped).
 *
 * Errors the helper leaves to its caller that Java's consumer retries within the call's time:
 * REQUEST_TIMED_OUT (the coordinator is looked up again, as Java marks it unknown) and, for
 * committed() (Java's committed() waits for the pending transaction to end),
 * UNSTABLE_OFFSET_COMMIT. The job is sent again after retry.backoff.ms, doubled each time up
 * to retry.backoff.max.ms, while its deadline leaves room; then the last answer stands.
 */
#include <stdlib.h>
#include <string.h>

#include "client/request.h"
#include "client/conf.h"
#include "consumer/offsets_internal.h"
#include "net/coordinator.h"
#include "util/backoff.h"

moldau__ofs_job_t *moldau__ofs_job_new(moldau_consumer_t *c, int commit, size_t n)
{
    moldau__ofs_job_t *j = calloc(1, sizeof(*j));
    if (!j)
        return NULL;
    j->c = c;
    j->commit = commit;
    j->timeout_ms = -1;
    if (!(j->list = moldau_partition_list_new(n ? n : 1)) ||
        !(j->epochs = calloc(n ? n : 1, sizeof(*j->epochs)))) {
        moldau__ofs_job_free(j);
        return NULL;
    }
    return j;
}

int moldau__ofs_job_add(moldau__ofs_job_t *j, const char *topic, int32_t partition,
                        int64_t offset, int32_t epoch)
{
    size_t cap = j->list->cap;
    moldau_topic_partition_t *e = moldau_partition_list_add(j->list, topic, partition);
    if (!e)
        return -1;
    e->offset = offset;
    if (j->list->cap != cap) { /* the list grew: the epochs follow */
        int32_t *v = realloc(j->epochs, j->list->cap * sizeof(*v));
        if (!v) {
            free(e->topic);
            j->list->n--;
            return -1;
        }
        j->epochs = v;
    }
    j->epochs[j->list->n - 1] = epoch;
    return 0;
}

void moldau__ofs_job_free(moldau__ofs_job_t *j)
{
    if (!j)
        return;
    moldau_partition_list_destroy(j->list);
    free(j->epochs);
    free(j->ids);
    free(j->member_id);
    free(j->wanted);
    free(j);
}

/* ---- encoding ------------------------------------------------------------------------- */

/* The distinct topics of the list in first-seen order: element i belongs to topic of[i];
 * count[k] elements have topic k. Returns the number of topics, or -1 out of memory. */
static int32_t group_topics(const moldau__ofs_job_t *j, moldau_arena_t *a, int32_t **of_out,
                            int32_t **count_out, size_t **first_out)
{
    size_t n = j->list->n;
    int32_t *of = moldau_arena_calloc(a, n ? n : 1, sizeof(*of));
    int32_t *count = moldau_arena_calloc(a, n ? n : 1, sizeof(*count));
    size_t *first = moldau_arena_calloc(a, n ? n : 1, sizeof(*first));
    if (!of || !count || !first)
        return -1;
    int32_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t k = 0;
        while (k < nt && strcmp(j->list->elems[first[k]].topic, j->list->elems[i].topic))
            k++;
        if (k == nt)
            first[nt++] = i;
        of[i] = k;
        count[k]++;
    }
    *of_out = of;
    *count_out = count;
    *first_out = first;
    return nt;
}

/* Topic ids from the cluster's cache (zero when unknown: the broker then answers
 * UNKNOWN_TOPIC_ID for that topic). */
static moldau_uuid_t topic_id(moldau__ofs_job_t *j, size_t i)
{
    const moldau_metadata_response_topic_t *t =
        moldau__cluster_topic(j->c->client->cluster, j->list->elems[i].topic);
    moldau_uuid_t none = {{0}};
    j->ids[i] = t ? t->topic_id : none;
    return j->ids[i];
}

static moldau_err_t encode_commit(moldau_buf_t *w, int16_t version, moldau__ofs_job_t *j,
                                  moldau_arena_t *a)
{
    int32_t *of, *count;
    size_t *first;
    int32_t nt = group_topics(j, a, &of, &count, &first);
    moldau_offset_commit_request_topic_t *t = moldau_arena_calloc(a, nt ? nt : 1, sizeof(*t));
    moldau_offset_commit_request_partition_t **ps =
        moldau_arena_calloc(a, nt ? nt : 1, sizeof(*ps));
    if (nt < 0 || !t || !ps)
        return MOLDAU_ERR__NO_MEMORY;
    for (int32_t k = 0; k < nt; k++) {
        if (!(ps[k] = moldau_arena_calloc(a, (size_t)count[k], sizeof(*ps[k]))))
            return MOLDAU_ERR__NO_MEMORY;
        t[k].name = j->list->elems[first[k]].topic;
        t[k].partitions = ps[k];
        if (version >= 10)
            t[k].topic_id = topic_id(j, first[k]);
    }
    for (size_t i = 0; i < j->list->n; i++) {
        moldau_offset_commit_request_topic_t *tk = &t[of[i]];
        moldau_offset_commit_request_partition_t *p = &ps[of[i]][tk->n_partitions++];
        j->ids[i] = j->ids[first[of[i]]];
        p->partition_index = j->list->elems[i].partition;
        p->committed_offset = j->list->elems[i].offset;
        p->committed_leader_epoch = j->epochs[i];
        p->committed_metadata = "";
    }
    moldau_offset_commit_request_t req = {
        .group_id = j->c->group_id,
        .generation_id_or_member_epoch = j->generation_id,
        .member_id = j->member_id,
        .group_instance_id = version >= 7 ? j->c->group_instance_id : NULL,
        .retention_time_ms = -1,
        .topics = t,
        .n_topics = nt,
    };
    return moldau_offset_commit_request_encode(w, version, &req);
}

static moldau_err_t encode_fetch(moldau_buf_t *w, int16_t version, moldau__ofs_job_t *j,
                                 moldau_arena_t *a)
{
    int32_t *of, *count;
    size_t *first;
    int32_t nt = group_topics(j, a, &of, &count, &first);
    moldau_offset_fetch_request_topic_t *t = moldau_arena_calloc(a, nt ? nt : 1, sizeof(*t));
    int32_t **ps = moldau_arena_calloc(a, nt ? nt : 1, sizeof(*ps));
    if (nt < 0 || !t || !ps)
        return MOLDAU_ERR__NO_MEMORY;
    for (int32_t k = 0; k < nt; k++) {
        if (!(ps[k] = moldau_arena_calloc(a, (size_t)count[k], sizeof(*ps[k]))))
            return MOLDAU_ERR__NO_MEMORY;
        t[k].name = j->list->elems[first[k]].topic;
        t[k].partition_indexes = ps[k];
        if (version >= 10)
            t[k].topic_id = topic_id(j, first[k]);
    }
    for (size_t i = 0; i < j->list->n; i++) {
        moldau_offset_fetch_request_topic_t *tk = &t[of[i]];
        ps[of[i]][tk->n_partition_indexes++] = j->list->elems[i].partition;
        j->ids[i] = j->ids[first[of[i]]];
    }
    moldau_offset_fetch_request_t req = {.require_stable = version >= 7};
    moldau_offset_fetch_request_group_t g = {
        .group_id = j->c->group_id, .member_epoch = -1, .topics = t, .n_topics = nt};
    if (version >= 8) {
        req.groups = &g;
        req.n_groups = 1;
    } else {
        req.group_id = j->c->group_id;
        req.topics = t;
        req.n_topics = nt;
    }
    return moldau_offset_fetch_request_encode(w, version, &req);
}

static moldau_err_t job_encode(moldau_buf_t *w, int16_t version, const void *body)
{
    moldau__ofs_job_t *j = (moldau__ofs_job_t *)body; /* reactor thread: the job is ours */
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_err_t err = j->commit ? encode_commit(w, version, j, &a)
                                 : encode_fetch(w, version, j, &a);
    moldau_arena_free(&a);
    return err;
}

MOLDAU__REQUEST_DECODER(commit_decode, moldau_offset_commit_response_t,
                        moldau_offset_commit_response_decode)
MOLDAU__REQUEST_DECODER(fetch_decode, moldau_offset_fetch_response_t,
                        moldau_offset_fetch_response_decode)

/* ---- answers ---------------------------------------------------------------------------- */

static int coordinator_error(int16_t code)
{
    return code == MOLDAU_ERR_NOT_COORDINATOR || code == MOLDAU_ERR_COORDINATOR_NOT_AVAILABLE ||
           code == MOLDAU_ERR_COORDINATOR_LOAD_IN_PROGRESS;
}

/* What the request helper retries on: OffsetCommit has only partition errors, and a
 * coordinator error there is the whole request's. */
static moldau_err_t commit_error(const void *body, int16_t version)
{
    (void)version;
    const moldau_offset_commit_response_t *r = body;
    for (int32_t t = 0; t < r->n_topics; t++)
        for (int32_t i = 0; i < r->topics[t].n_partitions; i++)
            if (coordinator_error(r->topics[t].partitions[i].error_code))
                return (moldau_err_t)r->topics[t].partitions[i].error_code;
    return MOLDAU_ERR_NONE;
}

/* The topics of an OffsetFetch answer and its group's error, in either shape. */
static const moldau_offset_fetch_response_topic_t *fetch_topics(
    const moldau_offset_fetch_response_t *r, int32_t *n, int16_t *error)
{
    if (r->n_groups > 0) {
        *n = r->groups[0].n_topics;
        *error = r->groups[0].error_code;
        return r->groups[0].topics;
    }
    *n = r->n_topics;
    *error = r->error_code;
    return r->topics;
}

static moldau_err_t fetch_error(const void *body, int16_t version)
{
    (void)version;
    int32_t n;
    int16_t error;
    const moldau_offset_fetch_response_topic_t *t = fetch_topics(body, &n, &error);
    if (error)
        return (moldau_err_t)error;
    for (int32_t k = 0; k < n; k++)
        for (int32_t i = 0; i < t[k].n_partitions; i++)
            if (coordinator_error(t[k].partitions[i].error_code))
                return (moldau_err_t)t[k].partitions[i].error_code;
    return MOLDAU_ERR_NONE;
}

/* The element of the list a response partition answers (topic by name, or by id from v10). */
static moldau_topic_partition_t *element(moldau__ofs_job_t *j, const char *name,
                                         moldau_uuid_t id, int32_t partition, size_t *idx)
{
    for (size_t i = 0; i < j->list->n; i++) {
        moldau_topic_partition_t *e = &j->list->elems[i];
        if (e->partition != partition)
            continue;
        if (name ? !strcmp(name, e->topic) : !memcmp(&id, &j->ids[i], sizeof(id))) {
            *idx = i;
            return e;
        }
    }
    return NULL;
}

/* A partition's error as Java reports it: a topic sent without an id (v10; none in the
 * cache) is an unknown topic, as it would be by name. */
static moldau_err_t partition_error(const moldau__ofs_job_t *j, size_t i, int16_t code)
{
    static const moldau_uuid_t none;
    if (code == MOLDAU_ERR_UNKNOWN_TOPIC_ID && !memcmp(&j->ids[i], &none, sizeof(none)))
        return MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    return (moldau_err_t)code;
}

static void apply_commit(moldau__ofs_job_t *j, const moldau_offset_commit_response_t *r)
{
    for (int32_t t = 0; t < r->n_topics; t++)
        for (int32_t k = 0; k < r->topics[t].n_partitions; k++) {
            const moldau_partition_error_t *p = &r->topics[t].partitions[k];
            size_t i;
            moldau_topic_partition_t *e = element(j, r->topics[t].name, r->topics[t].topic_id,
                                                  p->partition_index, &i);
            if (e)
                e->err = partition_error(j, i, p->error_code);
        }
}

static void apply_fetch(moldau__ofs_job_t *j, const moldau_offset_fetch_response_t *r)
{
    int32_t n;
    int16_t error;
    const moldau_offset_fetch_response_topic_t *t = fetch_topics(r, &n, &error);
    for (int32_t k = 0; k < n; k++)
        for (int32_t m = 0; m < t[k].n_partitions; m++) {
            const moldau_offset_fetch_response_partition_t *p = &t[k].partitions[m];
            size_t i;
            moldau_topic_partition_t *e = element(j, t[k].name, t[k].topic_id,
                                                  p->partition_index, &i);
            if (!e)
                continue;
            e->err = partition_error(j, i, p->error_code);
            e->offset = p->committed_offset >= 0 ? p->committed_offset : MOLDAU_OFFSET_INVALID;
            j->epochs[i] = p->committed_leader_epoch;
        }
}

static void stop_waiting(moldau__ofs_job_t *j)
{
    moldau__offsets_t *o = j->c->offsets;
    moldau__cluster_unlisten(j->c->client->cluster, &j->listener);
    moldau__timer_cancel(j->c->client->reactor, &j->timer);
    moldau__ofs_job_t **pp = &o->waiting;
    while (*pp != j)
        pp = &(*pp)->next_waiting;
    *pp = j->next_waiting;
    j->waiting = 0;
}

static void finish(moldau__ofs_job_t *j, moldau_err_t err)
{
    moldau__offsets_t *o = j->c->offsets;
    if (j->waiting)
        stop_waiting(j);
    /* once closed the cluster may be going: the wants go with it */
    for (size_t k = 0; k < j->n_wanted && !o->closed; k++)
        moldau__cluster_unwant_topic(j->c->client->cluster, j->list->elems[j->wanted[k]].topic);
    j->n_wanted = 0;
    j->err = err;
    for (size_t i = 0; i < j->list->n; i++) {
        moldau_topic_partition_t *e = &j->list->elems[i];
        if (err) /* the request's error is every partition's */
            e->err = err;
        else if (e->err == MOLDAU_ERR__BAD_MSG && !j->commit)
            e->offset = MOLDAU_OFFSET_INVALID;
        if (!j->err && e->err)
            j->err = e->err;
    }
    j->done(j);
}

/* The error of an answer that is to be asked again (see the top), else MOLDAU_ERR_NONE. */
static moldau_err_t retry_error(const moldau__ofs_job_t *j, moldau_err_t err)
{
    if (err == MOLDAU_ERR_REQUEST_TIMED_OUT ||
        (j->retry_unstable && err == MOLDAU_ERR_UNSTABLE_OFFSET_COMMIT))
        return err;
    if (err)
        return MOLDAU_ERR_NONE;
    for (size_t i = 0; i < j->list->n; i++) {
        moldau_err_t e = j->list->elems[i].err;
        if (e == MOLDAU_ERR_REQUEST_TIMED_OUT ||
            (j->retry_unstable && e == MOLDAU_ERR_UNSTABLE_OFFSET_COMMIT))
            return e;
    }
    return MOLDAU_ERR_NONE;
}

static void send_job(moldau__ofs_job_t *j);

static void retry_fired(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__ofs_job_t *j = t->opaque;
    stop_waiting(j);
    send_job(j);
}

/* 1 when j waits for another attempt (on o->waiting, so that close ends it). */
static int retry_later(moldau__ofs_job_t *j, moldau_err_t err)
{
    moldau_consumer_t *c = j->c;
    moldau__offsets_t *o = c->offsets;
    if (o->closed)
        return 0;
    int32_t max = (int32_t)moldau__conf_int(c->client->conf, MOLDAU__CONF_RETRY_BACKOFF_MAX_MS);
    int64_t at = moldau__now_ms() + moldau__backoff_base(c->retry_backoff_ms, max, ++j->attempts);
    if (at >= j->deadline)
        return 0;
    if (err == MOLDAU_ERR_REQUEST_TIMED_OUT)
        moldau__cluster_coordinator_invalidate(c->client->cluster, MOLDAU_COORDINATOR_KEY_GROUP,
                                               c->group_id);
    moldau__dbg(&c->client->logger, MOLDAU__DBG_CONSUMER, "OFFSETS",
                "%s: %s, attempt %d in %lld ms", j->commit ? "OffsetCommit" : "OffsetFetch",
                moldau_err_name(err), j->attempts + 1, (long long)(at - moldau__now_ms()));
    moldau__timer_init(&j->timer, retry_fired, j);
    if (moldau__timer_arm(c->client->reactor, &j->timer, at))
        return 0;
    j->waiting = 1;
    j->next_waiting = o->waiting;
    o->waiting = j;
    return 1;
}

static void answered(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    moldau__ofs_job_t *j = opaque;
    if (resp && resp->body) {
        if (j->commit)
            apply_commit(j, resp->body);
        else
            apply_fetch(j, resp->body);
    }
    moldau__response_free(resp);
    moldau_err_t again = retry_error(j, err);
    if (again && retry_later(j, again))
        return;
    finish(j, err);
}

static void send_job(moldau__ofs_job_t *j)
{
    moldau_consumer_t *c = j->c;
    /* a partition the answer does not name is malformed */
    for (size_t i = 0; i < j->list->n; i++)
        j->list->elems[i].err = MOLDAU_ERR__BAD_MSG;
    moldau__request_t *req =
        j->commit ? moldau__request_new(c->client, MOLDAU_API_OFFSET_COMMIT, job_encode,
                                        commit_decode, commit_error)
                  : moldau__request_new(c->client, MOLDAU_API_OFFSET_FETCH, job_encode,
                                        fetch_decode, fetch_error);
    if (!req || moldau__request_target(req, MOLDAU__TARGET_GROUP, -1, c->group_id)) {
        moldau__request_destroy(req);
        return finish(j, MOLDAU_ERR__NO_MEMORY);
    }
    moldau__request_set_body(req, j);
    int64_t left = j->deadline - moldau__now_ms();
    moldau__request_async(req, left < 0 ? 0 : left > INT32_MAX ? INT32_MAX : (int)left,
                          answered, j);
}

/* ---- waiting for the topics' metadata ------------------------------------------------------ */

static int topics_known(const moldau__ofs_job_t *j)
{
    for (size_t k = 0; k < j->n_wanted; k++)
        if (!moldau__cluster_topic(j->c->client->cluster, j->list->elems[j->wanted[k]].topic))
            return 0;
    return 1;
}

static void metadata_came(moldau__cluster_t *cl, void *opaque)
{
    (void)cl;
    moldau__ofs_job_t *j = opaque;
    if (!topics_known(j))
        return;
    stop_waiting(j);
    send_job(j);
}

/* The deadline came with a topic still unknown: send anyway, the broker says what it knows. */
static void wait_over(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__ofs_job_t *j = t->opaque;
    stop_waiting(j);
    send_job(j);
}

void moldau__ofs_job_start(moldau__ofs_job_t *j)
{
    moldau_consumer_t *c = j->c;
    moldau__offsets_t *o = c->offsets;
    int64_t timeout = j->timeout_ms >= 0 ? j->timeout_ms : c->request_timeout_ms;
    j->deadline = moldau__now_ms() + timeout;
    pthread_mutex_lock(&c->lock);
    j->generation_id = c->generation_id;
    j->member_id = strdup(c->member_id);
    pthread_mutex_unlock(&c->lock);
    size_t n = j->list->n;
    if (!j->member_id || !(j->ids = calloc(n ? n : 1, sizeof(*j->ids))) ||
        !(j->wanted = calloc(n ? n : 1, sizeof(*j->wanted))))
        return finish(j, MOLDAU_ERR__NO_MEMORY);
    if (o->closed)
        return finish(j, MOLDAU_ERR__DESTROYED);
    if (!n) /* nothing to ask: done at once (Java completes an empty commit locally) */
        return finish(j, MOLDAU_ERR_NONE);
    moldau__cluster_t *cl = c->client->cluster;
    for (size_t i = 0; i < n; i++) {
        const char *topic = j->list->elems[i].topic;
        int seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(j->list->elems[k].topic, topic);
        if (seen || moldau__cluster_topic(cl, topic))
            continue;
        if (moldau__cluster_want_topic(cl, topic))
            return finish(j, MOLDAU_ERR__NO_MEMORY);
        j->wanted[j->n_wanted++] = i;
    }
    if (!j->n_wanted)
        return send_job(j);
    j->listener.fn = metadata_came;
    j->listener.opaque = j;
    moldau__timer_init(&j->timer, wait_over, j);
    if (moldau__timer_arm(c->client->reactor, &j->timer, j->deadline))
        return finish(j, MOLDAU_ERR__NO_MEMORY);
    moldau__cluster_listen(cl, &j->listener);
    j->waiting = 1;
    j->next_waiting = o->waiting;
    o->waiting = j;
}

static void posted(moldau__reactor_t *r, moldau__job_t *job, moldau_err_t err)
{
    (void)r;
    moldau__ofs_job_t *j = job->opaque;
    if (err) { /* the reactor is going: no cluster to ask */
        j->err = err;
        for (size_t i = 0; i < j->list->n; i++)
            j->list->elems[i].err = err;
        j->done(j);
        return;
    }
    moldau__ofs_job_start(j);
}

void moldau__ofs_job_post(moldau__ofs_job_t *j)
{
    moldau__job_init(&j->post, posted, j);
    moldau__reactor_post(j->c->client->reactor, &j->post);
}

void moldau__ofs_jobs_close(moldau__offsets_t *o)
{
    while (o->waiting)
        finish(o->waiting, MOLDAU_ERR__DESTROYED);
    o->closed = 1;
}
