/* The controller's partition calls: AlterPartitionReassignments, ListPartitionReassignments and
 * ElectLeaders, one request each. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/admin_replicas.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(apr, moldau_alter_partition_reassignments_request_t,
                      moldau_alter_partition_reassignments_request_encode,
                      moldau_alter_partition_reassignments_response_t,
                      moldau_alter_partition_reassignments_response_decode)
MOLDAU__REQUEST_CODEC(lpr, moldau_list_partition_reassignments_request_t,
                      moldau_list_partition_reassignments_request_encode,
                      moldau_list_partition_reassignments_response_t,
                      moldau_list_partition_reassignments_response_decode)
MOLDAU__REQUEST_CODEC(el, moldau_elect_leaders_request_t, moldau_elect_leaders_request_encode,
                      moldau_elect_leaders_response_t, moldau_elect_leaders_response_decode)

/* Sends req (body set) to the controller and waits. Takes req over. */
static moldau_err_t to_controller(moldau__request_t *req, const void *body, int timeout_ms,
                                  moldau__response_t **resp)
{
    moldau__request_set_body(req, body);
    moldau_err_t err = moldau__request_target(req, MOLDAU__TARGET_CONTROLLER, -1, NULL);
    if (err) {
        moldau__request_destroy(req);
        return err;
    }
    return moldau__request_sync(req, timeout_ms, resp);
}

/* One answer topic: its name and per-partition errors. */
typedef struct answer_topic {
    const char *name;
    const moldau_partition_error_msg_t *parts;
    int32_t n;
} answer_topic_t;

/* The result of a call on partitions: in the order asked (asked NULL: every partition the
 * answer names), each with the answer's error for it (MOLDAU_ERR__BAD_MSG when left out).
 * Takes resp over. */
static moldau_err_t partition_results(moldau__response_t *resp, const answer_topic_t *ts,
                                      size_t n_ts, const moldau_admin_topic_partition_t *asked,
                                      size_t n_asked, moldau_admin_partition_results_t **out)
{
    size_t n = n_asked;
    if (!asked)
        for (size_t t = 0; t < n_ts; t++)
            n += ts[t].n > 0 ? (size_t)ts[t].n : 0;
    moldau_admin_partition_results_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_partition_result_t **items =
        res ? (void *)moldau__admin_result_items(res, n, sizeof(**items)) : NULL;
    if ((n && !items) || !res || moldau__admin_result_keep(res, resp)) {
        if (!res || (n && !items))
            moldau__response_free(resp);
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    int oom = 0;
    size_t k = 0;
    for (size_t t = 0; !asked && t < n_ts; t++)
        for (int32_t p = 0; p < ts[t].n; p++, k++) {
            items[k]->topic = ts[t].name;
            items[k]->partition = ts[t].parts[p].partition_index;
            items[k]->err = (moldau_err_t)ts[t].parts[p].error_code;
            items[k]->errmsg = moldau__admin_errmsg(items[k]->err, ts[t].parts[p].error_message);
        }
    for (size_t i = 0; asked && i < n_asked; i++) {
        items[i]->topic = moldau__admin_result_str(res, asked[i].topic, &oom);
        items[i]->partition = asked[i].partition;
        items[i]->err = MOLDAU_ERR__BAD_MSG;
        items[i]->errmsg = "the broker's answer left this partition out";
        for (size_t t = 0; t < n_ts; t++) {
            if (!ts[t].name || strcmp(ts[t].name, asked[i].topic))
                continue;
            for (int32_t p = 0; p < ts[t].n; p++)
                if (ts[t].parts[p].partition_index == asked[i].partition) {
                    items[i]->err = (moldau_err_t)ts[t].parts[p].error_code;
                    items[i]->errmsg =
                        moldau__admin_errmsg(items[i]->err, ts[t].parts[p].error_message);
                }
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

/* The distinct topics of tps[0..n) (their count in *n_topics), each with its partitions: for
 * the requests that group partitions by topic. */
typedef struct topic_group {
    const char *topic;
    int32_t *partitions;
    int32_t n;
} topic_group_t;

static topic_group_t *group_by_topic(moldau_arena_t *arena, const moldau_admin_topic_partition_t *tps,
                                     size_t n, size_t *n_topics)
{
    topic_group_t *g = moldau_arena_calloc(arena, n ? n : 1, sizeof(*g));
    if (!g)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t t = 0;
        while (t < k && strcmp(g[t].topic, tps[i].topic))
            t++;
        if (t == k) {
            g[k].topic = moldau_arena_strndup(arena, tps[i].topic, strlen(tps[i].topic));
            g[k].partitions = moldau_arena_calloc(arena, n, sizeof(int32_t));
            if (!g[k].topic || !g[k].partitions)
                return NULL;
            k++;
        }
        g[t].partitions[g[t].n++] = tps[i].partition;
    }
    *n_topics = k;
    return g;
}

moldau_err_t moldau_admin_alter_partition_reassignments(moldau_admin_t *a,
                                                        const moldau_admin_reassignment_t *rs,
                                                        size_t n, int timeout_ms,
                                                        moldau_admin_partition_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    if (!rs || !n || n > INT32_MAX) {
        moldau__admin_dbg(a, "AlterPartitionReassignments: no partitions");
        return MOLDAU_ERR__INVALID_ARG;
    }
    moldau_admin_topic_partition_t *tps = calloc(n, sizeof(*tps));
    if (!tps)
        return MOLDAU_ERR__NO_MEMORY;
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        tps[i] = (moldau_admin_topic_partition_t){rs[i].topic, rs[i].partition};
        bad |= !rs[i].replicas != !rs[i].n_replicas || rs[i].n_replicas > INT32_MAX;
    }
    moldau_err_t err = bad ? MOLDAU_ERR__INVALID_ARG
                           : moldau__admin_check_partitions(a, "AlterPartitionReassignments",
                                                            tps, n, 0);
    if (bad)
        moldau__admin_dbg(a, "AlterPartitionReassignments: replicas NULL with a count, or a "
                             "count without replicas");
    moldau__request_t *req = NULL;
    if (err)
        goto done;
    err = MOLDAU_ERR__NO_MEMORY;
    req = moldau__request_new(a->client, MOLDAU_API_ALTER_PARTITION_REASSIGNMENTS, apr_encode,
                              apr_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    size_t nt = 0;
    topic_group_t *g = arena ? group_by_topic(arena, tps, n, &nt) : NULL;
    moldau_alter_partition_reassignments_request_t *body =
        g ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    moldau_alter_partition_reassignments_request_topic_t *ts =
        body ? moldau_arena_calloc(arena, nt, sizeof(*ts)) : NULL;
    if (!ts)
        goto done;
    for (size_t t = 0; t < nt; t++) {
        moldau_alter_partition_reassignments_request_partition_t *ps =
            moldau_arena_calloc(arena, (size_t)g[t].n, sizeof(*ps));
        if (!ps)
            goto done;
        int32_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(rs[i].topic, g[t].topic))
                continue;
            int32_t *reps = rs[i].n_replicas ? moldau_arena_calloc(arena, rs[i].n_replicas,
                                                                   sizeof(*reps))
                                             : NULL;
            if (rs[i].n_replicas && !reps)
                goto done;
            if (reps)
                memcpy(reps, rs[i].replicas, rs[i].n_replicas * sizeof(*reps));
            ps[k++] = (moldau_alter_partition_reassignments_request_partition_t){
                rs[i].partition, reps, rs[i].replicas ? (int32_t)rs[i].n_replicas : -1};
        }
        ts[t] = (moldau_alter_partition_reassignments_request_topic_t){g[t].topic, ps, k};
    }
    *body = MOLDAU_ALTER_PARTITION_REASSIGNMENTS_REQUEST_INIT;
    int timeout = moldau__admin_timeout(a, timeout_ms);
    body->timeout_ms = timeout;
    body->topics = ts;
    body->n_topics = (int32_t)nt;
    moldau__response_t *resp;
    err = to_controller(req, body, timeout, &resp);
    req = NULL;
    if (err)
        goto done;
    const moldau_alter_partition_reassignments_response_t *r = resp->body;
    if (r->error_code) {
        moldau__admin_dbg(a, "AlterPartitionReassignments: %s",
                          r->error_message ? r->error_message : "");
        err = (moldau_err_t)r->error_code;
        moldau__response_free(resp);
        goto done;
    }
    answer_topic_t *at = calloc(r->n_responses > 0 ? (size_t)r->n_responses : 1, sizeof(*at));
    if (!at) {
        moldau__response_free(resp);
        err = MOLDAU_ERR__NO_MEMORY;
        goto done;
    }
    for (int32_t t = 0; t < r->n_responses; t++)
        at[t] = (answer_topic_t){r->responses[t].name, r->responses[t].partitions,
                                 r->responses[t].n_partitions};
    err = partition_results(resp, at, r->n_responses > 0 ? (size_t)r->n_responses : 0, tps, n,
                            out);
    free(at);
done:
    moldau__request_destroy(req);
    free(tps);
    return err;
}

moldau_err_t moldau_admin_list_partition_reassignments(
    moldau_admin_t *a, const moldau_admin_topic_partition_t *partitions, size_t n,
    int timeout_ms, moldau_admin_ongoing_reassignments_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err =
        moldau__admin_check_partitions(a, "ListPartitionReassignments", partitions, n, 1);
    if (err)
        return err;
    moldau__request_t *req = moldau__request_new(
        a->client, MOLDAU_API_LIST_PARTITION_REASSIGNMENTS, lpr_encode, lpr_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_list_partition_reassignments_request_t *body =
        arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    size_t nt = 0;
    topic_group_t *g = body ? group_by_topic(arena, partitions, n, &nt) : NULL;
    moldau_list_partition_reassignments_request_topic_t *ts =
        g && nt ? moldau_arena_calloc(arena, nt, sizeof(*ts)) : NULL;
    if (!g || (nt && !ts)) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t t = 0; t < nt; t++)
        ts[t] = (moldau_list_partition_reassignments_request_topic_t){g[t].topic, g[t].partitions,
                                                                      g[t].n};
    int timeout = moldau__admin_timeout(a, timeout_ms);
    body->timeout_ms = timeout;
    body->topics = ts;
    body->n_topics = n ? (int32_t)nt : -1; /* null: every reassignment */
    moldau__response_t *resp;
    if ((err = to_controller(req, body, timeout, &resp)))
        return err;
    const moldau_list_partition_reassignments_response_t *r = resp->body;
    if (r->error_code) {
        err = (moldau_err_t)r->error_code;
        moldau__response_free(resp);
        return err;
    }
    size_t total = 0;
    for (int32_t t = 0; t < r->n_topics; t++)
        total += r->topics[t].n_partitions > 0 ? (size_t)r->topics[t].n_partitions : 0;
    moldau_admin_ongoing_reassignments_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_ongoing_reassignment_t **items =
        res ? (void *)moldau__admin_result_items(res, total, sizeof(**items)) : NULL;
    if (!res || (total && !items) || moldau__admin_result_keep(res, resp)) {
        if (!res || (total && !items))
            moldau__response_free(resp);
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    size_t k = 0;
    for (int32_t t = 0; t < r->n_topics; t++)
        for (int32_t p = 0; p < r->topics[t].n_partitions; p++, k++) {
            const moldau_list_partition_reassignments_response_partition_t *rp =
                &r->topics[t].partitions[p];
            *items[k] = (moldau_admin_ongoing_reassignment_t){
                r->topics[t].name,
                rp->partition_index,
                rp->replicas,
                rp->n_replicas > 0 ? (size_t)rp->n_replicas : 0,
                rp->adding_replicas,
                rp->n_adding_replicas > 0 ? (size_t)rp->n_adding_replicas : 0,
                rp->removing_replicas,
                rp->n_removing_replicas > 0 ? (size_t)rp->n_removing_replicas : 0};
        }
    res->items = items;
    res->n_items = total;
    *out = res;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_admin_elect_leaders(moldau_admin_t *a, moldau_admin_election_type_t type,
                                        const moldau_admin_topic_partition_t *partitions,
                                        size_t n, int timeout_ms,
                                        moldau_admin_partition_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    if (type != MOLDAU_ADMIN_ELECTION_PREFERRED && type != MOLDAU_ADMIN_ELECTION_UNCLEAN) {
        moldau__admin_dbg(a, "ElectLeaders: unknown election type %d", (int)type);
        return MOLDAU_ERR__INVALID_ARG;
    }
    moldau_err_t err = moldau__admin_check_partitions(a, "ElectLeaders", partitions, n, 1);
    if (err)
        return err;
    moldau__request_t *req =
        moldau__request_new(a->client, MOLDAU_API_ELECT_LEADERS, el_encode, el_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_elect_leaders_request_t *body =
        arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    size_t nt = 0;
    topic_group_t *g = body ? group_by_topic(arena, partitions, n, &nt) : NULL;
    moldau_elect_leaders_request_topic_t *ts =
        g && nt ? moldau_arena_calloc(arena, nt, sizeof(*ts)) : NULL;
    if (!g || (nt && !ts)) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t t = 0; t < nt; t++)
        ts[t] = (moldau_elect_leaders_request_topic_t){g[t].topic, g[t].partitions, g[t].n};
    int timeout = moldau__admin_timeout(a, timeout_ms);
    body->election_type = (int8_t)type;
    body->topic_partitions = ts;
    body->n_topic_partitions = n ? (int32_t)nt : -1; /* null: every partition */
    body->timeout_ms = timeout;
    moldau__response_t *resp;
    if ((err = to_controller(req, body, timeout, &resp)))
        return err;
    const moldau_elect_leaders_response_t *r = resp->body;
    if (r->error_code) {
        err = (moldau_err_t)r->error_code;
        moldau__response_free(resp);
        return err;
    }
    size_t na = r->n_replica_election_results > 0 ? (size_t)r->n_replica_election_results : 0;
    answer_topic_t *at = calloc(na ? na : 1, sizeof(*at));
    if (!at) {
        moldau__response_free(resp);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t t = 0; t < na; t++)
        at[t] = (answer_topic_t){r->replica_election_results[t].topic,
                                 r->replica_election_results[t].partition_result,
                                 r->replica_election_results[t].n_partition_result};
    err = partition_results(resp, at, na, n ? partitions : NULL, n, out);
    free(at);
    return err;
}
