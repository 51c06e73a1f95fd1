/* librdkafka's mock cluster for tests; see mock_test.h. */
#include "mock_test.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "peer_test.h"

#define ANSWER_TIMEOUT_MS 30000

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void launcher_path(char *out, size_t n)
{
    const char *p = getenv("MOLDAU_MOCK_CLUSTER");
    const char *build = getenv("MOLDAU_BUILD");
    if (p && *p)
        snprintf(out, n, "%s", p);
    else if (build && *build)
        snprintf(out, n, "%s/tests/mock_cluster", build);
    else
        snprintf(out, n, "build/tests/mock_cluster");
}

/* Copies what fits; the answer texts are short, truncation only guards the buffer. */
static void copy_text(char *dst, size_t n, const char *src)
{
    size_t len = strnlen(src, n - 1);
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* One line from the launcher into `line` (without the newline); 0, or -1 on EOF/timeout. */
static int read_line(test_mock_t *m, char *line, size_t n)
{
    long long deadline = now_ms() + ANSWER_TIMEOUT_MS;
    for (;;) {
        char *nl = memchr(m->buf, '\n', m->buf_len);
        if (nl) {
            size_t len = (size_t)(nl - m->buf);
            size_t copy = len < n - 1 ? len : n - 1;
            memcpy(line, m->buf, copy);
            line[copy] = '\0';
            memmove(m->buf, nl + 1, m->buf_len - len - 1);
            m->buf_len -= len + 1;
            return 0;
        }
        if (m->buf_len == sizeof(m->buf))
            return -1; /* a line longer than we accept */
        long long left = deadline - now_ms();
        if (left <= 0)
            return -1;
        struct pollfd pfd = {m->from_fd, POLLIN, 0};
        int r = poll(&pfd, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        ssize_t k = read(m->from_fd, m->buf + m->buf_len, sizeof(m->buf) - m->buf_len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        m->buf_len += (size_t)k;
    }
}

test_mock_t *test_mock_start(const char *test, int brokers)
{
    char path[1024], nbuf[16], why[1200];
    launcher_path(path, sizeof(path));
    if (access(path, X_OK)) {
        snprintf(why, sizeof(why), "the mock cluster launcher %s (make check-prereqs)", path);
        test_peer_missing(test, why);
        return NULL;
    }
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC))
        return NULL;
    if (pipe2(out, O_CLOEXEC)) {
        close(in[0]);
        close(in[1]);
        return NULL;
    }
    /* A launcher that dies must not kill us when we write to it. */
    signal(SIGPIPE, SIG_IGN);
    snprintf(nbuf, sizeof(nbuf), "%d", brokers);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        execl(path, path, "-b", nbuf, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    test_mock_t *m = calloc(1, sizeof(*m));
    if (pid < 0 || !m) {
        close(in[1]);
        close(out[0]);
        free(m);
        if (pid > 0)
            waitpid(pid, NULL, 0);
        return NULL;
    }
    m->pid = pid;
    m->to_fd = in[1];
    m->from_fd = out[0];
    char line[sizeof(m->bootstrap) + 16];
    if (read_line(m, line, sizeof(line)) || strncmp(line, "BOOTSTRAP ", 10)) {
        test_mock_stop(m);
        snprintf(why, sizeof(why), "a working mock cluster (%s did not print BOOTSTRAP)", path);
        test_peer_missing(test, why);
        return NULL;
    }
    copy_text(m->bootstrap, sizeof(m->bootstrap), line + 10);
    return m;
}

int test_mock_cmd(test_mock_t *m, const char *fmt, ...)
{
    char cmd[1024], line[sizeof(m->answer) + 8];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof(cmd) - 1, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(cmd) - 1 || memchr(cmd, '\n', (size_t)n)) {
        snprintf(m->answer, sizeof(m->answer), "command too long or with a newline");
        return -1;
    }
    cmd[n++] = '\n';
    for (int off = 0; off < n;) {
        ssize_t k = write(m->to_fd, cmd + off, (size_t)(n - off));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            snprintf(m->answer, sizeof(m->answer), "launcher gone: %s", strerror(errno));
            return -1;
        }
        off += (int)k;
    }
    if (read_line(m, line, sizeof(line))) {
        snprintf(m->answer, sizeof(m->answer), "no answer from the launcher");
        return -1;
    }
    if (!strcmp(line, "OK") || !strncmp(line, "OK ", 3)) {
        copy_text(m->answer, sizeof(m->answer), line[2] ? line + 3 : "");
        return 0;
    }
    copy_text(m->answer, sizeof(m->answer), !strncmp(line, "ERR ", 4) ? line + 4 : line);
    return -1;
}

const char *test_mock_broker(const test_mock_t *m, int id)
{
    static char out[256];
    const char *p = m->bootstrap;
    for (int i = 1; i < id && p; i++) {
        p = strchr(p, ',');
        if (p)
            p++;
    }
    if (!p || id < 1 || !*p)
        return NULL;
    size_t len = strcspn(p, ",");
    if (len >= sizeof(out))
        return NULL;
    memcpy(out, p, len);
    out[len] = '\0';
    return out;
}

void test_mock_stop(test_mock_t *m)
{
    if (!m)
        return;
    /* quit, then EOF: either ends it; SIGKILL only if it hangs. */
    if (write(m->to_fd, "quit\n", 5) < 0) {
        /* already gone; waitpid below reaps it */
    }
    close(m->to_fd);
    close(m->from_fd);
    long long deadline = now_ms() + 10000;
    for (;;) {
        pid_t r = waitpid(m->pid, NULL, WNOHANG);
        if (r == m->pid || (r < 0 && errno != EINTR))
            break;
        if (now_ms() >= deadline) {
            kill(m->pid, SIGKILL);
            waitpid(m->pid, NULL, 0);
            break;
        }
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    free(m);
}
