/* Partitioners against librdkafka: keyed records must land where the Java client and
 * librdkafka put them. The hashes are checked against librdkafka's own partitioner functions
 * (linked into the full test runner only) for thousands of keys, with no broker involved. */
#include <check.h>
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <string.h>

#include "producer/partitioner.h"

static rd_kafka_t *rk;
static rd_kafka_topic_t *rkt;

static void rd_setup(void)
{
    char err[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    ck_assert_msg(rk != NULL, "%s", err);
    rkt = rd_kafka_topic_new(rk, "t", NULL);
}

static void rd_teardown(void)
{
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
}

START_TEST(keyed_matches_librdkafka)
{
    char key[64];
    static const int32_t counts[] = {1, 3, 7, 12, 100};
    for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
        for (int i = 0; i < 3000; i++) {
            size_t len = (size_t)snprintf(key, sizeof(key), "key-%d-%x", i, i * 2654435761u);
            int32_t n = counts[c];
            ck_assert_int_eq(moldau__partition_murmur2(key, len, n),
                             rd_kafka_msg_partitioner_murmur2_random(rkt, key, len, n, NULL,
                                                                     NULL));
            ck_assert_int_eq(moldau__partition_crc32(key, len, n),
                             rd_kafka_msg_partitioner_consistent(rkt, key, len, n, NULL, NULL));
        }
    }
    /* an empty key is hashed by murmur2, not treated as "no key" */
    ck_assert_int_eq(moldau__partition_murmur2("", 0, 10),
                     rd_kafka_msg_partitioner_murmur2(rkt, "", 0, 10, NULL, NULL));
}
END_TEST

Suite *moldau_test_partitioner_rdkafka_suite(void)
{
    Suite *s = suite_create("partitioner_rdkafka");
    TCase *rd = tcase_create("librdkafka");
    tcase_add_checked_fixture(rd, rd_setup, rd_teardown);
    tcase_add_test(rd, keyed_matches_librdkafka);
    suite_add_tcase(s, rd);
    return s;
}
