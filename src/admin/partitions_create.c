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

static int bad_topic(const void *in, size_t i)
{
    const moldau_admin_new_partitions_t *t = &((const moldau_admin_new_partitions_t *)in)[i];
    return !t->topic || !*t->topic || t->total_count < 1 ||
           moldau__admin_replicas_bad(t->assignment, t->n_assignment);
}

static const char *name_at(const void *in, size_t i)
{
    return ((const moldau_admin_new_partitions_t *)in)[i].topic;
}

static int answer(const void *body, const char *name, int16_t *code, const char **msg)
{
    const moldau_create_partitions_response_t *r = body;
    for (int32_t j = 0; j < r->n_results; j++)
        if (r->results[j].name && strcmp(r->results[j].name, name) == 0) {
            *code = r->results[j].error_code;
            *msg = r->results[j].error_message;
            return 0;
        }
    return -1;
}

static int copy_topic(moldau_arena_t *arena, const moldau_admin_new_partitions_t *in,
                      moldau_create_partitions_request_topic_t *t)
{
    if (!(t->name = moldau_arena_strndup(arena, in->topic, strlen(in->topic))))
        return -1;
    t->count = in->total_count;
    t->n_assignments = -1; /* null: the broker places the replicas (an empty list would be
                            * taken as no replicas for any of the new partitions) */
    if (!in->assignment)
        return 0;
    moldau_create_partitions_request_assignment_t *as =
        moldau_arena_calloc(arena, in->n_assignment ? in->n_assignment : 1, sizeof(*as));
    if (!as)
        return -1;
    for (size_t p = 0; p < in->n_assignment; p++) {
        if (!(as[p].broker_ids = moldau__admin_replicas_copy(arena, &in->assignment[p])))
            return -1;
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
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err =
        moldau__admin_check_named(a, "CreatePartitions", topics, n_topics, bad_topic, name_at);
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
    moldau__admin_dbg(a, "CreatePartitions%s: %zu topic(s) answered by node %d",
                      validate_only ? " (validate only)" : "", n_topics, (int)resp->node_id);
    return moldau__admin_topic_results(resp, topics, n_topics, name_at, answer, out);
}
