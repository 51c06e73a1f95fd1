/* The cluster against librdkafka's mock cluster (3 brokers): bootstrap entries become nodes,
 * a leader move shows after a refresh, a broker down does not stop requests for any broker;
 * rebootstrap against two one-broker mock clusters; throttled refreshes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_net_cluster_peers.h"
#include "moldau/protocol.h"
#include "net/cluster.h"

typedef struct {
    moldau__reactor_t *r;
    moldau__cluster_t *c;
    test_mock_t *mock;
} cm_t;

static int cm_start(cm_t *h, const char *test)
{
    memset(h, 0, sizeof(*h));
    if (!(h->mock = test_mock_start(test, 3)))
        return -1;
    char err[256];
    h->r = moldau__reactor_new(err, sizeof(err));
    moldau__cluster_opts_t o;
    moldau__cluster_opts_default(&o);
    o.bootstrap_servers = h->mock->bootstrap;
    o.reconnect_backoff_ms = 20;
    o.logger = peers_logger();
    h->c = moldau__cluster_new(h->r, &o, err, sizeof(err));
    ck_assert_msg(h->c != NULL, "%s", err);
    return 0;
}

static void cm_finish(cm_t *h)
{
    moldau__cluster_destroy(h->c);
    moldau__reactor_run_once(h->r, 0);
    moldau__reactor_destroy(h->r);
    test_mock_stop(h->mock);
}

static int32_t leader_of(cm_t *h, const char *topic, int32_t p)
{
    moldau__broker_t *b;
    if (moldau__cluster_leader(h->c, topic, p, &b, NULL) != MOLDAU_ERR_NONE)
        return -1;
    return moldau__broker_node_id(b);
}

START_TEST(mock_leader_move_shows_after_refresh)
{
    cm_t h;
    if (cm_start(&h, "net_cluster_mock/leader_move") < 0)
        return;
    PEERS_MOCK(h.mock, "topic create moved 2 3");
    ck_assert_int_eq(moldau__cluster_want_topic(h.c, "moved"), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, leader_of(&h, "moved", 0) >= 1, 10000);
    /* The three bootstrap entries became nodes 1-3, none left with a negative id. */
    moldau__broker_t **bs;
    ck_assert_int_eq(moldau__cluster_brokers(h.c, &bs), 3);
    for (int i = 0; i < 3; i++)
        ck_assert_int_ge(moldau__broker_node_id(bs[i]), 1);
    ck_assert_int_eq(moldau__cluster_topic(h.c, "moved")->n_partitions, 2);

    int32_t before = leader_of(&h, "moved", 0);
    int32_t after = before % 3 + 1;
    PEERS_MOCK(h.mock, "partition leader moved 0 %d", (int)after);
    /* As a producer would on NOT_LEADER_OR_FOLLOWER. */
    ck_assert(moldau__err_is_stale_metadata(MOLDAU_ERR_NOT_LEADER_OR_FOLLOWER));
    moldau__cluster_refresh(h.c, "NOT_LEADER_OR_FOLLOWER");
    PEERS_RUN_UNTIL(h.r, leader_of(&h, "moved", 0) == after, 10000);
    fprintf(stderr, "net_cluster_mock: moved/0 leader %d -> %d\n", (int)before, (int)after);
    ck_assert_int_ge(leader_of(&h, "moved", 1), 1);
    cm_finish(&h);
}
END_TEST

static moldau_err_t enc_metadata(moldau_buf_t *w, int16_t version, void *opaque)
{
    (void)opaque;
    moldau_metadata_request_t req;
    moldau_metadata_request_init(&req);
    req.n_topics = 0;
    return moldau_metadata_request_encode(w, version, &req);
}

typedef struct {
    int calls;
    moldau_err_t err;
} resp_t;

static void on_resp(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                    void *opaque)
{
    (void)version, (void)body, (void)len;
    resp_t *r = opaque;
    r->calls++;
    r->err = err;
}

/* With the broker it used down, requests for any broker go to another one that comes up. */
START_TEST(mock_request_any_survives_a_broker_down)
{
    cm_t h;
    if (cm_start(&h, "net_cluster_mock/any") < 0)
        return;
    PEERS_RUN_UNTIL(h.r, moldau__cluster_metadata_version(h.c) >= 1, 10000);
    moldau__broker_t *up = moldau__cluster_any_up(h.c);
    ck_assert_ptr_nonnull(up);
    int32_t id = moldau__broker_node_id(up);
    PEERS_MOCK(h.mock, "broker down %d", (int)id);
    PEERS_RUN_UNTIL(h.r, moldau__broker_state(up) != MOLDAU__BROKER_UP, 10000);
    ck_assert_ptr_null(moldau__cluster_any_up(h.c));
    resp_t r = {0};
    ck_assert_int_eq(moldau__cluster_request_any(h.c, MOLDAU_API_METADATA, enc_metadata, on_resp,
                                                 &r, moldau__now_ms() + 10000, 0),
                     MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, r.calls == 1, 15000);
    ck_assert_int_eq(r.err, MOLDAU_ERR_NONE);
    moldau__broker_t *other = moldau__cluster_any_up(h.c);
    ck_assert_ptr_nonnull(other);
    ck_assert_int_ne(moldau__broker_node_id(other), id);
    cm_finish(&h);
}
END_TEST

/* ---- rebootstrap: two one-broker mock clusters, A and B, with bootstrap.servers "A,B" ---- */

typedef struct {
    moldau__reactor_t *r;
    moldau__cluster_t *c;
    test_mock_t *a, *b;
    char bootstrap[512];
} rb_t;

static const moldau__broker_t *broker_at(moldau__cluster_t *c, const char *addr)
{
    moldau__broker_t **bs;
    int n = moldau__cluster_brokers(c, &bs);
    for (int i = 0; i < n; i++) {
        char name[300];
        snprintf(name, sizeof(name), "%s:%d", moldau__broker_host(bs[i]),
                 moldau__broker_port(bs[i]));
        if (!strcmp(name, addr))
            return bs[i];
    }
    return NULL;
}

static int n_brokers(moldau__cluster_t *c)
{
    moldau__broker_t **bs;
    return moldau__cluster_brokers(c, &bs);
}

static int64_t stat_of(moldau__cluster_t *c, int rebootstraps)
{
    moldau__cluster_stats_t st;
    moldau__cluster_stats(c, &st);
    return rebootstraps ? st.rebootstraps : st.metadata_requests;
}

static int32_t partitions_of(moldau__cluster_t *c, const char *topic)
{
    const moldau_metadata_response_topic_t *t = moldau__cluster_topic(c, topic);
    return t && !t->error_code ? t->n_partitions : -1;
}

/* Bootstraps through A (the first entry), which answers; B's entry is dropped then. The topic
 * "which" has 2 partitions on A and 3 on B, so its count tells who answered. Then A goes
 * down. */
static int rb_start(rb_t *h, const char *test, int rebootstrap)
{
    memset(h, 0, sizeof(*h));
    if (!(h->a = test_mock_start(test, 1)))
        return -1;
    if (!(h->b = test_mock_start(test, 1))) {
        test_mock_stop(h->a);
        return -1;
    }
    PEERS_MOCK(h->a, "topic create which 2 1");
    PEERS_MOCK(h->b, "topic create which 3 1");
    snprintf(h->bootstrap, sizeof(h->bootstrap), "%s,", test_mock_broker(h->a, 1));
    strcat(h->bootstrap, test_mock_broker(h->b, 1)); /* one static buffer: one call at a time */
    char err[256];
    h->r = moldau__reactor_new(err, sizeof(err));
    moldau__cluster_opts_t o;
    moldau__cluster_opts_default(&o);
    o.bootstrap_servers = h->bootstrap;
    o.reconnect_backoff_ms = 20;
    o.reconnect_backoff_max_ms = 200;
    o.request_timeout_ms = 1000;
    o.rebootstrap = rebootstrap;
    o.logger = peers_logger();
    h->c = moldau__cluster_new(h->r, &o, err, sizeof(err));
    ck_assert_msg(h->c != NULL, "%s", err);
    ck_assert_int_eq(moldau__cluster_want_topic(h->c, "which"), MOLDAU_ERR_NONE);

    PEERS_RUN_UNTIL(h->r, moldau__cluster_metadata_version(h->c) >= 1, 10000);
    ck_assert_int_eq(n_brokers(h->c), 1); /* B's bootstrap entry is gone */
    const moldau__broker_t *a = broker_at(h->c, test_mock_broker(h->a, 1));
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(moldau__broker_node_id(a), 1);
    ck_assert_int_eq(partitions_of(h->c, "which"), 2);

    PEERS_MOCK(h->a, "broker down 1");
    moldau__cluster_refresh(h->c, "test: A is down");
    return 0;
}

static void rb_finish(rb_t *h)
{
    moldau__cluster_destroy(h->c);
    moldau__reactor_run_once(h->r, 0);
    moldau__reactor_destroy(h->r);
    test_mock_stop(h->a);
    test_mock_stop(h->b);
}

/* Every broker of the last answer is down: the bootstrap entries come back, B answers, and the
 * broker set and the topics become B's. */
START_TEST(mock_rebootstrap_when_every_known_broker_is_down)
{
    rb_t h;
    if (rb_start(&h, "net_cluster_mock/rebootstrap", 1) < 0)
        return;
    PEERS_RUN_UNTIL(h.r, partitions_of(h.c, "which") == 3, 20000);
    ck_assert_int_eq(stat_of(h.c, 1), 1);
    ck_assert_int_eq(n_brokers(h.c), 1);
    const moldau__broker_t *b = broker_at(h.c, test_mock_broker(h.b, 1));
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(moldau__broker_node_id(b), 1);
    ck_assert_int_eq(moldau__broker_state(b), MOLDAU__BROKER_UP);
    rb_finish(&h);
}
END_TEST

/* metadata.recovery.strategy=none: Metadata keeps failing against A, B is never tried. */
START_TEST(mock_no_rebootstrap_with_strategy_none)
{
    rb_t h;
    if (rb_start(&h, "net_cluster_mock/no_rebootstrap", 0) < 0)
        return;
    int64_t before = stat_of(h.c, 0);
    PEERS_RUN_UNTIL(h.r, stat_of(h.c, 0) >= before + 3, 30000); /* three failed refreshes */
    ck_assert_int_eq(stat_of(h.c, 1), 0);
    ck_assert_int_eq(n_brokers(h.c), 1);
    ck_assert_ptr_null(broker_at(h.c, test_mock_broker(h.b, 1)));
    ck_assert_int_eq(partitions_of(h.c, "which"), 2);
    rb_finish(&h);
}
END_TEST

/* Every broker down, but each at an address of bootstrap.servers: rebootstrap adds nothing,
 * and the brokers are found again when they come back. */
START_TEST(mock_no_rebootstrap_when_the_set_has_every_bootstrap_address)
{
    cm_t h;
    if (cm_start(&h, "net_cluster_mock/restart") < 0)
        return;
    PEERS_RUN_UNTIL(h.r, moldau__cluster_metadata_version(h.c) >= 1, 10000);
    moldau__cluster_stats_t st;
    moldau__cluster_stats(h.c, &st);
    int64_t updates = st.metadata_updates, all_down = st.all_down;
    PEERS_MOCK(h.mock, "broker down -1");
    moldau__cluster_refresh(h.c, "test: all down");
    PEERS_RUN_UNTIL(h.r, (moldau__cluster_stats(h.c, &st), st.all_down > all_down + 2), 20000);
    ck_assert_int_eq(st.rebootstraps, 0);
    PEERS_MOCK(h.mock, "broker up -1");
    PEERS_RUN_UNTIL(h.r, (moldau__cluster_stats(h.c, &st), st.metadata_updates > updates), 40000);
    ck_assert_int_eq(st.rebootstraps, 0);
    ck_assert_int_eq(n_brokers(h.c), 3);
    cm_finish(&h);
}
END_TEST

/* moldau__cluster_refresh_soon: one ask per retry.backoff.ms (100 by default), the others
 * dropped and told when to ask again. */
START_TEST(mock_refresh_soon_is_throttled)
{
    cm_t h;
    if (cm_start(&h, "net_cluster_mock/refresh_soon") < 0)
        return;
    PEERS_RUN_UNTIL(h.r, moldau__cluster_metadata_version(h.c) >= 1, 10000);
    moldau__cluster_stats_t st;
    moldau__cluster_stats(h.c, &st);
    int64_t asked = st.refreshes_asked, now = moldau__now_ms();
    int64_t again = moldau__cluster_refresh_soon(h.c, "test");
    ck_assert_int_ge(again, now + 100);
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(moldau__cluster_refresh_soon(h.c, "test"), again);
    moldau__cluster_stats(h.c, &st);
    ck_assert_int_eq(st.refreshes_asked, asked + 1);
    PEERS_RUN_UNTIL(h.r, moldau__now_ms() >= again, 5000);
    ck_assert_int_gt(moldau__cluster_refresh_soon(h.c, "test"), again);
    moldau__cluster_stats(h.c, &st);
    ck_assert_int_eq(st.refreshes_asked, asked + 2);
    cm_finish(&h);
}
END_TEST

Suite *moldau_test_net_cluster_mock_suite(void)
{
    Suite *s = suite_create("net_cluster_mock");
    TCase *tc = tcase_create("mock");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, mock_leader_move_shows_after_refresh);
    tcase_add_test(tc, mock_refresh_soon_is_throttled);
    tcase_add_test(tc, mock_request_any_survives_a_broker_down);
    tcase_add_test(tc, mock_rebootstrap_when_every_known_broker_is_down);
    tcase_add_test(tc, mock_no_rebootstrap_with_strategy_none);
    tcase_add_test(tc, mock_no_rebootstrap_when_the_set_has_every_bootstrap_address);
    suite_add_tcase(s, tc);
    return s;
}
