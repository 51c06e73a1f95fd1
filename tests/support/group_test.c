/* Group tests with members in separate processes; see group_test.h. */
#include "group_test.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "moldau.h"
#include "peer_test.h"

extern char **environ;

/* Generous bounds: a member's exit (close commits and leaves), a wait for a state. */
#define EXIT_BOUND_S 60
#define WAIT_BOUND_S "180"

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The interpreter for a Python client: Debian's for kafka-python 2.0.2, the venv's else. */
static const char *python_for(const char *client, char *buf, size_t size)
{
    if (!strcmp(client, "kafka-python"))
        return "/usr/bin/python3";
    const char *venv = getenv("MOLDAU_VENV");
    const char *home = getenv("HOME");
    if (venv && *venv)
        snprintf(buf, size, "%s/bin/python", venv);
    else
        snprintf(buf, size, "%s/.cache/moldau/venv/bin/python", home ? home : "");
    return buf;
}

static const char *py_client(const char *client)
{
    return !strncmp(client, "kafka-python", 12) ? "kafka-python" : client;
}

static const char *member_bin(char *buf, size_t size)
{
    const char *b = getenv("MOLDAU_BUILD");
    snprintf(buf, size, "%s/tests/group_member", b && *b ? b : "build");
    return buf;
}

int group_client_missing(const char *test, const char *client)
{
    char buf[2048], what[4400];
    if (!strcmp(client, "moldau")) {
        if (!access(member_bin(buf, sizeof(buf)), X_OK))
            return 0;
        snprintf(what, sizeof(what), "%s (make %s)", buf, buf);
        test_peer_missing(test, what);
        return 1;
    }
    const char *python = python_for(client, buf, sizeof(buf));
    interop_result_t *r = malloc(sizeof(*r));
    const char *args[] = {"--client", py_client(client), "--probe", NULL};
    int st = access(python, X_OK) ? INTEROP_SKIP
                                  : interop_run_script(r, python, "group_member.py", args);
    if (st == INTEROP_PASS && !strcmp(client, "kafka-python-3") && !strstr(r->output, " 3."))
        st = INTEROP_SKIP; /* the venv's kafka-python is not a 3.x */
    free(r);
    if (st == INTEROP_PASS)
        return 0;
    snprintf(what, sizeof(what), "%s under %s (scripts/deps.sh installs it)", client, python);
    test_peer_missing(test, what);
    return 1;
}

const char *group_log_dir(void)
{
    static char dir[512];
    if (!dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof(dir), "%s/moldau-group-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp %s: %s", dir, strerror(errno));
    }
    return dir;
}

void group_member_start(group_member_t *m, const char *client, const char *bootstrap,
                        const char *group, const char *topic, const char *strategy,
                        const char *name, long max, const char *commit)
{
    char bin[4096], py[4096], script[4096], maxs[32];
    memset(m, 0, sizeof(*m));
    snprintf(m->client, sizeof(m->client), "%s", client);
    snprintf(m->log, sizeof(m->log), "%s/%s.log", group_log_dir(), name);
    snprintf(maxs, sizeof(maxs), "%ld", max);
    const char *argv[40];
    size_t n = 0;
    if (!strcmp(client, "moldau")) {
        argv[n++] = member_bin(bin, sizeof(bin));
        /* a killed member's partitions move after session.timeout.ms: keep it short */
        argv[n++] = "--set";
        argv[n++] = "session.timeout.ms=10000";
        argv[n++] = "--set";
        argv[n++] = "heartbeat.interval.ms=1000";
        argv[n++] = "--set";
        argv[n++] = "fetch.max.wait.ms=100";
        argv[n++] = "--commit";
        argv[n++] = commit ? commit : "sync";
    } else {
        const char *srcdir = getenv("MOLDAU_SRCDIR");
        ck_assert_msg(!commit || !strcmp(commit, "sync"), "%s members commit sync", client);
        argv[n++] = python_for(client, py, sizeof(py));
        snprintf(script, sizeof(script), "%s/tests/interop/group_member.py",
                 srcdir && *srcdir ? srcdir : ".");
        argv[n++] = script;
        argv[n++] = "--client";
        argv[n++] = py_client(client);
    }
    const char *rest[] = {"--bootstrap", bootstrap, "--group", group, "--topic", topic,
                          "--log", m->log, "--strategy", strategy, "--max", maxs};
    for (size_t i = 0; i < sizeof(rest) / sizeof(rest[0]); i++)
        argv[n++] = rest[i];
    argv[n] = NULL;

    /* its stderr goes to <log>.err, kept beside the log */
    char err[600];
    snprintf(err, sizeof(err), "%s.err", m->log);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, err, O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    int rc = posix_spawn(&m->pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    ck_assert_msg(rc == 0, "cannot run %s: %s", argv[0], strerror(rc));
}

/* Reaps m within bound_s; 0, or -1 if it still runs. */
static int reap(group_member_t *m, int bound_s)
{
    for (int i = 0; i < bound_s * 10; i++) {
        pid_t r = waitpid(m->pid, &m->status, WNOHANG);
        if (r == m->pid) {
            m->pid = 0;
            return 0;
        }
        usleep(100000);
    }
    return -1;
}

static void expect_clean_exit(group_member_t *m, const char *how)
{
    pid_t pid = m->pid;
    if (reap(m, EXIT_BOUND_S)) {
        kill(m->pid, SIGKILL);
        reap(m, EXIT_BOUND_S);
        ck_abort_msg("%s member %s (pid %d) did not exit within %d s of %s (log %s)", m->client,
                     m->log, (int)pid, EXIT_BOUND_S, how, m->log);
    }
    ck_assert_msg(WIFEXITED(m->status) && WEXITSTATUS(m->status) == 0,
                  "%s member %s exited with status 0x%x after %s (see %s.err)", m->client,
                  m->log, m->status, how, m->log);
}

void group_member_stop(group_member_t *m)
{
    ck_assert_int_ne(m->pid, 0);
    kill(m->pid, SIGTERM);
    expect_clean_exit(m, "SIGTERM");
}

void group_member_wait(group_member_t *m)
{
    ck_assert_int_ne(m->pid, 0);
    expect_clean_exit(m, "its last record");
}

void group_member_kill(group_member_t *m)
{
    ck_assert_int_ne(m->pid, 0);
    kill(m->pid, SIGKILL);
    ck_assert_int_eq(reap(m, EXIT_BOUND_S), 0);
    /* taken once it is dead: a member busy on the other core logs records between a time
     * read before kill(2) and its death, which the checker then finds outside its ownership */
    m->killed_ns = now_ns();
}

void group_members_reap(group_member_t *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (m[i].pid > 0) {
            kill(m[i].pid, SIGKILL);
            reap(&m[i], EXIT_BOUND_S);
        }
}

/* Served by flush, on this thread. */
static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *d, void *app_opaque)
{
    (void)p, (void)app_opaque;
    if (d->err)
        ++*(int *)d->opaque;
}

void group_produce(const char *bootstrap, const char *topic, int from, int n, int partitions)
{
    char errstr[512];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, errstr,
                                     sizeof(errstr)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "linger.ms", "5", errstr, sizeof(errstr)), 0);
    moldau_producer_t *p = moldau_producer_new(conf, errstr, sizeof(errstr));
    moldau_conf_destroy(conf);
    ck_assert_msg(p != NULL, "%s", errstr);
    int failed = 0;
    for (int i = from; i < from + n; i++) {
        char key[32], val[32];
        moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
        r.topic = topic;
        r.partition = i % partitions;
        r.key = key;
        r.key_len = (size_t)snprintf(key, sizeof(key), "k%d", i);
        r.value = val;
        r.value_len = (size_t)snprintf(val, sizeof(val), "v%d", i);
        ck_assert_int_eq(moldau_produce(p, &r, on_delivery, &failed), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 60000), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);
    ck_assert_int_eq(failed, 0);
}

static int run_check(interop_result_t *res, const char *const *args)
{
    return interop_run_script(res, NULL, "group_check.py", args);
}

int group_wait(interop_result_t *res, int partitions, int records, const group_member_t *stable,
               size_t n_stable, const group_member_t *all, size_t n_all)
{
    char parts[16], recs[16], list[8192] = "";
    snprintf(parts, sizeof(parts), "%d", partitions);
    snprintf(recs, sizeof(recs), "%d", records);
    const char *args[128] = {"wait", "--timeout", WAIT_BOUND_S, "--partitions", parts,
                             "--records", recs};
    size_t n = 7;
    for (size_t i = 0; i < n_stable; i++)
        snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? "," : "",
                 stable[i].log);
    if (n_stable) {
        args[n++] = "--stable";
        args[n++] = list;
    }
    for (size_t i = 0; i < n_all && n < 126; i++)
        args[n++] = all[i].log;
    args[n] = NULL;
    return run_check(res, args);
}

int group_check(interop_result_t *res, int partitions, int records, const group_member_t *all,
                size_t n_all, ...)
{
    char parts[16], recs[16], killed[16][600];
    snprintf(parts, sizeof(parts), "%d", partitions);
    snprintf(recs, sizeof(recs), "%d", records);
    const char *args[128] = {"check", "--partitions", parts, "--records", recs};
    size_t n = 5, k = 0;
    va_list ap;
    va_start(ap, n_all);
    const char *opt;
    while ((opt = va_arg(ap, const char *)) && n < 60)
        args[n++] = opt;
    va_end(ap);
    for (size_t i = 0; i < n_all && k < 16; i++)
        if (all[i].killed_ns) {
            snprintf(killed[k], sizeof(killed[k]), "%s=%lld", all[i].log, all[i].killed_ns);
            args[n++] = "--killed";
            args[n++] = killed[k++];
        }
    for (size_t i = 0; i < n_all && n < 126; i++)
        args[n++] = all[i].log;
    args[n] = NULL;
    return run_check(res, args);
}
