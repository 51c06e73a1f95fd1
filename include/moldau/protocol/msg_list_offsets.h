/* moldau codec: ListOffsets (key 2), versions 1-11. Included by moldau/protocol/msg_data.h. */
#ifndef MOLDAU_PROTOCOL_MSG_LIST_OFFSETS_H
#define MOLDAU_PROTOCOL_MSG_LIST_OFFSETS_H
#include "moldau/protocol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Special timestamps a request may ask for instead of a time. */
#define MOLDAU_LIST_OFFSETS_LATEST (-1LL)   /* the log end offset */
#define MOLDAU_LIST_OFFSETS_EARLIEST (-2LL) /* the log start offset */
#define MOLDAU_LIST_OFFSETS_MAX_TIMESTAMP (-3LL) /* v7+: the record with the largest timestamp */
#define MOLDAU_LIST_OFFSETS_EARLIEST_LOCAL (-4LL)  /* v8+: the local log's start (KIP-405) */
#define MOLDAU_LIST_OFFSETS_LATEST_TIERED (-5LL)   /* v9+: the last tiered offset (KIP-1005) */
/* v11+: the earliest offset not yet uploaded to remote storage (KIP-1023) */
#define MOLDAU_LIST_OFFSETS_EARLIEST_PENDING_UPLOAD (-6LL)

typedef struct moldau_list_offsets_request_partition {
    int32_t partition_index;
    int32_t current_leader_epoch; /* v4+, -1 = unknown (no fencing) */
    int64_t timestamp;            /* a time in ms, or one of MOLDAU_LIST_OFFSETS_* */
} moldau_list_offsets_request_partition_t;

typedef struct moldau_list_offsets_request_topic {
    const char *name;
    const moldau_list_offsets_request_partition_t *partitions;
    int32_t n_partitions;
} moldau_list_offsets_request_topic_t;

typedef struct moldau_list_offsets_request {
    int32_t replica_id;     /* -1 for a client */
    int8_t isolation_level; /* v2+: 0 read_uncommitted, 1 read_committed */
    const moldau_list_offsets_request_topic_t *topics;
    int32_t n_topics;
    int32_t timeout_ms;     /* v10+ (waits for tiered storage) */
} moldau_list_offsets_request_t;

typedef struct moldau_list_offsets_response_partition {
    int32_t partition_index;
    int16_t error_code;
    int64_t timestamp;    /* -1 = none */
    int64_t offset;       /* -1 = none */
    int32_t leader_epoch; /* v4+, else -1 */
} moldau_list_offsets_response_partition_t;

typedef struct moldau_list_offsets_response_topic {
    const char *name;
    moldau_list_offsets_response_partition_t *partitions;
    int32_t n_partitions;
} moldau_list_offsets_response_topic_t;

typedef struct moldau_list_offsets_response {
    int32_t throttle_time_ms; /* v2+, else 0 */
    moldau_list_offsets_response_topic_t *topics;
    int32_t n_topics;
} moldau_list_offsets_response_t;

moldau_err_t moldau_list_offsets_request_encode(moldau_buf_t *w, int16_t version,
                                                const moldau_list_offsets_request_t *req);
moldau_err_t moldau_list_offsets_response_decode(moldau_reader_t *r, int16_t version,
                                                 moldau_arena_t *a,
                                                 moldau_list_offsets_response_t *out);

#ifdef __cplusplus
}
#endif

#endif
