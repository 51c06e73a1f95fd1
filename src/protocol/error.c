/* Names, sentences and retriability of every moldau_err_t.
 *
 * Two arrays indexed by the code itself (Kafka's from -1 up, the local ones from -100 down), so
 * a lookup is one bounds check and one load: delivery reports call these once per record. The
 * designated initializers tie each row to its enum constant, and the name string is made from
 * the constant's own identifier, so the two cannot drift apart. A hole (a code no row fills)
 * has a NULL name and reads as unknown. */
#include <stddef.h>

#include "moldau/error.h"

typedef struct err_desc {
    const char *name;
    const char *str;
    int retriable;
} err_desc_t;

#define KAFKA(N, R, S) [MOLDAU_ERR_##N + 1] = {#N, S, R}
#define LOCAL(N, R, S) [-(MOLDAU_ERR__##N) + MOLDAU_ERR__BAD_MSG] = {"_" #N, S, R}

/* Retriable: the codes whose Java exception is a RetriableException in Kafka 4.x. */
static const err_desc_t kafka_errs[MOLDAU_ERR__KAFKA_LAST + 2] = {
    KAFKA(UNKNOWN_SERVER_ERROR, 0, "The broker hit an unexpected error while handling the request."),
    KAFKA(NONE, 0, "Success."),
    KAFKA(OFFSET_OUT_OF_RANGE, 0, "The requested offset is outside the range the broker holds for the partition."),
    KAFKA(CORRUPT_MESSAGE, 1, "A record failed its CRC check, has an invalid size or is otherwise corrupt (e.g. a null key on a compacted topic)."),
    KAFKA(UNKNOWN_TOPIC_OR_PARTITION, 1, "The broker does not host this topic or partition."),
    KAFKA(INVALID_FETCH_SIZE, 0, "The fetch size in the request is invalid."),
    KAFKA(LEADER_NOT_AVAILABLE, 1, "The partition has no leader right now (a leader election is in progress)."),
    KAFKA(NOT_LEADER_OR_FOLLOWER, 1, "The broker is not the partition's leader (or, for requests any replica may serve, not a replica of it)."),
    KAFKA(REQUEST_TIMED_OUT, 1, "The broker timed out while handling the request."),
    KAFKA(BROKER_NOT_AVAILABLE, 0, "The broker is not available."),
    KAFKA(REPLICA_NOT_AVAILABLE, 1, "A replica of the partition is not available."),
    KAFKA(MESSAGE_TOO_LARGE, 0, "A record or batch is larger than the broker accepts."),
    KAFKA(STALE_CONTROLLER_EPOCH, 0, "The controller has moved to another broker."),
    KAFKA(OFFSET_METADATA_TOO_LARGE, 0, "The metadata string of the offset commit is too large."),
    KAFKA(NETWORK_EXCEPTION, 1, "The broker disconnected before it sent a response."),
    KAFKA(COORDINATOR_LOAD_IN_PROGRESS, 1, "The coordinator is still loading its state and cannot serve requests yet."),
    KAFKA(COORDINATOR_NOT_AVAILABLE, 1, "The coordinator is not available."),
    KAFKA(NOT_COORDINATOR, 1, "The broker is not the coordinator for this group or transactional id."),
    KAFKA(INVALID_TOPIC_EXCEPTION, 0, "The request names an invalid topic (an illegal name, or an internal topic)."),
    KAFKA(RECORD_LIST_TOO_LARGE, 0, "The record batch is larger than the broker's configured segment size."),
    KAFKA(NOT_ENOUGH_REPLICAS, 1, "Records were rejected because fewer in-sync replicas than required are available."),
    KAFKA(NOT_ENOUGH_REPLICAS_AFTER_APPEND, 1, "Records were written, but to fewer in-sync replicas than required."),
    KAFKA(INVALID_REQUIRED_ACKS, 0, "The produce request has an invalid acks value."),
    KAFKA(ILLEGAL_GENERATION, 0, "The group generation id in the request is not the current one."),
    KAFKA(INCONSISTENT_GROUP_PROTOCOL, 0, "The member's protocols do not match the group's, or its protocol type or list is empty."),
    KAFKA(INVALID_GROUP_ID, 0, "The group id is invalid."),
    KAFKA(UNKNOWN_MEMBER_ID, 0, "The coordinator does not know this member id."),
    KAFKA(INVALID_SESSION_TIMEOUT, 0, "The session timeout is outside the range the broker allows (group.min/max.session.timeout.ms)."),
    KAFKA(REBALANCE_IN_PROGRESS, 0, "The group is rebalancing; the member must rejoin."),
    KAFKA(INVALID_COMMIT_OFFSET_SIZE, 0, "The size of the offset commit data is invalid."),
    KAFKA(TOPIC_AUTHORIZATION_FAILED, 0, "Not authorized to access the topic."),
    KAFKA(GROUP_AUTHORIZATION_FAILED, 0, "Not authorized to access the group."),
    KAFKA(CLUSTER_AUTHORIZATION_FAILED, 0, "Not authorized for this cluster operation."),
    KAFKA(INVALID_TIMESTAMP, 0, "A record's timestamp is outside the accepted range."),
    KAFKA(UNSUPPORTED_SASL_MECHANISM, 0, "The broker does not support the requested SASL mechanism."),
    KAFKA(ILLEGAL_SASL_STATE, 0, "The request is not valid in the current SASL state."),
    KAFKA(UNSUPPORTED_VERSION, 0, "The broker does not support this version of the API."),
    KAFKA(TOPIC_ALREADY_EXISTS, 0, "A topic with this name already exists."),
    KAFKA(INVALID_PARTITIONS, 0, "The number of partitions is invalid (below 1)."),
    KAFKA(INVALID_REPLICATION_FACTOR, 0, "The replication factor is below 1 or larger than the number of brokers."),
    KAFKA(INVALID_REPLICA_ASSIGNMENT, 0, "The replica assignment is invalid."),
    KAFKA(INVALID_CONFIG, 0, "The configuration is invalid."),
    KAFKA(NOT_CONTROLLER, 1, "The broker is not the cluster's active controller."),
    KAFKA(INVALID_REQUEST, 0, "The broker found the request malformed or not valid for it; its log says more."),
    KAFKA(UNSUPPORTED_FOR_MESSAGE_FORMAT, 0, "The broker's message format version does not support the request."),
    KAFKA(POLICY_VIOLATION, 0, "The request's parameters violate a policy configured on the broker."),
    KAFKA(OUT_OF_ORDER_SEQUENCE_NUMBER, 0, "The broker received a producer sequence number out of order."),
    KAFKA(DUPLICATE_SEQUENCE_NUMBER, 0, "The broker received a producer sequence number it has already seen."),
    KAFKA(INVALID_PRODUCER_EPOCH, 0, "The producer used an epoch older than the current one."),
    KAFKA(INVALID_TXN_STATE, 0, "The transactional operation is not valid in the producer's current state."),
    KAFKA(INVALID_PRODUCER_ID_MAPPING, 0, "The producer id is not the one currently assigned to the transactional id."),
    KAFKA(INVALID_TRANSACTION_TIMEOUT, 0, "The transaction timeout exceeds the broker's maximum (transaction.max.timeout.ms)."),
    KAFKA(CONCURRENT_TRANSACTIONS, 1, "Another operation on the same transaction is still in progress."),
    KAFKA(TRANSACTION_COORDINATOR_FENCED, 0, "The transaction coordinator that sent the marker is no longer the current one for this producer."),
    KAFKA(TRANSACTIONAL_ID_AUTHORIZATION_FAILED, 0, "Not authorized to use the transactional id."),
    KAFKA(SECURITY_DISABLED, 0, "Security features are disabled on the broker."),
    KAFKA(OPERATION_NOT_ATTEMPTED, 0, "The broker did not try this operation because another one in the same batch failed."),
    KAFKA(KAFKA_STORAGE_ERROR, 1, "The broker hit a disk error while accessing the log."),
    KAFKA(LOG_DIR_NOT_FOUND, 0, "The log directory is not in the broker's configuration."),
    KAFKA(SASL_AUTHENTICATION_FAILED, 0, "SASL authentication failed."),
    KAFKA(UNKNOWN_PRODUCER_ID, 0, "The broker has no state for this producer id (e.g. retention removed all its records)."),
    KAFKA(REASSIGNMENT_IN_PROGRESS, 0, "A partition reassignment is in progress."),
    KAFKA(DELEGATION_TOKEN_AUTH_DISABLED, 0, "Delegation tokens are disabled on the broker."),
    KAFKA(DELEGATION_TOKEN_NOT_FOUND, 0, "The delegation token was not found."),
    KAFKA(DELEGATION_TOKEN_OWNER_MISMATCH, 0, "The principal is not the token's owner or renewer."),
    KAFKA(DELEGATION_TOKEN_REQUEST_NOT_ALLOWED, 0, "Delegation token requests are not allowed on plaintext, one-way TLS or token-authenticated connections."),
    KAFKA(DELEGATION_TOKEN_AUTHORIZATION_FAILED, 0, "Not authorized for this delegation token operation."),
    KAFKA(DELEGATION_TOKEN_EXPIRED, 0, "The delegation token has expired."),
    KAFKA(INVALID_PRINCIPAL_TYPE, 0, "The principal type is not supported."),
    KAFKA(NON_EMPTY_GROUP, 0, "The group still has members."),
    KAFKA(GROUP_ID_NOT_FOUND, 0, "The group does not exist."),
    KAFKA(FETCH_SESSION_ID_NOT_FOUND, 1, "The broker does not know the fetch session id."),
    KAFKA(INVALID_FETCH_SESSION_EPOCH, 1, "The fetch session epoch is not the expected one."),
    KAFKA(LISTENER_NOT_FOUND, 1, "The partition leader has no listener matching the one that served the metadata request."),
    KAFKA(TOPIC_DELETION_DISABLED, 0, "Topic deletion is disabled on the broker."),
    KAFKA(FENCED_LEADER_EPOCH, 1, "The leader epoch in the request is older than the broker's."),
    KAFKA(UNKNOWN_LEADER_EPOCH, 1, "The leader epoch in the request is newer than the broker's."),
    KAFKA(UNSUPPORTED_COMPRESSION_TYPE, 0, "The client does not support the partition's compression type."),
    KAFKA(STALE_BROKER_EPOCH, 0, "The broker epoch has changed."),
    KAFKA(OFFSET_NOT_AVAILABLE, 1, "The new leader's high watermark has not caught up yet, so offsets cannot be served."),
    KAFKA(MEMBER_ID_REQUIRED, 0, "The member must rejoin with the member id the coordinator gave it before it can enter the group."),
    KAFKA(PREFERRED_LEADER_NOT_AVAILABLE, 1, "The preferred leader is not available."),
    KAFKA(GROUP_MAX_SIZE_REACHED, 0, "The group is at its maximum size."),
    KAFKA(FENCED_INSTANCE_ID, 0, "Another member with the same group.instance.id has registered with a different member id."),
    KAFKA(ELIGIBLE_LEADERS_NOT_AVAILABLE, 1, "No eligible leader is available for the partition."),
    KAFKA(ELECTION_NOT_NEEDED, 1, "The partition needs no leader election."),
    KAFKA(NO_REASSIGNMENT_IN_PROGRESS, 0, "No partition reassignment is in progress."),
    KAFKA(GROUP_SUBSCRIBED_TO_TOPIC, 0, "Offsets of a topic the group is subscribed to cannot be deleted."),
    KAFKA(INVALID_RECORD, 0, "The broker's validation rejected the record."),
    KAFKA(UNSTABLE_OFFSET_COMMIT, 1, "Some offsets belong to open transactions and are not stable yet."),
    KAFKA(THROTTLING_QUOTA_EXCEEDED, 1, "The request exceeded a throttling quota."),
    KAFKA(PRODUCER_FENCED, 0, "A newer producer with the same transactional id has fenced this one."),
    KAFKA(RESOURCE_NOT_FOUND, 0, "The request refers to a resource that does not exist."),
    KAFKA(DUPLICATE_RESOURCE, 0, "The request names the same resource more than once."),
    KAFKA(UNACCEPTABLE_CREDENTIAL, 0, "The requested credential does not meet the acceptance criteria."),
    KAFKA(INCONSISTENT_VOTER_SET, 0, "The sender or receiver of a voter-only request is not an expected voter."),
    KAFKA(INVALID_UPDATE_VERSION, 0, "The update version is invalid."),
    KAFKA(FEATURE_UPDATE_FAILED, 0, "The finalized features could not be updated because of an unexpected server error."),
    KAFKA(PRINCIPAL_DESERIALIZATION_FAILURE, 0, "The principal of a forwarded request could not be deserialized (a broker security set-up problem)."),
    KAFKA(SNAPSHOT_NOT_FOUND, 0, "The requested snapshot does not exist."),
    KAFKA(POSITION_OUT_OF_RANGE, 0, "The requested position is negative or past the end of the snapshot."),
    KAFKA(UNKNOWN_TOPIC_ID, 1, "The broker does not host a topic with this id."),
    KAFKA(DUPLICATE_BROKER_REGISTRATION, 0, "This broker id is already registered."),
    KAFKA(BROKER_ID_NOT_REGISTERED, 0, "This broker id is not registered."),
    KAFKA(INCONSISTENT_TOPIC_ID, 1, "The topic id in the request does not match the log's."),
    KAFKA(INCONSISTENT_CLUSTER_ID, 0, "The cluster id in the request does not match the server's."),
    KAFKA(TRANSACTIONAL_ID_NOT_FOUND, 0, "The transactional id was not found."),
    KAFKA(FETCH_SESSION_TOPIC_ID_ERROR, 1, "The fetch session used topic ids inconsistently."),
    KAFKA(INELIGIBLE_REPLICA, 0, "The new ISR contains a replica that is not eligible."),
    KAFKA(NEW_LEADER_ELECTED, 0, "The partition state was updated, but the leader has changed."),
    KAFKA(OFFSET_MOVED_TO_TIERED_STORAGE, 0, "The requested offset has moved to tiered storage."),
    KAFKA(FENCED_MEMBER_EPOCH, 0, "The coordinator fenced the member epoch; the member must give up its partitions and rejoin."),
    KAFKA(UNRELEASED_INSTANCE_ID, 0, "Another member still holds this instance id and must leave first."),
    KAFKA(UNSUPPORTED_ASSIGNOR, 0, "The group does not support the assignor or its version range."),
    KAFKA(STALE_MEMBER_EPOCH, 0, "The member epoch is stale; retry once a heartbeat has brought the current one."),
    KAFKA(MISMATCHED_ENDPOINT_TYPE, 0, "The request went to an endpoint of the wrong type (broker or controller)."),
    KAFKA(UNSUPPORTED_ENDPOINT_TYPE, 0, "This endpoint type is not supported yet."),
    KAFKA(UNKNOWN_CONTROLLER_ID, 0, "The controller id is not known."),
    KAFKA(UNKNOWN_SUBSCRIPTION_ID, 0, "The telemetry subscription id is unknown or out of date."),
    KAFKA(TELEMETRY_TOO_LARGE, 0, "The pushed telemetry is larger than the broker accepts."),
    KAFKA(INVALID_REGISTRATION, 0, "The controller considers the broker's registration invalid."),
    KAFKA(TRANSACTION_ABORTABLE, 0, "The transaction hit an error; abort it to go on using this transactional id."),
    KAFKA(INVALID_RECORD_STATE, 0, "The record's state does not allow the acknowledgement."),
    KAFKA(SHARE_SESSION_NOT_FOUND, 1, "The share session was not found."),
    KAFKA(INVALID_SHARE_SESSION_EPOCH, 1, "The share session epoch is invalid."),
    KAFKA(FENCED_STATE_EPOCH, 0, "The share-group state epoch does not match the share coordinator's."),
    KAFKA(INVALID_VOTER_KEY, 0, "The voter key does not match the receiving replica's."),
    KAFKA(DUPLICATE_VOTER, 0, "The voter is already in the voter set."),
    KAFKA(VOTER_NOT_FOUND, 0, "The voter is not in the voter set."),
    KAFKA(INVALID_REGULAR_EXPRESSION, 0, "The regular expression is invalid."),
    KAFKA(REBOOTSTRAP_REQUIRED, 0, "The client's metadata is stale; it must bootstrap again."),
    KAFKA(STREAMS_INVALID_TOPOLOGY, 0, "The Streams topology is invalid."),
    KAFKA(STREAMS_INVALID_TOPOLOGY_EPOCH, 0, "The Streams topology epoch is invalid."),
    KAFKA(STREAMS_TOPOLOGY_FENCED, 0, "The Streams topology epoch is out of date."),
    KAFKA(SHARE_SESSION_LIMIT_REACHED, 1, "The broker's limit of share sessions has been reached."),
};

/* Retriable here means retrying the same request may succeed: transport failures, timeouts,
 * a full queue that drains, name resolution and unreachable brokers that may come back. */
static const err_desc_t local_errs[MOLDAU_ERR__BAD_MSG - MOLDAU_ERR__LOCAL_FIRST + 1] = {
    LOCAL(BAD_MSG, 0, "Malformed response or record set."),
    LOCAL(NO_MEMORY, 0, "Out of memory."),
    LOCAL(INVALID_ARG, 0, "Invalid argument."),
    LOCAL(UNSUPPORTED_VERSION, 0, "moldau has no codec for this API version."),
    LOCAL(BAD_COMPRESSION, 0, "Unknown compression codec or corrupt compressed data."),
    LOCAL(TOO_LARGE, 0, "A size limit was exceeded."),
    LOCAL(CRC, 0, "Checksum mismatch."),
    LOCAL(TRANSPORT, 1, "Broker connection failed or was closed."),
    LOCAL(TIMED_OUT, 1, "Local timeout."),
    LOCAL(QUEUE_FULL, 1, "Queue or buffer full."),
    LOCAL(BAD_CONF, 0, "Invalid configuration."),
    LOCAL(MSG_TIMED_OUT, 0, "Record not delivered within delivery.timeout.ms."),
    LOCAL(DESTROYED, 0, "Handle closed before the operation finished."),
    LOCAL(UNKNOWN_PARTITION, 0, "Partition does not exist."),
    LOCAL(STATE, 0, "Operation not valid in the current state."),
    LOCAL(PARTIAL, 0, "Record set ends with a partial batch."),
    LOCAL(RESOLVE, 1, "Host name could not be resolved."),
    LOCAL(ALL_BROKERS_DOWN, 1, "No broker could be reached."),
    LOCAL(UNSUPPORTED_FEATURE, 0, "The broker does not support this feature."),
    LOCAL(LOG_TRUNCATION, 0, "The partition's log was truncated below the consumer's position."),
};

static const err_desc_t *find(moldau_err_t err)
{
    const err_desc_t *d = NULL;
    int code = (int)err;
    if (code >= MOLDAU_ERR_UNKNOWN_SERVER_ERROR && code <= MOLDAU_ERR__KAFKA_LAST)
        d = &kafka_errs[code + 1];
    else if (code <= MOLDAU_ERR__BAD_MSG && code >= MOLDAU_ERR__LOCAL_FIRST)
        d = &local_errs[MOLDAU_ERR__BAD_MSG - code];
    return d && d->name ? d : NULL;
}

const char *moldau_err_name(moldau_err_t err)
{
    const err_desc_t *d = find(err);
    return d ? d->name : "UNKNOWN_ERROR_CODE";
}

const char *moldau_err_str(moldau_err_t err)
{
    const err_desc_t *d = find(err);
    return d ? d->str : "Unknown error code.";
}

int moldau_err_is_retriable(moldau_err_t err)
{
    const err_desc_t *d = find(err);
    return d ? d->retriable : 0;
}
