/* The client quota calls: DescribeClientQuotas and AlterClientQuotas, one request to any
 * broker each. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/admin_quotas.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(dq, moldau_describe_client_quotas_request_t,
                      moldau_describe_client_quotas_request_encode,
                      moldau_describe_client_quotas_response_t,
                      moldau_describe_client_quotas_response_decode)
MOLDAU__REQUEST_CODEC(aq, moldau_alter_client_quotas_request_t,
                      moldau_alter_client_quotas_request_encode,
                      moldau_alter_client_quotas_response_t,
                      moldau_alter_client_quotas_response_decode)

/* An answer's entries as the result's (strings in the kept response); -1 out of memory. */
static int fill_entries(void *res, moldau_admin_quota_entries_t *out,
                        const moldau_describe_client_quotas_response_t *r)
{
    size_t n = r->n_entries > 0 ? (size_t)r->n_entries : 0;
    moldau_admin_quota_entry_t **items = (void *)moldau__admin_result_items(res, n, sizeof(**items));
    if (n && !items)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const moldau_describe_client_quotas_entry_t *e = &r->entries[i];
        size_t ne = e->n_entity > 0 ? (size_t)e->n_entity : 0;
        size_t nv = e->n_values > 0 ? (size_t)e->n_values : 0;
        moldau_admin_quota_entity_part_t **parts =
            (void *)moldau__admin_result_items(res, ne, sizeof(**parts));
        moldau_admin_quota_value_t **vals = (void *)moldau__admin_result_items(res, nv, sizeof(**vals));
        if ((ne && !parts) || (nv && !vals))
            return -1;
        for (size_t k = 0; k < ne; k++)
            *parts[k] = (moldau_admin_quota_entity_part_t){e->entity[k].entity_type,
                                                           e->entity[k].entity_name};
        for (size_t k = 0; k < nv; k++)
            *vals[k] = (moldau_admin_quota_value_t){e->values[k].key, e->values[k].value};
        items[i]->entity = parts;
        items[i]->n_entity = ne;
        items[i]->values = vals;
        items[i]->n_values = nv;
    }
    out->items = items;
    out->n_items = n;
    return 0;
}

moldau_err_t moldau_admin_describe_client_quotas(moldau_admin_t *a,
                                                 const moldau_admin_quota_filter_t *filters,
                                                 size_t n_filters, int strict, int timeout_ms,
                                                 moldau_admin_quota_entries_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    int bad = (!filters && n_filters) || n_filters > INT32_MAX;
    for (size_t i = 0; !bad && i < n_filters; i++)
        bad = !filters[i].entity_type || !*filters[i].entity_type ||
              (unsigned)filters[i].match > MOLDAU_ADMIN_QUOTA_MATCH_ANY ||
              (filters[i].match == MOLDAU_ADMIN_QUOTA_MATCH_EXACT && !filters[i].name);
    if (bad) {
        moldau__admin_dbg(a, "DescribeClientQuotas: a filter is not valid");
        return MOLDAU_ERR__INVALID_ARG;
    }
    moldau__request_t *req = moldau__request_new(a->client, MOLDAU_API_DESCRIBE_CLIENT_QUOTAS,
                                                 dq_encode, dq_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_describe_client_quotas_request_t *body =
        arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    moldau_describe_client_quotas_component_t *cs =
        body && n_filters ? moldau_arena_calloc(arena, n_filters, sizeof(*cs)) : NULL;
    if (!body || (n_filters && !cs)) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t i = 0; i < n_filters; i++)
        cs[i] = (moldau_describe_client_quotas_component_t){
            filters[i].entity_type, (int8_t)filters[i].match,
            filters[i].match == MOLDAU_ADMIN_QUOTA_MATCH_EXACT ? filters[i].name : NULL};
    body->components = cs;
    body->n_components = (int32_t)n_filters;
    body->strict = strict != 0;
    moldau__response_t *resp;
    moldau_err_t err = moldau__admin_send_any(a, req, body, timeout_ms, &resp);
    if (err)
        return err;
    const moldau_describe_client_quotas_response_t *r = resp->body;
    if (r->error_code) {
        moldau__admin_dbg(a, "DescribeClientQuotas: %s", r->error_message ? r->error_message : "");
        err = (moldau_err_t)r->error_code;
        moldau__response_free(resp);
        return err;
    }
    moldau_admin_quota_entries_t *res = moldau__admin_result_new(sizeof(*res));
    if (!res || moldau__admin_result_keep(res, resp) || fill_entries(res, res, r)) {
        if (!res)
            moldau__response_free(resp);
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    *out = res;
    return MOLDAU_ERR_NONE;
}

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Whether an answer's entity (parts in any order) is the alteration's. */
static int same_entity(const moldau_admin_quota_alteration_t *q,
                       const moldau_client_quota_entity_t *e, int32_t n)
{
    if (n < 0 || (size_t)n != q->n_entity)
        return 0;
    for (size_t k = 0; k < q->n_entity; k++) {
        int found = 0;
        for (int32_t j = 0; j < n && !found; j++)
            found = same_str(q->entity[k].type, e[j].entity_type) &&
                    same_str(q->entity[k].name, e[j].entity_name);
        if (!found)
            return 0;
    }
    return 1;
}

static int alteration_bad(const moldau_admin_quota_alteration_t *q)
{
    if (!q->entity || !q->n_entity || q->n_entity > INT32_MAX || !q->ops || !q->n_ops ||
        q->n_ops > INT32_MAX)
        return 1;
    for (size_t k = 0; k < q->n_entity; k++)
        if (!q->entity[k].type || !*q->entity[k].type)
            return 1;
    for (size_t k = 0; k < q->n_ops; k++)
        if (!q->ops[k].key || !*q->ops[k].key)
            return 1;
    return 0;
}

moldau_err_t moldau_admin_alter_client_quotas(moldau_admin_t *a,
                                              const moldau_admin_quota_alteration_t *alts,
                                              size_t n_alts, int validate_only, int timeout_ms,
                                              moldau_admin_quota_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    int bad = !alts || !n_alts || n_alts > INT32_MAX;
    for (size_t i = 0; !bad && i < n_alts; i++)
        bad = alteration_bad(&alts[i]);
    if (bad) {
        moldau__admin_dbg(a, "AlterClientQuotas: an alteration is missing or not valid");
        return MOLDAU_ERR__INVALID_ARG;
    }
    moldau__request_t *req = moldau__request_new(a->client, MOLDAU_API_ALTER_CLIENT_QUOTAS,
                                                 aq_encode, aq_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_alter_client_quotas_request_t *body =
        arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    moldau_alter_client_quotas_request_entry_t *es =
        body ? moldau_arena_calloc(arena, n_alts, sizeof(*es)) : NULL;
    if (!es)
        goto oom;
    for (size_t i = 0; i < n_alts; i++) {
        moldau_client_quota_entity_t *ent =
            moldau_arena_calloc(arena, alts[i].n_entity, sizeof(*ent));
        moldau_alter_client_quotas_op_t *ops =
            moldau_arena_calloc(arena, alts[i].n_ops, sizeof(*ops));
        if (!ent || !ops)
            goto oom;
        for (size_t k = 0; k < alts[i].n_entity; k++)
            ent[k] = (moldau_client_quota_entity_t){alts[i].entity[k].type, alts[i].entity[k].name};
        for (size_t k = 0; k < alts[i].n_ops; k++)
            ops[k] = (moldau_alter_client_quotas_op_t){alts[i].ops[k].key, alts[i].ops[k].value,
                                                       alts[i].ops[k].remove != 0};
        es[i] = (moldau_alter_client_quotas_request_entry_t){ent, (int32_t)alts[i].n_entity, ops,
                                                             (int32_t)alts[i].n_ops};
    }
    body->entries = es;
    body->n_entries = (int32_t)n_alts;
    body->validate_only = validate_only != 0;
    moldau__response_t *resp;
    moldau_err_t err = moldau__admin_send_any(a, req, body, timeout_ms, &resp);
    if (err)
        return err;
    const moldau_alter_client_quotas_response_t *r = resp->body;
    moldau_admin_quota_results_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_quota_result_t **items =
        res ? (void *)moldau__admin_result_items(res, n_alts, sizeof(**items)) : NULL;
    if (!items || moldau__admin_result_keep(res, resp)) {
        if (!items)
            moldau__response_free(resp);
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    /* the answer names each entry by its entity, in an order of its own */
    for (size_t i = 0; i < n_alts; i++) {
        items[i]->err = MOLDAU_ERR__BAD_MSG;
        items[i]->errmsg = "the broker's answer left this entity out";
        for (int32_t k = 0; k < r->n_entries; k++)
            if (same_entity(&alts[i], r->entries[k].entity, r->entries[k].n_entity)) {
                items[i]->err = (moldau_err_t)r->entries[k].error_code;
                items[i]->errmsg =
                    moldau__admin_errmsg(items[i]->err, r->entries[k].error_message);
                break;
            }
    }
    res->items = items;
    res->n_items = n_alts;
    *out = res;
    return MOLDAU_ERR_NONE;
oom:
    moldau__request_destroy(req);
    return MOLDAU_ERR__NO_MEMORY;
}
