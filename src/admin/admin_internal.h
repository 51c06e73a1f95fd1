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
/* A zeroed result of `size` bytes that holds resp (moldau__admin_result_keep); NULL when out
 * of memory (resp freed then too). */
void *moldau__admin_result_holding(size_t size, moldau__response_t *resp);
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

/* ---- topic_results.c: the topic calls' results and assignments */

/* The name of item i of an input array `in` (not NULL: checked before). */
typedef const char *(*moldau__admin_name_fn)(const void *in, size_t i);
/* The broker's answer for topic `name` in a response body: *code and *msg (NULL: none); 0, or
 * -1 when the body does not list the topic. */
typedef int (*moldau__admin_topic_answer_fn)(const void *body, const char *name, int16_t *code,
                                             const char **msg);
/* The result of a call on topics by name, in the order of in[0..n): takes resp over (the
 * result holds it, or it is freed on error). MOLDAU_ERR_NONE or MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau__admin_topic_results(moldau__response_t *resp, const void *in, size_t n,
                                         moldau__admin_name_fn name_at,
                                         moldau__admin_topic_answer_fn answer,
                                         moldau_admin_topic_results_t **out);
/* 1 when item i of `in` cannot be sent (checked before its name is read). */
typedef int (*moldau__admin_bad_fn)(const void *in, size_t i);
/* MOLDAU_ERR__INVALID_ARG (logged, naming `call`) when in is NULL, n is 0, an item is bad or a
 * name repeats; else MOLDAU_ERR_NONE. */
moldau_err_t moldau__admin_check_named(moldau_admin_t *a, const char *call, const void *in,
                                       size_t n, moldau__admin_bad_fn bad_at,
                                       moldau__admin_name_fn name_at);
/* MOLDAU_ERR__INVALID_ARG (logged) for names NULL, n 0, or a NULL or empty name. */
moldau_err_t moldau__admin_check_names(moldau_admin_t *a, const char *call,
                                       const char *const *names, size_t n);
/* 1 when an assignment of n partitions cannot be sent: NULL with n > 0, or a partition without
 * replicas. */
int moldau__admin_replicas_bad(const moldau_admin_replicas_t *as, size_t n);
/* The broker ids of r copied into arena; NULL when out of memory. */
const int32_t *moldau__admin_replicas_copy(moldau_arena_t *arena, const moldau_admin_replicas_t *r);

/* ---- fanout.c: one request per broker, all at once */

/* node_of[i] for an item that is not to be sent (e.g. a partition without a leader). */
#define MOLDAU__ADMIN_NO_NODE INT32_MIN

/* The distinct values of node_of[0..n) but MOLDAU__ADMIN_NO_NODE into nodes (room for n), in
 * first-seen order; their count. */
size_t moldau__admin_distinct_nodes(const int32_t *node_of, size_t n, int32_t *nodes);
/* The ids of every broker of the cluster (fresh metadata), sorted, in a malloc'd array the
 * caller frees (*ids NULL when there are none). MOLDAU_ERR_NONE or the metadata's error. */
moldau_err_t moldau__admin_every_broker(moldau_admin_t *a, int64_t deadline, int32_t **ids,
                                        size_t *n);
/* Targets req at node (-1: any broker). */
moldau_err_t moldau__admin_request_to(moldau__request_t *req, int32_t node);
/* Builds the request for the items that go to node (the fanout targets it); NULL when out of
 * memory. */
typedef moldau__request_t *(*moldau__admin_build_fn)(void *ctx, int32_t node);
/* Sends one request per distinct node_of[i] (-1: any broker; MOLDAU__ADMIN_NO_NODE: item i is
 * not sent, its err_of NONE and resp_of NULL), all at once, and waits for them up to
 * timeout_ms: err_of[i] and resp_of[i] are the answer that covers item i (resp_of[i] NULL on
 * a local error). res (an admin result, or a scratch one) takes the responses over.
 * MOLDAU_ERR_NONE, or MOLDAU_ERR__TIMED_OUT (no request answered) / MOLDAU_ERR__NO_MEMORY for
 * the whole call. */
moldau_err_t moldau__admin_fanout(const int32_t *node_of, size_t n, int timeout_ms,
                                  moldau__admin_build_fn build, void *ctx, void *res,
                                  moldau_err_t *err_of, const moldau__response_t **resp_of);

/* ---- config_resource.c: what the config calls share */

/* Checks resources[i] of a config call (moldau_admin_resource_type_t, name) and sets *node to
 * the broker it must go to (-1: any). MOLDAU_ERR__INVALID_ARG (logged, naming `call`). */
moldau_err_t moldau__admin_resource_check(moldau_admin_t *a, const char *call, size_t i,
                                          int type, const char *name, int32_t *node);
/* Starts item of a config call: its type and name, and its error: err (a local error: returns 1,
 * the item is done) or, until an answer says otherwise, the answer's leaving it out (returns
 * 0). -1 when out of memory. */
int moldau__admin_config_item(void *res, moldau_admin_config_resource_result_t *item,
                              moldau_admin_resource_type_t type, const char *name,
                              moldau_err_t err);
/* 1 and item's error set from (code, msg) when an answer's (type, name) is item's; else 0. */
int moldau__admin_config_answer(moldau_admin_config_resource_result_t *item, int8_t type,
                                const char *name, int16_t code, const char *msg);
/* Fills item i of a config call (its type and name as well) from its answer (err, resp: resp
 * NULL on a local error); -1 when out of memory. */
typedef int (*moldau__admin_config_fill_fn)(void *ctx, size_t i, void *res,
                                            moldau_admin_config_resource_result_t *item,
                                            moldau_err_t err, const moldau__response_t *resp);
/* The rest of a config call once its n resources are checked (node_of from
 * moldau__admin_resource_check): the fanout, then one item per resource in *out. */
moldau_err_t moldau__admin_config_call(moldau_admin_t *a, size_t n, const int32_t *node_of,
                                       int timeout_ms, moldau__admin_build_fn build,
                                       moldau__admin_config_fill_fn fill, void *ctx,
                                       moldau_admin_config_resource_results_t **out);

/* Sets req's body, sends it to any broker and waits up to timeout_ms (as the caller gave
 * it): the call's error, or the response (the caller's). Takes req over. */
moldau_err_t moldau__admin_send_any(moldau_admin_t *a, moldau__request_t *req, const void *body,
                                    int timeout_ms, moldau__response_t **resp);

/* ---- groups_common.c: calls on groups by id, one request per group to its coordinator */

/* MOLDAU_ERR__INVALID_ARG (logged, naming `call`) for groups NULL, n 0, a NULL or empty id,
 * or an id given twice; else MOLDAU_ERR_NONE. */
moldau_err_t moldau__admin_check_groups(moldau_admin_t *a, const char *call,
                                        const char *const *groups, size_t n);
/* Builds the request for group i (not yet targeted); NULL when out of memory. */
typedef moldau__request_t *(*moldau__admin_group_build_fn)(void *ctx, size_t i);
/* Sends the requests for groups[i] for each i with send[i] set (send NULL: all) to their
 * coordinators, all at once, and waits up to timeout_ms: err_of[i] and resp_of[i] as
 * moldau__admin_fanout gives them (both NONE/NULL for a group not sent). res takes the
 * responses over. MOLDAU_ERR_NONE, or MOLDAU_ERR__TIMED_OUT (none answered) /
 * MOLDAU_ERR__NO_MEMORY for the whole call. */
moldau_err_t moldau__admin_per_group(const char *const *groups, size_t n, const int *send,
                                     int timeout_ms, moldau__admin_group_build_fn build,
                                     void *ctx, void *res, moldau_err_t *err_of,
                                     const moldau__response_t **resp_of);
/* The error of a single-group response: Kafka's code, for the request's retries. */
moldau_err_t moldau__admin_code_err(int16_t code);

/* ---- groups_offsets_common.c: what the calls on a group's committed offsets share. Their
 * inputs (moldau_admin_topic_partition_t, moldau_admin_offset_commit_t) begin alike, topic
 * then partition: they are read as moldau_admin_topic_partition_t at in + i * stride. */

#define MOLDAU__ADMIN_TP_AT(in, stride, i)                                                     \
    ((const moldau_admin_topic_partition_t *)(const void *)((const char *)(in) + (i) * (stride)))

/* MOLDAU_ERR__INVALID_ARG (logged) for a NULL or empty group, in NULL with n > 0 (or n 0
 * when !may_be_empty), a NULL or empty topic, a negative partition or one given twice. */
moldau_err_t moldau__admin_check_offsets_args(moldau_admin_t *a, const char *call,
                                              const char *group, const void *in, size_t n,
                                              size_t stride, int may_be_empty);
/* Metadata of the topics of in[0..n) (every topic when n is 0), for their ids (OffsetFetch
 * and OffsetCommit v10+ name topics by id). */
moldau_err_t moldau__admin_offsets_metadata(moldau_admin_t *a, const void *in, size_t n,
                                            size_t stride, int timeout_ms, moldau_metadata_t **md);
/* The id of topic `name` in md (zero when not known: the broker answers UNKNOWN_TOPIC_ID). */
moldau_uuid_t moldau__admin_topic_id(const moldau_metadata_t *md, const char *name);
/* The name of a topic of an answer: `name`, or from v10 on the name of `id` in md (NULL:
 * not known). */
const char *moldau__admin_topic_of(const moldau_metadata_t *md, const char *name,
                                   moldau_uuid_t id);
/* A zeroed offsets result for `group` with items for in[0..n) (topic, partition; offset and
 * epoch -1; err MOLDAU_ERR__BAD_MSG until an answer covers it). NULL when out of memory. */
moldau_admin_group_offsets_t *moldau__admin_offsets_result(const char *group, const void *in,
                                                           size_t n, size_t stride);
/* The item of res for (topic, partition), or NULL. */
moldau_admin_group_offset_t *moldau__admin_offsets_item(moldau_admin_group_offsets_t *res,
                                                        const char *topic, int32_t partition);
/* Sends req (NULL: out of memory, MOLDAU_ERR__NO_MEMORY) to the coordinator of group and
 * waits: MOLDAU_ERR_NONE with *resp (the caller's) also when the answer carries an error (the
 * caller reads it from the body), else the local error. */
moldau_err_t moldau__admin_group_send(moldau__request_t *req, const char *group, int timeout_ms,
                                      moldau__response_t **resp);
/* Ends the items: a topic md does not know (sent without an id from v10 on: UNKNOWN_TOPIC_ID,
 * or left out of the answer) is UNKNOWN_TOPIC_OR_PARTITION, as by name; errmsg from err. */
void moldau__admin_offsets_finish(moldau_admin_group_offsets_t *res, const moldau_metadata_t *md);
/* Topic k of in[0..n) for each item (of[i]), the first item of each topic (first[k]) and its
 * partition count (count[k]), in arena; the number of topics, -1 when out of memory. */
int32_t moldau__admin_group_by_topic(moldau_arena_t *arena, const void *in, size_t n,
                                     size_t stride, int32_t **of, size_t **first,
                                     int32_t **count);

/* ---- groups_log_offsets.c: partitions' offsets by time at their leaders (ListOffsets) */

/* For each tps[i], the offset of times[i] (a time in ms or MOLDAU_LIST_OFFSETS_EARLIEST /
 * _LATEST) at its leader (found in fresh metadata; all leaders at once) into offsets[i]
 * (-1: none, e.g. a time after the last record) and errs[i] (e.g. UNKNOWN_TOPIC_OR_PARTITION,
 * LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER). MOLDAU_ERR_NONE, or the call's error. */
moldau_err_t moldau__admin_log_offsets(moldau_admin_t *a, const moldau_admin_topic_partition_t *tps,
                                       const int64_t *times, size_t n, int timeout_ms,
                                       int64_t *offsets, moldau_err_t *errs);

/* The leader of each tps[i] in md into node[i] (MOLDAU__ADMIN_NO_NODE with errs[i] set, e.g.
 * UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, when there is none). */
void moldau__admin_leaders(const moldau_metadata_t *md, const moldau_admin_topic_partition_t *tps,
                           size_t n, int32_t *node, moldau_err_t *errs);
/* MOLDAU_ERR__INVALID_ARG (logged, naming `call`) for tps NULL with n > 0 (or n 0 unless
 * may_be_empty), a NULL or empty topic, a partition below 0 or given twice. */
moldau_err_t moldau__admin_check_partitions(moldau_admin_t *a, const char *call,
                                            const moldau_admin_topic_partition_t *tps, size_t n,
                                            int may_be_empty);

/* Logs at debug level (debug=admin). */
void moldau__admin_dbg(moldau_admin_t *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
