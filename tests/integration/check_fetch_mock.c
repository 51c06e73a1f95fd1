/* The fetcher on librdkafka's mock cluster.
 *
 * A corrupt batch (its CRC flipped; the mock stores batches without checking them) with
 * check.crcs=true: the records before it come, then one error event for that partition at
 * the batch's offset, nothing of the batch, the partition stopped (no flood of events) until a
 * seek past it, after which the records after it come, each once. With check.crcs=false the
 * batch's records come as they are.
 *
 * A Fetch queued for a broker that is slow to answer
 * its connection's ApiVersions is encoded only after the consumer was unassigned (the topic
 * names of that assignment freed): it must name its topics with its own copies (under ASan an
 * encode through the freed names is a heap-use-after-free). The consumer then reads on when
 * assigned again. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/codec_conn_test.h"
#include "../support/consumer_test.h"
#include "../support/mock_test.h"
#include "check_producer.h"
#include "moldau/consumer.h"
#include "moldau/protocol/compress.h"
#include "moldau/protocol/records.h"

TEST_CODEC_WRAP(produce)

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)

static void assign_one(moldau_consumer_t *c, const char *topic, int64_t offset)
{
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, topic, 0)->offset = offset;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
}

START_TEST(unassigned_before_the_fetch_is_encoded)
{
    TEST_NEED_MOCK(mock, 2);
    MOCK(mock, "topic create slowtopic 1 1");
    MOCK(mock, "partition leader slowtopic 0 2");
    test_produce_ids(mock->bootstrap, "slowtopic", 1, 0, 10, NULL);

    /* the consumer knows broker 1 only: its Fetch to broker 2 waits for a new connection,
     * whose ApiVersions answer comes 3 s late */
    MOCK(mock, "broker rtt 2 3000");
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", test_mock_broker(mock, 1), err,
                                     sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "3", err, sizeof(err)), 0);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    assign_one(c, "slowtopic", 0);
    moldau_consumer_error_t e;
    ck_assert_ptr_null(moldau_consumer_poll(c, 1000, &e)); /* the Fetch is queued by now */
    ck_assert_int_eq(moldau_consumer_assign(c, NULL), MOLDAU_ERR_NONE);
    /* the connection comes up and the queued Fetch is encoded and answered (then dropped) */
    for (int i = 0; i < 6; i++) {
        ck_assert_ptr_null(moldau_consumer_poll(c, 1000, &e));
        ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
    }
    MOCK(mock, "broker rtt 2 0");
    assign_one(c, "slowtopic", 0);
    int next = 0;
    test_consume_ids(c, &next, 10);
    int64_t pos;
    ck_assert_int_eq(moldau_consumer_position(c, "slowtopic", 0, &pos), MOLDAU_ERR_NONE);
    ck_assert_int_eq(pos, 10);
    moldau_consumer_close(c);
    test_mock_stop(mock);
}
END_TEST

/* Records with values "<from>".."<from+n-1>" in one batch whose CRC is wrong, produced raw. */
static void produce_corrupt(const char *broker, const char *topic, int from, int n)
{
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, MOLDAU_CODEC_NONE, 0);
    char v[16];
    for (int i = from; i < from + n; i++) {
        int len = snprintf(v, sizeof(v), "%d", i);
        ck_assert_int_eq(moldau_batch_builder_append(&b, 1700000000000LL, (moldau_bytes_t){NULL, -1},
                                                     (moldau_bytes_t){(const uint8_t *)v, len},
                                                     NULL, 0),
                         MOLDAU_ERR_NONE);
    }
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
    uint8_t *bad = malloc(len);
    memcpy(bad, data, len);
    bad[17] ^= 0x5a; /* the CRC (after base offset 8, length 4, leader epoch 4, magic 1) */
    moldau_produce_request_partition_t pp = {.index = 0,
                                             .records = {bad, (int32_t)len}};
    moldau_produce_request_topic_t pt = {.name = topic, .partition_data = &pp,
                                         .n_partition_data = 1};
    moldau_produce_request_t req = {.acks = 1, .timeout_ms = 10000, .topic_data = &pt,
                                    .n_topic_data = 1};
    test_conn_t tc;
    test_conn_open(&tc, broker, "fetch_mock");
    moldau_produce_response_t resp;
    test_conn_exchange_at(&tc, MOLDAU_API_PRODUCE, 7, enc_produce, &req, dec_produce, &resp);
    ck_assert_int_eq(resp.n_responses, 1);
    ck_assert_int_eq(resp.responses[0].partition_responses[0].error_code, 0);
    test_conn_close(&tc);
    free(bad);
    moldau_batch_builder_free(&b);
}

START_TEST(corrupt_batch_is_an_error_event)
{
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create crc 1 1");
    test_produce_ids(mock->bootstrap, "crc", 1, 0, 10, NULL);
    produce_corrupt(test_mock_broker(mock, 1), "crc", 10, 5);
    test_produce_ids(mock->bootstrap, "crc", 1, 15, 5, NULL);
    for (int check = 1; check >= 0; check--) {
        char err[512];
        moldau_conf_t *conf = moldau_conf_new();
        ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", mock->bootstrap, err,
                                         sizeof(err)), 0);
        ck_assert_int_eq(moldau_conf_set(conf, "log.level", "3", err, sizeof(err)), 0);
        ck_assert_int_eq(moldau_conf_set(conf, "check.crcs", check ? "true" : "false", err,
                                         sizeof(err)), 0);
        moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
        moldau_conf_destroy(conf);
        ck_assert_msg(c != NULL, "%s", err);
        assign_one(c, "crc", 0);
        int next = 0;
        if (!check) {
            test_consume_ids(c, &next, 20); /* the batch as it is */
            moldau_consumer_close(c);
            continue;
        }
        test_consume_ids(c, &next, 10);
        moldau_consumer_error_t e;
        ck_assert_ptr_null(moldau_consumer_poll(c, 5000, &e));
        ck_assert_int_eq(e.err, MOLDAU_ERR__CRC);
        ck_assert_str_eq(e.topic, "crc");
        ck_assert_int_eq(e.partition, 0);
        ck_assert_int_eq(e.offset, 10);
        /* stopped there: no record of the batch or after it, no second event */
        ck_assert_ptr_null(moldau_consumer_poll(c, 1500, &e));
        ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
        int64_t pos;
        ck_assert_int_eq(moldau_consumer_position(c, "crc", 0, &pos), MOLDAU_ERR_NONE);
        ck_assert_int_eq(pos, 10);
        /* the application skips the batch */
        ck_assert_int_eq(moldau_consumer_seek(c, "crc", 0, 15), MOLDAU_ERR_NONE);
        next = 15;
        test_consume_ids(c, &next, 20);
        ck_assert_ptr_null(moldau_consumer_poll(c, 500, &e));
        ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
        moldau_consumer_close(c);
    }
    test_mock_stop(mock);
}
END_TEST

Suite *moldau_test_fetch_mock_suite(void)
{
    Suite *s = suite_create("fetch_mock");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, unassigned_before_the_fetch_is_encoded);
    tcase_add_test(tc, corrupt_batch_is_an_error_event);
    suite_add_tcase(s, tc);
    return s;
}
