/*
 * moldau codec: the classic consumer-group APIs and the "consumer" protocol payloads.
 * Included by moldau/protocol.h; see there for the conventions shared by every codec.
 *
 *   FindCoordinator 0-6, JoinGroup 0-9, SyncGroup 0-5, Heartbeat 0-4, LeaveGroup 0-5,
 *   OffsetCommit 2-10, OffsetFetch 1-10, ConsumerProtocolSubscription/Assignment 0-3.
 *
 * Request encoders return MOLDAU_ERR__INVALID_ARG (and leave the writer as it was) when the
 * request holds a value the version cannot carry where the Java client would refuse too: a
 * non-ignorable field of another version set to a non-default value (e.g. GroupInstanceId
 * before JoinGroup v5, RequireStable before OffsetFetch v7, the batched FindCoordinator keys
 * before v4), a NULL in a non-nullable string, bytes or array, or a string longer than 32767
 * bytes. Ignorable fields absent from the version are silently not written.
 *
 * Response decoders reject a null where the schema has none (MOLDAU_ERR__BAD_MSG), as Java's
 * reader does, so a decoded non-nullable string is never NULL and a non-nullable array count
 * never -1. Strings of fields absent from the decoded version are NULL; integers get the
 * schema's default.
 */
#ifndef MOLDAU_PROTOCOL_MSG_GROUP_H
#define MOLDAU_PROTOCOL_MSG_GROUP_H
#include "moldau/protocol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== FindCoordinator (key 10) ============================================================= */

enum {
    MOLDAU_COORDINATOR_KEY_GROUP = 0,
    MOLDAU_COORDINATOR_KEY_TRANSACTION = 1
};

/* v0-3 ask for one key; v4+ for a batch. Set the shape that matches the version. */
typedef struct moldau_find_coordinator_request {
    const char *key;               /* v0-3 (group id or transactional id) */
    int8_t key_type;               /* v1+: MOLDAU_COORDINATOR_KEY_*; must be 0 at v0 */
    const char *const *coordinator_keys; /* v4+ */
    int32_t n_coordinator_keys;
} moldau_find_coordinator_request_t;

typedef struct moldau_find_coordinator_response_coordinator {
    const char *key;
    int32_t node_id;
    const char *host;
    int32_t port;
    int16_t error_code;
    const char *error_message; /* nullable */
} moldau_find_coordinator_response_coordinator_t;

typedef struct moldau_find_coordinator_response {
    int32_t throttle_time_ms; /* v1+ */
    /* v0-3: the one answer. */
    int16_t error_code;
    const char *error_message; /* v1-3, nullable */
    int32_t node_id;
    const char *host;
    int32_t port;
    /* v4+: one answer per key (n_coordinators 0 before v4). */
    moldau_find_coordinator_response_coordinator_t *coordinators;
    int32_t n_coordinators;
} moldau_find_coordinator_response_t;

moldau_err_t moldau_find_coordinator_request_encode(moldau_buf_t *w, int16_t version,
                                                    const moldau_find_coordinator_request_t *req);
moldau_err_t moldau_find_coordinator_response_decode(moldau_reader_t *r, int16_t version,
                                                     moldau_arena_t *a,
                                                     moldau_find_coordinator_response_t *out);

/* ==== JoinGroup (key 11) =================================================================== */

typedef struct moldau_join_group_request_protocol {
    const char *name;        /* assignor name, e.g. "range" */
    moldau_bytes_t metadata; /* for protocol type "consumer": a ConsumerProtocolSubscription */
} moldau_join_group_request_protocol_t;

typedef struct moldau_join_group_request {
    const char *group_id;
    int32_t session_timeout_ms;
    int32_t rebalance_timeout_ms; /* v1+ (schema default -1) */
    const char *member_id;        /* "" on the first join */
    const char *group_instance_id; /* v5+, nullable; non-NULL before v5 is INVALID_ARG */
    const char *protocol_type;    /* "consumer" */
    const moldau_join_group_request_protocol_t *protocols;
    int32_t n_protocols;
    const char *reason;           /* v8+, nullable */
} moldau_join_group_request_t;

typedef struct moldau_join_group_response_member {
    const char *member_id;
    const char *group_instance_id; /* v5+, nullable */
    moldau_bytes_t metadata;
} moldau_join_group_response_member_t;

typedef struct moldau_join_group_response {
    int32_t throttle_time_ms;  /* v2+ */
    int16_t error_code;
    int32_t generation_id;
    const char *protocol_type; /* v7+, nullable */
    const char *protocol_name; /* nullable from v7 */
    const char *leader;
    int skip_assignment;       /* v9+ */
    const char *member_id;
    moldau_join_group_response_member_t *members; /* filled for the leader only */
    int32_t n_members;
} moldau_join_group_response_t;

moldau_err_t moldau_join_group_request_encode(moldau_buf_t *w, int16_t version,
                                              const moldau_join_group_request_t *req);
moldau_err_t moldau_join_group_response_decode(moldau_reader_t *r, int16_t version,
                                               moldau_arena_t *a,
                                               moldau_join_group_response_t *out);

/* ==== SyncGroup (key 14) =================================================================== */

typedef struct moldau_sync_group_request_assignment {
    const char *member_id;
    moldau_bytes_t assignment; /* for "consumer": a ConsumerProtocolAssignment */
} moldau_sync_group_request_assignment_t;

typedef struct moldau_sync_group_request {
    const char *group_id;
    int32_t generation_id;
    const char *member_id;
    const char *group_instance_id; /* v3+, nullable; non-NULL before v3 is INVALID_ARG */
    const char *protocol_type;     /* v5+, nullable */
    const char *protocol_name;     /* v5+, nullable */
    const moldau_sync_group_request_assignment_t *assignments; /* the leader's; else empty */
    int32_t n_assignments;
} moldau_sync_group_request_t;

typedef struct moldau_sync_group_response {
    int32_t throttle_time_ms;  /* v1+ */
    int16_t error_code;
    const char *protocol_type; /* v5+, nullable */
    const char *protocol_name; /* v5+, nullable */
    /* This member's assignment. A zero-length one means "nothing assigned" (a leader may leave
     * a member out); treat it so before calling moldau_consumer_protocol_assignment_decode. */
    moldau_bytes_t assignment;
} moldau_sync_group_response_t;

moldau_err_t moldau_sync_group_request_encode(moldau_buf_t *w, int16_t version,
                                              const moldau_sync_group_request_t *req);
moldau_err_t moldau_sync_group_response_decode(moldau_reader_t *r, int16_t version,
                                               moldau_arena_t *a,
                                               moldau_sync_group_response_t *out);

/* ==== Heartbeat (key 12) =================================================================== */

typedef struct moldau_heartbeat_request {
    const char *group_id;
    int32_t generation_id;
    const char *member_id;
    const char *group_instance_id; /* v3+, nullable; non-NULL before v3 is INVALID_ARG */
} moldau_heartbeat_request_t;

typedef struct moldau_heartbeat_response {
    int32_t throttle_time_ms; /* v1+ */
    int16_t error_code;
} moldau_heartbeat_response_t;

moldau_err_t moldau_heartbeat_request_encode(moldau_buf_t *w, int16_t version,
                                             const moldau_heartbeat_request_t *req);
moldau_err_t moldau_heartbeat_response_decode(moldau_reader_t *r, int16_t version,
                                              moldau_arena_t *a,
                                              moldau_heartbeat_response_t *out);

/* ==== LeaveGroup (key 13) ================================================================== */

typedef struct moldau_leave_group_request_member {
    const char *member_id;
    const char *group_instance_id; /* nullable */
    const char *reason;            /* v5+, nullable */
} moldau_leave_group_request_member_t;

/* v0-2 name one member; v3+ a batch. Set the shape that matches the version. */
typedef struct moldau_leave_group_request {
    const char *group_id;
    const char *member_id; /* v0-2 */
    const moldau_leave_group_request_member_t *members; /* v3+ */
    int32_t n_members;
} moldau_leave_group_request_t;

typedef struct moldau_leave_group_response_member {
    const char *member_id;
    const char *group_instance_id; /* nullable */
    int16_t error_code;
} moldau_leave_group_response_member_t;

typedef struct moldau_leave_group_response {
    int32_t throttle_time_ms; /* v1+ */
    int16_t error_code;
    moldau_leave_group_response_member_t *members; /* v3+ */
    int32_t n_members;
} moldau_leave_group_response_t;

moldau_err_t moldau_leave_group_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_leave_group_request_t *req);
moldau_err_t moldau_leave_group_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_leave_group_response_t *out);

/* ==== OffsetCommit (key 8) ================================================================= */

typedef struct moldau_offset_commit_request_partition {
    int32_t partition_index;
    int64_t committed_offset;
    int32_t committed_leader_epoch; /* v6+ (-1 = unknown) */
    const char *committed_metadata; /* nullable */
} moldau_offset_commit_request_partition_t;

typedef struct moldau_offset_commit_request_topic {
    const char *name; /* v2-9 (may be NULL from v10, where it is not sent) */
    const moldau_offset_commit_request_partition_t *partitions;
    int32_t n_partitions;
    moldau_uuid_t topic_id; /* v10+, not sent below */
} moldau_offset_commit_request_topic_t;

typedef struct moldau_offset_commit_request {
    const char *group_id;
    int32_t generation_id_or_member_epoch; /* -1 for a simple (non-member) commit */
    const char *member_id;                 /* "" for a simple commit */
    const char *group_instance_id;         /* v7+, nullable; non-NULL before v7 is INVALID_ARG */
    int64_t retention_time_ms;             /* v2-4 (-1 = the broker's default) */
    const moldau_offset_commit_request_topic_t *topics;
    int32_t n_topics;
} moldau_offset_commit_request_t;

typedef moldau_partition_error_t moldau_offset_commit_response_partition_t;

typedef struct moldau_offset_commit_response_topic {
    const char *name; /* v2-9, NULL from v10 */
    moldau_offset_commit_response_partition_t *partitions;
    int32_t n_partitions;
    moldau_uuid_t topic_id; /* v10+, else zero */
} moldau_offset_commit_response_topic_t;

typedef struct moldau_offset_commit_response {
    int32_t throttle_time_ms; /* v3+ */
    moldau_offset_commit_response_topic_t *topics;
    int32_t n_topics;
} moldau_offset_commit_response_t;

moldau_err_t moldau_offset_commit_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_offset_commit_request_t *req);
moldau_err_t moldau_offset_commit_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_offset_commit_response_t *out);

/* ==== OffsetFetch (key 9) ================================================================== */

/* One topic of the request, in both shapes (OffsetFetchRequestTopic(s)). */
typedef struct moldau_offset_fetch_request_topic {
    const char *name; /* v1-9 (may be NULL from v10, where it is not sent) */
    const int32_t *partition_indexes;
    int32_t n_partition_indexes;
    moldau_uuid_t topic_id; /* v10+, not sent below */
} moldau_offset_fetch_request_topic_t;

typedef struct moldau_offset_fetch_request_group {
    const char *group_id;
    const char *member_id;   /* v9+, nullable */
    int32_t member_epoch;    /* v9+ (-1 = not a KIP-848 member) */
    const moldau_offset_fetch_request_topic_t *topics; /* nullable: -1 = all topics */
    int32_t n_topics;
} moldau_offset_fetch_request_group_t;

/* v1-7 ask for one group (group_id, topics); v8+ for a batch (groups). Set the shape that
 * matches the version. */
typedef struct moldau_offset_fetch_request {
    const char *group_id;                              /* v1-7 */
    const moldau_offset_fetch_request_topic_t *topics; /* v1-7; nullable from v2 (-1 = all) */
    int32_t n_topics;
    const moldau_offset_fetch_request_group_t *groups; /* v8+ */
    int32_t n_groups;
    int require_stable; /* v7+; non-zero before v7 is INVALID_ARG */
} moldau_offset_fetch_request_t;

/* One partition of the response, in both shapes (OffsetFetchResponsePartition(s)). */
typedef struct moldau_offset_fetch_response_partition {
    int32_t partition_index;
    int64_t committed_offset;       /* -1 = none committed */
    int32_t committed_leader_epoch; /* v5+ (-1 = unknown) */
    const char *metadata;           /* nullable */
    int16_t error_code;
} moldau_offset_fetch_response_partition_t;

typedef struct moldau_offset_fetch_response_topic {
    const char *name; /* v1-9, NULL from v10 */
    moldau_offset_fetch_response_partition_t *partitions;
    int32_t n_partitions;
    moldau_uuid_t topic_id; /* v10+, else zero */
} moldau_offset_fetch_response_topic_t;

typedef struct moldau_offset_fetch_response_group {
    const char *group_id;
    moldau_offset_fetch_response_topic_t *topics;
    int32_t n_topics;
    int16_t error_code;
} moldau_offset_fetch_response_group_t;

typedef struct moldau_offset_fetch_response {
    int32_t throttle_time_ms; /* v3+ */
    /* v1-7: the one group's topics and its error (the error from v2 on). */
    moldau_offset_fetch_response_topic_t *topics;
    int32_t n_topics;
    int16_t error_code;
    /* v8+: one entry per group (n_groups 0 before v8). */
    moldau_offset_fetch_response_group_t *groups;
    int32_t n_groups;
} moldau_offset_fetch_response_t;

moldau_err_t moldau_offset_fetch_request_encode(moldau_buf_t *w, int16_t version,
                                                const moldau_offset_fetch_request_t *req);
moldau_err_t moldau_offset_fetch_response_decode(moldau_reader_t *r, int16_t version,
                                                 moldau_arena_t *a,
                                                 moldau_offset_fetch_response_t *out);

/* ==== The "consumer" protocol payloads ====================================================
 *
 * JoinGroup's protocol Metadata is a ConsumerProtocolSubscription and SyncGroup's Assignment a
 * ConsumerProtocolAssignment when the protocol type is "consumer". Each is an int16 version
 * followed by the struct in the classic (never flexible) encodings, the layout the Java
 * client, librdkafka and kafka-python use, so moldau members share groups with theirs.
 * Decoding is lenient as theirs is: a version newer than 3 is read with the v3 layout and
 * bytes after the known fields are ignored; a negative version is MOLDAU_ERR__BAD_MSG. */

#define MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION 3

typedef struct moldau_consumer_protocol_topic_partition {
    const char *topic;
    const int32_t *partitions;
    int32_t n_partitions;
} moldau_consumer_protocol_topic_partition_t;

typedef struct moldau_consumer_protocol_subscription {
    int16_t version; /* decode: the version the payload says (encode takes it as an argument) */
    const char *const *topics;
    int32_t n_topics;
    moldau_bytes_t user_data; /* nullable; librdkafka writes empty, Java null, when unused */
    const moldau_consumer_protocol_topic_partition_t *owned_partitions; /* v1+ */
    int32_t n_owned_partitions;
    int32_t generation_id; /* v2+ (-1 = unknown) */
    const char *rack_id;   /* v3+, nullable */
} moldau_consumer_protocol_subscription_t;

typedef struct moldau_consumer_protocol_assignment {
    int16_t version; /* decode: the version the payload says */
    const moldau_consumer_protocol_topic_partition_t *assigned_partitions;
    int32_t n_assigned_partitions;
    moldau_bytes_t user_data; /* nullable */
} moldau_consumer_protocol_assignment_t;

/* Writes the version (0-3, else MOLDAU_ERR__UNSUPPORTED_VERSION) and the struct. Fields the
 * version lacks are not written (all are ignorable). */
moldau_err_t moldau_consumer_protocol_subscription_encode(
    moldau_buf_t *w, int16_t version, const moldau_consumer_protocol_subscription_t *s);
/* Reads the version into out->version and the struct. Strings and arrays go to the arena;
 * user_data is a view into the input, which must outlive `out`. */
moldau_err_t moldau_consumer_protocol_subscription_decode(
    moldau_reader_t *r, moldau_arena_t *a, moldau_consumer_protocol_subscription_t *out);

/* The same for the assignment (ConsumerProtocolAssignment, versions 0-3). */
moldau_err_t moldau_consumer_protocol_assignment_encode(
    moldau_buf_t *w, int16_t version, const moldau_consumer_protocol_assignment_t *s);
moldau_err_t moldau_consumer_protocol_assignment_decode(
    moldau_reader_t *r, moldau_arena_t *a, moldau_consumer_protocol_assignment_t *out);

#ifdef __cplusplus
}
#endif

#endif
