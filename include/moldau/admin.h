/*
 * moldau — the admin client: topics, configs, the cluster, groups and their offsets, ACLs,
 * quotas, log dirs, reassignments and elections, producers and transactions (the areas after
 * topics, configs and the cluster in headers of their own, included at the end).
 *
 *   moldau_admin_t *a = moldau_admin_new(conf, errstr, sizeof(errstr));
 *   const char *names[] = {"orders", "payments"};
 *   moldau_admin_topic_results_t *r;
 *   if (moldau_admin_delete_topics(a, names, 2, -1, &r) == MOLDAU_ERR_NONE) {
 *       for (size_t i = 0; i < r->n_items; i++)
 *           if (r->items[i]->err)
 *               fprintf(stderr, "%s: %s\n", r->items[i]->name, r->items[i]->errmsg);
 *       moldau_admin_result_free(r);
 *   }
 *   moldau_admin_close(a);
 *
 * Every call follows the same rules:
 *  - It is synchronous: it waits for the answers up to timeout_ms (-1: default.api.timeout.ms,
 *    60000 as Java's), retrying within that while a controller or coordinator moves. Any
 *    application thread may call, several at once. Requests go to the node the API wants (any
 *    broker, the controller, a group's coordinator, every broker) through the client's shared
 *    request machinery.
 *  - It returns the call's own error: MOLDAU_ERR_NONE when every request was answered (items
 *    may still have failed), MOLDAU_ERR__TIMED_OUT, MOLDAU_ERR__INVALID_ARG (the argument
 *    named in the debug=admin log), MOLDAU_ERR__NO_MEMORY, a transport or codec error, or a
 *    broker error that concerns the whole call (e.g. CLUSTER_AUTHORIZATION_FAILED). A call
 *    that sends to several brokers at once fails as a whole only when none answered: a
 *    broker that did not answer fails its own items (e.g. MOLDAU_ERR__TIMED_OUT).
 *  - Per-item errors are in the result: every item has `err` and `errmsg` (the broker's
 *    message, or a sentence of moldau's; NULL when err is MOLDAU_ERR_NONE). One item failing
 *    never hides the others.
 *  - A NULL handle or out is MOLDAU_ERR__INVALID_ARG.
 *  - *out is set when the call returns MOLDAU_ERR_NONE (NULL otherwise) and is the caller's,
 *    one allocation freed with moldau_admin_result_free(). Arrays in results are arrays of
 *    pointers: a result struct grows at its end in a later version without moving elements.
 *  - Arguments are copied before the call returns. Structs the application fills
 *    (moldau_admin_new_topic_t, ...) follow moldau/record.h's rules: initialise them with
 *    their _INIT macro (or zero them) and set fields by name; they never change size.
 */
#ifndef MOLDAU_ADMIN_H
#define MOLDAU_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/client.h"
#include "moldau/conf.h"
#include "moldau/consumer.h"
#include "moldau/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct moldau_admin moldau_admin_t;

/* An admin client. conf is copied (bootstrap.servers required). NULL with the reason in
 * errstr. */
moldau_admin_t *moldau_admin_new(const moldau_conf_t *conf, char *errstr, size_t errstr_size);
/* Closes the connections and frees the client, once every other call on it has returned.
 * Results already returned stay valid. NULL is ignored. */
void moldau_admin_close(moldau_admin_t *a);
/* The admin client's own client handle, borrowed (metadata, poll in io.thread=false mode). */
moldau_client_t *moldau_admin_client(moldau_admin_t *a);

/* Frees any result an admin call returned. NULL is ignored. */
void moldau_admin_result_free(void *result);

/* ---- configs shared by several calls ------------------------------------------------------- */

/* A config to set: a name and its value (NULL: the default). An array element: its layout
 * never changes (a new option would come as a new type). */
typedef struct moldau_admin_config {
    const char *name;
    const char *value;
} moldau_admin_config_t;

/* Where a config's value comes from (DescribeConfigs' ConfigSource). */
typedef enum moldau_admin_config_source {
    MOLDAU_ADMIN_CONFIG_SOURCE_UNKNOWN = 0,
    MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_TOPIC = 1,
    MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_BROKER = 2,
    MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER = 3,
    MOLDAU_ADMIN_CONFIG_SOURCE_STATIC_BROKER = 4,
    MOLDAU_ADMIN_CONFIG_SOURCE_DEFAULT = 5,
    MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_BROKER_LOGGER = 6,
    MOLDAU_ADMIN_CONFIG_SOURCE_CLIENT_METRICS = 7,
    MOLDAU_ADMIN_CONFIG_SOURCE_GROUP = 8
} moldau_admin_config_source_t;

/* One of a config entry's synonyms: the same setting at another level (KIP-226). */
typedef struct moldau_admin_config_synonym {
    const char *name;
    const char *value; /* NULL: sensitive or not set */
    moldau_admin_config_source_t source;
} moldau_admin_config_synonym_t;

/* A config as the broker reports it. */
typedef struct moldau_admin_config_entry {
    const char *name;
    const char *value; /* NULL: sensitive (is_sensitive) or not set */
    moldau_admin_config_source_t source;
    int is_read_only;
    int is_sensitive;
    int is_default; /* source is MOLDAU_ADMIN_CONFIG_SOURCE_DEFAULT */
    moldau_admin_config_synonym_t *const *synonyms; /* only when asked for */
    size_t n_synonyms;
} moldau_admin_config_entry_t;

/* A topic-partition, in the arguments and results of several areas' calls. An array
 * element: its layout never changes. */
typedef struct moldau_admin_topic_partition {
    const char *topic;
    int32_t partition;
} moldau_admin_topic_partition_t;

/* ---- topics -------------------------------------------------------------------------------- */

/* A topic's outcome, for calls whose items are topics by name. */
typedef struct moldau_admin_topic_result {
    const char *name;
    moldau_err_t err;
    const char *errmsg;
} moldau_admin_topic_result_t;

typedef struct moldau_admin_topic_results {
    moldau_admin_topic_result_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_topic_results_t;

/* Deletes topics by name (DeleteTopics, sent to the controller). Per topic: e.g.
 * UNKNOWN_TOPIC_OR_PARTITION, TOPIC_AUTHORIZATION_FAILED. */
moldau_err_t moldau_admin_delete_topics(moldau_admin_t *a, const char *const *topics,
                                        size_t n_topics, int timeout_ms,
                                        moldau_admin_topic_results_t **out);

/* The replicas of one partition: broker ids, the first the preferred leader. An array
 * element, as moldau_admin_config_t: its layout never changes. */
typedef struct moldau_admin_replicas {
    const int32_t *brokers;
    size_t n_brokers;
} moldau_admin_replicas_t;

/* A topic to create. num_partitions and replication_factor -1 (or 0, as a zeroed struct has
 * them) leave them to the broker (num.partitions, default.replication.factor), as Java's
 * NewTopic with Optional.empty(); with an assignment both must be left so: assignment[p] are
 * partition p's replicas, n_assignment the partition count. */
typedef struct moldau_admin_new_topic {
    const char *name;
    int32_t num_partitions;
    int16_t replication_factor;
    const moldau_admin_replicas_t *assignment; /* NULL: the broker places the replicas */
    size_t n_assignment;
    const moldau_admin_config_t *configs; /* topic configs, e.g. cleanup.policy */
    size_t n_configs;
    void *reserved_[4]; /* zero: room for fields to come */
} moldau_admin_new_topic_t;

#define MOLDAU_ADMIN_NEW_TOPIC_INIT                                                            \
    {.name = NULL, .num_partitions = -1, .replication_factor = -1, .assignment = NULL,         \
     .n_assignment = 0, .configs = NULL, .n_configs = 0, .reserved_ = {0}}

/* A created topic (or, with validate_only, one that would be). */
typedef struct moldau_admin_create_topic_result {
    const char *name;
    moldau_err_t err; /* e.g. TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, POLICY_VIOLATION */
    const char *errmsg;
    uint8_t topic_id[16];       /* all zero: not known (validate_only, old brokers) */
    int32_t num_partitions;     /* as created; -1: not known */
    int16_t replication_factor; /* as created; -1: not known */
    /* the topic's configs as created (brokers 2.4+; none when the broker withheld them) */
    moldau_admin_config_entry_t *const *configs;
    size_t n_configs;
} moldau_admin_create_topic_result_t;

typedef struct moldau_admin_create_topics_result {
    moldau_admin_create_topic_result_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_create_topics_result_t;

/* Creates topics (CreateTopics, sent to the controller). validate_only: the broker checks the
 * request and reports what it would create, creating nothing. timeout_ms also bounds the
 * broker's wait for the topics to be ready. Per topic: e.g. TOPIC_ALREADY_EXISTS,
 * INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_CONFIG. MOLDAU_ERR__INVALID_ARG for
 * NULL or zero topics, a topic without a name, a name given twice, a partition count or
 * replication factor below -1, or an assignment beside them or with an empty replica list. */
moldau_err_t moldau_admin_create_topics(moldau_admin_t *a, const moldau_admin_new_topic_t *topics,
                                        size_t n_topics, int validate_only, int timeout_ms,
                                        moldau_admin_create_topics_result_t **out);

/* A topic of the cluster, as listed. */
typedef struct moldau_admin_topic_listing {
    const char *name;
    uint8_t topic_id[16]; /* all zero: not known (brokers before 2.8) */
    int is_internal;      /* __consumer_offsets, __transaction_state, ... */
} moldau_admin_topic_listing_t;

typedef struct moldau_admin_topic_listings {
    moldau_admin_topic_listing_t *const *items; /* sorted by name */
    size_t n_items;
} moldau_admin_topic_listings_t;

/* Lists the cluster's topics (Metadata for every topic, from any broker); internal topics only
 * when include_internal is set. */
moldau_err_t moldau_admin_list_topics(moldau_admin_t *a, int include_internal, int timeout_ms,
                                      moldau_admin_topic_listings_t **out);

/* A topic described: its partitions (moldau/client.h's type, in id order) with leader, leader
 * epoch, replicas, in-sync and offline replicas and their own errors (e.g.
 * LEADER_NOT_AVAILABLE while a new topic's leaders are elected). */
typedef struct moldau_admin_topic_description {
    const char *name;
    moldau_err_t err; /* e.g. UNKNOWN_TOPIC_OR_PARTITION, TOPIC_AUTHORIZATION_FAILED */
    const char *errmsg;
    uint8_t topic_id[16];
    int is_internal;
    moldau_metadata_partition_t *const *partitions; /* none when err is set */
    size_t n_partitions;
} moldau_admin_topic_description_t;

typedef struct moldau_admin_topic_descriptions {
    moldau_admin_topic_description_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_topic_descriptions_t;

/* Describes topics by name (Metadata, from any broker; it never creates a topic). An unknown
 * topic is an item with UNKNOWN_TOPIC_OR_PARTITION. MOLDAU_ERR__INVALID_ARG for NULL or zero
 * topics or an empty name. */
moldau_err_t moldau_admin_describe_topics(moldau_admin_t *a, const char *const *topics,
                                          size_t n_topics, int timeout_ms,
                                          moldau_admin_topic_descriptions_t **out);

/* ---- partitions and records ---------------------------------------------------------------- */

/* A topic to grow. total_count is the new partition count (more than it has: partitions are
 * never removed). assignment: NULL to let the broker place the new partitions' replicas, else
 * n_assignment == total_count - current count lists of replicas, one per new partition. */
typedef struct moldau_admin_new_partitions {
    const char *topic;
    int32_t total_count;
    const moldau_admin_replicas_t *assignment;
    size_t n_assignment;
    void *reserved_[4]; /* zero: room for fields to come */
} moldau_admin_new_partitions_t;

#define MOLDAU_ADMIN_NEW_PARTITIONS_INIT                                                       \
    {.topic = NULL, .total_count = 0, .assignment = NULL, .n_assignment = 0, .reserved_ = {0}}

/* Adds partitions to topics (CreatePartitions, sent to the controller); validate_only checks
 * without adding. Per topic, in the order asked: e.g. INVALID_PARTITIONS (not more than it
 * has), UNKNOWN_TOPIC_OR_PARTITION, INVALID_REPLICA_ASSIGNMENT. MOLDAU_ERR__INVALID_ARG for
 * NULL or zero topics, a topic without a name or given twice, total_count below 1, or an
 * empty replica list. */
moldau_err_t moldau_admin_create_partitions(moldau_admin_t *a,
                                            const moldau_admin_new_partitions_t *topics,
                                            size_t n_topics, int validate_only, int timeout_ms,
                                            moldau_admin_topic_results_t **out);

/* A partition whose records before `offset` are to be deleted (MOLDAU_OFFSET_END, -1: every
 * record, up to the high watermark). An array element, as moldau_admin_config_t. */
typedef struct moldau_admin_delete_records {
    const char *topic;
    int32_t partition;
    int64_t offset;
} moldau_admin_delete_records_t;

typedef struct moldau_admin_delete_records_result {
    const char *topic;
    int32_t partition;
    moldau_err_t err; /* e.g. OFFSET_OUT_OF_RANGE (past the high watermark),
                       * UNKNOWN_TOPIC_OR_PARTITION, POLICY_VIOLATION (a compacted topic) */
    const char *errmsg;
    int64_t low_watermark; /* the partition's log start offset after the deletion; -1 on error */
} moldau_admin_delete_records_result_t;

typedef struct moldau_admin_delete_records_results {
    moldau_admin_delete_records_result_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_delete_records_results_t;

/* Deletes the records of partitions up to their offsets (DeleteRecords to each partition's
 * leader, all leaders at once, found in fresh metadata; a partition whose leader moved or was
 * not there is sent again, after retry.backoff.ms, while the timeout allows, else keeps the
 * error of its last attempt, e.g. NOT_LEADER_OR_FOLLOWER). MOLDAU_ERR__INVALID_ARG for NULL
 * or zero partitions, a topic without a name, a partition below 0 or given twice, or an
 * offset below -1. */
moldau_err_t moldau_admin_delete_records(moldau_admin_t *a,
                                         const moldau_admin_delete_records_t *partitions,
                                         size_t n_partitions, int timeout_ms,
                                         moldau_admin_delete_records_results_t **out);

/* ---- configs ------------------------------------------------------------------------------- */

/* The kinds of resource that have configs (the protocol's ConfigResource types). */
typedef enum moldau_admin_resource_type {
    MOLDAU_ADMIN_RESOURCE_TOPIC = 2,
    MOLDAU_ADMIN_RESOURCE_BROKER = 4,        /* name: the broker id, "" the cluster default */
    MOLDAU_ADMIN_RESOURCE_BROKER_LOGGER = 8, /* name: the broker id */
    MOLDAU_ADMIN_RESOURCE_CLIENT_METRICS = 16,
    MOLDAU_ADMIN_RESOURCE_GROUP = 32 /* Kafka 4.0+ (KIP-848 group configs) */
} moldau_admin_resource_type_t;

/* A resource whose configs are described. Requests for a broker (BROKER with an id,
 * BROKER_LOGGER) go to that broker, the others together to any broker. */
typedef struct moldau_admin_config_resource {
    moldau_admin_resource_type_t type;
    const char *name;
    void *reserved_[2]; /* zero: room for fields to come */
} moldau_admin_config_resource_t;

#define MOLDAU_ADMIN_CONFIG_RESOURCE_INIT {.type = 0, .name = NULL, .reserved_ = {0}}

/* A resource's outcome, with its configs for moldau_admin_describe_configs (none for the
 * alter call). */
typedef struct moldau_admin_config_resource_result {
    moldau_admin_resource_type_t type;
    const char *name;
    moldau_err_t err; /* e.g. UNKNOWN_TOPIC_OR_PARTITION, INVALID_CONFIG, POLICY_VIOLATION */
    const char *errmsg;
    moldau_admin_config_entry_t *const *entries; /* in the broker's order */
    size_t n_entries;
} moldau_admin_config_resource_result_t;

typedef struct moldau_admin_config_resource_results {
    moldau_admin_config_resource_result_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_config_resource_results_t;

/* Describes every config of the resources (DescribeConfigs): value, source, read-only,
 * sensitive, default, and with include_synonyms each entry's synonyms (the value at every
 * level, the one in force first). MOLDAU_ERR__INVALID_ARG for NULL or zero resources, a NULL
 * name, an unknown type, a broker name that is not an id, or a resource given twice. A
 * broker that cannot be reached fails only its own resources. */
moldau_err_t moldau_admin_describe_configs(moldau_admin_t *a,
                                           const moldau_admin_config_resource_t *resources,
                                           size_t n_resources, int include_synonyms,
                                           int timeout_ms,
                                           moldau_admin_config_resource_results_t **out);

/* What an incremental config change does (IncrementalAlterConfigs' operations). */
typedef enum moldau_admin_config_op_type {
    MOLDAU_ADMIN_CONFIG_OP_SET = 0,
    MOLDAU_ADMIN_CONFIG_OP_DELETE = 1,   /* back to the default; value ignored */
    MOLDAU_ADMIN_CONFIG_OP_APPEND = 2,   /* to a list config */
    MOLDAU_ADMIN_CONFIG_OP_SUBTRACT = 3  /* from a list config */
} moldau_admin_config_op_type_t;

/* An array element, as moldau_admin_config_t: its layout never changes. */
typedef struct moldau_admin_config_op {
    const char *name;
    moldau_admin_config_op_type_t op;
    const char *value; /* required but for DELETE */
} moldau_admin_config_op_t;

/* A resource and the changes to make to its configs. */
typedef struct moldau_admin_alter_config {
    moldau_admin_resource_type_t type;
    const char *name;
    const moldau_admin_config_op_t *ops;
    size_t n_ops;
    void *reserved_[2]; /* zero: room for fields to come */
} moldau_admin_alter_config_t;

#define MOLDAU_ADMIN_ALTER_CONFIG_INIT                                                         \
    {.type = 0, .name = NULL, .ops = NULL, .n_ops = 0, .reserved_ = {0}}

/* Changes configs one by one, leaving the others (IncrementalAlterConfigs; broker resources
 * to that broker, the others to any broker); validate_only checks without changing. Per
 * resource: e.g. INVALID_CONFIG, UNKNOWN_TOPIC_OR_PARTITION. MOLDAU_ERR__INVALID_ARG as for
 * describe, and for a resource without changes, a change without a name, an unknown op, or a
 * value missing. */
moldau_err_t moldau_admin_incremental_alter_configs(moldau_admin_t *a,
                                                    const moldau_admin_alter_config_t *resources,
                                                    size_t n_resources, int validate_only,
                                                    int timeout_ms,
                                                    moldau_admin_config_resource_results_t **out);

/* ---- the cluster --------------------------------------------------------------------------- */

typedef struct moldau_admin_cluster_description {
    const char *cluster_id;   /* NULL: not known */
    int32_t controller_id;    /* -1: not known (or not disclosed) */
    moldau_metadata_broker_t *const *brokers; /* moldau/client.h's type: id, host, port, rack */
    size_t n_brokers;
} moldau_admin_cluster_description_t;

/* Describes the cluster: its id, controller and brokers (DescribeCluster, from any broker;
 * Metadata from brokers before 2.8). The call's error: e.g. CLUSTER_AUTHORIZATION_FAILED. */
moldau_err_t moldau_admin_describe_cluster(moldau_admin_t *a, int timeout_ms,
                                           moldau_admin_cluster_description_t **out);

/* A feature's level, cluster-wide (KIP-584), e.g. metadata.version. */
typedef struct moldau_admin_finalized_feature {
    const char *name;
    int16_t min_version_level;
    int16_t max_version_level; /* the level in force */
} moldau_admin_finalized_feature_t;

/* The range of a feature's levels the answering broker supports. */
typedef struct moldau_admin_supported_feature {
    const char *name;
    int16_t min_version;
    int16_t max_version;
} moldau_admin_supported_feature_t;

typedef struct moldau_admin_features {
    moldau_admin_finalized_feature_t *const *finalized;
    size_t n_finalized;
    int64_t finalized_epoch; /* -1: not known */
    moldau_admin_supported_feature_t *const *supported;
    size_t n_supported;
} moldau_admin_features_t;

/* The cluster's finalized features and one broker's supported ones (ApiVersions v3+, from
 * any broker). Brokers before 2.7 know no features: both lists are then empty. */
moldau_err_t moldau_admin_describe_features(moldau_admin_t *a, int timeout_ms,
                                            moldau_admin_features_t **out);

#ifdef __cplusplus
}
#endif

/* the calls of other areas, each in a header of its own */
#include "moldau/admin_acls.h"
#include "moldau/admin_groups.h"
#include "moldau/admin_quotas.h"
#include "moldau/admin_replicas.h"
#include "moldau/admin_state.h"
#include "moldau/admin_users.h"

#endif
