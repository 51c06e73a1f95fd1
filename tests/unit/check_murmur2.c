/* murmur2 against Kafka's own UtilsTest vectors and the partition table of RECORD_FORMAT.md
 * §7 (toPositive clears the sign bit, then the modulo). */
#include <check.h>
#include <string.h>

#include "producer/murmur2.h"

static const struct {
    const char *key;
    int32_t hash;
} kafka_vectors[] = {
    {"21", -973932308},
    {"foobar", -790332482},
    {"a-little-bit-long-string", -985981536},
    {"a-little-bit-longer-string", -1486304829},
    {"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971},
    {"abc", 479470107},
};

START_TEST(kafka_utils_test_vectors)
{
    const char *k = kafka_vectors[_i].key;
    ck_assert_int_eq((int32_t)moldau__murmur2(k, strlen(k)), kafka_vectors[_i].hash);
}
END_TEST

static const struct {
    const char *key;
    uint32_t hash;
    int32_t p3, p6, p12, p100;
} partition_vectors[] = {
    {"", 0x106e08d9, 0, 3, 9, 81},      {"a", 0xa2d0b27c, 1, 4, 4, 24},
    {"kafka", 0xd067cf64, 1, 4, 4, 80}, {"user-1", 0x53b136cc, 2, 2, 8, 28},
    {"key-1", 0x0b8601b8, 0, 0, 0, 40}, {"hello", 0x7f1ddbbd, 0, 3, 9, 29},
};

START_TEST(partition_vectors_match)
{
    const char *k = partition_vectors[_i].key;
    size_t n = strlen(k);
    ck_assert_uint_eq(moldau__murmur2(k, n), partition_vectors[_i].hash);
    ck_assert_int_eq(moldau__murmur2_partition(k, n, 3), partition_vectors[_i].p3);
    ck_assert_int_eq(moldau__murmur2_partition(k, n, 6), partition_vectors[_i].p6);
    ck_assert_int_eq(moldau__murmur2_partition(k, n, 12), partition_vectors[_i].p12);
    ck_assert_int_eq(moldau__murmur2_partition(k, n, 100), partition_vectors[_i].p100);
}
END_TEST

START_TEST(partition_is_never_negative)
{
    /* "a" hashes negative: abs() would give a different partition than masking */
    uint32_t h = moldau__murmur2("a", 1);
    ck_assert((int32_t)h < 0);
    ck_assert_int_eq(moldau__murmur2_partition("a", 1, 7), (int32_t)((h & 0x7fffffff) % 7));
    ck_assert_int_ne(moldau__murmur2_partition("a", 1, 7), (int32_t)((-(int64_t)(int32_t)h) % 7));
    ck_assert_int_eq(moldau__murmur2_partition("a", 1, 0), 0);
}
END_TEST

Suite *moldau_test_murmur2_suite(void)
{
    Suite *s = suite_create("murmur2");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, kafka_utils_test_vectors, 0,
                        sizeof(kafka_vectors) / sizeof(kafka_vectors[0]));
    tcase_add_loop_test(tc, partition_vectors_match, 0,
                        sizeof(partition_vectors) / sizeof(partition_vectors[0]));
    tcase_add_test(tc, partition_is_never_negative);
    suite_add_tcase(s, tc);
    return s;
}
