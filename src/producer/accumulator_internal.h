/* The accumulator's insides, shared by its two halves: accumulator.c (life, memory, append,
 * partition state, counters) and accumulator_drain.c (readiness, drain, results: the sender's
 * side). Nothing outside src/producer/accumulator*.c includes this. */
#ifndef MOLDAU_PRODUCER_ACCUMULATOR_INTERNAL_H
#define MOLDAU_PRODUCER_ACCUMULATOR_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "producer/accumulator.h"
#include "producer/plock.h"
#include "util/fifo.h"

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
    MOLDAU__FIFO(moldau__accum_batch_t) queue; /* closed, waiting to be sent; through qnext */
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

static inline void wake(moldau__accum_t *acc)
{
    if (atomic_load_explicit(&acc->wake_armed, memory_order_relaxed) &&
        atomic_exchange(&acc->wake_armed, 0) && acc->wakeup)
        acc->wakeup(acc->wakeup_opaque);
}

static inline void flight_add(moldau__accum_part_t *part, moldau__accum_batch_t *b)
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

static inline void flight_remove(moldau__accum_part_t *part, moldau__accum_batch_t *b)
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
static inline int64_t mark_reported(moldau__accum_part_t *part, moldau__accum_batch_t *b,
                             moldau_err_t err, int64_t base_offset, int64_t log_append_time)
{
    b->err = err;
    if (b->in_flight && b->persisted == MOLDAU_DELIVERY_NOT_PERSISTED)
        b->persisted = MOLDAU_DELIVERY_POSSIBLY_PERSISTED; /* its attempt's outcome unknown */
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

/* Frees a batch and its bytes. */
void moldau__accum_batch_free(moldau__accum_batch_t *b);
/* After unlocking: give back space, drop the bytes nobody needs any more, report. `list` is
 * linked through rnext. */
size_t moldau__accum_report_list(moldau__accum_t *acc, moldau__accum_batch_t *list, int64_t mem);

#endif
