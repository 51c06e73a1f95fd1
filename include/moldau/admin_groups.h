/*
 * moldau — the admin client's calls on consumer groups: list, describe, delete.
 *
 *   moldau_admin_group_listings_t *l;
 *   if (moldau_admin_list_groups(a, NULL, -1, &l) == MOLDAU_ERR_NONE) {
 *       for (size_t i = 0; i < l->n_items; i++)
 *           printf("%s %s\n", l->items[i]->group_id, l->items[i]->state);
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

/* A topic-partition in a result. */
typedef struct moldau_admin_topic_partition {
    const char *topic;
    int32_t partition;
} moldau_admin_topic_partition_t;

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
    const char *type;          /* "classic" or "consumer" */
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
 * (before 4.0). A group that does not exist is an item with GROUP_ID_NOT_FOUND. */
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

#ifdef __cplusplus
}
#endif

#endif
