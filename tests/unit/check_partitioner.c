/* Partitioners: the strategies. That keyed records land where the Java client and librdkafka
 * put them is checked against librdkafka's own functions in
 * tests/interop/check_partitioner_rdkafka.c (the unit tests do not link librdkafka). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "producer/partitioner.h"

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
