/* What an OffsetForLeaderEpoch answer means for a position (validate.c): a log ending below the
 * position is a truncation, at or past it the position holds, an unknown end has no divergence
 * point; stale leaders and epochs are asked again, an old broker skips validation, any other
 * error is reported. */
#include <check.h>

#include "consumer/validate.h"

START_TEST(verdicts)
{
    /* end offset against the position */
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_NONE, 15, 0, 10), MOLDAU__VALIDATION_TRUNCATED);
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_NONE, 15, 0, 14), MOLDAU__VALIDATION_TRUNCATED);
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_NONE, 15, 0, 15), MOLDAU__VALIDATION_OK);
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_NONE, 15, 3, 40), MOLDAU__VALIDATION_OK);
    /* the leader knows no end for the epoch (-1 epoch or offset) */
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_NONE, 15, -1, -1), MOLDAU__VALIDATION_UNDEFINED);
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_NONE, 15, 2, -1), MOLDAU__VALIDATION_UNDEFINED);
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_NONE, 15, -1, 20), MOLDAU__VALIDATION_UNDEFINED);
    /* stale metadata: asked again (after a refresh) */
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_NOT_LEADER_OR_FOLLOWER, 15, 0, 10),
                     MOLDAU__VALIDATION_RETRY);
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_FENCED_LEADER_EPOCH, 15, -1, -1),
                     MOLDAU__VALIDATION_RETRY);
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_UNKNOWN_LEADER_EPOCH, 15, -1, -1),
                     MOLDAU__VALIDATION_RETRY);
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR__TRANSPORT, 15, -1, -1),
                     MOLDAU__VALIDATION_RETRY);
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR__TIMED_OUT, 15, -1, -1),
                     MOLDAU__VALIDATION_RETRY);
    /* a broker without the API or version: no validation */
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_UNSUPPORTED_VERSION, 15, -1, -1),
                     MOLDAU__VALIDATION_SKIP);
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR__UNSUPPORTED_FEATURE, 15, -1, -1),
                     MOLDAU__VALIDATION_SKIP);
    /* anything else is reported */
    ck_assert_int_eq(moldau__validation_of(MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, 15, -1, -1),
                     MOLDAU__VALIDATION_FAILED);
}
END_TEST

Suite *moldau_test_validate_suite(void)
{
    Suite *s = suite_create("validate");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, verdicts);
    suite_add_tcase(s, tc);
    return s;
}
