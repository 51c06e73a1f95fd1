/* Commits across clients in a subscribed group on the real broker: a member of one client
 * processes half of the records (sync commits after processing), closes; a member of another
 * client subscribes in the same group and continues exactly there: its committed() reads,
 * for every partition, what the first committed (group_member's K lines), its first record
 * of each partition is at that offset, and every record is processed once. moldau first and
 * the other client second, and the other way round, for confluent-kafka (PyPI), kafka-python
 * (Debian's 2.0.2 and PyPI's 3.x). A missing client skips loudly (fails under CI=true). */
#include <check.h>
#include <stdlib.h>

#include "../support/group_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

#define PARTS 6
#define RECORDS 600

static const char *const others[] = {"confluent-kafka", "kafka-python", "kafka-python-3"};

START_TEST(test_continue)
{
    const char *other = others[_i / 2];
    const char *first = _i % 2 ? other : "moldau", *second = _i % 2 ? "moldau" : other;
    TEST_NEED_KAFKA(bootstrap);
    if (group_client_missing(__func__, "moldau") || group_client_missing(__func__, other))
        return;
    char topic[128], group[128], name[2][200], pair[1100];
    test_topic_name("moldau-group-commits", topic, sizeof(topic));
    test_topic_name("moldau-group-commits", group, sizeof(group));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, PARTS), 0);
    snprintf(name[0], sizeof(name[0]), "commits-%s-1-%s", group, first);
    snprintf(name[1], sizeof(name[1]), "commits-%s-2-%s", group, second);
    fprintf(stderr, "group_commits: %s commits, %s continues\n", first, second);
    interop_result_t *r = malloc(sizeof(*r));
    group_member_t m[2];

    group_produce(bootstrap, topic, 0, RECORDS, PARTS);
    group_member_start(&m[0], first, bootstrap, group, topic, "range", name[0], RECORDS / 2,
                       NULL);
    group_member_wait(&m[0]); /* processed half, committed, closed */
    group_member_start(&m[1], second, bootstrap, group, topic, "range", name[1], -1, NULL);
    GROUP_ASSERT_OK(r, group_wait(r, PARTS, RECORDS, m + 1, 1, m, 2));
    group_member_stop(&m[1]);
    snprintf(pair, sizeof(pair), "%s,%s", m[0].log, m[1].log);
    GROUP_ASSERT_OK(r, group_check(r, PARTS, RECORDS, m, 2, "--no-duplicates", "--continues",
                                   pair, NULL));
    group_members_reap(m, 2);
    free(r);
}
END_TEST

Suite *moldau_test_group_commits_suite(void)
{
    Suite *s = suite_create("group_commits");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_continue, 0, 2 * (int)(sizeof(others) / sizeof(others[0])));
    suite_add_tcase(s, tc);
    return s;
}
