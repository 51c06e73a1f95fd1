/* moldau_client_metadata(): one Metadata request through the request helper, its answer
 * converted to the client's own metadata type (moldau/client.h) in the response's arena, so the
 * result is one allocation and the wire struct stays out of the public API. */
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "client/request.h"

/* What moldau_metadata_destroy finds behind the public struct: the response that holds it. */
typedef struct metadata_owner {
    moldau_metadata_t md; /* first */
    moldau__response_t *resp;
} metadata_owner_t;

MOLDAU__REQUEST_CODEC(md, moldau_metadata_request_t, moldau_metadata_request_encode,
                      moldau_metadata_response_t, moldau_metadata_response_decode)

/* Arrays of pointers to structs of the public type (see client.h), in the arena. */
#define ARRAY_OF(a, n, type, ptrs)                                                          \
    ((ptrs = moldau_arena_calloc(a, (size_t)(n) ? (size_t)(n) : 1, sizeof(type *))) != NULL)

static int by_partition_id(const void *x, const void *y)
{
    const moldau_metadata_partition_t *a = *(moldau_metadata_partition_t *const *)x;
    const moldau_metadata_partition_t *b = *(moldau_metadata_partition_t *const *)y;
    return (a->id > b->id) - (a->id < b->id);
}

static moldau_metadata_t *convert(moldau__response_t *resp)
{
    const moldau_metadata_response_t *w = resp->body;
    moldau_arena_t *a = &resp->arena;
    metadata_owner_t *o = moldau_arena_calloc(a, 1, sizeof(*o));
    moldau_metadata_broker_t **brokers;
    moldau_metadata_topic_t **topics;
    if (!o || !ARRAY_OF(a, w->n_brokers, moldau_metadata_broker_t, brokers) ||
        !ARRAY_OF(a, w->n_topics, moldau_metadata_topic_t, topics))
        return NULL;
    o->resp = resp;
    for (int32_t i = 0; i < w->n_brokers; i++) {
        const moldau_metadata_response_broker_t *wb = &w->brokers[i];
        moldau_metadata_broker_t *b = moldau_arena_calloc(a, 1, sizeof(*b));
        if (!b)
            return NULL;
        *b = (moldau_metadata_broker_t){wb->node_id, wb->host, (int)wb->port, wb->rack};
        brokers[i] = b;
    }
    for (int32_t i = 0; i < w->n_topics; i++) {
        const moldau_metadata_response_topic_t *wt = &w->topics[i];
        moldau_metadata_topic_t *t = moldau_arena_calloc(a, 1, sizeof(*t));
        moldau_metadata_partition_t **parts;
        if (!t || !ARRAY_OF(a, wt->n_partitions, moldau_metadata_partition_t, parts))
            return NULL;
        t->name = wt->name;
        memcpy(t->topic_id, wt->topic_id.b, sizeof(t->topic_id));
        t->err = (moldau_err_t)wt->error_code;
        t->is_internal = wt->is_internal;
        for (int32_t j = 0; j < wt->n_partitions; j++) {
            const moldau_metadata_response_partition_t *wp = &wt->partitions[j];
            moldau_metadata_partition_t *p = moldau_arena_calloc(a, 1, sizeof(*p));
            if (!p)
                return NULL;
            /* the node arrays stay where the decoder put them: the same arena */
            *p = (moldau_metadata_partition_t){
                .id = wp->partition_index,
                .err = (moldau_err_t)wp->error_code,
                .leader = wp->leader_id,
                .leader_epoch = wp->leader_epoch,
                .replicas = wp->replica_nodes,
                .n_replicas = wp->n_replica_nodes,
                .isr = wp->isr_nodes,
                .n_isr = wp->n_isr_nodes,
                .offline_replicas = wp->offline_replicas,
                .n_offline_replicas = wp->n_offline_replicas,
            };
            parts[j] = p;
        }
        /* brokers may list them in any order (3.9 does): partitions[i] is partition i */
        qsort(parts, (size_t)wt->n_partitions, sizeof(*parts), by_partition_id);
        t->partitions = parts;
        t->n_partitions = wt->n_partitions;
        topics[i] = t;
    }
    o->md = (moldau_metadata_t){
        .brokers = brokers,
        .n_brokers = w->n_brokers,
        .controller_id = w->controller_id,
        .cluster_id = w->cluster_id,
        .topics = topics,
        .n_topics = w->n_topics,
    };
    return &o->md;
}

moldau_err_t moldau_client_metadata(moldau_client_t *c, const char *const *topics,
                                    size_t n_topics, int timeout_ms, moldau_metadata_t **out)
{
    *out = NULL;
    if ((n_topics && !topics) || n_topics > INT32_MAX)
        return MOLDAU_ERR__INVALID_ARG;
    moldau__request_t *req =
        moldau__request_new(c, MOLDAU_API_METADATA, md_encode, md_decode, NULL);
    if (!req)
        return MOLDAU_ERR__NO_MEMORY;
    /* the request struct and copies of the names, in the request's own arena */
    moldau_arena_t *a = moldau__request_arena(req);
    moldau_metadata_request_t *body = moldau_arena_calloc(a, 1, sizeof(*body));
    if (!body)
        goto oom;
    moldau_metadata_request_init(body);
    body->allow_auto_topic_creation = 0;
    body->n_topics = -1;
    if (topics) {
        moldau_metadata_request_topic_t *t =
            moldau_arena_calloc(a, n_topics ? n_topics : 1, sizeof(*t));
        if (!t)
            goto oom;
        for (size_t i = 0; i < n_topics; i++)
            if (!topics[i] ||
                !(t[i].name = moldau_arena_strndup(a, topics[i], strlen(topics[i])))) {
                moldau__request_destroy(req);
                return topics[i] ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR__INVALID_ARG;
            }
        body->topics = t;
        body->n_topics = (int32_t)n_topics;
    }
    moldau__request_set_body(req, body);
    moldau__response_t *resp;
    moldau_err_t err = moldau__request_sync(req, timeout_ms, &resp);
    if (!err && !(*out = convert(resp)))
        err = MOLDAU_ERR__NO_MEMORY;
    if (err)
        moldau__response_free(resp);
    return err;
oom:
    moldau__request_destroy(req);
    return MOLDAU_ERR__NO_MEMORY;
}

void moldau_metadata_destroy(moldau_metadata_t *md)
{
    if (md)
        moldau__response_free(((metadata_owner_t *)md)->resp);
}

typedef struct version_query {
    moldau_client_t *client;
    int32_t node_id;
    int16_t api_key;
    int version;
} version_query_t;

static void query_version(void *arg)
{
    version_query_t *q = arg;
    moldau__broker_t *b = moldau__cluster_broker(q->client->cluster, q->node_id);
    q->version = b ? moldau__broker_api_version(b, q->api_key) : -1;
}

int moldau_client_api_version(moldau_client_t *c, int32_t node_id, int16_t api_key)
{
    version_query_t q = {c, node_id, api_key, -1};
    moldau__client_run_sync(c, query_version, &q);
    return q.version;
}
