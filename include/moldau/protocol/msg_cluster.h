/*
 * moldau codec: the admin client's cluster-wide messages (quotas, SCRAM credentials, the KRaft
 * quorum, features, the cluster, producers and transactions, config resources, paged topic
 * descriptions). Included by moldau/protocol.h.
 *
 *   DescribeClientQuotas 0-1, AlterClientQuotas 0-1, DescribeUserScramCredentials 0,
 *   AlterUserScramCredentials 0, DescribeQuorum 0-2, UpdateFeatures 0-2, DescribeCluster 0-2,
 *   DescribeProducers 0, DescribeTransactions 0, ListTransactions 0-2, ListConfigResources 0-1,
 *   DescribeTopicPartitions 0.
 *
 * The conventions of moldau/protocol.h and msg_admin.h apply: NULL for a non-nullable string,
 * -1 for a non-nullable array's count, or a positive count with a NULL pointer gives
 * MOLDAU_ERR__INVALID_ARG; so does a non-default value in a field the version cannot carry
 * (the _INIT macros give the defaults); on any error the writer is left as it was. Request
 * pointers are only read during the call. Decoded strings, arrays and structs live in the
 * arena; bytes are views into the input. A field absent from a version decodes as the schema's
 * default (noted next to it).
 */
#ifndef MOLDAU_PROTOCOL_MSG_CLUSTER_H
#define MOLDAU_PROTOCOL_MSG_CLUSTER_H
#include "moldau/protocol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    MOLDAU_API_DESCRIBE_CLIENT_QUOTAS = 48,
    MOLDAU_API_ALTER_CLIENT_QUOTAS = 49,
    MOLDAU_API_DESCRIBE_USER_SCRAM_CREDENTIALS = 50,
    MOLDAU_API_ALTER_USER_SCRAM_CREDENTIALS = 51,
    MOLDAU_API_DESCRIBE_QUORUM = 55,
    MOLDAU_API_UPDATE_FEATURES = 57,
    MOLDAU_API_DESCRIBE_CLUSTER = 60,
    MOLDAU_API_DESCRIBE_PRODUCERS = 61,
    MOLDAU_API_DESCRIBE_TRANSACTIONS = 65,
    MOLDAU_API_LIST_TRANSACTIONS = 66,
    MOLDAU_API_LIST_CONFIG_RESOURCES = 74,
    MOLDAU_API_DESCRIBE_TOPIC_PARTITIONS = 75
};

/* A client quota entity's part (user, client-id, ip): DescribeClientQuotas' and
 * AlterClientQuotas' EntityData. */
typedef struct moldau_client_quota_entity {
    const char *entity_type;
    const char *entity_name; /* nullable: NULL for the default entity */
} moldau_client_quota_entity_t;

/* ---- DescribeClientQuotas (key 48) ------------------------------------------------------ */

typedef struct moldau_describe_client_quotas_component {
    const char *entity_type;
    int8_t match_type; /* 0 exact name, 1 default name, 2 any specified name */
    const char *match; /* nullable */
} moldau_describe_client_quotas_component_t;

typedef struct moldau_describe_client_quotas_request {
    const moldau_describe_client_quotas_component_t *components;
    int32_t n_components;
    int strict;
} moldau_describe_client_quotas_request_t;

typedef struct moldau_client_quota_value {
    const char *key;
    double value;
} moldau_client_quota_value_t;

typedef struct moldau_describe_client_quotas_entry {
    moldau_client_quota_entity_t *entity;
    int32_t n_entity;
    moldau_client_quota_value_t *values;
    int32_t n_values;
} moldau_describe_client_quotas_entry_t;

typedef struct moldau_describe_client_quotas_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_describe_client_quotas_entry_t *entries; /* nullable: n_entries -1 */
    int32_t n_entries;
} moldau_describe_client_quotas_response_t;

moldau_err_t moldau_describe_client_quotas_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_client_quotas_request_t *req);
moldau_err_t moldau_describe_client_quotas_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_describe_client_quotas_response_t *out);

/* ---- AlterClientQuotas (key 49) --------------------------------------------------------- */

typedef struct moldau_alter_client_quotas_op {
    const char *key;
    double value; /* ignored when remove is set */
    int remove;
} moldau_alter_client_quotas_op_t;

typedef struct moldau_alter_client_quotas_request_entry {
    const moldau_client_quota_entity_t *entity;
    int32_t n_entity;
    const moldau_alter_client_quotas_op_t *ops;
    int32_t n_ops;
} moldau_alter_client_quotas_request_entry_t;

typedef struct moldau_alter_client_quotas_request {
    const moldau_alter_client_quotas_request_entry_t *entries;
    int32_t n_entries;
    int validate_only;
} moldau_alter_client_quotas_request_t;

typedef struct moldau_alter_client_quotas_response_entry {
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_client_quota_entity_t *entity;
    int32_t n_entity;
} moldau_alter_client_quotas_response_entry_t;

typedef struct moldau_alter_client_quotas_response {
    int32_t throttle_time_ms;
    moldau_alter_client_quotas_response_entry_t *entries;
    int32_t n_entries;
} moldau_alter_client_quotas_response_t;

moldau_err_t moldau_alter_client_quotas_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_alter_client_quotas_request_t *req);
moldau_err_t moldau_alter_client_quotas_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_alter_client_quotas_response_t *out);

/* ---- DescribeUserScramCredentials (key 50) ---------------------------------------------- */

typedef struct moldau_describe_user_scram_credentials_user {
    const char *name;
} moldau_describe_user_scram_credentials_user_t;

typedef struct moldau_describe_user_scram_credentials_request {
    /* nullable: NULL with n_users -1 (or an empty array) describes every user */
    const moldau_describe_user_scram_credentials_user_t *users;
    int32_t n_users;
} moldau_describe_user_scram_credentials_request_t;

typedef struct moldau_scram_credential_info {
    int8_t mechanism; /* 1 SCRAM-SHA-256, 2 SCRAM-SHA-512 */
    int32_t iterations;
} moldau_scram_credential_info_t;

typedef struct moldau_describe_user_scram_credentials_result {
    const char *user;
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_scram_credential_info_t *credential_infos;
    int32_t n_credential_infos;
} moldau_describe_user_scram_credentials_result_t;

typedef struct moldau_describe_user_scram_credentials_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_describe_user_scram_credentials_result_t *results;
    int32_t n_results;
} moldau_describe_user_scram_credentials_response_t;

moldau_err_t moldau_describe_user_scram_credentials_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_user_scram_credentials_request_t *req);
moldau_err_t moldau_describe_user_scram_credentials_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_describe_user_scram_credentials_response_t *out);

/* ---- AlterUserScramCredentials (key 51) ------------------------------------------------- */

typedef struct moldau_scram_credential_deletion {
    const char *name;
    int8_t mechanism;
} moldau_scram_credential_deletion_t;

typedef struct moldau_scram_credential_upsertion {
    const char *name;
    int8_t mechanism;
    int32_t iterations;
    moldau_bytes_t salt;            /* not nullable */
    moldau_bytes_t salted_password; /* not nullable */
} moldau_scram_credential_upsertion_t;

typedef struct moldau_alter_user_scram_credentials_request {
    const moldau_scram_credential_deletion_t *deletions;
    int32_t n_deletions;
    const moldau_scram_credential_upsertion_t *upsertions;
    int32_t n_upsertions;
} moldau_alter_user_scram_credentials_request_t;

typedef struct moldau_alter_user_scram_credentials_result {
    const char *user;
    int16_t error_code;
    const char *error_message; /* nullable */
} moldau_alter_user_scram_credentials_result_t;

typedef struct moldau_alter_user_scram_credentials_response {
    int32_t throttle_time_ms;
    moldau_alter_user_scram_credentials_result_t *results;
    int32_t n_results;
} moldau_alter_user_scram_credentials_response_t;

moldau_err_t moldau_alter_user_scram_credentials_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_alter_user_scram_credentials_request_t *req);
moldau_err_t moldau_alter_user_scram_credentials_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_alter_user_scram_credentials_response_t *out);

/* ---- DescribeQuorum (key 55) ------------------------------------------------------------ */

typedef struct moldau_describe_quorum_request_partition {
    int32_t partition_index;
} moldau_describe_quorum_request_partition_t;

typedef struct moldau_describe_quorum_request_topic {
    const char *topic_name;
    const moldau_describe_quorum_request_partition_t *partitions;
    int32_t n_partitions;
} moldau_describe_quorum_request_topic_t;

/* The same request at every version (v1 and v2 only add response fields). */
typedef struct moldau_describe_quorum_request {
    const moldau_describe_quorum_request_topic_t *topics;
    int32_t n_topics;
} moldau_describe_quorum_request_t;

typedef struct moldau_describe_quorum_replica_state {
    int32_t replica_id;
    moldau_uuid_t replica_directory_id; /* v2+; all zero before */
    int64_t log_end_offset;
    int64_t last_fetch_timestamp;     /* v1+; -1 before */
    int64_t last_caught_up_timestamp; /* v1+; -1 before */
} moldau_describe_quorum_replica_state_t;

typedef struct moldau_describe_quorum_partition {
    int32_t partition_index;
    int16_t error_code;
    const char *error_message; /* v2+, nullable; NULL before */
    int32_t leader_id;
    int32_t leader_epoch;
    int64_t high_watermark;
    moldau_describe_quorum_replica_state_t *current_voters;
    int32_t n_current_voters;
    moldau_describe_quorum_replica_state_t *observers;
    int32_t n_observers;
} moldau_describe_quorum_partition_t;

typedef struct moldau_describe_quorum_topic {
    const char *topic_name;
    moldau_describe_quorum_partition_t *partitions;
    int32_t n_partitions;
} moldau_describe_quorum_topic_t;

typedef struct moldau_describe_quorum_listener {
    const char *name;
    const char *host;
    uint16_t port;
} moldau_describe_quorum_listener_t;

typedef struct moldau_describe_quorum_node {
    int32_t node_id;
    moldau_describe_quorum_listener_t *listeners;
    int32_t n_listeners;
} moldau_describe_quorum_node_t;

typedef struct moldau_describe_quorum_response {
    int16_t error_code;
    const char *error_message; /* v2+, nullable; NULL before */
    moldau_describe_quorum_topic_t *topics;
    int32_t n_topics;
    moldau_describe_quorum_node_t *nodes; /* v2+; empty before */
    int32_t n_nodes;
} moldau_describe_quorum_response_t;

moldau_err_t moldau_describe_quorum_request_encode(moldau_buf_t *w, int16_t version,
                                                   const moldau_describe_quorum_request_t *req);
moldau_err_t moldau_describe_quorum_response_decode(moldau_reader_t *r, int16_t version,
                                                    moldau_arena_t *a,
                                                    moldau_describe_quorum_response_t *out);

/* ---- UpdateFeatures (key 57) ------------------------------------------------------------ */

typedef struct moldau_update_features_key {
    const char *feature;
    int16_t max_version_level; /* < 1 deletes the finalized feature */
    int allow_downgrade;       /* v0 only; must be 0 from v1 on (upgrade_type says it) */
    int8_t upgrade_type;       /* v1+: 1 upgrade, 2 safe downgrade, 3 unsafe downgrade; must
                                  be 1 (the default) at v0 */
} moldau_update_features_key_t;

/* An upgrade of `feature` to `level`. */
#define MOLDAU_UPDATE_FEATURES_KEY_INIT(feature, level)                                          \
    ((moldau_update_features_key_t){(feature), (level), 0, 1})

typedef struct moldau_update_features_request {
    int32_t timeout_ms; /* schema default 60000 */
    const moldau_update_features_key_t *feature_updates;
    int32_t n_feature_updates;
    int validate_only; /* v1+; must be 0 at v0 */
} moldau_update_features_request_t;

#define MOLDAU_UPDATE_FEATURES_REQUEST_INIT                                                       \
    ((moldau_update_features_request_t){60000, NULL, 0, 0})

typedef struct moldau_update_features_result {
    const char *feature;
    int16_t error_code;
    const char *error_message; /* nullable */
} moldau_update_features_result_t;

typedef struct moldau_update_features_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_update_features_result_t *results; /* v0-1; empty from v2 on */
    int32_t n_results;
} moldau_update_features_response_t;

moldau_err_t moldau_update_features_request_encode(moldau_buf_t *w, int16_t version,
                                                   const moldau_update_features_request_t *req);
moldau_err_t moldau_update_features_response_decode(moldau_reader_t *r, int16_t version,
                                                    moldau_arena_t *a,
                                                    moldau_update_features_response_t *out);

/* ---- DescribeCluster (key 60) ----------------------------------------------------------- */

typedef struct moldau_describe_cluster_request {
    int include_cluster_authorized_operations;
    int8_t endpoint_type;       /* v1+: 1 brokers, 2 controllers; must be 1 at v0 */
    int include_fenced_brokers; /* v2+; must be 0 before */
} moldau_describe_cluster_request_t;

#define MOLDAU_DESCRIBE_CLUSTER_REQUEST_INIT ((moldau_describe_cluster_request_t){0, 1, 0})

typedef struct moldau_describe_cluster_broker {
    int32_t broker_id;
    const char *host;
    int32_t port;
    const char *rack; /* nullable */
    int is_fenced;    /* v2+; 0 before */
} moldau_describe_cluster_broker_t;

typedef struct moldau_describe_cluster_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    const char *error_message; /* nullable */
    int8_t endpoint_type;      /* v1+; 1 before */
    const char *cluster_id;
    int32_t controller_id;
    moldau_describe_cluster_broker_t *brokers;
    int32_t n_brokers;
    int32_t cluster_authorized_operations; /* INT32_MIN when not asked for */
} moldau_describe_cluster_response_t;

moldau_err_t moldau_describe_cluster_request_encode(moldau_buf_t *w, int16_t version,
                                                    const moldau_describe_cluster_request_t *req);
moldau_err_t moldau_describe_cluster_response_decode(moldau_reader_t *r, int16_t version,
                                                     moldau_arena_t *a,
                                                     moldau_describe_cluster_response_t *out);

/* ---- DescribeProducers (key 61) --------------------------------------------------------- */

typedef struct moldau_describe_producers_request_topic {
    const char *name;
    const int32_t *partition_indexes;
    int32_t n_partition_indexes;
} moldau_describe_producers_request_topic_t;

typedef struct moldau_describe_producers_request {
    const moldau_describe_producers_request_topic_t *topics;
    int32_t n_topics;
} moldau_describe_producers_request_t;

typedef struct moldau_describe_producers_state {
    int64_t producer_id;
    int32_t producer_epoch; /* int32 on the wire here, unlike elsewhere */
    int32_t last_sequence;
    int64_t last_timestamp;
    int32_t coordinator_epoch;
    int64_t current_txn_start_offset; /* -1: no open transaction */
} moldau_describe_producers_state_t;

typedef struct moldau_describe_producers_partition {
    int32_t partition_index;
    int16_t error_code;
    const char *error_message; /* nullable */
    moldau_describe_producers_state_t *active_producers;
    int32_t n_active_producers;
} moldau_describe_producers_partition_t;

typedef struct moldau_describe_producers_topic {
    const char *name;
    moldau_describe_producers_partition_t *partitions;
    int32_t n_partitions;
} moldau_describe_producers_topic_t;

typedef struct moldau_describe_producers_response {
    int32_t throttle_time_ms;
    moldau_describe_producers_topic_t *topics;
    int32_t n_topics;
} moldau_describe_producers_response_t;

moldau_err_t moldau_describe_producers_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_producers_request_t *req);
moldau_err_t moldau_describe_producers_response_decode(moldau_reader_t *r, int16_t version,
                                                       moldau_arena_t *a,
                                                       moldau_describe_producers_response_t *out);

/* ---- DescribeTransactions (key 65) ------------------------------------------------------ */

typedef struct moldau_describe_transactions_request {
    const char *const *transactional_ids;
    int32_t n_transactional_ids;
} moldau_describe_transactions_request_t;

typedef struct moldau_describe_transactions_topic {
    const char *topic;
    int32_t *partitions;
    int32_t n_partitions;
} moldau_describe_transactions_topic_t;

typedef struct moldau_describe_transactions_state {
    int16_t error_code;
    const char *transactional_id;
    const char *transaction_state; /* "Ongoing", "PrepareCommit", "Empty", ... */
    int32_t transaction_timeout_ms;
    int64_t transaction_start_time_ms;
    int64_t producer_id;
    int16_t producer_epoch;
    moldau_describe_transactions_topic_t *topics;
    int32_t n_topics;
} moldau_describe_transactions_state_t;

typedef struct moldau_describe_transactions_response {
    int32_t throttle_time_ms;
    moldau_describe_transactions_state_t *transaction_states;
    int32_t n_transaction_states;
} moldau_describe_transactions_response_t;

moldau_err_t moldau_describe_transactions_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_transactions_request_t *req);
moldau_err_t moldau_describe_transactions_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_describe_transactions_response_t *out);

/* ---- ListTransactions (key 66) ---------------------------------------------------------- */

typedef struct moldau_list_transactions_request {
    const char *const *state_filters; /* empty: every state */
    int32_t n_state_filters;
    const int64_t *producer_id_filters; /* empty: every producer */
    int32_t n_producer_id_filters;
    int64_t duration_filter; /* v1+: only transactions running longer (ms); -1 (all) at v0 */
    const char *transactional_id_pattern; /* v2+, nullable (a regex); must be NULL before */
} moldau_list_transactions_request_t;

#define MOLDAU_LIST_TRANSACTIONS_REQUEST_INIT                                                     \
    ((moldau_list_transactions_request_t){NULL, 0, NULL, 0, -1, NULL})

typedef struct moldau_list_transactions_state {
    const char *transactional_id;
    int64_t producer_id;
    const char *transaction_state;
} moldau_list_transactions_state_t;

typedef struct moldau_list_transactions_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    const char **unknown_state_filters;
    int32_t n_unknown_state_filters;
    moldau_list_transactions_state_t *transaction_states;
    int32_t n_transaction_states;
} moldau_list_transactions_response_t;

moldau_err_t moldau_list_transactions_request_encode(moldau_buf_t *w, int16_t version,
                                                     const moldau_list_transactions_request_t *req);
moldau_err_t moldau_list_transactions_response_decode(moldau_reader_t *r, int16_t version,
                                                      moldau_arena_t *a,
                                                      moldau_list_transactions_response_t *out);

/* ---- ListConfigResources (key 74) ------------------------------------------------------- */
/* v0 is KIP-714's ListClientMetricsResources (the same key, renamed by KIP-1142): it lists
 * client metrics resources only; v1 lists the resource types asked for. */

typedef struct moldau_list_config_resources_request {
    const int8_t *resource_types; /* v1+ (empty: the broker's default types); empty at v0 */
    int32_t n_resource_types;
} moldau_list_config_resources_request_t;

typedef struct moldau_list_config_resource {
    const char *resource_name;
    int8_t resource_type; /* v1+; 16 (CLIENT_METRICS) at v0 */
} moldau_list_config_resource_t;

typedef struct moldau_list_config_resources_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    moldau_list_config_resource_t *config_resources;
    int32_t n_config_resources;
} moldau_list_config_resources_response_t;

moldau_err_t moldau_list_config_resources_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_list_config_resources_request_t *req);
moldau_err_t moldau_list_config_resources_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_list_config_resources_response_t *out);

/* ---- DescribeTopicPartitions (key 75) --------------------------------------------------- */

/* Where a paged description starts (request) or goes on (response). */
typedef struct moldau_describe_topic_partitions_cursor {
    const char *topic_name;
    int32_t partition_index;
} moldau_describe_topic_partitions_cursor_t;

typedef struct moldau_describe_topic_partitions_request_topic {
    const char *name;
} moldau_describe_topic_partitions_request_topic_t;

typedef struct moldau_describe_topic_partitions_request {
    const moldau_describe_topic_partitions_request_topic_t *topics;
    int32_t n_topics;
    int32_t response_partition_limit; /* schema default 2000 */
    const moldau_describe_topic_partitions_cursor_t *cursor; /* nullable: NULL from the start */
} moldau_describe_topic_partitions_request_t;

#define MOLDAU_DESCRIBE_TOPIC_PARTITIONS_REQUEST_INIT                                             \
    ((moldau_describe_topic_partitions_request_t){NULL, 0, 2000, NULL})

typedef struct moldau_describe_topic_partitions_partition {
    int16_t error_code;
    int32_t partition_index;
    int32_t leader_id;
    int32_t leader_epoch;
    int32_t *replica_nodes;
    int32_t n_replica_nodes;
    int32_t *isr_nodes;
    int32_t n_isr_nodes;
    int32_t *eligible_leader_replicas; /* nullable: n -1 */
    int32_t n_eligible_leader_replicas;
    int32_t *last_known_elr; /* nullable: n -1 */
    int32_t n_last_known_elr;
    int32_t *offline_replicas;
    int32_t n_offline_replicas;
} moldau_describe_topic_partitions_partition_t;

typedef struct moldau_describe_topic_partitions_topic {
    int16_t error_code;
    const char *name; /* nullable */
    moldau_uuid_t topic_id;
    int is_internal;
    moldau_describe_topic_partitions_partition_t *partitions;
    int32_t n_partitions;
    int32_t topic_authorized_operations;
} moldau_describe_topic_partitions_topic_t;

typedef struct moldau_describe_topic_partitions_response {
    int32_t throttle_time_ms;
    moldau_describe_topic_partitions_topic_t *topics;
    int32_t n_topics;
    moldau_describe_topic_partitions_cursor_t *next_cursor; /* nullable: NULL on the last page */
} moldau_describe_topic_partitions_response_t;

moldau_err_t moldau_describe_topic_partitions_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_topic_partitions_request_t *req);
moldau_err_t moldau_describe_topic_partitions_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_describe_topic_partitions_response_t *out);

#ifdef __cplusplus
}
#endif

#endif
