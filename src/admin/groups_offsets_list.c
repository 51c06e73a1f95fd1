/* moldau_admin_list_group_offsets: OffsetFetch to the group's coordinator. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(of, moldau_offset_fetch_request_t, moldau_offset_fetch_request_encode,
                      moldau_offset_fetch_response_t, moldau_offset_fetch_response_decode)

/* v8+ ask in the batch shape; stable offsets only (no pending transactional commit) from v7. */
static moldau_err_t of_encode_any(moldau_buf_t *w, int16_t version, const void *body)
{
    moldau_offset_fetch_request_t req = *(const moldau_offset_fetch_request_t *)body;
    req.require_stable = version >= 7;
    if (version >= 8) {
        req.group_id = NULL;
        req.topics = NULL;
        req.n_topics = 0;
    } else {
        req.groups = NULL;
        req.n_groups = 0;
    }
    return of_encode(w, version, &req);
}

/* The group's topics and error in either shape. */
static const moldau_offset_fetch_response_topic_t *answer(const moldau_offset_fetch_response_t *r,
                                                          int32_t *n, int16_t *code)
{
    if (r->n_groups > 0) {
        *n = r->groups[0].n_topics;
        *code = r->groups[0].error_code;
        return r->groups[0].topics;
    }
    *n = r->n_topics;
    *code = r->error_code;
    return r->topics;
}

static moldau_err_t of_error(const void *body, int16_t version)
{
    (void)version;
    int32_t n;
    int16_t code;
    answer(body, &n, &code);
    return (moldau_err_t)code;
}

static moldau__request_t *build(moldau_admin_t *a, const char *group,
                                const moldau_admin_topic_partition_t *in, size_t n,
                                const moldau_metadata_t *md)
{
    moldau__request_t *req =
        moldau__request_new(a->client, MOLDAU_API_OFFSET_FETCH, of_encode_any, of_decode, of_error);
    if (!req)
        return NULL;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_offset_fetch_request_t *body = moldau_arena_calloc(arena, 1, sizeof(*body));
    moldau_offset_fetch_request_group_t *g = moldau_arena_calloc(arena, 1, sizeof(*g));
    int32_t *of, *count;
    size_t *first;
    int32_t nt = moldau__admin_group_by_topic(arena, in, n, sizeof(*in), &of, &first, &count);
    moldau_offset_fetch_request_topic_t *ts = moldau_arena_calloc(arena, nt > 0 ? (size_t)nt : 1,
                                                                  sizeof(*ts));
    const char *gid = moldau_arena_strndup(arena, group, strlen(group));
    if (!body || !g || nt < 0 || !ts || !gid)
        goto oom;
    for (int32_t k = 0; k < nt; k++) {
        const char *t = in[first[k]].topic;
        int32_t *ps = moldau_arena_calloc(arena, (size_t)count[k], sizeof(*ps));
        if (!ps || !(ts[k].name = moldau_arena_strndup(arena, t, strlen(t))))
            goto oom;
        ts[k].partition_indexes = ps;
        ts[k].topic_id = moldau__admin_topic_id(md, t);
    }
    for (size_t i = 0; i < n; i++) {
        moldau_offset_fetch_request_topic_t *t = &ts[of[i]];
        ((int32_t *)t->partition_indexes)[t->n_partition_indexes++] = in[i].partition;
    }
    g->group_id = gid;
    g->member_epoch = -1;
    g->topics = n ? ts : NULL; /* NULL: every topic */
    g->n_topics = n ? nt : -1;
    body->group_id = gid;
    body->topics = g->topics;
    body->n_topics = g->n_topics;
    body->groups = g;
    body->n_groups = 1;
    moldau__request_set_body(req, body);
    return req;
oom:
    moldau__request_destroy(req);
    return NULL;
}

static int by_tp(const void *x, const void *y)
{
    const moldau_admin_group_offset_t *const *l = x, *const *r = y;
    int c = strcmp((*l)->topic, (*r)->topic);
    return c ? c : (*l)->partition < (*r)->partition ? -1 : (*l)->partition > (*r)->partition;
}

/* The items of an answer for every partition: what it lists, in the result. */
static moldau_admin_group_offsets_t *all_of(const char *group,
                                            const moldau_offset_fetch_response_topic_t *ts,
                                            int32_t nt, const moldau_metadata_t *md)
{
    size_t n = 0;
    for (int32_t t = 0; t < nt; t++)
        n += ts[t].n_partitions > 0 ? (size_t)ts[t].n_partitions : 0;
    moldau_admin_topic_partition_t *tps = calloc(n ? n : 1, sizeof(*tps));
    if (!tps)
        return NULL;
    size_t k = 0;
    for (int32_t t = 0; t < nt; t++) {
        const char *name = moldau__admin_topic_of(md, ts[t].name, ts[t].topic_id);
        for (int32_t p = 0; p < ts[t].n_partitions; p++)
            tps[k++] = (moldau_admin_topic_partition_t){name ? name : "",
                                                        ts[t].partitions[p].partition_index};
    }
    moldau_admin_group_offsets_t *res = moldau__admin_offsets_result(group, tps, n, sizeof(*tps));
    free(tps);
    return res;
}

moldau_err_t moldau_admin_list_group_offsets(moldau_admin_t *a, const char *group,
                                             const moldau_admin_topic_partition_t *partitions,
                                             size_t n_partitions, int timeout_ms,
                                             moldau_admin_group_offsets_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = moldau__admin_check_offsets_args(a, "OffsetFetch", group, partitions,
                                                        n_partitions, sizeof(*partitions), 1);
    if (err)
        return err;
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    moldau_metadata_t *md = NULL;
    if ((err = moldau__admin_offsets_metadata(a, partitions, n_partitions, sizeof(*partitions),
                                              moldau__admin_left(deadline), &md)))
        return err;
    moldau__response_t *resp = NULL;
    err = moldau__admin_group_send(build(a, group, partitions, n_partitions, md), group,
                                   moldau__admin_left(deadline), &resp);
    int32_t nt = 0;
    int16_t code = 0;
    const moldau_offset_fetch_response_topic_t *ts = resp ? answer(resp->body, &nt, &code) : NULL;
    if (!err && code) {
        err = (moldau_err_t)code; /* the group's: the call's */
        moldau__admin_dbg(a, "OffsetFetch %s: %s", group, moldau_err_name(err));
        moldau__response_free(resp);
    }
    moldau_admin_group_offsets_t *res = NULL;
    if (!err) {
        res = n_partitions ? moldau__admin_offsets_result(group, partitions, n_partitions,
                                                          sizeof(*partitions))
                           : all_of(group, ts, nt, md);
        if (!res)
            moldau__response_free(resp);
        if (!res || moldau__admin_result_keep(res, resp)) /* keep frees resp on error */
            err = MOLDAU_ERR__NO_MEMORY;
        for (int32_t t = 0; !err && t < nt; t++) {
            const char *name = moldau__admin_topic_of(md, ts[t].name, ts[t].topic_id);
            for (int32_t p = 0; p < ts[t].n_partitions; p++) {
                const moldau_offset_fetch_response_partition_t *rp = &ts[t].partitions[p];
                moldau_admin_group_offset_t *it =
                    moldau__admin_offsets_item(res, name ? name : "", rp->partition_index);
                if (!it)
                    continue;
                it->err = (moldau_err_t)rp->error_code;
                it->offset = rp->committed_offset >= 0 ? rp->committed_offset : -1;
                it->leader_epoch = rp->committed_leader_epoch;
                it->metadata = rp->metadata;
            }
        }
        if (!err && !n_partitions)
            qsort((void *)res->items, res->n_items, sizeof(*res->items), by_tp);
    }
    if (!err)
        moldau__admin_offsets_finish(res, md);
    moldau_metadata_destroy(md);
    if (err) {
        moldau_admin_result_free(res);
        return err;
    }
    *out = res;
    return MOLDAU_ERR_NONE;
}
