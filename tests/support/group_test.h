/* Group tests with members in separate processes: moldau's (build/tests/group_member, see
 * tests/support/group_member.c for what it does and logs) and other clients'
 * (tests/interop/group_member.py). The test starts, stops (SIGTERM) and kills (SIGKILL)
 * members, produces keyed records k<id> with moldau's producer meanwhile, and asks
 * tests/interop/group_check.py to wait for a state of the group or to check the logs.
 * Test-only.
 *
 *   group_member_t m[3];
 *   group_member_start(&m[0], "moldau", bootstrap, group, topic, "range", "a", -1, NULL);
 *   group_produce(bootstrap, topic, 0, 300, 6);
 *   GROUP_ASSERT_OK(&r, group_wait(&r, 6, 300, m, 1, m, 1));  // stable, all processed
 *   group_member_kill(&m[0]);
 *   ... GROUP_ASSERT_OK(&r, group_check(&r, 6, 300, m, 3, "--generations", NULL));
 *
 * Clients: "moldau"; "kafka-python" (Debian's 2.0.2, /usr/bin/python3); "kafka-python-3" and
 * "confluent-kafka" (PyPI, in the project's virtualenv $MOLDAU_VENV, default
 * ~/.cache/moldau/venv: scripts/deps.sh makes it). group_client_missing() says whether one
 * is there, reporting it as test_peer_missing does (a loud skip; under CI=true a failure).
 * Logs go to a directory of the test's ($TMPDIR); they are kept when a check fails. */
#ifndef MOLDAU_TEST_GROUP_H
#define MOLDAU_TEST_GROUP_H

#include <stdint.h>
#include <sys/types.h>

#include "interop_test.h"

typedef struct group_member {
    pid_t pid;           /* 0 once reaped */
    char client[32];
    char log[512];
    long long killed_ns; /* CLOCK_MONOTONIC time it was reaped after SIGKILL, 0 if none */
    int status;          /* waitpid status once reaped */
} group_member_t;

/* 1 (after reporting it) when `client` cannot run here, 0 when it can. */
int group_client_missing(const char *test, const char *client);

/* A directory for this test's logs (created), the same for the whole process. */
const char *group_log_dir(void);

/* Starts a member of `group` subscribed to `topic` with partition.assignment.strategy
 * `strategy`; its log is <group_log_dir>/<name>.log. max >= 0: it commits and closes after
 * that many records. A synchronous commit after processing each polled batch; for moldau,
 * commit "auto" makes it enable.auto.commit instead (NULL: "sync"). Fails the test if it
 * cannot start. */
void group_member_start(group_member_t *m, const char *client, const char *bootstrap,
                        const char *group, const char *topic, const char *strategy,
                        const char *name, long max, const char *commit);
/* SIGTERM and wait for a clean exit (status 0) within a generous bound; fails the test if it
 * does not exit, or exits otherwise. */
void group_member_stop(group_member_t *m);
/* Waits for a member that stops by itself (--max): exit status 0 within the bound. */
void group_member_wait(group_member_t *m);
/* SIGKILL (time recorded), reaped. */
void group_member_kill(group_member_t *m);
/* SIGKILL whatever still runs (a test's cleanup). */
void group_members_reap(group_member_t *m, size_t n);

/* Produces ids [from, from+n): key "k<id>", value "v<id>", partition id % partitions; waits
 * for every delivery. */
void group_produce(const char *bootstrap, const char *topic, int from, int n, int partitions);

/* group_check.py wait: the members stable[0..n_stable) hold disjoint assignments covering
 * `partitions`, and every key below `records` was processed by one of all[0..n_all). */
int group_wait(interop_result_t *res, int partitions, int records, const group_member_t *stable,
               size_t n_stable, const group_member_t *all, size_t n_all);
/* group_check.py check over all[0..n) (killed members named with their kill time) with the
 * extra options (NULL-terminated: "--generations", "--no-duplicates", "--continues", "A,B"). */
int group_check(interop_result_t *res, int partitions, int records, const group_member_t *all,
                size_t n, ...);

/* Fails the test on INTEROP_FAIL, printing the output (and where the logs are). */
#define GROUP_ASSERT_OK(res, call)                                                               \
    do {                                                                                         \
        int group_st_ = (call);                                                                  \
        ck_assert_msg(group_st_ == INTEROP_PASS, "%.3000s\n(logs in %s)", (res)->output,          \
                      group_log_dir());                                                          \
    } while (0)

#endif
