/* moldau_admin_delete_topics: DeleteTopics to the controller. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(dt, moldau_delete_topics_request_t, moldau_delete_topics_request_encode,
                      moldau_delete_topics_response_t, moldau_delete_topics_response_decode)

/* v6 moved the names into `topics` (by name or id); the encoder takes the form of its
 * version, so the request carries both. */
static moldau_err_t dt_encode_any(moldau_buf_t *w, int16_t version, const void *body)
{
    moldau_delete_topics_request_t req = *(const moldau_delete_topics_request_t *)body;
    if (version >= 6) {
        req.topic_names = NULL;
        req.n_topic_names = 0;
    } else {
        req.topics = NULL;
        req.n_topics = 0;
    }
    return dt_encode(w, version, &req);
}

static const char *name_at(const void *in, size_t i) { return ((const char *const *)in)[i]; }

static int answer(const void *body, const char *name, int16_t *code, const char **msg)
{
    const moldau_delete_topics_response_t *r = body;
    for (int32_t j = 0; j < r->n_responses; j++)
        if (r->responses[j].name && strcmp(r->responses[j].name, name) == 0) {
            *code = r->responses[j].error_code;
            *msg = r->responses[j].error_message;
            return 0;
        }
    return -1;
}

moldau_err_t moldau_admin_delete_topics(moldau_admin_t *a, const char *const *topics,
                                        size_t n_topics, int timeout_ms,
                                        moldau_admin_topic_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = moldau__admin_check_names(a, "DeleteTopics", topics, n_topics);
    if (err)
        return err;
    int timeout = moldau__admin_timeout(a, timeout_ms);

    moldau__request_t *req = moldau__request_new(a->client, MOLDAU_API_DELETE_TOPICS,
                                                 dt_encode_any, dt_decode, NULL);
    if (!req)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_arena_t *arena = moldau__request_arena(req);
    moldau_delete_topics_request_t *body = moldau_arena_calloc(arena, 1, sizeof(*body));
    moldau_delete_topics_request_topic_t *by_name =
        moldau_arena_calloc(arena, n_topics, sizeof(*by_name));
    const char **names = moldau_arena_calloc(arena, n_topics, sizeof(*names));
    if (!body || !by_name || !names) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t i = 0; i < n_topics; i++) {
        names[i] = by_name[i].name = moldau_arena_strndup(arena, topics[i], strlen(topics[i]));
        if (!names[i]) {
            moldau__request_destroy(req);
            return MOLDAU_ERR__NO_MEMORY;
        }
    }
    body->topics = by_name;
    body->n_topics = (int32_t)n_topics;
    body->topic_names = names;
    body->n_topic_names = (int32_t)n_topics;
    body->timeout_ms = timeout;
    moldau__request_set_body(req, body);
    if ((err = moldau__request_target(req, MOLDAU__TARGET_CONTROLLER, -1, NULL))) {
        moldau__request_destroy(req);
        return err;
    }
    moldau__response_t *resp;
    if ((err = moldau__request_sync(req, timeout, &resp)))
        return err;
    moldau__admin_dbg(a, "DeleteTopics: %zu topic(s) answered by node %d", n_topics,
                      (int)resp->node_id);
    return moldau__admin_topic_results(resp, topics, n_topics, name_at, answer, out);
}
