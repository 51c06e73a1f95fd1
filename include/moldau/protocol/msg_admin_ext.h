/*
 * moldau codec: the admin client's messages for records, ACLs, configs, log dirs, groups,
 * leader elections and reassignments. Included by moldau/protocol.h; its conventions apply.
 *
 *   DeleteRecords 0-2, DescribeAcls 1-3, CreateAcls 1-3, DeleteAcls 1-3, AlterConfigs 0-2,
 *   DescribeLogDirs 1-5, DeleteGroups 0-2, ElectLeaders 0-2, IncrementalAlterConfigs 0-1,
 *   AlterPartitionReassignments 0-1, ListPartitionReassignments 0, OffsetDelete 0.
 *
 * Request encoders return MOLDAU_ERR__INVALID_ARG (and leave the writer as it was) for a NULL
 * in a non-nullable string or array, a negative count, a string longer than 32767 bytes, or a
 * value the version cannot carry, as the Java client refuses it: the USER resource type (7)
 * in the ACL requests before v3, an ElectionType other than preferred (0) in ElectLeaders v0,
 * AllowReplicationFactorChange false in AlterPartitionReassignments v0. Request pointers are
 * only read during the call.
 *
 * Response decoders reject a null where the schema has none (MOLDAU_ERR__BAD_MSG). Everything
 * decoded lives in the arena. Fields absent from the decoded version hold the schema default.
 */
#ifndef MOLDAU_PROTOCOL_MSG_ADMIN_EXT_H
#define MOLDAU_PROTOCOL_MSG_ADMIN_EXT_H
#include "moldau/protocol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    MOLDAU_API_DELETE_RECORDS = 21,
    MOLDAU_API_DESCRIBE_ACLS = 29,
    MOLDAU_API_CREATE_ACLS = 30,
    MOLDAU_API_DELETE_ACLS = 31,
    MOLDAU_API_ALTER_CONFIGS = 33,
    MOLDAU_API_DESCRIBE_LOG_DIRS = 35,
    MOLDAU_API_DELETE_GROUPS = 42,
    MOLDAU_API_ELECT_LEADERS = 43,
    MOLDAU_API_INCREMENTAL_ALTER_CONFIGS = 44,
    MOLDAU_API_ALTER_PARTITION_REASSIGNMENTS = 45,
    MOLDAU_API_LIST_PARTITION_REASSIGNMENTS = 46,
    MOLDAU_API_OFFSET_DELETE = 47
};

/* The ACL resource type USER (KIP-554), which the ACL APIs carry from v3 on. */
#define MOLDAU_ACL_RESOURCE_USER 7

/* ==== DeleteRecords (key 21) =============================================================== */

typedef struct moldau_delete_records_request_partition {
    int32_t partition_index;
    int64_t offset; /* delete before this offset; -1: up to the high watermark */
} moldau_delete_records_request_partition_t;

typedef struct moldau_delete_records_request_topic {
    const char *name;
    const moldau_delete_records_request_partition_t *partitions;
    int32_t n_partitions;
} moldau_delete_records_request_topic_t;

typedef struct moldau_delete_records_request {
    const moldau_delete_records_request_topic_t *topics;
    int32_t n_topics;
    int32_t timeout_ms;
} moldau_delete_records_request_t;

typedef struct moldau_delete_records_response_partition {
    int32_t partition_index;
    int64_t low_watermark;
    int16_t error_code;
} moldau_delete_records_response_partition_t;

typedef struct moldau_delete_records_response_topic {
    const char *name;
    moldau_delete_records_response_partition_t *partitions;
    int32_t n_partitions;
} moldau_delete_records_response_topic_t;

typedef struct moldau_delete_records_response {
    int32_t throttle_time_ms;
    moldau_delete_records_response_topic_t *topics;
    int32_t n_topics;
} moldau_delete_records_response_t;

moldau_err_t moldau_delete_records_request_encode(moldau_buf_t *w, int16_t version,
                                                  const moldau_delete_records_request_t *req);
moldau_err_t moldau_delete_records_response_decode(moldau_reader_t *r, int16_t version,
                                                   moldau_arena_t *a,
                                                   moldau_delete_records_response_t *out);

/* ==== DescribeAcls (key 29) ================================================================ */

/* An ACL filter (DescribeAcls' request, DeleteAcls' filters): NULL strings match any. */
typedef struct moldau_acl_filter {
    int8_t resource_type_filter;
    const char *resource_name_filter; /* nullable */
    int8_t pattern_type_filter;       /* 3 = LITERAL, the schema default; 2 = MATCH */
    const char *principal_filter;     /* nullable */
    const char *host_filter;          /* nullable */
    int8_t operation;
    int8_t permission_type;
} moldau_acl_filter_t;

typedef moldau_acl_filter_t moldau_describe_acls_request_t;

typedef struct moldau_describe_acls_response_acl {
    const char *principal;
    const char *host;
    int8_t operation;
    int8_t permission_type;
} moldau_describe_acls_response_acl_t;

typedef struct moldau_describe_acls_response_resource {
    int8_t resource_type;
    const char *resource_name;
    int8_t pattern_type;
    moldau_describe_acls_response_acl_t *acls;
    int32_t n_acls;
} moldau_describe_acls_response_resource_t;

typedef struct moldau_describe_acls_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_describe_acls_response_resource_t *resources;
    int32_t n_resources;
} moldau_describe_acls_response_t;

moldau_err_t moldau_describe_acls_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_describe_acls_request_t *req);
moldau_err_t moldau_describe_acls_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_describe_acls_response_t *out);

/* ==== CreateAcls (key 30) ================================================================== */

typedef struct moldau_create_acls_request_creation {
    int8_t resource_type;
    const char *resource_name;
    int8_t resource_pattern_type; /* 3 = LITERAL (the schema default), 4 = PREFIXED */
    const char *principal;
    const char *host;
    int8_t operation;
    int8_t permission_type;
} moldau_create_acls_request_creation_t;

typedef struct moldau_create_acls_request {
    const moldau_create_acls_request_creation_t *creations;
    int32_t n_creations;
} moldau_create_acls_request_t;

typedef struct moldau_create_acls_response_result {
    int16_t error_code;
    const char *error_message; /* nullable */
} moldau_create_acls_response_result_t;

typedef struct moldau_create_acls_response {
    int32_t throttle_time_ms;
    moldau_create_acls_response_result_t *results;
    int32_t n_results;
} moldau_create_acls_response_t;

moldau_err_t moldau_create_acls_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_create_acls_request_t *req);
moldau_err_t moldau_create_acls_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_create_acls_response_t *out);

/* ==== DeleteAcls (key 31) ================================================================== */

typedef struct moldau_delete_acls_request {
    const moldau_acl_filter_t *filters;
    int32_t n_filters;
} moldau_delete_acls_request_t;

typedef struct moldau_delete_acls_response_matching_acl {
    int16_t error_code;
    const char *error_message; /* nullable */
    int8_t resource_type;
    const char *resource_name;
    int8_t pattern_type;
    const char *principal;
    const char *host;
    int8_t operation;
    int8_t permission_type;
} moldau_delete_acls_response_matching_acl_t;

typedef struct moldau_delete_acls_response_filter_result {
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_delete_acls_response_matching_acl_t *matching_acls;
    int32_t n_matching_acls;
} moldau_delete_acls_response_filter_result_t;

typedef struct moldau_delete_acls_response {
    int32_t throttle_time_ms;
    moldau_delete_acls_response_filter_result_t *filter_results;
    int32_t n_filter_results;
} moldau_delete_acls_response_t;

moldau_err_t moldau_delete_acls_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_delete_acls_request_t *req);
moldau_err_t moldau_delete_acls_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_delete_acls_response_t *out);

/* ==== AlterConfigs (key 33) and IncrementalAlterConfigs (key 44) =========================== */

typedef struct moldau_alter_configs_request_config {
    const char *name;
    int8_t config_operation; /* IncrementalAlterConfigs: 0 SET, 1 DELETE, 2 APPEND, 3 SUBTRACT */
    const char *value;       /* nullable */
} moldau_alter_configs_request_config_t;

typedef struct moldau_alter_configs_request_resource {
    int8_t resource_type;
    const char *resource_name;
    const moldau_alter_configs_request_config_t *configs;
    int32_t n_configs;
} moldau_alter_configs_request_resource_t;

/* AlterConfigs replaces a resource's whole configuration and ignores config_operation;
 * IncrementalAlterConfigs applies each config's operation. */
typedef struct moldau_alter_configs_request {
    const moldau_alter_configs_request_resource_t *resources;
    int32_t n_resources;
    int validate_only;
} moldau_alter_configs_request_t;

typedef moldau_alter_configs_request_t moldau_incremental_alter_configs_request_t;

typedef struct moldau_alter_configs_response_resource {
    int16_t error_code;
    const char *error_message; /* nullable */
    int8_t resource_type;
    const char *resource_name;
} moldau_alter_configs_response_resource_t;

typedef struct moldau_alter_configs_response {
    int32_t throttle_time_ms;
    moldau_alter_configs_response_resource_t *responses;
    int32_t n_responses;
} moldau_alter_configs_response_t;

typedef moldau_alter_configs_response_t moldau_incremental_alter_configs_response_t;

moldau_err_t moldau_alter_configs_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_alter_configs_request_t *req);
moldau_err_t moldau_alter_configs_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_alter_configs_response_t *out);
moldau_err_t moldau_incremental_alter_configs_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_incremental_alter_configs_request_t *req);
moldau_err_t moldau_incremental_alter_configs_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_incremental_alter_configs_response_t *out);

/* ==== DescribeLogDirs (key 35) ============================================================= */

typedef struct moldau_describe_log_dirs_request_topic {
    const char *topic;
    const int32_t *partitions;
    int32_t n_partitions;
} moldau_describe_log_dirs_request_topic_t;

typedef struct moldau_describe_log_dirs_request {
    const moldau_describe_log_dirs_request_topic_t *topics; /* n_topics -1 (null): every topic */
    int32_t n_topics;
} moldau_describe_log_dirs_request_t;

typedef struct moldau_describe_log_dirs_response_partition {
    int32_t partition_index;
    int64_t partition_size;
    int64_t offset_lag;
    int is_future_key;
} moldau_describe_log_dirs_response_partition_t;

typedef struct moldau_describe_log_dirs_response_topic {
    const char *name;
    moldau_describe_log_dirs_response_partition_t *partitions;
    int32_t n_partitions;
} moldau_describe_log_dirs_response_topic_t;

typedef struct moldau_describe_log_dirs_response_result {
    int16_t error_code;
    const char *log_dir;
    moldau_describe_log_dirs_response_topic_t *topics;
    int32_t n_topics;
    int64_t total_bytes;  /* v4+ (-1 before) */
    int64_t usable_bytes; /* v4+ (-1 before) */
    int is_cordoned;      /* v5+ (0 before) */
} moldau_describe_log_dirs_response_result_t;

typedef struct moldau_describe_log_dirs_response {
    int32_t throttle_time_ms;
    int16_t error_code; /* v3+ */
    moldau_describe_log_dirs_response_result_t *results;
    int32_t n_results;
} moldau_describe_log_dirs_response_t;

moldau_err_t moldau_describe_log_dirs_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_log_dirs_request_t *req);
moldau_err_t moldau_describe_log_dirs_response_decode(moldau_reader_t *r, int16_t version,
                                                      moldau_arena_t *a,
                                                      moldau_describe_log_dirs_response_t *out);

/* ==== DeleteGroups (key 42) ================================================================ */

typedef struct moldau_delete_groups_request {
    const char *const *groups_names;
    int32_t n_groups_names;
} moldau_delete_groups_request_t;

typedef struct moldau_delete_groups_response_result {
    const char *group_id;
    int16_t error_code;
} moldau_delete_groups_response_result_t;

typedef struct moldau_delete_groups_response {
    int32_t throttle_time_ms;
    moldau_delete_groups_response_result_t *results;
    int32_t n_results;
} moldau_delete_groups_response_t;

moldau_err_t moldau_delete_groups_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_delete_groups_request_t *req);
moldau_err_t moldau_delete_groups_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_delete_groups_response_t *out);

/* ==== ElectLeaders (key 43) ================================================================ */

typedef struct moldau_elect_leaders_request_topic {
    const char *topic;
    const int32_t *partitions;
    int32_t n_partitions;
} moldau_elect_leaders_request_topic_t;

typedef struct moldau_elect_leaders_request {
    int8_t election_type; /* v1+: 0 preferred, 1 unclean; v0 elects the preferred leader only */
    const moldau_elect_leaders_request_topic_t *topic_partitions; /* n -1 (null): every partition */
    int32_t n_topic_partitions;
    int32_t timeout_ms;
} moldau_elect_leaders_request_t;

typedef moldau_partition_error_msg_t moldau_elect_leaders_response_partition_t;

typedef struct moldau_elect_leaders_response_result {
    const char *topic;
    moldau_elect_leaders_response_partition_t *partition_result;
    int32_t n_partition_result;
} moldau_elect_leaders_response_result_t;

typedef struct moldau_elect_leaders_response {
    int32_t throttle_time_ms;
    int16_t error_code; /* v1+ */
    moldau_elect_leaders_response_result_t *replica_election_results;
    int32_t n_replica_election_results;
} moldau_elect_leaders_response_t;

moldau_err_t moldau_elect_leaders_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_elect_leaders_request_t *req);
moldau_err_t moldau_elect_leaders_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_elect_leaders_response_t *out);

/* ==== AlterPartitionReassignments (key 45) ================================================= */

typedef struct moldau_alter_partition_reassignments_request_partition {
    int32_t partition_index;
    const int32_t *replicas; /* n_replicas -1 (null): cancel the pending reassignment */
    int32_t n_replicas;
} moldau_alter_partition_reassignments_request_partition_t;

typedef struct moldau_alter_partition_reassignments_request_topic {
    const char *name;
    const moldau_alter_partition_reassignments_request_partition_t *partitions;
    int32_t n_partitions;
} moldau_alter_partition_reassignments_request_topic_t;

/* Start from MOLDAU_ALTER_PARTITION_REASSIGNMENTS_REQUEST_INIT: v0 cannot carry
 * allow_replication_factor_change = 0. */
typedef struct moldau_alter_partition_reassignments_request {
    int32_t timeout_ms;
    int allow_replication_factor_change; /* v1+ (default 1) */
    const moldau_alter_partition_reassignments_request_topic_t *topics;
    int32_t n_topics;
} moldau_alter_partition_reassignments_request_t;

#define MOLDAU_ALTER_PARTITION_REASSIGNMENTS_REQUEST_INIT                                        \
    ((moldau_alter_partition_reassignments_request_t){.timeout_ms = 60000,                      \
                                                      .allow_replication_factor_change = 1})

typedef moldau_partition_error_msg_t moldau_alter_partition_reassignments_response_partition_t;

typedef struct moldau_alter_partition_reassignments_response_topic {
    const char *name;
    moldau_alter_partition_reassignments_response_partition_t *partitions;
    int32_t n_partitions;
} moldau_alter_partition_reassignments_response_topic_t;

typedef struct moldau_alter_partition_reassignments_response {
    int32_t throttle_time_ms;
    int allow_replication_factor_change; /* v1+ (1 before) */
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_alter_partition_reassignments_response_topic_t *responses;
    int32_t n_responses;
} moldau_alter_partition_reassignments_response_t;

moldau_err_t moldau_alter_partition_reassignments_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_alter_partition_reassignments_request_t *req);
moldau_err_t moldau_alter_partition_reassignments_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_alter_partition_reassignments_response_t *out);

/* ==== ListPartitionReassignments (key 46) ================================================== */

typedef struct moldau_list_partition_reassignments_request_topic {
    const char *name;
    const int32_t *partition_indexes;
    int32_t n_partition_indexes;
} moldau_list_partition_reassignments_request_topic_t;

typedef struct moldau_list_partition_reassignments_request {
    int32_t timeout_ms;
    const moldau_list_partition_reassignments_request_topic_t *topics; /* n -1 (null): all */
    int32_t n_topics;
} moldau_list_partition_reassignments_request_t;

typedef struct moldau_list_partition_reassignments_response_partition {
    int32_t partition_index;
    int32_t *replicas;
    int32_t n_replicas;
    int32_t *adding_replicas;
    int32_t n_adding_replicas;
    int32_t *removing_replicas;
    int32_t n_removing_replicas;
} moldau_list_partition_reassignments_response_partition_t;

typedef struct moldau_list_partition_reassignments_response_topic {
    const char *name;
    moldau_list_partition_reassignments_response_partition_t *partitions;
    int32_t n_partitions;
} moldau_list_partition_reassignments_response_topic_t;

typedef struct moldau_list_partition_reassignments_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_list_partition_reassignments_response_topic_t *topics;
    int32_t n_topics;
} moldau_list_partition_reassignments_response_t;

moldau_err_t moldau_list_partition_reassignments_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_list_partition_reassignments_request_t *req);
moldau_err_t moldau_list_partition_reassignments_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_list_partition_reassignments_response_t *out);

/* ==== OffsetDelete (key 47) ================================================================ */

typedef struct moldau_offset_delete_request_partition {
    int32_t partition_index;
} moldau_offset_delete_request_partition_t;

typedef struct moldau_offset_delete_request_topic {
    const char *name;
    const moldau_offset_delete_request_partition_t *partitions;
    int32_t n_partitions;
} moldau_offset_delete_request_topic_t;

typedef struct moldau_offset_delete_request {
    const char *group_id;
    const moldau_offset_delete_request_topic_t *topics;
    int32_t n_topics;
} moldau_offset_delete_request_t;

typedef moldau_partition_error_t moldau_offset_delete_response_partition_t;

typedef struct moldau_offset_delete_response_topic {
    const char *name;
    moldau_offset_delete_response_partition_t *partitions;
    int32_t n_partitions;
} moldau_offset_delete_response_topic_t;

typedef struct moldau_offset_delete_response {
    int16_t error_code;
    int32_t throttle_time_ms;
    moldau_offset_delete_response_topic_t *topics;
    int32_t n_topics;
} moldau_offset_delete_response_t;

moldau_err_t moldau_offset_delete_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_offset_delete_request_t *req);
moldau_err_t moldau_offset_delete_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_offset_delete_response_t *out);

#ifdef __cplusplus
}
#endif

#endif
