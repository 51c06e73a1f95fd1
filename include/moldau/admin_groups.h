/*
 * moldau — the admin client's calls on consumer groups: list, describe, delete; their
 * committed offsets (list, alter, delete), lag and offset resets.
 *
 *   moldau_admin_group_listings_t *l;
 *   if (moldau_admin_list_groups(a, NULL, -1, &l) == MOLDAU_ERR_NONE) {
 *       for (size_t i = 0; i < l->n_items; i++)
 *           printf("%s %s\n", l->items[i]->group_id,
 *                  l->items[i]->state ? l->items[i]->state : "?");
 *       moldau_admin_result_free(l);
 *   }
 *
 * The rules of moldau/admin.h hold: synchronous, timeout_ms -1 = default.api.timeout.ms,
 * per-item err/errmsg, one result freed with moldau_admin_result_free, arrays of pointers.
 * A call on groups by id sends one request per group to its coordinator (found with
 * FindCoordinator, found again when it moves), all at once: a coordinator that does not
 * answer fails only its own groups. MOLDAU_ERR__INVALID_ARG for NULL or zero groups, a NULL
 * or empty group id, or an id given twice.
 *
 * States and types are Kafka's own names: states "Stable", "Empty", "Dead",
 * "PreparingRebalance", "CompletingRebalance" (classic), "Assigning", "Reconciling"
 * (consumer); types "classic", "consumer", "share", "streams".
 */
#ifndef MOLDAU_ADMIN_GROUPS_H
#define MOLDAU_ADMIN_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/admin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- list ------------------------------------------------------------------------------- */

/* A group as a broker lists it (the broker is its coordinator). */
typedef struct moldau_admin_group_listing {
    const char *group_id;
    const char *protocol_type; /* "consumer" for consumer groups, "" for groups without one */
    const char *state;         /* NULL: not said (brokers before 2.6, ListGroups v4) */
    const char *type;          /* NULL: not said (brokers before 3.8, ListGroups v5) */
    int32_t coordinator;       /* the broker that listed it */
} moldau_admin_group_listing_t;

/* A broker whose listing failed: its groups are missing from the result. */
typedef struct moldau_admin_node_error {
    int32_t node;
    moldau_err_t err; /* e.g. MOLDAU_ERR__TIMED_OUT, COORDINATOR_LOAD_IN_PROGRESS */
    const char *errmsg;
} moldau_admin_node_error_t;

typedef struct moldau_admin_group_listings {
    moldau_admin_group_listing_t *const *items; /* sorted by group id */
    size_t n_items;
    moldau_admin_node_error_t *const *errors; /* one per broker that failed */
    size_t n_errors;
} moldau_admin_group_listings_t;

/* Which groups to list: only those in one of `states` (when n_states > 0) and of one of
 * `types` (when n_types > 0), case-insensitive. The broker filters when it can (states from
 * ListGroups v4, types from v5); moldau filters what it answers as well, keeping a group
 * whose state or type the broker did not say. */
typedef struct moldau_admin_list_groups_options {
    const char *const *states;
    size_t n_states;
    const char *const *types;
    size_t n_types;
    void *reserved_[4]; /* zero: room for fields to come */
} moldau_admin_list_groups_options_t;

#define MOLDAU_ADMIN_LIST_GROUPS_OPTIONS_INIT                                                  \
    {.states = NULL, .n_states = 0, .types = NULL, .n_types = 0, .reserved_ = {0}}

/* Lists the groups of the cluster (ListGroups to every broker at once: each lists those it
 * coordinates). opts NULL: every group. A broker that fails is in `errors`; the call fails
 * as a whole only when none answered. MOLDAU_ERR__INVALID_ARG for a filter array NULL with a
 * count, or a NULL or empty entry. */
moldau_err_t moldau_admin_list_groups(moldau_admin_t *a,
                                      const moldau_admin_list_groups_options_t *opts,
                                      int timeout_ms, moldau_admin_group_listings_t **out);

/* ---- describe --------------------------------------------------------------------------- */

/* A member of a group. */
typedef struct moldau_admin_group_member {
    const char *member_id;
    const char *group_instance_id; /* NULL: a dynamic member */
    const char *client_id;
    const char *host;
    /* what it owns: decoded from the consumer protocol's assignment (classic groups; NULL, 0
     * for other protocol types) or as the coordinator reports it (consumer groups) */
    moldau_admin_topic_partition_t *const *assignment;
    size_t n_assignment;
    /* consumer groups (KIP-848) only (NULL, 0 in classic ones): what the coordinator wants
     * it to own, and its epoch */
    moldau_admin_topic_partition_t *const *target_assignment;
    size_t n_target_assignment;
    int32_t member_epoch; /* -1 in classic groups */
} moldau_admin_group_member_t;

/* A group described. */
typedef struct moldau_admin_group_description {
    const char *group_id;
    moldau_err_t err; /* e.g. GROUP_ID_NOT_FOUND (no such group), GROUP_AUTHORIZATION_FAILED,
                       * MOLDAU_ERR__BAD_MSG (a member's assignment does not parse) */
    const char *errmsg;
    const char *type;          /* "classic", "consumer" or "share" */
    const char *state;
    const char *protocol_type; /* "consumer" for consumer groups (classic groups) */
    const char *assignor;      /* the protocol (classic) or server assignor (consumer); "" none */
    int32_t coordinator;       /* the broker that answered, -1 on a local error */
    int32_t group_epoch;       /* consumer groups; -1 in classic ones */
    int32_t assignment_epoch;  /* consumer groups; -1 in classic ones */
    moldau_admin_group_member_t *const *members;
    size_t n_members;
} moldau_admin_group_description_t;

typedef struct moldau_admin_group_descriptions {
    moldau_admin_group_description_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_group_descriptions_t;

/* Describes groups by id: ConsumerGroupDescribe to each coordinator, and DescribeGroups for
 * the groups it does not know as consumer groups (classic ones) or when the broker lacks it
 * (before 4.0), then ShareGroupDescribe for those neither knows (share groups, KIP-932). A
 * group that does not exist is an item with GROUP_ID_NOT_FOUND. */
moldau_err_t moldau_admin_describe_groups(moldau_admin_t *a, const char *const *groups,
                                          size_t n_groups, int timeout_ms,
                                          moldau_admin_group_descriptions_t **out);

/* ---- delete ----------------------------------------------------------------------------- */

/* A group's outcome, for calls whose items are groups by id. */
typedef struct moldau_admin_group_result {
    const char *group_id;
    moldau_err_t err;
    const char *errmsg;
} moldau_admin_group_result_t;

typedef struct moldau_admin_group_results {
    moldau_admin_group_result_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_group_results_t;

/* Deletes groups and their committed offsets (DeleteGroups to each coordinator). Per group:
 * NON_EMPTY_GROUP (it has members), GROUP_ID_NOT_FOUND, GROUP_AUTHORIZATION_FAILED. */
moldau_err_t moldau_admin_delete_groups(moldau_admin_t *a, const char *const *groups,
                                        size_t n_groups, int timeout_ms,
                                        moldau_admin_group_results_t **out);

/* ---- committed offsets ------------------------------------------------------------------ */

/* A partition of a group's committed offsets, as listed, set or deleted. */
typedef struct moldau_admin_group_offset {
    const char *topic;
    int32_t partition;
    moldau_err_t err; /* e.g. UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_MEMBER_ID (alter on a group
                       * with members), GROUP_SUBSCRIBED_TO_TOPIC (delete while consumed),
                       * GROUP_ID_NOT_FOUND (delete) */
    const char *errmsg;
    int64_t offset;       /* the committed offset (list), the one set (alter); -1: none */
    int32_t leader_epoch; /* -1: not known */
    const char *metadata; /* the commit's metadata; NULL: none (delete) */
} moldau_admin_group_offset_t;

typedef struct moldau_admin_group_offsets {
    const char *group_id;
    moldau_admin_group_offset_t *const *items; /* in the order asked; all: by topic, partition */
    size_t n_items;
} moldau_admin_group_offsets_t;

/* Lists a group's committed offsets (OffsetFetch to its coordinator, stable offsets only):
 * of the given partitions (each an item, offset -1 when none is committed), or, partitions
 * NULL with n_partitions 0, of every partition that has one. A group that does not exist
 * has none. The call's error is the group's (e.g. GROUP_AUTHORIZATION_FAILED).
 * MOLDAU_ERR__INVALID_ARG for a NULL or empty group, partitions NULL with a count, a topic
 * NULL or empty, a partition below 0 or given twice. */
moldau_err_t moldau_admin_list_group_offsets(moldau_admin_t *a, const char *group,
                                             const moldau_admin_topic_partition_t *partitions,
                                             size_t n_partitions, int timeout_ms,
                                             moldau_admin_group_offsets_t **out);

/* An offset to commit for a group. An array element: its layout never changes. */
typedef struct moldau_admin_offset_commit {
    const char *topic;
    int32_t partition;
    int64_t offset;       /* >= 0 */
    int32_t leader_epoch; /* -1: not known */
    const char *metadata; /* NULL: none */
} moldau_admin_offset_commit_t;

/* Sets a group's committed offsets (OffsetCommit to its coordinator, as no member:
 * generation -1, member id ""): Kafka accepts it only while the group has no members, a
 * group with members fails every partition (UNKNOWN_MEMBER_ID, or what the broker says).
 * A group that does not exist is created. Per partition in the order asked.
 * MOLDAU_ERR__INVALID_ARG as for list (offsets required), and for an offset below 0. */
moldau_err_t moldau_admin_alter_group_offsets(moldau_admin_t *a, const char *group,
                                              const moldau_admin_offset_commit_t *offsets,
                                              size_t n_offsets, int timeout_ms,
                                              moldau_admin_group_offsets_t **out);

/* Deletes a group's committed offsets of partitions (OffsetDelete to its coordinator; Kafka
 * refuses a topic the group's members are subscribed to: GROUP_SUBSCRIBED_TO_TOPIC). A group
 * error (e.g. GROUP_ID_NOT_FOUND) is every partition's. MOLDAU_ERR__INVALID_ARG as for list
 * (partitions required). */
moldau_err_t moldau_admin_delete_group_offsets(moldau_admin_t *a, const char *group,
                                               const moldau_admin_topic_partition_t *partitions,
                                               size_t n_partitions, int timeout_ms,
                                               moldau_admin_group_offsets_t **out);

/* ---- lag --------------------------------------------------------------------------------- */

/* A partition of a group's committed offsets with its log end. */
typedef struct moldau_admin_group_lag {
    const char *topic;
    int32_t partition;
    moldau_err_t err; /* the log end's error, e.g. LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION */
    const char *errmsg;
    int64_t committed; /* the group's committed offset */
    int64_t log_end;   /* the partition's end (high watermark); -1 on error */
    int64_t lag;       /* log_end - committed (0 when committed is past it); -1 on error */
} moldau_admin_group_lag_t;

typedef struct moldau_admin_group_lags {
    const char *group_id;
    moldau_admin_group_lag_t *const *items; /* by topic, partition */
    size_t n_items;
} moldau_admin_group_lags_t;

/* The lag of every partition a group has committed offsets for: the committed offsets
 * (OffsetFetch to the coordinator), the log ends (ListOffsets latest to each leader, all at
 * once). A group without committed offsets has no items. MOLDAU_ERR__INVALID_ARG for a NULL
 * or empty group. */
moldau_err_t moldau_admin_group_lag(moldau_admin_t *a, const char *group, int timeout_ms,
                                    moldau_admin_group_lags_t **out);

/* ---- reset ------------------------------------------------------------------------------- */

/* Where moldau_admin_reset_group_offsets moves the offsets (kafka-consumer-groups.sh
 * --reset-offsets --to-earliest, --to-latest, --to-datetime, --shift-by, --to-offset). */
typedef enum moldau_admin_reset_to {
    MOLDAU_ADMIN_RESET_EARLIEST = 1, /* the log start */
    MOLDAU_ADMIN_RESET_LATEST = 2,   /* the log end */
    MOLDAU_ADMIN_RESET_TIMESTAMP = 3, /* the first record at or after `timestamp`; the log end
                                       * when there is none */
    MOLDAU_ADMIN_RESET_SHIFT = 4,    /* the committed offset plus `shift` (a partition without
                                      * one: its log end plus `shift`) */
    MOLDAU_ADMIN_RESET_OFFSETS = 5   /* the offsets given in `offsets` */
} moldau_admin_reset_to_t;

/* What to reset. Partitions: every partition of `topics`, and `partitions`; for
 * MOLDAU_ADMIN_RESET_OFFSETS the partitions of `offsets` (topics and partitions unused).
 * Every new offset is clamped to [log start, log end]. */
typedef struct moldau_admin_reset_offsets {
    moldau_admin_reset_to_t to;
    int64_t timestamp; /* TIMESTAMP: ms since the epoch */
    int64_t shift;     /* SHIFT: negative moves back */
    const char *const *topics;
    size_t n_topics;
    const moldau_admin_topic_partition_t *partitions;
    size_t n_partitions;
    const moldau_admin_offset_commit_t *offsets; /* OFFSETS only */
    size_t n_offsets;
    int dry_run; /* compute the new offsets, commit nothing */
    void *reserved_[4]; /* zero: room for fields to come */
} moldau_admin_reset_offsets_t;

#define MOLDAU_ADMIN_RESET_OFFSETS_INIT                                                        \
    {.to = 0, .timestamp = 0, .shift = 0, .topics = NULL, .n_topics = 0, .partitions = NULL,  \
     .n_partitions = 0, .offsets = NULL, .n_offsets = 0, .dry_run = 0, .reserved_ = {0}}

/* A partition reset (or, with dry_run, that would be). */
typedef struct moldau_admin_reset_result {
    const char *topic;
    int32_t partition;
    moldau_err_t err; /* e.g. UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, or the
                       * commit's (UNKNOWN_MEMBER_ID when a member joined meanwhile) */
    const char *errmsg;
    int64_t previous; /* the committed offset before; -1: none */
    int64_t offset;   /* the new one; -1 on error */
} moldau_admin_reset_result_t;

typedef struct moldau_admin_reset_results {
    const char *group_id;
    moldau_admin_reset_result_t *const *items; /* topics' partitions in order, then partitions */
    size_t n_items;
} moldau_admin_reset_results_t;

/* Resets a group's committed offsets as kafka-consumer-groups.sh --reset-offsets does: only
 * while the group has no members (state Empty, or no such group yet: it is created);
 * MOLDAU_ERR__STATE otherwise (its state in the debug=admin log). Reads the committed offsets,
 * the log starts and ends (and offsets by time) from the brokers, computes the new offsets
 * and, unless dry_run, commits them (moldau_admin_alter_group_offsets). MOLDAU_ERR__INVALID_ARG
 * for a NULL group or spec, an unknown `to`, no partitions, a NULL or empty topic, a
 * partition below 0 or given twice, an offset below 0; MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION
 * for a topic of `topics` the cluster does not have. */
moldau_err_t moldau_admin_reset_group_offsets(moldau_admin_t *a, const char *group,
                                              const moldau_admin_reset_offsets_t *spec,
                                              int timeout_ms, moldau_admin_reset_results_t **out);

#ifdef __cplusplus
}
#endif

#endif
