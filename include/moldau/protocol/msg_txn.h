/*
 * moldau codec: the transactional producer's messages to its transaction coordinator.
 * Included by moldau/protocol.h; its conventions apply.
 *
 *   AddPartitionsToTxn 0-3, AddOffsetsToTxn 0-4, EndTxn 0-5, TxnOffsetCommit 0-5.
 *
 * AddPartitionsToTxn v4+ is the broker-to-broker batched form (several transactions, VerifyOnly;
 * a broker refuses it from a client): moldau speaks the client versions 0-3 only. With
 * transactions v2 (KIP-890 part 2) a client no longer sends it at all (Produce v12+ adds the
 * partition), and then sends EndTxn v5 and TxnOffsetCommit v5; without it a client must stay at
 * EndTxn v4 and TxnOffsetCommit v4 (the schemas' own notes). That choice is the producer's.
 *
 * Request encoders return MOLDAU_ERR__INVALID_ARG (and leave the writer as it was) for a NULL
 * in a non-nullable string or array, a negative count, a string longer than 32767 bytes, or
 * group metadata (GenerationId, MemberId, GroupInstanceId) in TxnOffsetCommit before v3, as the
 * Java client refuses it. Ignorable fields absent from the version (CommittedLeaderEpoch before
 * TxnOffsetCommit v2) are not written. Request pointers are only read during the call.
 *
 * Response decoders reject a null where the schema has none (MOLDAU_ERR__BAD_MSG). Everything
 * decoded lives in the arena. Fields absent from the decoded version hold the schema default.
 */
#ifndef MOLDAU_PROTOCOL_MSG_TXN_H
#define MOLDAU_PROTOCOL_MSG_TXN_H
#include "moldau/protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    MOLDAU_API_ADD_PARTITIONS_TO_TXN = 24,
    MOLDAU_API_ADD_OFFSETS_TO_TXN = 25,
    MOLDAU_API_END_TXN = 26,
    MOLDAU_API_TXN_OFFSET_COMMIT = 28
};

/* ==== AddPartitionsToTxn (key 24) ========================================================== */

typedef struct moldau_add_partitions_to_txn_topic {
    const char *name;
    const int32_t *partitions;
    int32_t n_partitions;
} moldau_add_partitions_to_txn_topic_t;

/* The schema's V3AndBelow* fields. */
typedef struct moldau_add_partitions_to_txn_request {
    const char *transactional_id;
    int64_t producer_id;
    int16_t producer_epoch;
    const moldau_add_partitions_to_txn_topic_t *topics;
    int32_t n_topics;
} moldau_add_partitions_to_txn_request_t;

typedef struct moldau_add_partitions_to_txn_partition_result {
    int32_t partition_index;
    int16_t partition_error_code;
} moldau_add_partitions_to_txn_partition_result_t;

typedef struct moldau_add_partitions_to_txn_topic_result {
    const char *name;
    moldau_add_partitions_to_txn_partition_result_t *results_by_partition;
    int32_t n_results_by_partition;
} moldau_add_partitions_to_txn_topic_result_t;

typedef struct moldau_add_partitions_to_txn_response {
    int32_t throttle_time_ms;
    moldau_add_partitions_to_txn_topic_result_t *results_by_topic; /* ResultsByTopicV3AndBelow */
    int32_t n_results_by_topic;
} moldau_add_partitions_to_txn_response_t;

moldau_err_t moldau_add_partitions_to_txn_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_add_partitions_to_txn_request_t *req);
moldau_err_t moldau_add_partitions_to_txn_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_add_partitions_to_txn_response_t *out);

/* ==== AddOffsetsToTxn (key 25) ============================================================= */

typedef struct moldau_add_offsets_to_txn_request {
    const char *transactional_id;
    int64_t producer_id;
    int16_t producer_epoch;
    const char *group_id;
} moldau_add_offsets_to_txn_request_t;

typedef struct moldau_add_offsets_to_txn_response {
    int32_t throttle_time_ms;
    int16_t error_code;
} moldau_add_offsets_to_txn_response_t;

moldau_err_t moldau_add_offsets_to_txn_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_add_offsets_to_txn_request_t *req);
moldau_err_t moldau_add_offsets_to_txn_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_add_offsets_to_txn_response_t *out);

/* ==== EndTxn (key 26) ====================================================================== */

typedef struct moldau_end_txn_request {
    const char *transactional_id;
    int64_t producer_id;
    int16_t producer_epoch;
    int committed; /* non-zero: commit; 0: abort */
} moldau_end_txn_request_t;

typedef struct moldau_end_txn_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    int64_t producer_id;    /* v5+: after the epoch bump (-1 before v5) */
    int16_t producer_epoch; /* v5+ (-1 before v5) */
} moldau_end_txn_response_t;

moldau_err_t moldau_end_txn_request_encode(moldau_buf_t *w, int16_t version,
                                           const moldau_end_txn_request_t *req);
moldau_err_t moldau_end_txn_response_decode(moldau_reader_t *r, int16_t version,
                                            moldau_arena_t *a, moldau_end_txn_response_t *out);

/* ==== TxnOffsetCommit (key 28) ============================================================= */

typedef struct moldau_txn_offset_commit_request_partition {
    int32_t partition_index;
    int64_t committed_offset;
    int32_t committed_leader_epoch; /* v2+ (-1 = unknown) */
    const char *committed_metadata; /* nullable */
} moldau_txn_offset_commit_request_partition_t;

typedef struct moldau_txn_offset_commit_request_topic {
    const char *name;
    const moldau_txn_offset_commit_request_partition_t *partitions;
    int32_t n_partitions;
} moldau_txn_offset_commit_request_topic_t;

/* Start from MOLDAU_TXN_OFFSET_COMMIT_REQUEST_INIT: before v3 the group metadata must hold
 * the schema defaults (generation -1, member "", no instance id). */
typedef struct moldau_txn_offset_commit_request {
    const char *transactional_id;
    const char *group_id;
    int64_t producer_id;
    int16_t producer_epoch;
    int32_t generation_id;         /* v3+ (-1 = none) */
    const char *member_id;         /* v3+ ("" = none; NULL is fine before v3) */
    const char *group_instance_id; /* v3+, nullable */
    const moldau_txn_offset_commit_request_topic_t *topics;
    int32_t n_topics;
} moldau_txn_offset_commit_request_t;

#define MOLDAU_TXN_OFFSET_COMMIT_REQUEST_INIT                                                    \
    ((moldau_txn_offset_commit_request_t){.generation_id = -1, .member_id = ""})

typedef moldau_partition_error_t moldau_txn_offset_commit_response_partition_t;

typedef struct moldau_txn_offset_commit_response_topic {
    const char *name;
    moldau_txn_offset_commit_response_partition_t *partitions;
    int32_t n_partitions;
} moldau_txn_offset_commit_response_topic_t;

typedef struct moldau_txn_offset_commit_response {
    int32_t throttle_time_ms;
    moldau_txn_offset_commit_response_topic_t *topics;
    int32_t n_topics;
} moldau_txn_offset_commit_response_t;

moldau_err_t moldau_txn_offset_commit_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_txn_offset_commit_request_t *req);
moldau_err_t moldau_txn_offset_commit_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_txn_offset_commit_response_t *out);

#ifdef __cplusplus
}
#endif

#endif
