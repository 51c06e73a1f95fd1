/* moldau_admin_describe_producers: DescribeProducers to each partition's leader (found in fresh
 * metadata), all at once. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/admin_replicas.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(dp, moldau_describe_producers_request_t,
                      moldau_describe_producers_request_encode,
                      moldau_describe_producers_response_t,
                      moldau_describe_producers_response_decode)

typedef struct dp_call {
    moldau_admin_t *a;
    const moldau_admin_topic_partition_t *tps;
    size_t n;
    const int32_t *node;
} dp_call_t;

/* The request for the partitions `node` leads, grouped by topic. */
static moldau__request_t *request_for(void *ctx, int32_t node)
{
    const dp_call_t *c = ctx;
    moldau__request_t *req = moldau__request_new(c->a->client, MOLDAU_API_DESCRIBE_PRODUCERS,
                                                 dp_encode, dp_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_describe_producers_request_t *body =
        arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    moldau_describe_producers_request_topic_t *ts =
        body ? moldau_arena_calloc(arena, c->n, sizeof(*ts)) : NULL;
    if (!ts)
        goto oom;
    for (size_t i = 0; i < c->n; i++) {
        if (c->node[i] != node)
            continue;
        int32_t t = 0;
        while (t < body->n_topics && strcmp(ts[t].name, c->tps[i].topic))
            t++;
        if (t == body->n_topics) {
            int32_t *ps = moldau_arena_calloc(arena, c->n, sizeof(*ps));
            const char *name = moldau_arena_strndup(arena, c->tps[i].topic, strlen(c->tps[i].topic));
            if (!ps || !name)
                goto oom;
            ts[t] = (moldau_describe_producers_request_topic_t){name, ps, 0};
            body->n_topics++;
        }
        ((int32_t *)ts[t].partition_indexes)[ts[t].n_partition_indexes++] = c->tps[i].partition;
    }
    body->topics = ts;
    moldau__request_set_body(req, body);
    return req;
oom:
    moldau__request_destroy(req);
    return NULL;
}

/* Item i from its leader's answer; -1 when out of memory. */
static int fill(void *res, moldau_admin_partition_producers_t *it,
                const moldau_describe_producers_response_t *r)
{
    const moldau_describe_producers_partition_t *p = NULL;
    for (int32_t t = 0; r && t < r->n_topics && !p; t++) {
        if (!r->topics[t].name || strcmp(r->topics[t].name, it->topic))
            continue;
        for (int32_t k = 0; k < r->topics[t].n_partitions && !p; k++)
            if (r->topics[t].partitions[k].partition_index == it->partition)
                p = &r->topics[t].partitions[k];
    }
    if (!p) {
        it->err = MOLDAU_ERR__BAD_MSG;
        it->errmsg = "the leader's answer left this partition out";
        return 0;
    }
    it->err = (moldau_err_t)p->error_code;
    it->errmsg = moldau__admin_errmsg(it->err, p->error_message);
    size_t np = p->n_active_producers > 0 ? (size_t)p->n_active_producers : 0;
    moldau_admin_producer_state_t **ps = (void *)moldau__admin_result_items(res, np, sizeof(**ps));
    if (np && !ps)
        return -1;
    for (size_t k = 0; k < np; k++) {
        const moldau_describe_producers_state_t *s = &p->active_producers[k];
        *ps[k] = (moldau_admin_producer_state_t){s->producer_id,       s->producer_epoch,
                                                 s->last_sequence,     s->last_timestamp,
                                                 s->coordinator_epoch, s->current_txn_start_offset};
    }
    it->producers = ps;
    it->n_producers = np;
    return 0;
}

moldau_err_t moldau_admin_describe_producers(moldau_admin_t *a,
                                             const moldau_admin_topic_partition_t *partitions,
                                             size_t n, int timeout_ms,
                                             moldau_admin_producer_states_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = moldau__admin_check_partitions(a, "DescribeProducers", partitions, n, 0);
    if (err)
        return err;
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    const char **names = calloc(n, sizeof(*names));
    int32_t *node = calloc(n, sizeof(*node));
    moldau_err_t *lerr = calloc(n, sizeof(*lerr));
    moldau_err_t *err_of = calloc(n, sizeof(*err_of));
    const moldau__response_t **resp_of = calloc(n, sizeof(*resp_of));
    moldau_admin_producer_states_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_partition_producers_t **items =
        res ? (void *)moldau__admin_result_items(res, n, sizeof(**items)) : NULL;
    moldau_metadata_t *md = NULL;
    err = MOLDAU_ERR__NO_MEMORY;
    if (!names || !node || !lerr || !err_of || !resp_of || !items)
        goto done;
    for (size_t i = 0; i < n; i++)
        names[i] = partitions[i].topic;
    if ((err = moldau_client_metadata(a->client, names, n, moldau__admin_left(deadline), &md)))
        goto done;
    moldau__admin_leaders(md, partitions, n, node, lerr);
    dp_call_t c = {a, partitions, n, node};
    if ((err = moldau__admin_fanout(node, n, moldau__admin_left(deadline), request_for, &c, res,
                                    err_of, resp_of)))
        goto done;
    err = MOLDAU_ERR__NO_MEMORY;
    int oom = 0;
    for (size_t i = 0; i < n && !oom; i++) {
        moldau_admin_partition_producers_t *it = items[i];
        it->topic = moldau__admin_result_str(res, partitions[i].topic, &oom);
        it->partition = partitions[i].partition;
        if (lerr[i] || err_of[i]) {
            it->err = lerr[i] ? lerr[i] : err_of[i];
            it->errmsg = moldau__admin_errmsg(it->err, NULL);
        } else if (!oom && fill(res, it, resp_of[i] ? resp_of[i]->body : NULL)) {
            oom = 1;
        }
    }
    if (oom)
        goto done;
    res->items = items;
    res->n_items = n;
    *out = res;
    res = NULL;
    err = MOLDAU_ERR_NONE;
done:
    moldau_metadata_destroy(md);
    moldau_admin_result_free(res);
    free(names);
    free(node);
    free(lerr);
    free(err_of);
    free(resp_of);
    return err;
}
