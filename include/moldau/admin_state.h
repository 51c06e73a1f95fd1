/*
 * moldau — the admin client's calls on what brokers hold below the topics: the log dirs and
 * the replicas in them, and the transactions their coordinators track (listed, described).
 *
 * The rules of moldau/admin.h hold. A call that asks every broker sends to all at once; a
 * broker that fails (or does not answer in time) fails only its own item.
 */
#ifndef MOLDAU_ADMIN_STATE_H
#define MOLDAU_ADMIN_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/admin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- log dirs --------------------------------------------------------------------------- */

/* A partition's replica in a log dir. */
typedef struct moldau_admin_replica_info {
    const char *topic;
    int32_t partition;
    int64_t size_bytes;
    int64_t offset_lag; /* behind the leader's log end (0 on the leader) */
    int is_future;      /* being moved here (an alter of its log dir) */
} moldau_admin_replica_info_t;

typedef struct moldau_admin_log_dir {
    const char *path;
    moldau_err_t err; /* e.g. KAFKA_STORAGE_ERROR (an offline dir) */
    const char *errmsg;
    int64_t total_bytes;  /* -1: not known (brokers before 3.3) */
    int64_t usable_bytes; /* -1: not known */
    moldau_admin_replica_info_t *const *replicas;
    size_t n_replicas;
} moldau_admin_log_dir_t;

/* One broker's log dirs, or why they are missing. */
typedef struct moldau_admin_broker_log_dirs {
    int32_t broker;
    moldau_err_t err; /* e.g. MOLDAU_ERR__TIMED_OUT, CLUSTER_AUTHORIZATION_FAILED */
    const char *errmsg;
    moldau_admin_log_dir_t *const *dirs;
    size_t n_dirs;
} moldau_admin_broker_log_dirs_t;

typedef struct moldau_admin_log_dirs {
    moldau_admin_broker_log_dirs_t *const *items; /* in the order asked; all: by broker id */
    size_t n_items;
} moldau_admin_log_dirs_t;

/* The log dirs of brokers[0..n_brokers) (brokers NULL, n_brokers 0: every broker of the
 * cluster) and every replica in them (DescribeLogDirs to each broker). A broker id the
 * cluster does not have is an item with BROKER_NOT_AVAILABLE. MOLDAU_ERR__INVALID_ARG for
 * brokers NULL with a count, or an id below 0 or given twice. */
moldau_err_t moldau_admin_describe_log_dirs(moldau_admin_t *a, const int32_t *brokers,
                                            size_t n_brokers, int timeout_ms,
                                            moldau_admin_log_dirs_t **out);

/* ---- transactions ----------------------------------------------------------------------- */

/* A transactional producer as its coordinator lists it. */
typedef struct moldau_admin_transaction_listing {
    const char *transactional_id;
    int64_t producer_id;
    const char *state;   /* Kafka's: "Empty", "Ongoing", "PrepareCommit", "CompleteCommit",
                          * "PrepareAbort", "CompleteAbort", "Dead", "PrepareEpochFence" */
    int32_t coordinator; /* the broker that listed it */
} moldau_admin_transaction_listing_t;

typedef struct moldau_admin_transaction_listings {
    moldau_admin_transaction_listing_t *const *items; /* by transactional id */
    size_t n_items;
    /* the brokers whose listing failed: their transactions are missing */
    const int32_t *failed_brokers;
    const moldau_err_t *failed_errs;
    size_t n_failed;
} moldau_admin_transaction_listings_t;

/* The transactional producers of the cluster (ListTransactions to every broker at once: each
 * lists those it coordinates); states: only those in one of them (NULL, 0: every state). The
 * call fails as a whole only when no broker answered. */
moldau_err_t moldau_admin_list_transactions(moldau_admin_t *a, const char *const *states,
                                            size_t n_states, int timeout_ms,
                                            moldau_admin_transaction_listings_t **out);

/* A topic's partitions in a transaction. */
typedef struct moldau_admin_transaction_topic {
    const char *topic;
    const int32_t *partitions;
    size_t n_partitions;
} moldau_admin_transaction_topic_t;

/* A transactional id described by its coordinator. */
typedef struct moldau_admin_transaction_description {
    const char *transactional_id;
    moldau_err_t err; /* e.g. TRANSACTIONAL_ID_NOT_FOUND, TRANSACTIONAL_ID_AUTHORIZATION_FAILED */
    const char *errmsg;
    const char *state;          /* as moldau_admin_transaction_listing_t's */
    int32_t coordinator;        /* the broker that answered, -1 on a local error */
    int64_t producer_id;
    int16_t producer_epoch;
    int32_t timeout_ms;         /* transaction.timeout.ms */
    int64_t start_time_ms;      /* -1: none running */
    moldau_admin_transaction_topic_t *const *topics; /* the partitions it wrote to */
    size_t n_topics;
} moldau_admin_transaction_description_t;

typedef struct moldau_admin_transaction_descriptions {
    moldau_admin_transaction_description_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_transaction_descriptions_t;

/* Describes transactional ids (DescribeTransactions to each one's coordinator, found with
 * FindCoordinator, all at once). MOLDAU_ERR__INVALID_ARG for NULL or zero ids, a NULL or
 * empty id, or an id given twice. */
moldau_err_t moldau_admin_describe_transactions(moldau_admin_t *a, const char *const *ids,
                                                size_t n_ids, int timeout_ms,
                                                moldau_admin_transaction_descriptions_t **out);

#ifdef __cplusplus
}
#endif

#endif
