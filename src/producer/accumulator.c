/* The record accumulator (see accumulator.h). Locks: acc->lock guards the partition array and
 * the drain rotation, part->lock (plock.h: cheap, as every record takes it) a partition's
 * batches, acc->mem_lock only the sleep of a
 * blocked append. Order: acc->lock before part->lock; mem_lock is never held with another.
 * Reports (the sink) and the wakeup hook run with no lock held. */
#include "producer/accumulator.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "producer/plock.h"
#include "protocol/records_builder.h"

struct moldau__accum_part {
    moldau__plock_t lock;
    moldau__accum_t *acc;
    char *topic;
    size_t topic_len;
    int32_t partition;
    int32_t leader;
    int muted;
    int in_flight;
    int32_t next_seq;
    uint64_t drain_seq;
    moldau__accum_batch_t *open;
    moldau__accum_batch_t *qhead, *qtail;
    moldau__accum_batch_t *fhead, *ftail;
    /* counters, summed by stats(): per partition so that append touches no shared line */
    uint64_t created, closed_full, closed_linger, closed_flush;
    uint64_t appended, reported_recs, reported_batches;
    int64_t outstanding;
};

struct moldau__accum {
    moldau__accum_conf_t conf;
    int64_t batch_limit; /* batch.size, capped so that one batch fits a request */
    moldau__accum_sink_fn *sink;
    void *sink_opaque;
    moldau__accum_wakeup_fn *wakeup;
    void *wakeup_opaque;

    pthread_mutex_t lock;
    moldau__accum_part_t **parts;
    size_t n_parts, cap_parts;
    size_t drain_start;

    _Atomic int64_t mem_used;
    atomic_int mem_waiters;
    pthread_mutex_t mem_lock;
    pthread_cond_t mem_cond; /* CLOCK_MONOTONIC */

    atomic_int flushing;
    atomic_int closing;
    atomic_int wake_armed;           /* the hook may be called */
    _Atomic int64_t armed_deadline;  /* the sender's timer covers deadlines from here on */
};

/* ---- small helpers ------------------------------------------------------------------------ */

static void wake(moldau__accum_t *acc)
{
    if (atomic_load_explicit(&acc->wake_armed, memory_order_relaxed) &&
        atomic_exchange(&acc->wake_armed, 0) && acc->wakeup)
        acc->wakeup(acc->wakeup_opaque);
}

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
    clock_gettime(CLOCK_MONOTONIC, &dl);
    dl.tv_sec += (time_t)(acc->conf.max_block_ms / 1000);
    dl.tv_nsec += (long)(acc->conf.max_block_ms % 1000) * 1000000L;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
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

static void batch_free(moldau__accum_batch_t *b)
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
        batch_free(b);
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

static void queue_push(moldau__accum_part_t *part, moldau__accum_batch_t *b)
{
    b->qnext = NULL;
    if (part->qtail)
        part->qtail->qnext = b;
    else
        part->qhead = b;
    part->qtail = b;
}

static moldau__accum_batch_t *queue_pop(moldau__accum_part_t *part)
{
    moldau__accum_batch_t *b = part->qhead;
    part->qhead = b->qnext;
    if (!part->qhead)
        part->qtail = NULL;
    b->qnext = NULL;
    return b;
}

static void flight_add(moldau__accum_part_t *part, moldau__accum_batch_t *b)
{
    b->fnext = NULL;
    b->fprev = part->ftail;
    if (part->ftail)
        part->ftail->fnext = b;
    else
        part->fhead = b;
    part->ftail = b;
    b->in_flight = 1;
    part->in_flight++;
}

static void flight_remove(moldau__accum_part_t *part, moldau__accum_batch_t *b)
{
    if (!b->in_flight)
        return;
    if (b->fprev)
        b->fprev->fnext = b->fnext;
    else
        part->fhead = b->fnext;
    if (b->fnext)
        b->fnext->fprev = b->fprev;
    else
        part->ftail = b->fprev;
    b->fprev = b->fnext = NULL;
    b->in_flight = 0;
    part->in_flight--;
}

/* Under part->lock: the batch gets its result and counts as reported. Returns the buffer space
 * to give back (after unlocking). */
static int64_t mark_reported(moldau__accum_part_t *part, moldau__accum_batch_t *b,
                             moldau_err_t err, int64_t base_offset, int64_t log_append_time)
{
    b->err = err;
    b->base_offset = err ? -1 : base_offset;
    b->log_append_time = err ? -1 : log_append_time;
    b->reported = 1;
    part->reported_recs += (uint64_t)b->b.count;
    part->reported_batches++;
    part->outstanding -= b->b.count;
    b->drop_bytes = !b->sender_ref;
    int64_t mem = b->mem;
    b->mem = 0;
    return mem;
}

/* After unlocking: give back space, drop the bytes nobody needs any more, report. `list` is
 * linked through rnext. */
static size_t report_list(moldau__accum_t *acc, moldau__accum_batch_t *list, int64_t mem)
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
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&acc->mem_cond, &ca);
    pthread_condattr_destroy(&ca);
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
        batch_free(b);
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
            batch_free(p->open);
        free_chain(p->qhead, 1);
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
        queue_push(part, b);
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
        queue_push(part, b);
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

/* ---- readiness --------------------------------------------------------------------------- */

/* Under part->lock: 1 if the partition has a batch to send now. Lowers *next to when its open
 * batch will be ready, if it is not yet (also behind queued batches: the sender arms its timer
 * for it while draining those). */
static int head_ready(moldau__accum_t *acc, moldau__accum_part_t *p, int64_t now_ms,
                      int64_t *next)
{
    int ready = p->qhead != NULL;
    moldau__accum_batch_t *b = p->open;
    if (!b || !b->b.count)
        return ready;
    if (atomic_load(&acc->flushing) || atomic_load(&acc->closing))
        return 1;
    int64_t due = b->created_ms + acc->conf.linger_ms;
    if (now_ms >= due)
        return 1;
    if (due < *next)
        *next = due;
    return ready;
}

static int64_t oldest(const moldau__accum_part_t *p)
{
    int64_t t = INT64_MAX;
    for (const moldau__accum_batch_t *b = p->qhead; b; b = b->qnext)
        if (b->created_ms < t)
            t = b->created_ms;
    if (p->open && p->open->b.count && p->open->created_ms < t)
        t = p->open->created_ms;
    return t;
}

void moldau__accum_ready(moldau__accum_t *acc, int64_t now_ms, int max_in_flight,
                         moldau__accum_ready_t *r)
{
    /* Before the scan, so that what happens during it wakes the sender again: a batch closing
     * re-arms through wake_armed, a new batch's linger deadline through armed_deadline. */
    atomic_store(&acc->armed_deadline, INT64_MAX);
    atomic_store(&acc->wake_armed, 1);
    r->n_nodes = 0;
    r->unknown_leader = 0;
    r->next_ready_ms = INT64_MAX;
    r->next_expiry_ms = INT64_MAX;
    pthread_mutex_lock(&acc->lock);
    for (size_t i = 0; i < acc->n_parts; i++) {
        moldau__accum_part_t *p = acc->parts[i];
        moldau__plock_lock(&p->lock);
        int64_t old = oldest(p);
        if (old != INT64_MAX && old + acc->conf.delivery_timeout_ms < r->next_expiry_ms)
            r->next_expiry_ms = old + acc->conf.delivery_timeout_ms;
        int64_t next = INT64_MAX;
        int ready = head_ready(acc, p, now_ms, &next);
        int32_t leader = p->leader;
        int blocked = p->muted || (max_in_flight > 0 && p->in_flight >= max_in_flight);
        moldau__plock_unlock(&p->lock);
        if (next < r->next_ready_ms)
            r->next_ready_ms = next;
        if (!ready || blocked)
            continue;
        if (leader < 0) {
            r->unknown_leader = 1;
            continue;
        }
        size_t k = 0;
        while (k < r->n_nodes && r->nodes[k] != leader)
            k++;
        if (k == r->n_nodes && r->n_nodes < r->max_nodes)
            r->nodes[r->n_nodes++] = leader;
    }
    pthread_mutex_unlock(&acc->lock);
    atomic_store(&acc->armed_deadline, r->next_ready_ms);
}

int64_t moldau__accum_next_ready_deadline(moldau__accum_t *acc, int64_t now_ms)
{
    int64_t next = INT64_MAX;
    pthread_mutex_lock(&acc->lock);
    for (size_t i = 0; i < acc->n_parts; i++) {
        moldau__accum_part_t *p = acc->parts[i];
        moldau__plock_lock(&p->lock);
        (void)head_ready(acc, p, now_ms, &next);
        moldau__plock_unlock(&p->lock);
    }
    pthread_mutex_unlock(&acc->lock);
    return next;
}

/* ---- drain ------------------------------------------------------------------------------- */

/* Stamps and finishes a drained batch (no lock: nobody else touches its bytes). */
static moldau_err_t finish(moldau__accum_batch_t *b, int restamp)
{
    if (!b->b.finished) {
        b->b.producer_id = b->producer_id;
        b->b.producer_epoch = b->producer_epoch;
        b->b.base_sequence = b->base_sequence;
        return moldau_batch_builder_finish(&b->b, &b->data, &b->len);
    }
    if (restamp)
        return moldau_batch_set_producer((uint8_t *)b->data, b->len, b->producer_id,
                                         b->producer_epoch, b->base_sequence);
    return MOLDAU_ERR_NONE;
}

size_t moldau__accum_drain(moldau__accum_t *acc, int32_t node_id, int64_t now_ms,
                           size_t max_bytes, int max_in_flight, int64_t producer_id,
                           int16_t producer_epoch, moldau__accum_batch_t **out)
{
    moldau__accum_batch_t *head = NULL, **tail = &head;
    size_t n = 0, total = 0;
    int flushing = atomic_load(&acc->flushing) || atomic_load(&acc->closing);

    pthread_mutex_lock(&acc->lock);
    size_t np = acc->n_parts, start = np ? acc->drain_start % np : 0, i;
    for (i = 0; i < np; i++) {
        moldau__accum_part_t *p = acc->parts[(start + i) % np];
        moldau__plock_lock(&p->lock);
        int64_t next = INT64_MAX;
        if (p->leader != node_id || p->muted ||
            (max_in_flight > 0 && p->in_flight >= max_in_flight) ||
            !head_ready(acc, p, now_ms, &next)) {
            moldau__plock_unlock(&p->lock);
            continue;
        }
        moldau__accum_batch_t *b = p->qhead ? p->qhead : p->open;
        size_t size = b->b.finished ? b->len : moldau_batch_builder_size(&b->b);
        size_t cost = size + p->topic_len + MOLDAU__ACCUM_REQUEST_OVERHEAD;
        if (n > 0 && total + cost > max_bytes) {
            moldau__plock_unlock(&p->lock);
            break; /* this partition goes first next time */
        }
        total += cost;
        if (p->qhead) {
            queue_pop(p);
        } else {
            p->open = NULL;
            if (!flushing || now_ms >= b->created_ms + acc->conf.linger_ms)
                p->closed_linger++;
            else
                p->closed_flush++;
        }
        if (producer_id >= 0 &&
            (b->producer_id != producer_id || b->producer_epoch != producer_epoch)) {
            b->producer_id = producer_id;
            b->producer_epoch = producer_epoch;
            b->base_sequence = p->next_seq;
            p->next_seq = (int32_t)(((int64_t)p->next_seq + b->b.count) % ((int64_t)INT32_MAX + 1));
            b->restamp = 1;
        }
        if (!b->drain_no)
            b->drain_no = ++p->drain_seq;
        b->attempts++;
        b->sender_ref = 1;
        flight_add(p, b);
        moldau__plock_unlock(&p->lock);
        b->next = NULL;
        *tail = b;
        tail = &b->next;
        n++;
    }
    acc->drain_start = np ? (start + (i < np ? i : 1)) % np : 0;
    pthread_mutex_unlock(&acc->lock);

    /* Compression and CRCs outside every lock. */
    size_t kept = 0;
    moldau__accum_batch_t *res = NULL, **rtail = &res;
    for (moldau__accum_batch_t *b = head, *next; b; b = next) {
        next = b->next;
        moldau_err_t err = finish(b, b->restamp);
        b->restamp = 0;
        if (err) {
            moldau__accum_complete(acc, b, err, -1, -1);
            continue;
        }
        b->next = NULL;
        *rtail = b;
        rtail = &b->next;
        kept++;
    }
    *out = res;
    return kept;
}

/* ---- results ----------------------------------------------------------------------------- */

/* Under part->lock: the sender lets go of the batch. Returns 1 if the batch must now be freed
 * (it was reported and its sink owner is done with it). */
static int sender_release(moldau__accum_part_t *p, moldau__accum_batch_t *b)
{
    flight_remove(p, b);
    b->sender_ref = 0;
    return b->reported && b->released;
}

void moldau__accum_complete(moldau__accum_t *acc, moldau__accum_batch_t *batch, moldau_err_t err,
                            int64_t base_offset, int64_t log_append_time)
{
    moldau__accum_part_t *p = batch->part;
    moldau__plock_lock(&p->lock);
    int free_now = sender_release(p, batch);
    if (batch->reported) {
        moldau__plock_unlock(&p->lock);
        if (free_now)
            batch_free(batch);
        return;
    }
    int64_t mem = mark_reported(p, batch, err, base_offset, log_append_time);
    moldau__plock_unlock(&p->lock);
    batch->rnext = NULL;
    report_list(acc, batch, mem);
}

void moldau__accum_requeue(moldau__accum_t *acc, moldau__accum_batch_t *batch)
{
    moldau__accum_part_t *p = batch->part;
    moldau__plock_lock(&p->lock);
    int free_now = sender_release(p, batch);
    if (batch->reported) {
        moldau__plock_unlock(&p->lock);
        if (free_now)
            batch_free(batch);
        return;
    }
    /* Ahead of the batches never sent, after the retries drained before it. */
    moldau__accum_batch_t **at = &p->qhead;
    while (*at && (*at)->drain_no && (*at)->drain_no < batch->drain_no)
        at = &(*at)->qnext;
    batch->qnext = *at;
    *at = batch;
    if (!batch->qnext)
        p->qtail = batch;
    moldau__plock_unlock(&p->lock);
    wake(acc);
}

int moldau__accum_batch_expired(const moldau__accum_t *acc, const moldau__accum_batch_t *batch,
                                int64_t now_ms)
{
    return now_ms >= batch->created_ms + acc->conf.delivery_timeout_ms;
}

/* Reports err for the batches that are due (all with all=1), oldest first per partition.
 * unsure=1: only the queued batches with `unsure` set, each with that error. */
static size_t fail_batches(moldau__accum_t *acc, moldau_err_t err, int64_t now_ms, int all,
                           int in_flight, int unsure)
{
    moldau__accum_batch_t *list = NULL, **tail = &list;
    int64_t mem = 0;
    pthread_mutex_lock(&acc->lock);
    for (size_t i = 0; i < acc->n_parts; i++) {
        moldau__accum_part_t *p = acc->parts[i];
        moldau__plock_lock(&p->lock);
        if (in_flight) {
            for (moldau__accum_batch_t *b = p->fhead; b; b = b->fnext) {
                if (b->reported || (!all && !moldau__accum_batch_expired(acc, b, now_ms)))
                    continue;
                mem += mark_reported(p, b, err, -1, -1);
                *tail = b;
                tail = &b->rnext;
            }
        }
        for (moldau__accum_batch_t **at = &p->qhead, *b; (b = *at);) {
            if (unsure ? !b->unsure : !all && !moldau__accum_batch_expired(acc, b, now_ms)) {
                at = &b->qnext;
                continue;
            }
            *at = b->qnext;
            if (p->qtail == b)
                p->qtail = NULL; /* fixed below */
            b->qnext = NULL;
            mem += mark_reported(p, b, unsure ? b->unsure : err, -1, -1);
            *tail = b;
            tail = &b->rnext;
        }
        if (!p->qtail) /* re-find the tail after removals */
            for (moldau__accum_batch_t *b = p->qhead; b; b = b->qnext)
                p->qtail = b;
        moldau__accum_batch_t *o = p->open;
        if (o && o->b.count && !unsure && (all || moldau__accum_batch_expired(acc, o, now_ms))) {
            p->open = NULL;
            mem += mark_reported(p, o, err, -1, -1);
            *tail = o;
            tail = &o->rnext;
        }
        moldau__plock_unlock(&p->lock);
    }
    pthread_mutex_unlock(&acc->lock);
    *tail = NULL;
    return report_list(acc, list, mem);
}

size_t moldau__accum_expire(moldau__accum_t *acc, int64_t now_ms, int in_flight)
{
    return fail_batches(acc, MOLDAU_ERR__MSG_TIMED_OUT, now_ms, 0, in_flight, 0);
}

size_t moldau__accum_purge(moldau__accum_t *acc, moldau_err_t err, int in_flight)
{
    return fail_batches(acc, err, 0, 1, in_flight, 0);
}

size_t moldau__accum_fail_unsure(moldau__accum_t *acc)
{
    return fail_batches(acc, MOLDAU_ERR_NONE, 0, 0, 0, 1);
}

void moldau__accum_batch_destroy(moldau__accum_t *acc, moldau__accum_batch_t *batch)
{
    (void)acc;
    moldau__accum_part_t *p = batch->part;
    moldau__plock_lock(&p->lock);
    batch->released = 1;
    int free_now = !batch->sender_ref;
    moldau__plock_unlock(&p->lock);
    if (free_now)
        batch_free(batch);
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
