/* One broker: connection state machine, ApiVersions, version choice, request queue. */
#include "net/broker.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/broker_internal.h"
#include "util/backoff.h"
#include "util/fifo.h"

static const char *const state_names[] = {"DOWN",    "CONNECTING",     "API_VERSIONS", "UP",
                                          "BACKOFF", "AUTHENTICATING", "AUTH_FAILED"};

const char *moldau__broker_state_name(moldau__broker_state_t s)
{
    return (unsigned)s < sizeof(state_names) / sizeof(state_names[0]) ? state_names[s] : "?";
}

void moldau__broker_opts_default(moldau__broker_opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->client_id = "moldau";
    o->software_name = "moldau";
    o->software_version = MOLDAU__BROKER_SOFTWARE_VERSION;
    o->api_versions_timeout_ms = 30000;
    o->reconnect_backoff_ms = 50;
    o->reconnect_backoff_max_ms = 1000;
    moldau__conn_opts_default(&o->conn);
}

/* ---- small helpers ---------------------------------------------------------------------- */

static void hold(moldau__broker_t *b) { b->refs++; }

static void broker_free(moldau__broker_t *b)
{
    moldau__brk_auth_free(b);
    free(b->host);
    free(b->client_id);
    free(b->software_name);
    free(b->software_version);
    free(b);
}

static void release(moldau__broker_t *b)
{
    if (--b->refs == 0)
        broker_free(b);
}

void moldau__brk_hold(moldau__broker_t *b) { hold(b); }
void moldau__brk_release(moldau__broker_t *b) { release(b); }

static void list_push(breq_list_t *l, breq_t *q)
{
    moldau__fifo_push(l, q, next);
    l->n++;
}

static breq_list_t list_take(breq_list_t *l)
{
    breq_list_t all = *l;
    memset(l, 0, sizeof(*l));
    return all;
}

/* Fails every request of a detached list, in order. */
static void fail_all(breq_list_t *l, moldau_err_t err)
{
    breq_t *q = l->head;
    while (q) {
        breq_t *next = q->next;
        q->cb(q->err ? q->err : err, q->version, NULL, 0, q->opaque);
        free(q);
        q = next;
    }
    memset(l, 0, sizeof(*l));
}

static void set_name(moldau__broker_t *b)
{
    const char *fmt = strchr(b->host, ':') ? "%s%s[%s]:%d" : "%s%s%s:%d";
    char id[24];
    if (b->node_id >= 0)
        snprintf(id, sizeof(id), "node %d ", (int)b->node_id);
    snprintf(b->name, sizeof(b->name), fmt, b->node_id >= 0 ? id : "bootstrap ", "", b->host,
             b->port);
}

void moldau__brk_set_state(moldau__broker_t *b, moldau__broker_state_t s, moldau_err_t err,
                           const char *reason)
{
    if (b->state == s)
        return;
    moldau__dbg(b->opts.logger, MOLDAU__DBG_BROKER, "BROKER", "%s: %s -> %s%s%s", b->name,
                moldau__broker_state_name(b->state), moldau__broker_state_name(s),
                reason && *reason ? ": " : "", reason ? reason : "");
    moldau__broker_state_t from = b->state;
    b->state = s;
    if (b->state_cb && !b->dead)
        b->state_cb(b, from, s, err, reason ? reason : "", b->opaque);
}

#define set_state moldau__brk_set_state

/* ---- the waiting queue ------------------------------------------------------------------ */

static void arm_queue_timer(moldau__broker_t *b)
{
    moldau__timer_cancel(b->r, &b->queue_timer);
    for (breq_t *q = b->waiting.head; q; q = q->next)
        moldau__timer_arm_earliest(b->r, &b->queue_timer, q->deadline);
}

static void on_queue_timer(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__broker_t *b = t->opaque;
    int64_t now = moldau__now_ms();
    breq_list_t expired = {0}, keep = {0};
    breq_list_t all = list_take(&b->waiting);
    for (breq_t *q = all.head, *next; q; q = next) {
        next = q->next;
        list_push(q->deadline > 0 && q->deadline <= now ? &expired : &keep, q);
    }
    b->waiting = keep;
    arm_queue_timer(b);
    if (expired.n)
        moldau__dbg(b->opts.logger, MOLDAU__DBG_BROKER, "BROKER",
                    "%s: %d request(s) timed out waiting for the broker (%s)", b->name,
                    expired.n, moldau__broker_state_name(b->state));
    hold(b);
    fail_all(&expired, MOLDAU_ERR__TIMED_OUT);
    release(b);
}

/* ---- sending ---------------------------------------------------------------------------- */

static void on_response(moldau_err_t err, const uint8_t *body, size_t len, void *opaque)
{
    breq_t *q = opaque;
    moldau__broker_t *b = q->b;
    const moldau_api_info_t *api = moldau_api_info(q->api_key);
    b->on_conn--;
    if (err)
        moldau__dbg(b->opts.logger, MOLDAU__DBG_PROTOCOL, "RECV",
                    "%s: %s v%d corr %d failed: %s", b->name, api ? api->name : "?", q->version,
                    q->corr, moldau_err_name(err));
    else
        moldau__dbg(b->opts.logger, MOLDAU__DBG_PROTOCOL, "RECV",
                    "%s: %s v%d corr %d response (%zu bytes)", b->name, api ? api->name : "?",
                    q->version, q->corr, len);
    hold(b);
    q->cb(err, q->version, body, len, q->opaque);
    release(b);
    free(q);
}

/* Encodes and hands one request to the connection (the broker is UP). On an error nothing
 * was sent and the request is still the caller's. */
static moldau_err_t send_now(moldau__broker_t *b, breq_t *q)
{
    int16_t v = moldau__broker_api_version(b, q->api_key);
    if (v < 0)
        return MOLDAU_ERR__UNSUPPORTED_FEATURE;
    q->version = v;
    moldau__frame_t f;
    moldau__frame_init(&f);
    size_t at = moldau_frame_begin(&f.buf);
    moldau_err_t err = moldau_request_header_write(&f.buf, q->api_key, v, 0, b->client_id);
    if (!err)
        err = q->encode(&f.buf, v, q->opaque);
    if (!err && (f.buf.failed || f.failed))
        err = MOLDAU_ERR__NO_MEMORY;
    if (!err && moldau__frame_len(&f) - at - 4 > INT32_MAX)
        err = MOLDAU_ERR__INVALID_ARG;
    if (err) {
        if ((q->flags & MOLDAU__CONN_SECRET) && f.buf.data)
            explicit_bzero(f.buf.data, f.buf.cap);
        moldau__frame_free(&f);
        return err;
    }
    moldau_buf_patch_i32(&f.buf, at, (int32_t)(moldau__frame_len(&f) - at - 4));
    q->size = moldau__frame_len(&f);
    err = moldau__conn_send_frame(b->conn, &f, q->deadline, q->flags, on_response, q, &q->corr);
    if (err)
        return err;
    b->on_conn++;
    const moldau_api_info_t *api = moldau_api_info(q->api_key);
    moldau__dbg(b->opts.logger, MOLDAU__DBG_PROTOCOL, "SEND", "%s: %s v%d corr %d (%zu bytes)",
                b->name, api ? api->name : "?", v, q->corr, q->size);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__brk_send_internal(moldau__broker_t *b, int16_t api_key,
                                       moldau__broker_encode_fn encode,
                                       moldau__broker_resp_fn cb, void *opaque,
                                       int64_t deadline_ms)
{
    if (!b->conn)
        return MOLDAU_ERR__TRANSPORT;
    breq_t *q = calloc(1, sizeof(*q));
    if (!q)
        return MOLDAU_ERR__NO_MEMORY;
    /* SaslAuthenticate carries the password (PLAIN) or a proof of it (SCRAM), or a token */
    unsigned flags = api_key == MOLDAU_API_SASL_AUTHENTICATE ? MOLDAU__CONN_SECRET : 0;
    *q = (breq_t){.b = b, .api_key = api_key, .version = -1, .corr = -1, .encode = encode,
                  .cb = cb, .opaque = opaque, .deadline = deadline_ms, .flags = flags};
    moldau_err_t err = send_now(b, q);
    if (err)
        free(q);
    return err;
}

/* The broker is UP: everything that waited goes out in order. */
static void send_waiting(moldau__broker_t *b)
{
    breq_list_t all = list_take(&b->waiting), failed = {0};
    moldau__timer_cancel(b->r, &b->queue_timer);
    for (breq_t *q = all.head, *next; q; q = next) {
        next = q->next;
        moldau_err_t err = send_now(b, q);
        if (err) {
            q->err = err;
            list_push(&failed, q);
        }
    }
    fail_all(&failed, MOLDAU_ERR__UNSUPPORTED_FEATURE);
}

moldau_err_t moldau__broker_request(moldau__broker_t *b, int16_t api_key,
                                    moldau__broker_encode_fn encode, moldau__broker_resp_fn cb,
                                    void *opaque, int64_t deadline_ms, unsigned flags)
{
    if (!moldau_api_info(api_key))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    breq_t *q = calloc(1, sizeof(*q));
    if (!q)
        return MOLDAU_ERR__NO_MEMORY;
    q->b = b;
    q->api_key = api_key;
    q->version = -1;
    q->corr = -1;
    q->encode = encode;
    q->cb = cb;
    q->opaque = opaque;
    q->deadline = deadline_ms;
    q->flags = flags;
    if (b->state == MOLDAU__BROKER_AUTH_FAILED) {
        free(q);
        return b->auth_err;
    }
    if (b->state == MOLDAU__BROKER_UP && !b->reauth) {
        moldau_err_t err = send_now(b, q);
        if (err) {
            free(q);
            if (err == MOLDAU_ERR__UNSUPPORTED_FEATURE) {
                const moldau_api_info_t *api = moldau_api_info(api_key);
                moldau__dbg(b->opts.logger, MOLDAU__DBG_PROTOCOL, "SEND",
                            "%s: %s not sent: no version in common with the broker", b->name,
                            api->name);
            }
        }
        return err;
    }
    list_push(&b->waiting, q);
    moldau__timer_arm_earliest(b->r, &b->queue_timer, deadline_ms);
    if (b->state == MOLDAU__BROKER_DOWN)
        moldau__broker_connect(b);
    return MOLDAU_ERR_NONE;
}

int moldau__broker_take_response(moldau__broker_t *b, moldau_buf_t *out)
{
    return b->conn ? moldau__conn_take_response(b->conn, out) : -1;
}

/* ---- connection life -------------------------------------------------------------------- */

static void start_connect(moldau__broker_t *b);

static void on_backoff_end(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__broker_t *b = t->opaque;
    hold(b);
    if (b->want || b->waiting.n)
        start_connect(b);
    else
        set_state(b, MOLDAU__BROKER_DOWN, MOLDAU_ERR_NONE, "");
    release(b);
}

/* The connection is gone (closed callback, or the broker gave up on it): count a failure and
 * wait before the next attempt. */
static void connection_lost(moldau__broker_t *b, moldau_err_t err, const char *reason)
{
    int tls_refused = b->conn && moldau__conn_tls_failed(b->conn);
    moldau__brk_auth_stop(b);
    if (b->conn) {
        moldau__conn_destroy(b->conn); /* closed already: in-flight requests fail TRANSPORT */
        b->conn = NULL;
    }
    b->stats.failures++;
    if (b->auth_err) { /* refused credentials: no backoff, no reconnect (see broker.h) */
        moldau__timer_cancel(b->r, &b->queue_timer);
        set_state(b, MOLDAU__BROKER_AUTH_FAILED, b->auth_err, b->auth_reason);
        breq_list_t all = list_take(&b->waiting);
        fail_all(&all, b->auth_err);
        return;
    }
    /* +-20%: brokers of a cluster that failed together do not all come back at once. */
    int64_t wait = moldau__backoff_ms(b->opts.reconnect_backoff_ms,
                                      b->opts.reconnect_backoff_max_ms, b->stats.failures, 20,
                                      &b->rng);
    int32_t delay = wait > INT32_MAX ? INT32_MAX : (int32_t)wait;
    b->stats.last_backoff_ms = delay;
    moldau__timer_arm(b->r, &b->backoff_timer, moldau__now_ms() + delay);
    /* One line when a broker goes away, not one per attempt while it stays away. */
    if (b->stats.failures == 1) /* a TLS refusal is configuration: seen at the default level */
        moldau__log(b->opts.logger, tls_refused ? MOLDAU_LOG_WARNING : MOLDAU_LOG_INFO, "BROKER",
                    "%s: %s; reconnecting in %d ms", b->name, reason, (int)delay);
    else
        moldau__dbg(b->opts.logger, MOLDAU__DBG_BROKER, "BROKER",
                    "%s: %s; reconnecting in %d ms (failure %d)", b->name, reason, (int)delay,
                    (int)b->stats.failures);
    set_state(b, MOLDAU__BROKER_BACKOFF, err, reason);
}

static void on_closed(moldau__conn_t *c, moldau_err_t err, const char *reason, void *opaque)
{
    (void)c;
    moldau__broker_t *b = opaque;
    if (b->dead)
        return; /* closed by moldau__broker_destroy: no backoff, no timer */
    hold(b);
    connection_lost(b, err, reason);
    release(b);
}

static void send_api_versions(moldau__broker_t *b);

static moldau_err_t encode_api_versions(moldau_buf_t *w, int16_t version, void *opaque)
{
    moldau__broker_t *b = opaque;
    moldau_api_versions_request_t req = {b->software_name, b->software_version};
    return moldau_api_versions_request_encode(w, version, &req);
}

/* Fails the handshake: the connection closes and the broker backs off. */
void moldau__brk_handshake_failed(moldau__broker_t *b, moldau_err_t err, const char *fmt, ...)
{
    char reason[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    moldau__log(b->opts.logger, b->auth_err ? MOLDAU_LOG_ERR : MOLDAU_LOG_WARNING, "BROKER",
                "%s: %s", b->name, reason);
    if (b->conn)
        moldau__conn_close(b->conn, err, reason); /* -> on_closed -> BACKOFF */
}

#define handshake_failed moldau__brk_handshake_failed

void moldau__brk_ready(moldau__broker_t *b)
{
    b->stats.failures = 0;
    b->want = 0;
    if (b->reauth) {
        b->reauth = 0;
    } else {
        b->stats.ups++;
        set_state(b, MOLDAU__BROKER_UP, MOLDAU_ERR_NONE, "");
    }
    if (!b->dead && b->state == MOLDAU__BROKER_UP && !b->reauth)
        send_waiting(b);
}

static void choose_versions(moldau__broker_t *b, const moldau_api_versions_response_t *resp)
{
    for (int i = 0; i < API_SLOTS; i++)
        b->versions[i] = -1;
    size_t n;
    const moldau_api_info_t *table = moldau_api_table(&n);
    for (size_t i = 0; i < n; i++) {
        const moldau_api_info_t *api = &table[i];
        const moldau_api_versions_response_api_key_t *theirs =
            moldau_api_versions_response_find(resp, api->key);
        if (api->key < 0 || api->key >= API_SLOTS || !theirs)
            continue;
        int16_t hi = theirs->max_version < api->max_version ? theirs->max_version
                                                            : api->max_version;
        int16_t lo = theirs->min_version > api->min_version ? theirs->min_version
                                                            : api->min_version;
        if (hi >= lo)
            b->versions[api->key] = hi;
        else
            moldau__dbg(b->opts.logger, MOLDAU__DBG_BROKER, "BROKER",
                        "%s: %s: broker v%d-%d, moldau v%d-%d: none in common", b->name,
                        api->name, theirs->min_version, theirs->max_version, api->min_version,
                        api->max_version);
    }
}

/* Called with a reference held. */
static void on_api_versions(moldau__broker_t *b, moldau_err_t err, int16_t version,
                            const uint8_t *body, size_t len)
{
    if (b->state != MOLDAU__BROKER_API_VERSIONS || b->dead)
        return; /* the connection died (it says why) or the broker is being destroyed */
    if (err) {
        handshake_failed(b, err, "ApiVersions v%d failed: %s", version, moldau_err_name(err));
        return;
    }
    moldau_arena_t arena;
    moldau_arena_init(&arena);
    moldau_reader_t rd;
    moldau_reader_init(&rd, body, len);
    moldau_api_versions_response_t resp;
    err = moldau_api_versions_response_decode(&rd, version, &arena, &resp);
    if (err && version > 0 && len >= 2 && body[0] == 0 && body[1] == MOLDAU_ERR_UNSUPPORTED_VERSION) {
        /* A refusal whose body does not even parse as v0 (librdkafka's mock sends such):
         * the error code is all it says, which is enough. */
        memset(&resp, 0, sizeof(resp));
        resp.error_code = MOLDAU_ERR_UNSUPPORTED_VERSION;
        err = MOLDAU_ERR_NONE;
    }
    if (err) {
        handshake_failed(b, MOLDAU_ERR__BAD_MSG,
                         "malformed ApiVersions v%d response (%zu bytes): %s", version, len,
                         moldau_err_name(err));
    } else if (resp.error_code == MOLDAU_ERR_UNSUPPORTED_VERSION && version > 0) {
        /* KIP-511: the broker lists the ApiVersions range it supports; v0 is always safe. */
        const moldau_api_versions_response_api_key_t *own =
            moldau_api_versions_response_find(&resp, MOLDAU_API_API_VERSIONS);
        int16_t next = 0;
        if (own && own->max_version >= 0 && own->max_version < version &&
            own->min_version <= own->max_version)
            next = own->max_version;
        b->stats.api_versions_fallbacks++;
        moldau__dbg(b->opts.logger, MOLDAU__DBG_BROKER, "BROKER",
                    "%s: ApiVersions v%d unsupported by the broker, asking with v%d", b->name,
                    version, next);
        b->av_version = next;
        send_api_versions(b);
    } else if (resp.error_code) {
        handshake_failed(b, (moldau_err_t)resp.error_code, "ApiVersions v%d refused: %s",
                         version, moldau_err_name((moldau_err_t)resp.error_code));
    } else {
        choose_versions(b, &resp);
        b->versions[MOLDAU_API_API_VERSIONS] = version;
        b->stats.api_versions_version = version;
        moldau_arena_free(&arena);
        if (b->opts.sasl.mechanism != MOLDAU__SASL_NONE)
            moldau__brk_auth_start(b, 0);
        else
            moldau__brk_ready(b);
        return;
    }
    moldau_arena_free(&arena);
}

static void on_api_versions_frame(moldau_err_t err, const uint8_t *body, size_t len,
                                  void *opaque)
{
    moldau__broker_t *b = opaque;
    b->on_conn--;
    moldau__dbg(b->opts.logger, MOLDAU__DBG_PROTOCOL, "RECV",
                "%s: ApiVersions v%d corr %d %s (%zu bytes)", b->name, b->av_version,
                (int)b->av_corr, err ? moldau_err_name(err) : "response", len);
    hold(b);
    on_api_versions(b, err, b->av_version, body, len);
    release(b);
}

static void send_api_versions(moldau__broker_t *b)
{
    /* Not through moldau__broker_request: the version here is chosen by the handshake. */
    moldau_buf_t w;
    moldau_buf_init(&w);
    size_t at = moldau_frame_begin(&w);
    moldau_request_header_write(&w, MOLDAU_API_API_VERSIONS, b->av_version, 0, b->client_id);
    moldau_err_t err = encode_api_versions(&w, b->av_version, b);
    moldau_frame_end(&w, at);
    if (!err && w.failed)
        err = MOLDAU_ERR__NO_MEMORY;
    size_t size = w.len;
    if (err) {
        moldau_buf_free(&w);
    } else {
        int64_t deadline = moldau__now_ms() + b->opts.api_versions_timeout_ms;
        err = moldau__conn_send(b->conn, &w, deadline, 0, on_api_versions_frame, b, &b->av_corr);
    }
    if (err) {
        handshake_failed(b, err, "cannot send ApiVersions: %s", moldau_err_name(err));
        return;
    }
    b->on_conn++;
    moldau__dbg(b->opts.logger, MOLDAU__DBG_PROTOCOL, "SEND",
                "%s: ApiVersions v%d corr %d (%zu bytes)", b->name, b->av_version,
                (int)b->av_corr, size);
}

static void on_connected(moldau__conn_t *c, void *opaque)
{
    moldau__broker_t *b = opaque;
    hold(b);
    char tls[160];
    moldau__conn_tls_describe(c, tls, sizeof(tls));
    if (tls[0])
        moldau__dbg(b->opts.logger, MOLDAU__DBG_BROKER, "BROKER", "%s: TLS: %s", b->name, tls);
    b->av_version = moldau_api_info(MOLDAU_API_API_VERSIONS)->max_version;
    set_state(b, MOLDAU__BROKER_API_VERSIONS, MOLDAU_ERR_NONE, "");
    if (!b->dead && b->state == MOLDAU__BROKER_API_VERSIONS)
        send_api_versions(b);
    release(b);
}

static void start_connect(moldau__broker_t *b)
{
    moldau__conn_cbs_t cbs = {on_connected, on_closed, b};
    b->conn = moldau__conn_new(b->r, b->host, b->port, &b->opts.conn, &cbs);
    b->stats.connects++;
    if (!b->conn) {
        connection_lost(b, MOLDAU_ERR__NO_MEMORY, "out of memory for a connection");
        return;
    }
    set_state(b, MOLDAU__BROKER_CONNECTING, MOLDAU_ERR_NONE, "");
}

void moldau__broker_connect(moldau__broker_t *b)
{ /* AUTH_FAILED: never again */
    if (b->state == MOLDAU__BROKER_DOWN)
        start_connect(b);
    else if (b->state == MOLDAU__BROKER_BACKOFF)
        b->want = 1;
}

/* ---- owner's calls ---------------------------------------------------------------------- */

moldau__broker_t *moldau__broker_new(moldau__reactor_t *r, int32_t node_id, const char *host,
                                     int port, const moldau__broker_opts_t *opts,
                                     moldau__broker_state_cb state_cb, void *opaque)
{
    moldau__broker_t *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    b->r = r;
    b->refs = 1;
    b->node_id = node_id;
    b->port = port;
    if (opts)
        b->opts = *opts;
    else
        moldau__broker_opts_default(&b->opts);
    b->host = strdup(host);
    b->client_id = b->opts.client_id ? strdup(b->opts.client_id) : NULL;
    b->software_name = strdup(b->opts.software_name ? b->opts.software_name : "moldau");
    b->software_version =
        strdup(b->opts.software_version ? b->opts.software_version
                                       : MOLDAU__BROKER_SOFTWARE_VERSION);
    if (!b->host || (b->opts.client_id && !b->client_id) || !b->software_name ||
        !b->software_version) {
        broker_free(b);
        return NULL;
    }
    /* The copies, not the caller's strings, are used from now on. */
    b->opts.client_id = b->client_id;
    b->opts.software_name = b->software_name;
    b->opts.software_version = b->software_version;
    b->state_cb = state_cb;
    b->opaque = opaque;
    b->state = MOLDAU__BROKER_DOWN;
    b->av_corr = -1;
    moldau__rng_init_unique(&b->rng);
    b->stats.api_versions_version = -1;
    for (int i = 0; i < API_SLOTS; i++)
        b->versions[i] = -1;
    moldau__timer_init(&b->backoff_timer, on_backoff_end, b);
    moldau__timer_init(&b->queue_timer, on_queue_timer, b);
    moldau__brk_auth_init(b);
    set_name(b);
    return b;
}

void moldau__broker_destroy(moldau__broker_t *b, moldau_err_t err)
{
    if (!b || b->dead)
        return;
    b->dead = 1;
    hold(b);
    moldau__timer_cancel(b->r, &b->backoff_timer);
    moldau__timer_cancel(b->r, &b->queue_timer);
    moldau__brk_auth_stop(b);
    moldau__conn_t *c = b->conn;
    b->conn = NULL;
    if (c) {
        /* conn_destroy fails what it holds with DESTROYED; a close first makes it TRANSPORT. */
        if (err != MOLDAU_ERR__DESTROYED)
            moldau__conn_close(c, err, "the broker left the cluster");
        moldau__conn_destroy(c);
    }
    breq_list_t all = list_take(&b->waiting);
    fail_all(&all, err);
    b->refs--; /* the owner's reference */
    release(b);
}

moldau_err_t moldau__broker_set_address(moldau__broker_t *b, const char *host, int port)
{
    if (!strcmp(host, b->host) && port == b->port)
        return MOLDAU_ERR_NONE;
    char *h = strdup(host);
    if (!h)
        return MOLDAU_ERR__NO_MEMORY;
    moldau__log(b->opts.logger, MOLDAU_LOG_INFO, "BROKER", "%s: moved to %s:%d", b->name, host,
                port);
    free(b->host);
    b->host = h;
    b->port = port;
    set_name(b);
    if (b->conn) {
        b->want = 1; /* reconnect to the new address after the (short) backoff */
        moldau__conn_close(b->conn, MOLDAU_ERR__TRANSPORT, "the broker's address changed");
    }
    return MOLDAU_ERR_NONE;
}

void moldau__broker_set_node_id(moldau__broker_t *b, int32_t node_id)
{
    b->node_id = node_id;
    set_name(b);
}

moldau__broker_state_t moldau__broker_state(const moldau__broker_t *b) { return b->state; }
int32_t moldau__broker_node_id(const moldau__broker_t *b) { return b->node_id; }
const char *moldau__broker_host(const moldau__broker_t *b) { return b->host; }
int moldau__broker_port(const moldau__broker_t *b) { return b->port; }
const char *moldau__broker_name(const moldau__broker_t *b) { return b->name; }

int16_t moldau__broker_api_version(const moldau__broker_t *b, int16_t api_key)
{
    return api_key >= 0 && api_key < API_SLOTS ? b->versions[api_key] : -1;
}

int moldau__broker_outstanding(const moldau__broker_t *b)
{
    return b->waiting.n + b->on_conn;
}

void moldau__broker_auth_reset(moldau__broker_t *b)
{
    if (b->state != MOLDAU__BROKER_AUTH_FAILED)
        return;
    b->auth_err = MOLDAU_ERR_NONE;
    b->auth_reason[0] = 0;
    b->stats.failures = 0;
    set_state(b, MOLDAU__BROKER_DOWN, MOLDAU_ERR_NONE, "new credentials");
}

moldau_err_t moldau__broker_auth_error(const moldau__broker_t *b, const char **reason)
{
    if (b->state != MOLDAU__BROKER_AUTH_FAILED)
        return MOLDAU_ERR_NONE;
    if (reason)
        *reason = b->auth_reason;
    return b->auth_err;
}

void moldau__broker_stats(const moldau__broker_t *b, moldau__broker_stats_t *out)
{
    *out = b->stats;
}
