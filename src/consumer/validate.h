/*
 * Position validation after a leader change (KIP-320, as the Java client's AWAIT_VALIDATION):
 * when metadata shows a new leader epoch for a partition whose position carries the epoch of
 * the record before it, the partition stops fetching and its new leader is asked, with
 * OffsetForLeaderEpoch (one request per broker), where its log for that epoch ends. Ending
 * below the position means the log was truncated under us (an unclean election): an error
 * event MOLDAU_ERR__LOG_TRUNCATION with auto.offset.reset=none, else the position moves to the
 * divergence point. Otherwise fetching resumes where it was. Reactor thread throughout.
 */
#ifndef MOLDAU_CONSUMER_VALIDATE_H
#define MOLDAU_CONSUMER_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"

typedef struct moldau_consumer moldau_consumer_t;
typedef struct moldau__validator moldau__validator_t;

moldau__validator_t *moldau__validator_new(moldau_consumer_t *c);
/* No request is sent any more (answers still to come only free what they hold). */
void moldau__validator_stop(moldau__validator_t *v);
/* After the client is closed (every answer came). NULL is ignored. */
void moldau__validator_free(moldau__validator_t *v);

/* The fetcher's hook, for partition idx (not busy, stopped or paused) whose leader is `node`
 * at leader epoch `epoch` by the latest metadata, called before the partition's cached
 * epoch is updated. Returns 1 when the partition awaits validation: not fetched then. Lock
 * held. */
int moldau__validate_due(moldau_consumer_t *c, size_t idx, int32_t epoch, int32_t node);

/* What one partition's answer means for a position (pure: unit tested). */
typedef enum moldau__validation {
    MOLDAU__VALIDATION_OK,        /* the leader's log holds the position: fetch on */
    MOLDAU__VALIDATION_TRUNCATED, /* it ends below the position, at end_offset */
    MOLDAU__VALIDATION_UNDEFINED, /* the leader knows no end for the epoch: no divergence point */
    MOLDAU__VALIDATION_RETRY,     /* stale leader or epoch: refresh metadata, ask again */
    MOLDAU__VALIDATION_SKIP,      /* the broker cannot validate (too old): fetch on */
    MOLDAU__VALIDATION_FAILED     /* any other error: reported */
} moldau__validation_t;

moldau__validation_t moldau__validation_of(moldau_err_t err, int64_t position, int32_t end_epoch,
                                           int64_t end_offset);

#endif
