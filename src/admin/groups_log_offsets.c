/* Partitions' offsets at a time, from their leaders (ListOffsets, one request per leader, all
 * at once): the log end for a group's lag, the earliest, latest or by-time offsets of a
 * reset. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(lo, moldau_list_offsets_request_t, moldau_list_offsets_request_encode,
                      moldau_list_offsets_response_t, moldau_list_offsets_response_decode)

typedef struct lo_call {
    moldau_admin_t *a;
    const moldau_admin_topic_partition_t *tps;
    const int64_t *times;
    size_t n;
    const int32_t *node;
    int timeout_ms;
} lo_call_t;

static moldau__request_t *request_for(void *ctx, int32_t node)
{
    const lo_call_t *c = ctx;
    moldau__request_t *req =
        moldau__request_new(c->a->client, MOLDAU_API_LIST_OFFSETS, lo_encode, lo_decode, NULL);
    if (!req)
        return NULL;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_list_offsets_request_t *body = moldau_arena_calloc(arena, 1, sizeof(*body));
    moldau_list_offsets_request_topic_t *ts = moldau_arena_calloc(arena, c->n, sizeof(*ts));
    if (!body || !ts)
        goto oom;
    for (size_t i = 0; i < c->n; i++) {
        if (c->node[i] != node)
            continue;
        int32_t k = 0;
        while (k < body->n_topics && strcmp(ts[k].name, c->tps[i].topic) != 0)
            k++;
        if (k == body->n_topics) {
            size_t np = 0;
            for (size_t j = i; j < c->n; j++)
                np += c->node[j] == node && strcmp(c->tps[j].topic, c->tps[i].topic) == 0;
            ts[k].name = moldau_arena_strndup(arena, c->tps[i].topic, strlen(c->tps[i].topic));
            ts[k].partitions = moldau_arena_calloc(arena, np, sizeof(*ts[k].partitions));
            if (!ts[k].name || !ts[k].partitions)
                goto oom;
            body->n_topics++;
        }
        moldau_list_offsets_request_partition_t *p =
            (moldau_list_offsets_request_partition_t *)&ts[k].partitions[ts[k].n_partitions++];
        p->partition_index = c->tps[i].partition;
        p->current_leader_epoch = -1;
        p->timestamp = c->times[i];
    }
    body->replica_id = -1;
    body->topics = ts;
    body->timeout_ms = c->timeout_ms;
    moldau__request_set_body(req, body);
    return req;
oom:
    moldau__request_destroy(req);
    return NULL;
}

void moldau__admin_leaders(const moldau_metadata_t *md, const moldau_admin_topic_partition_t *tps,
                    size_t n, int32_t *node, moldau_err_t *errs)
{
    for (size_t i = 0; i < n; i++) {
        node[i] = MOLDAU__ADMIN_NO_NODE;
        errs[i] = MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        for (int t = 0; t < md->n_topics; t++) {
            const moldau_metadata_topic_t *mt = md->topics[t];
            if (!mt->name || strcmp(mt->name, tps[i].topic) != 0)
                continue;
            if (mt->err) {
                errs[i] = mt->err;
                break;
            }
            for (int p = 0; p < mt->n_partitions; p++)
                if (mt->partitions[p]->id == tps[i].partition) {
                    node[i] = mt->partitions[p]->leader;
                    errs[i] = node[i] < 0 ? MOLDAU_ERR_LEADER_NOT_AVAILABLE : MOLDAU_ERR_NONE;
                }
            if (errs[i])
                node[i] = MOLDAU__ADMIN_NO_NODE;
            break;
        }
    }
}

moldau_err_t moldau__admin_log_offsets(moldau_admin_t *a, const moldau_admin_topic_partition_t *tps,
                                       const int64_t *times, size_t n, int timeout_ms,
                                       int64_t *offsets, moldau_err_t *errs)
{
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    moldau_metadata_t *md = NULL;
    moldau_err_t err =
        moldau__admin_offsets_metadata(a, tps, n, sizeof(*tps), moldau__admin_left(deadline), &md);
    if (err)
        return err;
    int32_t *node = calloc(n ? n : 1, sizeof(*node));
    moldau_err_t *err_of = calloc(n ? n : 1, sizeof(*err_of));
    const moldau__response_t **resp_of = calloc(n ? n : 1, sizeof(*resp_of));
    void *scratch = moldau__admin_result_new(1); /* holds the responses */
    err = MOLDAU_ERR__NO_MEMORY;
    if (node && err_of && resp_of && scratch) {
        moldau__admin_leaders(md, tps, n, node, errs);
        lo_call_t c = {a, tps, times, n, node, moldau__admin_left(deadline)};
        err = moldau__admin_fanout(node, n, moldau__admin_left(deadline), request_for, &c,
                                   scratch, err_of, resp_of);
    }
    for (size_t i = 0; !err && i < n; i++) {
        offsets[i] = -1;
        if (node[i] == MOLDAU__ADMIN_NO_NODE)
            continue;
        const moldau_list_offsets_response_t *r = resp_of[i] ? resp_of[i]->body : NULL;
        errs[i] = err_of[i] ? err_of[i] : MOLDAU_ERR__BAD_MSG;
        for (int32_t t = 0; r && !err_of[i] && t < r->n_topics; t++) {
            if (!r->topics[t].name || strcmp(r->topics[t].name, tps[i].topic) != 0)
                continue;
            for (int32_t p = 0; p < r->topics[t].n_partitions; p++)
                if (r->topics[t].partitions[p].partition_index == tps[i].partition) {
                    errs[i] = (moldau_err_t)r->topics[t].partitions[p].error_code;
                    offsets[i] = errs[i] ? -1 : r->topics[t].partitions[p].offset;
                }
        }
    }
    moldau_admin_result_free(scratch);
    moldau_metadata_destroy(md);
    free(node);
    free(err_of);
    free(resp_of);
    return err;
}
