/* The record accumulator (see accumulator.h). Locks: acc->lock guards the partition array and
 * the drain rotation, part->lock (plock.h: cheap, as every record takes it) a partition's
 * batches, acc->mem_lock only the sleep of a
 * blocked append. Order: acc->lock before part->lock; mem_lock is never held with another.
 * Reports (the sink) and the wakeup hook run with no lock held. This file: life, memory,
 * append, partition state, counters; accumulator_drain.c: the sender's side. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "producer/accumulator_internal.h"
#include "protocol/records_builder.h"
#include "util/clock.h"

/* ---- small helpers ------------------------------------------------------------------------ */

static int try_reserve(moldau__accum_t *acc, int64_t n)
{
    int64_t cur = atomic_load_explicit(&acc->mem_used, memory_order_relaxed);
    do {
        if (cur + n > acc->conf.buffer_memory)
            return 0;
    } while (!atomic_compare_exchange_weak(&acc->mem_used, &cur, cur + n));
    return 1;
}

static moldau_err_t mem_reserve(moldau__accum_t *acc, int64_t n)
{
    if (try_reserve(acc, n))
        return MOLDAU_ERR_NONE;
    if (acc->conf.max_block_ms <= 0)
        return MOLDAU_ERR__QUEUE_FULL;
    struct timespec dl;
    moldau__abstime_after_ms(&dl, acc->conf.max_block_ms);
    moldau_err_t err = MOLDAU_ERR__QUEUE_FULL;
    pthread_mutex_lock(&acc->mem_lock);
    /* Counted before the re-check: a release either is seen by it or sees us waiting. */
    atomic_fetch_add(&acc->mem_waiters, 1);
    for (;;) {
        if (try_reserve(acc, n)) {
            err = MOLDAU_ERR_NONE;
            break;
        }
        if (atomic_load(&acc->closing)) {
            err = MOLDAU_ERR__STATE;
            break;
        }
        if (pthread_cond_timedwait(&acc->mem_cond, &acc->mem_lock, &dl) == ETIMEDOUT) {
            if (try_reserve(acc, n))
                err = MOLDAU_ERR_NONE;
            break;
        }
    }
    atomic_fetch_sub(&acc->mem_waiters, 1);
    pthread_mutex_unlock(&acc->mem_lock);
    return err;
}

static void mem_release(moldau__accum_t *acc, int64_t n)
{
    if (n == 0)
        return;
    atomic_fetch_sub(&acc->mem_used, n);
    if (atomic_load(&acc->mem_waiters)) {
        pthread_mutex_lock(&acc->mem_lock);
        pthread_cond_broadcast(&acc->mem_cond);
        pthread_mutex_unlock(&acc->mem_lock);
    }
}

void moldau__accum_batch_free(moldau__accum_batch_t *b)
{
    moldau_batch_builder_free(&b->b);
    free(b->recs);
    free(b);
}

static moldau__accum_batch_t *batch_new(moldau__accum_t *acc, moldau__accum_part_t *part,
                                        int64_t now_ms, size_t rsize)
{
    moldau__accum_batch_t *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    moldau_batch_builder_init(&b->b, acc->conf.codec, acc->conf.level);
    /* Sized for a full batch at once: one allocation per batch, none per record. */
    size_t room = (size_t)acc->batch_limit;
    if (room < MOLDAU_BATCH_HEADER_SIZE + rsize)
        room = MOLDAU_BATCH_HEADER_SIZE + rsize;
    /* rsize is an upper bound: real records are a little smaller, so allow 25% more. The
     * entries are a fifth of the records' bytes or less, so a full batch's worth is in
     * proportion; a cap below it would copy the entries once per batch (a 1 MB batch of
     * 100-byte records holds about 8,000). */
    size_t est = (size_t)acc->batch_limit * 5 / (rsize * 4) + 1;
    b->cap = (int32_t)(est < 4 ? 4 : est > 65536 ? 65536 : est);
    b->recs = malloc((size_t)b->cap * sizeof(*b->recs));
    if (!b->recs || moldau_buf_reserve(&b->b.buf, room)) {
        moldau__accum_batch_free(b);
        return NULL;
    }
    b->part = part;
    b->topic = part->topic;
    b->partition = part->partition;
    b->created_ms = now_ms;
    b->base_sequence = -1;
    b->producer_id = -1;
    b->producer_epoch = -1;
    b->base_offset = -1;
    b->log_append_time = -1;
    part->created++;
    return b;
}

size_t moldau__accum_report_list(moldau__accum_t *acc, moldau__accum_batch_t *list, int64_t mem)
{
    size_t n = 0;
    mem_release(acc, mem);
    while (list) {
        moldau__accum_batch_t *b = list;
        list = b->rnext;
        b->rnext = NULL;
        /* decided under the lock: a batch the sender still holds keeps its bytes until it
         * lets go (its request may still be writing them) */
        if (b->drop_bytes)
            moldau_batch_builder_free(&b->b);
        acc->sink(b, acc->sink_opaque);
        n++;
    }
    return n;
}
/* ---- life -------------------------------------------------------------------------------- */

moldau__accum_t *moldau__accum_new(const moldau__accum_conf_t *conf, moldau__accum_sink_fn *sink,
                                   void *sink_opaque)
{
    moldau__accum_t *acc = calloc(1, sizeof(*acc));
    if (!acc)
        return NULL;
    acc->conf = *conf;
    acc->sink = sink;
    acc->sink_opaque = sink_opaque;
    int64_t cap = conf->max_request_size - MOLDAU__ACCUM_REQUEST_OVERHEAD;
    acc->batch_limit = conf->batch_size < cap ? conf->batch_size : cap;
    if (acc->batch_limit < 0)
        acc->batch_limit = 0;
    moldau__cond_init_monotonic(&acc->mem_cond);
    pthread_mutex_init(&acc->lock, NULL);
    pthread_mutex_init(&acc->mem_lock, NULL);
    atomic_init(&acc->mem_used, 0);
    atomic_init(&acc->mem_waiters, 0);
    atomic_init(&acc->flushing, 0);
    atomic_init(&acc->closing, 0);
    atomic_init(&acc->wake_armed, 1);
    atomic_init(&acc->armed_deadline, INT64_MAX);
    return acc;
}

static void free_chain(moldau__accum_batch_t *b, int by_queue)
{
    while (b) {
        moldau__accum_batch_t *next = by_queue ? b->qnext : b->fnext;
        moldau__accum_batch_free(b);
        b = next;
    }
}

void moldau__accum_destroy(moldau__accum_t *acc)
{
    if (!acc)
        return;
    for (size_t i = 0; i < acc->n_parts; i++) {
        moldau__accum_part_t *p = acc->parts[i];
        if (p->open)
            moldau__accum_batch_free(p->open);
        free_chain(p->queue.head, 1);
        free_chain(p->fhead, 0);
        free(p->topic);
        free(p);
    }
    free(acc->parts);
    pthread_mutex_destroy(&acc->lock);
    pthread_mutex_destroy(&acc->mem_lock);
    pthread_cond_destroy(&acc->mem_cond);
    free(acc);
}

void moldau__accum_set_wakeup(moldau__accum_t *acc, moldau__accum_wakeup_fn *fn, void *opaque)
{
    acc->wakeup = fn;
    acc->wakeup_opaque = opaque;
}

moldau__accum_part_t *moldau__accum_part(moldau__accum_t *acc, const char *topic,
                                         int32_t partition)
{
    moldau__accum_part_t *p = NULL;
    pthread_mutex_lock(&acc->lock);
    for (size_t i = 0; i < acc->n_parts; i++) {
        if (acc->parts[i]->partition == partition && strcmp(acc->parts[i]->topic, topic) == 0) {
            p = acc->parts[i];
            goto out;
        }
    }
    if (acc->n_parts == acc->cap_parts) {
        size_t cap = acc->cap_parts ? acc->cap_parts * 2 : 16;
        moldau__accum_part_t **np = realloc(acc->parts, cap * sizeof(*np));
        if (!np)
            goto out;
        acc->parts = np;
        acc->cap_parts = cap;
    }
    p = calloc(1, sizeof(*p));
    if (!p || !(p->topic = strdup(topic))) {
        free(p);
        p = NULL;
        goto out;
    }
    moldau__plock_init(&p->lock);
    p->acc = acc;
    p->topic_len = strlen(topic);
    p->partition = partition;
    p->leader = -1;
    acc->parts[acc->n_parts++] = p;
out:
    pthread_mutex_unlock(&acc->lock);
    return p;
}

/* ---- append ------------------------------------------------------------------------------ */

moldau_err_t moldau__accum_reserve(moldau__accum_t *acc, int64_t bytes)
{
    if (atomic_load_explicit(&acc->closing, memory_order_relaxed))
        return MOLDAU_ERR__STATE;
    if (bytes > acc->conf.buffer_memory)
        return MOLDAU_ERR_MESSAGE_TOO_LARGE;
    return mem_reserve(acc, bytes);
}

void moldau__accum_unreserve(moldau__accum_t *acc, int64_t bytes) { mem_release(acc, bytes); }

static moldau_err_t append(moldau__accum_t *acc, moldau__accum_part_t *part,
                           const moldau__accum_record_t *rec, int64_t now_ms, int *batch_closed,
                           int reserved);

moldau_err_t moldau__accum_append(moldau__accum_t *acc, moldau__accum_part_t *part,
                                  int64_t timestamp, moldau_bytes_t key, moldau_bytes_t value,
                                  const moldau_header_t *headers, size_t n_headers,
                                  moldau__accum_fn *cb, void *opaque, int64_t now_ms,
                                  int *batch_closed)
{
    moldau__accum_record_t rec = {
        timestamp, key, value, headers, n_headers, cb, opaque,
        (int64_t)moldau_record_max_size(key.len < -1 ? -1 : key.len,
                                        value.len < -1 ? -1 : value.len, headers, n_headers)};
    return append(acc, part, &rec, now_ms, batch_closed, 0);
}

moldau_err_t moldau__accum_append_reserved(moldau__accum_t *acc, moldau__accum_part_t *part,
                                           const moldau__accum_record_t *rec, int64_t now_ms,
                                           int *batch_closed)
{
    return append(acc, part, rec, now_ms, batch_closed, 1);
}

static moldau_err_t append(moldau__accum_t *acc, moldau__accum_part_t *part,
                           const moldau__accum_record_t *rec, int64_t now_ms, int *batch_closed,
                           int reserved)
{
    if (batch_closed)
        *batch_closed = 0;
    size_t rsize = (size_t)rec->reserved;
    moldau_bytes_t key = rec->key, value = rec->value;
    moldau_err_t err = MOLDAU_ERR_NONE;
    if (atomic_load_explicit(&acc->closing, memory_order_relaxed))
        err = MOLDAU_ERR__STATE;
    else if (key.len < -1 || value.len < -1)
        err = MOLDAU_ERR__INVALID_ARG;
    else if ((int64_t)(rsize + MOLDAU_BATCH_HEADER_SIZE + MOLDAU__ACCUM_REQUEST_OVERHEAD +
                       part->topic_len) > acc->conf.max_request_size ||
             (int64_t)rsize > acc->conf.buffer_memory)
        err = MOLDAU_ERR_MESSAGE_TOO_LARGE;
    if (err) {
        if (reserved)
            mem_release(acc, (int64_t)rsize);
        return err;
    }
    if (!reserved && (err = mem_reserve(acc, (int64_t)rsize)))
        return err;

    int closed = 0, fresh = 0;
    moldau__plock_lock(&part->lock);
    moldau__accum_batch_t *b = part->open;
    if (b && b->b.count &&
        (int64_t)(moldau_batch_builder_size(&b->b) + rsize) > acc->batch_limit) {
        moldau__fifo_push(&part->queue, b, qnext);
        part->closed_full++;
        closed = 1;
        b = part->open = NULL;
    }
    if (!b) {
        if (now_ms == MOLDAU__ACCUM_NOW)
            now_ms = acc->conf.clock();
        b = part->open = batch_new(acc, part, now_ms, rsize);
        fresh = 1;
        if (!b) {
            err = MOLDAU_ERR__NO_MEMORY;
            goto fail;
        }
    }
    if (b->b.count == b->cap) {
        moldau__accum_rec_t *r = realloc(b->recs, (size_t)b->cap * 2 * sizeof(*r));
        if (!r) {
            err = MOLDAU_ERR__NO_MEMORY;
            goto fail;
        }
        b->recs = r;
        b->cap *= 2;
    }
    err = moldau__batch_builder_append_sized(&b->b, rec->timestamp, key, value, rec->headers,
                                             rec->n_headers, rsize);
    if (err)
        goto fail;
    moldau__accum_rec_t *r = &b->recs[b->b.count - 1];
    r->cb = rec->cb;
    r->opaque = rec->opaque;
    r->timestamp = rec->timestamp;
    b->count = b->b.count;
    b->mem += (int64_t)rsize;
    part->appended++;
    part->outstanding++;
    /* Full now if a record like this one would not fit: ready at once rather than when the
     * next record comes. */
    if ((int64_t)(moldau_batch_builder_size(&b->b) + rsize) > acc->batch_limit) {
        moldau__fifo_push(&part->queue, b, qnext);
        part->closed_full++;
        part->open = NULL;
        closed = 1;
    }
    moldau__plock_unlock(&part->lock);

    if (batch_closed)
        *batch_closed = closed;
    if (closed)
        wake(acc);
    else if (fresh && now_ms + acc->conf.linger_ms <
                          atomic_load_explicit(&acc->armed_deadline, memory_order_relaxed))
        wake(acc); /* a linger deadline earlier than the sender's timer */
    return MOLDAU_ERR_NONE;

fail:
    moldau__plock_unlock(&part->lock);
    mem_release(acc, (int64_t)rsize);
    if (batch_closed)
        *batch_closed = closed;
    if (closed)
        wake(acc);
    return err;
}

/* ---- flush, close, partition state ------------------------------------------------------ */

void moldau__accum_flush_begin(moldau__accum_t *acc)
{
    atomic_fetch_add(&acc->flushing, 1);
    wake(acc);
}

void moldau__accum_flush_end(moldau__accum_t *acc) { atomic_fetch_sub(&acc->flushing, 1); }

void moldau__accum_close_begin(moldau__accum_t *acc)
{
    atomic_store(&acc->closing, 1);
    pthread_mutex_lock(&acc->mem_lock);
    pthread_cond_broadcast(&acc->mem_cond);
    pthread_mutex_unlock(&acc->mem_lock);
    wake(acc);
}

void moldau__accum_part_set_leader(moldau__accum_part_t *part, int32_t node_id)
{
    moldau__plock_lock(&part->lock);
    part->leader = node_id;
    moldau__plock_unlock(&part->lock);
}

void moldau__accum_part_mute(moldau__accum_part_t *part, int muted)
{
    moldau__plock_lock(&part->lock);
    part->muted = muted;
    moldau__plock_unlock(&part->lock);
}

void moldau__accum_part_set_sequence(moldau__accum_part_t *part, int32_t next_sequence)
{
    moldau__plock_lock(&part->lock);
    part->next_seq = next_sequence;
    moldau__plock_unlock(&part->lock);
}

int32_t moldau__accum_part_sequence(moldau__accum_part_t *part)
{
    moldau__plock_lock(&part->lock);
    int32_t s = part->next_seq;
    moldau__plock_unlock(&part->lock);
    return s;
}

int moldau__accum_part_in_flight(moldau__accum_part_t *part)
{
    moldau__plock_lock(&part->lock);
    int n = part->in_flight;
    moldau__plock_unlock(&part->lock);
    return n;
}

void moldau__accum_reset_sequences(moldau__accum_t *acc)
{
    pthread_mutex_lock(&acc->lock);
    for (size_t i = 0; i < acc->n_parts; i++)
        moldau__accum_part_set_sequence(acc->parts[i], 0);
    pthread_mutex_unlock(&acc->lock);
}

/* ---- counters ---------------------------------------------------------------------------- */

void moldau__accum_stats(moldau__accum_t *acc, moldau__accum_stats_t *st)
{
    memset(st, 0, sizeof(*st));
    pthread_mutex_lock(&acc->lock);
    for (size_t i = 0; i < acc->n_parts; i++) {
        moldau__accum_part_t *p = acc->parts[i];
        moldau__plock_lock(&p->lock);
        st->batches_created += p->created;
        st->closed_full += p->closed_full;
        st->closed_linger += p->closed_linger;
        st->closed_flush += p->closed_flush;
        st->records_appended += p->appended;
        st->records_reported += p->reported_recs;
        st->batches_reported += p->reported_batches;
        st->outstanding += p->outstanding;
        moldau__plock_unlock(&p->lock);
    }
    pthread_mutex_unlock(&acc->lock);
    st->bytes_buffered = atomic_load(&acc->mem_used);
    st->blocked = atomic_load(&acc->mem_waiters);
}

int64_t moldau__accum_outstanding(moldau__accum_t *acc)
{
    moldau__accum_stats_t st;
    moldau__accum_stats(acc, &st);
    return st.outstanding;
}
