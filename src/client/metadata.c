/* moldau_client_metadata(): one Metadata request through the cluster, answered to the calling
 * thread. The call state is shared by the caller and the response callback and freed by
 * whichever is last, because a caller that times out returns before the answer comes. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"

/* The result: the decoded response first, so moldau_metadata_destroy can find its arena. */
typedef struct metadata_result {
    moldau_metadata_response_t md;
    moldau_arena_t arena;
} metadata_result_t;

typedef struct metadata_call {
    moldau_client_t *client;
    atomic_int refs;   /* caller + callback */
    atomic_int done;
    moldau_err_t err;
    metadata_result_t *result;
    const char *const *topics; /* the caller's, read only while the caller waits */
    int32_t n_topics;          /* -1: all */
    int64_t deadline;
} metadata_call_t;

static void call_release(metadata_call_t *call)
{
    if (atomic_fetch_sub(&call->refs, 1) == 1) {
        if (call->result) {
            moldau_arena_free(&call->result->arena);
            free(call->result);
        }
        free(call);
    }
}

static moldau_err_t encode(moldau_buf_t *w, int16_t version, void *opaque)
{
    metadata_call_t *call = opaque;
    moldau_metadata_request_t req;
    moldau_metadata_request_init(&req);
    moldau_metadata_request_topic_t *topics = NULL;
    if (call->n_topics >= 0) {
        topics = calloc((size_t)call->n_topics + 1, sizeof(*topics));
        if (!topics)
            return MOLDAU_ERR__NO_MEMORY;
        for (int32_t i = 0; i < call->n_topics; i++)
            topics[i].name = call->topics[i];
    }
    req.topics = topics;
    req.n_topics = call->n_topics;
    req.allow_auto_topic_creation = 0;
    moldau_err_t err = moldau_metadata_request_encode(w, version, &req);
    free(topics);
    return err;
}

static void on_response(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                        void *opaque)
{
    metadata_call_t *call = opaque;
    if (!err) {
        metadata_result_t *res = calloc(1, sizeof(*res));
        if (!res) {
            err = MOLDAU_ERR__NO_MEMORY;
        } else {
            moldau_arena_init(&res->arena);
            moldau_reader_t r;
            moldau_reader_init(&r, body, len);
            err = moldau_metadata_response_decode(&r, version, &res->arena, &res->md);
            if (err) {
                moldau_arena_free(&res->arena);
                free(res);
            } else {
                call->result = res;
            }
        }
    }
    call->err = err;
    atomic_store(&call->done, 1);
    moldau__client_signal(call->client);
    call_release(call);
}

static void start(void *arg)
{
    metadata_call_t *call = arg;
    moldau_err_t err = moldau__cluster_request_any(call->client->cluster, MOLDAU_API_METADATA,
                                                   encode, on_response, call, call->deadline, 0);
    if (err) { /* the callback will not come */
        call->err = err;
        atomic_store(&call->done, 1);
        call_release(call);
    }
}

static int is_done(void *arg) { return atomic_load(&((metadata_call_t *)arg)->done); }

moldau_err_t moldau_client_metadata(moldau_client_t *c, const char *const *topics,
                                    size_t n_topics, int timeout_ms,
                                    moldau_metadata_response_t **out)
{
    *out = NULL;
    if ((n_topics && !topics) || n_topics > INT32_MAX)
        return MOLDAU_ERR__INVALID_ARG;
    metadata_call_t *call = calloc(1, sizeof(*call));
    if (!call)
        return MOLDAU_ERR__NO_MEMORY;
    call->client = c;
    atomic_init(&call->refs, 2);
    atomic_init(&call->done, 0);
    call->topics = topics;
    call->n_topics = topics ? (int32_t)n_topics : -1;
    /* the request's own deadline bounds the broker's part; the wait below bounds ours */
    int64_t request_timeout = (int64_t)moldau__conf_int(c->conf, MOLDAU__CONF_REQUEST_TIMEOUT_MS);
    call->deadline = moldau__now_ms() +
                     (timeout_ms >= 0 && timeout_ms < request_timeout ? timeout_ms
                                                                      : request_timeout);
    moldau__client_run_sync(c, start, call);
    moldau_err_t err;
    if (moldau__client_wait(c, is_done, call, timeout_ms, 0)) {
        err = call->err;
        if (!err) {
            *out = &call->result->md;
            call->result = NULL;
        }
    } else {
        err = MOLDAU_ERR__TIMED_OUT;
        call->topics = NULL; /* the caller's array is gone after we return */
    }
    call_release(call);
    return err;
}

void moldau_metadata_destroy(moldau_metadata_response_t *md)
{
    if (!md)
        return;
    metadata_result_t *res = (metadata_result_t *)md;
    moldau_arena_free(&res->arena);
    free(res);
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
