/* The request helper; see request.h. Everything below runs on the reactor's thread except
 * moldau__request_new/_arena/_set_body/_target/_destroy (the caller's, before hand-over) and
 * moldau__request_sync's waiting half. */
#include <stdlib.h>
#include <string.h>

#include "client/call.h"
#include "client/client.h"
#include "client/request.h"
#include "net/coordinator.h"
#include "util/backoff.h"

struct moldau__request {
    moldau__request_t *prev, *next; /* the client's live requests (reactor thread) */
    moldau_client_t *client;
    int16_t api_key;
    moldau__request_encode_fn encode;
    moldau__request_decode_fn decode;
    moldau__request_error_fn error;
    const void *body;
    moldau__target_t target;
    int32_t node_id;       /* NODE: the target; else the node of the latest attempt */
    const char *key;       /* GROUP, TXN: in the arena */
    int64_t deadline;
    int attempts;
    int attempt_timeout_ms; /* 0: request.timeout.ms */
    moldau__timer_t timer; /* the next attempt, or a failure reported from outside the call */
    moldau_err_t fail_err; /* set: the timer reports it */
    moldau__request_cb cb;
    void *opaque;
    moldau_arena_t arena;
};

void moldau__response_free(moldau__response_t *resp)
{
    if (!resp)
        return;
    moldau_arena_free(&resp->arena);
    free(resp);
}

moldau__request_t *moldau__request_new(moldau_client_t *c, int16_t api_key,
                                       moldau__request_encode_fn encode,
                                       moldau__request_decode_fn decode,
                                       moldau__request_error_fn error)
{
    moldau__request_t *req = calloc(1, sizeof(*req));
    if (!req)
        return NULL;
    req->client = c;
    req->api_key = api_key;
    req->encode = encode;
    req->decode = decode;
    req->error = error;
    req->target = MOLDAU__TARGET_ANY;
    req->node_id = -1;
    moldau_arena_init(&req->arena);
    return req;
}

moldau_arena_t *moldau__request_arena(moldau__request_t *req) { return &req->arena; }

void moldau__request_set_body(moldau__request_t *req, const void *body) { req->body = body; }

moldau_err_t moldau__request_target(moldau__request_t *req, moldau__target_t target,
                                    int32_t node_id, const char *key)
{
    req->target = target;
    req->node_id = node_id;
    req->key = NULL;
    if (target == MOLDAU__TARGET_GROUP || target == MOLDAU__TARGET_TXN) {
        if (!key || !(req->key = moldau_arena_strndup(&req->arena, key, strlen(key))))
            return key ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR__INVALID_ARG;
    }
    return MOLDAU_ERR_NONE;
}

void moldau__request_destroy(moldau__request_t *req)
{
    if (!req)
        return;
    moldau_arena_free(&req->arena);
    free(req);
}

/* ---- the reactor's half ------------------------------------------------------------------- */

static int is_coordinator(const moldau__request_t *req)
{
    return req->target == MOLDAU__TARGET_GROUP || req->target == MOLDAU__TARGET_TXN;
}

static int8_t key_type(const moldau__request_t *req)
{
    return req->target == MOLDAU__TARGET_TXN ? MOLDAU_COORDINATOR_KEY_TRANSACTION
                                             : MOLDAU_COORDINATOR_KEY_GROUP;
}

static void finish(moldau__request_t *req, moldau_err_t err, moldau__response_t *resp)
{
    moldau_client_t *c = req->client;
    if (req->prev)
        req->prev->next = req->next;
    else if (c->requests == req)
        c->requests = req->next;
    if (req->next)
        req->next->prev = req->prev;
    moldau__timer_cancel(c->reactor, &req->timer);
    if (resp)
        resp->attempts = req->attempts;
    req->cb(err, resp, req->opaque);
    moldau__request_destroy(req);
}

/* Another attempt after the backoff if the deadline leaves room for it; else the last answer
 * (resp, or err alone) is the result. */
static void retry_later(moldau__request_t *req, moldau_err_t err, moldau__response_t *resp)
{
    moldau_client_t *c = req->client;
    int32_t base = (int32_t)moldau__conf_int(c->conf, MOLDAU__CONF_RETRY_BACKOFF_MS);
    int32_t max = (int32_t)moldau__conf_int(c->conf, MOLDAU__CONF_RETRY_BACKOFF_MAX_MS);
    int64_t at = moldau__now_ms() + moldau__backoff_base(base, max, req->attempts);
    if (c->requests_closed) {
        moldau__response_free(resp);
        return finish(req, MOLDAU_ERR__DESTROYED, NULL);
    }
    if (at >= req->deadline)
        return finish(req, err, resp);
    moldau__dbg(&c->logger, MOLDAU__DBG_PROTOCOL, "REQUEST", "api %d: %s, retry %d in %lld ms",
                (int)req->api_key, moldau_err_name(err), req->attempts,
                (long long)(at - moldau__now_ms()));
    moldau__response_free(resp);
    if (moldau__timer_arm(c->reactor, &req->timer, at))
        finish(req, err, NULL);
}

/* Forgets where the target was, so the next attempt looks it up again: a coordinator in the
 * coordinator cache, the controller (or a node not listed yet) in the metadata. */
static void target_lost(moldau__request_t *req, int node_unknown, const char *why)
{
    moldau__cluster_t *cl = req->client->cluster;
    if (is_coordinator(req))
        moldau__cluster_coordinator_invalidate(cl, key_type(req), req->key);
    if (node_unknown || !is_coordinator(req))
        moldau__cluster_refresh_soon(cl, why);
}

static int retriable(moldau_err_t err)
{
    return err == MOLDAU_ERR_NOT_COORDINATOR || err == MOLDAU_ERR_COORDINATOR_NOT_AVAILABLE ||
           err == MOLDAU_ERR_COORDINATOR_LOAD_IN_PROGRESS || err == MOLDAU_ERR_NOT_CONTROLLER;
}

static void on_response(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                        void *opaque)
{
    moldau__request_t *req = opaque;
    if (err) {
        /* the coordinator or controller went away (or stopped answering): look again */
        if ((err == MOLDAU_ERR__TRANSPORT || err == MOLDAU_ERR__TIMED_OUT) &&
            (is_coordinator(req) || req->target == MOLDAU__TARGET_CONTROLLER)) {
            target_lost(req, 0, "a coordinator or controller connection failed");
            return retry_later(req, err, NULL);
        }
        return finish(req, err, NULL);
    }
    moldau__response_t *resp = calloc(1, sizeof(*resp));
    if (!resp)
        return finish(req, MOLDAU_ERR__NO_MEMORY, NULL);
    moldau_arena_init(&resp->arena);
    resp->version = version;
    resp->node_id = req->node_id;
    moldau_reader_t r;
    moldau_reader_init(&r, body, len);
    if ((err = req->decode(&r, version, &resp->arena, &resp->body))) {
        moldau__response_free(resp);
        return finish(req, err, NULL);
    }
    moldau_err_t rerr = req->error ? req->error(resp->body, version) : MOLDAU_ERR_NONE;
    if (!retriable(rerr))
        return finish(req, rerr, resp);
    if (rerr != MOLDAU_ERR_COORDINATOR_LOAD_IN_PROGRESS) /* only that one stays where it is */
        target_lost(req, 0, moldau_err_name(rerr));
    retry_later(req, rerr, resp);
}

static moldau_err_t encode_body(moldau_buf_t *w, int16_t version, void *opaque)
{
    moldau__request_t *req = opaque;
    return req->encode(w, version, req->body);
}

void moldau__request_set_attempt_timeout(moldau__request_t *req, int timeout_ms)
{
    req->attempt_timeout_ms = timeout_ms > 0 ? timeout_ms : 0;
}

static int64_t attempt_deadline(const moldau__request_t *req)
{
    int64_t t = moldau__now_ms() +
                (req->attempt_timeout_ms
                     ? req->attempt_timeout_ms
                     : moldau__conf_int(req->client->conf, MOLDAU__CONF_REQUEST_TIMEOUT_MS));
    return t < req->deadline ? t : req->deadline;
}

static void send_to_node(moldau__request_t *req, int32_t node_id)
{
    req->node_id = node_id;
    moldau_err_t err = moldau__cluster_request_to_node(req->client->cluster, node_id,
                                                       req->api_key, encode_body, on_response,
                                                       req, attempt_deadline(req), 0);
    if (err == MOLDAU_ERR_BROKER_NOT_AVAILABLE && req->target != MOLDAU__TARGET_NODE) {
        /* a coordinator or controller the cached metadata does not list (yet) */
        target_lost(req, 1, "the target is not a known broker");
        return retry_later(req, err, NULL);
    }
    if (err == MOLDAU_ERR_BROKER_NOT_AVAILABLE &&
        !moldau__cluster_metadata(req->client->cluster)) {
        /* a node asked for by id before any metadata came (a new client's first call): what
         * the brokers are is not known yet, so ask and look again */
        moldau__cluster_refresh_soon(req->client->cluster, "a node asked for is not known yet");
        return retry_later(req, err, NULL);
    }
    if (err)
        finish(req, err, NULL);
}

static void on_coordinator(moldau_err_t err, int32_t node_id, void *opaque)
{
    moldau__request_t *req = opaque;
    if (!err)
        return send_to_node(req, node_id);
    if (retriable(err) || err == MOLDAU_ERR__TRANSPORT)
        return retry_later(req, err, NULL);
    finish(req, err, NULL);
}

static void attempt(moldau__request_t *req)
{
    moldau_client_t *c = req->client;
    if (c->requests_closed)
        return finish(req, MOLDAU_ERR__DESTROYED, NULL);
    if (moldau__now_ms() >= req->deadline)
        return finish(req, MOLDAU_ERR__TIMED_OUT, NULL);
    req->attempts++;
    moldau_err_t err = MOLDAU_ERR_NONE;
    int32_t node;
    switch (req->target) {
    case MOLDAU__TARGET_ANY:
        err = moldau__cluster_request_any(c->cluster, req->api_key, encode_body, on_response,
                                          req, attempt_deadline(req), 0);
        break;
    case MOLDAU__TARGET_NODE:
        return send_to_node(req, req->node_id);
    case MOLDAU__TARGET_CONTROLLER:
        if ((node = moldau__cluster_controller_id(c->cluster)) < 0) {
            /* no metadata yet (or no controller in it): ask and look again */
            moldau__cluster_refresh_soon(c->cluster, "the controller is not known");
            return retry_later(req, MOLDAU_ERR__TIMED_OUT, NULL);
        }
        return send_to_node(req, node);
    case MOLDAU__TARGET_GROUP:
    case MOLDAU__TARGET_TXN:
        err = moldau__cluster_coordinator(c->cluster, key_type(req), req->key, req->deadline,
                                          on_coordinator, req, &node);
        if (!err && node >= 0)
            return send_to_node(req, node);
        break;
    }
    if (err)
        finish(req, err, NULL);
}

static void on_timer(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__request_t *req = t->opaque;
    if (req->fail_err)
        return finish(req, req->fail_err, NULL);
    attempt(req);
}

void moldau__request_async(moldau__request_t *req, int timeout_ms, moldau__request_cb cb,
                           void *opaque)
{
    moldau_client_t *c = req->client;
    req->cb = cb;
    req->opaque = opaque;
    int64_t timeout = timeout_ms >= 0
                          ? timeout_ms
                          : moldau__conf_int(c->conf, MOLDAU__CONF_REQUEST_TIMEOUT_MS);
    req->deadline = moldau__now_ms() + timeout;
    moldau__timer_init(&req->timer, on_timer, req);
    req->prev = NULL;
    req->next = c->requests;
    if (c->requests)
        c->requests->prev = req;
    c->requests = req;
    if (!req->encode || !req->decode)
        req->fail_err = MOLDAU_ERR__INVALID_ARG;
    /* the first attempt from the timer too: its failures must not call cb from in here */
    if (moldau__timer_arm(c->reactor, &req->timer, moldau__now_ms()))
        finish(req, MOLDAU_ERR__NO_MEMORY, NULL); /* the one case cb runs at once */
}

void moldau__requests_shutdown(moldau_client_t *c)
{
    c->requests_closed = 1;
    moldau__request_t *req = c->requests;
    while (req) {
        moldau__request_t *next = req->next;
        if (moldau__timer_armed(&req->timer))
            finish(req, MOLDAU_ERR__DESTROYED, NULL);
        req = next;
    }
}

/* ---- the synchronous form ------------------------------------------------------------------ */

typedef struct sync_req {
    moldau__call_t call;
    moldau__request_t *req;
    int timeout_ms;
    moldau_err_t err;
    moldau__response_t *resp;
} sync_req_t;

static void sync_free(moldau__call_t *call)
{
    sync_req_t *s = (sync_req_t *)call;
    moldau__response_free(s->resp);
    free(s);
}

static void sync_done(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    sync_req_t *s = opaque;
    s->err = err;
    s->resp = resp;
    moldau__call_complete(&s->call);
}

static void sync_start(void *arg)
{
    sync_req_t *s = arg;
    moldau__request_async(s->req, s->timeout_ms, sync_done, s);
}

moldau_err_t moldau__request_sync(moldau__request_t *req, int timeout_ms,
                                  moldau__response_t **out)
{
    *out = NULL;
    moldau_client_t *c = req->client;
    sync_req_t *s = calloc(1, sizeof(*s));
    if (!s) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    moldau__call_init(&s->call, c, sync_free);
    s->req = req;
    s->timeout_ms = timeout_ms;
    moldau__client_run_sync(c, sync_start, s);
    /* the request ends by its own deadline; the wait bounds ours (timeout -1: the request's) */
    moldau_err_t err = MOLDAU_ERR__TIMED_OUT;
    if (moldau__call_wait(&s->call, timeout_ms, 0)) {
        err = s->err;
        *out = s->resp;
        s->resp = NULL;
    }
    moldau__call_release(&s->call);
    return err;
}

/* ---- several at once ----------------------------------------------------------------------- */

typedef struct multi_req multi_req_t;
typedef struct multi_slot {
    multi_req_t *m;
    moldau_err_t err;
    moldau__response_t *resp;
} multi_slot_t;

struct multi_req {
    moldau__call_t call;
    moldau__request_t **reqs; /* handed to _async by multi_start */
    size_t n, left;           /* left: answers still to come (reactor thread) */
    int timeout_ms;
    multi_slot_t slots[];
};

static void multi_free(moldau__call_t *call)
{
    multi_req_t *m = (multi_req_t *)call;
    for (size_t i = 0; i < m->n; i++)
        moldau__response_free(m->slots[i].resp);
    free(m);
}

static void multi_done(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    multi_slot_t *slot = opaque;
    slot->err = err;
    slot->resp = resp;
    if (--slot->m->left == 0)
        moldau__call_complete(&slot->m->call);
}

static void multi_start(void *arg)
{
    multi_req_t *m = arg;
    for (size_t i = 0; i < m->n; i++)
        moldau__request_async(m->reqs[i], m->timeout_ms, multi_done, &m->slots[i]);
}

moldau_err_t moldau__request_sync_many(moldau__request_t **reqs, size_t n, int timeout_ms,
                                       moldau_err_t *errs, moldau__response_t **outs)
{
    for (size_t i = 0; i < n; i++) {
        errs[i] = MOLDAU_ERR__TIMED_OUT;
        outs[i] = NULL;
    }
    if (n == 0)
        return MOLDAU_ERR_NONE;
    multi_req_t *m = calloc(1, sizeof(*m) + n * sizeof(m->slots[0]));
    if (!m) {
        for (size_t i = 0; i < n; i++)
            moldau__request_destroy(reqs[i]);
        return MOLDAU_ERR__NO_MEMORY;
    }
    moldau_client_t *c = reqs[0]->client;
    moldau__call_init(&m->call, c, multi_free);
    m->reqs = reqs;
    m->n = m->left = n;
    m->timeout_ms = timeout_ms;
    for (size_t i = 0; i < n; i++)
        m->slots[i].m = m;
    moldau__client_run_sync(c, multi_start, m);
    moldau_err_t err = MOLDAU_ERR__TIMED_OUT;
    if (moldau__call_wait(&m->call, timeout_ms, 0)) {
        err = MOLDAU_ERR_NONE;
        for (size_t i = 0; i < n; i++) {
            errs[i] = m->slots[i].err;
            outs[i] = m->slots[i].resp;
            m->slots[i].resp = NULL;
        }
    }
    moldau__call_release(&m->call);
    return err;
}
