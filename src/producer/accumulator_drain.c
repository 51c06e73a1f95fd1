/* The accumulator, the sender's side: which partitions are ready, draining their batches into
 * requests, and the results (complete, requeue, expiry, purge). See accumulator.c for the
 * locks. */
#include <stdlib.h>

#include "producer/accumulator_internal.h"

/* ---- readiness --------------------------------------------------------------------------- */

/* Under part->lock: 1 if the partition has a batch to send now. Lowers *next to when its open
 * batch will be ready, if it is not yet (also behind queued batches: the sender arms its timer
 * for it while draining those). */
static int head_ready(moldau__accum_t *acc, moldau__accum_part_t *p, int64_t now_ms,
                      int64_t *next)
{
    int ready = !moldau__fifo_empty(&p->queue);
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
    for (const moldau__accum_batch_t *b = p->queue.head; b; b = b->qnext)
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
    MOLDAU__FIFO(moldau__accum_batch_t) drained = {0}; /* through next */
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
        moldau__accum_batch_t *b = p->queue.head ? p->queue.head : p->open;
        size_t size = b->b.finished ? b->len : moldau_batch_builder_size(&b->b);
        size_t cost = size + p->topic_len + MOLDAU__ACCUM_REQUEST_OVERHEAD;
        if (n > 0 && total + cost > max_bytes) {
            moldau__plock_unlock(&p->lock);
            break; /* this partition goes first next time */
        }
        total += cost;
        if (p->queue.head) {
            moldau__fifo_pop(&p->queue, b, qnext);
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
        moldau__fifo_push(&drained, b, next);
        n++;
    }
    acc->drain_start = np ? (start + (i < np ? i : 1)) % np : 0;
    pthread_mutex_unlock(&acc->lock);

    /* Compression and CRCs outside every lock. */
    size_t kept = 0;
    MOLDAU__FIFO(moldau__accum_batch_t) res = {0};
    for (moldau__accum_batch_t *b = drained.head, *next; b; b = next) {
        next = b->next;
        moldau_err_t err = finish(b, b->restamp);
        b->restamp = 0;
        if (err) {
            moldau__accum_complete(acc, b, err, -1, -1);
            continue;
        }
        moldau__fifo_push(&res, b, next);
        kept++;
    }
    *out = res.head;
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
            moldau__accum_batch_free(batch);
        return;
    }
    int64_t mem = mark_reported(p, batch, err, base_offset, log_append_time);
    moldau__plock_unlock(&p->lock);
    batch->rnext = NULL;
    moldau__accum_report_list(acc, batch, mem);
}

void moldau__accum_requeue(moldau__accum_t *acc, moldau__accum_batch_t *batch)
{
    moldau__accum_part_t *p = batch->part;
    moldau__plock_lock(&p->lock);
    int free_now = sender_release(p, batch);
    if (batch->reported) {
        moldau__plock_unlock(&p->lock);
        if (free_now)
            moldau__accum_batch_free(batch);
        return;
    }
    /* Ahead of the batches never sent, after the retries drained before it. */
    moldau__accum_batch_t **at = &p->queue.head;
    while (*at && (*at)->drain_no && (*at)->drain_no < batch->drain_no)
        at = &(*at)->qnext;
    batch->qnext = *at;
    *at = batch;
    if (!batch->qnext)
        p->queue.tail = batch;
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
    MOLDAU__FIFO(moldau__accum_batch_t) list = {0}; /* through rnext */
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
                moldau__fifo_push(&list, b, rnext);
            }
        }
        for (moldau__accum_batch_t **at = &p->queue.head, *b; (b = *at);) {
            if (unsure ? !b->unsure : !all && !moldau__accum_batch_expired(acc, b, now_ms)) {
                at = &b->qnext;
                continue;
            }
            *at = b->qnext;
            if (p->queue.tail == b)
                p->queue.tail = NULL; /* fixed below */
            b->qnext = NULL;
            mem += mark_reported(p, b, unsure ? b->unsure : err, -1, -1);
            moldau__fifo_push(&list, b, rnext);
        }
        if (!p->queue.tail) /* re-find the tail after removals */
            for (moldau__accum_batch_t *b = p->queue.head; b; b = b->qnext)
                p->queue.tail = b;
        moldau__accum_batch_t *o = p->open;
        if (o && o->b.count && !unsure && (all || moldau__accum_batch_expired(acc, o, now_ms))) {
            p->open = NULL;
            mem += mark_reported(p, o, err, -1, -1);
            moldau__fifo_push(&list, o, rnext);
        }
        moldau__plock_unlock(&p->lock);
    }
    pthread_mutex_unlock(&acc->lock);
    return moldau__accum_report_list(acc, list.head, mem);
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
        moldau__accum_batch_free(batch);
}

