/* moldau codec: Metadata (key 3), versions 0-13. Included by moldau/protocol/msg_data.h. */
#ifndef MOLDAU_PROTOCOL_MSG_METADATA_H
#define MOLDAU_PROTOCOL_MSG_METADATA_H
#include "moldau/protocol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct moldau_metadata_request_topic {
    moldau_uuid_t topic_id; /* v10+ (brokers look topics up by id from v12) */
    const char *name;       /* NULL allowed from v10 (then topic_id names the topic) */
} moldau_metadata_request_topic_t;

/* Which topics: a null array (n_topics -1) means ALL topics in v1+, and an empty array means
 * none (brokers and controller only). v0 has no null array: there an empty array means all
 * topics, and the encoder writes a null array at v0 as an empty one, so n_topics -1 asks for
 * all topics at every version. An empty array at v0 also means all topics. */
typedef struct moldau_metadata_request {
    const moldau_metadata_request_topic_t *topics;
    int32_t n_topics;
    int allow_auto_topic_creation;              /* v4+, default 1 (true) */
    int include_cluster_authorized_operations;  /* v8-10 only */
    int include_topic_authorized_operations;    /* v8+ */
} moldau_metadata_request_t;

typedef struct moldau_metadata_response_broker {
    int32_t node_id;
    const char *host;
    int32_t port;
    const char *rack; /* v1+, NULL = none */
} moldau_metadata_response_broker_t;

typedef struct moldau_metadata_response_partition {
    int16_t error_code;
    int32_t partition_index;
    int32_t leader_id;
    int32_t leader_epoch; /* v7+, else -1 */
    int32_t *replica_nodes;
    int32_t n_replica_nodes;
    int32_t *isr_nodes;
    int32_t n_isr_nodes;
    int32_t *offline_replicas; /* v5+, else empty */
    int32_t n_offline_replicas;
} moldau_metadata_response_partition_t;

typedef struct moldau_metadata_response_topic {
    int16_t error_code;
    const char *name;       /* NULL possible from v12 (unknown topic asked for by id) */
    moldau_uuid_t topic_id; /* v10+, else zero */
    int is_internal;        /* v1+, else 0 */
    moldau_metadata_response_partition_t *partitions;
    int32_t n_partitions;
    int32_t topic_authorized_operations; /* v8+, else INT32_MIN (not asked for) */
} moldau_metadata_response_topic_t;

typedef struct moldau_metadata_response {
    int32_t throttle_time_ms; /* v3+, else 0 */
    moldau_metadata_response_broker_t *brokers;
    int32_t n_brokers;
    const char *cluster_id;  /* v2+, NULL = none */
    int32_t controller_id;   /* v1+, else -1 */
    moldau_metadata_response_topic_t *topics;
    int32_t n_topics;
    int32_t cluster_authorized_operations; /* v8-10, else INT32_MIN */
    /* v13+, else 0: an error for the whole request (e.g. REBOOTSTRAP_REQUIRED, KIP-1102); the
     * brokers and topics are then not to be trusted */
    int16_t error_code;
} moldau_metadata_response_t;

/* Sets the schema defaults: all topics (n_topics -1), auto-creation allowed, no authorized
 * operations asked for. */
void moldau_metadata_request_init(moldau_metadata_request_t *req);

moldau_err_t moldau_metadata_request_encode(moldau_buf_t *w, int16_t version,
                                            const moldau_metadata_request_t *req);
moldau_err_t moldau_metadata_response_decode(moldau_reader_t *r, int16_t version,
                                             moldau_arena_t *a, moldau_metadata_response_t *out);

#ifdef __cplusplus
}
#endif

#endif
