/* moldau_admin_create_topics: CreateTopics to the controller. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(ct, moldau_create_topics_request_t, moldau_create_topics_request_encode,
                      moldau_create_topics_response_t, moldau_create_topics_response_decode)

/* NOT_CONTROLLER comes per topic: the controller moved while the request travelled. */
static moldau_err_t ct_error(const void *body, int16_t version)
{
    (void)version;
    const moldau_create_topics_response_t *r = body;
    for (int32_t i = 0; i < r->n_topics; i++)
        if (r->topics[i].error_code == MOLDAU_ERR_NOT_CONTROLLER)
            return MOLDAU_ERR_NOT_CONTROLLER;
    return MOLDAU_ERR_NONE;
}

static int bad_topic(const void *in, size_t i)
{
    const moldau_admin_new_topic_t *t = &((const moldau_admin_new_topic_t *)in)[i];
    if (!t->name || !*t->name || t->num_partitions < -1 || t->replication_factor < -1 ||
        t->n_configs > INT32_MAX || (t->n_configs && !t->configs))
        return 1;
    for (size_t j = 0; j < t->n_configs; j++)
        if (!t->configs[j].name || !*t->configs[j].name)
            return 1;
    if (t->assignment && (t->n_assignment == 0 || t->num_partitions > 0 ||
                          t->replication_factor > 0))
        return 1;
    return moldau__admin_replicas_bad(t->assignment, t->n_assignment);
}

static const char *name_at(const void *in, size_t i)
{
    return ((const moldau_admin_new_topic_t *)in)[i].name;
}

/* One topic of the request, copied into the request's arena. */
static int copy_topic(moldau_arena_t *arena, const moldau_admin_new_topic_t *in,
                      moldau_create_topics_request_topic_t *t)
{
    t->name = moldau_arena_strndup(arena, in->name, strlen(in->name));
    t->num_partitions = in->num_partitions > 0 ? in->num_partitions : -1;
    t->replication_factor = in->replication_factor > 0 ? in->replication_factor : -1;
    if (!t->name)
        return -1;
    if (in->n_assignment) {
        moldau_create_topics_request_assignment_t *as =
            moldau_arena_calloc(arena, in->n_assignment, sizeof(*as));
        if (!as)
            return -1;
        for (size_t p = 0; p < in->n_assignment; p++) {
            as[p].partition_index = (int32_t)p;
            if (!(as[p].broker_ids = moldau__admin_replicas_copy(arena, &in->assignment[p])))
                return -1;
            as[p].n_broker_ids = (int32_t)in->assignment[p].n_brokers;
        }
        t->assignments = as;
        t->n_assignments = (int32_t)in->n_assignment;
    }
    if (in->n_configs) {
        moldau_create_topics_request_config_t *cs =
            moldau_arena_calloc(arena, in->n_configs, sizeof(*cs));
        if (!cs)
            return -1;
        for (size_t i = 0; i < in->n_configs; i++) {
            const char *v = in->configs[i].value;
            cs[i].name = moldau_arena_strndup(arena, in->configs[i].name,
                                              strlen(in->configs[i].name));
            cs[i].value = v ? moldau_arena_strndup(arena, v, strlen(v)) : NULL;
            if (!cs[i].name || (v && !cs[i].value))
                return -1;
        }
        t->configs = cs;
        t->n_configs = (int32_t)in->n_configs;
    }
    return 0;
}

/* Item i from the broker's answer t (NULL: left out). Returns -1 when out of memory. */
static int fill_item(void *res, moldau_admin_create_topic_result_t *item, const char *name,
                     const moldau_create_topics_response_topic_t *t)
{
    int oom = 0;
    item->name = moldau__admin_result_str(res, name, &oom);
    item->num_partitions = -1;
    item->replication_factor = -1;
    if (!t) {
        item->err = MOLDAU_ERR__BAD_MSG;
        item->errmsg = "the broker's answer left this topic out";
        return oom ? -1 : 0;
    }
    item->err = (moldau_err_t)t->error_code;
    item->errmsg = moldau__admin_errmsg(item->err, t->error_message);
    memcpy(item->topic_id, t->topic_id.b, sizeof(item->topic_id));
    item->num_partitions = t->num_partitions;
    item->replication_factor = t->replication_factor;
    if (t->n_configs > 0) {
        moldau_admin_config_entry_t **cs = moldau_arena_calloc(
            moldau__admin_result_arena(res), (size_t)t->n_configs, sizeof(*cs));
        if (!cs)
            return -1;
        for (int32_t i = 0; i < t->n_configs; i++) {
            const moldau_create_topics_response_config_t *c = &t->configs[i];
            if (!(cs[i] = moldau__admin_config_entry(res, c->name, c->value, c->config_source,
                                                     c->read_only, c->is_sensitive)))
                return -1;
        }
        item->configs = cs;
        item->n_configs = (size_t)t->n_configs;
    }
    return oom ? -1 : 0;
}

moldau_err_t moldau_admin_create_topics(moldau_admin_t *a, const moldau_admin_new_topic_t *topics,
                                        size_t n_topics, int validate_only, int timeout_ms,
                                        moldau_admin_create_topics_result_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err =
        moldau__admin_check_named(a, "CreateTopics", topics, n_topics, bad_topic, name_at);
    if (err)
        return err;
    int timeout = moldau__admin_timeout(a, timeout_ms);

    moldau__request_t *req = moldau__request_new(a->client, MOLDAU_API_CREATE_TOPICS, ct_encode,
                                                 ct_decode, ct_error);
    if (!req)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_create_topics_request_t *body = moldau_arena_calloc(arena, 1, sizeof(*body));
    moldau_create_topics_request_topic_t *ts = moldau_arena_calloc(arena, n_topics, sizeof(*ts));
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
    const moldau_create_topics_response_t *r = resp->body;

    moldau_admin_create_topics_result_t *res = moldau__admin_result_holding(sizeof(*res), resp);
    if (!res)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_admin_create_topic_result_t **items =
        (moldau_admin_create_topic_result_t **)moldau__admin_result_items(res, n_topics,
                                                                          sizeof(**items));
    oom = !items;
    for (size_t i = 0; !oom && i < n_topics; i++) {
        const moldau_create_topics_response_topic_t *t = NULL;
        for (int32_t j = 0; j < r->n_topics && !t; j++)
            if (r->topics[j].name && strcmp(r->topics[j].name, topics[i].name) == 0)
                t = &r->topics[j];
        oom = fill_item(res, items[i], topics[i].name, t) != 0;
    }
    if (oom) {
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    res->items = items;
    res->n_items = n_topics;
    moldau__admin_dbg(a, "CreateTopics%s: %zu topic(s) answered by node %d",
                      validate_only ? " (validate only)" : "", n_topics, (int)resp->node_id);
    *out = res;
    return MOLDAU_ERR_NONE;
}
