/* moldau_admin_list_groups: ListGroups to every broker at once (each lists the groups it
 * coordinates), the answers merged and sorted. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(lg, moldau_list_groups_request_t, moldau_list_groups_request_encode,
                      moldau_list_groups_response_t, moldau_list_groups_response_decode)

/* Older versions have no filters: they are left out there, and moldau filters instead. */
static moldau_err_t lg_encode_any(moldau_buf_t *w, int16_t version, const void *body)
{
    moldau_list_groups_request_t req = *(const moldau_list_groups_request_t *)body;
    if (version < 4)
        req.n_states_filter = 0;
    if (version < 5)
        req.n_types_filter = 0;
    return lg_encode(w, version, &req);
}

typedef struct lg_call {
    moldau_admin_t *a;
    const moldau_admin_list_groups_options_t *opts;
} lg_call_t;

/* v[0..n) copied into req's arena (nothing of the caller's is read once the call returns). */
static const char *const *copy_strs(moldau__request_t *req, const char *const *v, size_t n)
{
    moldau_arena_t *arena = moldau__request_arena(req);
    const char **copy = moldau_arena_calloc(arena, n, sizeof(*copy));
    for (size_t i = 0; copy && i < n; i++)
        if (!(copy[i] = moldau_arena_strndup(arena, v[i], strlen(v[i]))))
            return NULL;
    return copy;
}

static moldau__request_t *request_for(void *ctx, int32_t node)
{
    (void)node;
    const lg_call_t *c = ctx;
    moldau__request_t *req =
        moldau__request_new(c->a->client, MOLDAU_API_LIST_GROUPS, lg_encode_any, lg_decode, NULL);
    moldau_list_groups_request_t *body =
        req ? moldau_arena_calloc(moldau__request_arena(req), 1, sizeof(*body)) : NULL;
    if (!body) {
        moldau__request_destroy(req);
        return NULL;
    }
    if (c->opts && ((c->opts->n_states &&
                     !(body->states_filter = copy_strs(req, c->opts->states, c->opts->n_states))) ||
                    (c->opts->n_types &&
                     !(body->types_filter = copy_strs(req, c->opts->types, c->opts->n_types))))) {
        moldau__request_destroy(req);
        return NULL;
    }
    body->n_states_filter = c->opts ? (int32_t)c->opts->n_states : 0;
    body->n_types_filter = c->opts ? (int32_t)c->opts->n_types : 0;
    moldau__request_set_body(req, body);
    return req;
}

static int filter_bad(const char *const *v, size_t n)
{
    if (n && !v)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (!v[i] || !*v[i])
            return 1;
    return n > INT32_MAX;
}

/* 1 when s (NULL: not said) passes the filter v[0..n). */
static int passes(const char *s, const char *const *v, size_t n)
{
    if (n == 0 || !s || !*s)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(s, v[i]) == 0)
            return 1;
    return 0;
}

static int by_id(const void *x, const void *y)
{
    const moldau_admin_group_listing_t *const *l = x, *const *r = y;
    return strcmp((*l)->group_id, (*r)->group_id);
}

moldau_err_t moldau_admin_list_groups(moldau_admin_t *a,
                                      const moldau_admin_list_groups_options_t *opts,
                                      int timeout_ms, moldau_admin_group_listings_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    if (opts && (filter_bad(opts->states, opts->n_states) ||
                 filter_bad(opts->types, opts->n_types))) {
        moldau__admin_dbg(a, "ListGroups: opts->states or opts->types is not valid");
        return MOLDAU_ERR__INVALID_ARG;
    }
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    moldau_metadata_t *md;
    moldau_err_t err = moldau_client_metadata(a->client, NULL, 0, moldau__admin_left(deadline), &md);
    if (err)
        return err;
    size_t n = md->n_brokers > 0 ? (size_t)md->n_brokers : 0;
    int32_t *node_of = calloc(n ? n : 1, sizeof(*node_of));
    moldau_err_t *err_of = calloc(n ? n : 1, sizeof(*err_of));
    const moldau__response_t **resp_of = calloc(n ? n : 1, sizeof(*resp_of));
    moldau_admin_group_listings_t *res = moldau__admin_result_new(sizeof(*res));
    err = MOLDAU_ERR__NO_MEMORY;
    if (!node_of || !err_of || !resp_of || !res)
        goto done;
    for (size_t i = 0; i < n; i++)
        node_of[i] = md->brokers[i]->id;
    lg_call_t c = {a, opts};
    if ((err = moldau__admin_fanout(node_of, n, moldau__admin_left(deadline), request_for, &c,
                                    res, err_of, resp_of)))
        goto done;
    /* count, then fill: groups of answers without error, errors of the others */
    size_t n_groups = 0, n_errors = 0;
    for (size_t i = 0; i < n; i++) {
        const moldau_list_groups_response_t *r = resp_of[i] ? resp_of[i]->body : NULL;
        if (err_of[i] || !r || r->error_code)
            n_errors++;
        else
            n_groups += r->n_groups > 0 ? (size_t)r->n_groups : 0;
    }
    moldau_admin_group_listing_t **items =
        (moldau_admin_group_listing_t **)moldau__admin_result_items(res, n_groups, sizeof(**items));
    moldau_admin_node_error_t **errors =
        (moldau_admin_node_error_t **)moldau__admin_result_items(res, n_errors, sizeof(**errors));
    err = MOLDAU_ERR__NO_MEMORY;
    if (!items || !errors)
        goto done;
    size_t k = 0, e = 0;
    for (size_t i = 0; i < n; i++) {
        const moldau_list_groups_response_t *r = resp_of[i] ? resp_of[i]->body : NULL;
        if (err_of[i] || !r || r->error_code) {
            errors[e]->node = node_of[i];
            errors[e]->err = err_of[i] ? err_of[i]
                             : r       ? (moldau_err_t)r->error_code
                                       : MOLDAU_ERR__BAD_MSG;
            errors[e]->errmsg = moldau__admin_errmsg(errors[e]->err, NULL);
            e++;
            continue;
        }
        for (int32_t g = 0; g < r->n_groups; g++) {
            const moldau_list_groups_response_group_t *lg = &r->groups[g];
            const char *state = lg->group_state && *lg->group_state ? lg->group_state : NULL;
            const char *type = lg->group_type && *lg->group_type ? lg->group_type : NULL;
            if (!lg->group_id ||
                (opts && (!passes(state, opts->states, opts->n_states) ||
                          !passes(type, opts->types, opts->n_types))))
                continue;
            *items[k++] = (moldau_admin_group_listing_t){
                lg->group_id, lg->protocol_type ? lg->protocol_type : "", state, type,
                node_of[i]};
        }
    }
    qsort(items, k, sizeof(*items), by_id);
    res->items = items;
    res->n_items = k;
    res->errors = errors;
    res->n_errors = n_errors;
    moldau__admin_dbg(a, "ListGroups: %zu group(s) from %zu broker(s), %zu failed", k, n,
                      n_errors);
    err = MOLDAU_ERR_NONE;
done:
    moldau_metadata_destroy(md);
    free(node_of);
    free(err_of);
    free(resp_of);
    if (err) {
        moldau_admin_result_free(res);
        return err;
    }
    *out = res;
    return MOLDAU_ERR_NONE;
}
