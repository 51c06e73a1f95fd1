/* make demo's program (demo/demo.c, $MOLDAU_BUILD/demo/moldau-demo) on the real broker with a
 * smaller count, as scripts/demo.sh runs it: its admin client creates the topic; it exits 0 only when every record came back
 * exactly once; the test also checks that both members of its group got records (the group
 * split the partitions) and that the counts it prints add up to what was produced. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../support/peer_test.h"
#include "../support/topic_test.h"

#define PARTS 6
#define RECORDS 30000

START_TEST(demo_round_trip)
{
    const char *bootstrap = test_kafka_bootstrap(__func__);
    if (!bootstrap)
        return;
    const char *build = getenv("MOLDAU_BUILD");
    char prog[512], topic[128], cmd[1024];
    snprintf(prog, sizeof(prog), "%s/demo/moldau-demo", build ? build : "build");
    ck_assert_msg(access(prog, X_OK) == 0, "%s: not built (make demo-bin)", prog);
    test_topic_name("moldau-demo", topic, sizeof(topic));
    snprintf(cmd, sizeof(cmd), "%s %s %s %d %d 2>&1", prog, bootstrap, topic, PARTS, RECORDS);
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    static char out[65536];
    size_t len = fread(out, 1, sizeof(out) - 1, f);
    out[len] = '\0';
    int status = pclose(f);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: status 0x%x:\n%s", cmd,
                  status, out);
    ck_assert_msg(strstr(out, "  created "), "the demo did not create its topic:\n%s", out);
    ck_assert_msg(strstr(out, "exactly once: each of the 30000 records came back once"),
                  "%s", out);
    long members[2] = {0, 0}, produced = -1;
    for (int i = 0; i < 2; i++) {
        char tag[32];
        snprintf(tag, sizeof(tag), "member %d: ", i + 1);
        const char *m = strstr(out, tag);
        ck_assert_msg(m, "no line for member %d:\n%s", i + 1, out);
        members[i] = strtol(m + strlen(tag), NULL, 10);
        ck_assert_msg(members[i] > 0, "member %d got no records:\n%s", i + 1, out);
    }
    const char *p = strstr(out, "  produced: ");
    ck_assert_ptr_nonnull(p);
    produced = strtol(p + strlen("  produced: "), NULL, 10);
    ck_assert_int_eq(produced, RECORDS);
    ck_assert_int_eq(members[0] + members[1], RECORDS);
    fprintf(stderr, "demo: %ld + %ld records over the two members\n", members[0], members[1]);
}
END_TEST

Suite *moldau_test_demo_kafka_suite(void)
{
    Suite *s = suite_create("demo_kafka");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, demo_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
