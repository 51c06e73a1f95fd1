/* The ACL calls: DescribeAcls, CreateAcls and DeleteAcls, each one request to any broker. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/admin_acls.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(da, moldau_describe_acls_request_t, moldau_describe_acls_request_encode,
                      moldau_describe_acls_response_t, moldau_describe_acls_response_decode)
MOLDAU__REQUEST_CODEC(ca, moldau_create_acls_request_t, moldau_create_acls_request_encode,
                      moldau_create_acls_response_t, moldau_create_acls_response_decode)
MOLDAU__REQUEST_CODEC(xa, moldau_delete_acls_request_t, moldau_delete_acls_request_encode,
                      moldau_delete_acls_response_t, moldau_delete_acls_response_decode)

/* A binding's values within Kafka's codes; filter: the match-anything ones allowed too. */
static int binding_ok(const moldau_admin_acl_binding_t *b, int filter)
{
    int lo = filter ? 1 : 2;
    if ((int)b->resource_type < lo || b->resource_type > MOLDAU_ADMIN_ACL_RESOURCE_USER ||
        (int)b->operation < lo || b->operation > MOLDAU_ADMIN_ACL_OP_DESCRIBE_TOKENS ||
        (int)b->permission < lo || b->permission > MOLDAU_ADMIN_ACL_PERMISSION_ALLOW)
        return 0;
    if (filter)
        return b->pattern_type >= MOLDAU_ADMIN_ACL_PATTERN_ANY &&
               b->pattern_type <= MOLDAU_ADMIN_ACL_PATTERN_PREFIXED;
    return (b->pattern_type == MOLDAU_ADMIN_ACL_PATTERN_LITERAL ||
            b->pattern_type == MOLDAU_ADMIN_ACL_PATTERN_PREFIXED) &&
           b->resource_name && b->principal && b->host;
}

static void to_filter(const moldau_admin_acl_binding_t *b, moldau_acl_filter_t *f)
{
    *f = (moldau_acl_filter_t){(int8_t)b->resource_type, b->resource_name,
                               (int8_t)b->pattern_type,  b->principal,
                               b->host,                  (int8_t)b->operation,
                               (int8_t)b->permission};
}

/* A binding read from an answer (strings point into the kept response). */
static moldau_admin_acl_binding_t binding_of(int8_t rt, const char *name, int8_t pt,
                                             const char *principal, const char *host, int8_t op,
                                             int8_t perm)
{
    return (moldau_admin_acl_binding_t){(moldau_admin_acl_resource_type_t)rt,
                                        name,
                                        (moldau_admin_acl_pattern_type_t)pt,
                                        principal,
                                        host,
                                        (moldau_admin_acl_operation_t)op,
                                        (moldau_admin_acl_permission_t)perm};
}

moldau_err_t moldau_admin_describe_acls(moldau_admin_t *a,
                                        const moldau_admin_acl_binding_t *filter,
                                        int timeout_ms, moldau_admin_acl_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    if (!filter || !binding_ok(filter, 1)) {
        moldau__admin_dbg(a, "DescribeAcls: no filter, or a value outside Kafka's codes");
        return MOLDAU_ERR__INVALID_ARG;
    }
    moldau__request_t *req =
        moldau__request_new(a->client, MOLDAU_API_DESCRIBE_ACLS, da_encode, da_decode, NULL);
    moldau_acl_filter_t *f = req ? moldau_arena_calloc(moldau__request_arena(req), 1, sizeof(*f))
                                 : NULL;
    if (!f) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    to_filter(filter, f);
    moldau__response_t *resp;
    moldau_err_t err = moldau__admin_send_any(a, req, f, timeout_ms, &resp);
    if (err)
        return err;
    const moldau_describe_acls_response_t *r = resp->body;
    if (r->error_code) {
        moldau__admin_dbg(a, "DescribeAcls: %s", r->error_message ? r->error_message : "");
        err = (moldau_err_t)r->error_code;
        moldau__response_free(resp);
        return err;
    }
    size_t n = 0;
    for (int32_t i = 0; i < r->n_resources; i++)
        n += (size_t)r->resources[i].n_acls;
    moldau_admin_acl_results_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_acl_result_t **items =
        res ? (void *)moldau__admin_result_items(res, n, sizeof(**items)) : NULL;
    if (!items || moldau__admin_result_keep(res, resp)) {
        if (!items)
            moldau__response_free(resp);
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    size_t k = 0;
    for (int32_t i = 0; i < r->n_resources; i++) {
        const moldau_describe_acls_response_resource_t *rs = &r->resources[i];
        for (int32_t j = 0; j < rs->n_acls; j++, k++)
            items[k]->binding = binding_of(rs->resource_type, rs->resource_name, rs->pattern_type,
                                           rs->acls[j].principal, rs->acls[j].host,
                                           rs->acls[j].operation, rs->acls[j].permission_type);
    }
    res->items = items;
    res->n_items = n;
    *out = res;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_admin_create_acls(moldau_admin_t *a,
                                      const moldau_admin_acl_binding_t *bindings,
                                      size_t n_bindings, int timeout_ms,
                                      moldau_admin_acl_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    if (!bindings || !n_bindings || n_bindings > INT32_MAX) {
        moldau__admin_dbg(a, "CreateAcls: no bindings");
        return MOLDAU_ERR__INVALID_ARG;
    }
    for (size_t i = 0; i < n_bindings; i++)
        if (!binding_ok(&bindings[i], 0)) {
            moldau__admin_dbg(a, "CreateAcls: bindings[%zu]: a name, principal or host "
                                 "missing, or a filter-only or unknown value", i);
            return MOLDAU_ERR__INVALID_ARG;
        }
    moldau__request_t *req =
        moldau__request_new(a->client, MOLDAU_API_CREATE_ACLS, ca_encode, ca_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_create_acls_request_t *body = arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    moldau_create_acls_request_creation_t *cs =
        body ? moldau_arena_calloc(arena, n_bindings, sizeof(*cs)) : NULL;
    if (!cs) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t i = 0; i < n_bindings; i++) {
        const moldau_admin_acl_binding_t *b = &bindings[i];
        cs[i] = (moldau_create_acls_request_creation_t){
            (int8_t)b->resource_type, b->resource_name, (int8_t)b->pattern_type, b->principal,
            b->host, (int8_t)b->operation, (int8_t)b->permission};
    }
    body->creations = cs;
    body->n_creations = (int32_t)n_bindings;
    moldau__response_t *resp;
    moldau_err_t err = moldau__admin_send_any(a, req, body, timeout_ms, &resp);
    if (err)
        return err;
    const moldau_create_acls_response_t *r = resp->body;
    moldau_admin_acl_results_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_acl_result_t **items =
        res ? (void *)moldau__admin_result_items(res, n_bindings, sizeof(**items)) : NULL;
    if (!items || moldau__admin_result_keep(res, resp)) {
        if (!items)
            moldau__response_free(resp);
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    int oom = 0;
    for (size_t i = 0; i < n_bindings; i++) {
        const moldau_admin_acl_binding_t *b = &bindings[i];
        items[i]->binding = *b;
        items[i]->binding.resource_name = moldau__admin_result_str(res, b->resource_name, &oom);
        items[i]->binding.principal = moldau__admin_result_str(res, b->principal, &oom);
        items[i]->binding.host = moldau__admin_result_str(res, b->host, &oom);
        if (i < (size_t)r->n_results) {
            items[i]->err = (moldau_err_t)r->results[i].error_code;
            items[i]->errmsg = moldau__admin_errmsg(items[i]->err, r->results[i].error_message);
        } else { /* an answer that leaves a binding out does not say it was created */
            items[i]->err = MOLDAU_ERR__BAD_MSG;
            items[i]->errmsg = moldau__admin_errmsg(MOLDAU_ERR__BAD_MSG,
                                                    "the broker's answer left this binding out");
        }
    }
    if (oom) {
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    res->items = items;
    res->n_items = n_bindings;
    *out = res;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_admin_delete_acls(moldau_admin_t *a,
                                      const moldau_admin_acl_binding_t *filters,
                                      size_t n_filters, int timeout_ms,
                                      moldau_admin_acl_delete_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    if (!filters || !n_filters || n_filters > INT32_MAX) {
        moldau__admin_dbg(a, "DeleteAcls: no filters");
        return MOLDAU_ERR__INVALID_ARG;
    }
    for (size_t i = 0; i < n_filters; i++)
        if (!binding_ok(&filters[i], 1)) {
            moldau__admin_dbg(a, "DeleteAcls: filters[%zu]: a value outside Kafka's codes", i);
            return MOLDAU_ERR__INVALID_ARG;
        }
    moldau__request_t *req =
        moldau__request_new(a->client, MOLDAU_API_DELETE_ACLS, xa_encode, xa_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_delete_acls_request_t *body = arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    moldau_acl_filter_t *fs = body ? moldau_arena_calloc(arena, n_filters, sizeof(*fs)) : NULL;
    if (!fs) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t i = 0; i < n_filters; i++)
        to_filter(&filters[i], &fs[i]);
    body->filters = fs;
    body->n_filters = (int32_t)n_filters;
    moldau__response_t *resp;
    moldau_err_t err = moldau__admin_send_any(a, req, body, timeout_ms, &resp);
    if (err)
        return err;
    const moldau_delete_acls_response_t *r = resp->body;
    moldau_admin_acl_delete_results_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_acl_delete_result_t **items =
        res ? (void *)moldau__admin_result_items(res, n_filters, sizeof(**items)) : NULL;
    if (!items || moldau__admin_result_keep(res, resp)) {
        if (!items)
            moldau__response_free(resp);
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t i = 0; i < n_filters; i++) {
        if (i >= (size_t)r->n_filter_results) {
            items[i]->err = MOLDAU_ERR__BAD_MSG;
            items[i]->errmsg = moldau__admin_errmsg(MOLDAU_ERR__BAD_MSG,
                                                    "the broker's answer left this filter out");
            continue;
        }
        const moldau_delete_acls_response_filter_result_t *fr = &r->filter_results[i];
        items[i]->err = (moldau_err_t)fr->error_code;
        items[i]->errmsg = moldau__admin_errmsg(items[i]->err, fr->error_message);
        size_t m = fr->n_matching_acls > 0 ? (size_t)fr->n_matching_acls : 0;
        moldau_admin_acl_result_t **del = (void *)moldau__admin_result_items(res, m, sizeof(**del));
        if (m && !del) {
            moldau_admin_result_free(res);
            return MOLDAU_ERR__NO_MEMORY;
        }
        for (size_t j = 0; j < m; j++) {
            const moldau_delete_acls_response_matching_acl_t *ma = &fr->matching_acls[j];
            del[j]->binding = binding_of(ma->resource_type, ma->resource_name, ma->pattern_type,
                                         ma->principal, ma->host, ma->operation,
                                         ma->permission_type);
            del[j]->err = (moldau_err_t)ma->error_code;
            del[j]->errmsg = moldau__admin_errmsg(del[j]->err, ma->error_message);
        }
        items[i]->deleted = del;
        items[i]->n_deleted = m;
    }
    res->items = items;
    res->n_items = n_filters;
    *out = res;
    return MOLDAU_ERR_NONE;
}
