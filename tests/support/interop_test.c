/* Interop checks from C tests; see interop_test.h. */
#include "interop_test.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

const char *const interop_clients[] = {"kafka-python", "confluent-kafka", "kcat", NULL};
const char *const interop_codecs[] = {"none", "gzip", "snappy", "lz4", "zstd", NULL};

void interop_topic_name(char *buf, size_t size, const char *what)
{
    static unsigned n;
    snprintf(buf, size, "moldau-interop-%s-%ld-%u", what, (long)getpid(), n++);
}

static void put_hex(FILE *f, const void *p, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *b = p;
    if (!p) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        fputc(digits[b[i] >> 4], f);
        fputc(digits[b[i] & 15], f);
    }
    fputc('"', f);
}

/* Header names, taken as UTF-8: only what JSON requires is escaped. len 0: NUL-terminated
 * (moldau_record_header_t's rule when producing). */
static void put_string(FILE *f, const char *s, size_t len)
{
    if (!len)
        len = strlen(s);
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; p < (const unsigned char *)s + len;
         p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* One JSON line: {<lead>, "key": .., "value": .., "headers": [..], "timestamp": ..}, from the
 * fields a producer record and a consumer record share. */
#define PUT_RECORD(f, m, zero_ts_is_null)                                                      \
    put_record((f), (m)->key, (m)->key_len, (m)->value, (m)->value_len, (m)->headers,         \
               (m)->n_headers, (m)->timestamp, (zero_ts_is_null))

static void put_record(FILE *f, const void *key, size_t key_len, const void *value,
                       size_t value_len, const moldau_record_header_t *headers, size_t n_headers,
                       int64_t timestamp, int zero_ts_is_null)
{
    fputs(", \"key\": ", f);
    put_hex(f, key, key_len);
    fputs(", \"value\": ", f);
    put_hex(f, value, value_len);
    fputs(", \"headers\": [", f);
    for (size_t h = 0; h < n_headers; h++) {
        fputs(h ? ", [" : "[", f);
        put_string(f, headers[h].key, headers[h].key_len);
        fputs(", ", f);
        put_hex(f, headers[h].value, headers[h].value_len);
        fputc(']', f);
    }
    fputs("], \"timestamp\": ", f);
    if (timestamp || !zero_ts_is_null)
        fprintf(f, "%lld", (long long)timestamp);
    else
        fputs("null", f);
    fputs("}\n", f);
}

int interop_write_expected(const char *path, const moldau_producer_record_t *msgs, size_t n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "{\"id\": %zu, \"partition\": ", i);
        if (msgs[i].partition == MOLDAU_PARTITION_ANY)
            fputs("null", f);
        else
            fprintf(f, "%d", (int)msgs[i].partition);
        PUT_RECORD(f, &msgs[i], 1);
    }
    int err = ferror(f);
    if (fclose(f) || err) {
        if (!errno)
            errno = EIO;
        return -1;
    }
    return 0;
}

int interop_actual_write(FILE *f, const moldau_consumer_record_t *m)
{
    fprintf(f, "{\"partition\": %d, \"offset\": %lld", (int)m->partition, (long long)m->offset);
    PUT_RECORD(f, m, 0);
    if (ferror(f)) {
        errno = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

static void appendf(interop_result_t *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void appendf(interop_result_t *res, const char *fmt, ...)
{
    size_t len = strlen(res->output);
    if (len + 1 >= sizeof(res->output))
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->output + len, sizeof(res->output) - len, fmt, ap);
    va_end(ap);
}

static int ci(void)
{
    const char *v = getenv("CI");
    return v && !strcmp(v, "true");
}

static int finish(interop_result_t *res, int status)
{
    const char *verbose = getenv("MOLDAU_INTEROP_VERBOSE");
    res->status = status;
    if (status == INTEROP_SKIP || (verbose && !strcmp(verbose, "1")))
        fprintf(stderr, "%s%s", status == INTEROP_SKIP ? "\n*** interop SKIPPED ***\n" : "",
                res->output);
    return status;
}

int interop_run(interop_result_t *res, const char *const *args)
{
    const char *timeout = getenv("MOLDAU_INTEROP_TIMEOUT");
    const char *argv[64];
    size_t argc = 0;
    for (size_t i = 0; args[i] && argc < 60; i++)
        argv[argc++] = args[i];
    argv[argc++] = "--timeout";
    argv[argc++] = timeout && *timeout ? timeout : "60";
    argv[argc] = NULL;
    return interop_run_script(res, NULL, "readback.py", argv);
}

int interop_run_script(interop_result_t *res, const char *python, const char *name,
                       const char *const *args)
{
    const char *srcdir = getenv("MOLDAU_SRCDIR");
    char script[4096];
    if (!python || !*python)
        python = getenv("MOLDAU_INTEROP_PYTHON");
    if (!python || !*python)
        python = "/usr/bin/python3";
    snprintf(script, sizeof(script), "%s/tests/interop/%s", srcdir && *srcdir ? srcdir : ".",
             name);
    res->output[0] = '\0';

    const char *argv[128];
    size_t argc = 0;
    argv[argc++] = python;
    argv[argc++] = script;
    for (size_t i = 0; args[i] && argc < 126; i++)
        argv[argc++] = args[i];
    argv[argc] = NULL;
    appendf(res, "$");
    for (size_t i = 0; i < argc; i++)
        appendf(res, " %s", argv[i]);
    appendf(res, "\n");

    if (access(python, X_OK)) {
        appendf(res, "interop: no Python interpreter at %s (MOLDAU_INTEROP_PYTHON)%s\n", python,
                ci() ? ", and CI=true: failing" : "");
        return finish(res, ci() ? INTEROP_FAIL : INTEROP_SKIP);
    }
    if (access(script, R_OK)) {
        appendf(res, "interop: %s: %s (is MOLDAU_SRCDIR right?)\n", script, strerror(errno));
        return finish(res, INTEROP_FAIL);
    }

    int fds[2];
    if (pipe2(fds, O_CLOEXEC)) {
        appendf(res, "interop: pipe: %s\n", strerror(errno));
        return finish(res, INTEROP_FAIL);
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid;
    int rc = posix_spawn(&pid, python, &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc) {
        close(fds[0]);
        appendf(res, "interop: cannot run %s: %s\n", python, strerror(rc));
        return finish(res, INTEROP_FAIL);
    }

    /* Read everything (the child must never block on a full pipe); keep what fits. */
    size_t len = strlen(res->output), dropped = 0;
    char chunk[4096];
    for (;;) {
        ssize_t got = read(fds[0], chunk, sizeof(chunk));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        size_t room = sizeof(res->output) - 1 - len;
        size_t take = (size_t)got < room ? (size_t)got : room;
        memcpy(res->output + len, chunk, take);
        len += take;
        dropped += (size_t)got - take;
    }
    res->output[len] = '\0';
    close(fds[0]);
    int ws;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    if (dropped) {
        static const char cut[] = "\n... (output cut)\n";
        memcpy(res->output + sizeof(res->output) - sizeof(cut), cut, sizeof(cut));
    }
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0)
        return finish(res, INTEROP_PASS);
    if (WIFEXITED(ws) && WEXITSTATUS(ws) == INTEROP_SKIP)
        return finish(res, INTEROP_SKIP);
    if (WIFSIGNALED(ws))
        appendf(res, "interop: %s killed by signal %d\n", name, WTERMSIG(ws));
    else
        appendf(res, "interop: %s exited %d\n", name, WEXITSTATUS(ws));
    return finish(res, INTEROP_FAIL);
}

int interop_readback(interop_result_t *res, const char *client, const char *bootstrap,
                     const char *topic, const char *expect_path, const char *codec)
{
    const char *args[] = {"--client", client, "--bootstrap", bootstrap, "--topic", topic,
                          "--expect", expect_path, codec ? "--codec" : NULL, codec, NULL};
    return interop_run(res, args);
}

/* A temporary expectations file for msgs; 0 and its path in `path`, or -1 with res set. */
static int temp_records(interop_result_t *res, char *path, size_t size,
                        const moldau_producer_record_t *msgs, size_t n)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, size, "%s/moldau-interop-XXXXXX.jsonl", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemps(path, 6);
    if (fd < 0 || (close(fd), interop_write_expected(path, msgs, n))) {
        snprintf(res->output, sizeof(res->output), "interop: cannot write %s: %s\n", path,
                 strerror(errno));
        if (fd >= 0)
            unlink(path);
        res->status = INTEROP_FAIL;
        return -1;
    }
    return 0;
}

int interop_check(interop_result_t *res, const char *client, const char *bootstrap,
                  const char *topic, const moldau_producer_record_t *msgs, size_t n,
                  const char *codec)
{
    char path[4096];
    if (temp_records(res, path, sizeof(path), msgs, n))
        return res->status;
    interop_readback(res, client, bootstrap, topic, path, codec);
    unlink(path);
    return res->status;
}

int interop_produce(interop_result_t *res, const char *client, const char *bootstrap,
                    const char *topic, const moldau_producer_record_t *msgs, size_t n,
                    const char *compression)
{
    char path[4096];
    if (temp_records(res, path, sizeof(path), msgs, n))
        return res->status;
    const char *args[] = {"--client", client, "--bootstrap", bootstrap, "--topic", topic,
                          "--produce", path, "--compression", compression ? compression : "none",
                          NULL};
    interop_run(res, args);
    unlink(path);
    return res->status;
}

int interop_create_topic(interop_result_t *res, const char *bootstrap, const char *topic,
                         int partitions)
{
    char np[16];
    snprintf(np, sizeof(np), "%d", partitions);
    const char *args[] = {"--bootstrap", bootstrap, "--topic", topic, "--create-topic",
                          "--partitions", np, NULL};
    return interop_run(res, args);
}

int interop_compare(interop_result_t *res, const char *actual_path,
                    const moldau_producer_record_t *msgs, size_t n)
{
    char path[4096];
    if (temp_records(res, path, sizeof(path), msgs, n))
        return res->status;
    const char *args[] = {"--actual", actual_path, "--expect", path, NULL};
    interop_run(res, args);
    unlink(path);
    return res->status;
}
