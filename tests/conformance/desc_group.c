/* Conformance descriptors of the consumer-group messages and the "consumer" protocol payloads
 * (see desc.h). */
#include "desc.h"

/* ---- FindCoordinator ---------------------------------------------------------------------- */

#define S moldau_find_coordinator_request_t
static const conf_field_t find_coordinator_request_fields[] = {
    CONF_F(S, "Key", CT_STRING, key),
    CONF_F(S, "KeyType", CT_INT8, key_type),
    CONF_ARRAY(S, "CoordinatorKeys", coordinator_keys, n_coordinator_keys, CT_STRING,
               const char *),
    CONF_FIELDS_END};
#undef S

#define S moldau_find_coordinator_response_coordinator_t
static const conf_field_t find_coordinator_coordinator_fields[] = {
    CONF_F(S, "Key", CT_STRING, key),
    CONF_F(S, "NodeId", CT_INT32, node_id),
    CONF_F(S, "Host", CT_STRING, host),
    CONF_F(S, "Port", CT_INT32, port),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_FIELDS_END};
#undef S

#define S moldau_find_coordinator_response_t
static const conf_field_t find_coordinator_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ErrorMessage", CT_STRING, error_message),
    CONF_F(S, "NodeId", CT_INT32, node_id),
    CONF_F(S, "Host", CT_STRING, host),
    CONF_F(S, "Port", CT_INT32, port),
    CONF_ARRAY_OF(S, "Coordinators", coordinators, n_coordinators,
                  moldau_find_coordinator_response_coordinator_t,
                  find_coordinator_coordinator_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_find_coordinator_request_encode, moldau_find_coordinator_request_t)
CONF_DECODER(moldau_find_coordinator_response_decode, moldau_find_coordinator_response_t)

/* ---- JoinGroup ---------------------------------------------------------------------------- */

#define S moldau_join_group_request_protocol_t
static const conf_field_t join_group_protocol_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "Metadata", CT_BYTES, metadata),
    CONF_FIELDS_END};
#undef S

#define S moldau_join_group_request_t
static const conf_field_t join_group_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "SessionTimeoutMs", CT_INT32, session_timeout_ms),
    CONF_F(S, "RebalanceTimeoutMs", CT_INT32, rebalance_timeout_ms),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "GroupInstanceId", CT_STRING, group_instance_id),
    CONF_F(S, "ProtocolType", CT_STRING, protocol_type),
    CONF_ARRAY_OF(S, "Protocols", protocols, n_protocols, moldau_join_group_request_protocol_t,
                  join_group_protocol_fields),
    CONF_F(S, "Reason", CT_STRING, reason),
    CONF_FIELDS_END};
#undef S

#define S moldau_join_group_response_member_t
static const conf_field_t join_group_member_fields[] = {
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "GroupInstanceId", CT_STRING, group_instance_id),
    CONF_F(S, "Metadata", CT_BYTES, metadata),
    CONF_FIELDS_END};
#undef S

#define S moldau_join_group_response_t
static const conf_field_t join_group_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "GenerationId", CT_INT32, generation_id),
    CONF_F(S, "ProtocolType", CT_STRING, protocol_type),
    CONF_F(S, "ProtocolName", CT_STRING, protocol_name),
    CONF_F(S, "Leader", CT_STRING, leader),
    CONF_F(S, "SkipAssignment", CT_BOOL, skip_assignment),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_ARRAY_OF(S, "Members", members, n_members, moldau_join_group_response_member_t,
                  join_group_member_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_join_group_request_encode, moldau_join_group_request_t)
CONF_DECODER(moldau_join_group_response_decode, moldau_join_group_response_t)

/* ---- SyncGroup ---------------------------------------------------------------------------- */

#define S moldau_sync_group_request_assignment_t
static const conf_field_t sync_group_assignment_fields[] = {
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "Assignment", CT_BYTES, assignment),
    CONF_FIELDS_END};
#undef S

#define S moldau_sync_group_request_t
static const conf_field_t sync_group_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "GenerationId", CT_INT32, generation_id),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "GroupInstanceId", CT_STRING, group_instance_id),
    CONF_F(S, "ProtocolType", CT_STRING, protocol_type),
    CONF_F(S, "ProtocolName", CT_STRING, protocol_name),
    CONF_ARRAY_OF(S, "Assignments", assignments, n_assignments,
                  moldau_sync_group_request_assignment_t, sync_group_assignment_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_sync_group_response_t
static const conf_field_t sync_group_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ProtocolType", CT_STRING, protocol_type),
    CONF_F(S, "ProtocolName", CT_STRING, protocol_name),
    CONF_F(S, "Assignment", CT_BYTES, assignment),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_sync_group_request_encode, moldau_sync_group_request_t)
CONF_DECODER(moldau_sync_group_response_decode, moldau_sync_group_response_t)

/* ---- Heartbeat ---------------------------------------------------------------------------- */

#define S moldau_heartbeat_request_t
static const conf_field_t heartbeat_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "GenerationId", CT_INT32, generation_id),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "GroupInstanceId", CT_STRING, group_instance_id),
    CONF_FIELDS_END};
#undef S

#define S moldau_heartbeat_response_t
static const conf_field_t heartbeat_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_heartbeat_request_encode, moldau_heartbeat_request_t)
CONF_DECODER(moldau_heartbeat_response_decode, moldau_heartbeat_response_t)

/* ---- LeaveGroup --------------------------------------------------------------------------- */

#define S moldau_leave_group_request_member_t
static const conf_field_t leave_group_request_member_fields[] = {
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "GroupInstanceId", CT_STRING, group_instance_id),
    CONF_F(S, "Reason", CT_STRING, reason),
    CONF_FIELDS_END};
#undef S

#define S moldau_leave_group_request_t
static const conf_field_t leave_group_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_ARRAY_OF(S, "Members", members, n_members, moldau_leave_group_request_member_t,
                  leave_group_request_member_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_leave_group_response_member_t
static const conf_field_t leave_group_response_member_fields[] = {
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "GroupInstanceId", CT_STRING, group_instance_id),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_FIELDS_END};
#undef S

#define S moldau_leave_group_response_t
static const conf_field_t leave_group_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_ARRAY_OF(S, "Members", members, n_members, moldau_leave_group_response_member_t,
                  leave_group_response_member_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_leave_group_request_encode, moldau_leave_group_request_t)
CONF_DECODER(moldau_leave_group_response_decode, moldau_leave_group_response_t)

/* ---- OffsetCommit ------------------------------------------------------------------------- */

#define S moldau_offset_commit_request_partition_t
static const conf_field_t offset_commit_request_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "CommittedOffset", CT_INT64, committed_offset),
    CONF_F(S, "CommittedLeaderEpoch", CT_INT32, committed_leader_epoch),
    CONF_F(S, "CommittedMetadata", CT_STRING, committed_metadata),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_commit_request_topic_t
static const conf_field_t offset_commit_request_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_offset_commit_request_partition_t,
                  offset_commit_request_partition_fields),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_commit_request_t
static const conf_field_t offset_commit_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "GenerationIdOrMemberEpoch", CT_INT32, generation_id_or_member_epoch),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "GroupInstanceId", CT_STRING, group_instance_id),
    CONF_F(S, "RetentionTimeMs", CT_INT64, retention_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_offset_commit_request_topic_t,
                  offset_commit_request_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_commit_response_topic_t
static const conf_field_t offset_commit_response_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_offset_commit_response_partition_t,
                  conf_partition_error_fields),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_commit_response_t
static const conf_field_t offset_commit_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_offset_commit_response_topic_t,
                  offset_commit_response_topic_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_offset_commit_request_encode, moldau_offset_commit_request_t)
CONF_DECODER(moldau_offset_commit_response_decode, moldau_offset_commit_response_t)

/* ---- OffsetFetch -------------------------------------------------------------------------- */

/* One C struct, two schema structs: v1-7's topics have no TopicId, v8+'s (in groups) do. */
#define S moldau_offset_fetch_request_topic_t
static const conf_field_t offset_fetch_request_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY(S, "PartitionIndexes", partition_indexes, n_partition_indexes, CT_INT32, int32_t),
    CONF_FIELDS_END};
static const conf_field_t offset_fetch_request_group_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY(S, "PartitionIndexes", partition_indexes, n_partition_indexes, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_fetch_request_group_t
static const conf_field_t offset_fetch_request_group_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "MemberEpoch", CT_INT32, member_epoch),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_offset_fetch_request_topic_t,
                  offset_fetch_request_group_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_fetch_request_t
static const conf_field_t offset_fetch_request_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_offset_fetch_request_topic_t,
                  offset_fetch_request_topic_fields),
    CONF_ARRAY_OF(S, "Groups", groups, n_groups, moldau_offset_fetch_request_group_t,
                  offset_fetch_request_group_fields),
    CONF_F(S, "RequireStable", CT_BOOL, require_stable),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_fetch_response_partition_t
static const conf_field_t offset_fetch_response_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "CommittedOffset", CT_INT64, committed_offset),
    CONF_F(S, "CommittedLeaderEpoch", CT_INT32, committed_leader_epoch),
    CONF_F(S, "Metadata", CT_STRING, metadata),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_fetch_response_topic_t
static const conf_field_t offset_fetch_response_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_offset_fetch_response_partition_t,
                  offset_fetch_response_partition_fields),
    CONF_FIELDS_END};
static const conf_field_t offset_fetch_response_group_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_F(S, "TopicId", CT_UUID, topic_id),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_offset_fetch_response_partition_t,
                  offset_fetch_response_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_fetch_response_group_t
static const conf_field_t offset_fetch_response_group_fields[] = {
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_offset_fetch_response_topic_t,
                  offset_fetch_response_group_topic_fields),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_FIELDS_END};
#undef S

#define S moldau_offset_fetch_response_t
static const conf_field_t offset_fetch_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_offset_fetch_response_topic_t,
                  offset_fetch_response_topic_fields),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_ARRAY_OF(S, "Groups", groups, n_groups, moldau_offset_fetch_response_group_t,
                  offset_fetch_response_group_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_offset_fetch_request_encode, moldau_offset_fetch_request_t)
CONF_DECODER(moldau_offset_fetch_response_decode, moldau_offset_fetch_response_t)

/* ---- consumer protocol payloads ----------------------------------------------------------- */

#define S moldau_consumer_protocol_topic_partition_t
static const conf_field_t consumer_protocol_tp_fields[] = {
    CONF_F(S, "Topic", CT_STRING, topic),
    CONF_ARRAY(S, "Partitions", partitions, n_partitions, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_consumer_protocol_subscription_t
static const conf_field_t subscription_fields[] = {
    CONF_ARRAY(S, "Topics", topics, n_topics, CT_STRING, const char *),
    CONF_F(S, "UserData", CT_BYTES, user_data),
    CONF_ARRAY_OF(S, "OwnedPartitions", owned_partitions, n_owned_partitions,
                  moldau_consumer_protocol_topic_partition_t, consumer_protocol_tp_fields),
    CONF_F(S, "GenerationId", CT_INT32, generation_id),
    CONF_F(S, "RackId", CT_STRING, rack_id),
    CONF_FIELDS_END};
#undef S

#define S moldau_consumer_protocol_assignment_t
static const conf_field_t assignment_fields[] = {
    CONF_ARRAY_OF(S, "AssignedPartitions", assigned_partitions, n_assigned_partitions,
                  moldau_consumer_protocol_topic_partition_t, consumer_protocol_tp_fields),
    CONF_F(S, "UserData", CT_BYTES, user_data),
    CONF_FIELDS_END};
#undef S

/* The payload decoders read the version from the payload itself; the harness names the
 * version it serialized, so the wrappers check that both agree. */
static moldau_err_t subscription_encode(moldau_buf_t *w, int16_t v, const void *m)
{
    return moldau_consumer_protocol_subscription_encode(w, v, m);
}

static moldau_err_t subscription_decode(moldau_reader_t *r, int16_t v, moldau_arena_t *a,
                                        void *m)
{
    moldau_consumer_protocol_subscription_t *s = m;
    moldau_err_t err = moldau_consumer_protocol_subscription_decode(r, a, s);
    if (!err && s->version != v)
        err = MOLDAU_ERR__BAD_MSG;
    return err;
}

static moldau_err_t assignment_encode(moldau_buf_t *w, int16_t v, const void *m)
{
    return moldau_consumer_protocol_assignment_encode(w, v, m);
}

static moldau_err_t assignment_decode(moldau_reader_t *r, int16_t v, moldau_arena_t *a, void *m)
{
    moldau_consumer_protocol_assignment_t *s = m;
    moldau_err_t err = moldau_consumer_protocol_assignment_decode(r, a, s);
    if (!err && s->version != v)
        err = MOLDAU_ERR__BAD_MSG;
    return err;
}

/* ---- the table ---------------------------------------------------------------------------- */

#define REQ(name, T, fields, fn) {name, sizeof(T), fields, fn##__conf, NULL}
#define RESP(name, T, fields, fn) {name, sizeof(T), fields, NULL, fn##__conf}

const conf_message_t conf_messages_group[] = {
    REQ("FindCoordinatorRequest", moldau_find_coordinator_request_t,
        find_coordinator_request_fields, moldau_find_coordinator_request_encode),
    RESP("FindCoordinatorResponse", moldau_find_coordinator_response_t,
         find_coordinator_response_fields, moldau_find_coordinator_response_decode),
    REQ("JoinGroupRequest", moldau_join_group_request_t, join_group_request_fields,
        moldau_join_group_request_encode),
    RESP("JoinGroupResponse", moldau_join_group_response_t, join_group_response_fields,
         moldau_join_group_response_decode),
    REQ("SyncGroupRequest", moldau_sync_group_request_t, sync_group_request_fields,
        moldau_sync_group_request_encode),
    RESP("SyncGroupResponse", moldau_sync_group_response_t, sync_group_response_fields,
         moldau_sync_group_response_decode),
    REQ("HeartbeatRequest", moldau_heartbeat_request_t, heartbeat_request_fields,
        moldau_heartbeat_request_encode),
    RESP("HeartbeatResponse", moldau_heartbeat_response_t, heartbeat_response_fields,
         moldau_heartbeat_response_decode),
    REQ("LeaveGroupRequest", moldau_leave_group_request_t, leave_group_request_fields,
        moldau_leave_group_request_encode),
    RESP("LeaveGroupResponse", moldau_leave_group_response_t, leave_group_response_fields,
         moldau_leave_group_response_decode),
    REQ("OffsetCommitRequest", moldau_offset_commit_request_t, offset_commit_request_fields,
        moldau_offset_commit_request_encode),
    RESP("OffsetCommitResponse", moldau_offset_commit_response_t, offset_commit_response_fields,
         moldau_offset_commit_response_decode),
    REQ("OffsetFetchRequest", moldau_offset_fetch_request_t, offset_fetch_request_fields,
        moldau_offset_fetch_request_encode),
    RESP("OffsetFetchResponse", moldau_offset_fetch_response_t, offset_fetch_response_fields,
         moldau_offset_fetch_response_decode),
    {"ConsumerProtocolSubscription", sizeof(moldau_consumer_protocol_subscription_t),
     subscription_fields, subscription_encode, subscription_decode},
    {"ConsumerProtocolAssignment", sizeof(moldau_consumer_protocol_assignment_t),
     assignment_fields, assignment_encode, assignment_decode},
    CONF_END};
