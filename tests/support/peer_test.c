/* Test peers seen from a test; see peer_test.h. */
#include "peer_test.h"

#include <check.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

void test_peer_missing(const char *test, const char *what)
{
    const char *ci = getenv("CI");
    if (ci && !strcmp(ci, "true"))
        ck_abort_msg("%s: %s is missing and CI=true", test, what);
    fprintf(stderr, "\n*** SKIPPED %s: %s is missing ***\n", test, what);
}

const char *test_kafka_bootstrap(const char *test)
{
    const char *b = getenv("MOLDAU_KAFKA_BOOTSTRAP");
    if (b && *b)
        return b;
    test_peer_missing(test, "a Kafka broker (MOLDAU_KAFKA_BOOTSTRAP; `make check` starts one)");
    return NULL;
}

int test_tcp_connect(const char *hostports, int timeout_ms)
{
    char host[256], port[16];
    const char *comma = strchr(hostports, ',');
    size_t len = comma ? (size_t)(comma - hostports) : strlen(hostports);
    const char *colon = memrchr(hostports, ':', len);
    if (!colon || (size_t)(colon - hostports) >= sizeof(host) ||
        len - (size_t)(colon - hostports) - 1 >= sizeof(port)) {
        errno = EINVAL;
        return -1;
    }
    memcpy(host, hostports, (size_t)(colon - hostports));
    host[colon - hostports] = '\0';
    memcpy(port, colon + 1, len - (size_t)(colon - hostports) - 1);
    port[len - (size_t)(colon - hostports) - 1] = '\0';

    struct addrinfo hints, *res, *ai;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res)) {
        errno = EHOSTUNREACH;
        return -1;
    }
    int fd = -1, saved = ECONNREFUSED;
    for (ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
        errno = saved;
    return fd;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int read_all(int fd, uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t k = recv(fd, p, n, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

int test_send_request(int fd, int16_t api_key, int16_t version, int32_t correlation_id,
                      const uint8_t *body, size_t body_len)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    size_t at = moldau_frame_begin(&w);
    int rc = -1;
    if (moldau_request_header_write(&w, api_key, version, correlation_id, "moldau-test") ==
        MOLDAU_ERR_NONE) {
        moldau_buf_put(&w, body, body_len);
        moldau_frame_end(&w, at);
        if (!w.failed)
            rc = write_all(fd, w.data, w.len);
    }
    moldau_buf_free(&w);
    return rc;
}

int test_recv_frame(int fd, moldau_buf_t *frame)
{
    uint8_t size[4];
    moldau_buf_reset(frame);
    if (read_all(fd, size, sizeof(size)))
        return -1;
    moldau_reader_t r;
    moldau_reader_init(&r, size, sizeof(size));
    int32_t n = moldau_r_i32(&r);
    if (n < 0 || n > 64 * 1024 * 1024)
        return -1;
    uint8_t *p = moldau_buf_extend(frame, (size_t)n);
    if (!p && n > 0)
        return -1;
    return read_all(fd, p, (size_t)n);
}

const char *test_python(void)
{
    static char py[512];
    const char *env = getenv("MOLDAU_INTEROP_PYTHON");
    if (env && *env)
        return env;
    snprintf(py, sizeof(py), "%s/.cache/moldau/venv/bin/python",
             getenv("HOME") ? getenv("HOME") : "");
    return access(py, X_OK) ? "/usr/bin/python3" : py;
}
