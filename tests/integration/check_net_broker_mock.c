/* The broker against librdkafka's mock cluster: the (older) versions it offers, the
 * ApiVersions fallback it forces, a broker going down and up again (reconnects with growing
 * backoff, then recovery), and a round-trip time beyond the request deadline. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_net_cluster_peers.h"
#include "moldau/protocol.h"
#include "net/broker.h"
#include "util/backoff.h"

typedef struct {
    int calls;
    moldau_err_t err;
    int16_t version;
} mresp_t;

typedef struct {
    moldau__reactor_t *r;
    moldau__broker_t *b;
    test_mock_t *mock;
    int n_backoffs, ups;
    int32_t backoffs[256];
    int32_t failures[256];
    moldau_err_t last_err;
} mh_t;

static void on_state(moldau__broker_t *b, moldau__broker_state_t from, moldau__broker_state_t s,
                     moldau_err_t err, const char *reason, void *opaque)
{
    (void)from;
    (void)reason;
    mh_t *h = opaque;
    if (s == MOLDAU__BROKER_UP)
        h->ups++;
    if (s == MOLDAU__BROKER_BACKOFF && h->n_backoffs < 256) {
        moldau__broker_stats_t st;
        moldau__broker_stats(b, &st);
        h->failures[h->n_backoffs] = st.failures;
        h->backoffs[h->n_backoffs++] = st.last_backoff_ms;
        h->last_err = err;
    }
}

static void on_resp(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                    void *opaque)
{
    (void)body, (void)len;
    mresp_t *r = opaque;
    r->calls++;
    r->err = err;
    r->version = version;
}

static moldau_err_t enc_metadata(moldau_buf_t *w, int16_t version, void *opaque)
{
    (void)opaque;
    moldau_metadata_request_t req;
    moldau_metadata_request_init(&req);
    req.n_topics = 0;
    return moldau_metadata_request_encode(w, version, &req);
}

/* Starts the mock and a broker for its node 1 (the first bootstrap address). */
static int mh_start(mh_t *h, const char *test, const moldau__broker_opts_t *o)
{
    memset(h, 0, sizeof(*h));
    if (!(h->mock = test_mock_start(test, 1)))
        return -1;
    char host[64];
    int port;
    ck_assert_int_eq(sscanf(test_mock_broker(h->mock, 1), "%63[^:]:%d", host, &port), 2);
    char err[256];
    h->r = moldau__reactor_new(err, sizeof(err));
    moldau__broker_opts_t def;
    moldau__broker_opts_default(&def);
    def.logger = peers_logger();
    h->b = moldau__broker_new(h->r, 1, host, port, o ? o : &def, on_state, h);
    return 0;
}

static void mh_finish(mh_t *h)
{
    moldau__broker_destroy(h->b, MOLDAU_ERR__DESTROYED);
    moldau__reactor_run_once(h->r, 0);
    moldau__reactor_destroy(h->r);
    test_mock_stop(h->mock);
}

static void request_ok(mh_t *h, int timeout_ms)
{
    mresp_t r = {0};
    ck_assert_int_eq(moldau__broker_request(h->b, MOLDAU_API_METADATA, enc_metadata, on_resp, &r,
                                            moldau__now_ms() + timeout_ms, 0), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h->r, r.calls == 1, timeout_ms + 5000);
    ck_assert_msg(r.err == MOLDAU_ERR_NONE, "%s", moldau_err_name(r.err));
}

START_TEST(mock_versions_and_api_versions_fallback)
{
    mh_t h;
    if (mh_start(&h, "net_broker_mock/versions", NULL) < 0)
        return;
    request_ok(&h, 10000);
    moldau__broker_stats_t st;
    moldau__broker_stats(h.b, &st);
    fprintf(stderr, "net_broker_mock: ApiVersions v%d after %d fallback(s); versions chosen with "
            "librdkafka's mock cluster:\n", st.api_versions_version, st.api_versions_fallbacks);
    size_t n;
    const moldau_api_info_t *t = moldau_api_table(&n);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "  %-18s moldau %d-%-2d -> %d\n", t[i].name, t[i].min_version,
                t[i].max_version, moldau__broker_api_version(h.b, t[i].key));
    /* The mock answers ApiVersions v3+ with error 35: one fallback, then v2 or v0. */
    ck_assert_int_eq(st.api_versions_fallbacks, 1);
    ck_assert_int_le(st.api_versions_version, 2);
    ck_assert_int_eq(st.connects, 1);
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_PRODUCE), 7);
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_FETCH), 11);
    ck_assert_int_le(moldau__broker_api_version(h.b, MOLDAU_API_METADATA), 8);
    ck_assert_int_ge(moldau__broker_api_version(h.b, MOLDAU_API_METADATA), 1);
    ck_assert_int_eq(moldau__broker_api_version(h.b, MOLDAU_API_CREATE_TOPICS), -1);
    /* Unsupported APIs are refused before anything is sent (the mock would drop the link). */
    mresp_t r = {0};
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_CREATE_TOPICS, enc_metadata, on_resp,
                                            &r, moldau__now_ms() + 1000, 0),
                     MOLDAU_ERR__UNSUPPORTED_FEATURE);
    request_ok(&h, 10000);
    ck_assert_int_eq(r.calls, 0);
    mh_finish(&h);
}
END_TEST

START_TEST(mock_broker_down_then_up)
{
    moldau__broker_opts_t o;
    moldau__broker_opts_default(&o);
    o.reconnect_backoff_ms = 20;
    o.reconnect_backoff_max_ms = 320;
    o.logger = peers_logger();
    mh_t h;
    if (mh_start(&h, "net_broker_mock/down_up", &o) < 0)
        return;
    request_ok(&h, 10000);
    ck_assert_int_eq(h.ups, 1);
    PEERS_MOCK(h.mock, "broker down 1");
    /* The mock closes the connection; then a request waits and keeps the broker trying. */
    PEERS_RUN_UNTIL(h.r, moldau__broker_state(h.b) != MOLDAU__BROKER_UP, 10000);
    mresp_t r = {0};
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_METADATA, enc_metadata, on_resp, &r,
                                            moldau__now_ms() + 60000, 0), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, h.n_backoffs >= 6, 20000);
    ck_assert_int_eq(h.ups, 1);
    /* Whatever the first close was (it may have closed the UP connection), the consecutive
     * failures count up and each wait is the doubled base +-20%. */
    for (int i = 0; i < h.n_backoffs; i++) {
        int32_t base = (int32_t)moldau__backoff_base(20, 320, h.failures[i]);
        fprintf(stderr, "net_broker_mock: failure %d: wait %d ms (base %d)\n", h.failures[i],
                h.backoffs[i], base);
        ck_assert_int_eq(h.failures[i], i + 1);
        ck_assert(h.backoffs[i] >= base - base / 5 && h.backoffs[i] <= base + base / 5);
    }
    ck_assert_int_gt(h.backoffs[5], h.backoffs[0]);
    ck_assert_int_eq(r.calls, 0);
    PEERS_MOCK(h.mock, "broker up 1");
    PEERS_RUN_UNTIL(h.r, r.calls == 1, 20000);
    ck_assert_int_eq(r.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(h.ups, 2);
    moldau__broker_stats_t st;
    moldau__broker_stats(h.b, &st);
    ck_assert_int_eq(st.failures, 0);
    ck_assert_int_ge(st.connects, 6);
    mh_finish(&h);
}
END_TEST

START_TEST(mock_rtt_beyond_deadline_recycles_connection)
{
    mh_t h;
    if (mh_start(&h, "net_broker_mock/rtt", NULL) < 0)
        return;
    request_ok(&h, 10000);
    PEERS_MOCK(h.mock, "broker rtt 1 1500");
    mresp_t r = {0};
    ck_assert_int_eq(moldau__broker_request(h.b, MOLDAU_API_METADATA, enc_metadata, on_resp, &r,
                                            moldau__now_ms() + 300, 0), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, r.calls == 1, 10000);
    ck_assert_int_eq(r.err, MOLDAU_ERR__TIMED_OUT);
    /* The connection is closed (a late answer could not be matched any more). */
    ck_assert_int_eq(h.n_backoffs, 1);
    ck_assert_int_eq(h.last_err, MOLDAU_ERR__TIMED_OUT);
    PEERS_MOCK(h.mock, "broker rtt 1 0");
    request_ok(&h, 10000);
    moldau__broker_stats_t st;
    moldau__broker_stats(h.b, &st);
    ck_assert_int_eq(st.connects, 2);
    ck_assert_int_eq(h.ups, 2);
    mh_finish(&h);
}
END_TEST

Suite *moldau_test_net_broker_mock_suite(void)
{
    Suite *s = suite_create("net_broker_mock");
    TCase *tc = tcase_create("mock");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, mock_versions_and_api_versions_fallback);
    tcase_add_test(tc, mock_broker_down_then_up);
    tcase_add_test(tc, mock_rtt_beyond_deadline_recycles_connection);
    suite_add_tcase(s, tc);
    return s;
}
