/* Partitioners. Keyed records must land where the Java client and librdkafka put them: the
 * hashes are checked against librdkafka's own partitioner functions (linked into the tests
 * only) for thousands of keys, with no broker involved. */
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

START_TEST(default_keyed_is_murmur2)
{
    moldau__partitioner_t p;
    moldau__partitioner_init(&p, MOLDAU__PART_DEFAULT, 0, 16384, 1);
    for (int i = 0; i < 500; i++) {
        char key[16];
        size_t len = (size_t)snprintf(key, sizeof(key), "k%d", i);
        int32_t a = moldau__partition(&p, "t", key, len, 6, NULL, 100);
        ck_assert_int_eq(a, moldau__partition_murmur2(key, len, 6));
        /* same key, same partition, even when that partition has no leader now */
        uint8_t none_up[6] = {0};
        ck_assert_int_eq(moldau__partition(&p, "t", key, len, 6, none_up, 100), a);
    }
}
END_TEST

START_TEST(unkeyed_sticky_moves_after_batch_size)
{
    moldau__partitioner_t p;
    moldau__partitioner_init(&p, MOLDAU__PART_DEFAULT, 0, 1000, 7);
    int32_t first = moldau__partition(&p, "t", NULL, 0, 4, NULL, 100);
    for (int i = 1; i < 10; i++) /* 10 x 100 bytes fill the first batch */
        ck_assert_int_eq(moldau__partition(&p, "t", NULL, 0, 4, NULL, 100), first);
    int32_t second = moldau__partition(&p, "t", NULL, 0, 4, NULL, 100);
    ck_assert_int_ne(second, first);
    /* a batch sent early moves the sticky partition too */
    moldau__partitioner_batch_closed(&p, second);
    ck_assert_int_ne(moldau__partition(&p, "t", NULL, 0, 4, NULL, 100), second);
    /* closing another partition's batch does not */
    int32_t cur = moldau__partition(&p, "t", NULL, 0, 4, NULL, 1);
    moldau__partitioner_batch_closed(&p, (cur + 1) % 4);
    ck_assert_int_eq(moldau__partition(&p, "t", NULL, 0, 4, NULL, 1), cur);
}
END_TEST

START_TEST(unkeyed_spreads_over_all_partitions)
{
    moldau__partitioner_kind_t kinds[] = {MOLDAU__PART_DEFAULT, MOLDAU__PART_MURMUR2_RANDOM,
                                          MOLDAU__PART_CONSISTENT_RANDOM, MOLDAU__PART_RANDOM,
                                          MOLDAU__PART_ROUND_ROBIN};
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        moldau__partitioner_t p;
        moldau__partitioner_init(&p, kinds[k], 0, 1000, 42);
        int hits[5] = {0};
        for (int i = 0; i < 20000; i++) {
            int32_t part = moldau__partition(&p, "t", NULL, 0, 5, NULL, 100);
            ck_assert(part >= 0 && part < 5);
            hits[part]++;
        }
        /* uniform within a wide margin: each of 5 partitions gets 10%..30% */
        for (int i = 0; i < 5; i++)
            ck_assert_msg(hits[i] > 2000 && hits[i] < 6000, "kind %zu partition %d: %d", k, i,
                          hits[i]);
    }
}
END_TEST

START_TEST(unkeyed_avoids_unavailable)
{
    uint8_t up[4] = {0, 1, 0, 1};
    moldau__partitioner_kind_t kinds[] = {MOLDAU__PART_DEFAULT, MOLDAU__PART_MURMUR2_RANDOM,
                                          MOLDAU__PART_RANDOM};
    for (size_t k = 0; k < 3; k++) {
        moldau__partitioner_t p;
        moldau__partitioner_init(&p, kinds[k], 0, 300, 3);
        for (int i = 0; i < 1000; i++) {
            int32_t part = moldau__partition(&p, "t", NULL, 0, 4, up, 100);
            ck_assert(part == 1 || part == 3);
        }
    }
}
END_TEST

START_TEST(consistent_random_empty_key_is_random)
{
    moldau__partitioner_t p;
    moldau__partitioner_init(&p, MOLDAU__PART_CONSISTENT_RANDOM, 0, 1000, 5);
    int seen[8] = {0};
    for (int i = 0; i < 800; i++)
        seen[moldau__partition(&p, "t", "", 0, 8, NULL, 10)]++;
    for (int i = 0; i < 8; i++)
        ck_assert_int_gt(seen[i], 0);
}
END_TEST

START_TEST(round_robin_cycles)
{
    moldau__partitioner_t p;
    moldau__partitioner_init(&p, MOLDAU__PART_ROUND_ROBIN, 0, 1000, 5);
    for (int i = 0; i < 30; i++)
        ck_assert_int_eq(moldau__partition(&p, "t", "same", 4, 3, NULL, 10), i % 3);
}
END_TEST

START_TEST(ignore_keys)
{
    moldau__partitioner_t p;
    moldau__partitioner_init(&p, MOLDAU__PART_DEFAULT, 1, 1000000, 9);
    int32_t first = moldau__partition(&p, "t", "a", 1, 16, NULL, 10);
    for (int i = 0; i < 100; i++) { /* every key sticks to one partition like unkeyed records */
        char key[8];
        size_t len = (size_t)snprintf(key, sizeof(key), "%d", i);
        ck_assert_int_eq(moldau__partition(&p, "t", key, len, 16, NULL, 10), first);
    }
}
END_TEST

static int32_t last_byte(const char *topic, const void *key, size_t len, int32_t n, void *op)
{
    (void)topic;
    (*(int *)op)++;
    return len ? ((const unsigned char *)key)[len - 1] - '0' : n;
}

START_TEST(custom_callback)
{
    moldau__partitioner_t p;
    int calls = 0;
    moldau__partitioner_init(&p, MOLDAU__PART_CUSTOM, 0, 1000, 1);
    p.cb = last_byte;
    p.cb_opaque = &calls;
    ck_assert_int_eq(moldau__partition(&p, "t", "k2", 2, 4, NULL, 10), 2);
    ck_assert_int_eq(moldau__partition(&p, "t", "k9", 2, 4, NULL, 10), -1); /* out of range */
    ck_assert_int_eq(moldau__partition(&p, "t", NULL, 0, 4, NULL, 10), -1);
    ck_assert_int_eq(calls, 3);
    ck_assert_int_eq(moldau__partition(&p, "t", "k1", 2, 0, NULL, 10), -1); /* no partitions */
}
END_TEST

Suite *moldau_test_partitioner_suite(void)
{
    Suite *s = suite_create("partitioner");
    TCase *rd = tcase_create("librdkafka");
    tcase_add_checked_fixture(rd, rd_setup, rd_teardown);
    tcase_add_test(rd, keyed_matches_librdkafka);
    suite_add_tcase(s, rd);
    TCase *tc = tcase_create("strategies");
    tcase_add_test(tc, default_keyed_is_murmur2);
    tcase_add_test(tc, unkeyed_sticky_moves_after_batch_size);
    tcase_add_test(tc, unkeyed_spreads_over_all_partitions);
    tcase_add_test(tc, unkeyed_avoids_unavailable);
    tcase_add_test(tc, consistent_random_empty_key_is_random);
    tcase_add_test(tc, round_robin_cycles);
    tcase_add_test(tc, ignore_keys);
    tcase_add_test(tc, custom_callback);
    suite_add_tcase(s, tc);
    return s;
}
