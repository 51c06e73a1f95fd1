/* moldau_admin_create_partitions: CreatePartitions to the controller. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(cp, moldau_create_partitions_request_t,
                      moldau_create_partitions_request_encode,
                      moldau_create_partitions_response_t,
                      moldau_create_partitions_response_decode)

static moldau_err_t cp_error(const void *body, int16_t version)
{
    (void)version;
    const moldau_create_partitions_response_t *r = body;
    for (int32_t i = 0; i < r->n_results; i++)
        if (r->results[i].error_code == MOLDAU_ERR_NOT_CONTROLLER)
            return MOLDAU_ERR_NOT_CONTROLLER;
    return MOLDAU_ERR_NONE;
}

static int bad_topic(const moldau_admin_new_partitions_t *t)
{
    if (!t->topic || !*t->topic || t->total_count < 1 || t->n_assignment > INT32_MAX ||
        (t->n_assignment && !t->assignment))
        return 1;
    for (size_t p = 0; p < t->n_assignment; p++)
        if (!t->assignment[p].brokers || t->assignment[p].n_brokers == 0 ||
            t->assignment[p].n_brokers > INT32_MAX)
            return 1;
    return 0;
}

static moldau_err_t check_args(moldau_admin_t *a, const moldau_admin_new_partitions_t *topics,
                               size_t n_topics)
{
    if (!topics || n_topics == 0 || n_topics > INT32_MAX) {
        moldau__admin_dbg(a, "CreatePartitions: topics NULL or n_topics 0");
        return MOLDAU_ERR__INVALID_ARG;
    }
    for (size_t i = 0; i < n_topics; i++) {
        if (bad_topic(&topics[i])) {
            moldau__admin_dbg(a, "CreatePartitions: topics[%zu] is not valid", i);
            return MOLDAU_ERR__INVALID_ARG;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(topics[i].topic, topics[j].topic) == 0) {
                moldau__admin_dbg(a, "CreatePartitions: topic %s given twice", topics[i].topic);
                return MOLDAU_ERR__INVALID_ARG;
            }
    }
    return MOLDAU_ERR_NONE;
}

static int copy_topic(moldau_arena_t *arena, const moldau_admin_new_partitions_t *in,
                      moldau_create_partitions_request_topic_t *t)
{
    if (!(t->name = moldau_arena_strndup(arena, in->topic, strlen(in->topic))))
        return -1;
    t->count = in->total_count;
    if (!in->assignment)
        return 0;
    moldau_create_partitions_request_assignment_t *as =
        moldau_arena_calloc(arena, in->n_assignment ? in->n_assignment : 1, sizeof(*as));
    if (!as)
        return -1;
    for (size_t p = 0; p < in->n_assignment; p++) {
        int32_t *ids = moldau_arena_calloc(arena, in->assignment[p].n_brokers, sizeof(*ids));
        if (!ids)
            return -1;
        memcpy(ids, in->assignment[p].brokers, in->assignment[p].n_brokers * sizeof(*ids));
        as[p].broker_ids = ids;
        as[p].n_broker_ids = (int32_t)in->assignment[p].n_brokers;
    }
    t->assignments = as;
    t->n_assignments = (int32_t)in->n_assignment;
    return 0;
}

moldau_err_t moldau_admin_create_partitions(moldau_admin_t *a,
                                            const moldau_admin_new_partitions_t *topics,
                                            size_t n_topics, int validate_only, int timeout_ms,
                                            moldau_admin_topic_results_t **out)
{
    *out = NULL;
    moldau_err_t err = check_args(a, topics, n_topics);
    if (err)
        return err;
    int timeout = moldau__admin_timeout(a, timeout_ms);
    moldau__request_t *req = moldau__request_new(a->client, MOLDAU_API_CREATE_PARTITIONS,
                                                 cp_encode, cp_decode, cp_error);
    if (!req)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_create_partitions_request_t *body = moldau_arena_calloc(arena, 1, sizeof(*body));
    moldau_create_partitions_request_topic_t *ts =
        moldau_arena_calloc(arena, n_topics, sizeof(*ts));
    int oom = !body || !ts;
    for (size_t i = 0; !oom && i < n_topics; i++)
        oom = copy_topic(arena, &topics[i], &ts[i]) != 0;
    if (oom) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    body->topics = ts;
    body->n_topics = (int32_t)n_topics;
    body->timeout_ms = timeout;
    body->validate_only = validate_only != 0;
    moldau__request_set_body(req, body);
    if ((err = moldau__request_target(req, MOLDAU__TARGET_CONTROLLER, -1, NULL))) {
        moldau__request_destroy(req);
        return err;
    }
    moldau__response_t *resp;
    /* a NOT_CONTROLLER that outlived the retries is reported per topic */
    if ((err = moldau__request_sync(req, timeout, &resp)) && !resp)
        return err;
    const moldau_create_partitions_response_t *r = resp->body;

    moldau_admin_topic_results_t *res = moldau__admin_result_new(sizeof(*res));
    if (!res || moldau__admin_result_keep(res, resp)) {
        if (!res)
            moldau__response_free(resp);
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    moldau_admin_topic_result_t **items =
        (moldau_admin_topic_result_t **)moldau__admin_result_items(res, n_topics, sizeof(**items));
    oom = !items;
    for (size_t i = 0; !oom && i < n_topics; i++) {
        items[i]->name = moldau__admin_result_str(res, topics[i].topic, &oom);
        items[i]->err = MOLDAU_ERR__BAD_MSG;
        items[i]->errmsg = "the broker's answer left this topic out";
        for (int32_t j = 0; j < r->n_results; j++) {
            const moldau_create_partitions_response_result_t *t = &r->results[j];
            if (t->name && strcmp(t->name, topics[i].topic) == 0) {
                items[i]->err = (moldau_err_t)t->error_code;
                items[i]->errmsg = moldau__admin_errmsg(items[i]->err, t->error_message);
                break;
            }
        }
    }
    if (oom) {
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    res->items = items;
    res->n_items = n_topics;
    moldau__admin_dbg(a, "CreatePartitions%s: %zu topic(s) answered by node %d",
                      validate_only ? " (validate only)" : "", n_topics, (int)resp->node_id);
    *out = res;
    return MOLDAU_ERR_NONE;
}
