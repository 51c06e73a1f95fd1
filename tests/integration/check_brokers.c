/* The test peers are wired up: the real broker `make check` starts (MOLDAU_KAFKA_BOOTSTRAP) and
 * librdkafka's mock cluster (spawned through tests/support/mock_test.h) both answer a raw
 * ApiVersions v0 built with moldau's codec primitives, and the mock obeys its control channel.
 * No moldau network code is involved, so a failure here is in the peers or their wiring. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "moldau/protocol.h"
#include "../support/mock_test.h"
#include "../support/peer_test.h"

#define MAX_KEY 256

typedef struct versions {
    int16_t error;
    int32_t n_keys;
    int listed[MAX_KEY];
    int16_t min[MAX_KEY], max[MAX_KEY];
} versions_t;

/* One ApiVersions v0 exchange on a fresh connection. Returns 0; -1 when the connection could
 * not be made; -2 when it closed without an answer. Malformed answers fail the test. */
static int api_versions_v0(const char *hostport, versions_t *out)
{
    memset(out, 0, sizeof(*out));
    int fd = test_tcp_connect(hostport, 10000);
    if (fd < 0)
        return -1;
    const int32_t cid = 0x6d6f6c64;
    ck_assert_int_eq(test_send_request(fd, MOLDAU_API_API_VERSIONS, 0, cid, NULL, 0), 0);
    moldau_buf_t frame;
    moldau_buf_init(&frame);
    if (test_recv_frame(fd, &frame)) {
        moldau_buf_free(&frame);
        close(fd);
        return -2;
    }
    close(fd);

    moldau_reader_t r;
    moldau_reader_init(&r, frame.data, frame.len);
    int32_t got_cid = 0;
    ck_assert_int_eq(moldau_response_header_read(&r, MOLDAU_API_API_VERSIONS, 0, &got_cid),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(got_cid, cid);
    out->error = moldau_r_i16(&r);
    out->n_keys = moldau_r_array_len(&r, 0, 6);
    for (int32_t i = 0; i < out->n_keys && !r.err; i++) {
        int16_t key = moldau_r_i16(&r), lo = moldau_r_i16(&r), hi = moldau_r_i16(&r);
        if (key >= 0 && key < MAX_KEY) {
            out->listed[key] = 1;
            out->min[key] = lo;
            out->max[key] = hi;
        }
    }
    ck_assert_int_eq(r.err, 0);
    ck_assert_uint_eq(moldau_reader_remaining(&r), 0); /* v0 ends with the array */
    moldau_buf_free(&frame);
    return 0;
}

START_TEST(kafka_answers_api_versions_v0)
{
    TEST_NEED_KAFKA(bootstrap);
    versions_t v;
    int rc = api_versions_v0(bootstrap, &v);
    ck_assert_msg(rc == 0, "ApiVersions with %s failed (%d, %s)", bootstrap, rc, strerror(errno));
    ck_assert_int_eq(v.error, 0);
    ck_assert_int_gt(v.n_keys, 10);
    ck_assert(v.listed[MOLDAU_API_PRODUCE]);
    ck_assert(v.listed[MOLDAU_API_API_VERSIONS]);
    ck_assert_int_le(v.min[MOLDAU_API_PRODUCE], v.max[MOLDAU_API_PRODUCE]);
    /* KIP-896: Kafka 4 no longer advertises Fetch v0-3 (it still advertises Produce from v0,
     * for old librdkafka clients), 3.x does; this also proves KAFKA_VERSION picked the broker. */
    const char *version = getenv("MOLDAU_KAFKA_VERSION");
    ck_assert(v.listed[MOLDAU_API_FETCH]);
    if (version && version[0] >= '4' && version[1] == '.')
        ck_assert_int_eq(v.min[MOLDAU_API_FETCH], 4);
    else if (version && version[0] == '3' && version[1] == '.')
        ck_assert_int_eq(v.min[MOLDAU_API_FETCH], 0);
}
END_TEST

START_TEST(mock_answers_api_versions_v0_on_every_broker)
{
    TEST_NEED_MOCK(m, 3);
    for (int id = 1; id <= 3; id++) {
        const char *broker = test_mock_broker(m, id);
        ck_assert_ptr_nonnull(broker);
        versions_t v;
        ck_assert_int_eq(api_versions_v0(broker, &v), 0);
        ck_assert_int_eq(v.error, 0);
        ck_assert(v.listed[MOLDAU_API_PRODUCE]);
        ck_assert_int_eq(v.max[MOLDAU_API_PRODUCE], 7); /* TEST-PEERS.md: Produce <= 7 */
    }
    ck_assert_ptr_null(test_mock_broker(m, 4));
    test_mock_stop(m);
}
END_TEST

START_TEST(mock_broker_down_refuses_then_up_answers)
{
    TEST_NEED_MOCK(m, 2);
    char broker[256];
    strcpy(broker, test_mock_broker(m, 2));
    versions_t v;
    ck_assert_msg(test_mock_cmd(m, "broker down 2") == 0, "%s", m->answer);
    ck_assert_int_eq(api_versions_v0(broker, &v), -1);
    /* The other broker is unaffected. */
    ck_assert_int_eq(api_versions_v0(test_mock_broker(m, 1), &v), 0);
    ck_assert_msg(test_mock_cmd(m, "broker up 2") == 0, "%s", m->answer);
    ck_assert_int_eq(api_versions_v0(broker, &v), 0);
    ck_assert_int_eq(v.error, 0);
    test_mock_stop(m);
}
END_TEST

START_TEST(mock_apiversion_set_changes_what_it_advertises)
{
    TEST_NEED_MOCK(m, 1);
    const char *broker = test_mock_broker(m, 1);
    versions_t v;
    ck_assert_msg(test_mock_cmd(m, "apiversion set %d 3 5", MOLDAU_API_PRODUCE) == 0, "%s",
                  m->answer);
    ck_assert_int_eq(api_versions_v0(broker, &v), 0);
    ck_assert(v.listed[MOLDAU_API_PRODUCE]);
    ck_assert_int_eq(v.min[MOLDAU_API_PRODUCE], 3);
    ck_assert_int_eq(v.max[MOLDAU_API_PRODUCE], 5);
    test_mock_stop(m);
}
END_TEST

START_TEST(mock_drop_closes_the_connection_once)
{
    TEST_NEED_MOCK(m, 1);
    const char *broker = test_mock_broker(m, 1);
    versions_t v;
    ck_assert_msg(test_mock_cmd(m, "drop %d 1", MOLDAU_API_API_VERSIONS) == 0, "%s", m->answer);
    ck_assert_int_eq(api_versions_v0(broker, &v), -2);
    ck_assert_int_eq(api_versions_v0(broker, &v), 0);
    ck_assert_int_eq(v.error, 0);
    test_mock_stop(m);
}
END_TEST

START_TEST(mock_control_channel_reports_errors)
{
    TEST_NEED_MOCK(m, 1);
    ck_assert_int_eq(test_mock_cmd(m, "no such command"), -1);
    ck_assert_str_eq(m->answer, "unknown command no");
    ck_assert_int_eq(test_mock_cmd(m, "topic create t 0 1"), -1);
    ck_assert_int_eq(test_mock_cmd(m, "push errors 0 2 6"), -1);
    ck_assert_int_eq(test_mock_cmd(m, "topic create t 3 1"), 0);
    ck_assert_int_eq(test_mock_cmd(m, "bootstrap"), 0);
    ck_assert_str_eq(m->answer, m->bootstrap);
    ck_assert_int_eq(test_mock_cmd(m, "push broker-errors 1 0 2 NOT_LEADER_FOR_PARTITION 0 6 5"), 0);
    ck_assert_int_eq(test_mock_cmd(m, "errors count 1 0"), 0);
    ck_assert_str_eq(m->answer, "2");
    test_mock_stop(m);
}
END_TEST

Suite *moldau_test_brokers_suite(void)
{
    Suite *s = suite_create("brokers");
    TCase *tc = tcase_create("kafka");
    tcase_add_test(tc, kafka_answers_api_versions_v0);
    suite_add_tcase(s, tc);
    tc = tcase_create("mock");
    tcase_add_test(tc, mock_answers_api_versions_v0_on_every_broker);
    tcase_add_test(tc, mock_broker_down_refuses_then_up_answers);
    tcase_add_test(tc, mock_apiversion_set_changes_what_it_advertises);
    tcase_add_test(tc, mock_drop_closes_the_connection_once);
    tcase_add_test(tc, mock_control_channel_reports_errors);
    suite_add_tcase(s, tc);
    return s;
}
