/* Mixed groups on the real broker: moldau members (build/tests/group_member) and members of
 * another client (tests/interop/group_member.py) in one group, each with range and with
 * roundrobin: confluent-kafka (PyPI, librdkafka 2.16.0), kafka-python (Debian's 2.0.2 and
 * PyPI's 3.x); and moldau with cooperative-sticky beside confluent-kafka's cooperative-sticky.
 * The other client's member joins first (so its side leads some rebalances, moldau others),
 * a moldau member joins, a second moldau member joins, the other client leaves: at every
 * step the partitions split between all members, no partition is consumed by two members at
 * once, every record is consumed, and none twice (sync commits after processing, nobody
 * killed). A missing client skips loudly (fails under CI=true). */
#include <check.h>
#include <stdlib.h>

#include "../support/group_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

#define PARTS 6
#define STEP 200

static const struct {
    const char *client, *strategy;
} cases[] = {
    {"confluent-kafka", "range"},      {"confluent-kafka", "roundrobin"},
    {"kafka-python", "range"},         {"kafka-python", "roundrobin"},
    {"kafka-python-3", "range"},       {"kafka-python-3", "roundrobin"},
};

static void mixed(const char *bootstrap, const char *client, const char *strategy)
{
    if (group_client_missing(__func__, "moldau") || group_client_missing(__func__, client))
        return;
    char topic[128], group[128], name[3][200];
    test_topic_name("moldau-group-mixed", topic, sizeof(topic));
    test_topic_name("moldau-group-mixed", group, sizeof(group));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, PARTS), 0);
    for (int i = 0; i < 3; i++)
        snprintf(name[i], sizeof(name[i]), "mixed-%s-%s-%s-%d", group, client, strategy, i);
    interop_result_t *r = malloc(sizeof(*r));
    group_member_t m[3];
    int produced = 0;
    fprintf(stderr, "group_mixed: %s with %s\n", client, strategy);

    group_member_start(&m[0], client, bootstrap, group, topic, strategy, name[0], -1, NULL);
    group_produce(bootstrap, topic, produced, STEP, PARTS);
    produced += STEP;
    GROUP_ASSERT_OK(r, group_wait(r, PARTS, produced, m, 1, m, 1));
    group_member_start(&m[1], "moldau", bootstrap, group, topic, strategy, name[1], -1, NULL);
    group_produce(bootstrap, topic, produced, STEP, PARTS);
    produced += STEP;
    GROUP_ASSERT_OK(r, group_wait(r, PARTS, produced, m, 2, m, 2));
    group_member_start(&m[2], "moldau", bootstrap, group, topic, strategy, name[2], -1, NULL);
    group_produce(bootstrap, topic, produced, STEP, PARTS);
    produced += STEP;
    GROUP_ASSERT_OK(r, group_wait(r, PARTS, produced, m, 3, m, 3));
    group_member_stop(&m[0]); /* the other client leaves: the moldau members take over */
    group_produce(bootstrap, topic, produced, STEP, PARTS);
    produced += STEP;
    GROUP_ASSERT_OK(r, group_wait(r, PARTS, produced, m + 1, 2, m, 3));
    group_member_stop(&m[1]);
    group_member_stop(&m[2]);
    GROUP_ASSERT_OK(r, group_check(r, PARTS, produced, m, 3, "--no-duplicates", NULL));
    group_members_reap(m, 3);
    free(r);
}

START_TEST(test_mixed)
{
    TEST_NEED_KAFKA(bootstrap);
    mixed(bootstrap, cases[_i].client, cases[_i].strategy);
}
END_TEST

/* Its own case (CK_RUN_CASE=cooperative): the one where a member's lost generation used to
 * leave its assignment applied (records handed out at generation -1, then LOST, read again) */
START_TEST(test_mixed_cooperative)
{
    TEST_NEED_KAFKA(bootstrap);
    mixed(bootstrap, "confluent-kafka", "cooperative-sticky");
}
END_TEST

Suite *moldau_test_group_mixed_suite(void)
{
    Suite *s = suite_create("group_mixed");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, test_mixed, 0, (int)(sizeof(cases) / sizeof(cases[0])));
    suite_add_tcase(s, tc);
    TCase *coop = tcase_create("cooperative");
    tcase_set_timeout(coop, 600);
    tcase_add_test(coop, test_mixed_cooperative);
    suite_add_tcase(s, coop);
    return s;
}
