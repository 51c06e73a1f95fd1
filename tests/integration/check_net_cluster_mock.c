/* The cluster against librdkafka's mock cluster (3 brokers): bootstrap entries become nodes,
 * a leader move shows after a refresh, a broker down does not stop requests for any broker. */
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

Suite *moldau_test_net_cluster_mock_suite(void)
{
    Suite *s = suite_create("net_cluster_mock");
    TCase *tc = tcase_create("mock");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, mock_leader_move_shows_after_refresh);
    tcase_add_test(tc, mock_request_any_survives_a_broker_down);
    suite_add_tcase(s, tc);
    return s;
}
