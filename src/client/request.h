/*
 * Requests of the consumer and the admin client (and moldau_client_metadata): one request to
 * any broker, a given node, the controller, or the coordinator of a group or transactional id,
 * retried within its timeout while the target moves.
 *
 * Life of a request:
 *   req = moldau__request_new(client, api_key, encode, decode, error);
 *   build the request struct in moldau__request_arena(req) (strings, arrays: copies of the
 *   caller's), then moldau__request_set_body(req, body) and moldau__request_target(...);
 *   then either moldau__request_sync (application thread: waits) or moldau__request_async
 *   (reactor thread: a callback). Both take the request over: nothing of the caller's is read
 *   after they return, and the request's arena lives until the request is done on the reactor.
 *
 * It is encoded at the version negotiated with the broker it goes to, and its response decoded
 * into an arena of its own, which the caller receives (moldau__response_t, freed with
 * moldau__response_free).
 *
 * Retries: when error(response) is NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE,
 * COORDINATOR_LOAD_IN_PROGRESS or NOT_CONTROLLER, or the connection to a coordinator or
 * controller is lost (or the node is not a known broker yet), the request is sent again after
 * retry.backoff.ms (doubling up to retry.backoff.max.ms) while its timeout allows: a
 * coordinator's cache entry is forgotten first (so the next attempt asks FindCoordinator
 * again), a lost controller asks for a metadata refresh (throttled) to learn the new one. A
 * request to any broker or to a given node is never retried here. When the timeout leaves no
 * room for another attempt, the last answer is returned as it is.
 */
#ifndef MOLDAU_CLIENT_REQUEST_H
#define MOLDAU_CLIENT_REQUEST_H

#include <stdint.h>

#include "moldau/client.h"
#include "moldau/protocol.h"

typedef struct moldau__request moldau__request_t;

typedef enum moldau__target {
    MOLDAU__TARGET_ANY,        /* the least loaded UP broker */
    MOLDAU__TARGET_NODE,       /* a node id */
    MOLDAU__TARGET_CONTROLLER, /* the controller id of the latest metadata */
    MOLDAU__TARGET_GROUP,      /* the coordinator of a consumer group (key: the group id) */
    MOLDAU__TARGET_TXN         /* the coordinator of a transactional id */
} moldau__target_t;

/* Writes the request body (the struct given to moldau__request_set_body) for `version`. */
typedef moldau_err_t (*moldau__request_encode_fn)(moldau_buf_t *w, int16_t version,
                                                  const void *body);
/* Decodes the response body into *out, allocated in arena (the response's: every pointer
 * into it lives as long as the response). */
typedef moldau_err_t (*moldau__request_decode_fn)(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *arena, void **out);
/* The encode and decode functions for a codec pair, e.g.
 *   MOLDAU__REQUEST_CODEC(md, moldau_metadata_request_t, moldau_metadata_request_encode,
 *                         moldau_metadata_response_t, moldau_metadata_response_decode)
 * defines static md_encode and md_decode (the response struct allocated in the arena). The
 * halves alone: MOLDAU__REQUEST_ENCODER(name, ...), MOLDAU__REQUEST_DECODER(name, ...). */
#define MOLDAU__REQUEST_ENCODER(name, req_type, encode_fn)                                     \
    static moldau_err_t name(moldau_buf_t *w, int16_t version, const void *body)               \
    {                                                                                          \
        return encode_fn(w, version, (const req_type *)body);                                  \
    }
#define MOLDAU__REQUEST_DECODER(name, resp_type, decode_fn)                                    \
    static moldau_err_t name(moldau_reader_t *r, int16_t version, moldau_arena_t *arena,       \
                             void **out)                                                       \
    {                                                                                          \
        resp_type *resp = moldau_arena_calloc(arena, 1, sizeof(*resp));                        \
        if (!resp)                                                                             \
            return MOLDAU_ERR__NO_MEMORY;                                                      \
        *out = resp;                                                                           \
        return decode_fn(r, version, arena, resp);                                             \
    }
#define MOLDAU__REQUEST_CODEC(prefix, req_type, encode_fn, resp_type, decode_fn)                \
    MOLDAU__REQUEST_ENCODER(prefix##_encode, req_type, encode_fn)                              \
    MOLDAU__REQUEST_DECODER(prefix##_decode, resp_type, decode_fn)

/* The error of a decoded response that decides a retry (e.g. its top-level error code). */
typedef moldau_err_t (*moldau__request_error_fn)(const void *body, int16_t version);

/* A decoded response; the caller's, freed with moldau__response_free (everything is in its
 * arena). */
typedef struct moldau__response {
    void *body;        /* what decode returned */
    int16_t version;   /* the version it was sent with */
    int32_t node_id;   /* the broker that answered (-1 for MOLDAU__TARGET_ANY) */
    int attempts;      /* 1 + retries */
    moldau_arena_t arena;
} moldau__response_t;

void moldau__response_free(moldau__response_t *resp);

/* A request for api_key, or NULL when out of memory. encode and decode are required; error
 * may be NULL (no retry on a response's error then). */
moldau__request_t *moldau__request_new(moldau_client_t *c, int16_t api_key,
                                       moldau__request_encode_fn encode,
                                       moldau__request_decode_fn decode,
                                       moldau__request_error_fn error);
/* The arena to build the request struct in; freed with the request. */
moldau_arena_t *moldau__request_arena(moldau__request_t *req);
/* body: the request struct (in the arena, or otherwise living as long as the request). */
void moldau__request_set_body(moldau__request_t *req, const void *body);
/* Where it goes (default: any broker). node_id for MOLDAU__TARGET_NODE, key for GROUP and TXN
 * (copied into the request's arena). MOLDAU_ERR__NO_MEMORY or MOLDAU_ERR_NONE. */
moldau_err_t moldau__request_target(moldau__request_t *req, moldau__target_t target,
                                    int32_t node_id, const char *key);
/* How long one attempt may wait for its answer once sent (default, 0: request.timeout.ms),
 * for a request the broker holds on purpose: JoinGroup waits up to the rebalance timeout. */
void moldau__request_set_attempt_timeout(moldau__request_t *req, int timeout_ms);
/* Frees a request that was never handed to _sync or _async. NULL is ignored. */
void moldau__request_destroy(moldau__request_t *req);

/* Application threads, callbacks served by poll included (never the reactor's thread: in
 * application-driven mode the poll functions serve callbacks with the reactor released, so a
 * callback may wait here, e.g. commit from a rebalance callback). Sends the request
 * and waits for it, retries included, up to timeout_ms (-1: request.timeout.ms). Returns
 * MOLDAU_ERR_NONE with *out, MOLDAU_ERR__TIMED_OUT, a transport or codec error, or the
 * response's error (error fn) when retries did not clear it: *out is then set as well. *out,
 * when set, is the caller's. Takes the request over, even on error. */
moldau_err_t moldau__request_sync(moldau__request_t *req, int timeout_ms,
                                  moldau__response_t **out);

/* Application threads, as _sync: sends n requests of one client at once (n >= 1; e.g. one per
 * broker or per coordinator) and waits for all of them, up to timeout_ms (-1: request.timeout.ms).
 * errs[i] and outs[i] are request i's answer as _sync would give it (outs[i], when set, is the
 * caller's). Returns MOLDAU_ERR_NONE once every request has answered, or MOLDAU_ERR__TIMED_OUT
 * (errs[] all MOLDAU_ERR__TIMED_OUT and outs[] NULL then), MOLDAU_ERR__NO_MEMORY. Takes the
 * requests over (reqs[] itself stays the caller's), even on error. */
moldau_err_t moldau__request_sync_many(moldau__request_t **reqs, size_t n, int timeout_ms,
                                       moldau_err_t *errs, moldau__response_t **outs);

/* err MOLDAU_ERR_NONE or the response's error with resp (the callee's: free it with
 * moldau__response_free), or a local error with resp NULL (MOLDAU_ERR__TIMED_OUT,
 * MOLDAU_ERR__TRANSPORT, MOLDAU_ERR__DESTROYED when the client closes, ...). */
typedef void (*moldau__request_cb)(moldau_err_t err, moldau__response_t *resp, void *opaque);

/* Reactor thread. As _sync, answered through cb on the reactor thread, exactly once, never from
 * inside this call (unless the reactor's timer heap cannot grow: MOLDAU_ERR__NO_MEMORY at
 * once). The first attempt goes out from the reactor's next iteration. Takes the request over,
 * even on error. */
void moldau__request_async(moldau__request_t *req, int timeout_ms, moldau__request_cb cb,
                           void *opaque);

/* For client.c: fails the requests waiting for a retry with MOLDAU_ERR__DESTROYED (reactor
 * thread, before the cluster is destroyed; the others fail through the cluster). */
void moldau__requests_shutdown(moldau_client_t *c);

#endif
