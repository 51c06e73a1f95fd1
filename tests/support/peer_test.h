/* Test peers seen from a test: where the real broker is, what to do when a peer is missing, and
 * a raw TCP exchange for tests that speak the protocol without moldau's network layer.
 * Test-only (linked into build/tests/moldau-tests, never into libmoldau). */
#ifndef MOLDAU_TEST_PEER_H
#define MOLDAU_TEST_PEER_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/protocol.h"

/* Reports a missing peer. Under CI=true this fails the running test (it does not return);
 * otherwise it prints a loud SKIPPED line on stderr and returns, and the test should return. */
void test_peer_missing(const char *test, const char *what);

/* The real Kafka cluster's bootstrap list ("127.0.0.1:port[,...]") from MOLDAU_KAFKA_BOOTSTRAP
 * (set by tests/support/kafka.sh with, i.e. by `make check`), or NULL after reporting it
 * missing. */
const char *test_kafka_bootstrap(const char *test);

/* The Python with the current clients: $MOLDAU_INTEROP_PYTHON, else the venv scripts/deps.sh
 * makes (~/.cache/moldau/venv), else /usr/bin/python3. */
const char *test_python(void);

/* Skips (or under CI fails) the calling test when there is no real broker; else sets `var`. */
#define TEST_NEED_KAFKA(var)                                                                     \
    const char *var = test_kafka_bootstrap(__func__);                                            \
    if (!var)                                                                                    \
    return

/* A blocking TCP connection to the first "host:port" of a comma-separated list, with send and
 * receive timeouts of `timeout_ms` so a silent peer cannot hang the run. Returns the socket, or
 * -1 with errno set. */
int test_tcp_connect(const char *hostports, int timeout_ms);

/* Sends one request: header (v1 or v2 as the API and version say) and the `body` bytes, framed.
 * Returns 0 or -1. */
int test_send_request(int fd, int16_t api_key, int16_t version, int32_t correlation_id,
                      const uint8_t *body, size_t body_len);

/* Receives one size-prefixed frame into `frame` (reset first). Returns 0, or -1 on EOF, error,
 * timeout, or a size over 64 MiB. */
int test_recv_frame(int fd, moldau_buf_t *frame);

#endif
