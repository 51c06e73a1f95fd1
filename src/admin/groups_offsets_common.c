/* What the calls on a group's committed offsets share: their argument check, the topic ids
 * OffsetFetch and OffsetCommit v10+ want, the per-partition results. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"

moldau_err_t moldau__admin_check_offsets_args(moldau_admin_t *a, const char *call,
                                              const char *group, const void *in, size_t n,
                                              size_t stride, int may_be_empty)
{
    if (!group || !*group) {
        moldau__admin_dbg(a, "%s: group NULL or empty", call);
        return MOLDAU_ERR__INVALID_ARG;
    }
    if ((n && !in) || (!n && !may_be_empty) || n > INT32_MAX) {
        moldau__admin_dbg(a, "%s: partitions NULL or n_partitions 0", call);
        return MOLDAU_ERR__INVALID_ARG;
    }
    for (size_t i = 0; i < n; i++) {
        const moldau_admin_topic_partition_t *tp = MOLDAU__ADMIN_TP_AT(in, stride, i);
        if (!tp->topic || !*tp->topic || tp->partition < 0) {
            moldau__admin_dbg(a, "%s: partitions[%zu] is not valid", call, i);
            return MOLDAU_ERR__INVALID_ARG;
        }
        for (size_t j = 0; j < i; j++) {
            const moldau_admin_topic_partition_t *o = MOLDAU__ADMIN_TP_AT(in, stride, j);
            if (o->partition == tp->partition && strcmp(o->topic, tp->topic) == 0) {
                moldau__admin_dbg(a, "%s: %s [%d] given twice", call, tp->topic,
                                  (int)tp->partition);
                return MOLDAU_ERR__INVALID_ARG;
            }
        }
    }
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__admin_offsets_metadata(moldau_admin_t *a, const void *in, size_t n,
                                            size_t stride, int timeout_ms, moldau_metadata_t **md)
{
    const char **names = calloc(n ? n : 1, sizeof(*names));
    if (!names)
        return MOLDAU_ERR__NO_MEMORY;
    for (size_t i = 0; i < n; i++)
        names[i] = MOLDAU__ADMIN_TP_AT(in, stride, i)->topic; /* repeats are fine */
    moldau_err_t err = moldau_client_metadata(a->client, n ? names : NULL, n, timeout_ms, md);
    free(names);
    return err;
}

moldau_uuid_t moldau__admin_topic_id(const moldau_metadata_t *md, const char *name)
{
    moldau_uuid_t id = {{0}};
    for (int i = 0; md && i < md->n_topics; i++)
        if (md->topics[i]->name && !md->topics[i]->err && strcmp(md->topics[i]->name, name) == 0)
            memcpy(id.b, md->topics[i]->topic_id, sizeof(id.b));
    return id;
}

const char *moldau__admin_topic_of(const moldau_metadata_t *md, const char *name,
                                   moldau_uuid_t id)
{
    static const moldau_uuid_t none;
    if (name && *name)
        return name;
    if (!memcmp(&id, &none, sizeof(id)))
        return NULL;
    for (int i = 0; md && i < md->n_topics; i++)
        if (!memcmp(md->topics[i]->topic_id, id.b, sizeof(id.b)))
            return md->topics[i]->name;
    return NULL;
}

moldau_admin_group_offsets_t *moldau__admin_offsets_result(const char *group, const void *in,
                                                           size_t n, size_t stride)
{
    moldau_admin_group_offsets_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_group_offset_t **items =
        res ? (moldau_admin_group_offset_t **)moldau__admin_result_items(res, n, sizeof(**items))
            : NULL;
    int oom = !items;
    if (res)
        res->group_id = moldau__admin_result_str(res, group, &oom);
    for (size_t i = 0; !oom && i < n; i++) {
        const moldau_admin_topic_partition_t *tp = MOLDAU__ADMIN_TP_AT(in, stride, i);
        items[i]->topic = moldau__admin_result_str(res, tp->topic, &oom);
        items[i]->partition = tp->partition;
        items[i]->err = MOLDAU_ERR__BAD_MSG;
        items[i]->offset = -1;
        items[i]->leader_epoch = -1;
    }
    if (oom) {
        moldau_admin_result_free(res);
        return NULL;
    }
    res->items = items;
    res->n_items = n;
    return res;
}

moldau_admin_group_offset_t *moldau__admin_offsets_item(moldau_admin_group_offsets_t *res,
                                                        const char *topic, int32_t partition)
{
    for (size_t i = 0; topic && i < res->n_items; i++)
        if (res->items[i]->partition == partition && strcmp(res->items[i]->topic, topic) == 0)
            return res->items[i];
    return NULL;
}

void moldau__admin_offsets_finish(moldau_admin_group_offsets_t *res, const moldau_metadata_t *md)
{
    static const moldau_uuid_t none;
    for (size_t i = 0; i < res->n_items; i++) {
        moldau_admin_group_offset_t *it = res->items[i];
        if ((it->err == MOLDAU_ERR_UNKNOWN_TOPIC_ID || it->err == MOLDAU_ERR__BAD_MSG) && md) {
            moldau_uuid_t id = moldau__admin_topic_id(md, it->topic);
            if (!memcmp(&id, &none, sizeof(id)))
                it->err = MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (it->errmsg)
            continue;
        it->errmsg = it->err == MOLDAU_ERR__BAD_MSG ? "the broker's answer left this partition out"
                                                    : moldau__admin_errmsg(it->err, NULL);
    }
}

int32_t moldau__admin_group_by_topic(moldau_arena_t *arena, const void *in, size_t n,
                                     size_t stride, int32_t **of, size_t **first,
                                     int32_t **count)
{
    *of = moldau_arena_calloc(arena, n ? n : 1, sizeof(**of));
    *first = moldau_arena_calloc(arena, n ? n : 1, sizeof(**first));
    *count = moldau_arena_calloc(arena, n ? n : 1, sizeof(**count));
    if (!*of || !*first || !*count)
        return -1;
    int32_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        const char *t = MOLDAU__ADMIN_TP_AT(in, stride, i)->topic;
        int32_t k = 0;
        while (k < nt && strcmp(MOLDAU__ADMIN_TP_AT(in, stride, (*first)[k])->topic, t) != 0)
            k++;
        if (k == nt)
            (*first)[nt++] = i;
        (*of)[i] = k;
        (*count)[k]++;
    }
    return nt;
}

moldau_err_t moldau__admin_group_send(moldau__request_t *req, const char *group, int timeout_ms,
                                      moldau__response_t **resp)
{
    *resp = NULL;
    if (!req)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_err_t err = moldau__request_target(req, MOLDAU__TARGET_GROUP, -1, group);
    if (err) {
        moldau__request_destroy(req);
        return err;
    }
    err = moldau__request_sync(req, timeout_ms, resp);
    return *resp ? MOLDAU_ERR_NONE : err;
}
