/* Shared by check_net_broker*.c and check_net_cluster*.c: a bounded reactor loop, a debug
 * logger, and the test peers of tests/support (real Kafka, librdkafka's mock cluster). */
#ifndef MOLDAU_TESTS_CHECK_NET_CLUSTER_PEERS_H
#define MOLDAU_TESTS_CHECK_NET_CLUSTER_PEERS_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "../support/mock_test.h"
#include "../support/peer_test.h"

#include "net/reactor.h"
#include "util/log.h"

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

/* A mock command that must succeed. */
#define PEERS_MOCK(m, ...)                                                                        \
    ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "mock cluster: %s", (m)->answer)

#endif
