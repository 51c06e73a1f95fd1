/* The examples of examples/ run as a user runs them, against the real broker, and do what
 * their comments promise: producer_keyed sends each key to one partition; consumer_group
 * prints every record once (key, value, partition, offset), and on SIGINT commits what it
 * printed and leaves, so that a restart of it prints only newer records; consumer_commit
 * commits after processing and leaves everything committed at SIGINT; two consumer_group
 * members of one group split the partitions and together print every record exactly once
 * (the first commits before its partitions are revoked).
 *
 * The programs are $MOLDAU_BUILD/examples/<name> (built by `make check`'s prerequisites). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../support/peer_test.h"
#include "../support/topic_test.h"
#include "moldau.h"

#define PARTS 3
#define ROUND 12 /* producer_keyed sends 6 keys twice */
#define MAX_RECS 64

typedef struct example {
    pid_t pid;
    char out[256];
} example_t;

typedef struct rec {
    int partition;
    long long offset;
    char key[32];
} rec_t;

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Starts examples/<name> with args, its stdout (and stderr) into a file of its own. */
static void example_start(example_t *e, const char *name, const char *const *args)
{
    const char *build = getenv("MOLDAU_BUILD");
    char prog[512];
    snprintf(prog, sizeof(prog), "%s/examples/%s", build ? build : "build", name);
    ck_assert_msg(access(prog, X_OK) == 0, "%s: not built (make examples)", prog);
    static int seq;
    snprintf(e->out, sizeof(e->out), "%s/moldau-example-%d-%d.out",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid(), seq++);
    e->pid = fork();
    ck_assert_int_ge(e->pid, 0);
    if (e->pid == 0) {
        int fd = open(e->out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0)
            _exit(126);
        dup2(fd, 1);
        dup2(fd, 2);
        const char *argv[8] = {prog};
        for (int i = 0; args[i] && i < 6; i++)
            argv[i + 1] = args[i];
        execv(prog, (char *const *)argv);
        _exit(127);
    }
}

/* Waits for the program to exit by itself or after `sig` (0: none sent); asserts status 0
 * within a generous bound. */
static void example_end(example_t *e, int sig)
{
    if (sig)
        kill(e->pid, sig);
    int status = 0;
    for (int i = 0; i < 1200; i++) { /* 120 s */
        pid_t r = waitpid(e->pid, &status, WNOHANG);
        if (r == e->pid) {
            e->pid = 0;
            ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                          "%s: exit status %d (output in %s)", e->out, status, e->out);
            return;
        }
        sleep_ms(100);
    }
    kill(e->pid, SIGKILL);
    waitpid(e->pid, &status, 0);
    e->pid = 0;
    ck_abort_msg("example did not exit (output in %s)", e->out);
}

/* Record lines of consumer_group ("T[P] offset O: key K, value V") or consumer_commit
 * ("T[P] offset O: V"); returns how many, at most max. */
static int read_records(const char *path, const char *topic, rec_t *recs, int max)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[512], fmt[64];
    snprintf(fmt, sizeof(fmt), "%%%zu[^[][%%d] offset %%lld: %%n", sizeof(line) - 1);
    int n = 0;
    while (n < max && fgets(line, sizeof(line), f)) {
        char t[512];
        int pos = 0;
        rec_t r = {0};
        if (sscanf(line, fmt, t, &r.partition, &r.offset, &pos) != 3 || !pos ||
            strcmp(t, topic))
            continue;
        sscanf(line + pos, "key %31[^,]", r.key);
        recs[n++] = r;
    }
    fclose(f);
    return n;
}

/* Polls the output until it holds `want` records (or the bound passes); returns the count. */
static int wait_records(const example_t *e, const char *topic, rec_t *recs, int want)
{
    int n = 0;
    for (int i = 0; i < 1200 && (n = read_records(e->out, topic, recs, MAX_RECS)) < want; i++)
        sleep_ms(100);
    return n;
}

/* producer_keyed's reports ("key -> partition P, offset O"), ROUND of them. */
static int run_producer(const char *bootstrap, const char *topic, rec_t *recs)
{
    example_t p;
    const char *args[] = {bootstrap, topic, NULL};
    example_start(&p, "producer_keyed", args);
    example_end(&p, 0);
    FILE *f = fopen(p.out, "r");
    ck_assert_ptr_nonnull(f);
    char line[256];
    int n = 0;
    while (n < MAX_RECS && fgets(line, sizeof(line), f)) {
        rec_t r = {0};
        if (sscanf(line, "%31s -> partition %d, offset %lld", r.key, &r.partition,
                   &r.offset) == 3)
            recs[n++] = r;
    }
    fclose(f);
    ck_assert_msg(n == ROUND, "producer_keyed reported %d deliveries (output in %s)", n, p.out);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (!strcmp(recs[i].key, recs[j].key))
                ck_assert_msg(recs[i].partition == recs[j].partition,
                              "key %s went to partitions %d and %d", recs[i].key,
                              recs[j].partition, recs[i].partition);
    unlink(p.out);
    return n;
}

/* Each of want[0..n) appears exactly once in got[0..m), with its key when got has keys. */
static void assert_exactly_once(const rec_t *want, int n, const rec_t *got, int m,
                                const char *where)
{
    ck_assert_msg(m == n, "%s: %d records printed, %d produced", where, m, n);
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < m; j++)
            if (got[j].partition == want[i].partition && got[j].offset == want[i].offset) {
                seen++;
                if (got[j].key[0])
                    ck_assert_str_eq(got[j].key, want[i].key);
            }
        ck_assert_msg(seen == 1, "%s: %s at %d/%lld printed %d times", where, want[i].key,
                      want[i].partition, want[i].offset, seen);
    }
}

/* The group's committed offset of each partition must be one past the last record there. */
static void assert_committed(const char *bootstrap, const char *topic, const char *group,
                             const rec_t *recs, int n)
{
    char err[256];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "group.id", group, err, sizeof(err)), 0);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    moldau_partition_list_t *l = moldau_partition_list_new(PARTS);
    for (int p = 0; p < PARTS; p++)
        moldau_partition_list_add(l, topic, p);
    ck_assert_int_eq(moldau_consumer_committed(c, l, 30000), MOLDAU_ERR_NONE);
    for (int p = 0; p < PARTS; p++) {
        long long end = -1;
        for (int i = 0; i < n; i++)
            if (recs[i].partition == p && recs[i].offset + 1 > end)
                end = recs[i].offset + 1;
        ck_assert_int_eq(l->elems[p].err, MOLDAU_ERR_NONE);
        /* a partition nothing went to: nothing committed, or 0 */
        if (end < 0)
            ck_assert_int_le(l->elems[p].offset, 0);
        else
            ck_assert_msg(l->elems[p].offset == end, "%s[%d]: committed %lld, want %lld",
                          topic, p, (long long)l->elems[p].offset, end);
    }
    moldau_partition_list_destroy(l);
    moldau_consumer_close(c);
}

START_TEST(keyed_then_group_restart)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[160];
    test_topic_name("examples", topic, sizeof(topic));
    snprintf(group, sizeof(group), "%s-g", topic);
    ck_assert_int_eq(test_create_topic(bootstrap, topic, PARTS), 0);
    rec_t sent[MAX_RECS], got[MAX_RECS];
    int n = run_producer(bootstrap, topic, sent);

    example_t c;
    const char *args[] = {bootstrap, topic, group, NULL};
    example_start(&c, "consumer_group", args);
    int m = wait_records(&c, topic, got, n);
    example_end(&c, SIGINT);
    m = read_records(c.out, topic, got, MAX_RECS);
    assert_exactly_once(sent, n, got, m, "consumer_group");
    assert_committed(bootstrap, topic, group, sent, n);
    unlink(c.out);

    /* a second round; the restarted member prints only it */
    int n2 = run_producer(bootstrap, topic, sent + n);
    example_start(&c, "consumer_group", args);
    m = wait_records(&c, topic, got, n2);
    example_end(&c, SIGINT);
    m = read_records(c.out, topic, got, MAX_RECS);
    assert_exactly_once(sent + n, n2, got, m, "consumer_group restarted");
    assert_committed(bootstrap, topic, group, sent, n + n2);
    unlink(c.out);
    test_delete_topic(bootstrap, topic);
}
END_TEST

START_TEST(commit_after_processing)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[160];
    test_topic_name("examples-commit", topic, sizeof(topic));
    snprintf(group, sizeof(group), "%s-g", topic);
    ck_assert_int_eq(test_create_topic(bootstrap, topic, PARTS), 0);
    rec_t sent[MAX_RECS], got[MAX_RECS];
    int n = run_producer(bootstrap, topic, sent);
    example_t c;
    const char *args[] = {bootstrap, topic, group, NULL};
    example_start(&c, "consumer_commit", args);
    int m = wait_records(&c, topic, got, n);
    example_end(&c, SIGINT);
    m = read_records(c.out, topic, got, MAX_RECS);
    assert_exactly_once(sent, n, got, m, "consumer_commit");
    assert_committed(bootstrap, topic, group, sent, n);
    unlink(c.out);
    test_delete_topic(bootstrap, topic);
}
END_TEST

/* Two members: whatever the first read before the second joined is committed before its
 * partitions are revoked, so the two outputs together hold every record exactly once. */
START_TEST(two_members_split)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[160];
    test_topic_name("examples-two", topic, sizeof(topic));
    snprintf(group, sizeof(group), "%s-g", topic);
    ck_assert_int_eq(test_create_topic(bootstrap, topic, PARTS), 0);
    rec_t sent[MAX_RECS], a[MAX_RECS], b[MAX_RECS], all[2 * MAX_RECS];
    int n = run_producer(bootstrap, topic, sent);
    example_t ea, eb;
    const char *args[] = {bootstrap, topic, group, NULL};
    example_start(&ea, "consumer_group", args);
    wait_records(&ea, topic, a, n);
    example_start(&eb, "consumer_group", args);
    /* both hold partitions once the second has been assigned some */
    int assigned = 0;
    for (int i = 0; i < 1200 && !assigned; i++) {
        FILE *f = fopen(eb.out, "r");
        char line[512];
        while (f && fgets(line, sizeof(line), f))
            if (!strncmp(line, "assigned:", 9) && strstr(line, topic))
                assigned = 1;
        if (f)
            fclose(f);
        if (!assigned)
            sleep_ms(100);
    }
    ck_assert_msg(assigned, "the second member was never assigned a partition (%s)", eb.out);
    int n2 = run_producer(bootstrap, topic, sent + n);
    int total = 0;
    for (int i = 0; i < 1200; i++) {
        total = read_records(ea.out, topic, a, MAX_RECS) + read_records(eb.out, topic, b, MAX_RECS);
        if (total >= n + n2)
            break;
        sleep_ms(100);
    }
    example_end(&eb, SIGINT);
    example_end(&ea, SIGINT);
    int na = read_records(ea.out, topic, a, MAX_RECS), nb = read_records(eb.out, topic, b, MAX_RECS);
    ck_assert_msg(nb > 0, "the second member printed nothing (%s)", eb.out);
    memcpy(all, a, sizeof(rec_t) * (size_t)na);
    memcpy(all + na, b, sizeof(rec_t) * (size_t)nb);
    assert_exactly_once(sent, n + n2, all, na + nb, "two consumer_group members");
    assert_committed(bootstrap, topic, group, sent, n + n2);
    unlink(ea.out);
    unlink(eb.out);
    test_delete_topic(bootstrap, topic);
}
END_TEST

Suite *moldau_test_examples_kafka_suite(void)
{
    Suite *s = suite_create("examples_kafka");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, keyed_then_group_restart);
    tcase_add_test(tc, commit_after_processing);
    tcase_add_test(tc, two_members_split);
    suite_add_tcase(s, tc);
    return s;
}
