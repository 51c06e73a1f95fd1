/* moldau_admin_describe_configs: DescribeConfigs, broker resources to their broker, the others
 * together to any broker, all at once. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(dc, moldau_describe_configs_request_t,
                      moldau_describe_configs_request_encode, moldau_describe_configs_response_t,
                      moldau_describe_configs_response_decode)

static moldau_err_t check_args(moldau_admin_t *a, const moldau_admin_config_resource_t *in,
                               size_t n, int32_t *node_of)
{
    for (size_t i = 0; i < n; i++) {
        moldau_err_t err = moldau__admin_resource_check(a, "DescribeConfigs", i, (int)in[i].type,
                                                        in[i].name, &node_of[i]);
        if (err)
            return err;
        for (size_t j = 0; j < i; j++)
            if (in[j].type == in[i].type && strcmp(in[j].name, in[i].name) == 0) {
                moldau__admin_dbg(a, "DescribeConfigs: resources[%zu] given twice", i);
                return MOLDAU_ERR__INVALID_ARG;
            }
    }
    return MOLDAU_ERR_NONE;
}

typedef struct dc_ctx {
    moldau_admin_t *a;
    const moldau_admin_config_resource_t *in;
    size_t n;
    const int32_t *node_of;
    int include_synonyms;
} dc_ctx_t;

static moldau__request_t *request_for(void *ctx, int32_t node)
{
    const dc_ctx_t *c = ctx;
    moldau__request_t *req = moldau__request_new(c->a->client, MOLDAU_API_DESCRIBE_CONFIGS,
                                                 dc_encode, dc_decode, NULL);
    if (!req)
        return NULL;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_describe_configs_request_t *body = moldau_arena_calloc(arena, 1, sizeof(*body));
    moldau_describe_configs_request_resource_t *rs = moldau_arena_calloc(arena, c->n, sizeof(*rs));
    if (!body || !rs)
        goto oom;
    for (size_t i = 0; i < c->n; i++) {
        if (c->node_of[i] != node)
            continue;
        moldau_describe_configs_request_resource_t *r = &rs[body->n_resources++];
        r->resource_type = (int8_t)c->in[i].type;
        r->resource_name = moldau_arena_strndup(arena, c->in[i].name, strlen(c->in[i].name));
        if (!r->resource_name)
            goto oom;
        r->n_configuration_keys = -1; /* every key */
    }
    body->resources = rs;
    body->include_synonyms = c->include_synonyms != 0;
    moldau__request_set_body(req, body);
    return req;
oom:
    moldau__request_destroy(req);
    return NULL;
}

/* item's entries from the broker's result; -1 when out of memory */
static int fill_entries(void *res, moldau_admin_config_resource_result_t *item,
                        const moldau_describe_configs_response_result_t *w)
{
    if (w->n_configs <= 0)
        return 0;
    moldau_arena_t *arena = moldau__admin_result_arena(res);
    moldau_admin_config_entry_t **es = moldau_arena_calloc(arena, (size_t)w->n_configs,
                                                           sizeof(*es));
    if (!es)
        return -1;
    for (int32_t i = 0; i < w->n_configs; i++) {
        const moldau_describe_configs_response_config_t *c = &w->configs[i];
        if (!(es[i] = moldau__admin_config_entry(res, c->name, c->value, c->config_source,
                                                 c->read_only, c->is_sensitive)))
            return -1;
        if (c->n_synonyms <= 0)
            continue;
        moldau_admin_config_synonym_t **ss =
            moldau_arena_calloc(arena, (size_t)c->n_synonyms, sizeof(*ss));
        if (!ss)
            return -1;
        for (int32_t j = 0; j < c->n_synonyms; j++) {
            if (!(ss[j] = moldau_arena_calloc(arena, 1, sizeof(**ss))))
                return -1;
            ss[j]->name = c->synonyms[j].name;
            ss[j]->value = c->synonyms[j].value;
            ss[j]->source = (moldau_admin_config_source_t)c->synonyms[j].source;
        }
        es[i]->synonyms = ss;
        es[i]->n_synonyms = (size_t)c->n_synonyms;
    }
    item->entries = es;
    item->n_entries = (size_t)w->n_configs;
    return 0;
}

static int fill_item(void *ctx, size_t i, void *res, moldau_admin_config_resource_result_t *item,
                     moldau_err_t err, const moldau__response_t *resp)
{
    const dc_ctx_t *c = ctx;
    int done = moldau__admin_config_item(res, item, c->in[i].type, c->in[i].name, err);
    if (done)
        return done < 0 ? -1 : 0;
    const moldau_describe_configs_response_t *r = resp->body;
    for (int32_t j = 0; j < r->n_results; j++) {
        const moldau_describe_configs_response_result_t *w = &r->results[j];
        if (moldau__admin_config_answer(item, w->resource_type, w->resource_name, w->error_code,
                                        w->error_message))
            return item->err ? 0 : fill_entries(res, item, w);
    }
    return 0;
}

moldau_err_t moldau_admin_describe_configs(moldau_admin_t *a,
                                           const moldau_admin_config_resource_t *resources,
                                           size_t n_resources, int include_synonyms,
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
    dc_ctx_t ctx = {a, resources, n_resources, node_of, include_synonyms};
    if (!err)
        err = moldau__admin_config_call(a, n_resources, node_of, timeout_ms, request_for,
                                        fill_item, &ctx, out);
    free(node_of);
    return err;
}
