/*
 * Idempotence (enable.idempotence): the producer id and epoch, and when the epoch is bumped.
 * Reactor thread only. The design and its reasoning: docs/idempotence.md.
 *
 * What it guarantees, with the sender (sender.c, which applies the rules to each answer):
 *  - Within a partition no batch is written twice and none overtakes an earlier one, while
 *    the broker keeps what it acknowledged (acks=all, no unclean leader election).
 *  - InitProducerId goes only when nothing is in flight, so every partition's sequences start
 *    again at 0 together; a non-retriable answer is fatal (every record fails with it).
 *  - A batch that may be in the log (an attempt with an unknown outcome: batch->unsure) is
 *    never sent under a new id or epoch: at a bump it fails with that attempt's error
 *    (reported POSSIBLY_PERSISTED); if a sequence error proves it is in the log it is
 *    delivered with offset -1 (reported PERSISTED; counted in batches_inferred).
 *  - Every batch still gets exactly one report.
 * Not implemented: transactions (transactional.id is refused by moldau_producer_new).
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
