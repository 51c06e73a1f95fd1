/* moldau_admin_delete_groups: DeleteGroups for each group to its coordinator, all at once. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(dg, moldau_delete_groups_request_t, moldau_delete_groups_request_encode,
                      moldau_delete_groups_response_t, moldau_delete_groups_response_decode)

/* A coordinator that moved answers NOT_COORDINATOR for the group: the request machinery
 * finds the new one and sends again. */
static moldau_err_t dg_error(const void *body, int16_t version)
{
    (void)version;
    const moldau_delete_groups_response_t *r = body;
    return r->n_results > 0 ? moldau__admin_code_err(r->results[0].error_code) : MOLDAU_ERR_NONE;
}

typedef struct dg_call {
    moldau_admin_t *a;
    const char *const *groups;
} dg_call_t;

static moldau__request_t *request_for(void *ctx, size_t i)
{
    const dg_call_t *c = ctx;
    moldau__request_t *req = moldau__request_new(c->a->client, MOLDAU_API_DELETE_GROUPS,
                                                 dg_encode, dg_decode, dg_error);
    if (!req)
        return NULL;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_delete_groups_request_t *body = moldau_arena_calloc(arena, 1, sizeof(*body));
    const char **names = moldau_arena_calloc(arena, 1, sizeof(*names));
    if (!body || !names ||
        !(names[0] = moldau_arena_strndup(arena, c->groups[i], strlen(c->groups[i])))) {
        moldau__request_destroy(req);
        return NULL;
    }
    body->groups_names = names;
    body->n_groups_names = 1;
    moldau__request_set_body(req, body);
    return req;
}

moldau_err_t moldau_admin_delete_groups(moldau_admin_t *a, const char *const *groups,
                                        size_t n_groups, int timeout_ms,
                                        moldau_admin_group_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = moldau__admin_check_groups(a, "DeleteGroups", groups, n_groups);
    if (err)
        return err;
    moldau_admin_group_results_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_group_result_t **items =
        res ? (moldau_admin_group_result_t **)moldau__admin_result_items(res, n_groups,
                                                                         sizeof(**items))
            : NULL;
    moldau_err_t *err_of = calloc(n_groups, sizeof(*err_of));
    const moldau__response_t **resp_of = calloc(n_groups, sizeof(*resp_of));
    err = MOLDAU_ERR__NO_MEMORY;
    if (items && err_of && resp_of) {
        dg_call_t c = {a, groups};
        err = moldau__admin_per_group(groups, n_groups, NULL, moldau__admin_timeout(a, timeout_ms),
                                      request_for, &c, res, err_of, resp_of);
    }
    int oom = 0;
    for (size_t i = 0; !err && i < n_groups; i++) {
        const moldau_delete_groups_response_t *r = resp_of[i] ? resp_of[i]->body : NULL;
        moldau_admin_group_result_t *item = items[i];
        item->group_id = moldau__admin_result_str(res, groups[i], &oom);
        item->err = err_of[i];
        if (r) {
            item->err = MOLDAU_ERR__BAD_MSG;
            for (int32_t k = 0; k < r->n_results; k++)
                if (r->results[k].group_id && strcmp(r->results[k].group_id, groups[i]) == 0)
                    item->err = (moldau_err_t)r->results[k].error_code;
        }
        item->errmsg = item->err == MOLDAU_ERR__BAD_MSG && r
                           ? "the broker's answer left this group out"
                           : moldau__admin_errmsg(item->err, NULL);
    }
    free(err_of);
    free(resp_of);
    if (!err && oom)
        err = MOLDAU_ERR__NO_MEMORY;
    if (err) {
        moldau_admin_result_free(res);
        return err;
    }
    res->items = items;
    res->n_items = n_groups;
    moldau__admin_dbg(a, "DeleteGroups: %zu group(s) answered", n_groups);
    *out = res;
    return MOLDAU_ERR_NONE;
}
