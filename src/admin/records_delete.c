/* moldau_admin_delete_records: DeleteRecords to each partition's leader, in rounds: Metadata
 * for the leaders, one request per leader (all at once), and the partitions whose leader had
 * moved go round again while the timeout allows. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/admin_internal.h"
#include "client/client.h"
#include "client/conf.h"
#include "moldau/protocol.h"
#include "util/clock.h"

MOLDAU__REQUEST_CODEC(dr, moldau_delete_records_request_t, moldau_delete_records_request_encode,
                      moldau_delete_records_response_t, moldau_delete_records_response_decode)

typedef struct dr_call {
    moldau_admin_t *a;
    const moldau_admin_delete_records_t *in;
    size_t n;
    moldau_admin_delete_records_result_t **items;
    int *pending; /* still to answer (first time, or its leader moved) */
    int32_t *node; /* the leader of item i this round, MOLDAU__ADMIN_NO_NODE: not sent */
    int64_t deadline;
} dr_call_t;

static int retriable(moldau_err_t err)
{
    return err == MOLDAU_ERR_NOT_LEADER_OR_FOLLOWER || err == MOLDAU_ERR_LEADER_NOT_AVAILABLE ||
           err == MOLDAU_ERR__TRANSPORT;
}

static moldau_err_t check_args(moldau_admin_t *a, const moldau_admin_delete_records_t *in,
                               size_t n)
{
    if (!in || n == 0 || n > INT32_MAX) {
        moldau__admin_dbg(a, "DeleteRecords: partitions NULL or n_partitions 0");
        return MOLDAU_ERR__INVALID_ARG;
    }
    for (size_t i = 0; i < n; i++) {
        if (!in[i].topic || !*in[i].topic || in[i].partition < 0 || in[i].offset < -1) {
            moldau__admin_dbg(a, "DeleteRecords: partitions[%zu] is not valid", i);
            return MOLDAU_ERR__INVALID_ARG;
        }
        for (size_t j = 0; j < i; j++)
            if (in[i].partition == in[j].partition && strcmp(in[i].topic, in[j].topic) == 0) {
                moldau__admin_dbg(a, "DeleteRecords: %s [%d] given twice", in[i].topic,
                                  (int)in[i].partition);
                return MOLDAU_ERR__INVALID_ARG;
            }
    }
    return MOLDAU_ERR_NONE;
}

/* node[] for the pending items from fresh metadata; items without a leader get their error
 * (and stay pending when it is retriable). */
static moldau_err_t find_leaders(dr_call_t *c)
{
    const char **names = calloc(c->n, sizeof(*names));
    if (!names)
        return MOLDAU_ERR__NO_MEMORY;
    size_t n_names = 0;
    for (size_t i = 0; i < c->n; i++) {
        c->node[i] = MOLDAU__ADMIN_NO_NODE;
        if (c->pending[i])
            names[n_names++] = c->in[i].topic; /* repeats are fine for Metadata */
    }
    moldau_metadata_t *md;
    moldau_err_t err = moldau_client_metadata(c->a->client, names, n_names,
                                              moldau__admin_left(c->deadline), &md);
    free(names);
    if (err)
        return err;
    for (size_t i = 0; i < c->n; i++) {
        if (!c->pending[i])
            continue;
        const moldau_metadata_topic_t *t = NULL;
        for (int j = 0; j < md->n_topics && !t; j++)
            if (md->topics[j]->name && strcmp(md->topics[j]->name, c->in[i].topic) == 0)
                t = md->topics[j];
        moldau_err_t ierr = MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        if (t && t->err)
            ierr = t->err;
        else if (t)
            for (int j = 0; j < t->n_partitions; j++)
                if (t->partitions[j]->id == c->in[i].partition) {
                    c->node[i] = t->partitions[j]->leader;
                    ierr = c->node[i] < 0 ? MOLDAU_ERR_LEADER_NOT_AVAILABLE : MOLDAU_ERR_NONE;
                }
        if (ierr) {
            c->node[i] = MOLDAU__ADMIN_NO_NODE;
            c->items[i]->err = ierr;
            c->pending[i] = retriable(ierr);
        }
    }
    moldau_metadata_destroy(md);
    return MOLDAU_ERR_NONE;
}

/* The request for the items led by `node`, topics grouped. NULL when out of memory. */
static moldau__request_t *request_for(void *ctx, int32_t node)
{
    const dr_call_t *c = ctx;
    moldau__request_t *req = moldau__request_new(c->a->client, MOLDAU_API_DELETE_RECORDS,
                                                 dr_encode, dr_decode, NULL);
    if (!req)
        return NULL;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_delete_records_request_t *body = moldau_arena_calloc(arena, 1, sizeof(*body));
    moldau_delete_records_request_topic_t *ts = moldau_arena_calloc(arena, c->n, sizeof(*ts));
    if (!body || !ts)
        goto oom;
    for (size_t i = 0; i < c->n; i++) {
        if (c->node[i] != node)
            continue;
        int32_t k = 0;
        while (k < body->n_topics && strcmp(ts[k].name, c->in[i].topic) != 0)
            k++;
        if (k == body->n_topics) {
            /* room for every partition of the topic this round */
            size_t np = 0;
            for (size_t j = i; j < c->n; j++)
                np += c->node[j] == node && strcmp(c->in[j].topic, c->in[i].topic) == 0;
            ts[k].name = moldau_arena_strndup(arena, c->in[i].topic, strlen(c->in[i].topic));
            ts[k].partitions = moldau_arena_calloc(arena, np, sizeof(*ts[k].partitions));
            if (!ts[k].name || !ts[k].partitions)
                goto oom;
            body->n_topics++;
        }
        moldau_delete_records_request_partition_t *p =
            (moldau_delete_records_request_partition_t *)&ts[k].partitions[ts[k].n_partitions++];
        p->partition_index = c->in[i].partition;
        p->offset = c->in[i].offset;
    }
    body->topics = ts;
    body->timeout_ms = moldau__admin_left(c->deadline);
    moldau__request_set_body(req, body);
    return req;
oom:
    moldau__request_destroy(req);
    return NULL;
}

/* Item i from the answer (err, resp) of its leader. */
static void take_answer(dr_call_t *c, size_t i, moldau_err_t err, const moldau__response_t *resp)
{
    const moldau_delete_records_response_t *r = resp ? resp->body : NULL;
    moldau_admin_delete_records_result_t *item = c->items[i];
    item->err = err ? err : MOLDAU_ERR__BAD_MSG;
    for (int32_t t = 0; r && !err && t < r->n_topics; t++) {
        if (!r->topics[t].name || strcmp(r->topics[t].name, c->in[i].topic) != 0)
            continue;
        for (int32_t p = 0; p < r->topics[t].n_partitions; p++) {
            const moldau_delete_records_response_partition_t *rp = &r->topics[t].partitions[p];
            if (rp->partition_index == c->in[i].partition) {
                item->err = (moldau_err_t)rp->error_code;
                item->low_watermark = item->err ? -1 : rp->low_watermark;
            }
        }
    }
    c->pending[i] = retriable(item->err);
}

/* One round; MOLDAU_ERR_NONE, or the error that ends the call. */
static moldau_err_t round_once(dr_call_t *c)
{
    moldau_err_t err = find_leaders(c);
    if (err)
        return err;
    moldau_err_t *err_of = calloc(c->n, sizeof(*err_of));
    const moldau__response_t **resp_of = calloc(c->n, sizeof(*resp_of));
    void *scratch = moldau__admin_result_new(1); /* holds this round's responses */
    err = MOLDAU_ERR__NO_MEMORY;
    if (err_of && resp_of && scratch)
        err = moldau__admin_fanout(c->node, c->n, moldau__admin_left(c->deadline), request_for,
                                   c, scratch, err_of, resp_of);
    for (size_t i = 0; !err && i < c->n; i++)
        if (c->node[i] != MOLDAU__ADMIN_NO_NODE)
            take_answer(c, i, err_of[i], resp_of[i]);
    moldau_admin_result_free(scratch);
    free(err_of);
    free(resp_of);
    return err;
}

static int any_pending(const dr_call_t *c)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->pending[i])
            return 1;
    return 0;
}

moldau_err_t moldau_admin_delete_records(moldau_admin_t *a,
                                         const moldau_admin_delete_records_t *partitions,
                                         size_t n_partitions, int timeout_ms,
                                         moldau_admin_delete_records_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = check_args(a, partitions, n_partitions);
    if (err)
        return err;
    dr_call_t c = {.a = a, .in = partitions, .n = n_partitions};
    c.deadline = moldau__admin_deadline(a, timeout_ms);
    moldau_admin_delete_records_results_t *res = moldau__admin_result_new(sizeof(*res));
    c.items = res ? (moldau_admin_delete_records_result_t **)moldau__admin_result_items(
                        res, n_partitions, sizeof(**c.items))
                  : NULL;
    c.pending = calloc(n_partitions, sizeof(*c.pending));
    c.node = calloc(n_partitions, sizeof(*c.node));
    int oom = !c.items || !c.pending || !c.node;
    for (size_t i = 0; !oom && i < n_partitions; i++) {
        c.items[i]->topic = moldau__admin_result_str(res, partitions[i].topic, &oom);
        c.items[i]->partition = partitions[i].partition;
        c.items[i]->low_watermark = -1;
        c.pending[i] = 1;
    }
    err = oom ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
    int64_t backoff = moldau__conf_int(a->client->conf, MOLDAU__CONF_RETRY_BACKOFF_MS);
    for (int rounds = 0; !err && any_pending(&c); rounds++) {
        if (rounds > 0) {
            /* a later round that finds no time (or no answer) leaves the last errors */
            if (moldau__now_ms() + backoff >= c.deadline)
                break;
            nanosleep(&(struct timespec){backoff / 1000, (backoff % 1000) * 1000000}, NULL);
        }
        moldau_err_t rerr = round_once(&c);
        if (rerr && (rounds == 0 || rerr == MOLDAU_ERR__NO_MEMORY))
            err = rerr;
        else if (rerr)
            break;
    }
    free(c.pending);
    free(c.node);
    for (size_t i = 0; !err && i < n_partitions; i++)
        c.items[i]->errmsg = moldau__admin_errmsg(c.items[i]->err, NULL);
    if (err) {
        moldau_admin_result_free(res);
        return err;
    }
    res->items = c.items;
    res->n_items = n_partitions;
    *out = res;
    return MOLDAU_ERR_NONE;
}
