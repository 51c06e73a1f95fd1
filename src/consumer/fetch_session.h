/*
 * Incremental fetch sessions (KIP-227): what one broker's fetch session holds, and the Fetch
 * request built against it. Pure (no I/O); the fetcher keeps one per broker (reactor thread).
 *
 * The first request of a session is full (session id 0, epoch 0: every partition; the broker
 * answers with the new session's id, or 0 when it keeps none). The next ones are incremental
 * (the id, epochs 1, 2, ... wrapping past INT32_MAX to 1) and carry only the partitions whose
 * fetch state differs from what the session holds (added, or a new fetch offset, leader epoch,
 * last fetched epoch or size), and the ones left out as forgotten. The broker does not move a
 * session's fetch offset by itself: a partition that returned records is sent again with its
 * new position, one that returned nothing is not. An incremental answer lists only partitions
 * with records, errors or changed watermarks.
 *
 * Any failure (a lost connection, a session error, any error of the answer) resets the
 * session: the next request is full on a new one. So does a change of the Fetch version
 * (topics by name before v13, by id from v13). Before v7 there are no sessions: every
 * request is full and sessionless.
 *
 * The partitions are kept in a hash table keyed by (topic, partition): a request costs
 * O(partitions given + table size) in the session and O(partitions sent) on the wire.
 */
#ifndef MOLDAU_CONSUMER_FETCH_SESSION_H
#define MOLDAU_CONSUMER_FETCH_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "consumer/fetch_request.h"

typedef struct moldau__fsess_entry moldau__fsess_entry_t;

typedef struct moldau__fetch_session {
    int32_t id;       /* 0: none, the next request is full */
    int32_t epoch;    /* of the next request */
    int16_t version;  /* the Fetch version the entries were named at, -1 none */
    moldau__fsess_entry_t *tab; /* open addressing, cap a power of two */
    size_t n, cap;
    uint32_t build;   /* counts builds (marks the partitions of the latest) */
    /* the latest build, for the debug log and tests */
    int last_full;
    int32_t last_sent, last_forgotten;
    int64_t full_requests, incremental_requests, resets;
} moldau__fetch_session_t;

void moldau__fetch_session_init(moldau__fetch_session_t *s);
void moldau__fetch_session_free(moldau__fetch_session_t *s);
/* The next request is full, on a new session. */
void moldau__fetch_session_reset(moldau__fetch_session_t *s);

/* Builds in `arena` the request for parts[0..n) (the whole set of partitions to fetch from this
 * broker now) at `version`, against the session (see above; sizes as
 * moldau__fetch_request_build). Records the new state in the session: call it once per
 * request sent, then moldau__fetch_session_answered or _reset. Returns the number of
 * partitions written in the request (0 is a valid incremental request), or -1 when out of
 * memory (the session is then reset). */
int moldau__fetch_session_build(moldau__fetch_session_t *s, moldau_arena_t *arena,
                                int16_t version, const moldau__cpart_t *const *parts, size_t n,
                                const moldau__fetch_conf_t *fc, size_t granted,
                                moldau_fetch_request_t *out);
/* The answer to the latest request came, with its top-level error and session id: an error
 * resets the session, else the next request is incremental (when the broker gave an id). */
void moldau__fetch_session_answered(moldau__fetch_session_t *s, moldau_err_t err,
                                    int32_t session_id);
/* The index in the latest build's parts of the partition a response's topic and partition
 * name (by name before v13, by id from v13), or SIZE_MAX. */
size_t moldau__fetch_session_slot(const moldau__fetch_session_t *s,
                                  const moldau_fetch_response_topic_t *t, int32_t partition);

#endif
