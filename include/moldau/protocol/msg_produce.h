/* moldau codec: Produce (key 0), versions 3-13. Included by moldau/protocol/msg_data.h. */
#ifndef MOLDAU_PROTOCOL_MSG_PRODUCE_H
#define MOLDAU_PROTOCOL_MSG_PRODUCE_H
#include "moldau/protocol/msg_data.h" /* the shared leader and endpoint types */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct moldau_produce_request_partition {
    int32_t index;
    /* A complete record set, built by the producer (v3+: exactly one magic-2 batch). Copied
     * into the writer as is; len -1 = null. */
    moldau_bytes_t records;
} moldau_produce_request_partition_t;

typedef struct moldau_produce_request_topic {
    const char *name; /* v0-12 (may be NULL from v13, where it is not sent) */
    const moldau_produce_request_partition_t *partition_data;
    int32_t n_partition_data;
    moldau_uuid_t topic_id; /* v13+ (KIP-516), not sent below */
} moldau_produce_request_topic_t;

typedef struct moldau_produce_request {
    const char *transactional_id; /* NULL = not transactional */
    /* 0, 1 or -1 (all). With acks 0 the broker sends no response at all. */
    int16_t acks;
    int32_t timeout_ms;
    const moldau_produce_request_topic_t *topic_data;
    int32_t n_topic_data;
} moldau_produce_request_t;

typedef struct moldau_produce_response_record_error {
    int32_t batch_index;
    const char *batch_index_error_message; /* NULL = none */
} moldau_produce_response_record_error_t;

typedef struct moldau_produce_response_partition {
    int32_t index;
    int16_t error_code;
    int64_t base_offset;
    int64_t log_append_time_ms; /* -1 unless the topic uses LogAppendTime */
    int64_t log_start_offset;   /* v5+, else -1 */
    moldau_produce_response_record_error_t *record_errors; /* v8+, else empty */
    int32_t n_record_errors;
    const char *error_message; /* v8+, NULL = none */
    moldau_leader_id_and_epoch_t current_leader; /* tagged, v10+; {-1, -1} when absent */
} moldau_produce_response_partition_t;

typedef struct moldau_produce_response_topic {
    const char *name; /* v0-12, NULL from v13 */
    moldau_produce_response_partition_t *partition_responses;
    int32_t n_partition_responses;
    moldau_uuid_t topic_id; /* v13+, else zero; UNKNOWN_TOPIC_ID for an id the broker lacks */
} moldau_produce_response_topic_t;

typedef struct moldau_produce_response {
    moldau_produce_response_topic_t *responses;
    int32_t n_responses;
    int32_t throttle_time_ms;
    /* tagged, v10+: the brokers named by current_leader of NOT_LEADER_OR_FOLLOWER partitions */
    moldau_node_endpoint_t *node_endpoints;
    int32_t n_node_endpoints;
} moldau_produce_response_t;

/* The record sets are appended to `w` (one copy, into the request buffer). */
moldau_err_t moldau_produce_request_encode(moldau_buf_t *w, int16_t version,
                                           const moldau_produce_request_t *req);

/* Called by moldau_produce_request_encode_spliced() where a partition's record set goes (its
 * length already written to w), in request order, for every non-empty, non-null record set:
 * it puts the bytes in place itself, e.g. by recording (w->len, records) so that a sender
 * writes them from where they are (a gathered write), or by copying them into w. Returns 0,
 * or non-zero to fail the encoding with MOLDAU_ERR__NO_MEMORY. */
typedef int(moldau_produce_splice_fn)(moldau_buf_t *w, moldau_bytes_t records, void *opaque);

/* Like moldau_produce_request_encode(), without copying the record sets: w gets everything
 * else and `splice` each record set's place (see above). w plus the spliced record sets, in
 * order, are the same bytes moldau_produce_request_encode() writes. On an error w is cut back
 * as with any encoder and the caller forgets what splice recorded. */
moldau_err_t moldau_produce_request_encode_spliced(moldau_buf_t *w, int16_t version,
                                                   const moldau_produce_request_t *req,
                                                   moldau_produce_splice_fn *splice,
                                                   void *opaque);
moldau_err_t moldau_produce_response_decode(moldau_reader_t *r, int16_t version,
                                            moldau_arena_t *a, moldau_produce_response_t *out);

#ifdef __cplusplus
}
#endif

#endif
