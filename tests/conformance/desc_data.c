/* Conformance descriptors of the data-plane messages: ApiVersions, Metadata, Produce, Fetch and
 * ListOffsets, requests and responses. Field names are the schemas'; the modelled tagged
 * fields are described too. */
#include "desc.h"

/* ---- ApiVersions ------------------------------------------------------------------------- */

CONF_ENCODER(moldau_api_versions_request_encode, moldau_api_versions_request_t)
CONF_DECODER(moldau_api_versions_response_decode, moldau_api_versions_response_t)

#define S moldau_api_versions_request_t
static const conf_field_t api_versions_request[] = {
    CONF_F(S, "ClientSoftwareName", CT_STRING, client_software_name),
    CONF_F(S, "ClientSoftwareVersion", CT_STRING, client_software_version),
    CONF_FIELDS_END};
#undef S

#define S moldau_api_versions_response_api_key_t
static const conf_field_t api_versions_api_key[] = {
    CONF_F(S, "ApiKey", CT_INT16, api_key),
    CONF_F(S, "MinVersion", CT_INT16, min_version),
    CONF_F(S, "MaxVersion", CT_INT16, max_version),
    CONF_FIELDS_END};
#undef S
#define S moldau_api_versions_response_supported_feature_t
static const conf_field_t api_versions_supported_feature[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "MinVersion", CT_INT16, min_version),
    CONF_F(S, "MaxVersion", CT_INT16, max_version),
    CONF_FIELDS_END};
#undef S
#define S moldau_api_versions_response_finalized_feature_t
static const conf_field_t api_versions_finalized_feature[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "MaxVersionLevel", CT_INT16, max_version_level),
    CONF_F(S, "MinVersionLevel", CT_INT16, min_version_level),
    CONF_FIELDS_END};
#undef S
#define S moldau_api_versions_response_t
static const conf_field_t api_versions_response[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_ARRAY_OF(S, "ApiKeys", api_keys, n_api_keys, moldau_api_versions_response_api_key_t,
                  api_versions_api_key),
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "SupportedFeatures", supported_features, n_supported_features,
                  moldau_api_versions_response_supported_feature_t,
                  api_versions_supported_feature),
    CONF_F(S, "FinalizedFeaturesEpoch", CT_INT64, finalized_features_epoch),
    CONF_ARRAY_OF(S, "FinalizedFeatures", finalized_features, n_finalized_features,
                  moldau_api_versions_response_finalized_feature_t,
                  api_versions_finalized_feature),
    CONF_F(S, "ZkMigrationReady", CT_BOOL, zk_migration_ready),
    CONF_FIELDS_END};
#undef S

/* ---- Metadata ---------------------------------------------------------------------------- */

CONF_ENCODER(moldau_metadata_request_encode, moldau_metadata_request_t)
CONF_DECODER(moldau_metadata_response_decode, moldau_metadata_response_t)

#define S moldau_metadata_request_topic_t
static const conf_field_t metadata_request_topic[] = {
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_F(S, "Name", CT_STRING, name),
    CONF_FIELDS_END};
#undef S
#define S moldau_metadata_request_t
static const conf_field_t metadata_request[] = {
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_metadata_request_topic_t,
                  metadata_request_topic),
    CONF_F(S, "AllowAutoTopicCreation", CT_BOOL, allow_auto_topic_creation),
    CONF_F(S, "IncludeClusterAuthorizedOperations", CT_BOOL,
           include_cluster_authorized_operations),
    CONF_F(S, "IncludeTopicAuthorizedOperations", CT_BOOL, include_topic_authorized_operations),
    CONF_FIELDS_END};
#undef S

#define S moldau_metadata_response_broker_t
static const conf_field_t metadata_broker[] = {
    CONF_F(S, "NodeId", CT_INT32, node_id),
    CONF_F(S, "Host", CT_STRING, host),
    CONF_F(S, "Port", CT_INT32, port),
    CONF_F(S, "Rack", CT_STRING, rack),
    CONF_FIELDS_END};
#undef S
#define S moldau_metadata_response_partition_t
static const conf_field_t metadata_partition[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "LeaderId", CT_INT32, leader_id),
    CONF_F(S, "LeaderEpoch", CT_INT32, leader_epoch),
    CONF_ARRAY(S, "ReplicaNodes", replica_nodes, n_replica_nodes, CT_INT32, int32_t),
    CONF_ARRAY(S, "IsrNodes", isr_nodes, n_isr_nodes, CT_INT32, int32_t),
    CONF_ARRAY(S, "OfflineReplicas", offline_replicas, n_offline_replicas, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S
#define S moldau_metadata_response_topic_t
static const conf_field_t metadata_topic[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_F(S, "IsInternal", CT_BOOL, is_internal),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_metadata_response_partition_t, metadata_partition),
    CONF_F(S, "TopicAuthorizedOperations", CT_INT32, topic_authorized_operations),
    CONF_FIELDS_END};
#undef S
#define S moldau_metadata_response_t
static const conf_field_t metadata_response[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Brokers", brokers, n_brokers, moldau_metadata_response_broker_t,
                  metadata_broker),
    CONF_F(S, "ClusterId", CT_STRING, cluster_id),
    CONF_F(S, "ControllerId", CT_INT32, controller_id),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_metadata_response_topic_t,
                  metadata_topic),
    CONF_F(S, "ClusterAuthorizedOperations", CT_INT32, cluster_authorized_operations),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_FIELDS_END};
#undef S

/* ---- Produce ----------------------------------------------------------------------------- */

CONF_ENCODER(moldau_produce_request_encode, moldau_produce_request_t)
CONF_DECODER(moldau_produce_response_decode, moldau_produce_response_t)

#define S moldau_produce_request_partition_t
static const conf_field_t produce_request_partition[] = {
    CONF_F(S, "Index", CT_INT32, index),
    CONF_F(S, "Records", CT_BYTES, records),
    CONF_FIELDS_END};
#undef S
#define S moldau_produce_request_topic_t
static const conf_field_t produce_request_topic[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "PartitionData", partition_data, n_partition_data,
                  moldau_produce_request_partition_t, produce_request_partition),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_FIELDS_END};
#undef S
#define S moldau_produce_request_t
static const conf_field_t produce_request[] = {
    CONF_F(S, "TransactionalId", CT_STRING, transactional_id),
    CONF_F(S, "Acks", CT_INT16, acks),
    CONF_F(S, "TimeoutMs", CT_INT32, timeout_ms),
    CONF_ARRAY_OF(S, "TopicData", topic_data, n_topic_data, moldau_produce_request_topic_t,
                  produce_request_topic),
    CONF_FIELDS_END};
#undef S

#define S moldau_produce_response_record_error_t
static const conf_field_t produce_record_error[] = {
    CONF_F(S, "BatchIndex", CT_INT32, batch_index),
    CONF_F(S, "BatchIndexErrorMessage", CT_STRING, batch_index_error_message),
    CONF_FIELDS_END};
#undef S
#define S moldau_produce_response_partition_t
static const conf_field_t produce_response_partition[] = {
    CONF_F(S, "Index", CT_INT32, index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "BaseOffset", CT_INT64, base_offset),
    CONF_F(S, "LogAppendTimeMs", CT_INT64, log_append_time_ms),
    CONF_F(S, "LogStartOffset", CT_INT64, log_start_offset),
    CONF_ARRAY_OF(S, "RecordErrors", record_errors, n_record_errors,
                  moldau_produce_response_record_error_t, produce_record_error),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_STRUCT(S, "CurrentLeader", current_leader, conf_leader_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_produce_response_topic_t
static const conf_field_t produce_response_topic[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "PartitionResponses", partition_responses, n_partition_responses,
                  moldau_produce_response_partition_t, produce_response_partition),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_FIELDS_END};
#undef S
#define S moldau_produce_response_t
static const conf_field_t produce_response[] = {
    CONF_ARRAY_OF(S, "Responses", responses, n_responses, moldau_produce_response_topic_t,
                  produce_response_topic),
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "NodeEndpoints", node_endpoints, n_node_endpoints, moldau_node_endpoint_t,
                  conf_node_endpoint_fields),
    CONF_FIELDS_END};
#undef S

/* ---- Fetch ------------------------------------------------------------------------------- */

CONF_ENCODER(moldau_fetch_request_encode, moldau_fetch_request_t)
CONF_DECODER(moldau_fetch_response_decode, moldau_fetch_response_t)

#define S moldau_fetch_request_replica_state_t
static const conf_field_t fetch_replica_state[] = {
    CONF_F(S, "ReplicaId", CT_INT32, replica_id),
    CONF_F(S, "ReplicaEpoch", CT_INT64, replica_epoch),
    CONF_FIELDS_END};
#undef S
#define S moldau_fetch_request_partition_t
static const conf_field_t fetch_request_partition[] = {
    CONF_F(S, "Partition", CT_INT32, partition),
    CONF_F(S, "CurrentLeaderEpoch", CT_INT32, current_leader_epoch),
    CONF_F(S, "FetchOffset", CT_INT64, fetch_offset),
    CONF_F(S, "LastFetchedEpoch", CT_INT32, last_fetched_epoch),
    CONF_F(S, "LogStartOffset", CT_INT64, log_start_offset),
    CONF_F(S, "PartitionMaxBytes", CT_INT32, partition_max_bytes),
    CONF_F(S, "ReplicaDirectoryId", CT_UUID, replica_directory_id),
    CONF_F(S, "HighWatermark", CT_INT64, high_watermark),
    CONF_FIELDS_END};
#undef S
#define S moldau_fetch_request_topic_t
static const conf_field_t fetch_request_topic[] = {
    CONF_F(S, "Topic", CT_STRING, topic),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions, moldau_fetch_request_partition_t,
                  fetch_request_partition),
    CONF_FIELDS_END};
#undef S
#define S moldau_fetch_request_forgotten_topic_t
static const conf_field_t fetch_forgotten_topic[] = {
    CONF_F(S, "Topic", CT_STRING, topic),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY(S, "Partitions", partitions, n_partitions, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S
#define S moldau_fetch_request_t
static const conf_field_t fetch_request[] = {
    CONF_F(S, "ClusterId", CT_STRING, cluster_id),
    CONF_F(S, "ReplicaId", CT_INT32, replica_id),
    CONF_STRUCT(S, "ReplicaState", replica_state, fetch_replica_state),
    CONF_F(S, "MaxWaitMs", CT_INT32, max_wait_ms),
    CONF_F(S, "MinBytes", CT_INT32, min_bytes),
    CONF_F(S, "MaxBytes", CT_INT32, max_bytes),
    CONF_F(S, "IsolationLevel", CT_INT8, isolation_level),
    CONF_F(S, "SessionId", CT_INT32, session_id),
    CONF_F(S, "SessionEpoch", CT_INT32, session_epoch),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_fetch_request_topic_t,
                  fetch_request_topic),
    CONF_ARRAY_OF(S, "ForgottenTopicsData", forgotten_topics_data, n_forgotten_topics_data,
                  moldau_fetch_request_forgotten_topic_t, fetch_forgotten_topic),
    CONF_F(S, "RackId", CT_STRING, rack_id),
    CONF_FIELDS_END};
#undef S

#define S moldau_fetch_response_epoch_end_offset_t
static const conf_field_t fetch_epoch_end_offset[] = {
    CONF_F(S, "Epoch", CT_INT32, epoch),
    CONF_F(S, "EndOffset", CT_INT64, end_offset),
    CONF_FIELDS_END};
#undef S
#define S moldau_fetch_response_snapshot_id_t
static const conf_field_t fetch_snapshot_id[] = {
    CONF_F(S, "EndOffset", CT_INT64, end_offset),
    CONF_F(S, "Epoch", CT_INT32, epoch),
    CONF_FIELDS_END};
#undef S
#define S moldau_fetch_response_aborted_transaction_t
static const conf_field_t fetch_aborted_transaction[] = {
    CONF_F(S, "ProducerId", CT_INT64, producer_id),
    CONF_F(S, "FirstOffset", CT_INT64, first_offset),
    CONF_FIELDS_END};
#undef S
#define S moldau_fetch_response_partition_t
static const conf_field_t fetch_response_partition[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "HighWatermark", CT_INT64, high_watermark),
    CONF_F(S, "LastStableOffset", CT_INT64, last_stable_offset),
    CONF_F(S, "LogStartOffset", CT_INT64, log_start_offset),
    CONF_STRUCT(S, "DivergingEpoch", diverging_epoch, fetch_epoch_end_offset),
    CONF_STRUCT(S, "CurrentLeader", current_leader, conf_leader_fields),
    CONF_STRUCT(S, "SnapshotId", snapshot_id, fetch_snapshot_id),
    CONF_ARRAY_OF(S, "AbortedTransactions", aborted_transactions, n_aborted_transactions,
                  moldau_fetch_response_aborted_transaction_t, fetch_aborted_transaction),
    CONF_F(S, "PreferredReadReplica", CT_INT32, preferred_read_replica),
    CONF_F(S, "Records", CT_BYTES, records),
    CONF_FIELDS_END};
#undef S
#define S moldau_fetch_response_topic_t
static const conf_field_t fetch_response_topic[] = {
    CONF_F(S, "Topic", CT_STRING, topic),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions, moldau_fetch_response_partition_t,
                  fetch_response_partition),
    CONF_FIELDS_END};
#undef S
#define S moldau_fetch_response_t
static const conf_field_t fetch_response[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "SessionId", CT_INT32, session_id),
    CONF_ARRAY_OF(S, "Responses", responses, n_responses, moldau_fetch_response_topic_t,
                  fetch_response_topic),
    CONF_ARRAY_OF(S, "NodeEndpoints", node_endpoints, n_node_endpoints, moldau_node_endpoint_t,
                  conf_node_endpoint_fields),
    CONF_FIELDS_END};
#undef S

/* ---- ListOffsets ------------------------------------------------------------------------- */

CONF_ENCODER(moldau_list_offsets_request_encode, moldau_list_offsets_request_t)
CONF_DECODER(moldau_list_offsets_response_decode, moldau_list_offsets_response_t)

#define S moldau_list_offsets_request_partition_t
static const conf_field_t list_offsets_request_partition[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "CurrentLeaderEpoch", CT_INT32, current_leader_epoch),
    CONF_F(S, "Timestamp", CT_INT64, timestamp),
    CONF_FIELDS_END};
#undef S
#define S moldau_list_offsets_request_topic_t
static const conf_field_t list_offsets_request_topic[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_list_offsets_request_partition_t, list_offsets_request_partition),
    CONF_FIELDS_END};
#undef S
#define S moldau_list_offsets_request_t
static const conf_field_t list_offsets_request[] = {
    CONF_F(S, "ReplicaId", CT_INT32, replica_id),
    CONF_F(S, "IsolationLevel", CT_INT8, isolation_level),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_list_offsets_request_topic_t,
                  list_offsets_request_topic),
    CONF_F(S, "TimeoutMs", CT_INT32, timeout_ms),
    CONF_FIELDS_END};
#undef S

#define S moldau_list_offsets_response_partition_t
static const conf_field_t list_offsets_response_partition[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "Timestamp", CT_INT64, timestamp),
    CONF_F(S, "Offset", CT_INT64, offset),
    CONF_F(S, "LeaderEpoch", CT_INT32, leader_epoch),
    CONF_FIELDS_END};
#undef S
#define S moldau_list_offsets_response_topic_t
static const conf_field_t list_offsets_response_topic[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_list_offsets_response_partition_t, list_offsets_response_partition),
    CONF_FIELDS_END};
#undef S
#define S moldau_list_offsets_response_t
static const conf_field_t list_offsets_response[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_list_offsets_response_topic_t,
                  list_offsets_response_topic),
    CONF_FIELDS_END};
#undef S

#define REQ(schema, T, fields, fn) {schema, sizeof(T), fields, fn##__conf, NULL}
#define RESP(schema, T, fields, fn) {schema, sizeof(T), fields, NULL, fn##__conf}

const conf_message_t conf_messages_data[] = {
    REQ("ApiVersionsRequest", moldau_api_versions_request_t, api_versions_request,
        moldau_api_versions_request_encode),
    RESP("ApiVersionsResponse", moldau_api_versions_response_t, api_versions_response,
         moldau_api_versions_response_decode),
    REQ("MetadataRequest", moldau_metadata_request_t, metadata_request,
        moldau_metadata_request_encode),
    RESP("MetadataResponse", moldau_metadata_response_t, metadata_response,
         moldau_metadata_response_decode),
    REQ("ProduceRequest", moldau_produce_request_t, produce_request,
        moldau_produce_request_encode),
    RESP("ProduceResponse", moldau_produce_response_t, produce_response,
         moldau_produce_response_decode),
    REQ("FetchRequest", moldau_fetch_request_t, fetch_request, moldau_fetch_request_encode),
    RESP("FetchResponse", moldau_fetch_response_t, fetch_response, moldau_fetch_response_decode),
    REQ("ListOffsetsRequest", moldau_list_offsets_request_t, list_offsets_request,
        moldau_list_offsets_request_encode),
    RESP("ListOffsetsResponse", moldau_list_offsets_response_t, list_offsets_response,
         moldau_list_offsets_response_decode),
    CONF_END};
