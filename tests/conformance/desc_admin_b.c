/* Conformance descriptors of the cluster-wide admin messages (msg_cluster.h; see desc.h). */
#include "desc.h"

/* ---- the client quota entity (DescribeClientQuotas, AlterClientQuotas) -------------------- */

#define S moldau_client_quota_entity_t
static const conf_field_t quota_entity_fields[] = {
    CONF_F(S, "EntityType", CT_STRING, entity_type),
    CONF_F(S, "EntityName", CT_STRING, entity_name),
    CONF_FIELDS_END};
#undef S

/* ---- DescribeClientQuotas ----------------------------------------------------------------- */

#define S moldau_describe_client_quotas_component_t
static const conf_field_t dcq_component_fields[] = {
    CONF_F(S, "EntityType", CT_STRING, entity_type),
    CONF_F(S, "MatchType", CT_INT8, match_type),
    CONF_F(S, "Match", CT_STRING, match),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_client_quotas_request_t
static const conf_field_t dcq_request_fields[] = {
    CONF_ARRAY_OF(S, "Components", components, n_components,
                  moldau_describe_client_quotas_component_t, dcq_component_fields),
    CONF_F(S, "Strict", CT_BOOL, strict),
    CONF_FIELDS_END};
#undef S
#define S moldau_client_quota_value_t
static const conf_field_t dcq_value_fields[] = {
    CONF_F(S, "Key", CT_STRING, key),
    CONF_F(S, "Value", CT_FLOAT64, value),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_client_quotas_entry_t
static const conf_field_t dcq_entry_fields[] = {
    CONF_ARRAY_OF(S, "Entity", entity, n_entity, moldau_client_quota_entity_t,
                  quota_entity_fields),
    CONF_ARRAY_OF(S, "Values", values, n_values, moldau_client_quota_value_t, dcq_value_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_client_quotas_response_t
static const conf_field_t dcq_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "Entries", entries, n_entries, moldau_describe_client_quotas_entry_t,
                  dcq_entry_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_describe_client_quotas_request_encode,
             moldau_describe_client_quotas_request_t)
CONF_DECODER(moldau_describe_client_quotas_response_decode,
             moldau_describe_client_quotas_response_t)

/* ---- AlterClientQuotas -------------------------------------------------------------------- */

#define S moldau_alter_client_quotas_op_t
static const conf_field_t acq_op_fields[] = {
    CONF_F(S, "Key", CT_STRING, key),
    CONF_F(S, "Value", CT_FLOAT64, value),
    CONF_F(S, "Remove", CT_BOOL, remove),
    CONF_FIELDS_END};
#undef S
#define S moldau_alter_client_quotas_request_entry_t
static const conf_field_t acq_request_entry_fields[] = {
    CONF_ARRAY_OF(S, "Entity", entity, n_entity, moldau_client_quota_entity_t,
                  quota_entity_fields),
    CONF_ARRAY_OF(S, "Ops", ops, n_ops, moldau_alter_client_quotas_op_t, acq_op_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_alter_client_quotas_request_t
static const conf_field_t acq_request_fields[] = {
    CONF_ARRAY_OF(S, "Entries", entries, n_entries, moldau_alter_client_quotas_request_entry_t,
                  acq_request_entry_fields),
    CONF_F(S, "ValidateOnly", CT_BOOL, validate_only),
    CONF_FIELDS_END};
#undef S
#define S moldau_alter_client_quotas_response_entry_t
static const conf_field_t acq_response_entry_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "Entity", entity, n_entity, moldau_client_quota_entity_t,
                  quota_entity_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_alter_client_quotas_response_t
static const conf_field_t acq_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Entries", entries, n_entries, moldau_alter_client_quotas_response_entry_t,
                  acq_response_entry_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_alter_client_quotas_request_encode, moldau_alter_client_quotas_request_t)
CONF_DECODER(moldau_alter_client_quotas_response_decode, moldau_alter_client_quotas_response_t)

/* ---- DescribeUserScramCredentials --------------------------------------------------------- */

#define S moldau_describe_user_scram_credentials_user_t
static const conf_field_t dusc_user_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_user_scram_credentials_request_t
static const conf_field_t dusc_request_fields[] = {
    CONF_ARRAY_OF(S, "Users", users, n_users, moldau_describe_user_scram_credentials_user_t,
                  dusc_user_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_scram_credential_info_t
static const conf_field_t dusc_info_fields[] = {
    CONF_F(S, "Mechanism", CT_INT8, mechanism),
    CONF_F(S, "Iterations", CT_INT32, iterations),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_user_scram_credentials_result_t
static const conf_field_t dusc_result_fields[] = {
    CONF_F(S, "User", CT_STRING, user),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "CredentialInfos", credential_infos, n_credential_infos,
                  moldau_scram_credential_info_t, dusc_info_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_user_scram_credentials_response_t
static const conf_field_t dusc_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "Results", results, n_results,
                  moldau_describe_user_scram_credentials_result_t, dusc_result_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_describe_user_scram_credentials_request_encode,
             moldau_describe_user_scram_credentials_request_t)
CONF_DECODER(moldau_describe_user_scram_credentials_response_decode,
             moldau_describe_user_scram_credentials_response_t)

/* ---- AlterUserScramCredentials ------------------------------------------------------------ */

#define S moldau_scram_credential_deletion_t
static const conf_field_t ausc_deletion_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "Mechanism", CT_INT8, mechanism),
    CONF_FIELDS_END};
#undef S
#define S moldau_scram_credential_upsertion_t
static const conf_field_t ausc_upsertion_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "Mechanism", CT_INT8, mechanism),
    CONF_F(S, "Iterations", CT_INT32, iterations),
    CONF_F(S, "Salt", CT_BYTES, salt),
    CONF_F(S, "SaltedPassword", CT_BYTES, salted_password),
    CONF_FIELDS_END};
#undef S
#define S moldau_alter_user_scram_credentials_request_t
static const conf_field_t ausc_request_fields[] = {
    CONF_ARRAY_OF(S, "Deletions", deletions, n_deletions, moldau_scram_credential_deletion_t,
                  ausc_deletion_fields),
    CONF_ARRAY_OF(S, "Upsertions", upsertions, n_upsertions,
                  moldau_scram_credential_upsertion_t, ausc_upsertion_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_alter_user_scram_credentials_result_t
static const conf_field_t ausc_result_fields[] = {
    CONF_F(S, "User", CT_STRING, user),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S
#define S moldau_alter_user_scram_credentials_response_t
static const conf_field_t ausc_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Results", results, n_results, moldau_alter_user_scram_credentials_result_t,
                  ausc_result_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_alter_user_scram_credentials_request_encode,
             moldau_alter_user_scram_credentials_request_t)
CONF_DECODER(moldau_alter_user_scram_credentials_response_decode,
             moldau_alter_user_scram_credentials_response_t)

/* ---- DescribeQuorum ----------------------------------------------------------------------- */

#define S moldau_describe_quorum_request_partition_t
static const conf_field_t dq_req_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_quorum_request_topic_t
static const conf_field_t dq_req_topic_fields[] = {
    CONF_F(S, "TopicName", CT_STRING, topic_name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_describe_quorum_request_partition_t, dq_req_partition_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_quorum_request_t
static const conf_field_t dq_request_fields[] = {
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_describe_quorum_request_topic_t,
                  dq_req_topic_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_quorum_replica_state_t
static const conf_field_t dq_replica_fields[] = {
    CONF_F(S, "ReplicaId", CT_INT32, replica_id),
    CONF_F(S, "ReplicaDirectoryId", CT_UUID, replica_directory_id),
    CONF_F(S, "LogEndOffset", CT_INT64, log_end_offset),
    CONF_F(S, "LastFetchTimestamp", CT_INT64, last_fetch_timestamp),
    CONF_F(S, "LastCaughtUpTimestamp", CT_INT64, last_caught_up_timestamp),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_quorum_partition_t
static const conf_field_t dq_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "LeaderId", CT_INT32, leader_id),
    CONF_F(S, "LeaderEpoch", CT_INT32, leader_epoch),
    CONF_F(S, "HighWatermark", CT_INT64, high_watermark),
    CONF_ARRAY_OF(S, "CurrentVoters", current_voters, n_current_voters,
                  moldau_describe_quorum_replica_state_t, dq_replica_fields),
    CONF_ARRAY_OF(S, "Observers", observers, n_observers, moldau_describe_quorum_replica_state_t,
                  dq_replica_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_quorum_topic_t
static const conf_field_t dq_topic_fields[] = {
    CONF_F(S, "TopicName", CT_STRING, topic_name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions, moldau_describe_quorum_partition_t,
                  dq_partition_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_quorum_listener_t
static const conf_field_t dq_listener_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "Host", CT_STRING, host),
    CONF_F(S, "Port", CT_UINT16, port),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_quorum_node_t
static const conf_field_t dq_node_fields[] = {
    CONF_F(S, "NodeId", CT_INT32, node_id),
    CONF_ARRAY_OF(S, "Listeners", listeners, n_listeners, moldau_describe_quorum_listener_t,
                  dq_listener_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_quorum_response_t
static const conf_field_t dq_response_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_describe_quorum_topic_t, dq_topic_fields),
    CONF_ARRAY_OF(S, "Nodes", nodes, n_nodes, moldau_describe_quorum_node_t, dq_node_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_describe_quorum_request_encode, moldau_describe_quorum_request_t)
CONF_DECODER(moldau_describe_quorum_response_decode, moldau_describe_quorum_response_t)

/* ---- UpdateFeatures ----------------------------------------------------------------------- */

#define S moldau_update_features_key_t
static const conf_field_t uf_key_fields[] = {
    CONF_F(S, "Feature", CT_STRING, feature),
    CONF_F(S, "MaxVersionLevel", CT_INT16, max_version_level),
    CONF_F(S, "AllowDowngrade", CT_BOOL, allow_downgrade),
    CONF_F(S, "UpgradeType", CT_INT8, upgrade_type),
    CONF_FIELDS_END};
#undef S
#define S moldau_update_features_request_t
static const conf_field_t uf_request_fields[] = {
    CONF_F(S, "timeoutMs", CT_INT32, timeout_ms),
    CONF_ARRAY_OF(S, "FeatureUpdates", feature_updates, n_feature_updates,
                  moldau_update_features_key_t, uf_key_fields),
    CONF_F(S, "ValidateOnly", CT_BOOL, validate_only),
    CONF_FIELDS_END};
#undef S
#define S moldau_update_features_result_t
static const conf_field_t uf_result_fields[] = {
    CONF_F(S, "Feature", CT_STRING, feature),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S
#define S moldau_update_features_response_t
static const conf_field_t uf_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "Results", results, n_results, moldau_update_features_result_t,
                  uf_result_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_update_features_request_encode, moldau_update_features_request_t)
CONF_DECODER(moldau_update_features_response_decode, moldau_update_features_response_t)

/* ---- DescribeCluster ---------------------------------------------------------------------- */

#define S moldau_describe_cluster_request_t
static const conf_field_t dc_request_fields[] = {
    CONF_F(S, "IncludeClusterAuthorizedOperations", CT_BOOL,
           include_cluster_authorized_operations),
    CONF_F(S, "EndpointType", CT_INT8, endpoint_type),
    CONF_F(S, "IncludeFencedBrokers", CT_BOOL, include_fenced_brokers),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_cluster_broker_t
static const conf_field_t dc_broker_fields[] = {
    CONF_F(S, "BrokerId", CT_INT32, broker_id),
    CONF_F(S, "Host", CT_STRING, host),
    CONF_F(S, "Port", CT_INT32, port),
    CONF_F(S, "Rack", CT_STRING, rack),
    CONF_F(S, "IsFenced", CT_BOOL, is_fenced),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_cluster_response_t
static const conf_field_t dc_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "EndpointType", CT_INT8, endpoint_type),
    CONF_F(S, "ClusterId", CT_STRING, cluster_id),
    CONF_F(S, "ControllerId", CT_INT32, controller_id),
    CONF_ARRAY_OF(S, "Brokers", brokers, n_brokers, moldau_describe_cluster_broker_t,
                  dc_broker_fields),
    CONF_F(S, "ClusterAuthorizedOperations", CT_INT32, cluster_authorized_operations),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_describe_cluster_request_encode, moldau_describe_cluster_request_t)
CONF_DECODER(moldau_describe_cluster_response_decode, moldau_describe_cluster_response_t)

/* ---- DescribeProducers -------------------------------------------------------------------- */

#define S moldau_describe_producers_request_topic_t
static const conf_field_t dp_req_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY(S, "PartitionIndexes", partition_indexes, n_partition_indexes, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_producers_request_t
static const conf_field_t dp_request_fields[] = {
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_describe_producers_request_topic_t,
                  dp_req_topic_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_producers_state_t
static const conf_field_t dp_state_fields[] = {
    CONF_F(S, "ProducerId", CT_INT64, producer_id),
    CONF_F(S, "ProducerEpoch", CT_INT32, producer_epoch),
    CONF_F(S, "LastSequence", CT_INT32, last_sequence),
    CONF_F(S, "LastTimestamp", CT_INT64, last_timestamp),
    CONF_F(S, "CoordinatorEpoch", CT_INT32, coordinator_epoch),
    CONF_F(S, "CurrentTxnStartOffset", CT_INT64, current_txn_start_offset),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_producers_partition_t
static const conf_field_t dp_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "ActiveProducers", active_producers, n_active_producers,
                  moldau_describe_producers_state_t, dp_state_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_producers_topic_t
static const conf_field_t dp_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_describe_producers_partition_t, dp_partition_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_producers_response_t
static const conf_field_t dp_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_describe_producers_topic_t,
                  dp_topic_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_describe_producers_request_encode, moldau_describe_producers_request_t)
CONF_DECODER(moldau_describe_producers_response_decode, moldau_describe_producers_response_t)

/* ---- DescribeTransactions ----------------------------------------------------------------- */

#define S moldau_describe_transactions_request_t
static const conf_field_t dtx_request_fields[] = {
    CONF_ARRAY(S, "TransactionalIds", transactional_ids, n_transactional_ids, CT_STRING,
               const char *),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_transactions_topic_t
static const conf_field_t dtx_topic_fields[] = {
    CONF_F(S, "Topic", CT_STRING, topic),
    CONF_ARRAY(S, "Partitions", partitions, n_partitions, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_transactions_state_t
static const conf_field_t dtx_state_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "TransactionalId", CT_STRING, transactional_id),
    CONF_F(S, "TransactionState", CT_STRING, transaction_state),
    CONF_F(S, "TransactionTimeoutMs", CT_INT32, transaction_timeout_ms),
    CONF_F(S, "TransactionStartTimeMs", CT_INT64, transaction_start_time_ms),
    CONF_F(S, "ProducerId", CT_INT64, producer_id),
    CONF_F(S, "ProducerEpoch", CT_INT16, producer_epoch),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_describe_transactions_topic_t,
                  dtx_topic_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_transactions_response_t
static const conf_field_t dtx_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "TransactionStates", transaction_states, n_transaction_states,
                  moldau_describe_transactions_state_t, dtx_state_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_describe_transactions_request_encode, moldau_describe_transactions_request_t)
CONF_DECODER(moldau_describe_transactions_response_decode,
             moldau_describe_transactions_response_t)

/* ---- ListTransactions --------------------------------------------------------------------- */

#define S moldau_list_transactions_request_t
static const conf_field_t ltx_request_fields[] = {
    CONF_ARRAY(S, "StateFilters", state_filters, n_state_filters, CT_STRING, const char *),
    CONF_ARRAY(S, "ProducerIdFilters", producer_id_filters, n_producer_id_filters, CT_INT64,
               int64_t),
    CONF_F(S, "DurationFilter", CT_INT64, duration_filter),
    CONF_F(S, "TransactionalIdPattern", CT_STRING, transactional_id_pattern),
    CONF_FIELDS_END};
#undef S
#define S moldau_list_transactions_state_t
static const conf_field_t ltx_state_fields[] = {
    CONF_F(S, "TransactionalId", CT_STRING, transactional_id),
    CONF_F(S, "ProducerId", CT_INT64, producer_id),
    CONF_F(S, "TransactionState", CT_STRING, transaction_state),
    CONF_FIELDS_END};
#undef S
#define S moldau_list_transactions_response_t
static const conf_field_t ltx_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_ARRAY(S, "UnknownStateFilters", unknown_state_filters, n_unknown_state_filters,
               CT_STRING, const char *),
    CONF_ARRAY_OF(S, "TransactionStates", transaction_states, n_transaction_states,
                  moldau_list_transactions_state_t, ltx_state_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_list_transactions_request_encode, moldau_list_transactions_request_t)
CONF_DECODER(moldau_list_transactions_response_decode, moldau_list_transactions_response_t)

/* ---- ListConfigResources ------------------------------------------------------------------ */

#define S moldau_list_config_resources_request_t
static const conf_field_t lcr_request_fields[] = {
    CONF_ARRAY(S, "ResourceTypes", resource_types, n_resource_types, CT_INT8, int8_t),
    CONF_FIELDS_END};
#undef S
#define S moldau_list_config_resource_t
static const conf_field_t lcr_resource_fields[] = {
    CONF_F(S, "ResourceName", CT_STRING, resource_name),
    CONF_F(S, "ResourceType", CT_INT8, resource_type),
    CONF_FIELDS_END};
#undef S
#define S moldau_list_config_resources_response_t
static const conf_field_t lcr_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_ARRAY_OF(S, "ConfigResources", config_resources, n_config_resources,
                  moldau_list_config_resource_t, lcr_resource_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_list_config_resources_request_encode, moldau_list_config_resources_request_t)
CONF_DECODER(moldau_list_config_resources_response_decode,
             moldau_list_config_resources_response_t)

/* ---- DescribeTopicPartitions -------------------------------------------------------------- */

#define S moldau_describe_topic_partitions_cursor_t
static const conf_field_t dtp_cursor_fields[] = {
    CONF_F(S, "TopicName", CT_STRING, topic_name),
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_topic_partitions_request_topic_t
static const conf_field_t dtp_req_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_topic_partitions_request_t
static const conf_field_t dtp_request_fields[] = {
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_describe_topic_partitions_request_topic_t,
                  dtp_req_topic_fields),
    CONF_F(S, "ResponsePartitionLimit", CT_INT32, response_partition_limit),
    CONF_NSTRUCT(S, "Cursor", cursor, moldau_describe_topic_partitions_cursor_t,
                 dtp_cursor_fields),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_topic_partitions_partition_t
static const conf_field_t dtp_partition_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "LeaderId", CT_INT32, leader_id),
    CONF_F(S, "LeaderEpoch", CT_INT32, leader_epoch),
    CONF_ARRAY(S, "ReplicaNodes", replica_nodes, n_replica_nodes, CT_INT32, int32_t),
    CONF_ARRAY(S, "IsrNodes", isr_nodes, n_isr_nodes, CT_INT32, int32_t),
    CONF_ARRAY(S, "EligibleLeaderReplicas", eligible_leader_replicas, n_eligible_leader_replicas,
               CT_INT32, int32_t),
    CONF_ARRAY(S, "LastKnownElr", last_known_elr, n_last_known_elr, CT_INT32, int32_t),
    CONF_ARRAY(S, "OfflineReplicas", offline_replicas, n_offline_replicas, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_topic_partitions_topic_t
static const conf_field_t dtp_topic_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_F(S, "IsInternal", CT_BOOL, is_internal),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_describe_topic_partitions_partition_t, dtp_partition_fields),
    CONF_F(S, "TopicAuthorizedOperations", CT_INT32, topic_authorized_operations),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_topic_partitions_response_t
static const conf_field_t dtp_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_describe_topic_partitions_topic_t,
                  dtp_topic_fields),
    CONF_NSTRUCT(S, "NextCursor", next_cursor, moldau_describe_topic_partitions_cursor_t,
                 dtp_cursor_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_describe_topic_partitions_request_encode,
             moldau_describe_topic_partitions_request_t)
CONF_DECODER(moldau_describe_topic_partitions_response_decode,
             moldau_describe_topic_partitions_response_t)

/* ---- the group ---------------------------------------------------------------------------- */

#define REQ(schema, T, fields, fn) {schema, sizeof(T), fields, fn##__conf, NULL}
#define RESP(schema, T, fields, fn) {schema, sizeof(T), fields, NULL, fn##__conf}

const conf_message_t conf_messages_admin_b[] = {
    REQ("DescribeClientQuotasRequest", moldau_describe_client_quotas_request_t,
        dcq_request_fields, moldau_describe_client_quotas_request_encode),
    RESP("DescribeClientQuotasResponse", moldau_describe_client_quotas_response_t,
         dcq_response_fields, moldau_describe_client_quotas_response_decode),
    REQ("AlterClientQuotasRequest", moldau_alter_client_quotas_request_t, acq_request_fields,
        moldau_alter_client_quotas_request_encode),
    RESP("AlterClientQuotasResponse", moldau_alter_client_quotas_response_t,
         acq_response_fields, moldau_alter_client_quotas_response_decode),
    REQ("DescribeUserScramCredentialsRequest", moldau_describe_user_scram_credentials_request_t,
        dusc_request_fields, moldau_describe_user_scram_credentials_request_encode),
    RESP("DescribeUserScramCredentialsResponse",
         moldau_describe_user_scram_credentials_response_t, dusc_response_fields,
         moldau_describe_user_scram_credentials_response_decode),
    REQ("AlterUserScramCredentialsRequest", moldau_alter_user_scram_credentials_request_t,
        ausc_request_fields, moldau_alter_user_scram_credentials_request_encode),
    RESP("AlterUserScramCredentialsResponse", moldau_alter_user_scram_credentials_response_t,
         ausc_response_fields, moldau_alter_user_scram_credentials_response_decode),
    REQ("DescribeQuorumRequest", moldau_describe_quorum_request_t, dq_request_fields,
        moldau_describe_quorum_request_encode),
    RESP("DescribeQuorumResponse", moldau_describe_quorum_response_t, dq_response_fields,
         moldau_describe_quorum_response_decode),
    REQ("UpdateFeaturesRequest", moldau_update_features_request_t, uf_request_fields,
        moldau_update_features_request_encode),
    RESP("UpdateFeaturesResponse", moldau_update_features_response_t, uf_response_fields,
         moldau_update_features_response_decode),
    REQ("DescribeClusterRequest", moldau_describe_cluster_request_t, dc_request_fields,
        moldau_describe_cluster_request_encode),
    RESP("DescribeClusterResponse", moldau_describe_cluster_response_t, dc_response_fields,
         moldau_describe_cluster_response_decode),
    REQ("DescribeProducersRequest", moldau_describe_producers_request_t, dp_request_fields,
        moldau_describe_producers_request_encode),
    RESP("DescribeProducersResponse", moldau_describe_producers_response_t, dp_response_fields,
         moldau_describe_producers_response_decode),
    REQ("DescribeTransactionsRequest", moldau_describe_transactions_request_t,
        dtx_request_fields, moldau_describe_transactions_request_encode),
    RESP("DescribeTransactionsResponse", moldau_describe_transactions_response_t,
         dtx_response_fields, moldau_describe_transactions_response_decode),
    REQ("ListTransactionsRequest", moldau_list_transactions_request_t, ltx_request_fields,
        moldau_list_transactions_request_encode),
    RESP("ListTransactionsResponse", moldau_list_transactions_response_t, ltx_response_fields,
         moldau_list_transactions_response_decode),
    REQ("ListConfigResourcesRequest", moldau_list_config_resources_request_t,
        lcr_request_fields, moldau_list_config_resources_request_encode),
    RESP("ListConfigResourcesResponse", moldau_list_config_resources_response_t,
         lcr_response_fields, moldau_list_config_resources_response_decode),
    REQ("DescribeTopicPartitionsRequest", moldau_describe_topic_partitions_request_t,
        dtp_request_fields, moldau_describe_topic_partitions_request_encode),
    RESP("DescribeTopicPartitionsResponse", moldau_describe_topic_partitions_response_t,
         dtp_response_fields, moldau_describe_topic_partitions_response_decode),
    CONF_END};
