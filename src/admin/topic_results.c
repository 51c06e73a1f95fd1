/* Results of calls whose items are topics by name (moldau_admin_topic_results_t), and the
 * replica assignments the topic calls take. */
#include <string.h>

#include "admin/admin_internal.h"

moldau_err_t moldau__admin_topic_results(moldau__response_t *resp, const void *in, size_t n,
                                         moldau__admin_name_fn name_at,
                                         moldau__admin_topic_answer_fn answer,
                                         moldau_admin_topic_results_t **out)
{
    const void *body = resp->body;
    moldau_admin_topic_results_t *res = moldau__admin_result_holding(sizeof(*res), resp);
    moldau_admin_topic_result_t **items =
        res ? (moldau_admin_topic_result_t **)moldau__admin_result_items(res, n, sizeof(**items))
            : NULL;
    int oom = !items;
    for (size_t i = 0; !oom && i < n; i++) {
        const char *name = name_at(in, i);
        int16_t code;
        const char *msg = NULL;
        items[i]->name = moldau__admin_result_str(res, name, &oom);
        if (answer(body, name, &code, &msg) == 0) {
            items[i]->err = (moldau_err_t)code;
            items[i]->errmsg = moldau__admin_errmsg(items[i]->err, msg);
        } else {
            items[i]->err = MOLDAU_ERR__BAD_MSG;
            items[i]->errmsg = "the broker's answer left this topic out";
        }
    }
    if (oom) {
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    res->items = items;
    res->n_items = n;
    *out = res;
    return MOLDAU_ERR_NONE;
}

int moldau__admin_replicas_bad(const moldau_admin_replicas_t *as, size_t n)
{
    if (n > INT32_MAX || (n && !as))
        return 1;
    for (size_t p = 0; p < n; p++)
        if (!as[p].brokers || as[p].n_brokers == 0 || as[p].n_brokers > INT32_MAX)
            return 1;
    return 0;
}

const int32_t *moldau__admin_replicas_copy(moldau_arena_t *arena, const moldau_admin_replicas_t *r)
{
    int32_t *ids = moldau_arena_calloc(arena, r->n_brokers, sizeof(*ids));
    if (ids)
        memcpy(ids, r->brokers, r->n_brokers * sizeof(*ids));
    return ids;
}

moldau_err_t moldau__admin_check_named(moldau_admin_t *a, const char *call, const void *in,
                                       size_t n, moldau__admin_bad_fn bad_at,
                                       moldau__admin_name_fn name_at)
{
    if (!in || n == 0 || n > INT32_MAX) {
        moldau__admin_dbg(a, "%s: topics NULL or n_topics 0", call);
        return MOLDAU_ERR__INVALID_ARG;
    }
    for (size_t i = 0; i < n; i++) {
        if (bad_at(in, i)) {
            moldau__admin_dbg(a, "%s: topics[%zu] is not valid", call, i);
            return MOLDAU_ERR__INVALID_ARG;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(name_at(in, i), name_at(in, j)) == 0) {
                moldau__admin_dbg(a, "%s: topic %s given twice", call, name_at(in, i));
                return MOLDAU_ERR__INVALID_ARG;
            }
    }
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__admin_check_names(moldau_admin_t *a, const char *call,
                                       const char *const *names, size_t n)
{
    if (!names || n == 0 || n > INT32_MAX) {
        moldau__admin_dbg(a, "%s: topics NULL or n_topics 0", call);
        return MOLDAU_ERR__INVALID_ARG;
    }
    for (size_t i = 0; i < n; i++)
        if (!names[i] || !*names[i]) {
            moldau__admin_dbg(a, "%s: topics[%zu] NULL or empty", call, i);
            return MOLDAU_ERR__INVALID_ARG;
        }
    return MOLDAU_ERR_NONE;
}
