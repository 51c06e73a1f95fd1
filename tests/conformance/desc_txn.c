/* Conformance descriptors of the transaction coordinator's messages (msg_txn.h; see desc.h).
 * AddPartitionsToTxn's v4+ fields are not described: moldau stops at v3. */
#include "desc.h"

/* ---- AddPartitionsToTxn ------------------------------------------------------------------- */

#define S moldau_add_partitions_to_txn_topic_t
static const conf_field_t aptt_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY(S, "Partitions", partitions, n_partitions, CT_INT32, int32_t),
    CONF_FIELDS_END};
#undef S

#define S moldau_add_partitions_to_txn_request_t
static const conf_field_t aptt_request_fields[] = {
    CONF_F(S, "V3AndBelowTransactionalId", CT_STRING, transactional_id),
    CONF_F(S, "V3AndBelowProducerId", CT_INT64, producer_id),
    CONF_F(S, "V3AndBelowProducerEpoch", CT_INT16, producer_epoch),
    CONF_ARRAY_OF(S, "V3AndBelowTopics", topics, n_topics, moldau_add_partitions_to_txn_topic_t,
                  aptt_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_add_partitions_to_txn_partition_result_t
static const conf_field_t aptt_partition_result_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "PartitionErrorCode", CT_INT16, partition_error_code),
    CONF_FIELDS_END};
#undef S

#define S moldau_add_partitions_to_txn_topic_result_t
static const conf_field_t aptt_topic_result_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "ResultsByPartition", results_by_partition, n_results_by_partition,
                  moldau_add_partitions_to_txn_partition_result_t, aptt_partition_result_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_add_partitions_to_txn_response_t
static const conf_field_t aptt_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "ResultsByTopicV3AndBelow", results_by_topic, n_results_by_topic,
                  moldau_add_partitions_to_txn_topic_result_t, aptt_topic_result_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_add_partitions_to_txn_request_encode, moldau_add_partitions_to_txn_request_t)
CONF_DECODER(moldau_add_partitions_to_txn_response_decode,
             moldau_add_partitions_to_txn_response_t)

/* ---- AddOffsetsToTxn ---------------------------------------------------------------------- */

#define S moldau_add_offsets_to_txn_request_t
static const conf_field_t aott_request_fields[] = {
    CONF_F(S, "TransactionalId", CT_STRING, transactional_id),
    CONF_F(S, "ProducerId", CT_INT64, producer_id),
    CONF_F(S, "ProducerEpoch", CT_INT16, producer_epoch),
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_FIELDS_END};
#undef S

#define S moldau_add_offsets_to_txn_response_t
static const conf_field_t aott_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_add_offsets_to_txn_request_encode, moldau_add_offsets_to_txn_request_t)
CONF_DECODER(moldau_add_offsets_to_txn_response_decode, moldau_add_offsets_to_txn_response_t)

/* ---- EndTxn ------------------------------------------------------------------------------- */

#define S moldau_end_txn_request_t
static const conf_field_t end_txn_request_fields[] = {
    CONF_F(S, "TransactionalId", CT_STRING, transactional_id),
    CONF_F(S, "ProducerId", CT_INT64, producer_id),
    CONF_F(S, "ProducerEpoch", CT_INT16, producer_epoch),
    CONF_F(S, "Committed", CT_BOOL, committed),
    CONF_FIELDS_END};
#undef S

#define S moldau_end_txn_response_t
static const conf_field_t end_txn_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_F(S, "ErrorCode", CT_INT16, error_code),
    CONF_F(S, "ProducerId", CT_INT64, producer_id),
    CONF_F(S, "ProducerEpoch", CT_INT16, producer_epoch),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_end_txn_request_encode, moldau_end_txn_request_t)
CONF_DECODER(moldau_end_txn_response_decode, moldau_end_txn_response_t)

/* ---- TxnOffsetCommit ---------------------------------------------------------------------- */

#define S moldau_txn_offset_commit_request_partition_t
static const conf_field_t toc_request_partition_fields[] = {
    CONF_F(S, "PartitionIndex", CT_INT32, partition_index),
    CONF_F(S, "CommittedOffset", CT_INT64, committed_offset),
    CONF_F(S, "CommittedLeaderEpoch", CT_INT32, committed_leader_epoch),
    CONF_F(S, "CommittedMetadata", CT_STRING, committed_metadata),
    CONF_FIELDS_END};
#undef S

#define S moldau_txn_offset_commit_request_topic_t
static const conf_field_t toc_request_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_txn_offset_commit_request_partition_t, toc_request_partition_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_txn_offset_commit_request_t
static const conf_field_t toc_request_fields[] = {
    CONF_F(S, "TransactionalId", CT_STRING, transactional_id),
    CONF_F(S, "GroupId", CT_STRING, group_id),
    CONF_F(S, "ProducerId", CT_INT64, producer_id),
    CONF_F(S, "ProducerEpoch", CT_INT16, producer_epoch),
    CONF_F(S, "GenerationId", CT_INT32, generation_id),
    CONF_F(S, "MemberId", CT_STRING, member_id),
    CONF_F(S, "GroupInstanceId", CT_STRING, group_instance_id),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_txn_offset_commit_request_topic_t,
                  toc_request_topic_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_txn_offset_commit_response_topic_t
static const conf_field_t toc_response_topic_fields[] = {
    CONF_F(S, "Name", CT_STRING, name),
    CONF_ARRAY_OF(S, "Partitions", partitions, n_partitions,
                  moldau_txn_offset_commit_response_partition_t, conf_partition_error_fields),
    CONF_FIELDS_END};
#undef S

#define S moldau_txn_offset_commit_response_t
static const conf_field_t toc_response_fields[] = {
    CONF_F(S, "ThrottleTimeMs", CT_INT32, throttle_time_ms),
    CONF_ARRAY_OF(S, "Topics", topics, n_topics, moldau_txn_offset_commit_response_topic_t,
                  toc_response_topic_fields),
    CONF_FIELDS_END};
#undef S

CONF_ENCODER(moldau_txn_offset_commit_request_encode, moldau_txn_offset_commit_request_t)
CONF_DECODER(moldau_txn_offset_commit_response_decode, moldau_txn_offset_commit_response_t)

#define REQ(name, T, fields, fn) {name, sizeof(T), fields, fn##__conf, NULL}
#define RESP(name, T, fields, fn) {name, sizeof(T), fields, NULL, fn##__conf}

const conf_message_t conf_messages_txn[] = {
    REQ("AddPartitionsToTxnRequest", moldau_add_partitions_to_txn_request_t, aptt_request_fields,
        moldau_add_partitions_to_txn_request_encode),
    RESP("AddPartitionsToTxnResponse", moldau_add_partitions_to_txn_response_t,
         aptt_response_fields, moldau_add_partitions_to_txn_response_decode),
    REQ("AddOffsetsToTxnRequest", moldau_add_offsets_to_txn_request_t, aott_request_fields,
        moldau_add_offsets_to_txn_request_encode),
    RESP("AddOffsetsToTxnResponse", moldau_add_offsets_to_txn_response_t, aott_response_fields,
         moldau_add_offsets_to_txn_response_decode),
    REQ("EndTxnRequest", moldau_end_txn_request_t, end_txn_request_fields,
        moldau_end_txn_request_encode),
    RESP("EndTxnResponse", moldau_end_txn_response_t, end_txn_response_fields,
         moldau_end_txn_response_decode),
    REQ("TxnOffsetCommitRequest", moldau_txn_offset_commit_request_t, toc_request_fields,
        moldau_txn_offset_commit_request_encode),
    RESP("TxnOffsetCommitResponse", moldau_txn_offset_commit_response_t, toc_response_fields,
         moldau_txn_offset_commit_response_decode),
    CONF_END};
