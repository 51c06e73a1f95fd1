/*
 * What the admin calls share: the handle, their timeout, and the one-allocation results.
 *
 * A call builds its requests with the request helper (client/request.h), sends them with
 * moldau__request_sync (one) or moldau__request_sync_many (one per broker or coordinator),
 * and builds its result with moldau__admin_result_new: strings copied into the result's
 * arena, or pointing into a response handed over with moldau__admin_result_keep.
 */
#ifndef MOLDAU_ADMIN_ADMIN_INTERNAL_H
#define MOLDAU_ADMIN_ADMIN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "client/request.h"
#include "moldau/admin.h"

struct moldau_admin {
    moldau_client_t *client;
    int default_timeout_ms; /* default.api.timeout.ms */
};

/* timeout_ms as the caller gave it, -1 (or any negative): default.api.timeout.ms. */
int moldau__admin_timeout(const moldau_admin_t *a, int timeout_ms);
/* The absolute deadline (moldau__now_ms) of a call, and the milliseconds left until it (at
 * least 1, so a request always gets one attempt). */
int64_t moldau__admin_deadline(const moldau_admin_t *a, int timeout_ms);
int moldau__admin_left(int64_t deadline);

/* A zeroed result struct of `size` bytes, freed with moldau_admin_result_free; NULL when out
 * of memory. Its arena holds what it points to. */
void *moldau__admin_result_new(size_t size);
moldau_arena_t *moldau__admin_result_arena(void *result);
/* The result takes resp over (freed with it), so the result may point into resp's arena.
 * MOLDAU_ERR__NO_MEMORY frees resp. */
moldau_err_t moldau__admin_result_keep(void *result, moldau__response_t *resp);
/* An array of n pointers to zeroed structs of elem_size, in the result's arena (NULL when out
 * of memory). For the `items` arrays of results. */
void **moldau__admin_result_items(void *result, size_t n, size_t elem_size);
/* A copy of s (NULL stays NULL) in the result's arena; *oom set when out of memory. */
const char *moldau__admin_result_str(void *result, const char *s, int *oom);

/* An item's errmsg: the broker's message when it sent one, else moldau_err_str(err); NULL for
 * MOLDAU_ERR_NONE. msg must live as long as the result (in its arena or a kept response). */
const char *moldau__admin_errmsg(moldau_err_t err, const char *msg);

/* A config entry in the result's arena (synonyms none), name and value as given (they must
 * live as long as the result); NULL when out of memory. */
moldau_admin_config_entry_t *moldau__admin_config_entry(void *result, const char *name,
                                                        const char *value, int8_t source,
                                                        int read_only, int sensitive);

/* Checks resources[i] of a config call (moldau_admin_resource_type_t, name) and sets *node to
 * the broker it must go to (-1: any). MOLDAU_ERR__INVALID_ARG (logged, naming `call`). */
moldau_err_t moldau__admin_resource_check(moldau_admin_t *a, const char *call, size_t i,
                                          int type, const char *name, int32_t *node);
/* The distinct values of node_of[0..n) into nodes (room for n), in first-seen order; their
 * count. */
size_t moldau__admin_distinct_nodes(const int32_t *node_of, size_t n, int32_t *nodes);
/* Targets req at node (-1: any broker). */
moldau_err_t moldau__admin_request_to(moldau__request_t *req, int32_t node);

/* Builds the request of a fanned-out call for the items that go to node (not yet targeted);
 * NULL when out of memory. */
typedef moldau__request_t *(*moldau__admin_build_fn)(void *ctx, int32_t node);
/* Sends one request per distinct node_of[i] (-1: any broker), all at once, and waits for
 * them: err_of[i] and resp_of[i] are the answer that covers item i (resp_of[i] NULL on a
 * local error). res (an admin result) takes the responses over. MOLDAU_ERR_NONE, or
 * MOLDAU_ERR__TIMED_OUT / MOLDAU_ERR__NO_MEMORY for the whole call. */
moldau_err_t moldau__admin_fanout(moldau_admin_t *a, const int32_t *node_of, size_t n,
                                  int timeout_ms, moldau__admin_build_fn build, void *ctx,
                                  void *res, moldau_err_t *err_of,
                                  const moldau__response_t **resp_of);

/* Logs at debug level (debug=admin). */
void moldau__admin_dbg(moldau_admin_t *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
