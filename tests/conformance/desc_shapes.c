/* Conformance descriptors of the shapes several messages share (their structs in
 * moldau/protocol/core.h and msg_data.h; see desc.h): one table per struct. */
#include "desc.h"

#define S moldau_leader_id_and_epoch_t
const conf_field_t conf_leader_fields[] = {
    CONF_F(S, "LeaderId", CT_INT32, leader_id),
    CONF_F(S, "LeaderEpoch", CT_INT32, leader_epoch),
    CONF_FIELDS_END};
#undef S

#define S moldau_node_endpoint_t
const conf_field_t conf_node_endpoint_fields[] = {
    CONF_F(S, "NodeId", CT_INT32, node_id),
    CONF_F(S, "Host", CT_STRING, host),
    CONF_F(S, "Port", CT_INT32, port),
    CONF_F(S, "Rack", CT_STRING, rack),
    CONF_FIELDS_END};
#undef S

#define S moldau_partition_error_t
const conf_field_t conf_partition_error_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_FIELDS_END};
#undef S

#define S moldau_topic_id_partitions_t
const conf_field_t conf_topic_id_partitions_fields[] = {
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY(S, "Partitions", partitions, n_partitions, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_group_heartbeat_assignment_t
const conf_field_t conf_heartbeat_assignment_fields[] = {
    CONF_ARRAY_OF(S, "TopicPartitions", topic_partitions, n_topic_partitions,
                  moldau_topic_id_partitions_t, conf_topic_id_partitions_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_group_describe_topic_partitions_t
static const conf_field_t describe_topic_partitions_fields[] = {
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_F(S, "TopicName", CT_STRING, topic_name),
    CONF_ARRAY(S, "Partitions", partitions, n_partitions, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_group_describe_assignment_t
const conf_field_t conf_describe_assignment_fields[] = {
    CONF_ARRAY_OF(S, "TopicPartitions", topic_partitions, n_topic_partitions,
                  moldau_group_describe_topic_partitions_t, describe_topic_partitions_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_group_heartbeat_response_t
const conf_field_t conf_heartbeat_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "MemberEpoch", CT_INT32, member_epoch),
    CONF_F(S, "HeartbeatIntervalMs", CT_INT32, heartbeat_interval_ms),
    CONF_NSTRUCT(S, "Assignment", assignment, moldau_group_heartbeat_assignment_t,
                 conf_heartbeat_assignment_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_group_describe_request_t
const conf_field_t conf_group_describe_request_fields[] = {
    CONF_ARRAY(S, "GroupIds", group_ids, n_group_ids, CT_STRING, const char *),
    CONF_F(S, "IncludeAuthorizedOperations", CT_BOOL, include_authorized_operations),
    CONF_FIELDS_END};
#undef S
