/* The cluster against a real Kafka broker: bootstrap past dead entries (IPv6 form included),
 * metadata of an existing and of an unknown topic, coalesced refreshes, listeners, routing.
 * Plus what needs no broker: bootstrap.servers parsing, the metadata cache's epoch guard. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../support/badpeer_test.h"
#include "check_net_cluster_peers.h"
#include "moldau/protocol.h"
#include "net/addr.h"
#include "net/cluster.h"
#include "net/metadata.h"

/* ---- no broker needed -------------------------------------------------------------------- */

START_TEST(parse_bootstrap_entries)
{
    char host[64];
    int port;
    struct {
        const char *in;
        int ok;
        const char *host;
        int port;
    } cases[] = {
        {"broker1:9093", 1, "broker1", 9093},
        {"  10.0.0.1:1  ", 1, "10.0.0.1", 1},
        {"kafka", 1, "kafka", 9092},
        {"[::1]:9094", 1, "::1", 9094},
        {"[fe80::1%eth0]", 1, "fe80::1%eth0", 9092},
        {"::1:9092", 0, NULL, 0},
        {"host:", 0, NULL, 0},
        {"host:65536", 0, NULL, 0},
        {"host:0", 0, NULL, 0},
        {"host:12a", 0, NULL, 0},
        {"[::1", 0, NULL, 0},
        {"[::1]x", 0, NULL, 0},
        {":9092", 0, NULL, 0},
        {"", 0, NULL, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc = moldau__addr_parse(cases[i].in, strlen(cases[i].in), host, sizeof(host), &port);
        ck_assert_msg((rc == 0) == cases[i].ok, "%s: rc %d", cases[i].in, rc);
        if (cases[i].ok) {
            ck_assert_str_eq(host, cases[i].host);
            ck_assert_int_eq(port, cases[i].port);
        }
    }
}
END_TEST

START_TEST(bad_bootstrap_is_refused)
{
    char err[256];
    moldau__reactor_t *r = moldau__reactor_new(err, sizeof(err));
    moldau__cluster_opts_t o;
    moldau__cluster_opts_default(&o);
    o.bootstrap_servers = "good:1,::1:9092";
    ck_assert_ptr_null(moldau__cluster_new(r, &o, err, sizeof(err)));
    ck_assert_msg(strstr(err, "bootstrap.servers") && strstr(err, "::1:9092"), "%s", err);
    o.bootstrap_servers = " , ";
    ck_assert_ptr_null(moldau__cluster_new(r, &o, err, sizeof(err)));
    ck_assert_msg(strstr(err, "no broker"), "%s", err);
    o.bootstrap_servers = "a:1, b:2,[::1]:3";
    moldau__cluster_t *c = moldau__cluster_new(r, &o, err, sizeof(err));
    ck_assert_ptr_nonnull(c);
    moldau__broker_t **bs;
    ck_assert_int_eq(moldau__cluster_brokers(c, &bs), 3);
    ck_assert_int_eq(moldau__broker_node_id(bs[0]), -1);
    ck_assert_str_eq(moldau__broker_host(bs[1]), "b");
    ck_assert_str_eq(moldau__broker_host(bs[2]), "::1");
    ck_assert_int_eq(moldau__broker_port(bs[2]), 3);
    ck_assert_ptr_null(moldau__cluster_metadata(c));
    moldau__cluster_destroy(c);
    moldau__reactor_destroy(r);
}
END_TEST

START_TEST(stale_metadata_errors)
{
    ck_assert(moldau__err_is_stale_metadata(MOLDAU_ERR_NOT_LEADER_OR_FOLLOWER));
    ck_assert(moldau__err_is_stale_metadata(MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION));
    ck_assert(moldau__err_is_stale_metadata(MOLDAU_ERR_LEADER_NOT_AVAILABLE));
    ck_assert(moldau__err_is_stale_metadata(MOLDAU_ERR_FENCED_LEADER_EPOCH));
    ck_assert(!moldau__err_is_stale_metadata(MOLDAU_ERR_NONE));
    ck_assert(!moldau__err_is_stale_metadata(MOLDAU_ERR_OFFSET_OUT_OF_RANGE));
    ck_assert(!moldau__err_is_stale_metadata(MOLDAU_ERR_NOT_COORDINATOR));
    ck_assert(!moldau__err_is_stale_metadata(MOLDAU_ERR__TIMED_OUT));
}
END_TEST

/* One answer built by hand: topic "t" with partitions (given in reverse order) whose leader
 * and epoch are `leader`/`epoch`, plus topic "a". Everything lives in arena a. */
static void fake_answer(moldau_arena_t *a, moldau_metadata_response_t *md, int32_t leader,
                        int32_t epoch)
{
    memset(md, 0, sizeof(*md));
    md->controller_id = 1;
    md->n_topics = 2;
    md->topics = moldau_arena_calloc(a, 2, sizeof(*md->topics));
    md->topics[0].name = moldau_arena_strndup(a, "t", 1);
    md->topics[1].name = moldau_arena_strndup(a, "a", 1);
    moldau_metadata_response_topic_t *t = &md->topics[0];
    t->n_partitions = 3;
    t->partitions = moldau_arena_calloc(a, 3, sizeof(*t->partitions));
    for (int i = 0; i < 3; i++) {
        moldau_metadata_response_partition_t *p = &t->partitions[i];
        p->partition_index = 2 - i;
        p->leader_id = leader;
        p->leader_epoch = epoch;
        p->n_replica_nodes = 1;
        p->replica_nodes = moldau_arena_calloc(a, 1, sizeof(int32_t));
        p->replica_nodes[0] = leader;
    }
}

START_TEST(cache_sorts_and_ignores_older_epochs)
{
    moldau__mdcache_t m;
    moldau__mdcache_init(&m);
    moldau_arena_t a;
    moldau_metadata_response_t md;
    moldau_arena_init(&a);
    fake_answer(&a, &md, 1, 5);
    ck_assert_int_eq(moldau__mdcache_replace(&m, &a, &md), 0);
    ck_assert_ptr_null(a.head); /* taken over */
    ck_assert_str_eq(m.md.topics[0].name, "a");
    const moldau_metadata_response_topic_t *t = moldau__md_topic(&m.md, "t");
    ck_assert_ptr_nonnull(t);
    ck_assert_ptr_null(moldau__md_topic(&m.md, "u"));
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(t->partitions[i].partition_index, i);
    ck_assert_int_eq(moldau__md_partition(t, 2)->leader_id, 1);
    ck_assert_ptr_null(moldau__md_partition(t, 3));

    /* A stale broker answers with leader 2 at epoch 4: ignored, the cached state stays. */
    moldau_arena_init(&a);
    fake_answer(&a, &md, 2, 4);
    ck_assert_int_eq(moldau__mdcache_replace(&m, &a, &md), 3);
    t = moldau__md_topic(&m.md, "t");
    ck_assert_int_eq(moldau__md_partition(t, 0)->leader_id, 1);
    ck_assert_int_eq(moldau__md_partition(t, 0)->leader_epoch, 5);
    ck_assert_int_eq(moldau__md_partition(t, 0)->replica_nodes[0], 1);

    /* A newer epoch (and an answer without epochs) are taken. */
    moldau_arena_init(&a);
    fake_answer(&a, &md, 3, 6);
    ck_assert_int_eq(moldau__mdcache_replace(&m, &a, &md), 0);
    ck_assert_int_eq(moldau__md_partition(moldau__md_topic(&m.md, "t"), 1)->leader_id, 3);
    moldau_arena_init(&a);
    fake_answer(&a, &md, 2, -1);
    ck_assert_int_eq(moldau__mdcache_replace(&m, &a, &md), 0);
    ck_assert_int_eq(moldau__md_partition(moldau__md_topic(&m.md, "t"), 1)->leader_id, 2);

    /* "t" deleted and created again (a new topic id): its epochs start afresh, lower than the
     * old topic's, and are taken all the same. */
    moldau_arena_init(&a);
    fake_answer(&a, &md, 1, 9);
    ck_assert_int_eq(moldau__mdcache_replace(&m, &a, &md), 0);
    moldau_arena_init(&a);
    fake_answer(&a, &md, 3, 0);
    for (int32_t i = 0; i < md.n_topics; i++)
        if (!strcmp(md.topics[i].name, "t"))
            md.topics[i].topic_id.b[15] = 7;
    ck_assert_int_eq(moldau__mdcache_replace(&m, &a, &md), 0);
    ck_assert_int_eq(moldau__md_partition(moldau__md_topic(&m.md, "t"), 0)->leader_id, 3);
    ck_assert_int_eq(moldau__md_partition(moldau__md_topic(&m.md, "t"), 0)->leader_epoch, 0);
    moldau__mdcache_free(&m);
}
END_TEST

/* ---- a real Kafka broker ----------------------------------------------------------------- */

typedef struct {
    moldau__cluster_listener_t l;
    int calls;
} count_listener_t;

static void count_update(moldau__cluster_t *c, void *opaque)
{
    count_listener_t *cl = opaque;
    ck_assert_ptr_nonnull(moldau__cluster_metadata(c));
    cl->calls++;
}

typedef struct {
    moldau__reactor_t *r;
    moldau__cluster_t *c;
    count_listener_t cl;
} ch_t;

static void ch_start(ch_t *h, const char *bootstrap, int auto_create)
{
    memset(h, 0, sizeof(*h));
    char err[256];
    h->r = moldau__reactor_new(err, sizeof(err));
    ck_assert_msg(h->r != NULL, "%s", err);
    moldau__cluster_opts_t o;
    moldau__cluster_opts_default(&o);
    o.bootstrap_servers = bootstrap;
    o.allow_auto_create_topics = auto_create;
    o.reconnect_backoff_ms = 20;
    o.logger = peers_logger();
    h->c = moldau__cluster_new(h->r, &o, err, sizeof(err));
    ck_assert_msg(h->c != NULL, "%s", err);
    h->cl.l.fn = count_update;
    h->cl.l.opaque = &h->cl;
    moldau__cluster_listen(h->c, &h->cl.l);
}

static void ch_finish(ch_t *h)
{
    moldau__cluster_unlisten(h->c, &h->cl.l);
    moldau__cluster_destroy(h->c);
    moldau__reactor_run_once(h->r, 0);
    moldau__reactor_destroy(h->r);
}

static void unique_topic(char *buf, size_t n, const char *what)
{
    snprintf(buf, n, "moldau-net-cluster-%s-%d-%lld", what, (int)getpid(),
             (long long)moldau__now_ms());
}

START_TEST(kafka_bootstrap_past_dead_entries)
{
    TEST_NEED_KAFKA(kafka);
    /* Kafka listens on 127.0.0.1 only: its port on ::1 is refused, as is a closed port. */
    const char *colon = strrchr(kafka, ':');
    int kport = atoi(colon + 1);
    char list[512];
    snprintf(list, sizeof(list), "[::1]:%d, 127.0.0.1:%d,%s", kport, badpeer_closed_port(),
             kafka);
    ch_t h;
    ch_start(&h, list, 1);
    PEERS_RUN_UNTIL(h.r, moldau__cluster_metadata_version(h.c) >= 1, 30000);
    ck_assert_int_eq(h.cl.calls, 1);
    const moldau_metadata_response_t *md = moldau__cluster_metadata(h.c);
    ck_assert_int_ge(md->n_brokers, 1);
    ck_assert_ptr_nonnull(moldau__cluster_id(h.c));
    ck_assert_int_ge(moldau__cluster_controller_id(h.c), 0);
    /* The bootstrap entries are gone; the live one became its node, connection kept. */
    moldau__broker_t **bs;
    int n = moldau__cluster_brokers(h.c, &bs);
    ck_assert_int_eq(n, md->n_brokers);
    for (int i = 0; i < n; i++)
        ck_assert_int_ge(moldau__broker_node_id(bs[i]), 0);
    moldau__broker_t *up = moldau__cluster_any_up(h.c);
    ck_assert_ptr_nonnull(up);
    moldau__broker_stats_t st;
    moldau__broker_stats(up, &st);
    ck_assert_int_eq(st.connects, 1);
    ck_assert_ptr_eq(moldau__cluster_broker(h.c, moldau__broker_node_id(up)), up);
    fprintf(stderr, "net_cluster: bootstrapped from \"%s\": cluster %s, %s\n", list,
            moldau__cluster_id(h.c), moldau__broker_name(up));
    ch_finish(&h);
}
END_TEST

/* Bootstrap by another name than the advertised one: the bootstrap connection, which carried
 * the Metadata answer, is dropped from inside that answer's callback; node 1 takes over. */
START_TEST(kafka_bootstrap_by_another_name)
{
    TEST_NEED_KAFKA(kafka);
    const char *colon = strrchr(kafka, ':');
    char list[128];
    snprintf(list, sizeof(list), "localhost:%d", atoi(colon + 1));
    ch_t h;
    ch_start(&h, list, 1);
    PEERS_RUN_UNTIL(h.r, moldau__cluster_metadata_version(h.c) >= 1, 30000);
    moldau__broker_t **bs;
    int n = moldau__cluster_brokers(h.c, &bs);
    ck_assert_int_ge(n, 1);
    for (int i = 0; i < n; i++) {
        ck_assert_int_ge(moldau__broker_node_id(bs[i]), 0);
        ck_assert_str_ne(moldau__broker_host(bs[i]), "localhost");
    }
    ck_assert_ptr_null(moldau__cluster_any_up(h.c)); /* the new node is not connected yet */
    int64_t v = moldau__cluster_metadata_version(h.c);
    moldau__cluster_refresh(h.c, "test");
    PEERS_RUN_UNTIL(h.r, moldau__cluster_metadata_version(h.c) > v, 30000);
    ck_assert_ptr_nonnull(moldau__cluster_any_up(h.c));
    ch_finish(&h);
}
END_TEST

START_TEST(kafka_metadata_of_created_topic)
{
    TEST_NEED_KAFKA(kafka);
    ch_t h;
    ch_start(&h, kafka, 1);
    char topic[128];
    unique_topic(topic, sizeof(topic), "auto");
    ck_assert_int_eq(moldau__cluster_want_topic(h.c, topic), MOLDAU_ERR_NONE);
    moldau__broker_t *leader = NULL;
    int32_t epoch = -2;
    /* Auto-creation answers LEADER_NOT_AVAILABLE first; the cluster looks again soon. */
    PEERS_RUN_UNTIL(h.r, moldau__cluster_leader(h.c, topic, 0, &leader, &epoch) ==
                             MOLDAU_ERR_NONE, 30000);
    const moldau_metadata_response_topic_t *t = moldau__cluster_topic(h.c, topic);
    ck_assert_int_eq(t->error_code, 0);
    ck_assert_int_ge(t->n_partitions, 1);
    static const moldau_uuid_t zero;
    ck_assert(memcmp(&t->topic_id, &zero, sizeof(zero)) != 0);
    ck_assert_int_ge(epoch, 0);
    const moldau_metadata_response_partition_t *p = &t->partitions[0];
    ck_assert_int_eq(p->leader_id, moldau__broker_node_id(leader));
    ck_assert_int_ge(p->n_replica_nodes, 1);
    ck_assert_int_ge(p->n_isr_nodes, 1);
    ck_assert_int_eq(p->n_offline_replicas, 0);
    ck_assert_int_eq(moldau__cluster_leader(h.c, topic, t->n_partitions, &leader, NULL),
                     MOLDAU_ERR__UNKNOWN_PARTITION);
    ck_assert_int_eq(moldau__cluster_leader(h.c, "not-wanted", 0, &leader, NULL),
                     MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    fprintf(stderr, "net_cluster: %s: %d partition(s), leader %d epoch %d\n", topic,
            (int)t->n_partitions, (int)p->leader_id, (int)epoch);
    ch_finish(&h);
}
END_TEST

START_TEST(kafka_unknown_topic_without_auto_create)
{
    TEST_NEED_KAFKA(kafka);
    ch_t h;
    ch_start(&h, kafka, 0);
    char topic[128];
    unique_topic(topic, sizeof(topic), "unknown");
    ck_assert_int_eq(moldau__cluster_want_topic(h.c, topic), MOLDAU_ERR_NONE);
    PEERS_RUN_UNTIL(h.r, moldau__cluster_topic(h.c, topic) != NULL, 30000);
    const moldau_metadata_response_topic_t *t = moldau__cluster_topic(h.c, topic);
    ck_assert_int_eq(t->error_code, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    moldau__broker_t *leader;
    ck_assert_int_eq(moldau__cluster_leader(h.c, topic, 0, &leader, NULL),
                     MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    /* Asking again does not create it either. */
    int64_t v = moldau__cluster_metadata_version(h.c);
    moldau__cluster_refresh(h.c, "test");
    PEERS_RUN_UNTIL(h.r, moldau__cluster_metadata_version(h.c) > v, 30000);
    ck_assert_int_eq(moldau__cluster_topic(h.c, topic)->error_code,
                     MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ch_finish(&h);
}
END_TEST

/* Refreshes asked together make one request; asked while one is in flight, one more after. */
START_TEST(kafka_refreshes_coalesce)
{
    TEST_NEED_KAFKA(kafka);
    ch_t h;
    ch_start(&h, kafka, 1);
    moldau__cluster_refresh(h.c, "again"); /* before the bootstrap one has even started */
    PEERS_RUN_UNTIL(h.r, moldau__cluster_metadata_version(h.c) >= 1, 30000);
    peers_run_for(h.r, 50);
    moldau__cluster_stats_t s0, s1;
    moldau__cluster_stats(h.c, &s0);
    ck_assert_int_eq(s0.metadata_requests, 1);
    ck_assert_int_eq(s0.metadata_updates, 1);

    for (int i = 0; i < 5; i++)
        moldau__cluster_refresh(h.c, "burst");
    /* Step until the request is out, then ask more while it is in flight. */
    for (int i = 0; i < 1000; i++) {
        moldau__cluster_stats(h.c, &s1);
        if (s1.metadata_requests > s0.metadata_requests)
            break;
        moldau__reactor_run_once(h.r, 0);
    }
    ck_assert_int_eq(s1.metadata_requests, s0.metadata_requests + 1);
    for (int i = 0; i < 5; i++)
        moldau__cluster_refresh(h.c, "during");
    PEERS_RUN_UNTIL(h.r, moldau__cluster_metadata_version(h.c) >= 3, 30000);
    peers_run_for(h.r, 100);
    moldau__cluster_stats(h.c, &s1);
    ck_assert_int_eq(s1.metadata_requests, 3);
    ck_assert_int_eq(s1.metadata_updates, 3);
    ck_assert_int_eq(h.cl.calls, 3);
    ch_finish(&h);
}
END_TEST

static moldau_err_t enc_api_versions(moldau_buf_t *w, int16_t version, void *opaque)
{
    (void)opaque;
    moldau_api_versions_request_t req = {"moldau-test", "1.0"};
    return moldau_api_versions_request_encode(w, version, &req);
}

typedef struct {
    int calls;
    moldau_err_t err;
    int16_t version;
    int16_t error_code;
} av_resp_t;

static void on_av(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                  void *opaque)
{
    av_resp_t *r = opaque;
    r->calls++;
    r->err = err;
    r->version = version;
    if (!err) {
        moldau_arena_t a;
        moldau_arena_init(&a);
        moldau_reader_t rd;
        moldau_reader_init(&rd, body, len);
        moldau_api_versions_response_t resp;
        ck_assert_int_eq(moldau_api_versions_response_decode(&rd, version, &a, &resp), 0);
        r->error_code = resp.error_code;
        moldau_arena_free(&a);
    }
}

/* request_any before any broker is up waits for one; request_to_node goes to the node. */
START_TEST(kafka_requests_any_and_to_node)
{
    TEST_NEED_KAFKA(kafka);
    ch_t h;
    ch_start(&h, kafka, 1);
    av_resp_t any = {0}, node = {0};
    ck_assert_ptr_null(moldau__cluster_any_up(h.c));
    ck_assert_int_eq(moldau__cluster_request_any(h.c, MOLDAU_API_API_VERSIONS, enc_api_versions,
                                                 on_av, &any, moldau__now_ms() + 30000, 0),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(any.calls, 0);
    PEERS_RUN_UNTIL(h.r, any.calls == 1, 30000);
    ck_assert_int_eq(any.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(any.error_code, 0);
    PEERS_RUN_UNTIL(h.r, moldau__cluster_metadata_version(h.c) >= 1, 30000);
    int32_t id = moldau__cluster_metadata(h.c)->brokers[0].node_id;
    ck_assert_int_eq(moldau__cluster_request_to_node(h.c, id, MOLDAU_API_API_VERSIONS,
                                                     enc_api_versions, on_av, &node,
                                                     moldau__now_ms() + 30000, 0),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau__cluster_request_to_node(h.c, 12345, MOLDAU_API_API_VERSIONS,
                                                     enc_api_versions, on_av, &node,
                                                     moldau__now_ms() + 30000, 0),
                     MOLDAU_ERR_BROKER_NOT_AVAILABLE);
    PEERS_RUN_UNTIL(h.r, node.calls == 1, 30000);
    ck_assert_int_eq(node.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(node.version,
                     moldau__broker_api_version(moldau__cluster_broker(h.c, id),
                                                MOLDAU_API_API_VERSIONS));
    ch_finish(&h);
}
END_TEST

/* Metadata v13's top-level error code fails the refresh as a failed request does: nothing of
 * the answer is applied, and the next Metadata goes retry.backoff.ms later. */
START_TEST(metadata_top_level_error_fails_the_refresh)
{
    moldau_buf_t av, md;
    moldau_buf_init(&av); /* ApiVersions v3+ body: Metadata 0-13, ApiVersions 0-4 */
    moldau_w_i16(&av, 0);
    moldau_w_uvarint(&av, 3);
    moldau_w_i16(&av, MOLDAU_API_METADATA), moldau_w_i16(&av, 0), moldau_w_i16(&av, 13);
    moldau_w_tags_none(&av);
    moldau_w_i16(&av, MOLDAU_API_API_VERSIONS), moldau_w_i16(&av, 0), moldau_w_i16(&av, 4);
    moldau_w_tags_none(&av);
    moldau_w_i32(&av, 0);
    moldau_w_tags_none(&av);
    moldau_buf_init(&md); /* Metadata v13: no brokers, no topics, REBOOTSTRAP_REQUIRED */
    moldau_w_i32(&md, 0);
    moldau_w_uvarint(&md, 1);
    moldau_w_uvarint(&md, 0); /* cluster id null */
    moldau_w_i32(&md, -1);
    moldau_w_uvarint(&md, 1);
    moldau_w_i16(&md, MOLDAU_ERR_REBOOTSTRAP_REQUIRED);
    moldau_w_tags_none(&md);
    badpeer_step_t script[] = {{BADPEER_CANNED, av.data, av.len},
                               {BADPEER_CANNED, md.data, md.len},
                               {BADPEER_CANNED, md.data, md.len}};
    badpeer_t *bp = badpeer_start(script, 3, BADPEER_SILENT);
    moldau_buf_free(&av);
    moldau_buf_free(&md);
    char err[256], list[64];
    moldau__reactor_t *r = moldau__reactor_new(err, sizeof(err));
    ck_assert_msg(r != NULL, "%s", err);
    moldau__cluster_opts_t o;
    moldau__cluster_opts_default(&o);
    snprintf(list, sizeof(list), "127.0.0.1:%d", badpeer_port(bp));
    o.bootstrap_servers = list;
    o.retry_backoff_ms = 300;
    o.logger = peers_logger();
    moldau__cluster_t *c = moldau__cluster_new(r, &o, err, sizeof(err));
    ck_assert_msg(c != NULL, "%s", err);
    int64_t t0 = moldau__now_ms();
    moldau__cluster_refresh(c, "test");
    PEERS_RUN_UNTIL(r, badpeer_requests(bp) >= 3, 10000);
    int64_t elapsed = moldau__now_ms() - t0;
    ck_assert_int_eq(badpeer_api_key(bp, 1), MOLDAU_API_METADATA);
    ck_assert_int_eq(badpeer_api_version(bp, 1), 13);
    ck_assert_int_eq(badpeer_api_key(bp, 2), MOLDAU_API_METADATA);
    ck_assert_int_ge(elapsed, 300); /* the second after retry.backoff.ms */
    moldau__cluster_stats_t st;
    moldau__cluster_stats(c, &st);
    ck_assert_int_ge(st.metadata_requests, 2);
    ck_assert_int_eq(st.metadata_updates, 0);
    ck_assert_ptr_null(moldau__cluster_metadata(c));
    moldau__cluster_destroy(c);
    moldau__reactor_run_once(r, 0);
    moldau__reactor_destroy(r);
    badpeer_stop(bp);
}
END_TEST

/* Requests waiting for any broker when the cluster is destroyed complete once. */
START_TEST(destroy_fails_waiting_requests)
{
    char err[256];
    moldau__reactor_t *r = moldau__reactor_new(err, sizeof(err));
    moldau__cluster_opts_t o;
    moldau__cluster_opts_default(&o);
    char list[64];
    snprintf(list, sizeof(list), "127.0.0.1:%d", badpeer_closed_port());
    o.bootstrap_servers = list;
    moldau__cluster_t *c = moldau__cluster_new(r, &o, err, sizeof(err));
    av_resp_t a = {0}, b = {0};
    ck_assert_int_eq(moldau__cluster_request_any(c, MOLDAU_API_API_VERSIONS, enc_api_versions,
                                                 on_av, &a, moldau__now_ms() + 60000, 0), 0);
    ck_assert_int_eq(moldau__cluster_request_any(c, MOLDAU_API_API_VERSIONS, enc_api_versions,
                                                 on_av, &b, moldau__now_ms() + 30, 0), 0);
    PEERS_RUN_UNTIL(r, b.calls == 1, 5000);
    ck_assert_int_eq(b.err, MOLDAU_ERR__TIMED_OUT);
    ck_assert_int_eq(a.calls, 0);
    moldau__cluster_destroy(c);
    ck_assert_int_eq(a.calls, 1);
    ck_assert_int_eq(a.err, MOLDAU_ERR__DESTROYED);
    ck_assert_int_eq(b.calls, 1);
    moldau__reactor_destroy(r);
}
END_TEST

Suite *moldau_test_net_cluster_suite(void)
{
    Suite *s = suite_create("net_cluster");
    TCase *tl = tcase_create("local");
    tcase_add_test(tl, parse_bootstrap_entries);
    tcase_add_test(tl, bad_bootstrap_is_refused);
    tcase_add_test(tl, stale_metadata_errors);
    tcase_add_test(tl, cache_sorts_and_ignores_older_epochs);
    tcase_add_test(tl, destroy_fails_waiting_requests);
    tcase_add_test(tl, metadata_top_level_error_fails_the_refresh);
    suite_add_tcase(s, tl);
    TCase *tk = tcase_create("kafka");
    tcase_set_timeout(tk, 120);
    tcase_add_test(tk, kafka_bootstrap_past_dead_entries);
    tcase_add_test(tk, kafka_bootstrap_by_another_name);
    tcase_add_test(tk, kafka_metadata_of_created_topic);
    tcase_add_test(tk, kafka_unknown_topic_without_auto_create);
    tcase_add_test(tk, kafka_refreshes_coalesce);
    tcase_add_test(tk, kafka_requests_any_and_to_node);
    suite_add_tcase(s, tk);
    return s;
}
