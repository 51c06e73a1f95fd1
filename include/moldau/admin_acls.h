/*
 * moldau — the admin client's ACL calls: describe, create and delete access control entries
 * (Kafka's authorizer must be on: authorizer.class.name; without one every call fails with
 * SECURITY_DISABLED).
 *
 *   moldau_admin_acl_binding_t allow = MOLDAU_ADMIN_ACL_BINDING_INIT;
 *   allow.resource_type = MOLDAU_ADMIN_ACL_RESOURCE_TOPIC;
 *   allow.resource_name = "orders";
 *   allow.principal = "User:alice";
 *   allow.operation = MOLDAU_ADMIN_ACL_OP_READ;
 *   moldau_admin_acl_results_t *r;
 *   moldau_admin_create_acls(a, &allow, 1, -1, &r);   // r->items[0]->err per binding
 *
 * The rules of moldau/admin.h hold. The enums' values are Kafka's own codes.
 */
#ifndef MOLDAU_ADMIN_ACLS_H
#define MOLDAU_ADMIN_ACLS_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/admin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum moldau_admin_acl_resource_type {
    MOLDAU_ADMIN_ACL_RESOURCE_ANY = 1, /* filters only */
    MOLDAU_ADMIN_ACL_RESOURCE_TOPIC = 2,
    MOLDAU_ADMIN_ACL_RESOURCE_GROUP = 3,
    MOLDAU_ADMIN_ACL_RESOURCE_CLUSTER = 4, /* name "kafka-cluster" */
    MOLDAU_ADMIN_ACL_RESOURCE_TRANSACTIONAL_ID = 5,
    MOLDAU_ADMIN_ACL_RESOURCE_DELEGATION_TOKEN = 6,
    MOLDAU_ADMIN_ACL_RESOURCE_USER = 7
} moldau_admin_acl_resource_type_t;

typedef enum moldau_admin_acl_pattern_type {
    MOLDAU_ADMIN_ACL_PATTERN_ANY = 1,   /* filters only: literal or prefixed */
    MOLDAU_ADMIN_ACL_PATTERN_MATCH = 2, /* filters only: every binding that applies to the name */
    MOLDAU_ADMIN_ACL_PATTERN_LITERAL = 3,
    MOLDAU_ADMIN_ACL_PATTERN_PREFIXED = 4
} moldau_admin_acl_pattern_type_t;

typedef enum moldau_admin_acl_operation {
    MOLDAU_ADMIN_ACL_OP_ANY = 1, /* filters only */
    MOLDAU_ADMIN_ACL_OP_ALL = 2,
    MOLDAU_ADMIN_ACL_OP_READ = 3,
    MOLDAU_ADMIN_ACL_OP_WRITE = 4,
    MOLDAU_ADMIN_ACL_OP_CREATE = 5,
    MOLDAU_ADMIN_ACL_OP_DELETE = 6,
    MOLDAU_ADMIN_ACL_OP_ALTER = 7,
    MOLDAU_ADMIN_ACL_OP_DESCRIBE = 8,
    MOLDAU_ADMIN_ACL_OP_CLUSTER_ACTION = 9,
    MOLDAU_ADMIN_ACL_OP_DESCRIBE_CONFIGS = 10,
    MOLDAU_ADMIN_ACL_OP_ALTER_CONFIGS = 11,
    MOLDAU_ADMIN_ACL_OP_IDEMPOTENT_WRITE = 12,
    MOLDAU_ADMIN_ACL_OP_CREATE_TOKENS = 13,
    MOLDAU_ADMIN_ACL_OP_DESCRIBE_TOKENS = 14
} moldau_admin_acl_operation_t;

typedef enum moldau_admin_acl_permission {
    MOLDAU_ADMIN_ACL_PERMISSION_ANY = 1, /* filters only */
    MOLDAU_ADMIN_ACL_PERMISSION_DENY = 2,
    MOLDAU_ADMIN_ACL_PERMISSION_ALLOW = 3
} moldau_admin_acl_permission_t;

/* An ACL: who (principal, e.g. "User:alice", from host, "*" any) may or may not do what on
 * which resource. As a filter, NULL strings and the _ANY values match every binding. An array
 * element: its layout never changes. */
typedef struct moldau_admin_acl_binding {
    moldau_admin_acl_resource_type_t resource_type;
    const char *resource_name;
    moldau_admin_acl_pattern_type_t pattern_type;
    const char *principal;
    const char *host;
    moldau_admin_acl_operation_t operation;
    moldau_admin_acl_permission_t permission;
} moldau_admin_acl_binding_t;

/* A literal binding from any host, allowed; the rest to be set. */
#define MOLDAU_ADMIN_ACL_BINDING_INIT                                                          \
    {.resource_type = MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, .resource_name = NULL,                  \
     .pattern_type = MOLDAU_ADMIN_ACL_PATTERN_LITERAL, .principal = NULL, .host = "*",         \
     .operation = MOLDAU_ADMIN_ACL_OP_ALL, .permission = MOLDAU_ADMIN_ACL_PERMISSION_ALLOW}
/* A filter matching every binding. */
#define MOLDAU_ADMIN_ACL_FILTER_ANY                                                            \
    {.resource_type = MOLDAU_ADMIN_ACL_RESOURCE_ANY, .resource_name = NULL,                    \
     .pattern_type = MOLDAU_ADMIN_ACL_PATTERN_ANY, .principal = NULL, .host = NULL,            \
     .operation = MOLDAU_ADMIN_ACL_OP_ANY, .permission = MOLDAU_ADMIN_ACL_PERMISSION_ANY}

/* A binding and its outcome (created, or deleted). */
typedef struct moldau_admin_acl_result {
    moldau_admin_acl_binding_t binding; /* its strings in the result */
    moldau_err_t err;
    const char *errmsg;
} moldau_admin_acl_result_t;

typedef struct moldau_admin_acl_results {
    moldau_admin_acl_result_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_acl_results_t;

/* The bindings that match filter (DescribeAcls, any broker): in the result's items (err
 * MOLDAU_ERR_NONE each). The call's error: e.g. SECURITY_DISABLED (no authorizer),
 * CLUSTER_AUTHORIZATION_FAILED. MOLDAU_ERR__INVALID_ARG for a NULL filter or a value outside
 * the enums. */
moldau_err_t moldau_admin_describe_acls(moldau_admin_t *a,
                                        const moldau_admin_acl_binding_t *filter,
                                        int timeout_ms, moldau_admin_acl_results_t **out);

/* Creates bindings (CreateAcls, any broker); per binding, in the order asked: e.g.
 * SECURITY_DISABLED, INVALID_REQUEST. MOLDAU_ERR__INVALID_ARG for NULL or zero bindings, a
 * NULL name, principal or host, or a filter-only value (_ANY, MATCH). */
moldau_err_t moldau_admin_create_acls(moldau_admin_t *a,
                                      const moldau_admin_acl_binding_t *bindings,
                                      size_t n_bindings, int timeout_ms,
                                      moldau_admin_acl_results_t **out);

/* What one delete filter did: its error, and the bindings it deleted (each with its own). */
typedef struct moldau_admin_acl_delete_result {
    moldau_err_t err;
    const char *errmsg;
    moldau_admin_acl_result_t *const *deleted;
    size_t n_deleted;
} moldau_admin_acl_delete_result_t;

typedef struct moldau_admin_acl_delete_results {
    moldau_admin_acl_delete_result_t *const *items; /* one per filter, in the order asked */
    size_t n_items;
} moldau_admin_acl_delete_results_t;

/* Deletes every binding that matches each filter (DeleteAcls, any broker). MOLDAU_ERR__INVALID_ARG
 * for NULL or zero filters or a value outside the enums. */
moldau_err_t moldau_admin_delete_acls(moldau_admin_t *a,
                                      const moldau_admin_acl_binding_t *filters,
                                      size_t n_filters, int timeout_ms,
                                      moldau_admin_acl_delete_results_t **out);

#ifdef __cplusplus
}
#endif

#endif
