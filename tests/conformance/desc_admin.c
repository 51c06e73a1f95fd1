/* Conformance descriptors for the admin, group-listing and SASL messages (msg_admin.h): how
 * each struct maps to its schema's field names. No version logic here (see desc.h). */
#include "desc.h"

/* ---- InitProducerId ---- */
#define S moldau_init_producer_id_request_t
static const conf_field_t ipi_req[] = {
    CONF_F(S, "TransactionalId", CT_STRING, transactional_id),
    CONF_F(S, "TransactionTimeoutMs", CT_INT32, transaction_timeout_ms),
    CONF_F(S, "ProducerId", CT_INT64, producer_id),
    CONF_F(S, "ProducerEpoch", CT_INT16, producer_epoch),
    CONF_FIELDS_END};
#undef S
#define S moldau_init_producer_id_response_t
static const conf_field_t ipi_resp[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ProducerId", CT_INT64, producer_id),
    CONF_F(S, "ProducerEpoch", CT_INT16, producer_epoch),
    CONF_FIELDS_END};
#undef S

/* ---- CreateTopics ---- */
#define S moldau_create_topics_request_assignment_t
static const conf_field_t ct_req_assignment[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_ARRAY(S, "BrokerIds", broker_ids, n_broker_ids, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S
#define S moldau_create_topics_request_config_t
static const conf_field_t ct_req_config[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "Value", CT_STRING, value),
    CONF_FIELDS_END};
#undef S
#define S moldau_create_topics_request_topic_t
static const conf_field_t ct_req_topic[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "NumPartitions", CT_INT32, num_partitions),
    CONF_F(S, "ReplicationFactor", CT_INT16, replication_factor),
    CONF_ARRAY_OF(S, "Assignments", assignments, n_assignments,
                  moldau_create_topics_request_assignment_t, ct_req_assignment),
    CONF_ARRAY_OF(S, "Configs", configs, n_configs, moldau_create_topics_request_config_t,
                  ct_req_config),
    CONF_FIELDS_END};
#undef S
#define S moldau_create_topics_request_t
static const conf_field_t ct_req[] = {
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_create_topics_request_topic_t,
                  ct_req_topic),
    CONF_F(S, "timeoutMs", CT_INT32, timeout_ms),
    CONF_F(S, "validateOnly", CT_BOOL, validate_only),
    CONF_FIELDS_END};
#undef S
#define S moldau_create_topics_response_config_t
static const conf_field_t ct_resp_config[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "Value", CT_STRING, value),
    CONF_F(S, "ReadOnly", CT_BOOL, read_only),
    CONF_F(S, "ConfigSource", CT_INT8, config_source),
    CONF_F(S, "IsSensitive", CT_BOOL, is_sensitive),
    CONF_FIELDS_END};
#undef S
#define S moldau_create_topics_response_topic_t
static const conf_field_t ct_resp_topic[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "TopicConfigErrorCode", CT_INT16, topic_config_error_code),
    CONF_F(S, "NumPartitions", CT_INT32, num_partitions),
    CONF_F(S, "ReplicationFactor", CT_INT16, replication_factor),
    CONF_ARRAY_OF(S, "Configs", configs, n_configs, moldau_create_topics_response_config_t,
                  ct_resp_config),
    CONF_FIELDS_END};
#undef S
#define S moldau_create_topics_response_t
static const conf_field_t ct_resp[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_create_topics_response_topic_t,
                  ct_resp_topic),
    CONF_FIELDS_END};
#undef S

/* ---- DeleteTopics ---- */
#define S moldau_delete_topics_request_topic_t
static const conf_field_t dt_req_topic[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_FIELDS_END};
#undef S
#define S moldau_delete_topics_request_t
static const conf_field_t dt_req[] = {
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_delete_topics_request_topic_t,
                  dt_req_topic),
    CONF_ARRAY(S, "TopicNames", topic_names, n_topic_names, CT_STRING, const char *),
    CONF_F(S, "TimeoutMs", CT_INT32, timeout_ms),
    CONF_FIELDS_END};
#undef S
#define S moldau_delete_topics_response_result_t
static const conf_field_t dt_resp_result[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S
#define S moldau_delete_topics_response_t
static const conf_field_t dt_resp[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Responses", responses, n_responses, moldau_delete_topics_response_result_t,
                  dt_resp_result),
    CONF_FIELDS_END};
#undef S

/* ---- CreatePartitions ---- */
#define S moldau_create_partitions_request_assignment_t
static const conf_field_t cp_req_assignment[] = {
    CONF_ARRAY(S, "BrokerIds", broker_ids, n_broker_ids, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S
#define S moldau_create_partitions_request_topic_t
static const conf_field_t cp_req_topic[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "Count", CT_INT32, count),
    CONF_ARRAY_OF(S, "Assignments", assignments, n_assignments,
                  moldau_create_partitions_request_assignment_t, cp_req_assignment),
    CONF_FIELDS_END};
#undef S
#define S moldau_create_partitions_request_t
static const conf_field_t cp_req[] = {
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_create_partitions_request_topic_t,
                  cp_req_topic),
    CONF_F(S, "TimeoutMs", CT_INT32, timeout_ms),
    CONF_F(S, "ValidateOnly", CT_BOOL, validate_only),
    CONF_FIELDS_END};
#undef S
#define S moldau_create_partitions_response_result_t
static const conf_field_t cp_resp_result[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S
#define S moldau_create_partitions_response_t
static const conf_field_t cp_resp[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Results", results, n_results, moldau_create_partitions_response_result_t,
                  cp_resp_result),
    CONF_FIELDS_END};
#undef S

/* ---- DescribeGroups ---- */
#define S moldau_describe_groups_request_t
static const conf_field_t dg_req[] = {
    CONF_ARRAY(S, "Groups", groups, n_groups, CT_STRING, const char *),
    CONF_F(S, "IncludeAuthorizedOperations", CT_BOOL, include_authorized_operations),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_groups_response_member_t
static const conf_field_t dg_resp_member[] = {
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "GroupInstanceId", CT_STRING, group_instance_id),
    CONF_F(S, "ClientId", CT_STRING, client_id),
    CONF_F(S, "ClientHost", CT_STRING, client_host),
    CONF_F(S, "MemberMetadata", CT_BYTES, member_metadata),
    CONF_F(S, "MemberAssignment", CT_BYTES, member_assignment),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_groups_response_group_t
static const conf_field_t dg_resp_group[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "GroupState", CT_STRING, group_state),
    CONF_F(S, "ProtocolType", CT_STRING, protocol_type),
    CONF_F(S, "ProtocolData", CT_STRING, protocol_data),
    CONF_ARRAY_OF(S, "Members", members, n_members, moldau_describe_groups_response_member_t,
                  dg_resp_member),
    CONF_F(S, "AuthorizedOperations", CT_INT32, authorized_operations),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_groups_response_t
static const conf_field_t dg_resp[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Groups", groups, n_groups, moldau_describe_groups_response_group_t,
                  dg_resp_group),
    CONF_FIELDS_END};
#undef S

/* ---- ListGroups ---- */
#define S moldau_list_groups_request_t
static const conf_field_t lg_req[] = {
    CONF_ARRAY(S, "StatesFilter", states_filter, n_states_filter, CT_STRING, const char *),
    CONF_ARRAY(S, "TypesFilter", types_filter, n_types_filter, CT_STRING, const char *),
    CONF_FIELDS_END};
#undef S
#define S moldau_list_groups_response_group_t
static const conf_field_t lg_resp_group[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "ProtocolType", CT_STRING, protocol_type),
    CONF_F(S, "GroupState", CT_STRING, group_state),
    CONF_F(S, "GroupType", CT_STRING, group_type),
    CONF_FIELDS_END};
#undef S
#define S moldau_list_groups_response_t
static const conf_field_t lg_resp[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_ARRAY_OF(S, "Groups", groups, n_groups, moldau_list_groups_response_group_t,
                  lg_resp_group),
    CONF_FIELDS_END};
#undef S

/* ---- DescribeConfigs ---- */
#define S moldau_describe_configs_request_resource_t
static const conf_field_t dc_req_resource[] = {
    CONF_F(S, "ResourceType", CT_INT8, resource_type),
    CONF_F(S, "ResourceName", CT_STRING, resource_name),
    CONF_ARRAY(S, "ConfigurationKeys", configuration_keys, n_configuration_keys, CT_STRING,
               const char *),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_configs_request_t
static const conf_field_t dc_req[] = {
    CONF_ARRAY_OF(S, "Resources", resources, n_resources,
                  moldau_describe_configs_request_resource_t, dc_req_resource),
    CONF_F(S, "IncludeSynonyms", CT_BOOL, include_synonyms),
    CONF_F(S, "IncludeDocumentation", CT_BOOL, include_documentation),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_configs_response_synonym_t
static const conf_field_t dc_resp_synonym[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "Value", CT_STRING, value),
    CONF_F(S, "Source", CT_INT8, source),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_configs_response_config_t
static const conf_field_t dc_resp_config[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "Value", CT_STRING, value),
    CONF_F(S, "ReadOnly", CT_BOOL, read_only),
    CONF_F(S, "ConfigSource", CT_INT8, config_source),
    CONF_F(S, "IsSensitive", CT_BOOL, is_sensitive),
    CONF_ARRAY_OF(S, "Synonyms", synonyms, n_synonyms, moldau_describe_configs_response_synonym_t,
                  dc_resp_synonym),
    CONF_F(S, "ConfigType", CT_INT8, config_type),
    CONF_F(S, "Documentation", CT_STRING, documentation),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_configs_response_result_t
static const conf_field_t dc_resp_result[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "ResourceType", CT_INT8, resource_type),
    CONF_F(S, "ResourceName", CT_STRING, resource_name),
    CONF_ARRAY_OF(S, "Configs", configs, n_configs, moldau_describe_configs_response_config_t,
                  dc_resp_config),
    CONF_FIELDS_END};
#undef S
#define S moldau_describe_configs_response_t
static const conf_field_t dc_resp[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Results", results, n_results, moldau_describe_configs_response_result_t,
                  dc_resp_result),
    CONF_FIELDS_END};
#undef S

/* ---- SaslHandshake, SaslAuthenticate ---- */
#define S moldau_sasl_handshake_request_t
static const conf_field_t sh_req[] = {
    CONF_F(S, "Mechanism", CT_STRING, mechanism),
    CONF_FIELDS_END};
#undef S
#define S moldau_sasl_handshake_response_t
static const conf_field_t sh_resp[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_ARRAY(S, "Mechanisms", mechanisms, n_mechanisms, CT_STRING, const char *),
    CONF_FIELDS_END};
#undef S
#define S moldau_sasl_authenticate_request_t
static const conf_field_t sa_req[] = {
    CONF_F(S, "AuthBytes", CT_BYTES, auth_bytes),
    CONF_FIELDS_END};
#undef S
#define S moldau_sasl_authenticate_response_t
static const conf_field_t sa_resp[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "AuthBytes", CT_BYTES, auth_bytes),
    CONF_F(S, "SessionLifetimeMs", CT_INT64, session_lifetime_ms),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_init_producer_id_request_encode, moldau_init_producer_id_request_t)
CONF_DECODER(moldau_init_producer_id_response_decode, moldau_init_producer_id_response_t)
CONF_ENCODER(moldau_create_topics_request_encode, moldau_create_topics_request_t)
CONF_DECODER(moldau_create_topics_response_decode, moldau_create_topics_response_t)
CONF_ENCODER(moldau_delete_topics_request_encode, moldau_delete_topics_request_t)
CONF_DECODER(moldau_delete_topics_response_decode, moldau_delete_topics_response_t)
CONF_ENCODER(moldau_create_partitions_request_encode, moldau_create_partitions_request_t)
CONF_DECODER(moldau_create_partitions_response_decode, moldau_create_partitions_response_t)
CONF_ENCODER(moldau_describe_groups_request_encode, moldau_describe_groups_request_t)
CONF_DECODER(moldau_describe_groups_response_decode, moldau_describe_groups_response_t)
CONF_ENCODER(moldau_list_groups_request_encode, moldau_list_groups_request_t)
CONF_DECODER(moldau_list_groups_response_decode, moldau_list_groups_response_t)
CONF_ENCODER(moldau_describe_configs_request_encode, moldau_describe_configs_request_t)
CONF_DECODER(moldau_describe_configs_response_decode, moldau_describe_configs_response_t)
CONF_ENCODER(moldau_sasl_handshake_request_encode, moldau_sasl_handshake_request_t)
CONF_DECODER(moldau_sasl_handshake_response_decode, moldau_sasl_handshake_response_t)
CONF_ENCODER(moldau_sasl_authenticate_request_encode, moldau_sasl_authenticate_request_t)
CONF_DECODER(moldau_sasl_authenticate_response_decode, moldau_sasl_authenticate_response_t)

#define REQ(name, T, fields, fn) {name, sizeof(T), fields, fn##__conf, NULL}
#define RESP(name, T, fields, fn) {name, sizeof(T), fields, NULL, fn##__conf}

const conf_message_t conf_messages_admin[] = {
    REQ("InitProducerIdRequest", moldau_init_producer_id_request_t, ipi_req,
        moldau_init_producer_id_request_encode),
    RESP("InitProducerIdResponse", moldau_init_producer_id_response_t, ipi_resp,
         moldau_init_producer_id_response_decode),
    REQ("CreateTopicsRequest", moldau_create_topics_request_t, ct_req,
        moldau_create_topics_request_encode),
    RESP("CreateTopicsResponse", moldau_create_topics_response_t, ct_resp,
         moldau_create_topics_response_decode),
    REQ("DeleteTopicsRequest", moldau_delete_topics_request_t, dt_req,
        moldau_delete_topics_request_encode),
    RESP("DeleteTopicsResponse", moldau_delete_topics_response_t, dt_resp,
         moldau_delete_topics_response_decode),
    REQ("CreatePartitionsRequest", moldau_create_partitions_request_t, cp_req,
        moldau_create_partitions_request_encode),
    RESP("CreatePartitionsResponse", moldau_create_partitions_response_t, cp_resp,
         moldau_create_partitions_response_decode),
    REQ("DescribeGroupsRequest", moldau_describe_groups_request_t, dg_req,
        moldau_describe_groups_request_encode),
    RESP("DescribeGroupsResponse", moldau_describe_groups_response_t, dg_resp,
         moldau_describe_groups_response_decode),
    REQ("ListGroupsRequest", moldau_list_groups_request_t, lg_req,
        moldau_list_groups_request_encode),
    RESP("ListGroupsResponse", moldau_list_groups_response_t, lg_resp,
         moldau_list_groups_response_decode),
    REQ("DescribeConfigsRequest", moldau_describe_configs_request_t, dc_req,
        moldau_describe_configs_request_encode),
    RESP("DescribeConfigsResponse", moldau_describe_configs_response_t, dc_resp,
         moldau_describe_configs_response_decode),
    REQ("SaslHandshakeRequest", moldau_sasl_handshake_request_t, sh_req,
        moldau_sasl_handshake_request_encode),
    RESP("SaslHandshakeResponse", moldau_sasl_handshake_response_t, sh_resp,
         moldau_sasl_handshake_response_decode),
    REQ("SaslAuthenticateRequest", moldau_sasl_authenticate_request_t, sa_req,
        moldau_sasl_authenticate_request_encode),
    RESP("SaslAuthenticateResponse", moldau_sasl_authenticate_response_t, sa_resp,
         moldau_sasl_authenticate_response_decode),
    CONF_END};
