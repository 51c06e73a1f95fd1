/*
 * isolation.level=read_committed: which fetched batches belong to aborted transactions.
 *
 * A Fetch answer at isolation level 1 stops at the last stable offset and lists, per partition,
 * the transactions aborted in the range it returns (producer id, first offset). Walking the
 * batches in offset order, a producer's transaction is aborted from its first offset until
 * that producer's ABORT control batch: its transactional batches in between are dropped. A
 * producer's committed transactions and non-transactional batches are never in the list, so
 * they are kept. Pure (no I/O); the state lives for one partition's record set.
 */
#ifndef MOLDAU_CONSUMER_ABORTED_H
#define MOLDAU_CONSUMER_ABORTED_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/protocol.h"

typedef struct moldau__aborted {
    const moldau_fetch_response_aborted_transaction_t *txns; /* by first_offset */
    size_t n, next;          /* txns[next..n) not started yet */
    int64_t *open;           /* producer ids of aborted transactions under way */
    size_t n_open, cap_open;
} moldau__aborted_t;

/* Sets a up for `txns` (NULL/0: nothing aborted), a sorted copy made in arena when they are
 * not in order. Returns 0, or -1 when out of memory. */
int moldau__aborted_init(moldau__aborted_t *a, moldau_arena_t *arena,
                         const moldau_fetch_response_aborted_transaction_t *txns, int32_t n);
/* Whether batch b (the next in offset order) is to be dropped: a transactional data batch of a
 * producer whose aborted transaction is open. A control batch is looked at (an ABORT marker
 * closes its producer's transaction) and returns 1: control batches are never the
 * application's. -1 when out of memory. */
int moldau__aborted_skip(moldau__aborted_t *a, const moldau_batch_t *b);
void moldau__aborted_free(moldau__aborted_t *a);

#endif
