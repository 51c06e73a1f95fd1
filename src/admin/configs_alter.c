/* moldau_admin_incremental_alter_configs: IncrementalAlterConfigs, broker resources to their
 * broker, the others together to any broker, all at once. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(iac, moldau_incremental_alter_configs_request_t,
                      moldau_incremental_alter_configs_request_encode,
                      moldau_incremental_alter_configs_response_t,
                      moldau_incremental_alter_configs_response_decode)

static int bad_ops(const moldau_admin_alter_config_t *r)
{
    if (!r->ops || r->n_ops == 0 || r->n_ops > INT32_MAX)
        return 1;
    for (size_t i = 0; i < r->n_ops; i++) {
        const moldau_admin_config_op_t *op = &r->ops[i];
        if (!op->name || !*op->name || op->op < MOLDAU_ADMIN_CONFIG_OP_SET ||
            op->op > MOLDAU_ADMIN_CONFIG_OP_SUBTRACT ||
            (op->op != MOLDAU_ADMIN_CONFIG_OP_DELETE && !op->value))
            return 1;
    }
    return 0;
}

static moldau_err_t check_args(moldau_admin_t *a, const moldau_admin_alter_config_t *in,
                               size_t n, int32_t *node_of)
{
    for (size_t i = 0; i < n; i++) {
        moldau_err_t err = moldau__admin_resource_check(a, "IncrementalAlterConfigs", i,
                                                        (int)in[i].type, in[i].name,
                                                        &node_of[i]);
        if (err)
            return err;
        if (bad_ops(&in[i])) {
            moldau__admin_dbg(a, "IncrementalAlterConfigs: resources[%zu]: no changes, or a "
                                 "change without a name, op or value", i);
            return MOLDAU_ERR__INVALID_ARG;
        }
        for (size_t j = 0; j < i; j++)
            if (in[j].type == in[i].type && strcmp(in[j].name, in[i].name) == 0) {
                moldau__admin_dbg(a, "IncrementalAlterConfigs: resources[%zu] given twice", i);
                return MOLDAU_ERR__INVALID_ARG;
            }
    }
    return MOLDAU_ERR_NONE;
}

typedef struct iac_ctx {
    moldau_admin_t *a;
    const moldau_admin_alter_config_t *in;
    size_t n;
    const int32_t *node_of;
    int validate_only;
} iac_ctx_t;

static int copy_resource(moldau_arena_t *arena, const moldau_admin_alter_config_t *in,
                         moldau_alter_configs_request_resource_t *r)
{
    moldau_alter_configs_request_config_t *cs = moldau_arena_calloc(arena, in->n_ops,
                                                                    sizeof(*cs));
    r->resource_type = (int8_t)in->type;
    r->resource_name = moldau_arena_strndup(arena, in->name, strlen(in->name));
    if (!cs || !r->resource_name)
        return -1;
    for (size_t i = 0; i < in->n_ops; i++) {
        const moldau_admin_config_op_t *op = &in->ops[i];
        int with_value = op->op != MOLDAU_ADMIN_CONFIG_OP_DELETE;
        cs[i].name = moldau_arena_strndup(arena, op->name, strlen(op->name));
        cs[i].config_operation = (int8_t)op->op;
        cs[i].value = with_value ? moldau_arena_strndup(arena, op->value, strlen(op->value))
                                 : NULL;
        if (!cs[i].name || (with_value && !cs[i].value))
            return -1;
    }
    r->configs = cs;
    r->n_configs = (int32_t)in->n_ops;
    return 0;
}

static moldau__request_t *request_for(void *ctx, int32_t node)
{
    const iac_ctx_t *c = ctx;
    moldau__request_t *req = moldau__request_new(
        c->a->client, MOLDAU_API_INCREMENTAL_ALTER_CONFIGS, iac_encode, iac_decode, NULL);
    if (!req)
        return NULL;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_incremental_alter_configs_request_t *body = moldau_arena_calloc(arena, 1,
                                                                           sizeof(*body));
    moldau_alter_configs_request_resource_t *rs = moldau_arena_calloc(arena, c->n, sizeof(*rs));
    if (!body || !rs)
        goto oom;
    for (size_t i = 0; i < c->n; i++)
        if (c->node_of[i] == node && copy_resource(arena, &c->in[i], &rs[body->n_resources++]))
            goto oom;
    body->resources = rs;
    body->validate_only = c->validate_only != 0;
    moldau__request_set_body(req, body);
    return req;
oom:
    moldau__request_destroy(req);
    return NULL;
}

static int fill_item(void *ctx, size_t i, void *res, moldau_admin_config_resource_result_t *item,
                     moldau_err_t err, const moldau__response_t *resp)
{
    const iac_ctx_t *c = ctx;
    int done = moldau__admin_config_item(res, item, c->in[i].type, c->in[i].name, err);
    if (done)
        return done < 0 ? -1 : 0;
    const moldau_incremental_alter_configs_response_t *r = resp->body;
    for (int32_t j = 0; j < r->n_responses; j++) {
        const moldau_alter_configs_response_resource_t *w = &r->responses[j];
        if (moldau__admin_config_answer(item, w->resource_type, w->resource_name, w->error_code,
                                        w->error_message))
            break;
    }
    return 0;
}

moldau_err_t moldau_admin_incremental_alter_configs(moldau_admin_t *a,
                                                    const moldau_admin_alter_config_t *resources,
                                                    size_t n_resources, int validate_only,
                                                    int timeout_ms,
                                                    moldau_admin_config_resource_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    if (!resources || n_resources == 0 || n_resources > INT32_MAX)
        return MOLDAU_ERR__INVALID_ARG;
    int32_t *node_of = calloc(n_resources, sizeof(*node_of));
    if (!node_of)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_err_t err = check_args(a, resources, n_resources, node_of);
    iac_ctx_t ctx = {a, resources, n_resources, node_of, validate_only};
    if (!err)
        err = moldau__admin_config_call(a, n_resources, node_of, timeout_ms, request_for,
                                        fill_item, &ctx, out);
    free(node_of);
    return err;
}
