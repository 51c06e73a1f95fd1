/*
 * Where partitions assigned at MOLDAU_OFFSET_STORED start (reactor thread): the fetcher hands
 * them over (busy, so nothing of theirs is fetched meanwhile), the ones of one reactor
 * iteration go out as one OffsetFetch, and the answer sets each start: the committed offset
 * (its leader epoch kept for KIP-320 validation), or auto.offset.reset when none was
 * committed (none: an error event). Retriable failures leave the partition at STORED for
 * the fetcher to hand over again after retry.backoff.ms.
 */
#include <stdlib.h>

#include "consumer/offsets_internal.h"

typedef struct stored_ref {
    size_t idx;     /* in c->parts */
    uint32_t epoch; /* its seek epoch then */
} stored_ref_t;

typedef struct stored_ctx {
    uint32_t gen; /* the assignment */
    stored_ref_t *refs; /* per element of the job */
    size_t cap;
} stored_ctx_t;

static void stored_free(moldau__ofs_job_t *j)
{
    stored_ctx_t *x = j->opaque;
    if (x)
        free(x->refs);
    free(x);
    moldau__ofs_job_free(j);
}

static int retriable(moldau_err_t err)
{
    return err < 0 || err == MOLDAU_ERR_UNSTABLE_OFFSET_COMMIT ||
           err == MOLDAU_ERR_NOT_COORDINATOR || err == MOLDAU_ERR_COORDINATOR_NOT_AVAILABLE ||
           err == MOLDAU_ERR_COORDINATOR_LOAD_IN_PROGRESS || err == MOLDAU_ERR_REQUEST_TIMED_OUT;
}

/* One partition's answer (lock held). Returns 1 when it is to be asked again. */
static int start_at(moldau_consumer_t *c, size_t idx, const moldau_topic_partition_t *e,
                    int32_t epoch)
{
    moldau__fpart_t *p = c->parts[idx];
    if (e->err) {
        if (retriable(e->err))
            return 1;
        moldau__consumer_error(c, idx, e->err, -1,
                               "the committed offset of group %s could not be read: %s",
                               c->group_id ? c->group_id : "(none)", moldau_err_str(e->err));
        return 0;
    }
    if (e->offset >= 0) {
        p->cp.position = e->offset;
        p->app_position = e->offset;
        p->committed = e->offset;
        p->committed_epoch = epoch;
        /* KIP-320: the broker checks the committed record's epoch on the first Fetch, so a
         * log truncated below the committed offset is detected, not skipped */
        p->cp.last_fetched_epoch = epoch;
        p->app_epoch = epoch;
        p->reset = 0;
    } else if (c->offset_reset == MOLDAU__OFFSET_RESET_NONE) {
        moldau__consumer_error(c, idx, MOLDAU_ERR_OFFSET_OUT_OF_RANGE, -1,
                               "no committed offset and auto.offset.reset is none");
    } else {
        p->reset = c->offset_reset == MOLDAU__OFFSET_RESET_EARLIEST ? MOLDAU_OFFSET_BEGINNING
                                                                   : MOLDAU_OFFSET_END;
    }
    return 0;
}

static void stored_done(moldau__ofs_job_t *j)
{
    moldau_consumer_t *c = j->c;
    moldau__offsets_t *o = c->offsets;
    stored_ctx_t *x = j->opaque;
    if (o->closed || j->err == MOLDAU_ERR__DESTROYED)
        return stored_free(j);
    int again = 0;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; x->gen == c->gen && i < j->list->n; i++) {
        const stored_ref_t *ref = &x->refs[i];
        if (ref->idx >= c->n_parts)
            continue;
        moldau__fpart_t *p = c->parts[ref->idx];
        p->busy = 0;
        if (p->epoch != ref->epoch || p->reset != MOLDAU_OFFSET_STORED)
            continue; /* seeked meanwhile: the answer is no longer wanted */
        again |= start_at(c, ref->idx, &j->list->elems[i], j->epochs[i]);
    }
    pthread_mutex_unlock(&c->lock);
    if (again && !moldau__timer_armed(&o->stored_retry))
        moldau__timer_arm(c->client->reactor, &o->stored_retry,
                          moldau__now_ms() + (c->retry_backoff_ms > 0 ? c->retry_backoff_ms : 1));
    else if (!again)
        moldau__fetcher_kick(c->fetcher);
    stored_free(j);
}

static void send_stored(moldau__reactor_t *r, moldau__defer_t *d)
{
    (void)r;
    moldau__offsets_t *o = d->opaque;
    moldau__ofs_job_t *j = o->stored;
    o->stored = NULL;
    if (j)
        moldau__ofs_job_start(j);
}

static void retry_fired(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__offsets_t *o = t->opaque;
    if (!o->closed)
        moldau__fetcher_kick(o->c->fetcher);
}

void moldau__offsets_fetch_committed(moldau_consumer_t *c, size_t idx)
{
    moldau__offsets_t *o = c->offsets;
    moldau__fpart_t *p = c->parts[idx];
    moldau__ofs_job_t *j = o->stored;
    stored_ctx_t *x = j ? j->opaque : NULL;
    if (o->closed)
        return;
    if (j && x->gen != c->gen) { /* assigned again within the iteration: the old is moot */
        stored_free(j);
        j = o->stored = NULL;
    }
    if (!j) {
        if (!(j = moldau__ofs_job_new(c, 0, 8)) || !(x = calloc(1, sizeof(*x)))) {
            moldau__ofs_job_free(j);
            goto later;
        }
        x->gen = c->gen;
        j->opaque = x;
        j->done = stored_done;
        o->stored = j;
    }
    if (x->cap == j->list->n) {
        size_t cap = x->cap ? x->cap * 2 : 8;
        stored_ref_t *v = realloc(x->refs, cap * sizeof(*v));
        if (!v)
            goto later;
        x->refs = v;
        x->cap = cap;
    }
    if (moldau__ofs_job_add(j, p->topic, p->cp.partition, MOLDAU_OFFSET_INVALID, -1))
        goto later;
    x->refs[j->list->n - 1] = (stored_ref_t){idx, p->epoch};
    p->busy = 1;
    moldau__defer(c->client->reactor, &o->stored_send);
    return;
later: /* out of memory: the partition stays at STORED and is handed over again */
    if (!moldau__timer_armed(&o->stored_retry))
        moldau__timer_arm(c->client->reactor, &o->stored_retry,
                          moldau__now_ms() + (c->retry_backoff_ms > 0 ? c->retry_backoff_ms : 1));
}

void moldau__offsets_stored_init(moldau__offsets_t *o)
{
    moldau__defer_init(&o->stored_send, send_stored, o);
    moldau__timer_init(&o->stored_retry, retry_fired, o);
}

void moldau__offsets_stored_close(moldau__offsets_t *o)
{
    moldau__defer_cancel(&o->stored_send);
    moldau__timer_cancel(o->c->client->reactor, &o->stored_retry);
    if (o->stored)
        stored_free(o->stored);
    o->stored = NULL;
}
