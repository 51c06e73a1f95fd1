/*
 * Idempotence (enable.idempotence): the producer id and epoch, and what a sequence error
 * means. Reactor thread only.
 *
 * What is implemented
 *  - InitProducerId (any broker, no transactional id) before the first drain; retried with
 *    backoff on retriable and transport errors; a non-retriable answer is fatal: every record
 *    queued then and later fails with that error.
 *  - Every drained batch carries the id, epoch and its partition's next base sequence; at most
 *    min(5, max.in.flight) batches of a partition are in flight. A retriable failure puts the
 *    batch back at the head of its partition's queue with the same sequence and mutes the
 *    partition until all of its in-flight batches are answered and the backoff passed, so
 *    later batches never overtake it.
 *  - A partition's first batch of an id/epoch (sequence 0) goes alone: a broker without
 *    state for the producer on that partition accepts any sequence, so a later batch could
 *    otherwise be written before a lost first one.
 *  - DUPLICATE_SEQUENCE_NUMBER: success (the broker has the batch; offset as given, else -1).
 *  - OUT_OF_ORDER_SEQUENCE_NUMBER / UNKNOWN_PRODUCER_ID on a batch B of partition P:
 *      * if an earlier batch of P (lower sequence) is queued for a retry or still in flight,
 *        B's rejection is explained by it: B is retried after it, same sequence;
 *      * OUT_OF_ORDER_SEQUENCE_NUMBER when B is next in line (every earlier sequence of the
 *        epoch acknowledged, no bump pending) and an earlier attempt of B had an unknown
 *        outcome: the broker's last sequence is past the acknowledged ones, and only B's own
 *        attempt can have put it there, so B is in the log. The broker answers so when it no
 *        longer has B among the batches it remembers for duplicates (the last five; only the
 *        last one after it restarts from a snapshot). B is delivered, offset -1: a new epoch
 *        would write it a second time. This holds with acks=all (which idempotence forces)
 *        and without unclean leader election, which can lose acknowledged batches;
 *      * otherwise (KIP-360) the epoch is bumped: draining stops, every in-flight batch is
 *        answered first, then InitProducerId with the current id and epoch (v3+; older
 *        brokers give a new id, which serves the same purpose; a refused bump asks for a
 *        new id too), every partition's sequence
 *        goes back to 0 and queued batches, B included, are re-stamped in queue order when
 *        next drained. Nothing is reordered and no record is reported twice.
 *  - A batch of a partition that fails for good (retries exhausted, delivery.timeout.ms,
 *    a non-retriable error) leaves a gap in that partition's sequences: the epoch is bumped the
 *    same way before the next drain.
 *  - Unknown outcomes. An attempt that ends without the partition's leader saying it did not
 *    append (a timeout, REQUEST_TIMED_OUT, NOT_ENOUGH_REPLICAS_AFTER_APPEND, a lost
 *    connection, an unreadable response, ...) may have been written: the batch is marked
 *    unsure (batch->unsure, the error of that attempt); a sequence error does not clear it
 *    (the broker may have forgotten a batch it has). Within one epoch an unsure batch goes again with its own id,
 *    epoch and sequence, so the broker deduplicates it (DUPLICATE_SEQUENCE_NUMBER, or the
 *    original offset). When the epoch is bumped (or a new id taken) nothing is in flight, and
 *    every queued unsure batch fails with the error of its unsure attempt (for instance
 *    REQUEST_TIMED_OUT or _TRANSPORT): exactly one report; its records may or may not be in
 *    the log. It is never re-stamped: under new sequences the broker could not recognise it
 *    and would write it a second time. The other queued batches (the broker refused their
 *    attempts) are re-stamped and sent.
 *    The Java client (KIP-360, its TransactionManager and RecordAccumulator) gets the same
 *    safety differently: a batch keeps the id, epoch and sequence of its first drain across
 *    retries (except in the partitions whose sequence error caused the bump, which the broker
 *    refused: those are rewritten), a partition's new batches wait while it has in-flight
 *    batches of the old epoch, and a retry the broker then refuses (e.g.
 *    INVALID_PRODUCER_EPOCH) fails the batch. Java may so deliver some batches that moldau
 *    fails; neither writes one twice. Java's "unresolved sequences" (a batch expired after an
 *    attempt: wait for the partition's in-flight batches, then bump unless the acknowledged
 *    sequences show no gap) are covered here by the bump after any stamped batch fails.
 * What is not
 *  - Transactions (transactional.id is refused by moldau_producer_new).
 */
#ifndef MOLDAU_PRODUCER_IDEMPOTENCE_H
#define MOLDAU_PRODUCER_IDEMPOTENCE_H

#include <stdint.h>

#include "moldau/error.h"

typedef struct moldau__sender moldau__sender_t;

typedef enum moldau__idem_state {
    MOLDAU__IDEM_OFF = 0,   /* enable.idempotence=false */
    MOLDAU__IDEM_NEED_ID,   /* InitProducerId to send (first, or a bump once nothing is in flight) */
    MOLDAU__IDEM_REQUESTING,
    MOLDAU__IDEM_READY,
    MOLDAU__IDEM_FATAL
} moldau__idem_state_t;

typedef struct moldau__idem {
    moldau__idem_state_t state;
    int64_t producer_id;    /* -1 until known */
    int16_t producer_epoch;
    int bump;               /* NEED_ID/REQUESTING for a bump (reset sequences after) */
    int64_t retry_at;       /* next InitProducerId attempt (backoff) */
    int attempts;
    moldau_err_t fatal;
} moldau__idem_t;

void moldau__idem_init(moldau__idem_t *id, int enabled);
/* Draining allowed (READY, or idempotence off). */
int moldau__idem_can_drain(const moldau__idem_t *id);
/* Asks for an epoch bump (no-op when one is pending or idempotence is off). */
void moldau__idem_request_bump(moldau__sender_t *s, const char *why);
/* From the sender's run: sends InitProducerId when one is due and nothing is in flight.
 * Returns the next time it wants to run (INT64_MAX: none). */
int64_t moldau__idem_run(moldau__sender_t *s, int64_t now_ms, int64_t batches_in_flight);

#endif
