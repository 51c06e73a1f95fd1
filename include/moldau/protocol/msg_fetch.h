/* moldau codec: Fetch (key 1), versions 4-18. Included by moldau/protocol/msg_data.h. */
#ifndef MOLDAU_PROTOCOL_MSG_FETCH_H
#define MOLDAU_PROTOCOL_MSG_FETCH_H
#include "moldau/protocol/msg_data.h" /* the shared leader and endpoint types */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct moldau_fetch_request_partition {
    int32_t partition;
    int32_t current_leader_epoch; /* v9+, -1 = unknown (no fencing) */
    int64_t fetch_offset;
    int32_t last_fetched_epoch;   /* v12+, -1 = none */
    int64_t log_start_offset;     /* v5+, followers only; consumers send -1 */
    int32_t partition_max_bytes;
    moldau_uuid_t replica_directory_id; /* tagged, v17+, followers only; zero = absent */
    /* tagged, v18+, followers only (KIP-1166): INT64_MAX (the schema default, set by
     * moldau_fetch_request_partition_init) = absent, -1 = not known */
    int64_t high_watermark;
} moldau_fetch_request_partition_t;

typedef struct moldau_fetch_request_topic {
    const char *topic;      /* v4-12: the topic by name (not null) */
    moldau_uuid_t topic_id; /* v13+: the topic by id */
    const moldau_fetch_request_partition_t *partitions;
    int32_t n_partitions;
} moldau_fetch_request_topic_t;

typedef struct moldau_fetch_request_forgotten_topic {
    const char *topic;      /* v7-12 (not null) */
    moldau_uuid_t topic_id; /* v13+ */
    const int32_t *partitions;
    int32_t n_partitions;
} moldau_fetch_request_forgotten_topic_t;

typedef struct moldau_fetch_request_replica_state {
    int32_t replica_id;    /* -1 = a consumer */
    int64_t replica_epoch; /* -1 = unknown */
} moldau_fetch_request_replica_state_t;

/* Who fetches: before v15 the top-level replica_id (-1 for a consumer); from v15 the tagged
 * replica_state, written only when it differs from {-1, -1}. A consumer leaves both at the
 * defaults set by moldau_fetch_request_init. */
typedef struct moldau_fetch_request {
    const char *cluster_id; /* tagged, v12+, NULL = absent (KRaft controllers only) */
    int32_t replica_id;     /* v4-14 */
    moldau_fetch_request_replica_state_t replica_state; /* tagged, v15+ */
    int32_t max_wait_ms;
    int32_t min_bytes;
    int32_t max_bytes;
    int8_t isolation_level; /* 0 read_uncommitted, 1 read_committed */
    int32_t session_id;     /* v7+: 0 = no session / new session */
    int32_t session_epoch;  /* v7+: -1 = no session (full fetch), 0 = open a session */
    const moldau_fetch_request_topic_t *topics;
    int32_t n_topics;
    const moldau_fetch_request_forgotten_topic_t *forgotten_topics_data; /* v7+ */
    int32_t n_forgotten_topics_data;
    const char *rack_id; /* v11+; NULL is written as the default "" */
} moldau_fetch_request_t;

typedef struct moldau_fetch_response_epoch_end_offset {
    int32_t epoch;      /* -1 when absent */
    int64_t end_offset; /* -1 when absent */
} moldau_fetch_response_epoch_end_offset_t;

typedef struct moldau_fetch_response_snapshot_id {
    int64_t end_offset; /* -1 when absent */
    int32_t epoch;      /* -1 when absent */
} moldau_fetch_response_snapshot_id_t;

typedef struct moldau_fetch_response_aborted_transaction {
    int64_t producer_id;
    int64_t first_offset;
} moldau_fetch_response_aborted_transaction_t;

typedef struct moldau_fetch_response_partition {
    int32_t partition_index;
    int16_t error_code;
    int64_t high_watermark;
    int64_t last_stable_offset;
    int64_t log_start_offset; /* v5+, else -1 */
    moldau_fetch_response_epoch_end_offset_t diverging_epoch; /* tagged, v12+ */
    moldau_leader_id_and_epoch_t current_leader;              /* tagged, v12+ */
    moldau_fetch_response_snapshot_id_t snapshot_id;          /* tagged, v12+ */
    moldau_fetch_response_aborted_transaction_t *aborted_transactions; /* -1 = null */
    int32_t n_aborted_transactions;
    int32_t preferred_read_replica; /* v11+, -1 = none */
    /* A view into the input buffer (never copied): the buffer must outlive its use. May end
     * with a partial batch, as brokers cut record sets at the size limits. */
    moldau_bytes_t records;
} moldau_fetch_response_partition_t;

typedef struct moldau_fetch_response_topic {
    const char *topic;      /* v4-12, else "" */
    moldau_uuid_t topic_id; /* v13+, else zero */
    moldau_fetch_response_partition_t *partitions;
    int32_t n_partitions;
} moldau_fetch_response_topic_t;

typedef struct moldau_fetch_response {
    int32_t throttle_time_ms;
    int16_t error_code;  /* v7+, else 0 */
    int32_t session_id;  /* v7+, else 0 */
    moldau_fetch_response_topic_t *responses;
    int32_t n_responses;
    /* tagged, v16+: the brokers named by current_leader of partitions that lost leadership */
    moldau_node_endpoint_t *node_endpoints;
    int32_t n_node_endpoints;
} moldau_fetch_response_t;

/* Sets the schema defaults: replica_id -1, replica_state {-1, -1}, max_bytes INT32_MAX,
 * session_epoch -1, everything else zero/NULL. */
void moldau_fetch_request_init(moldau_fetch_request_t *req);
/* Sets a partition's defaults: epochs -1, log_start_offset -1, everything else zero. */
void moldau_fetch_request_partition_init(moldau_fetch_request_partition_t *p);

moldau_err_t moldau_fetch_request_encode(moldau_buf_t *w, int16_t version,
                                         const moldau_fetch_request_t *req);
/* The consumer's hot path: records are views into the reader's buffer, only the arrays of
 * topics, partitions and aborted transactions go to the arena. */
moldau_err_t moldau_fetch_response_decode(moldau_reader_t *r, int16_t version, moldau_arena_t *a,
                                          moldau_fetch_response_t *out);

#ifdef __cplusplus
}
#endif

#endif
