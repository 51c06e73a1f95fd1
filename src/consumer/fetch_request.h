/*
 * The fetch state of an assigned partition, and the Fetch request the fetcher builds for one
 * broker from the partitions that broker leads. Pure (no I/O): the fetcher (reactor thread)
 * owns the partitions and decides which are ready (position known, not paused, none in
 * flight, led by that broker).
 *
 * Topics are named by name before Fetch v13 and by id from v13 (the id comes from the
 * metadata cache); a partition whose topic id is not known yet is left out of a v13+ request
 * (it waits for the metadata) rather than sent unnamed.
 */
#ifndef MOLDAU_CONSUMER_FETCH_REQUEST_H
#define MOLDAU_CONSUMER_FETCH_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/protocol.h"

typedef struct moldau__cpart {
    const char *topic;      /* the consumer's copy */
    int32_t partition;
    moldau_uuid_t topic_id; /* zero until the metadata names it */
    int64_t position;       /* the next offset to fetch */
    int32_t leader_epoch;   /* the cached leader's epoch (fencing, v9+), -1 unknown */
    int32_t last_fetched_epoch; /* the leader epoch of the record before position (v12+:
                                 * the broker answers a divergence, KIP-320), -1 unknown */
} moldau__cpart_t;

typedef struct moldau__fetch_conf {
    int32_t min_bytes;           /* fetch.min.bytes */
    int32_t max_wait_ms;         /* fetch.max.wait.ms */
    int32_t max_bytes;           /* fetch.max.bytes */
    int32_t partition_max_bytes; /* max.partition.fetch.bytes */
    int8_t isolation_level;      /* 0 read_uncommitted, 1 read_committed */
    const char *rack_id;         /* client.rack (v11+, KIP-392), "" none */
} moldau__fetch_conf_t;

/* Builds in `arena` the request for parts[0..n) (sorted or not: partitions of one topic are
 * grouped) at `version`, bounded by `granted` bytes (the prefetch room reserved for it): the
 * request's max_bytes is capped by it (which bounds every partition too; the partitions'
 * max.partition.fetch.bytes stays as configured, so that it never changes a fetch session's
 * partition state). A sessionless request (session id 0, epoch -1): fetch_session.h sets them. Returns the number of partitions
 * put in the request (0: nothing to send), or -1 when out of memory. */
int moldau__fetch_request_build(moldau_arena_t *arena, int16_t version,
                                const moldau__cpart_t *const *parts, size_t n,
                                const moldau__fetch_conf_t *fc, size_t granted,
                                moldau_fetch_request_t *out);

/* The partition of parts[0..n) that a response's topic and partition name (by name before
 * v13, by id from v13; a zero id names none), or NULL. */
const moldau__cpart_t *moldau__fetch_response_part(const moldau__cpart_t *const *parts, size_t n,
                                                   int16_t version,
                                                   const moldau_fetch_response_topic_t *t,
                                                   int32_t partition);

#endif
