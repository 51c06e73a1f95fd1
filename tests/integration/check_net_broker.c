/* The broker state machine against scripted loopback peers (badpeer) and a real Kafka broker:
 * ApiVersions and its UNSUPPORTED_VERSION fallback, the version chosen per API, unsupported
 * APIs, requests queued until UP, reconnect backoff, and every way an ApiVersions answer can
 * be broken (each ends in BACKOFF with a clear error, nothing leaks, nothing hangs). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/badpeer_test.h"
#include "check_net_cluster_peers.h"
#include "moldau/protocol.h"
#include "net/broker.h"
#include "util/backoff.h"

typedef struct {
    int calls;
    moldau_err_t err;
    int16_t version;
    size_t len;
    uint8_t body[256];
} resp_t;

typedef struct {
    moldau__reactor_t *r;
    moldau__broker_t *b;
    int n_states;
    moldau__broker_state_t states[256];
    int n_backoffs;
    int32_t backoffs[256];
    moldau_err_t last_err, first_err;
    char reason[512], first_reason[512];
    int ups;
} bh_t;

static void on_state(moldau__broker_t *b, moldau__broker_state_t from, moldau__broker_state_t s,
                     moldau_err_t err, const char *reason, void *opaque)
{
    (void)from;
    bh_t *h = opaque;
    ck_assert_int_eq(moldau__broker_state(b), s);
    if (h->n_states < 256)
        h->states[h->n_states++] = s;
    if (s == MOLDAU__BROKER_BACKOFF) {
        h->last_err = err;
        snprintf(h->reason, sizeof(h->reason), "%s", reason);
        if (h->n_backoffs == 0) {
            h->first_err = err;
            snprintf(h->first_reason, sizeof(h->first_reason), "%s", reason);
        }
        moldau__broker_stats_t st;
        moldau__broker_stats(b, &st);
        if (h->n_backoffs < 256)
            h->backoffs[h->n_backoffs++] = st.last_backoff_ms;
    }
    if (s == MOLDAU__BROKER_UP)
        h->ups++;
}

static void on_resp(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                    void *opaque)
{
    resp_t *r = opaque;
    r->calls++;
    r->err = err;
    r->version = version;
    r->len = len;
    if (body)
        memcpy(r->body, body, len < sizeof(r->body) ? len : sizeof(r->body));
}

static moldau_err_t enc_metadata_none(moldau_buf_t *w, int16_t version, void *opaque)
{
    (void)opaque;
    moldau_metadata_request_t req;
    moldau_metadata_request_init(&req);
    req.n_topics = 0; /* brokers only */
    return moldau_metadata_request_encode(w, version, &req);
}

static moldau_err_t enc_nothing(moldau_buf_t *w, int16_t version, void *opaque)
{
    (void)w, (void)version, (void)opaque;
    return MOLDAU_ERR_NONE;
}

static void bh_start(bh_t *h, const char *host, int port, const moldau__broker_opts_t *o)
{
    memset(h, 0, sizeof(*h));
    char err[256];
    h->r = moldau__reactor_new(err, sizeof(err));
    ck_assert_msg(h->r != NULL, "%s", err);
    h->b = moldau__broker_new(h->r, 1, host, port, o, on_state, h);
    ck_assert_ptr_nonnull(h->b);
    ck_assert_int_eq(moldau__broker_state(h->b), MOLDAU__BROKER_DOWN);
}

static void bh_finish(bh_t *h)
{
    moldau__broker_destroy(h->b, MOLDAU_ERR__DESTROYED);
    moldau__reactor_run_once(h->r, 0);
    moldau__reactor_destroy(h->r);
}

/* ---- ApiVersions bodies, written by hand as a broker would -------------------------------- */

typedef struct {
    int16_t key, min, max;
} range_t;

/* v0-v2 layout (v1+ adds throttle); error 35 answers always use the v0 layout. */
static void av_body_classic(moldau_buf_t *w, int16_t version, int16_t err, const range_t *k,
                            int n)
{
    moldau_buf_init(w);
    moldau_w_i16(w, err);
    moldau_w_i32(w, n);
    for (int i = 0; i < n; i++) {
        moldau_w_i16(w, k[i].key);
        moldau_w_i16(w, k[i].min);
        moldau_w_i16(w, k[i].max);
    }
    if (version >= 1)
        moldau_w_i32(w, 0);
}

/* v3+ (flexible) layout. */
static void av_body_flexible(moldau_buf_t *w, int16_t err, const range_t *k, int n)
{
    moldau_buf_init(w);
    moldau_w_i16(w, err);
    moldau_w_uvarint(w, (uint32_t)n + 1);
    for (int i = 0; i < n; i++) {
        moldau_w_i16(w, k[i].key);
        moldau_w_i16(w, k[i].min);
        moldau_w_i16(w, k[i].max);
        moldau_w_tags_none(w);
    }
    moldau_w_i32(w, 0);
    moldau_w_tags_none(w);
}

static const range_t small_broker[] = {
    {MOLDAU_API_METADATA, 0, 12}, {MOLDAU_API_API_VERSIONS, 0, 4}, {MOLDAU_API_FETCH, 0, 3}};

/* ---- tests ------------------------------------------------------------------------------- */

START_TEST(api_versions_then_request_with_chosen_version)
{
    moldau_buf_t av;
    av_body_flexible(&av, 0, small_broker, 3);
    badpeer_step_t script[] = {{BADPEER_CANNED, av.data, av.len}};
    badpeer_t *bp = badpeer_start(script, 1, BADPEER_ECHO);
    moldau_buf_free(&av);
    bh_t h;
    bh_start(&h, "127.0.0.1", badpeer_port(bp), NULL);

    /* Queued while DOWN: the request itself makes the broker connect. */
    resp_t md = {0}, produce = {0};
    int64_t deadline = moldau__now_ms() + 10000;
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_METADATA, enc_metadata_none, on_resp,
                                            &md, deadline, 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_PRODUCE, enc_nothing, on_resp,
                                            &produce, deadline, 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau__broker_state(h.b), MOLDAU__BROKER_CONNECTING);
    ck_assert_int_eq(moldau__broker_outstanding(h.b), 2);
    ck_assert_int_eq(md.calls + produce.calls, 0);
    PEERS_RUN_UNTIL(h.r, md.calls == 1, 5000);

    ck_assert_int_eq(h.ups, 1);
    ck_assert_int_eq(h.n_states, 3);
    ck_assert_int_eq(h.states[0], MOLDAU__BROKER_CONNECTING);
    ck_assert_int_eq(h.states[1], MOLDAU__BROKER_API_VERSIONS);
    ck_assert_int_eq(h.states[2], MOLDAU__BROKER_UP);
    /* ApiVersions at moldau's highest, then Metadata at the highest both know. */
    ck_assert_int_eq(badpeer_api_key(bp, 0), MOLDAU_API_API_VERSIONS);
    ck_assert_int_eq(badpeer_api_version(bp, 0), moldau_api_info(MOLDAU_API_API_VERSIONS)->max_version);
    ck_assert_int_eq(badpeer_api_key(bp, 1), MOLDAU_API_METADATA);
    ck_assert_int_eq(badpeer_api_version(bp, 1), 12);
    ck_assert_int_eq(md.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(md.version, 12);
    /* The echo is the body we sent: the Metadata v12 encoding of "no topics". */
    moldau_buf_t want;
    moldau_buf_init(&want);
    enc_metadata_none(&want, 12, NULL);
    ck_assert_uint_eq(md.len, want.len);
    ck_assert(memcmp(md.body, want.data, want.len) == 0);
    moldau_buf_free(&want);

    /* Produce is not in the broker's list: failed when UP was reached, nothing sent. */
    ck_assert_int_eq(produce.calls, 1);
    ck_assert_int_eq(produce.err, MOLDAU_ERR__UNSUPPORTED_FEATURE);
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_PRODUCE), -1);
    /* Fetch 0-3 at the broker, 4+ in moldau: nothing in common. */
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_FETCH), -1);
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_METADATA), 12);
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_API_VERSIONS), 4);
    /* Once UP, an unsupported API is refused at once, and nothing reaches the wire. */
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_FETCH, enc_nothing, on_resp,
                                            &produce, deadline, 0),
                     MOLDAU_ERR__UNSUPPORTED_FEATURE);
    ck_assert_int_eq(moldau__broker_request(h.b, 9999, enc_nothing, on_resp, &produce, deadline,
                                            0), MOLDAU_ERR__UNSUPPORTED_VERSION);
    peers_run_for(h.r, 50);
    ck_assert_int_eq(produce.calls, 1);
    ck_assert_int_eq(badpeer_requests(bp), 2);
    ck_assert_int_eq(moldau__broker_outstanding(h.b), 0);

    moldau__broker_stats_t st;
    moldau__broker_stats(h.b, &st);
    ck_assert_int_eq(st.connects, 1);
    ck_assert_int_eq(st.failures, 0);
    ck_assert_int_eq(st.api_versions_fallbacks, 0);
    bh_finish(&h);
    badpeer_stop(bp);
}
END_TEST

/* A broker that does not know the ApiVersions version asked answers 35 listing its own range
 * (KIP-511): ask again with that; one that lists nothing usable gets v0. */
START_TEST(api_versions_unsupported_version_fallback)
{
    static const range_t own_range[] = {{MOLDAU_API_API_VERSIONS, 0, 2}};
    static const range_t v2_broker[] = {{MOLDAU_API_METADATA, 0, 7},
                                        {MOLDAU_API_API_VERSIONS, 0, 2}};
    moldau_buf_t refuse, ok;
    av_body_classic(&refuse, 0, MOLDAU_ERR_UNSUPPORTED_VERSION, own_range, 1);
    av_body_classic(&ok, 2, 0, v2_broker, 2);
    badpeer_step_t script[] = {{BADPEER_CANNED, refuse.data, refuse.len},
                               {BADPEER_CANNED, ok.data, ok.len}};
    badpeer_t *bp = badpeer_start(script, 2, BADPEER_ECHO);
    moldau_buf_free(&refuse);
    moldau_buf_free(&ok);
    bh_t h;
    bh_start(&h, "127.0.0.1", badpeer_port(bp), NULL);
    moldau__broker_connect(h.b);
    PEERS_RUN_UNTIL(h.r, moldau__broker_state(h.b) == MOLDAU__BROKER_UP, 5000);
    ck_assert_int_eq(badpeer_api_version(bp, 0), 4);
    ck_assert_int_eq(badpeer_api_version(bp, 1), 2);
    ck_assert_int_eq(badpeer_connections(bp), 1); /* the same connection */
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_METADATA), 7);
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_API_VERSIONS), 2);
    moldau__broker_stats_t st;
    moldau__broker_stats(h.b, &st);
    ck_assert_int_eq(st.api_versions_fallbacks, 1);
    ck_assert_int_eq(st.api_versions_version, 2);
    bh_finish(&h);
    badpeer_stop(bp);
}
END_TEST

START_TEST(api_versions_fallback_to_v0_on_bare_error)
{
    /* As librdkafka's mock does: error 35 and a body that does not parse. */
    static const uint8_t bare[] = {0x00, 0x23, 0xff};
    static const range_t v0_broker[] = {{MOLDAU_API_METADATA, 0, 2},
                                        {MOLDAU_API_API_VERSIONS, 0, 2}};
    moldau_buf_t ok;
    av_body_classic(&ok, 0, 0, v0_broker, 2);
    badpeer_step_t script[] = {{BADPEER_CANNED, bare, sizeof(bare)},
                               {BADPEER_CANNED, ok.data, ok.len}};
    badpeer_t *bp = badpeer_start(script, 2, BADPEER_ECHO);
    moldau_buf_free(&ok);
    bh_t h;
    bh_start(&h, "127.0.0.1", badpeer_port(bp), NULL);
    moldau__broker_connect(h.b);
    PEERS_RUN_UNTIL(h.r, moldau__broker_state(h.b) == MOLDAU__BROKER_UP, 5000);
    ck_assert_int_eq(badpeer_api_version(bp, 0), 4);
    ck_assert_int_eq(badpeer_api_version(bp, 1), 0);
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_METADATA), 2);
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_API_VERSIONS), 0);
    bh_finish(&h);
    badpeer_stop(bp);
}
END_TEST

/* Every connect is refused: the waits double from reconnect.backoff.ms up to the max, each
 * within +-20% (checked on the scheduled values, not on a clock). */
START_TEST(reconnect_backoff_grows_to_max)
{
    int port = badpeer_closed_port();
    moldau__broker_opts_t o;
    moldau__broker_opts_default(&o);
    o.reconnect_backoff_ms = 10;
    o.reconnect_backoff_max_ms = 80;
    bh_t h;
    bh_start(&h, "127.0.0.1", port, &o);
    resp_t r = {0};
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_METADATA, enc_metadata_none, on_resp,
                                            &r, moldau__now_ms() + 60000, 0), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, h.n_backoffs >= 7, 10000);
    static const int base[] = {10, 20, 40, 80, 80, 80, 80};
    for (int i = 0; i < 7; i++) {
        ck_assert_int_eq(moldau__backoff_base(10, 80, i + 1), base[i]);
        ck_assert_msg(h.backoffs[i] >= base[i] - base[i] / 5 &&
                          h.backoffs[i] <= base[i] + base[i] / 5,
                      "wait %d: %d ms, want %d +-20%%", i, h.backoffs[i], base[i]);
    }
    ck_assert_int_eq(h.last_err, MOLDAU_ERR__TRANSPORT);
    ck_assert_msg(strstr(h.reason, "127.0.0.1") != NULL, "reason: %s", h.reason);
    moldau__broker_stats_t st;
    moldau__broker_stats(h.b, &st);
    ck_assert_int_ge(st.connects, 7);
    ck_assert_int_ge(st.failures, 7);
    ck_assert_int_eq(h.ups, 0);
    /* The request waited all along; destroying the broker completes it, once. */
    ck_assert_int_eq(r.calls, 0);
    moldau__broker_destroy(h.b, MOLDAU_ERR__DESTROYED);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.err, MOLDAU_ERR__DESTROYED);
    moldau__reactor_destroy(h.r);
}
END_TEST

START_TEST(queued_request_times_out_while_down)
{
    int port = badpeer_closed_port();
    bh_t h;
    bh_start(&h, "127.0.0.1", port, NULL);
    resp_t r = {0};
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_METADATA, enc_metadata_none, on_resp,
                                            &r, moldau__now_ms() + 100, 0), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, r.calls == 1, 5000);
    ck_assert_int_eq(r.err, MOLDAU_ERR__TIMED_OUT);
    ck_assert_int_eq(moldau__broker_outstanding(h.b), 0);
    /* Nothing waits any more: after its backoff the broker rests DOWN (lazy). */
    PEERS_RUN_UNTIL(h.r, moldau__broker_state(h.b) == MOLDAU__BROKER_DOWN, 5000);
    peers_run_for(h.r, 30);
    ck_assert_int_eq(r.calls, 1);
    bh_finish(&h);
}
END_TEST

/* ---- broken ApiVersions answers ---------------------------------------------------------- */

static const uint8_t http_answer[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
static const uint8_t bad_body[] = {0x00, 0x00, 0xff, 0xff, 0xff};

static const struct bad_case {
    const char *name;
    badpeer_step_t step;
    moldau_err_t want;
    const char *reason_has;
} bad_cases[] = {
    {"garbage (not Kafka)", {BADPEER_RAW, http_answer, sizeof(http_answer) - 1},
     MOLDAU_ERR__BAD_MSG, "size"},
    {"malformed body", {BADPEER_CANNED, bad_body, sizeof(bad_body)}, MOLDAU_ERR__BAD_MSG,
     "malformed ApiVersions"},
    {"truncated", {BADPEER_TRUNCATE, NULL, 0}, MOLDAU_ERR__TRANSPORT, "middle of a response"},
    {"wrong correlation id", {BADPEER_WRONG_CORR, NULL, 0}, MOLDAU_ERR__BAD_MSG,
     "correlation id"},
    {"oversized length", {BADPEER_OVERSIZE, NULL, 0}, MOLDAU_ERR__BAD_MSG, "size"},
    {"close mid-response", {BADPEER_CLOSE_MID, NULL, 0}, MOLDAU_ERR__TRANSPORT, "closed"},
    {"close", {BADPEER_CLOSE, NULL, 0}, MOLDAU_ERR__TRANSPORT, "closed"},
    {"silent", {BADPEER_SILENT, NULL, 0}, MOLDAU_ERR__TIMED_OUT, ""},
};

START_TEST(broken_api_versions_answers)
{
    const struct bad_case *bc = &bad_cases[_i];
    badpeer_t *bp = badpeer_start(&bc->step, 1, bc->step.action);
    moldau__broker_opts_t o;
    moldau__broker_opts_default(&o);
    o.api_versions_timeout_ms = 200;
    o.reconnect_backoff_ms = 20;
    bh_t h;
    bh_start(&h, "127.0.0.1", badpeer_port(bp), &o);
    resp_t r = {0};
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_METADATA, enc_metadata_none, on_resp,
                                            &r, moldau__now_ms() + 60000, 0), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, h.n_backoffs >= 2, 10000);
    /* The script's step answers the first connection only (later ones get no data). */
    fprintf(stderr, "net_broker: %-22s -> %s: %s\n", bc->name, moldau_err_name(h.first_err),
            h.first_reason);
    ck_assert_msg(h.first_err == bc->want, "%s: %s (%s)", bc->name,
                  moldau_err_name(h.first_err), h.first_reason);
    ck_assert_msg(strstr(h.first_reason, bc->reason_has) != NULL, "%s: reason %s", bc->name,
                  h.first_reason);
    ck_assert_int_eq(h.ups, 0);
    ck_assert_int_eq(h.states[0], MOLDAU__BROKER_CONNECTING);
    ck_assert_int_eq(h.states[1], MOLDAU__BROKER_API_VERSIONS);
    ck_assert_int_eq(h.states[2], MOLDAU__BROKER_BACKOFF);
    ck_assert_int_ge(badpeer_connections(bp), 2); /* it came back for the waiting request */
    /* The request never reached the broker: it waits, then fails once when destroyed. */
    ck_assert_int_eq(r.calls, 0);
    for (int i = 0; i < badpeer_requests(bp); i++)
        ck_assert_int_eq(badpeer_api_key(bp, i), MOLDAU_API_API_VERSIONS);
    moldau__broker_destroy(h.b, MOLDAU_ERR__DESTROYED);
    ck_assert_int_eq(r.calls, 1);
    ck_assert_int_eq(r.err, MOLDAU_ERR__DESTROYED);
    moldau__reactor_destroy(h.r);
    badpeer_stop(bp);
}
END_TEST

/* An in-flight request when the connection dies fails once with a transport error; the
 * broker backs off and comes back for what waits. */
START_TEST(in_flight_request_fails_once_on_close)
{
    moldau_buf_t av;
    av_body_flexible(&av, 0, small_broker, 3);
    moldau_buf_t av2;
    av_body_flexible(&av2, 0, small_broker, 3);
    badpeer_step_t script[] = {{BADPEER_CANNED, av.data, av.len},
                               {BADPEER_CLOSE, NULL, 0},
                               {BADPEER_CANNED, av2.data, av2.len}};
    badpeer_t *bp = badpeer_start(script, 3, BADPEER_ECHO);
    moldau_buf_free(&av);
    moldau_buf_free(&av2);
    bh_t h;
    bh_start(&h, "127.0.0.1", badpeer_port(bp), NULL);
    resp_t r1 = {0}, r2 = {0};
    int64_t deadline = moldau__now_ms() + 10000;
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_METADATA, enc_metadata_none, on_resp,
                                            &r1, deadline, 0), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, r1.calls == 1, 5000);
    ck_assert_int_eq(r1.err, MOLDAU_ERR__TRANSPORT);
    ck_assert_int_eq(moldau__broker_state(h.b), MOLDAU__BROKER_BACKOFF);
    ck_assert_int_eq(h.last_err, MOLDAU_ERR__TRANSPORT);
    /* A new request waits out the backoff, reconnects, and succeeds. */
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_METADATA, enc_metadata_none, on_resp,
                                            &r2, deadline, 0), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, r2.calls == 1, 5000);
    ck_assert_int_eq(r2.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(h.ups, 2);
    ck_assert_int_eq(r1.calls, 1);
    moldau__broker_stats_t st;
    moldau__broker_stats(h.b, &st);
    ck_assert_int_eq(st.failures, 0); /* reset by the second ApiVersions */
    ck_assert_int_eq(st.connects, 2);
    bh_finish(&h);
    badpeer_stop(bp);
}
END_TEST

/* A broker leaving the cluster with requests in flight and waiting: each fails once with the
 * error given, and nothing of the broker stays armed in the reactor. */
START_TEST(destroy_with_requests_in_flight)
{
    moldau_buf_t av;
    av_body_flexible(&av, 0, small_broker, 3);
    badpeer_step_t script[] = {{BADPEER_CANNED, av.data, av.len}};
    badpeer_t *bp = badpeer_start(script, 1, BADPEER_SILENT);
    moldau_buf_free(&av);
    bh_t h;
    bh_start(&h, "127.0.0.1", badpeer_port(bp), NULL);
    resp_t r[3] = {{0}};
    int64_t deadline = moldau__now_ms() + 10000;
    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_METADATA, enc_metadata_none,
                                                on_resp, &r[i], deadline, 0), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, badpeer_requests(bp) == 3, 5000);
    ck_assert_int_eq(moldau__broker_outstanding(h.b), 2);
    moldau__broker_destroy(h.b, MOLDAU_ERR__TRANSPORT);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(r[i].calls, 1);
        ck_assert_int_eq(r[i].err, MOLDAU_ERR__TRANSPORT);
    }
    ck_assert_int_eq(h.n_backoffs, 0); /* no state callback once destroyed */
    peers_run_for(h.r, 100);               /* nothing left armed that would fire */
    ck_assert_int_eq(r[0].calls + r[1].calls, 2);
    moldau__reactor_destroy(h.r);
    badpeer_stop(bp);
}
END_TEST

/* ---- a real Kafka broker ----------------------------------------------------------------- */

static void first_address(const char *list, char *host, size_t n, int *port)
{
    const char *comma = strchr(list, ',');
    size_t len = comma ? (size_t)(comma - list) : strlen(list);
    const char *colon = memrchr(list, ':', len);
    ck_assert_ptr_nonnull(colon);
    snprintf(host, n, "%.*s", (int)(colon - list), list);
    *port = atoi(colon + 1);
}

START_TEST(kafka_versions)
{
    TEST_NEED_KAFKA(bootstrap);
    char host[256];
    int port;
    first_address(bootstrap, host, sizeof(host), &port);
    bh_t h;
    bh_start(&h, host, port, NULL);
    resp_t md = {0};
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_METADATA, enc_metadata_none, on_resp,
                                            &md, moldau__now_ms() + 30000, 0), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, md.calls == 1, 30000);
    ck_assert_int_eq(md.err, MOLDAU_ERR_NONE);
    const char *kv = getenv("MOLDAU_KAFKA_VERSION");
    fprintf(stderr, "net_broker: versions chosen with Kafka %s:\n", kv ? kv : "?");
    size_t n;
    const moldau_api_info_t *t = moldau_api_table(&n);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "  %-18s moldau %d-%-2d -> %d\n", t[i].name, t[i].min_version,
                t[i].max_version, moldau__broker_api_version(h.b, t[i].key));
    moldau__broker_stats_t st;
    moldau__broker_stats(h.b, &st);
    ck_assert_int_eq(st.api_versions_fallbacks, 0);
    ck_assert_int_ge(moldau__broker_api_version(h.b, MOLDAU_API_API_VERSIONS), 3);
    /* Kafka 4.x (4.3 and later): Metadata 13, Produce 13 (topic ids); 3.9: 12 and 11 */
    int k4 = kv && atoi(kv) >= 4;
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_METADATA), k4 ? 13 : 12);
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_PRODUCE), k4 ? 13 : 11);
    ck_assert_int_ge(moldau__broker_api_version(h.b, MOLDAU_API_FETCH), 16);
    ck_assert_int_ge(moldau__broker_api_version(h.b, MOLDAU_API_LIST_OFFSETS), 8);
    ck_assert_int_ge(moldau__broker_api_version(h.b, MOLDAU_API_JOIN_GROUP), 9);
    /* The answer decodes at the version it was sent with. */
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_reader_t rd;
    moldau_reader_init(&rd, md.body, md.len);
    moldau_metadata_response_t resp;
    ck_assert(md.len < sizeof(md.body));
    ck_assert_int_eq(moldau_metadata_response_decode(&rd, md.version, &a, &resp),
                     MOLDAU_ERR_NONE);
    ck_assert_int_ge(resp.n_brokers, 1);
    ck_assert_int_eq(resp.brokers[0].port, port);
    ck_assert_ptr_nonnull(resp.cluster_id);
    moldau_arena_free(&a);
    bh_finish(&h);
}
END_TEST

Suite *moldau_test_net_broker_suite(void)
{
    Suite *s = suite_create("net_broker");
    TCase *tc = tcase_create("badpeer");
    tcase_add_test(tc, api_versions_then_request_with_chosen_version);
    tcase_add_test(tc, api_versions_unsupported_version_fallback);
    tcase_add_test(tc, api_versions_fallback_to_v0_on_bare_error);
    tcase_add_test(tc, reconnect_backoff_grows_to_max);
    tcase_add_test(tc, queued_request_times_out_while_down);
    tcase_add_loop_test(tc, broken_api_versions_answers, 0,
                        (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
    tcase_add_test(tc, in_flight_request_fails_once_on_close);
    tcase_add_test(tc, destroy_with_requests_in_flight);
    suite_add_tcase(s, tc);
    TCase *tk = tcase_create("kafka");
    tcase_add_test(tk, kafka_versions);
    suite_add_tcase(s, tk);
    return s;
}
