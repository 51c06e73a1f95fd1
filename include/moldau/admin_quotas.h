/*
 * moldau — the admin client's client quota calls (KIP-546): describe and alter the quotas of
 * users, client ids and IPs, e.g. producer_byte_rate, consumer_byte_rate, request_percentage,
 * connection_creation_rate.
 *
 * The rules of moldau/admin.h hold.
 */
#ifndef MOLDAU_ADMIN_QUOTAS_H
#define MOLDAU_ADMIN_QUOTAS_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/admin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One part of a quota's entity: its type ("user", "client-id", "ip") and name (NULL: the
 * type's default). An array element: its layout never changes. */
typedef struct moldau_admin_quota_entity_part {
    const char *type;
    const char *name;
} moldau_admin_quota_entity_part_t;

/* A quota's key and value (bytes per second, a percentage, a rate). An array element. */
typedef struct moldau_admin_quota_value {
    const char *key;
    double value;
} moldau_admin_quota_value_t;

/* ---- describe --------------------------------------------------------------------------- */

typedef enum moldau_admin_quota_match {
    MOLDAU_ADMIN_QUOTA_MATCH_EXACT = 0,   /* the entity of that type and name */
    MOLDAU_ADMIN_QUOTA_MATCH_DEFAULT = 1, /* the type's default entity */
    MOLDAU_ADMIN_QUOTA_MATCH_ANY = 2      /* any entity of that type with a name */
} moldau_admin_quota_match_t;

/* A filter component: entities with a part of entity_type that matches. An array element. */
typedef struct moldau_admin_quota_filter {
    const char *entity_type;
    moldau_admin_quota_match_t match;
    const char *name; /* EXACT only */
} moldau_admin_quota_filter_t;

typedef struct moldau_admin_quota_entry {
    moldau_admin_quota_entity_part_t *const *entity;
    size_t n_entity;
    moldau_admin_quota_value_t *const *values;
    size_t n_values;
} moldau_admin_quota_entry_t;

typedef struct moldau_admin_quota_entries {
    moldau_admin_quota_entry_t *const *items; /* in the broker's order */
    size_t n_items;
} moldau_admin_quota_entries_t;

/* The quotas of the entities that match every filter (DescribeClientQuotas, any broker;
 * filters NULL, n_filters 0: every entity); strict: only entities with no other parts than
 * the filters name. The call's error: e.g. CLUSTER_AUTHORIZATION_FAILED, INVALID_REQUEST.
 * MOLDAU_ERR__INVALID_ARG for filters NULL with a count, a NULL or empty type, an unknown
 * match, or EXACT without a name. */
moldau_err_t moldau_admin_describe_client_quotas(moldau_admin_t *a,
                                                 const moldau_admin_quota_filter_t *filters,
                                                 size_t n_filters, int strict, int timeout_ms,
                                                 moldau_admin_quota_entries_t **out);

/* ---- alter ------------------------------------------------------------------------------ */

/* A change to one quota key: set it to value, or (remove) take it away. An array element. */
typedef struct moldau_admin_quota_op {
    const char *key;
    double value;
    int remove;
} moldau_admin_quota_op_t;

/* The changes to one entity's quotas. */
typedef struct moldau_admin_quota_alteration {
    const moldau_admin_quota_entity_part_t *entity;
    size_t n_entity;
    const moldau_admin_quota_op_t *ops;
    size_t n_ops;
    void *reserved_[2]; /* zero: room for fields to come */
} moldau_admin_quota_alteration_t;

#define MOLDAU_ADMIN_QUOTA_ALTERATION_INIT                                                     \
    {.entity = NULL, .n_entity = 0, .ops = NULL, .n_ops = 0, .reserved_ = {0}}

/* An alteration's outcome. */
typedef struct moldau_admin_quota_result {
    moldau_err_t err; /* e.g. INVALID_REQUEST (an unknown key), CLUSTER_AUTHORIZATION_FAILED */
    const char *errmsg;
} moldau_admin_quota_result_t;

typedef struct moldau_admin_quota_results {
    moldau_admin_quota_result_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_quota_results_t;

/* Alters entities' quotas (AlterClientQuotas, any broker); validate_only checks without
 * changing. MOLDAU_ERR__INVALID_ARG for NULL or zero alterations, an entity without parts or
 * a part without a type, an alteration without ops, or an op without a key. */
moldau_err_t moldau_admin_alter_client_quotas(moldau_admin_t *a,
                                              const moldau_admin_quota_alteration_t *alts,
                                              size_t n_alts, int validate_only, int timeout_ms,
                                              moldau_admin_quota_results_t **out);

#ifdef __cplusplus
}
#endif

#endif
