/* A group of moldau consumers in separate processes (build/tests/group_member) on a
 * 6-partition topic of the real broker, while members join, leave (SIGTERM: commit, close,
 * LeaveGroup) and are killed (SIGKILL), records produced at every step: at every generation
 * each partition has exactly one owner, no partition is owned by two members at once and no
 * record is processed outside its member's ownership; with commits after processing
 * (synchronous, or automatic) every record is processed at least once, and a record is processed twice only
 * where a killed member had processed it after its last commit (counted, and held to that
 * bound). Every wait is on a condition with a generous bound (group_check.py wait), never a
 * time. */
#include <check.h>
#include <stdlib.h>

#include "../support/group_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

#define PARTS 6
#define STEP 300 /* records produced per step */

/* sync: group_member commits after every polled batch and in its REVOKED callback; auto:
 * enable.auto.commit (its commits logged from the commit callback, so a killed member may
 * have committed more than its log says: the bound is then the logged one). */
static const char *const commits[] = {"sync", "auto"};

START_TEST(test_join_leave_kill)
{
    const char *commit = commits[_i];
    TEST_NEED_KAFKA(bootstrap);
    if (group_client_missing(__func__, "moldau"))
        return;
    char topic[128], group[128];
    test_topic_name("moldau-group-procs", topic, sizeof(topic));
    test_topic_name("moldau-group-procs", group, sizeof(group));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, PARTS), 0);
    interop_result_t *r = malloc(sizeof(*r));
    group_member_t m[6];
    enum { A, B, C, D, E, F };
    int produced = 0;
#define START(i, name)                                                                           \
    group_member_start(&m[i], "moldau", bootstrap, group, topic, "range", name, -1, commit)
#define PRODUCE() (group_produce(bootstrap, topic, produced, STEP, PARTS), produced += STEP)
#define WAIT(...)                                                                                \
    do {                                                                                         \
        group_member_t st_[] = {__VA_ARGS__};                                                    \
        GROUP_ASSERT_OK(r, group_wait(r, PARTS, produced, st_, sizeof(st_) / sizeof(st_[0]), m, \
                                      sizeof(m) / sizeof(m[0])));                                \
    } while (0)
    for (int i = 0; i < 6; i++)
        m[i] = (group_member_t){0};
    /* logs of members not started yet are empty files to the checker */
    const char *names[] = {"a", "b", "c", "d", "e", "f"};
    for (int i = 0; i < 6; i++)
        snprintf(m[i].log, sizeof(m[i].log), "%s/procs-%s-%s.log", group_log_dir(), group,
                 names[i]);

    char name[160];
#define NAME(i) (snprintf(name, sizeof(name), "procs-%s-%s", group, names[i]), name)
    START(A, NAME(A));
    START(B, NAME(B));
    PRODUCE();
    WAIT(m[A], m[B]);
    START(C, NAME(C)); /* joins: three members */
    PRODUCE();
    WAIT(m[A], m[B], m[C]);
    group_member_stop(&m[B]); /* leaves cleanly: its commits stand */
    PRODUCE();
    WAIT(m[A], m[C]);
    PRODUCE();
    group_member_kill(&m[A]); /* dies, maybe between processing and committing */
    WAIT(m[C]);               /* after its session timed out */
    START(D, NAME(D));
    START(E, NAME(E));
    PRODUCE();
    WAIT(m[C], m[D], m[E]);
    PRODUCE();
    group_member_kill(&m[D]);
    START(F, NAME(F));
    PRODUCE();
    WAIT(m[C], m[E], m[F]);
    group_member_stop(&m[C]);
    group_member_stop(&m[E]);
    group_member_stop(&m[F]);
    GROUP_ASSERT_OK(r, group_check(r, PARTS, produced, m, 6, "--generations", NULL));
    fprintf(stderr, "group_processes (%s commits): %s", commit, r->output);
    group_members_reap(m, 6);
    free(r);
#undef START
#undef PRODUCE
#undef WAIT
#undef NAME
}
END_TEST

Suite *moldau_test_group_processes_suite(void)
{
    Suite *s = suite_create("group_processes");
    TCase *tc = tcase_create("kafka");
    /* two session timeouts, several rebalances and closes, all on a shared 2-core machine */
    tcase_set_timeout(tc, 900);
    tcase_add_loop_test(tc, test_join_leave_kill, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
