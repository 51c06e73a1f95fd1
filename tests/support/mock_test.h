/* librdkafka's mock cluster for tests: spawns build/tests/mock_cluster (tests/support/
 * mock_cluster.c) with pipes and steers it with its line commands (listed at the top of that
 * file: topic create, partition leader, broker down/up/rtt, push errors, drop, coordinator set,
 * apiversion set, ...). Test-only. The mock's limits are in /work/shared/TEST-PEERS.md. */
#ifndef MOLDAU_TEST_MOCK_H
#define MOLDAU_TEST_MOCK_H

#include <stddef.h>
#include <sys/types.h>

typedef struct test_mock {
    pid_t pid;
    int to_fd;        /* its stdin */
    int from_fd;      /* its stdout */
    char bootstrap[1024];
    char answer[1024]; /* the last answer, without "OK " / "ERR " */
    char buf[2048];   /* bytes read from it, not yet a whole line */
    size_t buf_len;
} test_mock_t;

/* Starts a mock cluster of `brokers` brokers (ids 1..brokers). The launcher is
 * $MOLDAU_MOCK_CLUSTER, else $MOLDAU_BUILD/tests/mock_cluster, else build/tests/mock_cluster.
 * Returns NULL (after test_peer_missing(): under CI=true the test fails) when it cannot run. */
test_mock_t *test_mock_start(const char *test, int brokers);

/* Sends one command (printf-style) and waits for its answer (at most 30 s). Returns 0 for OK,
 * -1 for ERR or a dead launcher; the answer's text is in m->answer either way. */
int test_mock_cmd(test_mock_t *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "127.0.0.1:port" of broker `id` (1-based), or NULL. Points into a static buffer. */
const char *test_mock_broker(const test_mock_t *m, int id);

/* Quits the launcher, waits for it (SIGKILL after 10 s) and frees m. NULL is fine. */
void test_mock_stop(test_mock_t *m);

/* Starts a mock or returns from the calling test (see test_mock_start). */
#define TEST_NEED_MOCK(var, brokers)                                                             \
    test_mock_t *var = test_mock_start(__func__, (brokers));                                     \
    if (!var)                                                                                    \
    return

#endif
