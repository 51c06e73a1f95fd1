/* Conformance descriptors of the admin messages of msg_admin_ext.h (see desc.h): DeleteRecords,
 * the ACL APIs, AlterConfigs and IncrementalAlterConfigs, DescribeLogDirs, DeleteGroups,
 * ElectLeaders, the partition reassignments and OffsetDelete. */
#include "desc.h"

/* ---- DeleteRecords ------------------------------------------------------------------------ */

#define S moldau_delete_records_request_partition_t
static const conf_field_t dr_req_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "Offset", CT_INT64, offset),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_records_request_topic_t
static const conf_field_t dr_req_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_delete_records_request_partition_t, dr_req_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_records_request_t
static const conf_field_t dr_req_fields[] = {
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_delete_records_request_topic_t,
                  dr_req_topic_fields),
    CONF_F(S, "TimeoutMs", CT_INT32, timeout_ms),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_records_response_partition_t
static const conf_field_t dr_resp_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "LowWatermark", CT_INT64, low_watermark),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_records_response_topic_t
static const conf_field_t dr_resp_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_delete_records_response_partition_t, dr_resp_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_records_response_t
static const conf_field_t dr_resp_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_delete_records_response_topic_t,
                  dr_resp_topic_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_delete_records_request_encode, moldau_delete_records_request_t)
CONF_DECODER(moldau_delete_records_response_decode, moldau_delete_records_response_t)

/* ---- DescribeAcls, CreateAcls, DeleteAcls ------------------------------------------------- */

#define S moldau_acl_filter_t
static const conf_field_t acl_filter_fields[] = {
    CONF_F(S, "ResourceTypeFilter", CT_INT8, resource_type_filter),
    CONF_F(S, "ResourceNameFilter", CT_STRING, resource_name_filter),
    CONF_F(S, "PatternTypeFilter", CT_INT8, pattern_type_filter),
    CONF_F(S, "PrincipalFilter", CT_STRING, principal_filter),
    CONF_F(S, "HostFilter", CT_STRING, host_filter),
    CONF_F(S, "Operation", CT_INT8, operation),
    CONF_F(S, "PermissionType", CT_INT8, permission_type),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_acls_response_acl_t
static const conf_field_t da_acl_fields[] = {
    CONF_F(S, "Principal", CT_STRING, principal),
    CONF_F(S, "Host", CT_STRING, host),
    CONF_F(S, "Operation", CT_INT8, operation),
    CONF_F(S, "PermissionType", CT_INT8, permission_type),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_acls_response_resource_t
static const conf_field_t da_resource_fields[] = {
    CONF_F(S, "ResourceType", CT_INT8, resource_type),
    CONF_F(S, "ResourceName", CT_STRING, resource_name),
    CONF_F(S, "PatternType", CT_INT8, pattern_type),
    CONF_ARRAY_OF(S, "Acls", acls, n_acls, moldau_describe_acls_response_acl_t, da_acl_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_acls_response_t
static const conf_field_t da_resp_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "Resources", resources, n_resources,
                  moldau_describe_acls_response_resource_t, da_resource_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_describe_acls_request_encode, moldau_describe_acls_request_t)
CONF_DECODER(moldau_describe_acls_response_decode, moldau_describe_acls_response_t)

#define S moldau_create_acls_request_creation_t
static const conf_field_t ca_creation_fields[] = {
    CONF_F(S, "ResourceType", CT_INT8, resource_type),
    CONF_F(S, "ResourceName", CT_STRING, resource_name),
    CONF_F(S, "ResourcePatternType", CT_INT8, resource_pattern_type),
    CONF_F(S, "Principal", CT_STRING, principal),
    CONF_F(S, "Host", CT_STRING, host),
    CONF_F(S, "Operation", CT_INT8, operation),
    CONF_F(S, "PermissionType", CT_INT8, permission_type),
    CONF_FIELDS_END};
#undef S

#define S moldau_create_acls_request_t
static const conf_field_t ca_req_fields[] = {
    CONF_ARRAY_OF(S, "Creations", creations, n_creations, moldau_create_acls_request_creation_t,
                  ca_creation_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_create_acls_response_result_t
static const conf_field_t ca_result_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S

#define S moldau_create_acls_response_t
static const conf_field_t ca_resp_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Results", results, n_results, moldau_create_acls_response_result_t,
                  ca_result_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_create_acls_request_encode, moldau_create_acls_request_t)
CONF_DECODER(moldau_create_acls_response_decode, moldau_create_acls_response_t)

#define S moldau_delete_acls_request_t
static const conf_field_t dla_req_fields[] = {
    CONF_ARRAY_OF(S, "Filters", filters, n_filters, moldau_acl_filter_t, acl_filter_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_acls_response_matching_acl_t
static const conf_field_t dla_matching_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "ResourceType", CT_INT8, resource_type),
    CONF_F(S, "ResourceName", CT_STRING, resource_name),
    CONF_F(S, "PatternType", CT_INT8, pattern_type),
    CONF_F(S, "Principal", CT_STRING, principal),
    CONF_F(S, "Host", CT_STRING, host),
    CONF_F(S, "Operation", CT_INT8, operation),
    CONF_F(S, "PermissionType", CT_INT8, permission_type),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_acls_response_filter_result_t
static const conf_field_t dla_filter_result_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "MatchingAcls", matching_acls, n_matching_acls,
                  moldau_delete_acls_response_matching_acl_t, dla_matching_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_acls_response_t
static const conf_field_t dla_resp_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "FilterResults", filter_results, n_filter_results,
                  moldau_delete_acls_response_filter_result_t, dla_filter_result_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_delete_acls_request_encode, moldau_delete_acls_request_t)
CONF_DECODER(moldau_delete_acls_response_decode, moldau_delete_acls_response_t)

/* ---- AlterConfigs, IncrementalAlterConfigs ------------------------------------------------ */

#define S moldau_alter_configs_request_config_t
static const conf_field_t ac_config_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "Value", CT_STRING, value),
    CONF_FIELDS_END};
static const conf_field_t iac_config_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "ConfigOperation", CT_INT8, config_operation),
    CONF_F(S, "Value", CT_STRING, value),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_configs_request_resource_t
static const conf_field_t ac_resource_fields[] = {
    CONF_F(S, "ResourceType", CT_INT8, resource_type),
    CONF_F(S, "ResourceName", CT_STRING, resource_name),
    CONF_ARRAY_OF(S, "Configs", configs, n_configs, moldau_alter_configs_request_config_t,
                  ac_config_fields),
    CONF_FIELDS_END};
static const conf_field_t iac_resource_fields[] = {
    CONF_F(S, "ResourceType", CT_INT8, resource_type),
    CONF_F(S, "ResourceName", CT_STRING, resource_name),
    CONF_ARRAY_OF(S, "Configs", configs, n_configs, moldau_alter_configs_request_config_t,
                  iac_config_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_configs_request_t
static const conf_field_t ac_req_fields[] = {
    CONF_ARRAY_OF(S, "Resources", resources, n_resources, moldau_alter_configs_request_resource_t,
                  ac_resource_fields),
    CONF_F(S, "ValidateOnly", CT_BOOL, validate_only),
    CONF_FIELDS_END};
static const conf_field_t iac_req_fields[] = {
    CONF_ARRAY_OF(S, "Resources", resources, n_resources, moldau_alter_configs_request_resource_t,
                  iac_resource_fields),
    CONF_F(S, "ValidateOnly", CT_BOOL, validate_only),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_configs_response_resource_t
static const conf_field_t ac_resp_resource_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "ResourceType", CT_INT8, resource_type),
    CONF_F(S, "ResourceName", CT_STRING, resource_name),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_configs_response_t
static const conf_field_t ac_resp_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Responses", responses, n_responses,
                  moldau_alter_configs_response_resource_t, ac_resp_resource_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_alter_configs_request_encode, moldau_alter_configs_request_t)
CONF_DECODER(moldau_alter_configs_response_decode, moldau_alter_configs_response_t)
CONF_ENCODER(moldau_incremental_alter_configs_request_encode,
             moldau_incremental_alter_configs_request_t)
CONF_DECODER(moldau_incremental_alter_configs_response_decode,
             moldau_incremental_alter_configs_response_t)

/* ---- DescribeLogDirs ---------------------------------------------------------------------- */

#define S moldau_describe_log_dirs_request_topic_t
static const conf_field_t dld_req_topic_fields[] = {
    CONF_F(S, "Topic", CT_STRING, topic),
    CONF_ARRAY(S, "Partitions", partitions, n_partitions, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_log_dirs_request_t
static const conf_field_t dld_req_fields[] = {
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_describe_log_dirs_request_topic_t,
                  dld_req_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_log_dirs_response_partition_t
static const conf_field_t dld_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "PartitionSize", CT_INT64, partition_size),
    CONF_F(S, "OffsetLag", CT_INT64, offset_lag),
    CONF_F(S, "IsFutureKey", CT_BOOL, is_future_key),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_log_dirs_response_topic_t
static const conf_field_t dld_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_describe_log_dirs_response_partition_t, dld_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_log_dirs_response_result_t
static const conf_field_t dld_result_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "LogDir", CT_STRING, log_dir),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_describe_log_dirs_response_topic_t,
                  dld_topic_fields),
    CONF_F(S, "TotalBytes", CT_INT64, total_bytes),
    CONF_F(S, "UsableBytes", CT_INT64, usable_bytes),
    CONF_F(S, "IsCordoned", CT_BOOL, is_cordoned),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_log_dirs_response_t
static const conf_field_t dld_resp_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_ARRAY_OF(S, "Results", results, n_results, moldau_describe_log_dirs_response_result_t,
                  dld_result_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_describe_log_dirs_request_encode, moldau_describe_log_dirs_request_t)
CONF_DECODER(moldau_describe_log_dirs_response_decode, moldau_describe_log_dirs_response_t)

/* ---- DeleteGroups ------------------------------------------------------------------------- */

#define S moldau_delete_groups_request_t
static const conf_field_t dg_req_fields[] = {
    CONF_ARRAY(S, "GroupsNames", groups_names, n_groups_names, CT_STRING, const char *),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_groups_response_result_t
static const conf_field_t dg_result_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_groups_response_t
static const conf_field_t dg_resp_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Results", results, n_results, moldau_delete_groups_response_result_t,
                  dg_result_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_delete_groups_request_encode, moldau_delete_groups_request_t)
CONF_DECODER(moldau_delete_groups_response_decode, moldau_delete_groups_response_t)

/* ---- ElectLeaders ------------------------------------------------------------------------- */

#define S moldau_elect_leaders_request_topic_t
static const conf_field_t el_req_topic_fields[] = {
    CONF_F(S, "Topic", CT_STRING, topic),
    CONF_ARRAY(S, "Partitions", partitions, n_partitions, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_elect_leaders_request_t
static const conf_field_t el_req_fields[] = {
    CONF_F(S, "ElectionType", CT_INT8, election_type),
    CONF_ARRAY_OF(S, "TopicPartitions", topic_partitions, n_topic_partitions,
                  moldau_elect_leaders_request_topic_t, el_req_topic_fields),
    CONF_F(S, "TimeoutMs", CT_INT32, timeout_ms),
    CONF_FIELDS_END};
#undef S

#define S moldau_elect_leaders_response_partition_t
static const conf_field_t el_partition_fields[] = {
    CONF_F(S, "PartitionId", CT_INT32, partition_index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S

#define S moldau_elect_leaders_response_result_t
static const conf_field_t el_result_fields[] = {
    CONF_F(S, "Topic", CT_STRING, topic),
    CONF_ARRAY_OF(S, "PartitionResult", partition_result, n_partition_result,
                  moldau_elect_leaders_response_partition_t, el_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_elect_leaders_response_t
static const conf_field_t el_resp_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_ARRAY_OF(S, "ReplicaElectionResults", replica_election_results,
                  n_replica_election_results, moldau_elect_leaders_response_result_t,
                  el_result_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_elect_leaders_request_encode, moldau_elect_leaders_request_t)
CONF_DECODER(moldau_elect_leaders_response_decode, moldau_elect_leaders_response_t)

/* ---- AlterPartitionReassignments ---------------------------------------------------------- */

#define S moldau_alter_partition_reassignments_request_partition_t
static const conf_field_t apr_req_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_ARRAY(S, "Replicas", replicas, n_replicas, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_partition_reassignments_request_topic_t
static const conf_field_t apr_req_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_alter_partition_reassignments_request_partition_t,
                  apr_req_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_partition_reassignments_request_t
static const conf_field_t apr_req_fields[] = {
    CONF_F(S, "TimeoutMs", CT_INT32, timeout_ms),
    CONF_F(S, "AllowReplicationFactorChange", CT_BOOL, allow_replication_factor_change),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics,
                  moldau_alter_partition_reassignments_request_topic_t, apr_req_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_partition_reassignments_response_partition_t
static const conf_field_t apr_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_partition_reassignments_response_topic_t
static const conf_field_t apr_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_alter_partition_reassignments_response_partition_t,
                  apr_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_partition_reassignments_response_t
static const conf_field_t apr_resp_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "AllowReplicationFactorChange", CT_BOOL, allow_replication_factor_change),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "Responses", responses, n_responses,
                  moldau_alter_partition_reassignments_response_topic_t, apr_topic_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_alter_partition_reassignments_request_encode,
             moldau_alter_partition_reassignments_request_t)
CONF_DECODER(moldau_alter_partition_reassignments_response_decode,
             moldau_alter_partition_reassignments_response_t)

/* ---- ListPartitionReassignments ----------------------------------------------------------- */

#define S moldau_list_partition_reassignments_request_topic_t
static const conf_field_t lpr_req_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY(S, "PartitionIndexes", partition_indexes, n_partition_indexes, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_list_partition_reassignments_request_t
static const conf_field_t lpr_req_fields[] = {
    CONF_F(S, "TimeoutMs", CT_INT32, timeout_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics,
                  moldau_list_partition_reassignments_request_topic_t, lpr_req_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_list_partition_reassignments_response_partition_t
static const conf_field_t lpr_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_ARRAY(S, "Replicas", replicas, n_replicas, CT_INT32, int32_t),
    CONF_ARRAY(S, "AddingReplicas", adding_replicas, n_adding_replicas, CT_INT32, int32_t),
    CONF_ARRAY(S, "RemovingReplicas", removing_replicas, n_removing_replicas, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_list_partition_reassignments_response_topic_t
static const conf_field_t lpr_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_list_partition_reassignments_response_partition_t,
                  lpr_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_list_partition_reassignments_response_t
static const conf_field_t lpr_resp_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics,
                  moldau_list_partition_reassignments_response_topic_t, lpr_topic_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_list_partition_reassignments_request_encode,
             moldau_list_partition_reassignments_request_t)
CONF_DECODER(moldau_list_partition_reassignments_response_decode,
             moldau_list_partition_reassignments_response_t)

/* ---- OffsetDelete ------------------------------------------------------------------------- */

#define S moldau_offset_delete_request_partition_t
static const conf_field_t od_req_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_delete_request_topic_t
static const conf_field_t od_req_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_offset_delete_request_partition_t, od_req_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_delete_request_t
static const conf_field_t od_req_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_offset_delete_request_topic_t,
                  od_req_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_delete_response_topic_t
static const conf_field_t od_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_offset_delete_response_partition_t, conf_partition_error_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_delete_response_t
static const conf_field_t od_resp_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_offset_delete_response_topic_t,
                  od_topic_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_offset_delete_request_encode, moldau_offset_delete_request_t)
CONF_DECODER(moldau_offset_delete_response_decode, moldau_offset_delete_response_t)

/* ---- the group ---------------------------------------------------------------------------- */

#define REQ(schema, T, fields, fn) {schema, sizeof(T), fields, fn##__conf, NULL}
#define RESP(schema, T, fields, fn) {schema, sizeof(T), fields, NULL, fn##__conf}

const conf_message_t conf_messages_admin_a[] = {
    REQ("DeleteRecordsRequest", moldau_delete_records_request_t, dr_req_fields,
        moldau_delete_records_request_encode),
    RESP("DeleteRecordsResponse", moldau_delete_records_response_t, dr_resp_fields,
         moldau_delete_records_response_decode),
    REQ("DescribeAclsRequest", moldau_describe_acls_request_t, acl_filter_fields,
        moldau_describe_acls_request_encode),
    RESP("DescribeAclsResponse", moldau_describe_acls_response_t, da_resp_fields,
         moldau_describe_acls_response_decode),
    REQ("CreateAclsRequest", moldau_create_acls_request_t, ca_req_fields,
        moldau_create_acls_request_encode),
    RESP("CreateAclsResponse", moldau_create_acls_response_t, ca_resp_fields,
         moldau_create_acls_response_decode),
    REQ("DeleteAclsRequest", moldau_delete_acls_request_t, dla_req_fields,
        moldau_delete_acls_request_encode),
    RESP("DeleteAclsResponse", moldau_delete_acls_response_t, dla_resp_fields,
         moldau_delete_acls_response_decode),
    REQ("AlterConfigsRequest", moldau_alter_configs_request_t, ac_req_fields,
        moldau_alter_configs_request_encode),
    RESP("AlterConfigsResponse", moldau_alter_configs_response_t, ac_resp_fields,
         moldau_alter_configs_response_decode),
    REQ("IncrementalAlterConfigsRequest", moldau_incremental_alter_configs_request_t,
        iac_req_fields, moldau_incremental_alter_configs_request_encode),
    RESP("IncrementalAlterConfigsResponse", moldau_incremental_alter_configs_response_t,
         ac_resp_fields, moldau_incremental_alter_configs_response_decode),
    REQ("DescribeLogDirsRequest", moldau_describe_log_dirs_request_t, dld_req_fields,
        moldau_describe_log_dirs_request_encode),
    RESP("DescribeLogDirsResponse", moldau_describe_log_dirs_response_t, dld_resp_fields,
         moldau_describe_log_dirs_response_decode),
    REQ("DeleteGroupsRequest", moldau_delete_groups_request_t, dg_req_fields,
        moldau_delete_groups_request_encode),
    RESP("DeleteGroupsResponse", moldau_delete_groups_response_t, dg_resp_fields,
         moldau_delete_groups_response_decode),
    REQ("ElectLeadersRequest", moldau_elect_leaders_request_t, el_req_fields,
        moldau_elect_leaders_request_encode),
    RESP("ElectLeadersResponse", moldau_elect_leaders_response_t, el_resp_fields,
         moldau_elect_leaders_response_decode),
    REQ("AlterPartitionReassignmentsRequest", moldau_alter_partition_reassignments_request_t,
        apr_req_fields, moldau_alter_partition_reassignments_request_encode),
    RESP("AlterPartitionReassignmentsResponse", moldau_alter_partition_reassignments_response_t,
         apr_resp_fields, moldau_alter_partition_reassignments_response_decode),
    REQ("ListPartitionReassignmentsRequest", moldau_list_partition_reassignments_request_t,
        lpr_req_fields, moldau_list_partition_reassignments_request_encode),
    RESP("ListPartitionReassignmentsResponse", moldau_list_partition_reassignments_response_t,
         lpr_resp_fields, moldau_list_partition_reassignments_response_decode),
    REQ("OffsetDeleteRequest", moldau_offset_delete_request_t, od_req_fields,
        moldau_offset_delete_request_encode),
    RESP("OffsetDeleteResponse", moldau_offset_delete_response_t, od_resp_fields,
         moldau_offset_delete_response_decode),
    CONF_END};
