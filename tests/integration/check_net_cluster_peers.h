/* Shared by check_net_broker*.c and check_net_cluster*.c: a bounded reactor loop, the real
 * Kafka broker from the environment, and the librdkafka mock cluster (tests/support/
 * mock_cluster) steered through its stdin/stdout line commands. */
#ifndef MOLDAU_TESTS_CHECK_NET_CLUSTER_PEERS_H
#define MOLDAU_TESTS_CHECK_NET_CLUSTER_PEERS_H

#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "net/log.h"
#include "net/reactor.h"

static inline void peers_log_emit(moldau__logger_t *lg, int level, const char *fac,
                                  const char *msg)
{
    (void)lg;
    fprintf(stderr, "  [%d %s] %s\n", level, fac, msg);
}

/* A logger to stderr when MOLDAU_TEST_DEBUG is set (e.g. MOLDAU_TEST_DEBUG=1), else NULL. */
static inline moldau__logger_t *peers_logger(void)
{
    static moldau__logger_t lg = {MOLDAU_LOG_DEBUG, MOLDAU__DBG_ALL, peers_log_emit};
    const char *d = getenv("MOLDAU_TEST_DEBUG");
    return d && *d ? &lg : NULL;
}

/* Runs the reactor until cond holds, at most max_ms (a bound, so a bug fails the test instead
 * of hanging it; never an assertion about timing). */
#define PEERS_RUN_UNTIL(r, cond, max_ms)                                                          \
    do {                                                                                          \
        int64_t end_ = moldau__now_ms() + (max_ms);                                               \
        while (!(cond) && moldau__now_ms() < end_)                                                \
            ck_assert_int_ge(moldau__reactor_run_once((r), 20), 0);                               \
        ck_assert_msg((cond), "not reached within %d ms: %s", (int)(max_ms), #cond);              \
    } while (0)

/* Runs the reactor for a while whatever happens (to give a wrong behaviour its chance). */
static inline void peers_run_for(moldau__reactor_t *r, int ms)
{
    int64_t end = moldau__now_ms() + ms;
    while (moldau__now_ms() < end)
        moldau__reactor_run_once(r, 10);
}

static inline int peers_ci(void)
{
    const char *ci = getenv("CI");
    return ci && !strcmp(ci, "true");
}

/* The real broker's bootstrap list, or NULL after a loud skip message (a failure under CI). */
static inline const char *peers_kafka(const char *test)
{
    const char *b = getenv("MOLDAU_KAFKA_BOOTSTRAP");
    if (b && *b)
        return b;
    ck_assert_msg(!peers_ci(), "%s: MOLDAU_KAFKA_BOOTSTRAP is not set and CI=true", test);
    fprintf(stderr, "*** %s: SKIPPED: no Kafka broker (MOLDAU_KAFKA_BOOTSTRAP unset) ***\n", test);
    return NULL;
}

/* ---- the mock cluster ------------------------------------------------------------------- */

typedef struct peers_mock {
    pid_t pid;
    FILE *to, *from;
    char bootstrap[512];
} peers_mock_t;

/* Starts mock_cluster with n brokers. Returns 0, or -1 after a loud skip message (a failure
 * under CI) when the launcher is not built. */
static inline int peers_mock_start(peers_mock_t *m, int n, const char *test)
{
    char path[1024];
    const char *build = getenv("MOLDAU_BUILD");
    snprintf(path, sizeof(path), "%s/tests/mock_cluster", build ? build : "build");
    if (access(path, X_OK) != 0) {
        ck_assert_msg(!peers_ci(), "%s: %s is missing and CI=true", test, path);
        fprintf(stderr, "*** %s: SKIPPED: no mock cluster launcher at %s (make mock-cluster) ***\n",
                test, path);
        return -1;
    }
    int in[2], out[2];
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(out), 0);
    char nb[16];
    snprintf(nb, sizeof(nb), "%d", n);
    m->pid = fork();
    ck_assert_int_ge(m->pid, 0);
    if (m->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]); close(in[1]); close(out[0]); close(out[1]);
        execl(path, path, "-b", nb, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    m->to = fdopen(in[1], "w");
    m->from = fdopen(out[0], "r");
    ck_assert(m->to && m->from);
    char line[600];
    ck_assert_msg(fgets(line, sizeof(line), m->from) != NULL, "mock_cluster said nothing");
    ck_assert_msg(sscanf(line, "BOOTSTRAP %511s", m->bootstrap) == 1, "mock: %s", line);
    return 0;
}

/* Sends one command; returns 0 on "OK ...", with the answer (after "OK ") in ans if given. */
static inline int peers_mock_cmd(peers_mock_t *m, char *ans, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(m->to, fmt, ap);
    va_end(ap);
    fputc('\n', m->to);
    fflush(m->to);
    char line[600];
    ck_assert_msg(fgets(line, sizeof(line), m->from) != NULL, "mock_cluster did not answer");
    line[strcspn(line, "\n")] = 0;
    if (ans)
        snprintf(ans, n, "%s", strncmp(line, "OK ", 3) ? line : line + 3);
    return strncmp(line, "OK", 2) ? -1 : 0;
}

#define PEERS_MOCK(m, ...) ck_assert_int_eq(peers_mock_cmd((m), NULL, 0, __VA_ARGS__), 0)

static inline void peers_mock_stop(peers_mock_t *m)
{
    if (!m->to)
        return;
    fclose(m->to); /* EOF: the launcher destroys the cluster and exits */
    fclose(m->from);
    int st;
    waitpid(m->pid, &st, 0);
    m->to = m->from = NULL;
}

#endif
