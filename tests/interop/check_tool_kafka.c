/* The moldau command-line tool ($MOLDAU_BUILD/tools/moldau, built by check-prereqs) run as a
 * user runs it, against the real broker: lines produced with keys and headers come back
 * through every output format (the value alone, -f, --json parsed back, the console
 * consumer's print.* layout), Kafka's console-tool spellings work, a group resumes from its
 * commits, -e ends at the end of the partitions, -c stops at the count, -o picks the start;
 * bad flags exit 2, failed records and unreachable brokers exit 1 with a sentence. */
#include <check.h>
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/crypto.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

#define OUT_MAX (1 << 20)
#define RUN_TIMEOUT_S 60

typedef struct run {
    int status;          /* exit status, or -1: killed (timed out) or not run */
    char out[OUT_MAX];   /* stdout */
    char err[16384];     /* stderr */
} run_t;

static run_t R; /* one at a time; large, so not on the stack */

static long long wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void slurp(const char *path, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    size_t n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Runs `moldau ARGS...` (NULL-terminated) with `input` (NULL: nothing) on stdin; fills R. */
static int tool(const char *input, ...)
{
    const char *build = getenv("MOLDAU_BUILD");
    char prog[512], in[256], out[256], err[256];
    snprintf(prog, sizeof(prog), "%s/tools/moldau", build ? build : "build");
    ck_assert_msg(access(prog, X_OK) == 0, "%s: not built (make tools)", prog);
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(in, sizeof(in), "%s/moldau-tool-%d.in", tmp, (int)getpid());
    snprintf(out, sizeof(out), "%s/moldau-tool-%d.out", tmp, (int)getpid());
    snprintf(err, sizeof(err), "%s/moldau-tool-%d.err", tmp, (int)getpid());
    FILE *f = fopen(in, "w");
    ck_assert_ptr_nonnull(f);
    if (input)
        fputs(input, f);
    fclose(f);

    const char *argv[64] = {prog};
    int argc = 1;
    va_list ap;
    va_start(ap, input);
    const char *a;
    while ((a = va_arg(ap, const char *)) && argc < 63)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;

    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int fi = open(in, O_RDONLY), fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644),
            fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fi < 0 || fo < 0 || fe < 0)
            _exit(126);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        unsetenv("MOLDAU_BROKERS");
        execv(prog, (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    R.status = -1;
    for (int i = 0; i < RUN_TIMEOUT_S * 20; i++) {
        if (waitpid(pid, &status, WNOHANG) == pid) {
            R.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            break;
        }
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (R.status == -1 && !WIFSIGNALED(status)) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    slurp(out, R.out, sizeof(R.out));
    slurp(err, R.err, sizeof(R.err));
    unlink(in);
    unlink(out);
    unlink(err);
    return R.status;
}

#define ASSERT_EXIT(want)                                                                      \
    ck_assert_msg(R.status == (want), "exit %d, want %d; stderr:\n%s\nstdout:\n%.2000s",      \
                  R.status, (want), R.err, R.out)

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* The records of the -f format used below: topic|partition|offset|key|value|headers|ts. */
typedef struct line {
    char topic[256], key[64], value[256], headers[256];
    int partition;
    long long offset, ts;
} line_t;

static int parse_lines(const char *out, line_t *l, int max)
{
    int n = 0;
    const char *s = out;
    while (*s && n < max) {
        const char *e = strchr(s, '\n');
        ck_assert_ptr_nonnull(e);
        char buf[1024];
        snprintf(buf, sizeof(buf), "%.*s", (int)(e - s), s);
        line_t *x = &l[n];
        memset(x, 0, sizeof(*x));
        /* empty fields (a null key) make sscanf stop: split by hand */
        char *f[7] = {0};
        char *p = buf;
        for (int i = 0; i < 7; i++) {
            f[i] = p;
            char *bar = i < 6 ? strchr(p, '|') : NULL;
            if (bar)
                *bar = '\0', p = bar + 1;
            else if (i < 6)
                ck_abort_msg("bad line: %.*s", (int)(e - s), s);
        }
        snprintf(x->topic, sizeof(x->topic), "%s", f[0]);
        x->partition = atoi(f[1]);
        x->offset = atoll(f[2]);
        snprintf(x->key, sizeof(x->key), "%s", f[3]);
        snprintf(x->value, sizeof(x->value), "%s", f[4]);
        snprintf(x->headers, sizeof(x->headers), "%s", f[5]);
        x->ts = atoll(f[6]);
        n++;
        s = e + 1;
    }
    return n;
}

static const char *topic_with(const char *bootstrap, const char *what, int parts, char *buf,
                              size_t size)
{
    test_topic_name(what, buf, size);
    ck_assert_int_eq(test_create_topic(bootstrap, buf, parts), 0);
    return buf;
}

/* kcat-style produce with -K and -H, then every output format of consume. */
START_TEST(produce_then_every_format)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    topic_with(bootstrap, "tool-fmt", 3, topic, sizeof(topic));
    static const char *const keys[] = {"k0", "k1", "k2", "k3", "k4", "k5"};
    char input[512] = "";
    for (int i = 0; i < 6; i++)
        snprintf(input + strlen(input), sizeof(input) - strlen(input), "%s:value %d\n", keys[i],
                 i);
    long long before = wall_ms();
    tool(input, "produce", "-b", bootstrap, "-t", topic, "-K", ":", "-H", "h1=a", "-H",
         "h2=b=c", NULL);
    ASSERT_EXIT(0);
    long long after = wall_ms();

    /* default: the value alone, one per line */
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(count_lines(R.out), 6);
    for (int i = 0; i < 6; i++) {
        char want[32];
        snprintf(want, sizeof(want), "value %d\n", i);
        ck_assert_msg(strstr(R.out, want), "'%s' missing from:\n%s", want, R.out);
    }

    /* -f: every field, checked against what was produced */
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-f",
         "%t|%p|%o|%k|%s|%h|%T\\n", NULL);
    ASSERT_EXIT(0);
    line_t l[16];
    int n = parse_lines(R.out, l, 16);
    ck_assert_int_eq(n, 6);
    int seen[6] = {0};
    for (int i = 0; i < n; i++) {
        ck_assert_str_eq(l[i].topic, topic);
        ck_assert_int_ge(l[i].partition, 0);
        ck_assert_int_lt(l[i].partition, 3);
        int k = l[i].key[0] == 'k' ? atoi(l[i].key + 1) : -1;
        ck_assert_msg(k >= 0 && k < 6, "key '%s'", l[i].key);
        seen[k]++;
        char want[32];
        snprintf(want, sizeof(want), "value %d", k);
        ck_assert_str_eq(l[i].value, want);
        ck_assert_str_eq(l[i].headers, "h1=a,h2=b=c");
        ck_assert_msg(l[i].ts >= before - 1000 && l[i].ts <= after + 1000, "timestamp %lld",
                      l[i].ts);
        for (int j = 0; j < i; j++)
            ck_assert_msg(l[j].partition != l[i].partition || l[j].offset != l[i].offset,
                          "%d/%lld printed twice", l[i].partition, l[i].offset);
    }
    for (int k = 0; k < 6; k++)
        ck_assert_int_eq(seen[k], 1);

    /* --json, parsed back */
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "--json",
         NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(count_lines(R.out), 6);
    char *save = NULL;
    int nj = 0;
    for (char *ln = strtok_r(R.out, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save), nj++) {
        cJSON *o = cJSON_Parse(ln);
        ck_assert_msg(o != NULL, "not JSON: %s", ln);
        ck_assert_str_eq(cJSON_GetObjectItem(o, "topic")->valuestring, topic);
        const char *key = cJSON_GetObjectItem(o, "key")->valuestring;
        int k = atoi(key + 1);
        char want[32];
        snprintf(want, sizeof(want), "value %d", k);
        ck_assert_str_eq(cJSON_GetObjectItem(o, "value")->valuestring, want);
        ck_assert_int_ge(cJSON_GetObjectItem(o, "offset")->valuedouble, 0);
        ck_assert_str_eq(cJSON_GetObjectItem(o, "timestamp_type")->valuestring, "CreateTime");
        cJSON *h = cJSON_GetObjectItem(o, "headers");
        ck_assert_int_eq(cJSON_GetArraySize(h), 2);
        ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(h, 1), "key")->valuestring, "h2");
        ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(h, 1), "value")->valuestring,
                         "b=c");
        cJSON_Delete(o);
    }
    ck_assert_int_eq(nj, 6);

    /* -c stops at the count, exit 0 */
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-o", "beginning", "-c", "4", NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(count_lines(R.out), 4);
}
END_TEST

/* JSON escaping: quotes, backslashes, control bytes, UTF-8 kept, other bytes as U+00XX;
 * null keys and values (null.marker) as null. */
START_TEST(json_escapes_and_nulls)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    topic_with(bootstrap, "tool-json", 1, topic, sizeof(topic));
    const char *input = "q\"\\\t\x01\xc3\xa9\xff|v\"\n"
                        "NULL|only-value\n"
                        "k|NULL\n";
    tool(input, "produce", "--bootstrap-server", bootstrap, "--topic", topic, "--property",
         "parse.key=true", "--property", "key.separator=|", "--property", "null.marker=NULL",
         NULL);
    ASSERT_EXIT(0);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-p", "0", "-o", "beginning", "-e",
         "-J", NULL);
    ASSERT_EXIT(0);
    char *save = NULL;
    cJSON *o[3] = {0};
    int n = 0;
    for (char *ln = strtok_r(R.out, "\n", &save); ln && n < 3; ln = strtok_r(NULL, "\n", &save))
        ck_assert_msg((o[n++] = cJSON_Parse(ln)) != NULL, "not JSON: %s", ln);
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(cJSON_GetObjectItem(o[0], "key")->valuestring,
                     "q\"\\\t\x01\xc3\xa9\xc3\xbf");
    ck_assert_str_eq(cJSON_GetObjectItem(o[0], "value")->valuestring, "v\"");
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(o[1], "key")));
    ck_assert_str_eq(cJSON_GetObjectItem(o[1], "value")->valuestring, "only-value");
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(o[2], "value")));
    ck_assert_int_eq(cJSON_GetObjectItem(o[2], "offset")->valuedouble, 2);
    for (int i = 0; i < 3; i++)
        cJSON_Delete(o[i]);
}
END_TEST

/* Tutorial commands with the program name changed: kafka-console-producer's and
 * kafka-console-consumer's flags and output layout. */
START_TEST(console_tool_spellings)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    topic_with(bootstrap, "tool-java", 2, topic, sizeof(topic));
    long long before = wall_ms();
    tool("a,1\nb,2\nc,3\n", "produce", "--bootstrap-server", bootstrap, "--topic", topic,
         "--property", "parse.key=true", "--property", "key.separator=,",
         "--request-required-acks", "all", "--compression-codec", "gzip",
         "--producer-property", "linger.ms=5", NULL);
    ASSERT_EXIT(0);
    tool(NULL, "consume", "--bootstrap-server", bootstrap, "--topic", topic, "--from-beginning",
         "--max-messages", "3", "--timeout-ms", "20000", "--property", "print.key=true",
         "--property", "key.separator=|", "--property", "print.partition=true", "--property",
         "print.offset=true", "--property", "print.timestamp=true", "--consumer-property",
         "client.id=tool-test", NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(count_lines(R.out), 3);
    const char *s = R.out;
    for (int i = 0; i < 3; i++) {
        long long ts, off;
        int part, len = 0;
        char key[8], value[8];
        ck_assert_msg(sscanf(s, "CreateTime:%lld|Partition:%d|Offset:%lld|%7[^|]|%7[^\n]%n", &ts,
                             &part, &off, key, value, &len) == 5,
                      "line %d: %s", i, s);
        ck_assert_int_ge(ts, before - 1000);
        ck_assert(part == 0 || part == 1);
        ck_assert_int_eq((int)value[0] - '0', key[0] - 'a' + 1);
        s += len + 1;
    }
    /* the consumer's --partition and --offset */
    tool(NULL, "consume", "--bootstrap-server", bootstrap, "--topic", topic, "--partition", "0",
         "--offset", "earliest", "-e", NULL);
    ASSERT_EXIT(0);
    int n0 = count_lines(R.out);
    tool(NULL, "consume", "--bootstrap-server", bootstrap, "--topic", topic, "--partition", "1",
         "--offset", "earliest", "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(n0 + count_lines(R.out), 3);
}
END_TEST

/* A group resumes from what it committed; -e ends once the assignment is read. */
START_TEST(group_resumes)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128];
    topic_with(bootstrap, "tool-group", 2, topic, sizeof(topic));
    test_topic_name("tool-group-g", group, sizeof(group));
    tool("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "produce", "-b", bootstrap, "-t", topic, NULL);
    ASSERT_EXIT(0);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-g", group, "--from-beginning", "-e",
         NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(count_lines(R.out), 10);
    /* everything committed: nothing again, even --from-beginning (that only says where a
     * partition without commits starts) */
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "--group", group, "--from-beginning",
         "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_msg(count_lines(R.out) == 0, "printed again:\n%s", R.out);
    tool("11\n12\n13\n", "produce", "-b", bootstrap, "-t", topic, NULL);
    ASSERT_EXIT(0);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-g", group, "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(count_lines(R.out), 3);
    for (int i = 11; i <= 13; i++) {
        char want[16];
        snprintf(want, sizeof(want), "%d\n", i);
        ck_assert_msg(strstr(R.out, want), "%s missing:\n%s", want, R.out);
    }
}
END_TEST

/* -o: absolute, relative to the end, by timestamp, end; -p with -H per record. */
START_TEST(start_offsets)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    topic_with(bootstrap, "tool-offsets", 2, topic, sizeof(topic));
    tool("a\nb\nc\n", "produce", "-b", bootstrap, "-t", topic, "-p", "1", NULL);
    ASSERT_EXIT(0);
    struct timespec ts = {0, 20 * 1000000L};
    nanosleep(&ts, NULL);
    long long mid = wall_ms();
    nanosleep(&ts, NULL);
    tool("d\ne\n", "produce", "-b", bootstrap, "-t", topic, "-p", "1", NULL);
    ASSERT_EXIT(0);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-p", "0", "-o", "beginning", "-e",
         NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "");
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-p", "1", "-o", "3", "-e", "-f",
         "%o=%s\\n", NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "3=d\n4=e\n");
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-p", "1", "-o", "-2", "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "d\ne\n");
    char at[32];
    snprintf(at, sizeof(at), "s@%lld", mid);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-o", at, "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "d\ne\n");
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-o", "end", "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "");
    /* --timeout-ms: nothing comes, exit 0 after about that long */
    long long t0 = wall_ms();
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "--timeout-ms", "1500", NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "");
    ck_assert_int_ge(wall_ms() - t0, 1400);
    ck_assert_int_lt(wall_ms() - t0, 20000);
}
END_TEST

/* Bad usage exits 2 with a sentence and the help hint; failures exit 1 saying how many. */
START_TEST(bad_input_and_exit_codes)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    topic_with(bootstrap, "tool-bad", 1, topic, sizeof(topic));

    tool(NULL, "produce", "-b", bootstrap, "-t", topic, "--no-such-flag", NULL);
    ASSERT_EXIT(2);
    ck_assert_msg(strstr(R.err, "--no-such-flag") && strstr(R.err, "--help"), "%s", R.err);
    tool(NULL, "consume", "-b", bootstrap, NULL);
    ASSERT_EXIT(2);
    ck_assert_msg(strstr(R.err, "topic"), "%s", R.err);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-X", "nosuch=1", NULL);
    ASSERT_EXIT(2);
    ck_assert_msg(strstr(R.err, "nosuch"), "%s", R.err);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-o", "yesterday", NULL);
    ASSERT_EXIT(2);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-g", "g", "-p", "0", NULL);
    ASSERT_EXIT(2);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-f", "%q", NULL);
    ASSERT_EXIT(2);
    tool(NULL, "nosuchcommand", NULL);
    ASSERT_EXIT(2);
    tool(NULL, "produce", "--help", NULL);
    ASSERT_EXIT(0);
    ck_assert_msg(strstr(R.out, "usage: moldau produce"), "%s", R.out);

    /* an unknown topic, a partition the topic lacks */
    char missing[128];
    test_topic_name("tool-missing", missing, sizeof(missing));
    tool(NULL, "consume", "-b", bootstrap, "-t", missing, "-e", NULL);
    ASSERT_EXIT(1);
    ck_assert_msg(strstr(R.err, "does not exist"), "%s", R.err);
    tool("x\n", "produce", "-b", bootstrap, "-t", topic, "-p", "9", NULL);
    ASSERT_EXIT(1);
    ck_assert_msg(strstr(R.err, "no partition 9"), "%s", R.err);

    /* records that fail: a line without the key separator, one over max.request.size */
    char input[4096];
    snprintf(input, sizeof(input), "k:ok\nno-separator\nk:%03000d\nk:ok2\n", 0);
    tool(input, "produce", "-b", bootstrap, "-t", topic, "-K", ":", "-X",
         "max.request.size=1000", NULL);
    ASSERT_EXIT(1);
    ck_assert_msg(strstr(R.err, "2 of 4 records failed"), "%s", R.err);
    ck_assert_msg(strstr(R.err, "line 2"), "%s", R.err);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "ok\nok2\n");

    /* nobody listening: a sentence within the request timeout, not a hang */
    long long t0 = wall_ms();
    tool("x\n", "produce", "-b", "127.0.0.1:1", "-t", topic, "-X", "request.timeout.ms=2000",
         NULL);
    ASSERT_EXIT(1);
    ck_assert_msg(strstr(R.err, "no broker of 127.0.0.1:1 answered"), "%s", R.err);
    tool(NULL, "consume", "-b", "127.0.0.1:1", "-t", topic, "-X", "request.timeout.ms=2000",
         NULL);
    ASSERT_EXIT(1);
    ck_assert_msg(strstr(R.err, "no broker of 127.0.0.1:1 answered"), "%s", R.err);
    ck_assert_int_lt(wall_ms() - t0, 20000);
}
END_TEST

/* Every codec and acks setting delivers; the console producer's parse.headers and
 * null.marker come back in the console consumer's print.headers layout. */
START_TEST(codecs_acks_and_headers)
{
    TEST_NEED_KAFKA(bootstrap);
    static const char *const codecs[] = {"none", "gzip", "snappy", "lz4", "zstd"};
    static const char *const acks[] = {"all", "1", "0", "-1", "1"};
    char topic[128];
    topic_with(bootstrap, "tool-codecs", 1, topic, sizeof(topic));
    for (int i = 0; i < 5; i++) {
        char line[64];
        snprintf(line, sizeof(line), "%s\n", codecs[i]);
        tool(line, "produce", "-b", bootstrap, "-t", topic, "-z", codecs[i], "--acks", acks[i],
             NULL);
        ASSERT_EXIT(0);
    }
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "none\ngzip\nsnappy\nlz4\nzstd\n");

    char t2[128];
    topic_with(bootstrap, "tool-headers", 1, t2, sizeof(t2));
    tool("a:1,b:N\tk1\tv1\nN\tk2\tv2\n", "produce", "-b", bootstrap, "-t", t2, "--property",
         "parse.headers=true", "--property", "parse.key=true", "--property", "null.marker=N",
         NULL);
    ASSERT_EXIT(0);
    tool(NULL, "consume", "-b", bootstrap, "-t", t2, "--from-beginning", "-e", "--property",
         "print.headers=true", "--property", "print.key=true", "--property",
         "null.literal=NIL", NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "a:1,b:NIL\tk1\tv1\nNO_HEADERS\tk2\tv2\n");

    /* lines from a FILE operand (CRLF endings are not part of the records), then "-" */
    char t3[128], path[256];
    topic_with(bootstrap, "tool-file", 1, t3, sizeof(t3));
    snprintf(path, sizeof(path), "%s/moldau-tool-%d.lines",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("from-file\r\n\nlast-no-newline", f);
    fclose(f);
    tool("ignored\n", "produce", "-b", bootstrap, "-t", t3, path, NULL);
    unlink(path);
    ASSERT_EXIT(0);
    tool("from-stdin\n", "produce", "-b", bootstrap, "-t", t3, "-", NULL);
    ASSERT_EXIT(0);
    tool(NULL, "consume", "-b", bootstrap, "-t", t3, "-o", "beginning", "-e", "-f", "[%s]%S\\n",
         NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "[from-file]9\n[]0\n[last-no-newline]15\n[from-stdin]10\n");
}
END_TEST

/* A record the broker refuses (larger than its message.max.bytes, which the producer's own
 * max.request.size lets through) is reported by its delivery report: exit 1, counted. */
START_TEST(broker_refusal_counted)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    topic_with(bootstrap, "tool-refused", 1, topic, sizeof(topic));
    size_t big = 2 * 1024 * 1024;
    char *input = malloc(big + 32);
    ck_assert_ptr_nonnull(input);
    strcpy(input, "small\n");
    memset(input + 6, 'x', big);
    strcpy(input + 6 + big, "\nsmall2\n");
    tool(input, "produce", "-b", bootstrap, "-t", topic, "-X", "max.request.size=10000000",
         "-X", "retries=0", NULL);
    free(input);
    ASSERT_EXIT(1);
    ck_assert_msg(strstr(R.err, "1 of 3 records failed") && strstr(R.err, "line 2"), "%s",
                  R.err);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "small\nsmall2\n");
}
END_TEST

/* Ctrl-C ends a group consume that waits for records: exit 0, and what it printed is
 * committed (a new member of the group prints only what came after). */
START_TEST(interrupt_commits)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128];
    topic_with(bootstrap, "tool-sigint", 1, topic, sizeof(topic));
    test_topic_name("tool-sigint-g", group, sizeof(group));
    tool("r1\nr2\n", "produce", "-b", bootstrap, "-t", topic, NULL);
    ASSERT_EXIT(0);
    const char *build = getenv("MOLDAU_BUILD");
    char prog[512], out[256];
    snprintf(prog, sizeof(prog), "%s/tools/moldau", build ? build : "build");
    snprintf(out, sizeof(out), "%s/moldau-tool-sigint-%d.out",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0)
            _exit(126);
        int null = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        if (null >= 0)
            dup2(null, 2);
        execl(prog, prog, "consume", "-b", bootstrap, "-t", topic, "-g", group,
              "--from-beginning", (char *)NULL);
        _exit(127);
    }
    /* both records printed: the member is in the group and polling */
    for (int i = 0; i < 600; i++) {
        slurp(out, R.out, sizeof(R.out));
        if (count_lines(R.out) >= 2)
            break;
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    ck_assert_str_eq(R.out, "r1\nr2\n");
    kill(pid, SIGINT);
    int status = 0, done = 0;
    for (int i = 0; i < 600 && !done; i++) {
        done = waitpid(pid, &status, WNOHANG) == pid;
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    if (!done) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
    }
    unlink(out);
    ck_assert_msg(done, "consume did not exit on SIGINT");
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
    tool("r3\n", "produce", "-b", bootstrap, "-t", topic, NULL);
    ASSERT_EXIT(0);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-g", group, "--from-beginning", "-e",
         NULL);
    ASSERT_EXIT(0);
    ck_assert_str_eq(R.out, "r3\n");
}
END_TEST

/* moldau topics, with kafka-topics.sh's flags and with action words: create (and again: exit
 * 1, or 0 with --if-not-exists), describe as a table and as JSON (parsed), list, alter to more
 * partitions, delete (a missing topic beside it: exit 1), bad usage exit 2. */
START_TEST(topics_subcommand)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("tool-topics", topic, sizeof(topic));
    tool(NULL, "topics", "--bootstrap-server", bootstrap, "--create", "--topic", topic,
         "--partitions", "3", "--replication-factor", "1", "--config", "retention.ms=100000",
         NULL);
    ASSERT_EXIT(0);
    ck_assert_msg(strstr(R.out, "Created topic"), "%s", R.out);
    tool(NULL, "topics", "-b", bootstrap, "create", "-t", topic, "-P", "3", NULL);
    ASSERT_EXIT(1);
    ck_assert_msg(strstr(R.err, "already exists") && strstr(R.err, "1 of 1"), "%s", R.err);
    tool(NULL, "topics", "-b", bootstrap, "create", "-t", topic, "--if-not-exists", NULL);
    ASSERT_EXIT(0);

    tool(NULL, "topics", "--bootstrap-server", bootstrap, "--describe", "--topic", topic, NULL);
    ASSERT_EXIT(0);
    ck_assert_msg(strstr(R.out, "PartitionCount: 3\tReplicationFactor: 1"), "%s", R.out);
    ck_assert_msg(strstr(R.out, "Partition: 2\tLeader: "), "%s", R.out);
    tool(NULL, "topics", "-b", bootstrap, "describe", "-t", topic, "--json", NULL);
    ASSERT_EXIT(0);
    cJSON *j = cJSON_Parse(R.out);
    ck_assert_msg(j && cJSON_GetArraySize(j) == 1, "%s", R.out);
    cJSON *d = cJSON_GetArrayItem(j, 0);
    ck_assert_str_eq(cJSON_GetObjectItem(d, "name")->valuestring, topic);
    cJSON *parts = cJSON_GetObjectItem(d, "partitions");
    ck_assert_int_eq(cJSON_GetArraySize(parts), 3);
    for (int p = 0; p < 3; p++) {
        cJSON *e = cJSON_GetArrayItem(parts, p);
        ck_assert_int_eq(cJSON_GetObjectItem(e, "partition")->valueint, p);
        ck_assert_int_ge(cJSON_GetObjectItem(e, "leader")->valueint, 0);
        ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(e, "isr")), 1);
    }
    cJSON_Delete(j);

    tool(NULL, "topics", "-b", bootstrap, "--list", NULL);
    ASSERT_EXIT(0);
    char line[160];
    snprintf(line, sizeof(line), "%s\n", topic);
    ck_assert_msg(strstr(R.out, line), "%s not listed:\n%s", topic, R.out);

    tool(NULL, "topics", "-b", bootstrap, "--alter", "--topic", topic, "--partitions", "5", NULL);
    ASSERT_EXIT(0);
    int grown = 0;
    for (int i = 0; i < 50 && !grown; i++) { /* the metadata shows it a moment later */
        tool(NULL, "topics", "-b", bootstrap, "describe", "-t", topic, NULL);
        ASSERT_EXIT(0);
        grown = strstr(R.out, "PartitionCount: 5") != NULL;
        if (!grown)
            usleep(100 * 1000);
    }
    ck_assert_msg(grown, "%s", R.out);

    char missing[160];
    snprintf(missing, sizeof(missing), "%s-missing", topic);
    tool(NULL, "topics", "-b", bootstrap, "--delete", "--topic", topic, "--topic", missing, NULL);
    ASSERT_EXIT(1);
    ck_assert_msg(strstr(R.out, "Deleted topic"), "%s", R.out);
    ck_assert_msg(strstr(R.err, missing) && strstr(R.err, "1 of 2"), "%s", R.err);
    tool(NULL, "topics", "-b", bootstrap, "delete", "-t", missing, "--if-exists", NULL);
    ASSERT_EXIT(0);

    tool(NULL, "topics", "-b", bootstrap, "--list", "--delete", NULL);
    ASSERT_EXIT(2);
    tool(NULL, "topics", "-b", bootstrap, "create", NULL);
    ASSERT_EXIT(2);
    tool(NULL, "topics", "-b", bootstrap, "create", "-t", topic, "-P", "zero", NULL);
    ASSERT_EXIT(2);
    tool(NULL, "topics", "-b", bootstrap, NULL);
    ASSERT_EXIT(2);
}
END_TEST

/* moldau cluster (text and JSON: the brokers and metadata.version) and moldau configs with
 * kafka-configs.sh's flags: a topic's configs added, described as set on it, one deleted,
 * described as JSON; a broker's described by id; an unknown topic or config name exit 1,
 * a missing entity or action exit 2. */
START_TEST(cluster_and_configs_subcommands)
{
    TEST_NEED_KAFKA(bootstrap);
    tool(NULL, "cluster", "--bootstrap-server", bootstrap, NULL);
    ASSERT_EXIT(0);
    ck_assert_msg(strstr(R.out, "Cluster id: ") && strstr(R.out, "metadata.version"), "%s",
                  R.out);
    tool(NULL, "cluster", "-b", bootstrap, "--json", NULL);
    ASSERT_EXIT(0);
    cJSON *j = cJSON_Parse(R.out);
    ck_assert_msg(j != NULL, "%s", R.out);
    cJSON *brokers = cJSON_GetObjectItem(j, "brokers");
    ck_assert_int_ge(cJSON_GetArraySize(brokers), 1);
    int broker = cJSON_GetObjectItem(cJSON_GetArrayItem(brokers, 0), "id")->valueint;
    ck_assert_int_ge(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "features"),
                                         "metadata.version")->valueint, 1);
    ck_assert_ptr_nonnull(cJSON_GetObjectItem(j, "cluster_id")->valuestring);
    cJSON_Delete(j);

    char topic[128], id[16];
    topic_with(bootstrap, "tool-cfg", 1, topic, sizeof(topic));
    snprintf(id, sizeof(id), "%d", broker);
    tool(NULL, "configs", "--bootstrap-server", bootstrap, "--alter", "--entity-type", "topics",
         "--entity-name", topic, "--add-config", "retention.ms=100000,cleanup.policy=compact",
         NULL);
    ASSERT_EXIT(0);
    int seen = 0;
    for (int i = 0; i < 50 && !seen; i++) { /* the change reaches the broker a moment later */
        tool(NULL, "configs", "-b", bootstrap, "--describe", "--topic", topic, NULL);
        ASSERT_EXIT(0);
        seen = strstr(R.out, "retention.ms=100000") && strstr(R.out, "cleanup.policy=compact");
        if (!seen)
            usleep(100 * 1000);
    }
    ck_assert_msg(seen, "%s", R.out);
    tool(NULL, "configs", "-b", bootstrap, "--alter", "--topic", topic, "--delete-config",
         "cleanup.policy", NULL);
    ASSERT_EXIT(0);
    int gone = 0;
    for (int i = 0; i < 50 && !gone; i++) {
        tool(NULL, "configs", "-b", bootstrap, "--describe", "--topic", topic, "--json", NULL);
        ASSERT_EXIT(0);
        j = cJSON_Parse(R.out);
        ck_assert_msg(j != NULL, "%s", R.out);
        int retention = 0, cleanup = 0;
        for (int k = 0; k < cJSON_GetArraySize(j); k++) {
            const char *name = cJSON_GetObjectItem(cJSON_GetArrayItem(j, k), "name")->valuestring;
            retention |= !strcmp(name, "retention.ms");
            cleanup |= !strcmp(name, "cleanup.policy");
        }
        cJSON_Delete(j);
        gone = retention && !cleanup;
        if (!gone)
            usleep(100 * 1000);
    }
    ck_assert_msg(gone, "%s", R.out);
    tool(NULL, "configs", "-b", bootstrap, "--describe", "--broker", id, "--all", NULL);
    ASSERT_EXIT(0);
    ck_assert_msg(strstr(R.out, "log.retention.hours="), "%s", R.out);

    char missing[160];
    snprintf(missing, sizeof(missing), "%s-missing", topic);
    tool(NULL, "configs", "-b", bootstrap, "--describe", "--topic", missing, NULL);
    ASSERT_EXIT(1);
    tool(NULL, "configs", "-b", bootstrap, "--alter", "--topic", topic, "--add-config",
         "no.such.config=1", NULL);
    ASSERT_EXIT(1);
    ck_assert_msg(strstr(R.err, "no.such.config"), "%s", R.err);
    tool(NULL, "configs", "-b", bootstrap, "--describe", NULL);
    ASSERT_EXIT(2);
    tool(NULL, "configs", "-b", bootstrap, "--topic", topic, NULL);
    ASSERT_EXIT(2);
    tool(NULL, "configs", "-b", bootstrap, "--alter", "--topic", topic, NULL);
    ASSERT_EXIT(2);
}
END_TEST

/* moldau bench: produce writes -n records (each delivered), consume reads them all back, e2e
 * gets back every record it sent with its latency; the summary's JSON says so. Bad mode: 2. */
START_TEST(bench_subcommand)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    topic_with(bootstrap, "tool-bench", 2, topic, sizeof(topic));
    tool(NULL, "bench", "produce", "-b", bootstrap, "-t", topic, "-n", "3000", "-s", "50",
         "--json", NULL);
    ASSERT_EXIT(0);
    cJSON *j = cJSON_Parse(R.out);
    ck_assert_msg(j != NULL, "%s", R.out);
    ck_assert_int_eq(cJSON_GetObjectItem(j, "records")->valueint, 3000);
    ck_assert_int_eq(cJSON_GetObjectItem(j, "failed")->valueint, 0);
    ck_assert(cJSON_GetObjectItem(j, "p99_ms")->valuedouble > 0);
    cJSON_Delete(j);
    tool(NULL, "bench", "consume", "-b", bootstrap, "-t", topic, "-n", "3000", "--json", NULL);
    ASSERT_EXIT(0);
    j = cJSON_Parse(R.out);
    ck_assert_msg(j != NULL, "%s", R.out);
    ck_assert_int_eq(cJSON_GetObjectItem(j, "records")->valueint, 3000);
    ck_assert_int_eq(cJSON_GetObjectItem(j, "size")->valueint, 50);
    cJSON_Delete(j);
    tool(NULL, "bench", "consume", "-b", bootstrap, "-t", topic, "-n", "3001", NULL);
    ASSERT_EXIT(1); /* the topic holds fewer */
    tool(NULL, "bench", "e2e", "-b", bootstrap, "-t", topic, "--rate", "500", "--seconds", "2",
         "--json", NULL);
    ASSERT_EXIT(0);
    j = cJSON_Parse(R.out);
    ck_assert_msg(j != NULL, "%s", R.out);
    ck_assert_int_eq(cJSON_GetObjectItem(j, "records")->valueint, 1000);
    double p50 = cJSON_GetObjectItem(j, "p50_ms")->valuedouble;
    double p99 = cJSON_GetObjectItem(j, "p99_ms")->valuedouble;
    ck_assert_msg(p50 > 0 && p99 >= p50, "%s", R.out);
    cJSON_Delete(j);
    tool(NULL, "bench", "sideways", "-b", bootstrap, "-t", topic, NULL);
    ASSERT_EXIT(2);
    tool(NULL, "bench", "produce", "-b", bootstrap, NULL);
    ASSERT_EXIT(2);
}
END_TEST

/* moldau groups with kafka-consumer-groups.sh's flags: a group that consumed is listed (and
 * its state), described with each partition's committed offset, log end and lag (table and
 * JSON), reset (a plan without --execute changes nothing; --execute to earliest makes the lag
 * the whole log; --shift-by), its offsets deleted, the group deleted; an unknown group and a
 * reset of a group with a member exit 1; bad usage 2. */
START_TEST(groups_subcommand)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128];
    topic_with(bootstrap, "tool-groups", 2, topic, sizeof(topic));
    test_topic_name("tool-groups-g", group, sizeof(group));
    tool("k1:a\nk2:b\nk3:c\nk4:d\nk5:e\nk6:f\n", "produce", "-b", bootstrap, "-t", topic,
         "-K:", NULL);
    ASSERT_EXIT(0);
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-g", group, "--from-beginning", "-e",
         NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(count_lines(R.out), 6);

    tool(NULL, "groups", "--bootstrap-server", bootstrap, "--list", NULL);
    ASSERT_EXIT(0);
    char line[160];
    snprintf(line, sizeof(line), "%s\n", group);
    ck_assert_msg(strstr(R.out, line), "%s", R.out);
    tool(NULL, "groups", "-b", bootstrap, "--describe", "--group", group, "--json", NULL);
    ASSERT_EXIT(0);
    cJSON *j = cJSON_Parse(R.out);
    ck_assert_msg(j && cJSON_GetArraySize(j) == 2, "%s", R.out);
    long long total = 0;
    for (int i = 0; i < 2; i++) {
        cJSON *p = cJSON_GetArrayItem(j, i);
        ck_assert_str_eq(cJSON_GetObjectItem(p, "topic")->valuestring, topic);
        long long cur = (long long)cJSON_GetObjectItem(p, "current_offset")->valuedouble;
        long long end = (long long)cJSON_GetObjectItem(p, "log_end_offset")->valuedouble;
        ck_assert_int_eq(cur, end); /* all read and committed */
        ck_assert_int_eq((long long)cJSON_GetObjectItem(p, "lag")->valuedouble, 0);
        total += end;
    }
    ck_assert_int_eq(total, 6);
    cJSON_Delete(j);

    /* a plan only: nothing changes */
    tool(NULL, "groups", "-b", bootstrap, "--reset-offsets", "--group", group, "--topic", topic,
         "--to-earliest", NULL);
    ASSERT_EXIT(0);
    ck_assert_msg(strstr(R.out, "NEW-OFFSET") && strstr(R.out, "plan only"), "%s", R.out);
    tool(NULL, "groups", "-b", bootstrap, "--describe", "--group", group, NULL);
    ASSERT_EXIT(0);
    ck_assert_msg(strstr(R.out, "CURRENT-OFFSET  LOG-END-OFFSET  LAG"), "%s", R.out);
    tool(NULL, "groups", "-b", bootstrap, "--describe", "--group", group, "--json", NULL);
    ASSERT_EXIT(0);
    j = cJSON_Parse(R.out);
    ck_assert_msg(j != NULL, "%s", R.out);
    for (int i = 0; i < cJSON_GetArraySize(j); i++) /* still all committed */
        ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(j, i), "lag")->valueint, 0);
    cJSON_Delete(j);
    tool(NULL, "groups", "-b", bootstrap, "--reset-offsets", "--group", group, "--all-topics",
         "--to-earliest", "--execute", NULL);
    ASSERT_EXIT(0);
    tool(NULL, "groups", "-b", bootstrap, "--describe", "--group", group, "--json", NULL);
    ASSERT_EXIT(0);
    j = cJSON_Parse(R.out);
    ck_assert_msg(j != NULL, "%s", R.out);
    long long lag = 0;
    for (int i = 0; i < cJSON_GetArraySize(j); i++)
        lag += (long long)cJSON_GetObjectItem(cJSON_GetArrayItem(j, i), "lag")->valuedouble;
    ck_assert_int_eq(lag, 6);
    cJSON_Delete(j);
    /* the group reads everything again from there */
    tool(NULL, "consume", "-b", bootstrap, "-t", topic, "-g", group, "-e", NULL);
    ASSERT_EXIT(0);
    ck_assert_int_eq(count_lines(R.out), 6);
    tool(NULL, "groups", "-b", bootstrap, "--reset-offsets", "--group", group, "--topic",
         topic, "--shift-by", "-1", "--execute", "--json", NULL);
    ASSERT_EXIT(0);
    j = cJSON_Parse(R.out);
    ck_assert_msg(j != NULL, "%s", R.out);
    for (int i = 0; i < cJSON_GetArraySize(j); i++) {
        cJSON *p = cJSON_GetArrayItem(j, i);
        long long prev = (long long)cJSON_GetObjectItem(p, "previous_offset")->valuedouble;
        long long now = (long long)cJSON_GetObjectItem(p, "new_offset")->valuedouble;
        ck_assert_int_eq(now, prev > 0 ? prev - 1 : 0);
    }
    cJSON_Delete(j);

    tool(NULL, "groups", "-b", bootstrap, "--delete-offsets", "--group", group, "--topic", topic,
         NULL);
    ASSERT_EXIT(0);
    tool(NULL, "groups", "-b", bootstrap, "--delete", "--group", group, NULL);
    ASSERT_EXIT(0);
    ck_assert_msg(strstr(R.out, "succeeded"), "%s", R.out);
    tool(NULL, "groups", "-b", bootstrap, "--describe", "--group", group, NULL);
    ASSERT_EXIT(1);
    ck_assert_msg(strstr(R.err, "no such group"), "%s", R.err);

    tool(NULL, "groups", "-b", bootstrap, "--describe", NULL);
    ASSERT_EXIT(2);
    tool(NULL, "groups", "-b", bootstrap, "--reset-offsets", "--group", group, "--topic", topic,
         NULL);
    ASSERT_EXIT(2);
    tool(NULL, "groups", "-b", bootstrap, "--reset-offsets", "--group", group, "--topic", topic,
         "--to-datetime", "yesterday", NULL);
    ASSERT_EXIT(2);
}
END_TEST

/* moldau configs --entity-type users: SCRAM credentials with kafka-configs.sh's forms, upserted
 * for two mechanisms, described (JSON), one deleted; a build without OpenSSL refuses (exit 1). */
START_TEST(scram_users_via_configs)
{
    TEST_NEED_KAFKA(bootstrap);
    char user[128];
    test_topic_name("tool-scram", user, sizeof(user));
    tool(NULL, "configs", "-b", bootstrap, "--alter", "--entity-type", "users", "--entity-name",
         user, "--add-config",
         "SCRAM-SHA-256=[iterations=4096,password=p1],SCRAM-SHA-512=[password=p2]", NULL);
    if (!moldau__crypto_available()) {
        ASSERT_EXIT(1);
        ck_assert_msg(strstr(R.err, "without OpenSSL"), "%s", R.err);
        return;
    }
    ASSERT_EXIT(0);
    int both = 0;
    for (int i = 0; i < 50 && !both; i++) {
        tool(NULL, "configs", "-b", bootstrap, "--describe", "--entity-type", "users",
             "--entity-name", user, "--json", NULL);
        ASSERT_EXIT(0);
        both = strstr(R.out, "\"mechanism\":\"SCRAM-SHA-256\",\"iterations\":4096") &&
               strstr(R.out, "\"mechanism\":\"SCRAM-SHA-512\",\"iterations\":8192");
        if (!both)
            usleep(100 * 1000);
    }
    ck_assert_msg(both, "%s", R.out);
    tool(NULL, "configs", "-b", bootstrap, "--alter", "--entity-type", "users", "--entity-name",
         user, "--delete-config", "SCRAM-SHA-512", NULL);
    ASSERT_EXIT(0);
    tool(NULL, "configs", "-b", bootstrap, "--alter", "--entity-type", "users", "--entity-name",
         user, "--add-config", "SCRAM-SHA-256=[iterations=4096]", NULL);
    ASSERT_EXIT(2); /* no password */
}
END_TEST

Suite *moldau_test_tool_kafka_suite(void)
{
    Suite *s = suite_create("tool_kafka");
    TCase *tc = tcase_create("tool");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, produce_then_every_format);
    tcase_add_test(tc, json_escapes_and_nulls);
    tcase_add_test(tc, console_tool_spellings);
    tcase_add_test(tc, group_resumes);
    tcase_add_test(tc, start_offsets);
    tcase_add_test(tc, bad_input_and_exit_codes);
    tcase_add_test(tc, codecs_acks_and_headers);
    tcase_add_test(tc, broker_refusal_counted);
    tcase_add_test(tc, interrupt_commits);
    tcase_add_test(tc, topics_subcommand);
    tcase_add_test(tc, cluster_and_configs_subcommands);
    tcase_add_test(tc, bench_subcommand);
    tcase_add_test(tc, groups_subcommand);
    tcase_add_test(tc, scram_users_via_configs);
    suite_add_tcase(s, tc);
    return s;
}
