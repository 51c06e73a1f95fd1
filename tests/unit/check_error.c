/* The error table: every code from the lowest local one to MOLDAU_ERR__KAFKA_LAST has a name
 * and a sentence, names are unique and match the constants, known codes carry Kafka's
 * retriability, and codes outside the table are reported as unknown rather than crashing. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "moldau/error.h"

static int is_local(int code)
{
    return code >= MOLDAU_ERR__LOCAL_FIRST && code <= MOLDAU_ERR__BAD_MSG;
}

static int is_kafka(int code)
{
    return code >= MOLDAU_ERR_UNKNOWN_SERVER_ERROR && code <= MOLDAU_ERR__KAFKA_LAST;
}

START_TEST(every_code_has_name_and_sentence)
{
    int n = 0;
    for (int code = MOLDAU_ERR__LOCAL_FIRST; code <= MOLDAU_ERR__KAFKA_LAST; code++) {
        if (!is_local(code) && !is_kafka(code))
            continue;
        const char *name = moldau_err_name((moldau_err_t)code);
        const char *str = moldau_err_str((moldau_err_t)code);
        ck_assert_msg(strcmp(name, "UNKNOWN_ERROR_CODE") != 0, "code %d has no name", code);
        ck_assert_msg(strlen(str) > 5, "code %d has no sentence", code);
        /* local names start with '_', Kafka's never do */
        ck_assert_msg((name[0] == '_') == is_local(code), "code %d: %s", code, name);
        for (const char *p = name; *p; p++)
            ck_assert_msg((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_',
                          "code %d: bad character in %s", code, name);
        n++;
    }
    /* 19 local codes, Kafka's -1..133 */
    ck_assert_int_eq(n, (MOLDAU_ERR__BAD_MSG - MOLDAU_ERR__LOCAL_FIRST + 1) + 135);
    ck_assert_int_eq(MOLDAU_ERR__KAFKA_LAST, 133);
}
END_TEST

START_TEST(names_are_unique)
{
    for (int a = MOLDAU_ERR__LOCAL_FIRST; a <= MOLDAU_ERR__KAFKA_LAST; a++) {
        if (!is_local(a) && !is_kafka(a))
            continue;
        for (int b = a + 1; b <= MOLDAU_ERR__KAFKA_LAST; b++) {
            if (!is_local(b) && !is_kafka(b))
                continue;
            ck_assert_msg(strcmp(moldau_err_name((moldau_err_t)a), moldau_err_name((moldau_err_t)b)),
                          "codes %d and %d share the name %s", a, b, moldau_err_name((moldau_err_t)a));
            ck_assert_msg(strcmp(moldau_err_str((moldau_err_t)a), moldau_err_str((moldau_err_t)b)),
                          "codes %d and %d share a sentence", a, b);
        }
    }
}
END_TEST

static const struct {
    moldau_err_t err;
    int code;
    const char *name;
    int retriable;
} known[] = {
    {MOLDAU_ERR_UNKNOWN_SERVER_ERROR, -1, "UNKNOWN_SERVER_ERROR", 0},
    {MOLDAU_ERR_NONE, 0, "NONE", 0},
    {MOLDAU_ERR_OFFSET_OUT_OF_RANGE, 1, "OFFSET_OUT_OF_RANGE", 0},
    {MOLDAU_ERR_CORRUPT_MESSAGE, 2, "CORRUPT_MESSAGE", 1},
    {MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION, 3, "UNKNOWN_TOPIC_OR_PARTITION", 1},
    {MOLDAU_ERR_LEADER_NOT_AVAILABLE, 5, "LEADER_NOT_AVAILABLE", 1},
    {MOLDAU_ERR_NOT_LEADER_OR_FOLLOWER, 6, "NOT_LEADER_OR_FOLLOWER", 1},
    {MOLDAU_ERR_REQUEST_TIMED_OUT, 7, "REQUEST_TIMED_OUT", 1},
    {MOLDAU_ERR_BROKER_NOT_AVAILABLE, 8, "BROKER_NOT_AVAILABLE", 0},
    {MOLDAU_ERR_MESSAGE_TOO_LARGE, 10, "MESSAGE_TOO_LARGE", 0},
    {MOLDAU_ERR_NETWORK_EXCEPTION, 13, "NETWORK_EXCEPTION", 1},
    {MOLDAU_ERR_NOT_COORDINATOR, 16, "NOT_COORDINATOR", 1},
    {MOLDAU_ERR_NOT_ENOUGH_REPLICAS, 19, "NOT_ENOUGH_REPLICAS", 1},
    {MOLDAU_ERR_REBALANCE_IN_PROGRESS, 27, "REBALANCE_IN_PROGRESS", 0},
    {MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, 29, "TOPIC_AUTHORIZATION_FAILED", 0},
    {MOLDAU_ERR_UNSUPPORTED_VERSION, 35, "UNSUPPORTED_VERSION", 0},
    {MOLDAU_ERR_NOT_CONTROLLER, 41, "NOT_CONTROLLER", 1},
    {MOLDAU_ERR_INVALID_REQUEST, 42, "INVALID_REQUEST", 0},
    {MOLDAU_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, 45, "OUT_OF_ORDER_SEQUENCE_NUMBER", 0},
    {MOLDAU_ERR_DUPLICATE_SEQUENCE_NUMBER, 46, "DUPLICATE_SEQUENCE_NUMBER", 0},
    {MOLDAU_ERR_INVALID_PRODUCER_EPOCH, 47, "INVALID_PRODUCER_EPOCH", 0},
    {MOLDAU_ERR_CONCURRENT_TRANSACTIONS, 51, "CONCURRENT_TRANSACTIONS", 1},
    {MOLDAU_ERR_KAFKA_STORAGE_ERROR, 56, "KAFKA_STORAGE_ERROR", 1},
    {MOLDAU_ERR_UNKNOWN_PRODUCER_ID, 59, "UNKNOWN_PRODUCER_ID", 0},
    {MOLDAU_ERR_FENCED_LEADER_EPOCH, 74, "FENCED_LEADER_EPOCH", 1},
    {MOLDAU_ERR_MEMBER_ID_REQUIRED, 79, "MEMBER_ID_REQUIRED", 0},
    {MOLDAU_ERR_THROTTLING_QUOTA_EXCEEDED, 89, "THROTTLING_QUOTA_EXCEEDED", 1},
    {MOLDAU_ERR_PRODUCER_FENCED, 90, "PRODUCER_FENCED", 0},
    {MOLDAU_ERR_UNKNOWN_TOPIC_ID, 100, "UNKNOWN_TOPIC_ID", 1},
    {MOLDAU_ERR_FENCED_MEMBER_EPOCH, 110, "FENCED_MEMBER_EPOCH", 0},
    {MOLDAU_ERR_TRANSACTION_ABORTABLE, 120, "TRANSACTION_ABORTABLE", 0},
    {MOLDAU_ERR_REBOOTSTRAP_REQUIRED, 129, "REBOOTSTRAP_REQUIRED", 0},
    {MOLDAU_ERR_SHARE_SESSION_LIMIT_REACHED, 133, "SHARE_SESSION_LIMIT_REACHED", 1},
    {MOLDAU_ERR__BAD_MSG, -100, "_BAD_MSG", 0},
    {MOLDAU_ERR__TRANSPORT, -107, "_TRANSPORT", 1},
    {MOLDAU_ERR__TIMED_OUT, -108, "_TIMED_OUT", 1},
    {MOLDAU_ERR__MSG_TIMED_OUT, -111, "_MSG_TIMED_OUT", 0},
    {MOLDAU_ERR__UNSUPPORTED_FEATURE, -118, "_UNSUPPORTED_FEATURE", 0},
    {MOLDAU_ERR__LOG_TRUNCATION, -119, "_LOG_TRUNCATION", 0},
};

START_TEST(known_codes)
{
    ck_assert_int_eq((int)known[_i].err, known[_i].code);
    ck_assert_str_eq(moldau_err_name(known[_i].err), known[_i].name);
    ck_assert_int_eq(moldau_err_is_retriable(known[_i].err) != 0, known[_i].retriable);
}
END_TEST

START_TEST(unknown_codes)
{
    /* a newer broker's code, the gaps between the ranges, and far outside both */
    static const int unknown[] = {MOLDAU_ERR__KAFKA_LAST + 1, 999, 32767, -2, -50, -99,
                                  MOLDAU_ERR__LOCAL_FIRST - 1, -32768, -2147483647 - 1};
    for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
        moldau_err_t e = (moldau_err_t)unknown[i];
        ck_assert_str_eq(moldau_err_name(e), "UNKNOWN_ERROR_CODE");
        ck_assert_ptr_nonnull(moldau_err_str(e));
        ck_assert_int_eq(moldau_err_is_retriable(e), 0);
    }
    /* a code read off the wire as int16 converts by a cast */
    int16_t wire = 6;
    ck_assert_str_eq(moldau_err_name((moldau_err_t)wire), "NOT_LEADER_OR_FOLLOWER");
}
END_TEST

Suite *moldau_test_error_suite(void)
{
    Suite *s = suite_create("error");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, every_code_has_name_and_sentence);
    tcase_add_test(tc, names_are_unique);
    tcase_add_loop_test(tc, known_codes, 0, sizeof(known) / sizeof(known[0]));
    tcase_add_test(tc, unknown_codes);
    suite_add_tcase(s, tc);
    return s;
}
