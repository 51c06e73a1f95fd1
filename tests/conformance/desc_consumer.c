/* Conformance descriptors of the consumer's non-classic messages (msg_consumer.h; see
 * desc.h). */
#include "desc.h"

/* ---- OffsetForLeaderEpoch ----------------------------------------------------------------- */

#define S moldau_offset_for_leader_epoch_request_partition_t
static const conf_field_t ofle_request_partition_fields[] = {
    CONF_F(S, "Partition", CT_INT32, partition),
    CONF_F(S, "CurrentLeaderEpoch", CT_INT32, current_leader_epoch),
    CONF_F(S, "LeaderEpoch", CT_INT32, leader_epoch),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_for_leader_epoch_request_topic_t
static const conf_field_t ofle_request_topic_fields[] = {
    CONF_F(S, "Topic", CT_STRING, topic),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_offset_for_leader_epoch_request_partition_t,
                  ofle_request_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_for_leader_epoch_request_t
static const conf_field_t ofle_request_fields[] = {
    CONF_F(S, "ReplicaId", CT_INT32, replica_id),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_offset_for_leader_epoch_request_topic_t,
                  ofle_request_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_for_leader_epoch_response_partition_t
static const conf_field_t ofle_response_partition_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "Partition", CT_INT32, partition),
    CONF_F(S, "LeaderEpoch", CT_INT32, leader_epoch),
    CONF_F(S, "EndOffset", CT_INT64, end_offset),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_for_leader_epoch_response_topic_t
static const conf_field_t ofle_response_topic_fields[] = {
    CONF_F(S, "Topic", CT_STRING, topic),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_offset_for_leader_epoch_response_partition_t,
                  ofle_response_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_for_leader_epoch_response_t
static const conf_field_t ofle_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_offset_for_leader_epoch_response_topic_t,
                  ofle_response_topic_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_offset_for_leader_epoch_request_encode,
             moldau_offset_for_leader_epoch_request_t)
CONF_DECODER(moldau_offset_for_leader_epoch_response_decode,
             moldau_offset_for_leader_epoch_response_t)

/* ---- ConsumerGroupHeartbeat --------------------------------------------------------------- */

#define S moldau_consumer_group_heartbeat_request_t
static const conf_field_t cgh_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "MemberEpoch", CT_INT32, member_epoch),
    CONF_F(S, "InstanceId", CT_STRING, instance_id),
    CONF_F(S, "RackId", CT_STRING, rack_id),
    CONF_F(S, "RebalanceTimeoutMs", CT_INT32, rebalance_timeout_ms),
    CONF_ARRAY(S, "SubscribedTopicNames", subscribed_topic_names, n_subscribed_topic_names,
               CT_STRING, const char *),
    CONF_F(S, "SubscribedTopicRegex", CT_STRING, subscribed_topic_regex),
    CONF_F(S, "ServerAssignor", CT_STRING, server_assignor),
    CONF_ARRAY_OF(S, "TopicPartitions", topic_partitions, n_topic_partitions,
                  moldau_consumer_group_topic_partitions_t, conf_topic_id_partitions_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_consumer_group_heartbeat_request_encode,
             moldau_consumer_group_heartbeat_request_t)
CONF_DECODER(moldau_consumer_group_heartbeat_response_decode,
             moldau_consumer_group_heartbeat_response_t)

/* ---- ConsumerGroupDescribe ---------------------------------------------------------------- */

#define S moldau_consumer_group_describe_member_t
static const conf_field_t cgd_member_fields[] = {
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "InstanceId", CT_STRING, instance_id),
    CONF_F(S, "RackId", CT_STRING, rack_id),
    CONF_F(S, "MemberEpoch", CT_INT32, member_epoch),
    CONF_F(S, "ClientId", CT_STRING, client_id),
    CONF_F(S, "ClientHost", CT_STRING, client_host),
    CONF_ARRAY(S, "SubscribedTopicNames", subscribed_topic_names, n_subscribed_topic_names,
               CT_STRING, const char *),
    CONF_F(S, "SubscribedTopicRegex", CT_STRING, subscribed_topic_regex),
    CONF_STRUCT(S, "Assignment", assignment, conf_describe_assignment_fields),
    CONF_STRUCT(S, "TargetAssignment", target_assignment, conf_describe_assignment_fields),
    CONF_F(S, "MemberType", CT_INT8, member_type),
    CONF_FIELDS_END};
#undef S

#define S moldau_consumer_group_describe_group_t
static const conf_field_t cgd_group_fields[] = {
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "GroupState", CT_STRING, group_state),
    CONF_F(S, "GroupEpoch", CT_INT32, group_epoch),
    CONF_F(S, "AssignmentEpoch", CT_INT32, assignment_epoch),
    CONF_F(S, "AssignorName", CT_STRING, assignor_name),
    CONF_ARRAY_OF(S, "Members", members, n_members, moldau_consumer_group_describe_member_t,
                  cgd_member_fields),
    CONF_F(S, "AuthorizedOperations", CT_INT32, authorized_operations),
    CONF_FIELDS_END};
#undef S

#define S moldau_consumer_group_describe_response_t
static const conf_field_t cgd_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Groups", groups, n_groups, moldau_consumer_group_describe_group_t,
                  cgd_group_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_consumer_group_describe_request_encode,
             moldau_consumer_group_describe_request_t)
CONF_DECODER(moldau_consumer_group_describe_response_decode,
             moldau_consumer_group_describe_response_t)

#define REQ(name, T, fields, fn) {name, sizeof(T), fields, fn##__conf, NULL}
#define RESP(name, T, fields, fn) {name, sizeof(T), fields, NULL, fn##__conf}

const conf_message_t conf_messages_consumer[] = {
    REQ("OffsetForLeaderEpochRequest", moldau_offset_for_leader_epoch_request_t,
        ofle_request_fields, moldau_offset_for_leader_epoch_request_encode),
    RESP("OffsetForLeaderEpochResponse", moldau_offset_for_leader_epoch_response_t,
         ofle_response_fields, moldau_offset_for_leader_epoch_response_decode),
    REQ("ConsumerGroupHeartbeatRequest", moldau_consumer_group_heartbeat_request_t,
        cgh_request_fields, moldau_consumer_group_heartbeat_request_encode),
    RESP("ConsumerGroupHeartbeatResponse", moldau_consumer_group_heartbeat_response_t,
         conf_heartbeat_response_fields, moldau_consumer_group_heartbeat_response_decode),
    REQ("ConsumerGroupDescribeRequest", moldau_consumer_group_describe_request_t,
        conf_group_describe_request_fields, moldau_consumer_group_describe_request_encode),
    RESP("ConsumerGroupDescribeResponse", moldau_consumer_group_describe_response_t,
         cgd_response_fields, moldau_consumer_group_describe_response_decode),
    CONF_END};
