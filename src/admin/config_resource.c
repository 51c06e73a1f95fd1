/* What the config calls share: checking resources and sending each to its broker. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"

moldau_err_t moldau__admin_resource_check(moldau_admin_t *a, const char *call, size_t i,
                                          int type, const char *name, int32_t *node)
{
    *node = -1;
    if (!name || (type != MOLDAU_ADMIN_RESOURCE_TOPIC && type != MOLDAU_ADMIN_RESOURCE_BROKER &&
                  type != MOLDAU_ADMIN_RESOURCE_BROKER_LOGGER &&
                  type != MOLDAU_ADMIN_RESOURCE_CLIENT_METRICS &&
                  type != MOLDAU_ADMIN_RESOURCE_GROUP)) {
        moldau__admin_dbg(a, "%s: resources[%zu]: unknown type or no name", call, i);
        return MOLDAU_ERR__INVALID_ARG;
    }
    if (type != MOLDAU_ADMIN_RESOURCE_BROKER && type != MOLDAU_ADMIN_RESOURCE_BROKER_LOGGER) {
        if (*name)
            return MOLDAU_ERR_NONE;
        moldau__admin_dbg(a, "%s: resources[%zu]: empty name", call, i);
        return MOLDAU_ERR__INVALID_ARG;
    }
    /* the cluster-wide default of broker configs has the empty name and any broker serves it */
    if (!*name && type == MOLDAU_ADMIN_RESOURCE_BROKER)
        return MOLDAU_ERR_NONE;
    char *end;
    long id = strtol(name, &end, 10);
    if (!*name || *end || id < 0 || id > INT32_MAX || name[0] == '+' || name[0] == ' ') {
        moldau__admin_dbg(a, "%s: resources[%zu]: broker name \"%s\" is not a broker id", call,
                          i, name);
        return MOLDAU_ERR__INVALID_ARG;
    }
    *node = (int32_t)id;
    return MOLDAU_ERR_NONE;
}

int moldau__admin_config_item(void *res, moldau_admin_config_resource_result_t *item,
                               moldau_admin_resource_type_t type, const char *name,
                               moldau_err_t err)
{
    int oom = 0;
    item->type = type;
    if (!(item->name = moldau__admin_result_str(res, name, &oom)))
        return -1;
    /* until the answer is found */
    item->err = err ? err : MOLDAU_ERR__BAD_MSG;
    item->errmsg = err ? moldau__admin_errmsg(err, NULL)
                       : "the broker's answer left this resource out";
    return err ? 1 : 0;
}

int moldau__admin_config_answer(moldau_admin_config_resource_result_t *item, int8_t type,
                                const char *name, int16_t code, const char *msg)
{
    if (type != (int8_t)item->type || !name || strcmp(name, item->name) != 0)
        return 0;
    item->err = (moldau_err_t)code;
    item->errmsg = moldau__admin_errmsg(item->err, msg);
    return 1;
}

moldau_err_t moldau__admin_config_call(moldau_admin_t *a, size_t n, const int32_t *node_of,
                                       int timeout_ms, moldau__admin_build_fn build,
                                       moldau__admin_config_fill_fn fill, void *ctx,
                                       moldau_admin_config_resource_results_t **out)
{
    moldau_err_t *err_of = calloc(n, sizeof(*err_of));
    const moldau__response_t **resp_of = calloc(n, sizeof(*resp_of));
    moldau_admin_config_resource_results_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_err_t err = MOLDAU_ERR__NO_MEMORY;
    if (!err_of || !resp_of || !res)
        goto done;
    if ((err = moldau__admin_fanout(node_of, n, moldau__admin_timeout(a, timeout_ms), build, ctx,
                                    res, err_of, resp_of)))
        goto done;
    err = MOLDAU_ERR__NO_MEMORY;
    moldau_admin_config_resource_result_t **items =
        (moldau_admin_config_resource_result_t **)moldau__admin_result_items(res, n,
                                                                              sizeof(**items));
    if (!items)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (fill(ctx, i, res, items[i], err_of[i], resp_of[i]))
            goto done;
    res->items = items;
    res->n_items = n;
    *out = res;
    res = NULL;
    err = MOLDAU_ERR_NONE;
done:
    moldau_admin_result_free(res);
    free(err_of);
    free(resp_of);
    return err;
}
