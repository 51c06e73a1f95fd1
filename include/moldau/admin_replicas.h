/*
 * moldau — the admin client's calls on partitions' replicas: reassignments (start, cancel,
 * list), leader elections, and the producers a partition's leader tracks.
 *
 * The rules of moldau/admin.h hold. Reassignments and elections go to the controller; the
 * producers of a partition are asked of its leader (all leaders at once).
 */
#ifndef MOLDAU_ADMIN_REPLICAS_H
#define MOLDAU_ADMIN_REPLICAS_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/admin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A partition's outcome, for calls whose items are partitions. */
typedef struct moldau_admin_partition_result {
    const char *topic;
    int32_t partition;
    moldau_err_t err;
    const char *errmsg;
} moldau_admin_partition_result_t;

typedef struct moldau_admin_partition_results {
    moldau_admin_partition_result_t *const *items; /* in the order asked (all: the broker's) */
    size_t n_items;
} moldau_admin_partition_results_t;

/* ---- reassignments ---------------------------------------------------------------------- */

/* Where a partition's replicas are to be: broker ids, the first the preferred leader;
 * replicas NULL (n_replicas 0) cancels its reassignment in progress. An array element. */
typedef struct moldau_admin_reassignment {
    const char *topic;
    int32_t partition;
    const int32_t *replicas;
    size_t n_replicas;
} moldau_admin_reassignment_t;

/* Starts (or cancels) reassignments (AlterPartitionReassignments, the controller). Per
 * partition: e.g. INVALID_REPLICA_ASSIGNMENT (an unknown broker), NO_REASSIGNMENT_IN_PROGRESS
 * (a cancel with none), UNKNOWN_TOPIC_OR_PARTITION. MOLDAU_ERR__INVALID_ARG for NULL or zero
 * items, a NULL or empty topic, a partition below 0 or given twice, replicas NULL with a count
 * or a count without replicas. */
moldau_err_t moldau_admin_alter_partition_reassignments(moldau_admin_t *a,
                                                        const moldau_admin_reassignment_t *rs,
                                                        size_t n, int timeout_ms,
                                                        moldau_admin_partition_results_t **out);

/* A reassignment in progress. */
typedef struct moldau_admin_ongoing_reassignment {
    const char *topic;
    int32_t partition;
    const int32_t *replicas; /* the current set */
    size_t n_replicas;
    const int32_t *adding;   /* being added */
    size_t n_adding;
    const int32_t *removing; /* to be removed once the others caught up */
    size_t n_removing;
} moldau_admin_ongoing_reassignment_t;

typedef struct moldau_admin_ongoing_reassignments {
    moldau_admin_ongoing_reassignment_t *const *items;
    size_t n_items;
} moldau_admin_ongoing_reassignments_t;

/* The reassignments in progress (ListPartitionReassignments, the controller), of the given
 * partitions (partitions NULL, n 0: all). The call's error: e.g. CLUSTER_AUTHORIZATION_FAILED.
 * MOLDAU_ERR__INVALID_ARG for partitions NULL with a count, a NULL or empty topic, a
 * partition below 0. */
moldau_err_t moldau_admin_list_partition_reassignments(
    moldau_admin_t *a, const moldau_admin_topic_partition_t *partitions, size_t n,
    int timeout_ms, moldau_admin_ongoing_reassignments_t **out);

/* ---- leader elections ------------------------------------------------------------------- */

typedef enum moldau_admin_election_type {
    MOLDAU_ADMIN_ELECTION_PREFERRED = 0, /* the first replica, if in sync */
    MOLDAU_ADMIN_ELECTION_UNCLEAN = 1    /* any live replica when none in sync is: data loss */
} moldau_admin_election_type_t;

/* Elects leaders (ElectLeaders, the controller) for the given partitions (partitions NULL, n
 * 0: every partition; the items are then those the controller answers for). Per partition:
 * e.g. ELECTION_NOT_NEEDED (the leader is already the one), PREFERRED_LEADER_NOT_AVAILABLE,
 * UNKNOWN_TOPIC_OR_PARTITION. MOLDAU_ERR__INVALID_ARG as for the list call, and for an unknown
 * election type. */
moldau_err_t moldau_admin_elect_leaders(moldau_admin_t *a, moldau_admin_election_type_t type,
                                        const moldau_admin_topic_partition_t *partitions,
                                        size_t n, int timeout_ms,
                                        moldau_admin_partition_results_t **out);

/* ---- producers -------------------------------------------------------------------------- */

/* An idempotent or transactional producer a partition's leader tracks. */
typedef struct moldau_admin_producer_state {
    int64_t producer_id;
    int32_t producer_epoch;
    int32_t last_sequence;     /* -1: none */
    int64_t last_timestamp;    /* ms; -1: none */
    int32_t coordinator_epoch; /* -1: not transactional */
    int64_t txn_start_offset;  /* the open transaction's first offset; -1: none */
} moldau_admin_producer_state_t;

/* One partition's producers. */
typedef struct moldau_admin_partition_producers {
    const char *topic;
    int32_t partition;
    moldau_err_t err; /* e.g. NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION */
    const char *errmsg;
    moldau_admin_producer_state_t *const *producers;
    size_t n_producers;
} moldau_admin_partition_producers_t;

typedef struct moldau_admin_producer_states {
    moldau_admin_partition_producers_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_producer_states_t;

/* The active producers of partitions (DescribeProducers to each partition's leader, found in
 * fresh metadata, all at once). MOLDAU_ERR__INVALID_ARG for NULL or zero partitions, a NULL
 * or empty topic, a partition below 0 or given twice. */
moldau_err_t moldau_admin_describe_producers(moldau_admin_t *a,
                                             const moldau_admin_topic_partition_t *partitions,
                                             size_t n, int timeout_ms,
                                             moldau_admin_producer_states_t **out);

#ifdef __cplusplus
}
#endif

#endif
