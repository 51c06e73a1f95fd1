/* The request helper (client/request.h) and the coordinator cache (net/coordinator.h) against
 * the real broker: a group's coordinator found and asked (OffsetFetch, DescribeGroups), a
 * request to any broker (ListGroups), the controller target, several group keys in one
 * FindCoordinator on v4+. Against librdkafka's mock: NOT_COORDINATOR (coordinator asked again),
 * COORDINATOR_LOAD_IN_PROGRESS (same coordinator, after a backoff), COORDINATOR_NOT_AVAILABLE
 * from FindCoordinator, a moved coordinator followed, and errors that outlast the timeout. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/client.h"
#include "client/request.h"
#include "moldau/protocol.h"
#include "net/cluster.h"
#include "net/coordinator.h"
#include "../support/mock_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

static moldau_client_t *make(const char *bootstrap, int threaded)
{
    char err[256];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "io.thread", threaded ? "true" : "false", err,
                                     sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "3", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "retry.backoff.ms", "20", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "retry.backoff.max.ms", "200", err, sizeof(err)), 0);
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    return c;
}

typedef struct coord_stats_q {
    moldau_client_t *c;
    moldau__coord_stats_t s;
} coord_stats_q_t;

static void read_coord_stats(void *arg)
{
    coord_stats_q_t *q = arg;
    moldau__cluster_coord_stats(q->c->cluster, &q->s);
}

static moldau__coord_stats_t coord_stats(moldau_client_t *c)
{
    coord_stats_q_t q = {.c = c};
    moldau__client_run_sync(c, read_coord_stats, &q);
    return q.s;
}

/* ---- OffsetFetch of one partition ------------------------------------------------------- */

/* One named partition rather than "all topics": the 2.0.2 mock answers a null topic list with
 * a null array, which the schema does not allow (our decoder refuses it, as Java's does). */
static const int32_t partition0 = 0;
static const moldau_offset_fetch_request_topic_t of_topic = {
    .name = "req-topic", .partition_indexes = &partition0, .n_partition_indexes = 1};

static moldau_err_t of_encode(moldau_buf_t *w, int16_t version, const void *body)
{
    const char *group = body;
    moldau_offset_fetch_request_t req = {0};
    moldau_offset_fetch_request_group_t g = {
        .group_id = group, .member_epoch = -1, .topics = &of_topic, .n_topics = 1};
    if (version >= 8) {
        req.groups = &g;
        req.n_groups = 1;
    } else {
        req.group_id = group;
        req.topics = &of_topic;
        req.n_topics = 1;
    }
    return moldau_offset_fetch_request_encode(w, version, &req);
}

MOLDAU__REQUEST_DECODER(of_decode, moldau_offset_fetch_response_t,
                        moldau_offset_fetch_response_decode)

static moldau_err_t of_error(const void *body, int16_t version)
{
    const moldau_offset_fetch_response_t *resp = body;
    if (version >= 8)
        return resp->n_groups > 0 ? (moldau_err_t)resp->groups[0].error_code : MOLDAU_ERR_NONE;
    return (moldau_err_t)resp->error_code;
}

/* The group id is copied into the request's arena: the caller's buffer is gone when the
 * request goes out (it is overwritten here before the call returns, to show it). */
static moldau__request_t *offset_fetch(moldau_client_t *c, const char *group)
{
    moldau__request_t *req =
        moldau__request_new(c, MOLDAU_API_OFFSET_FETCH, of_encode, of_decode, of_error);
    ck_assert_ptr_nonnull(req);
    moldau_arena_t *a = moldau__request_arena(req);
    moldau__request_set_body(req, moldau_arena_strndup(a, group, strlen(group)));
    ck_assert_int_eq(moldau__request_target(req, MOLDAU__TARGET_GROUP, -1, group), 0);
    return req;
}

static moldau_err_t fetch_offsets(moldau_client_t *c, const char *group, int timeout_ms,
                                  moldau__response_t **resp)
{
    char copy[128];
    snprintf(copy, sizeof(copy), "%s", group);
    moldau__request_t *req = offset_fetch(c, copy);
    memset(copy, 'x', sizeof(copy) - 1); /* the request has its own copy */
    return moldau__request_sync(req, timeout_ms, resp);
}

/* ---- DescribeGroups, ListGroups, Metadata ------------------------------------------------ */

MOLDAU__REQUEST_CODEC(dg, moldau_describe_groups_request_t, moldau_describe_groups_request_encode,
                      moldau_describe_groups_response_t, moldau_describe_groups_response_decode)

static moldau_err_t dg_error(const void *body, int16_t version)
{
    (void)version;
    const moldau_describe_groups_response_t *resp = body;
    moldau_err_t err = resp->n_groups > 0 ? (moldau_err_t)resp->groups[0].error_code : 0;
    /* v6+ (KIP-1043): an unknown group is an answer, not a failed request */
    return err == MOLDAU_ERR_GROUP_ID_NOT_FOUND ? MOLDAU_ERR_NONE : err;
}

MOLDAU__REQUEST_CODEC(lg, moldau_list_groups_request_t, moldau_list_groups_request_encode,
                      moldau_list_groups_response_t, moldau_list_groups_response_decode)
MOLDAU__REQUEST_CODEC(md, moldau_metadata_request_t, moldau_metadata_request_encode,
                      moldau_metadata_response_t, moldau_metadata_response_decode)

/* ---- against Kafka ----------------------------------------------------------------------- */

START_TEST(kafka_group_coordinator_asked)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_client_t *c = make(bootstrap, _i);
    char group[128];
    test_topic_name("req-group", group, sizeof(group));
    /* the first lookup may meet COORDINATOR_NOT_AVAILABLE while __consumer_offsets is
     * created: retried within the timeout */
    moldau__response_t *resp = NULL;
    moldau_err_t err = fetch_offsets(c, group, 60000, &resp);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_ptr_nonnull(resp);
    const moldau_offset_fetch_response_t *of = resp->body;
    if (resp->version >= 8) {
        ck_assert_int_eq(of->n_groups, 1);
        ck_assert_str_eq(of->groups[0].group_id, group);
        ck_assert_int_eq(of->groups[0].n_topics, 1);
        ck_assert_int_eq(of->groups[0].topics[0].partitions[0].committed_offset, -1);
    } else {
        ck_assert_int_eq(of->n_topics, 1);
        ck_assert_int_eq(of->topics[0].partitions[0].committed_offset, -1); /* none */
    }
    int32_t coordinator = resp->node_id;
    ck_assert_int_ge(coordinator, 0);
    moldau__response_free(resp);
    moldau__coord_stats_t before = coord_stats(c);
    ck_assert_int_ge(before.requests, 1);

    /* DescribeGroups to the same coordinator: from the cache */
    moldau__request_t *req =
        moldau__request_new(c, MOLDAU_API_DESCRIBE_GROUPS, dg_encode, dg_decode, dg_error);
    moldau_arena_t *a = moldau__request_arena(req);
    const char **groups = moldau_arena_calloc(a, 1, sizeof(*groups));
    groups[0] = moldau_arena_strndup(a, group, strlen(group));
    moldau_describe_groups_request_t *dg = moldau_arena_calloc(a, 1, sizeof(*dg));
    dg->groups = groups;
    dg->n_groups = 1;
    moldau__request_set_body(req, dg);
    ck_assert_int_eq(moldau__request_target(req, MOLDAU__TARGET_GROUP, -1, group), 0);
    err = moldau__request_sync(req, 30000, &resp);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    const moldau_describe_groups_response_t *d = resp->body;
    ck_assert_int_eq(d->n_groups, 1);
    ck_assert_str_eq(d->groups[0].group_id, group);
    if (resp->version >= 6) /* KIP-1043: no member ever joined, so no group */
        ck_assert_int_eq(d->groups[0].error_code, MOLDAU_ERR_GROUP_ID_NOT_FOUND);
    else
        ck_assert_str_eq(d->groups[0].group_state, "Dead"); /* no member ever joined */
    ck_assert_int_eq(resp->node_id, coordinator);
    ck_assert_int_eq(resp->attempts, 1);
    moldau__response_free(resp);
    moldau__coord_stats_t after = coord_stats(c);
    ck_assert_int_eq(after.requests, before.requests);
    ck_assert_int_eq(after.hits, before.hits + 1);

    /* ListGroups: any broker */
    req = moldau__request_new(c, MOLDAU_API_LIST_GROUPS, lg_encode, lg_decode, NULL);
    moldau__request_set_body(req, moldau_arena_calloc(moldau__request_arena(req), 1,
                                                      sizeof(moldau_list_groups_request_t)));
    err = moldau__request_sync(req, 30000, &resp);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_int_eq(((moldau_list_groups_response_t *)resp->body)->error_code, 0);
    moldau__response_free(resp);
    moldau_client_close(c);
}
END_TEST

START_TEST(kafka_controller_target)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_client_t *c = make(bootstrap, _i);
    /* no metadata yet when the request starts: the helper waits for the controller id */
    moldau__request_t *req =
        moldau__request_new(c, MOLDAU_API_METADATA, md_encode, md_decode, NULL);
    moldau_metadata_request_t *body =
        moldau_arena_calloc(moldau__request_arena(req), 1, sizeof(*body));
    moldau_metadata_request_init(body);
    body->n_topics = 0;
    moldau__request_set_body(req, body);
    ck_assert_int_eq(moldau__request_target(req, MOLDAU__TARGET_CONTROLLER, -1, NULL), 0);
    moldau__response_t *resp;
    moldau_err_t err = moldau__request_sync(req, 30000, &resp);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    const moldau_metadata_response_t *md = resp->body;
    ck_assert_int_ge(md->controller_id, 0);
    ck_assert_int_ge(resp->node_id, 0);
    moldau__response_free(resp);

    /* a given node: the one the public metadata names */
    moldau_metadata_t *pub;
    ck_assert_int_eq(moldau_client_metadata(c, NULL, 0, 30000, &pub), 0);
    int32_t node = pub->brokers[0]->id;
    moldau_metadata_destroy(pub);
    req = moldau__request_new(c, MOLDAU_API_METADATA, md_encode, md_decode, NULL);
    body = moldau_arena_calloc(moldau__request_arena(req), 1, sizeof(*body));
    moldau_metadata_request_init(body);
    body->n_topics = 0;
    moldau__request_set_body(req, body);
    ck_assert_int_eq(moldau__request_target(req, MOLDAU__TARGET_NODE, node, NULL), 0);
    ck_assert_int_eq(moldau__request_sync(req, 30000, &resp), 0);
    ck_assert_int_eq(resp->node_id, node);
    moldau__response_free(resp);
    moldau_client_close(c);
}
END_TEST

/* Several group keys asked for in one reactor iteration: one FindCoordinator on v4+. */
typedef struct batch {
    moldau_client_t *c;
    char groups[3][128];
    int done;
    moldau_err_t errs[3];
} batch_t;

static void batch_done(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    batch_t *b = opaque;
    b->errs[b->done++] = err;
    moldau__response_free(resp);
}

static void batch_start(void *arg)
{
    batch_t *b = arg;
    for (int i = 0; i < 3; i++)
        moldau__request_async(offset_fetch(b->c, b->groups[i]), 60000, batch_done, b);
}


START_TEST(kafka_group_keys_batched)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_client_t *c = make(bootstrap, 0);
    /* the first group makes sure __consumer_offsets exists */
    char first[128];
    test_topic_name("req-batch0", first, sizeof(first));
    moldau__response_t *resp;
    ck_assert_int_eq(fetch_offsets(c, first, 60000, &resp), 0);
    moldau__response_free(resp);
    moldau__coord_stats_t before = coord_stats(c);
    batch_t b = {.c = c};
    for (int i = 0; i < 3; i++) {
        char prefix[32];
        snprintf(prefix, sizeof(prefix), "req-batch%d", i + 1);
        test_topic_name(prefix, b.groups[i], sizeof(b.groups[i]));
    }
    moldau__client_run_sync(c, batch_start, &b);
    for (int n = 0; n < 600 && b.done < 3; n++)
        moldau_client_poll(c, 100); /* application-driven: runs the reactor */
    ck_assert_int_eq(b.done, 3);
    for (int i = 0; i < 3; i++)
        ck_assert_msg(b.errs[i] == 0, "%s", moldau_err_name(b.errs[i]));
    moldau__coord_stats_t after = coord_stats(c);
    ck_assert_int_eq(after.keys_sent - before.keys_sent, 3);
    ck_assert_int_eq(after.requests - before.requests, 1); /* Kafka 3.x/4.x: v4+ */
    moldau_client_close(c);
}
END_TEST

/* ---- against the mock -------------------------------------------------------------------- */

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)

/* The mock's next n OffsetFetch requests answer err (a librdkafka error name). */
static void push_errors(test_mock_t *m, int n, const char *err)
{
    char cmd[1024];
    int len = snprintf(cmd, sizeof(cmd), "push errors %d %d", MOLDAU_API_OFFSET_FETCH, n);
    for (int i = 0; i < n && len < (int)sizeof(cmd); i++)
        len += snprintf(cmd + len, sizeof(cmd) - (size_t)len, " %s", err);
    MOCK(m, "%s", cmd);
}

/* A client whose coordinator for `group` is known already (one OffsetFetch done). */
static moldau_client_t *mock_client(test_mock_t *m, int threaded, const char *group)
{
    moldau_client_t *c = make(m->bootstrap, threaded);
    moldau__response_t *resp;
    moldau_err_t err = fetch_offsets(c, group, 30000, &resp);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    moldau__response_free(resp);
    return c;
}

START_TEST(mock_not_coordinator_asks_again)
{
    TEST_NEED_MOCK(m, 3);
    moldau_client_t *c = make(m->bootstrap, _i);
    MOCK(m, "coordinator set group g-moved 2");
    moldau__response_t *resp;
    moldau_err_t err = fetch_offsets(c, "g-moved", 30000, &resp);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_int_eq(resp->node_id, 2);
    moldau__response_free(resp);
    moldau__coord_stats_t s0 = coord_stats(c);

    /* the coordinator moves; the old one says NOT_COORDINATOR (injected: the 2.0.2 mock
     * answers OffsetFetch on any broker) and the next lookup finds the new one */
    MOCK(m, "coordinator set group g-moved 3");
    push_errors(m, 1, "NOT_COORDINATOR");
    err = fetch_offsets(c, "g-moved", 30000, &resp);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_int_eq(resp->node_id, 3);
    ck_assert_int_eq(resp->attempts, 2);
    moldau__response_free(resp);
    moldau__coord_stats_t s1 = coord_stats(c);
    ck_assert_int_eq(s1.requests, s0.requests + 1);

    /* injected: two NOT_COORDINATOR answers, each followed by a new lookup */
    push_errors(m, 2, "NOT_COORDINATOR");
    err = fetch_offsets(c, "g-moved", 30000, &resp);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_int_eq(resp->attempts, 3);
    ck_assert_int_eq(resp->node_id, 3);
    moldau__response_free(resp);
    moldau__coord_stats_t s2 = coord_stats(c);
    ck_assert_int_eq(s2.requests, s1.requests + 2);
    moldau_client_close(c);
    test_mock_stop(m);
}
END_TEST

START_TEST(mock_load_in_progress_waits_on_the_same_coordinator)
{
    TEST_NEED_MOCK(m, 3);
    moldau_client_t *c = mock_client(m, _i, "g-load");
    moldau__response_t *resp;
    moldau__coord_stats_t s0 = coord_stats(c);
    push_errors(m, 3, "COORDINATOR_LOAD_IN_PROGRESS");
    moldau_err_t err = fetch_offsets(c, "g-load", 30000, &resp);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_int_eq(resp->attempts, 4);
    moldau__response_free(resp);
    moldau__coord_stats_t s1 = coord_stats(c);
    ck_assert_int_eq(s1.requests, s0.requests); /* no new lookup */
    ck_assert_int_eq(s1.hits, s0.hits + 4);
    moldau_client_close(c);
    test_mock_stop(m);
}
END_TEST

/* COORDINATOR_NOT_AVAILABLE from the coordinator: looked up again, as NOT_COORDINATOR. (Not
 * injected into FindCoordinator: the 2.0.2 mock then writes a null Host, which the schema does
 * not allow, and the answer is refused as malformed.) */
START_TEST(mock_coordinator_not_available_retried)
{
    TEST_NEED_MOCK(m, 3);
    moldau_client_t *c = make(m->bootstrap, _i);
    push_errors(m, 2, "COORDINATOR_NOT_AVAILABLE");
    moldau__response_t *resp;
    moldau_err_t err = fetch_offsets(c, "g-cna", 30000, &resp);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_int_eq(resp->attempts, 3);
    moldau__response_free(resp);
    ck_assert_int_eq(coord_stats(c).requests, 3);
    moldau_client_close(c);
    test_mock_stop(m);
}
END_TEST

/* Errors that outlast the timeout: the last answer is returned, with its error, in time. */
START_TEST(mock_errors_past_the_timeout)
{
    TEST_NEED_MOCK(m, 3);
    moldau_client_t *c = mock_client(m, _i, "g-late");
    moldau__response_t *resp;
    push_errors(m, 30, "COORDINATOR_LOAD_IN_PROGRESS");
    int64_t t0 = moldau__now_ms();
    moldau_err_t err = fetch_offsets(c, "g-late", 500, &resp);
    int64_t took = moldau__now_ms() - t0;
    ck_assert_msg(err == MOLDAU_ERR_COORDINATOR_LOAD_IN_PROGRESS, "%s", moldau_err_name(err));
    ck_assert_ptr_nonnull(resp); /* the broker's answer, for the caller to read */
    ck_assert_int_gt(resp->attempts, 2);
    moldau__response_free(resp);
    ck_assert_int_lt(took, 2000);
    MOCK(m, "clear errors %d", MOLDAU_API_OFFSET_FETCH);
    moldau_client_close(c);
    test_mock_stop(m);
}
END_TEST

/* A request waiting for its retry when the client goes: failed with _DESTROYED, freed (the
 * sanitizers and valgrind watch). */
static void destroyed_cb(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    *(moldau_err_t *)opaque = err;
    moldau__response_free(resp);
}

typedef struct gone {
    moldau_client_t *c;
    moldau_err_t err;
} gone_t;

static void gone_start(void *arg)
{
    gone_t *g = arg;
    moldau__request_async(offset_fetch(g->c, "g-gone"), 30000, destroyed_cb, &g->err);
}

START_TEST(mock_destroy_while_waiting_to_retry)
{
    TEST_NEED_MOCK(m, 1);
    moldau_client_t *c = mock_client(m, 1, "g-gone");
    push_errors(m, 30, "COORDINATOR_LOAD_IN_PROGRESS");
    gone_t g = {c, MOLDAU_ERR_NONE};
    moldau__client_run_sync(c, gone_start, &g);
    struct timespec ts = {0, 300 * 1000000L}; /* a few attempts; then it waits for a retry */
    nanosleep(&ts, NULL);
    moldau_client_close(c); /* the callback runs in here, on the reactor's thread */
    ck_assert_int_eq(g.err, MOLDAU_ERR__DESTROYED);
    test_mock_stop(m);
}
END_TEST

Suite *moldau_test_client_request_suite(void)
{
    Suite *s = suite_create("client_request");
    TCase *tc = tcase_create("client_request");
    tcase_set_timeout(tc, 180);
    tcase_add_loop_test(tc, kafka_group_coordinator_asked, 0, 2);
    tcase_add_loop_test(tc, kafka_controller_target, 0, 2);
    tcase_add_test(tc, kafka_group_keys_batched);
    tcase_add_loop_test(tc, mock_not_coordinator_asks_again, 0, 2);
    tcase_add_loop_test(tc, mock_load_in_progress_waits_on_the_same_coordinator, 0, 2);
    tcase_add_test(tc, mock_coordinator_not_available_retried);
    tcase_add_test(tc, mock_errors_past_the_timeout);
    tcase_add_test(tc, mock_destroy_while_waiting_to_retry);
    suite_add_tcase(s, tc);
    return s;
}
