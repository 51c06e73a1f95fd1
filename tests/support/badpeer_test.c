/* badpeer: a scripted fake broker on a loopback port, served by a thread. See badpeer_test.h. */
#include "badpeer_test.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "moldau/protocol.h"

#define MAX_SEEN 1024
#define MAX_REQUEST (64 * 1024 * 1024)

struct badpeer {
    int lfd, port;
    int stop[2];
    pthread_t thread;
    badpeer_step_t *script;
    char *used;     /* per step */
    int16_t *keys;  /* per step, or NULL (badpeer_start_keyed) */
    size_t n_steps;
    badpeer_action_t after;

    pthread_mutex_t lock; /* guards what follows */
    int n_requests, n_connections;
    struct { int32_t corr; int16_t key, version; } seen[MAX_SEEN];
};

enum { KEEP_OPEN, CLOSE_CONN, STOP };

static int write_all(int fd, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n > 0) {
        ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Waits until fd is readable; returns STOP when the test stops the peer meanwhile. */
static int wait_readable(badpeer_t *bp, int fd)
{
    struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = bp->stop[0], .events = POLLIN}};
    while (poll(p, 2, -1) < 0)
        if (errno != EINTR)
            return STOP;
    return p[1].revents ? STOP : KEEP_OPEN;
}

/* Half-closes after the last bytes (a FIN, not a reset that could discard them on the way)
 * and waits for the client to close its side. */
static int close_gently(badpeer_t *bp, int fd)
{
    shutdown(fd, SHUT_WR);
    char buf[4096];
    for (;;) {
        if (wait_readable(bp, fd) == STOP)
            return STOP;
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n == 0 || (n < 0 && errno != EINTR))
            return CLOSE_CONN;
    }
}

static badpeer_step_t next_step(badpeer_t *bp, int16_t key)
{
    for (size_t i = 0; i < bp->n_steps; i++) {
        int16_t k = bp->keys ? bp->keys[i] : -1;
        if (bp->used[i] || (k >= 0 && k != key))
            continue;
        int last_of_key = k >= 0;
        for (size_t j = i + 1; j < bp->n_steps && last_of_key; j++)
            last_of_key = bp->keys[j] != k;
        if (!last_of_key)
            bp->used[i] = 1;
        return bp->script[i];
    }
    return (badpeer_step_t){.action = bp->after};
}

/* Answers one request (frame without its size prefix). */
static int answer(badpeer_t *bp, int fd, const uint8_t *req, size_t len)
{
    moldau_reader_t r;
    moldau_reader_init(&r, req, len);
    int16_t key = moldau_r_i16(&r);
    int16_t version = moldau_r_i16(&r);
    int32_t corr = moldau_r_i32(&r);
    int16_t client_id_len = moldau_r_i16(&r);
    if (client_id_len > 0)
        moldau_r_skip(&r, (size_t)client_id_len);
    if (moldau_request_header_version(key, version) >= 2)
        moldau_r_tags(&r, NULL, NULL);
    if (r.err)
        return CLOSE_CONN; /* not a request: nothing sensible to answer */
    pthread_mutex_lock(&bp->lock);
    if (bp->n_requests < MAX_SEEN) {
        bp->seen[bp->n_requests].corr = corr;
        bp->seen[bp->n_requests].key = key;
        bp->seen[bp->n_requests].version = version;
    }
    bp->n_requests++;
    badpeer_step_t step = next_step(bp, key);
    if (step.data && step.len) { /* badpeer_set_canned may replace it meanwhile */
        void *copy = malloc(step.len);
        memcpy(copy, step.data, step.len);
        step.data = copy;
    }
    pthread_mutex_unlock(&bp->lock);

    const uint8_t *body = r.p;
    size_t body_len = moldau_reader_remaining(&r);
    if (step.action == BADPEER_CANNED) {
        body = step.data;
        body_len = step.len;
    }
    moldau_buf_t out;
    moldau_buf_init(&out);
    size_t at = moldau_frame_begin(&out);
    moldau_w_i32(&out, step.action == BADPEER_WRONG_CORR ? corr + 1 : corr);
    if (moldau_response_header_version(key, version) >= 1)
        moldau_w_tags_none(&out);
    moldau_buf_put(&out, body, body_len);
    moldau_frame_end(&out, at);

    int rc = KEEP_OPEN;
    switch (step.action) {
    case BADPEER_ECHO:
    case BADPEER_CANNED:
    case BADPEER_WRONG_CORR:
        if (write_all(fd, out.data, out.len) < 0)
            rc = CLOSE_CONN;
        break;
    case BADPEER_RAW:
        if (write_all(fd, step.data, step.len) < 0)
            rc = CLOSE_CONN;
        break;
    case BADPEER_TRUNCATE:
        write_all(fd, out.data, 4 + (out.len - 4) / 2);
        rc = close_gently(bp, fd);
        break;
    case BADPEER_CLOSE_MID: {
        size_t n = step.len ? step.len : 2;
        write_all(fd, out.data, n < out.len ? n : out.len);
        rc = close_gently(bp, fd);
        break;
    }
    case BADPEER_OVERSIZE: {
        uint32_t size = step.len ? (uint32_t)step.len : 0x7fffffffu;
        uint8_t b[10] = {(uint8_t)(size >> 24), (uint8_t)(size >> 16), (uint8_t)(size >> 8),
                         (uint8_t)size, 1, 2, 3, 4, 5, 6};
        write_all(fd, b, sizeof(b));
        break;
    }
    case BADPEER_DRIBBLE:
        for (size_t i = 0; i < out.len && rc == KEEP_OPEN; i++)
            if (write_all(fd, out.data + i, 1) < 0)
                rc = CLOSE_CONN;
        break;
    case BADPEER_SILENT:
        break;
    case BADPEER_CLOSE:
        rc = close_gently(bp, fd);
        break;
    }
    moldau_buf_free(&out);
    if (step.data && step.len)
        free((void *)step.data);
    return rc;
}

static int serve_connection(badpeer_t *bp, int fd)
{
    moldau_buf_t in;
    moldau_buf_init(&in);
    int rc = KEEP_OPEN;
    while (rc == KEEP_OPEN) {
        if ((rc = wait_readable(bp, fd)) == STOP)
            break;
        uint8_t *p = moldau_buf_extend(&in, 64 * 1024);
        if (!p) {
            rc = CLOSE_CONN;
            break;
        }
        ssize_t n = read(fd, p, 64 * 1024);
        in.len -= 64 * 1024 - (n > 0 ? (size_t)n : 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = CLOSE_CONN;
            break;
        }
        size_t pos = 0;
        while (rc == KEEP_OPEN && in.len - pos >= 4) {
            uint32_t size = (uint32_t)in.data[pos] << 24 | (uint32_t)in.data[pos + 1] << 16 |
                            (uint32_t)in.data[pos + 2] << 8 | in.data[pos + 3];
            if (size > MAX_REQUEST) {
                rc = CLOSE_CONN;
                break;
            }
            if (in.len - pos - 4 < size)
                break;
            rc = answer(bp, fd, in.data + pos + 4, size);
            pos += 4 + size;
        }
        memmove(in.data, in.data + pos, in.len - pos);
        in.len -= pos;
    }
    moldau_buf_free(&in);
    return rc;
}

static void *serve(void *arg)
{
    badpeer_t *bp = arg;
    while (wait_readable(bp, bp->lfd) != STOP) {
        int fd = accept(bp->lfd, NULL, NULL);
        if (fd < 0)
            continue;
        int one = 1; /* small writes leave at once, so DRIBBLE really splits frames */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        pthread_mutex_lock(&bp->lock);
        bp->n_connections++;
        pthread_mutex_unlock(&bp->lock);
        int rc = serve_connection(bp, fd);
        close(fd);
        if (rc == STOP)
            break;
    }
    return NULL;
}

static badpeer_t *start(int ipv6, const badpeer_step_t *script, const int16_t *keys, size_t n,
                        badpeer_action_t after)
{
    badpeer_t *bp = calloc(1, sizeof(*bp));
    ck_assert_ptr_nonnull(bp);
    pthread_mutex_init(&bp->lock, NULL);
    bp->after = after;
    bp->n_steps = n;
    bp->script = calloc(n ? n : 1, sizeof(*bp->script));
    bp->used = calloc(n ? n : 1, 1);
    ck_assert_ptr_nonnull(bp->used);
    if (keys) {
        bp->keys = calloc(n ? n : 1, sizeof(*bp->keys));
        ck_assert_ptr_nonnull(bp->keys);
        memcpy(bp->keys, keys, n * sizeof(*keys));
    }
    for (size_t i = 0; i < n; i++) {
        bp->script[i] = script[i];
        if (script[i].data && script[i].len) {
            void *copy = malloc(script[i].len);
            memcpy(copy, script[i].data, script[i].len);
            bp->script[i].data = copy;
        }
    }
    struct sockaddr_storage ss;
    socklen_t len;
    memset(&ss, 0, sizeof(ss));
    if (ipv6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_addr = in6addr_loopback;
        len = sizeof(*a);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof(*a);
    }
    bp->lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(bp->lfd, 0);
    ck_assert_msg(bind(bp->lfd, (struct sockaddr *)&ss, len) == 0, "bind: %s", strerror(errno));
    ck_assert_int_eq(listen(bp->lfd, 16), 0);
    ck_assert_int_eq(getsockname(bp->lfd, (struct sockaddr *)&ss, &len), 0);
    bp->port = ntohs(ipv6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                          : ((struct sockaddr_in *)&ss)->sin_port);
    ck_assert_int_eq(pipe(bp->stop), 0);
    ck_assert_int_eq(pthread_create(&bp->thread, NULL, serve, bp), 0);
    return bp;
}

badpeer_t *badpeer_start_on(int ipv6, const badpeer_step_t *script, size_t n,
                            badpeer_action_t after)
{
    return start(ipv6, script, NULL, n, after);
}

badpeer_t *badpeer_start(const badpeer_step_t *script, size_t n, badpeer_action_t after)
{
    return start(0, script, NULL, n, after);
}

void badpeer_set_canned(badpeer_t *bp, size_t i, const void *data, size_t len)
{
    void *copy = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, data, len);
    pthread_mutex_lock(&bp->lock);
    ck_assert_uint_lt(i, bp->n_steps);
    if (bp->script[i].data && bp->script[i].len)
        free((void *)bp->script[i].data);
    bp->script[i].data = copy;
    bp->script[i].len = len;
    pthread_mutex_unlock(&bp->lock);
}

badpeer_t *badpeer_start_keyed(const badpeer_step_t *script, const int16_t *keys, size_t n,
                               badpeer_action_t after)
{
    return start(0, script, keys, n, after);
}

int badpeer_port(const badpeer_t *bp) { return bp->port; }

void badpeer_stop(badpeer_t *bp)
{
    if (!bp)
        return;
    ck_assert_int_eq(write(bp->stop[1], "x", 1), 1);
    pthread_join(bp->thread, NULL);
    close(bp->stop[0]);
    close(bp->stop[1]);
    close(bp->lfd);
    for (size_t i = 0; i < bp->n_steps; i++)
        if (bp->script[i].data && bp->script[i].len)
            free((void *)bp->script[i].data);
    free(bp->script);
    free(bp->used);
    free(bp->keys);
    pthread_mutex_destroy(&bp->lock);
    free(bp);
}

int badpeer_requests(badpeer_t *bp)
{
    pthread_mutex_lock(&bp->lock);
    int n = bp->n_requests;
    pthread_mutex_unlock(&bp->lock);
    return n;
}

int badpeer_connections(badpeer_t *bp)
{
    pthread_mutex_lock(&bp->lock);
    int n = bp->n_connections;
    pthread_mutex_unlock(&bp->lock);
    return n;
}

static int seen_field(badpeer_t *bp, int i, int which)
{
    int v = -1;
    pthread_mutex_lock(&bp->lock);
    if (i >= 0 && i < bp->n_requests && i < MAX_SEEN)
        v = which == 0 ? bp->seen[i].corr : which == 1 ? bp->seen[i].key : bp->seen[i].version;
    pthread_mutex_unlock(&bp->lock);
    return v;
}

int32_t badpeer_correlation_id(badpeer_t *bp, int i) { return seen_field(bp, i, 0); }
int badpeer_api_key(badpeer_t *bp, int i) { return seen_field(bp, i, 1); }
int badpeer_api_version(badpeer_t *bp, int i) { return seen_field(bp, i, 2); }

int badpeer_closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, len), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}
