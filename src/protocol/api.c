/* The one table of the APIs moldau speaks and the versions it encodes and decodes. The network
 * layer picks, per connection, the highest version both this table and the broker allow. */
#include "moldau/protocol.h"

static const moldau_api_info_t api_table[] = {
    /* key, name, min, max, first flexible */
    {MOLDAU_API_PRODUCE, "Produce", 3, 13, 9},
    {MOLDAU_API_FETCH, "Fetch", 4, 18, 12},
    {MOLDAU_API_LIST_OFFSETS, "ListOffsets", 1, 11, 6},
    {MOLDAU_API_METADATA, "Metadata", 0, 13, 9},
    {MOLDAU_API_OFFSET_COMMIT, "OffsetCommit", 2, 10, 8},
    {MOLDAU_API_OFFSET_FETCH, "OffsetFetch", 1, 10, 6},
    {MOLDAU_API_FIND_COORDINATOR, "FindCoordinator", 0, 6, 3},
    {MOLDAU_API_JOIN_GROUP, "JoinGroup", 0, 9, 6},
    {MOLDAU_API_HEARTBEAT, "Heartbeat", 0, 4, 4},
    {MOLDAU_API_LEAVE_GROUP, "LeaveGroup", 0, 5, 4},
    {MOLDAU_API_SYNC_GROUP, "SyncGroup", 0, 5, 4},
    {MOLDAU_API_DESCRIBE_GROUPS, "DescribeGroups", 0, 6, 5},
    {MOLDAU_API_LIST_GROUPS, "ListGroups", 0, 5, 3},
    {MOLDAU_API_SASL_HANDSHAKE, "SaslHandshake", 0, 1, -1},
    {MOLDAU_API_API_VERSIONS, "ApiVersions", 0, 4, 3},
    {MOLDAU_API_CREATE_TOPICS, "CreateTopics", 2, 7, 5},
    {MOLDAU_API_DELETE_TOPICS, "DeleteTopics", 1, 6, 4},
    {MOLDAU_API_DELETE_RECORDS, "DeleteRecords", 0, 2, 2},
    {MOLDAU_API_INIT_PRODUCER_ID, "InitProducerId", 0, 5, 2},
    {MOLDAU_API_OFFSET_FOR_LEADER_EPOCH, "OffsetForLeaderEpoch", 2, 4, 4},
    {MOLDAU_API_ADD_PARTITIONS_TO_TXN, "AddPartitionsToTxn", 0, 3, 3}, /* v4+: broker-to-broker */
    {MOLDAU_API_ADD_OFFSETS_TO_TXN, "AddOffsetsToTxn", 0, 4, 3},
    {MOLDAU_API_END_TXN, "EndTxn", 0, 5, 3},
    {MOLDAU_API_TXN_OFFSET_COMMIT, "TxnOffsetCommit", 0, 5, 3},
    {MOLDAU_API_DESCRIBE_ACLS, "DescribeAcls", 1, 3, 2},
    {MOLDAU_API_CREATE_ACLS, "CreateAcls", 1, 3, 2},
    {MOLDAU_API_DELETE_ACLS, "DeleteAcls", 1, 3, 2},
    {MOLDAU_API_DESCRIBE_CONFIGS, "DescribeConfigs", 1, 4, 4},
    {MOLDAU_API_ALTER_CONFIGS, "AlterConfigs", 0, 2, 2},
    {MOLDAU_API_DESCRIBE_LOG_DIRS, "DescribeLogDirs", 1, 5, 2},
    {MOLDAU_API_SASL_AUTHENTICATE, "SaslAuthenticate", 0, 2, 2},
    {MOLDAU_API_CREATE_PARTITIONS, "CreatePartitions", 0, 3, 2},
    {MOLDAU_API_DELETE_GROUPS, "DeleteGroups", 0, 2, 2},
    {MOLDAU_API_ELECT_LEADERS, "ElectLeaders", 0, 2, 2},
    {MOLDAU_API_INCREMENTAL_ALTER_CONFIGS, "IncrementalAlterConfigs", 0, 1, 1},
    {MOLDAU_API_ALTER_PARTITION_REASSIGNMENTS, "AlterPartitionReassignments", 0, 1, 0},
    {MOLDAU_API_LIST_PARTITION_REASSIGNMENTS, "ListPartitionReassignments", 0, 0, 0},
    {MOLDAU_API_OFFSET_DELETE, "OffsetDelete", 0, 0, -1},
    {MOLDAU_API_DESCRIBE_CLIENT_QUOTAS, "DescribeClientQuotas", 0, 1, 1},
    {MOLDAU_API_ALTER_CLIENT_QUOTAS, "AlterClientQuotas", 0, 1, 1},
    {MOLDAU_API_DESCRIBE_USER_SCRAM_CREDENTIALS, "DescribeUserScramCredentials", 0, 0, 0},
    {MOLDAU_API_ALTER_USER_SCRAM_CREDENTIALS, "AlterUserScramCredentials", 0, 0, 0},
    {MOLDAU_API_DESCRIBE_QUORUM, "DescribeQuorum", 0, 2, 0},
    {MOLDAU_API_UPDATE_FEATURES, "UpdateFeatures", 0, 2, 0},
    {MOLDAU_API_DESCRIBE_CLUSTER, "DescribeCluster", 0, 2, 0},
    {MOLDAU_API_DESCRIBE_PRODUCERS, "DescribeProducers", 0, 0, 0},
    {MOLDAU_API_DESCRIBE_TRANSACTIONS, "DescribeTransactions", 0, 0, 0},
    {MOLDAU_API_LIST_TRANSACTIONS, "ListTransactions", 0, 2, 0},
    {MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, "ConsumerGroupHeartbeat", 0, 1, 0},
    {MOLDAU_API_CONSUMER_GROUP_DESCRIBE, "ConsumerGroupDescribe", 0, 1, 0},
    {MOLDAU_API_LIST_CONFIG_RESOURCES, "ListConfigResources", 0, 1, 0},
    {MOLDAU_API_DESCRIBE_TOPIC_PARTITIONS, "DescribeTopicPartitions", 0, 0, 0},
    {MOLDAU_API_SHARE_GROUP_HEARTBEAT, "ShareGroupHeartbeat", 1, 1, 0},
    {MOLDAU_API_SHARE_GROUP_DESCRIBE, "ShareGroupDescribe", 1, 1, 0},
    {MOLDAU_API_SHARE_FETCH, "ShareFetch", 1, 2, 0},
    {MOLDAU_API_SHARE_ACKNOWLEDGE, "ShareAcknowledge", 1, 2, 0},
    {MOLDAU_API_DESCRIBE_SHARE_GROUP_OFFSETS, "DescribeShareGroupOffsets", 0, 1, 0},
    {MOLDAU_API_ALTER_SHARE_GROUP_OFFSETS, "AlterShareGroupOffsets", 0, 0, 0},
    {MOLDAU_API_DELETE_SHARE_GROUP_OFFSETS, "DeleteShareGroupOffsets", 0, 0, 0},
};

const moldau_api_info_t *moldau_api_table(size_t *n)
{
    *n = sizeof(api_table) / sizeof(api_table[0]);
    return api_table;
}

const moldau_api_info_t *moldau_api_info(int16_t api_key)
{
    for (size_t i = 0; i < sizeof(api_table) / sizeof(api_table[0]); i++)
        if (api_table[i].key == api_key)
            return &api_table[i];
    return NULL;
}

int moldau_api_is_flexible(int16_t api_key, int16_t version)
{
    const moldau_api_info_t *api = moldau_api_info(api_key);
    return api && api->first_flexible >= 0 && version >= api->first_flexible;
}
