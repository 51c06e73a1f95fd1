/* moldau_admin_alter_group_offsets (OffsetCommit as no member) and
 * moldau_admin_delete_group_offsets (OffsetDelete), to the group's coordinator. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(oc, moldau_offset_commit_request_t, moldau_offset_commit_request_encode,
                      moldau_offset_commit_response_t, moldau_offset_commit_response_decode)
MOLDAU__REQUEST_CODEC(od, moldau_offset_delete_request_t, moldau_offset_delete_request_encode,
                      moldau_offset_delete_response_t, moldau_offset_delete_response_decode)

/* A moved coordinator answers NOT_COORDINATOR on every partition: the first one's error
 * decides the retry. */
static moldau_err_t oc_error(const void *body, int16_t version)
{
    (void)version;
    const moldau_offset_commit_response_t *r = body;
    return r->n_topics > 0 && r->topics[0].n_partitions > 0
               ? (moldau_err_t)r->topics[0].partitions[0].error_code
               : MOLDAU_ERR_NONE;
}

static moldau_err_t od_error(const void *body, int16_t version)
{
    (void)version;
    return (moldau_err_t)((const moldau_offset_delete_response_t *)body)->error_code;
}

static moldau__request_t *commit_request(moldau_admin_t *a, const char *group,
                                         const moldau_admin_offset_commit_t *in, size_t n,
                                         const moldau_metadata_t *md)
{
    moldau__request_t *req =
        moldau__request_new(a->client, MOLDAU_API_OFFSET_COMMIT, oc_encode, oc_decode, oc_error);
    if (!req)
        return NULL;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_offset_commit_request_t *body = moldau_arena_calloc(arena, 1, sizeof(*body));
    int32_t *of, *count;
    size_t *first;
    int32_t nt = moldau__admin_group_by_topic(arena, in, n, sizeof(*in), &of, &first, &count);
    moldau_offset_commit_request_topic_t *ts =
        moldau_arena_calloc(arena, nt > 0 ? (size_t)nt : 1, sizeof(*ts));
    if (!body || nt < 0 || !ts ||
        !(body->group_id = moldau_arena_strndup(arena, group, strlen(group))))
        goto oom;
    for (int32_t k = 0; k < nt; k++) {
        const char *t = in[first[k]].topic;
        if (!(ts[k].partitions = moldau_arena_calloc(arena, (size_t)count[k],
                                                     sizeof(*ts[k].partitions))) ||
            !(ts[k].name = moldau_arena_strndup(arena, t, strlen(t))))
            goto oom;
        ts[k].topic_id = moldau__admin_topic_id(md, t);
    }
    for (size_t i = 0; i < n; i++) {
        moldau_offset_commit_request_topic_t *t = &ts[of[i]];
        moldau_offset_commit_request_partition_t *p =
            (moldau_offset_commit_request_partition_t *)&t->partitions[t->n_partitions++];
        p->partition_index = in[i].partition;
        p->committed_offset = in[i].offset;
        p->committed_leader_epoch = in[i].leader_epoch;
        if (in[i].metadata &&
            !(p->committed_metadata =
                  moldau_arena_strndup(arena, in[i].metadata, strlen(in[i].metadata))))
            goto oom;
    }
    body->generation_id_or_member_epoch = -1; /* not a member: only an empty group accepts */
    body->member_id = "";
    body->retention_time_ms = -1;
    body->topics = ts;
    body->n_topics = nt;
    moldau__request_set_body(req, body);
    return req;
oom:
    moldau__request_destroy(req);
    return NULL;
}

moldau_err_t moldau_admin_alter_group_offsets(moldau_admin_t *a, const char *group,
                                              const moldau_admin_offset_commit_t *offsets,
                                              size_t n_offsets, int timeout_ms,
                                              moldau_admin_group_offsets_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = moldau__admin_check_offsets_args(a, "OffsetCommit", group, offsets,
                                                        n_offsets, sizeof(*offsets), 0);
    for (size_t i = 0; !err && i < n_offsets; i++)
        if (offsets[i].offset < 0) {
            moldau__admin_dbg(a, "OffsetCommit: offsets[%zu].offset below 0", i);
            err = MOLDAU_ERR__INVALID_ARG;
        }
    if (err)
        return err;
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    moldau_metadata_t *md = NULL;
    if ((err = moldau__admin_offsets_metadata(a, offsets, n_offsets, sizeof(*offsets),
                                              moldau__admin_left(deadline), &md)))
        return err;
    moldau_admin_group_offsets_t *res =
        moldau__admin_offsets_result(group, offsets, n_offsets, sizeof(*offsets));
    moldau__response_t *resp = NULL;
    err = moldau__admin_group_send(res ? commit_request(a, group, offsets, n_offsets, md) : NULL,
                                   group, moldau__admin_left(deadline), &resp);
    if (!err && moldau__admin_result_keep(res, resp))
        err = MOLDAU_ERR__NO_MEMORY;
    const moldau_offset_commit_response_t *r = err ? NULL : resp->body;
    int oom = 0;
    for (int32_t t = 0; r && t < r->n_topics; t++) {
        const char *name = moldau__admin_topic_of(md, r->topics[t].name, r->topics[t].topic_id);
        for (int32_t p = 0; p < r->topics[t].n_partitions; p++) {
            const moldau_partition_error_t *rp = &r->topics[t].partitions[p];
            moldau_admin_group_offset_t *it =
                moldau__admin_offsets_item(res, name, rp->partition_index);
            if (!it)
                continue;
            size_t i = 0;
            while (i < n_offsets && res->items[i] != it)
                i++;
            it->err = (moldau_err_t)rp->error_code;
            if (!it->err) {
                it->offset = offsets[i].offset;
                it->leader_epoch = offsets[i].leader_epoch;
                it->metadata = moldau__admin_result_str(res, offsets[i].metadata, &oom);
            }
        }
    }
    if (!err && oom)
        err = MOLDAU_ERR__NO_MEMORY;
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

static moldau__request_t *delete_request(moldau_admin_t *a, const char *group,
                                         const moldau_admin_topic_partition_t *in, size_t n)
{
    moldau__request_t *req =
        moldau__request_new(a->client, MOLDAU_API_OFFSET_DELETE, od_encode, od_decode, od_error);
    if (!req)
        return NULL;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_offset_delete_request_t *body = moldau_arena_calloc(arena, 1, sizeof(*body));
    int32_t *of, *count;
    size_t *first;
    int32_t nt = moldau__admin_group_by_topic(arena, in, n, sizeof(*in), &of, &first, &count);
    moldau_offset_delete_request_topic_t *ts =
        moldau_arena_calloc(arena, nt > 0 ? (size_t)nt : 1, sizeof(*ts));
    if (!body || nt < 0 || !ts ||
        !(body->group_id = moldau_arena_strndup(arena, group, strlen(group))))
        goto oom;
    for (int32_t k = 0; k < nt; k++) {
        const char *t = in[first[k]].topic;
        if (!(ts[k].partitions = moldau_arena_calloc(arena, (size_t)count[k],
                                                     sizeof(*ts[k].partitions))) ||
            !(ts[k].name = moldau_arena_strndup(arena, t, strlen(t))))
            goto oom;
    }
    for (size_t i = 0; i < n; i++) {
        moldau_offset_delete_request_topic_t *t = &ts[of[i]];
        ((moldau_offset_delete_request_partition_t *)t->partitions)[t->n_partitions++]
            .partition_index = in[i].partition;
    }
    body->topics = ts;
    body->n_topics = nt;
    moldau__request_set_body(req, body);
    return req;
oom:
    moldau__request_destroy(req);
    return NULL;
}

moldau_err_t moldau_admin_delete_group_offsets(moldau_admin_t *a, const char *group,
                                               const moldau_admin_topic_partition_t *partitions,
                                               size_t n_partitions, int timeout_ms,
                                               moldau_admin_group_offsets_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = moldau__admin_check_offsets_args(a, "OffsetDelete", group, partitions,
                                                        n_partitions, sizeof(*partitions), 0);
    if (err)
        return err;
    moldau_admin_group_offsets_t *res =
        moldau__admin_offsets_result(group, partitions, n_partitions, sizeof(*partitions));
    moldau__response_t *resp = NULL;
    err = moldau__admin_group_send(res ? delete_request(a, group, partitions, n_partitions) : NULL,
                                   group, moldau__admin_timeout(a, timeout_ms), &resp);
    if (!err && moldau__admin_result_keep(res, resp))
        err = MOLDAU_ERR__NO_MEMORY;
    const moldau_offset_delete_response_t *r = err ? NULL : resp->body;
    for (size_t i = 0; r && r->error_code && i < n_partitions; i++)
        res->items[i]->err = (moldau_err_t)r->error_code;
    for (int32_t t = 0; r && !r->error_code && t < r->n_topics; t++)
        for (int32_t p = 0; p < r->topics[t].n_partitions; p++) {
            const moldau_partition_error_t *rp = &r->topics[t].partitions[p];
            moldau_admin_group_offset_t *it =
                moldau__admin_offsets_item(res, r->topics[t].name, rp->partition_index);
            if (it)
                it->err = (moldau_err_t)rp->error_code;
        }
    if (err) {
        moldau_admin_result_free(res);
        return err;
    }
    moldau__admin_offsets_finish(res, NULL);
    *out = res;
    return MOLDAU_ERR_NONE;
}
