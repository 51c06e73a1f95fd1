/* Conformance descriptors of the share-group messages (msg_share.h; see desc.h). */
#include "desc.h"

/* ---- ShareGroupHeartbeat ------------------------------------------------------------------ */

#define S moldau_share_group_heartbeat_request_t
static const conf_field_t sgh_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "MemberEpoch", CT_INT32, member_epoch),
    CONF_F(S, "RackId", CT_STRING, rack_id),
    CONF_ARRAY(S, "SubscribedTopicNames", subscribed_topic_names, n_subscribed_topic_names,
               CT_STRING, const char *),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_share_group_heartbeat_request_encode, moldau_share_group_heartbeat_request_t)
CONF_DECODER(moldau_share_group_heartbeat_response_decode,
             moldau_share_group_heartbeat_response_t)

/* ---- ShareGroupDescribe ------------------------------------------------------------------- */

#define S moldau_share_group_describe_member_t
static const conf_field_t sgd_member_fields[] = {
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "RackId", CT_STRING, rack_id),
    CONF_F(S, "MemberEpoch", CT_INT32, member_epoch),
    CONF_F(S, "ClientId", CT_STRING, client_id),
    CONF_F(S, "ClientHost", CT_STRING, client_host),
    CONF_ARRAY(S, "SubscribedTopicNames", subscribed_topic_names, n_subscribed_topic_names,
               CT_STRING, const char *),
    CONF_STRUCT(S, "Assignment", assignment, conf_describe_assignment_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_group_describe_group_t
static const conf_field_t sgd_group_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "GroupState", CT_STRING, group_state),
    CONF_F(S, "GroupEpoch", CT_INT32, group_epoch),
    CONF_F(S, "AssignmentEpoch", CT_INT32, assignment_epoch),
    CONF_F(S, "AssignorName", CT_STRING, assignor_name),
    CONF_ARRAY_OF(S, "Members", members, n_members, moldau_share_group_describe_member_t,
                  sgd_member_fields),
    CONF_F(S, "AuthorizedOperations", CT_INT32, authorized_operations),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_group_describe_response_t
static const conf_field_t sgd_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Groups", groups, n_groups, moldau_share_group_describe_group_t,
                  sgd_group_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_share_group_describe_request_encode, moldau_share_group_describe_request_t)
CONF_DECODER(moldau_share_group_describe_response_decode, moldau_share_group_describe_response_t)

/* ---- acknowledgements (ShareFetch and ShareAcknowledge requests) --------------------------- */

#define S moldau_share_ack_batch_t
static const conf_field_t ack_batch_fields[] = {
    CONF_F(S, "FirstOffset", CT_INT64, first_offset),
    CONF_F(S, "LastOffset", CT_INT64, last_offset),
    CONF_ARRAY(S, "AcknowledgeTypes", acknowledge_types, n_acknowledge_types, CT_INT8, int8_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_ack_partition_t
static const conf_field_t ack_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_ARRAY_OF(S, "AcknowledgementBatches", acknowledgement_batches,
                  n_acknowledgement_batches, moldau_share_ack_batch_t, ack_batch_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_ack_topic_t
static const conf_field_t ack_topic_fields[] = {
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions, moldau_share_ack_partition_t,
                  ack_partition_fields),
    CONF_FIELDS_END};
#undef S

/* ---- ShareFetch --------------------------------------------------------------------------- */

#define S moldau_share_fetch_request_t
static const conf_field_t sf_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "ShareSessionEpoch", CT_INT32, share_session_epoch),
    CONF_F(S, "MaxWaitMs", CT_INT32, max_wait_ms),
    CONF_F(S, "MinBytes", CT_INT32, min_bytes),
    CONF_F(S, "MaxBytes", CT_INT32, max_bytes),
    CONF_F(S, "MaxRecords", CT_INT32, max_records),
    CONF_F(S, "BatchSize", CT_INT32, batch_size),
    CONF_F(S, "ShareAcquireMode", CT_INT8, share_acquire_mode),
    CONF_F(S, "IsRenewAck", CT_BOOL, is_renew_ack),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_share_ack_topic_t, ack_topic_fields),
    CONF_ARRAY_OF(S, "ForgottenTopicsData", forgotten_topics_data, n_forgotten_topics_data,
                  moldau_share_topic_partitions_t, conf_topic_id_partitions_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_acquired_records_t
static const conf_field_t sf_acquired_fields[] = {
    CONF_F(S, "FirstOffset", CT_INT64, first_offset),
    CONF_F(S, "LastOffset", CT_INT64, last_offset),
    CONF_F(S, "DeliveryCount", CT_INT16, delivery_count),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_fetch_response_partition_t
static const conf_field_t sf_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "AcknowledgeErrorCode", CT_INT16, acknowledge_error_code),
    CONF_F(S, "AcknowledgeErrorMessage", CT_STRING, acknowledge_error_message),
    CONF_STRUCT(S, "CurrentLeader", current_leader, conf_leader_fields),
    CONF_F(S, "Records", CT_BYTES, records),
    CONF_ARRAY_OF(S, "AcquiredRecords", acquired_records, n_acquired_records,
                  moldau_share_acquired_records_t, sf_acquired_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_fetch_response_topic_t
static const conf_field_t sf_topic_fields[] = {
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_share_fetch_response_partition_t, sf_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_fetch_response_t
static const conf_field_t sf_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "AcquisitionLockTimeoutMs", CT_INT32, acquisition_lock_timeout_ms),
    CONF_ARRAY_OF(S, "Responses", responses, n_responses, moldau_share_fetch_response_topic_t,
                  sf_topic_fields),
    CONF_ARRAY_OF(S, "NodeEndpoints", node_endpoints, n_node_endpoints, moldau_node_endpoint_t,
                  conf_node_endpoint_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_share_fetch_request_encode, moldau_share_fetch_request_t)
CONF_DECODER(moldau_share_fetch_response_decode, moldau_share_fetch_response_t)

/* ---- ShareAcknowledge --------------------------------------------------------------------- */

#define S moldau_share_acknowledge_request_t
static const conf_field_t sa_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "ShareSessionEpoch", CT_INT32, share_session_epoch),
    CONF_F(S, "IsRenewAck", CT_BOOL, is_renew_ack),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_share_ack_topic_t, ack_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_acknowledge_response_partition_t
static const conf_field_t sa_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_STRUCT(S, "CurrentLeader", current_leader, conf_leader_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_acknowledge_response_topic_t
static const conf_field_t sa_topic_fields[] = {
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_share_acknowledge_response_partition_t, sa_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_share_acknowledge_response_t
static const conf_field_t sa_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "AcquisitionLockTimeoutMs", CT_INT32, acquisition_lock_timeout_ms),
    CONF_ARRAY_OF(S, "Responses", responses, n_responses,
                  moldau_share_acknowledge_response_topic_t, sa_topic_fields),
    CONF_ARRAY_OF(S, "NodeEndpoints", node_endpoints, n_node_endpoints, moldau_node_endpoint_t,
                  conf_node_endpoint_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_share_acknowledge_request_encode, moldau_share_acknowledge_request_t)
CONF_DECODER(moldau_share_acknowledge_response_decode, moldau_share_acknowledge_response_t)

/* ---- DescribeShareGroupOffsets ------------------------------------------------------------ */

#define S moldau_describe_share_group_offsets_request_topic_t
static const conf_field_t dsgo_request_topic_fields[] = {
    CONF_F(S, "TopicName", CT_STRING, topic_name),
    CONF_ARRAY(S, "Partitions", partitions, n_partitions, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_share_group_offsets_request_group_t
static const conf_field_t dsgo_request_group_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics,
                  moldau_describe_share_group_offsets_request_topic_t,
                  dsgo_request_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_share_group_offsets_request_t
static const conf_field_t dsgo_request_fields[] = {
    CONF_ARRAY_OF(S, "Groups", groups, n_groups,
                  moldau_describe_share_group_offsets_request_group_t,
                  dsgo_request_group_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_share_group_offsets_response_partition_t
static const conf_field_t dsgo_response_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "StartOffset", CT_INT64, start_offset),
    CONF_F(S, "LeaderEpoch", CT_INT32, leader_epoch),
    CONF_F(S, "Lag", CT_INT64, lag),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_share_group_offsets_response_topic_t
static const conf_field_t dsgo_response_topic_fields[] = {
    CONF_F(S, "TopicName", CT_STRING, topic_name),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_describe_share_group_offsets_response_partition_t,
                  dsgo_response_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_share_group_offsets_response_group_t
static const conf_field_t dsgo_response_group_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics,
                  moldau_describe_share_group_offsets_response_topic_t,
                  dsgo_response_topic_fields),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S

#define S moldau_describe_share_group_offsets_response_t
static const conf_field_t dsgo_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Groups", groups, n_groups,
                  moldau_describe_share_group_offsets_response_group_t,
                  dsgo_response_group_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_describe_share_group_offsets_request_encode,
             moldau_describe_share_group_offsets_request_t)
CONF_DECODER(moldau_describe_share_group_offsets_response_decode,
             moldau_describe_share_group_offsets_response_t)

/* ---- AlterShareGroupOffsets --------------------------------------------------------------- */

#define S moldau_alter_share_group_offsets_request_partition_t
static const conf_field_t asgo_request_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "StartOffset", CT_INT64, start_offset),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_share_group_offsets_request_topic_t
static const conf_field_t asgo_request_topic_fields[] = {
    CONF_F(S, "TopicName", CT_STRING, topic_name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_alter_share_group_offsets_request_partition_t,
                  asgo_request_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_share_group_offsets_request_t
static const conf_field_t asgo_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_alter_share_group_offsets_request_topic_t,
                  asgo_request_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_share_group_offsets_response_partition_t
static const conf_field_t asgo_response_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_share_group_offsets_response_topic_t
static const conf_field_t asgo_response_topic_fields[] = {
    CONF_F(S, "TopicName", CT_STRING, topic_name),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_alter_share_group_offsets_response_partition_t,
                  asgo_response_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_alter_share_group_offsets_response_t
static const conf_field_t asgo_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "Responses", responses, n_responses,
                  moldau_alter_share_group_offsets_response_topic_t, asgo_response_topic_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_alter_share_group_offsets_request_encode,
             moldau_alter_share_group_offsets_request_t)
CONF_DECODER(moldau_alter_share_group_offsets_response_decode,
             moldau_alter_share_group_offsets_response_t)

/* ---- DeleteShareGroupOffsets -------------------------------------------------------------- */

#define S moldau_delete_share_group_offsets_request_topic_t
static const conf_field_t dlsgo_request_topic_fields[] = {
    CONF_F(S, "TopicName", CT_STRING, topic_name),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_share_group_offsets_request_t
static const conf_field_t dlsgo_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_delete_share_group_offsets_request_topic_t,
                  dlsgo_request_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_share_group_offsets_response_topic_t
static const conf_field_t dlsgo_response_topic_fields[] = {
    CONF_F(S, "TopicName", CT_STRING, topic_name),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S

#define S moldau_delete_share_group_offsets_response_t
static const conf_field_t dlsgo_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_ARRAY_OF(S, "Responses", responses, n_responses,
                  moldau_delete_share_group_offsets_response_topic_t, dlsgo_response_topic_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_delete_share_group_offsets_request_encode,
             moldau_delete_share_group_offsets_request_t)
CONF_DECODER(moldau_delete_share_group_offsets_response_decode,
             moldau_delete_share_group_offsets_response_t)

#define REQ(name, T, fields, fn) {name, sizeof(T), fields, fn##__conf, NULL}
#define RESP(name, T, fields, fn) {name, sizeof(T), fields, NULL, fn##__conf}

const conf_message_t conf_messages_share[] = {
    REQ("ShareGroupHeartbeatRequest", moldau_share_group_heartbeat_request_t, sgh_request_fields,
        moldau_share_group_heartbeat_request_encode),
    RESP("ShareGroupHeartbeatResponse", moldau_share_group_heartbeat_response_t,
         conf_heartbeat_response_fields, moldau_share_group_heartbeat_response_decode),
    REQ("ShareGroupDescribeRequest", moldau_share_group_describe_request_t,
        conf_group_describe_request_fields, moldau_share_group_describe_request_encode),
    RESP("ShareGroupDescribeResponse", moldau_share_group_describe_response_t,
         sgd_response_fields, moldau_share_group_describe_response_decode),
    REQ("ShareFetchRequest", moldau_share_fetch_request_t, sf_request_fields,
        moldau_share_fetch_request_encode),
    RESP("ShareFetchResponse", moldau_share_fetch_response_t, sf_response_fields,
         moldau_share_fetch_response_decode),
    REQ("ShareAcknowledgeRequest", moldau_share_acknowledge_request_t, sa_request_fields,
        moldau_share_acknowledge_request_encode),
    RESP("ShareAcknowledgeResponse", moldau_share_acknowledge_response_t, sa_response_fields,
         moldau_share_acknowledge_response_decode),
    REQ("DescribeShareGroupOffsetsRequest", moldau_describe_share_group_offsets_request_t,
        dsgo_request_fields, moldau_describe_share_group_offsets_request_encode),
    RESP("DescribeShareGroupOffsetsResponse", moldau_describe_share_group_offsets_response_t,
         dsgo_response_fields, moldau_describe_share_group_offsets_response_decode),
    REQ("AlterShareGroupOffsetsRequest", moldau_alter_share_group_offsets_request_t,
        asgo_request_fields, moldau_alter_share_group_offsets_request_encode),
    RESP("AlterShareGroupOffsetsResponse", moldau_alter_share_group_offsets_response_t,
         asgo_response_fields, moldau_alter_share_group_offsets_response_decode),
    REQ("DeleteShareGroupOffsetsRequest", moldau_delete_share_group_offsets_request_t,
        dlsgo_request_fields, moldau_delete_share_group_offsets_request_encode),
    RESP("DeleteShareGroupOffsetsResponse", moldau_delete_share_group_offsets_response_t,
         dlsgo_response_fields, moldau_delete_share_group_offsets_response_decode),
    CONF_END};
