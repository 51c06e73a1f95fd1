/* moldau's consumer reads what other clients produced: kcat 1.7.1, kafka-python 2.0.2
 * (Debian) and 3.0.12 (PyPI), confluent-kafka 1.7.0 (Debian, librdkafka 2.0.2) and 2.16.1
 * (PyPI, librdkafka 2.16.0), and moldau's own producer, each with every codec. Every record
 * (keys, null and empty keys and values, headers with empty and null values, binary bytes, a
 * large value, explicit timestamps) comes back byte for byte, in order per partition, nothing
 * lost, repeated or added: the topic is read by manual assignment up to its high watermarks and
 * compared with tests/interop/readback.py.
 * Commits by manual assignment (a group.id, no subscription: generation -1): what moldau
 * commits, the Python clients read with committed() (tests/interop/commits.py), and what they
 * commit moldau reads with committed() and starts from at MOLDAU_OFFSET_STORED; both writing
 * to one group leaves each partition at its last writer's offset. Needs the real broker
 * (`make check`). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../integration/check_producer.h"
#include "../support/consumer_test.h"
#include "../support/interop_test.h"
#include "../support/peer_test.h"

#define PARTS 3
#define BIG_LEN (300 * 1024)
#define N_SEQ 30
#define MAX_RECS 64
#define TS_BASE 1600000000000LL /* old on purpose: interop_create_topic keeps it (retention -1) */

enum { NOT_KCAT = 1, NOT_KAFKA_PYTHON = 2 };

/* The producers: a name for the test, readback.py's client, and the interpreter (NULL: Debian's
 * /usr/bin/python3; "venv": the project's virtualenv). */
typedef struct producer {
    const char *name, *client, *python;
} producer_t;

static const producer_t producers[] = {
    {"moldau", NULL, NULL},
    {"kcat", "kcat", NULL},
    {"kafka-python-2", "kafka-python", NULL},
    {"kafka-python-3", "kafka-python", "venv"},
    {"confluent-kafka-1.7", "confluent-kafka", NULL},
    {"confluent-kafka-2.16", "confluent-kafka", "venv"},
};
#define N_PRODUCERS ((int)(sizeof(producers) / sizeof(producers[0])))

static unsigned char all_bytes[1024], key_bytes[256], big[BIG_LEN];

static const moldau_record_header_t h_many[] = {
    {"a", 0, "1", 1}, {"empty", 0, "", 0}, {"dup", 0, "x", 1}, {"dup", 0, "y", 1},
    {"bin", 0, "\x01\xff\x80", 3}};
static const moldau_record_header_t h_null[] = {{"null", 0, NULL, 0}, {"after", 0, "v", 1}};
static const moldau_record_header_t h_nul[] = {{"nul", 0, "\x00\x01", 2}};
static const moldau_record_header_t h_seq[] = {{"seq", 0, "s", 1}};

typedef struct rec {
    int32_t partition;
    const void *key;
    size_t key_len;
    const void *value;
    size_t value_len;
    const moldau_record_header_t *headers;
    size_t n_headers;
    int not_for; /* NOT_*: the clients that cannot express the record */
} rec_t;

#define S(s) (s), (sizeof(s) - 1)

static const rec_t fixed[] = {
    {0, S("k0"), S("v0"), NULL, 0, 0},
    {1, NULL, 0, S("null-key"), NULL, 0, 0},
    {2, S("null-value"), NULL, 0, NULL, 0, 0},
    {0, S("empty-value"), "", 0, NULL, 0, 0},
    {1, "", 0, S("empty-key"), NULL, 0, 0},
    {2, S("headers"), S("h"), h_many, 5, 0},
    {0, S("null-header-value"), S("n"), h_null, 2, NOT_KAFKA_PYTHON},
    {1, key_bytes, sizeof(key_bytes), all_bytes, sizeof(all_bytes), NULL, 0, 0},
    {2, S("big"), big, BIG_LEN, NULL, 0, 0},
    {0, NULL, 0, "", 0, NULL, 0, NOT_KCAT},
    {1, S("nul-in-header"), S("z"), h_nul, 1, NOT_KCAT},
};

static char seq_text[N_SEQ][16];

/* The records `p` can produce, in order: the fixed set, then a run spread over the partitions
 * (several records per batch, so the codecs compress more than one). Timestamps explicit,
 * except for kcat, which cannot set them (0: not checked). */
static size_t records_for(const producer_t *p, moldau_producer_record_t *out)
{
    int kcat = p->client && !strcmp(p->client, "kcat");
    int skip = kcat                                                   ? NOT_KCAT
             : p->client && !strcmp(p->client, "kafka-python") ? NOT_KAFKA_PYTHON
                                                               : 0;
    for (size_t i = 0; i < sizeof(all_bytes); i++)
        all_bytes[i] = (unsigned char)i;
    for (size_t i = 0; i < sizeof(key_bytes); i++)
        key_bytes[i] = (unsigned char)(255 - i);
    for (size_t i = 0; i < BIG_LEN; i++)
        big[i] = (unsigned char)(i * 13 + i / 509);
    size_t n = 0;
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        if (fixed[i].not_for & skip)
            continue;
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.partition = fixed[i].partition;
        m.key = fixed[i].key;
        m.key_len = fixed[i].key_len;
        m.value = fixed[i].value;
        m.value_len = fixed[i].value_len;
        m.headers = fixed[i].headers;
        m.n_headers = fixed[i].n_headers;
        out[n++] = m;
    }
    for (int i = 0; i < N_SEQ; i++) {
        int len = snprintf(seq_text[i], sizeof(seq_text[i]), "seq-%d", i);
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.partition = i % PARTS;
        m.key = seq_text[i];
        m.key_len = (size_t)len;
        m.value = seq_text[i];
        m.value_len = (size_t)len;
        if (i % 3 == 1) {
            m.headers = h_seq;
            m.n_headers = 1;
        }
        out[n++] = m;
    }
    for (size_t i = 0; i < n; i++)
        out[i].timestamp = kcat ? 0 : TS_BASE + (int64_t)i * 1000;
    return n;
}

static const char *venv_python(char *buf, size_t size)
{
    const char *venv = getenv("MOLDAU_VENV");
    const char *home = getenv("HOME");
    if (venv && *venv)
        snprintf(buf, size, "%s/bin/python", venv);
    else
        snprintf(buf, size, "%s/.cache/moldau/venv/bin/python", home ? home : "");
    return buf;
}

static void moldau_produce_all(const char *bootstrap, const char *topic,
                               const moldau_producer_record_t *msgs, size_t n, const char *codec)
{
    moldau_producer_t *p = tp_new(bootstrap, "compression.type", codec, "linger.ms", "5", NULL);
    for (size_t i = 0; i < n; i++) {
        moldau_producer_record_t m = msgs[i];
        m.topic = topic;
        ck_assert_int_eq(moldau_produce(p, &m, NULL, NULL), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);
}

/* Another client produces msgs (readback.py --produce under the producer's interpreter). */
static int other_produce(interop_result_t *r, const producer_t *p, const char *bootstrap,
                         const char *topic, const moldau_producer_record_t *msgs, size_t n,
                         const char *codec)
{
    char path[] = "/tmp/moldau-cons-interop-XXXXXX.jsonl", py[1024];
    int fd = mkstemps(path, 6);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(interop_write_expected(path, msgs, n), 0);
    const char *python = NULL;
    if (p->python) {
        python = venv_python(py, sizeof(py));
        if (access(python, X_OK)) {
            test_peer_missing(p->name, "the project's virtualenv (scripts/deps.sh makes it)");
            unlink(path);
            return r->status = INTEROP_SKIP;
        }
    }
    const char *timeout = getenv("MOLDAU_INTEROP_TIMEOUT");
    const char *args[] = {"--client", p->client, "--bootstrap", bootstrap, "--topic", topic,
                          "--produce", path, "--compression", codec, "--timeout",
                          timeout && *timeout ? timeout : "60", NULL};
    int st = interop_run_script(r, python, "readback.py", args);
    unlink(path);
    return st;
}

/* Reads the whole topic with moldau (manual assignment from the beginning up to the high
 * watermarks taken now) into a --dump file, and compares it with msgs. */
static void moldau_read_compare(interop_result_t *r, const char *bootstrap, const char *topic,
                                const moldau_producer_record_t *msgs, size_t n)
{
    moldau_consumer_t *c = test_consumer_new(bootstrap, "fetch.max.wait.ms", "100", NULL);
    int64_t high[PARTS], pos[PARTS] = {0}, lo;
    for (int p = 0; p < PARTS; p++)
        ck_assert_int_eq(moldau_consumer_query_watermark_offsets(c, topic, p, &lo, &high[p],
                                                                 10000), MOLDAU_ERR_NONE);
    test_consumer_assign(c, topic, PARTS, MOLDAU_OFFSET_BEGINNING);
    char path[] = "/tmp/moldau-cons-interop-read-XXXXXX.jsonl";
    int fd = mkstemps(path, 6);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    int done = 0;
    for (int tries = 0; !done && tries < 600; tries++) {
        moldau_consumer_error_t e;
        const moldau_consumer_record_t *recs[64];
        int got = moldau_consumer_poll_batch(c, recs, 64, 100, &e);
        ck_assert_msg(got >= 0, "error event %s: %s", moldau_err_name(e.err),
                      e.reason ? e.reason : "");
        for (int i = 0; i < got; i++) {
            const moldau_consumer_record_t *m = recs[i];
            ck_assert_str_eq(m->topic, topic);
            ck_assert_int_eq(m->timestamp_type, MOLDAU_TIMESTAMP_CREATE_TIME);
            ck_assert_int_ge(m->offset, pos[m->partition]);
            pos[m->partition] = m->offset + 1;
            ck_assert_int_eq(interop_actual_write(f, m), 0);
        }
        done = 1;
        for (int p = 0; p < PARTS; p++)
            done &= pos[p] >= high[p];
    }
    ck_assert_int_eq(fclose(f), 0);
    moldau_consumer_close(c);
    for (int p = 0; p < PARTS; p++)
        ck_assert_msg(pos[p] == high[p], "partition %d: read up to %lld, high watermark %lld", p,
                      (long long)pos[p], (long long)high[p]);
    INTEROP_ASSERT_OK(r, interop_compare(r, path, msgs, n));
    unlink(path);
}

START_TEST(read_what_others_produced)
{
    TEST_NEED_KAFKA(bootstrap);
    int n_codecs = 0;
    while (interop_codecs[n_codecs])
        n_codecs++;
    const producer_t *p = &producers[_i / n_codecs];
    const char *codec = interop_codecs[_i % n_codecs];
    moldau_producer_record_t msgs[MAX_RECS];
    size_t n = records_for(p, msgs);
    interop_result_t *r = malloc(sizeof(*r));
    ck_assert_ptr_nonnull(r);
    char topic[128], what[64];
    snprintf(what, sizeof(what), "read-%s-%s", p->name, codec);
    interop_topic_name(topic, sizeof(topic), what);
    INTEROP_ASSERT_OK(r, interop_create_topic(r, bootstrap, topic, PARTS));
    if (r->status != INTEROP_PASS)
        goto out;
    if (!p->client)
        moldau_produce_all(bootstrap, topic, msgs, n, codec);
    else if (other_produce(r, p, bootstrap, topic, msgs, n, codec) != INTEROP_PASS)
        goto out; /* a skip was printed; a failure asserted below */
    moldau_read_compare(r, bootstrap, topic, msgs, n);
out:
    ck_assert_msg(r->status != INTEROP_FAIL, "%s", r->output);
    free(r);
}
END_TEST

/* ---- commits by manual assignment ------------------------------------------------------ */

static const producer_t committers[] = {
    {"kafka-python-2", "kafka-python", NULL},
    {"kafka-python-3", "kafka-python", "venv"},
    {"confluent-kafka-1.7", "confluent-kafka", NULL},
    {"confluent-kafka-2.16", "confluent-kafka", "venv"},
};

/* commits.py under the client's interpreter: --commit or --expect `offsets`. */
static int other_commits(interop_result_t *r, const producer_t *p, const char *bootstrap,
                         const char *group, const char *topic, const char *what,
                         const char *offsets)
{
    char py[1024];
    const char *python = p->python ? venv_python(py, sizeof(py)) : NULL;
    if (python && access(python, X_OK)) {
        test_peer_missing(p->name, "the project's virtualenv (scripts/deps.sh makes it)");
        return r->status = INTEROP_SKIP;
    }
    const char *args[] = {"--client", p->client, "--bootstrap", bootstrap, "--group", group,
                          "--topic", topic, what, offsets, NULL};
    int st = interop_run_script(r, python, "commits.py", args);
    ck_assert_msg(st != INTEROP_FAIL, "%s", r->output);
    return st;
}

static void moldau_commit(const char *bootstrap, const char *group, const char *topic,
                          const int64_t *offsets)
{
    moldau_consumer_t *c = test_consumer_new(bootstrap, "group.id", group, "enable.auto.commit",
                                             "false", NULL);
    moldau_partition_list_t *l = moldau_partition_list_new(PARTS);
    for (int p = 0; p < PARTS; p++)
        moldau_partition_list_add(l, topic, p)->offset = offsets[p];
    ck_assert_int_eq(moldau_consumer_commit(c, l, 0), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
    moldau_consumer_close(c);
}

static void moldau_expect(const char *bootstrap, const char *group, const char *topic,
                          const int64_t *want)
{
    moldau_consumer_t *c = test_consumer_new(bootstrap, "group.id", group, NULL);
    int64_t got[PARTS];
    test_consumer_committed(c, topic, PARTS, got, 30000);
    for (int p = 0; p < PARTS; p++)
        ck_assert_msg(got[p] == want[p], "%s partition %d: committed %lld, expected %lld", group,
                      p, (long long)got[p], (long long)want[p]);
    moldau_consumer_close(c);
}

START_TEST(commits_by_manual_assignment)
{
    TEST_NEED_KAFKA(bootstrap);
    const producer_t *p = &committers[_i];
    interop_result_t *r = malloc(sizeof(*r));
    ck_assert_ptr_nonnull(r);
    char topic[128], g1[160], g2[160];
    interop_topic_name(topic, sizeof(topic), "commits");
    snprintf(g1, sizeof(g1), "%s-%s-1", topic, p->name);
    snprintf(g2, sizeof(g2), "%s-%s-2", topic, p->name);
    INTEROP_ASSERT_OK(r, interop_create_topic(r, bootstrap, topic, PARTS));
    if (r->status != INTEROP_PASS)
        goto out;
    moldau_producer_record_t msgs[MAX_RECS];
    size_t n = records_for(&producers[0], msgs);
    moldau_produce_all(bootstrap, topic, msgs, n, "none"); /* 12-14 records per partition */

    /* moldau commits, the other reads */
    static const int64_t m1[PARTS] = {5, 9, 12};
    moldau_commit(bootstrap, g1, topic, m1);
    if (other_commits(r, p, bootstrap, g1, topic, "--expect", "0:5,1:9,2:12") != INTEROP_PASS)
        goto out;

    /* the other commits, moldau reads and starts there */
    static const int64_t o2[PARTS] = {7, 3, 11};
    other_commits(r, p, bootstrap, g2, topic, "--commit", "0:7,1:3,2:11");
    moldau_expect(bootstrap, g2, topic, o2);
    moldau_consumer_t *c = test_consumer_new(bootstrap, "group.id", g2, "enable.auto.commit",
                                             "false", NULL);
    test_consumer_assign(c, topic, PARTS, MOLDAU_OFFSET_STORED);
    int64_t first[PARTS] = {-1, -1, -1};
    int seen = 0;
    for (int tries = 0; seen < PARTS && tries < 300; tries++) {
        moldau_consumer_error_t e;
        const moldau_consumer_record_t *rec = moldau_consumer_poll(c, 100, &e);
        ck_assert_msg(rec || !e.err, "%s", e.reason ? e.reason : moldau_err_name(e.err));
        if (rec && first[rec->partition] < 0) {
            first[rec->partition] = rec->offset;
            seen++;
        }
    }
    moldau_consumer_close(c);
    for (int q = 0; q < PARTS; q++)
        ck_assert_msg(first[q] == o2[q], "partition %d started at %lld, committed %lld", q,
                      (long long)first[q], (long long)o2[q]);

    /* both write one group: each partition keeps its last writer's offset */
    other_commits(r, p, bootstrap, g1, topic, "--commit", "1:2");
    static const int64_t mixed[PARTS] = {5, 2, 12};
    moldau_expect(bootstrap, g1, topic, mixed);
    static const int64_t m3[PARTS] = {6, 4, 10};
    moldau_commit(bootstrap, g1, topic, m3);
    other_commits(r, p, bootstrap, g1, topic, "--expect", "0:6,1:4,2:10");
out:
    ck_assert_msg(r->status != INTEROP_FAIL, "%s", r->output);
    free(r);
}
END_TEST

Suite *moldau_test_consumer_interop_suite(void)
{
    Suite *s = suite_create("consumer_interop");
    TCase *tc = tcase_create("read");
    int k = 0;
    while (interop_codecs[k])
        k++;
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, read_what_others_produced, 0, N_PRODUCERS * k);
    suite_add_tcase(s, tc);
    TCase *cm = tcase_create("commits");
    tcase_set_timeout(cm, 300);
    tcase_add_loop_test(cm, commits_by_manual_assignment, 0,
                        (int)(sizeof(committers) / sizeof(committers[0])));
    suite_add_tcase(s, cm);
    return s;
}
