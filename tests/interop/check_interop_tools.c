/* The interop tooling works before moldau's producer does: records produced by kafka-python,
 * confluent-kafka and kcat (each codec each supports) are read back exactly by all three
 * readers of tests/interop/readback.py, and a wrong expectation is reported as wrong, with
 * the precise difference. Needs the real broker (`make check`). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../support/interop_test.h"
#include "../support/peer_test.h"

enum { NOT_KCAT = 1, NOT_KAFKA_PYTHON = 2 };

#define BIG_LEN (100 * 1024)
#define N_SEQ 24
#define MAX_RECS 64
#define TS_BASE 1600000000000LL /* 2020: old on purpose, the topics keep it (retention -1) */

static unsigned char all_bytes[1024], key_bytes[256], big[BIG_LEN];

/* kcat passes header values through its command line: no NUL there. */
static const moldau_record_header_t h_mixed[] = {
    {"trace", 0, "\x01\xff\x80", 3}, {"empty", 0, "", 0}, {"dup", 0, "1", 1},
    {"dup", 0, "2", 1}, {"h\xc3\xa9", 0, "=,;\n", 4}};
static const moldau_record_header_t h_null[] = {{"nullval", 0, NULL, 0}, {"k", 0, "v", 1}};
static const moldau_record_header_t h_nul[] = {{"bin", 0, "\x00\x01", 2}};

typedef struct rec {
    moldau_producer_record_t m;
    int flags;
} rec_t;

/* REC(partition, key, key_len, value, value_len, headers, n_headers, flags); S("x") gives both
 * a string and its length, so REC expands its arguments before REC_ counts them. */
#define REC(...) REC_(__VA_ARGS__)
#define REC_(p, k, kl, v, vl, h, nh, fl)                                                      \
    {{.partition = (p), .key = (k), .key_len = (kl), .value = (v), .value_len = (vl),          \
      .headers = (h), .n_headers = (nh)},                                                      \
     (fl)}
#define S(s) (s), (sizeof(s) - 1)
#define ANY MOLDAU_PARTITION_ANY

static const rec_t base[] = {
    REC(0, S("k0"), S("v0"), NULL, 0, 0),
    REC(1, S("k1"), S("v1"), NULL, 0, 0),
    REC(2, S("k2"), S("v2"), NULL, 0, 0),
    REC(0, NULL, 0, S("null-key"), NULL, 0, 0),
    REC(1, S("null-value"), NULL, 0, NULL, 0, 0),
    REC(2, S("empty-value"), "", 0, NULL, 0, 0),
    REC(0, "", 0, S("empty-key"), NULL, 0, 0),
    REC(1, key_bytes, sizeof(key_bytes), all_bytes, sizeof(all_bytes), NULL, 0, 0),
    REC(2, S("headers"), S("x"), h_mixed, 5, 0),
    REC(0, S("null-header-value"), S("y"), h_null, 2, NOT_KAFKA_PYTHON),
    REC(1, S("nul-in-header"), S("z"), h_nul, 1, NOT_KCAT),
    REC(ANY, S("any-1"), S("a1"), NULL, 0, 0),
    REC(ANY, S("any-2"), S("a2"), h_mixed, 1, 0),
    REC(ANY, NULL, 0, S("any-null-key"), NULL, 0, 0),
    REC(0, NULL, 0, "", 0, NULL, 0, NOT_KCAT),
    REC(2, S("big"), big, BIG_LEN, NULL, 0, 0),
};

static void fill(void)
{
    for (size_t i = 0; i < sizeof(all_bytes); i++)
        all_bytes[i] = (unsigned char)i;
    for (size_t i = 0; i < sizeof(key_bytes); i++)
        key_bytes[i] = (unsigned char)(255 - i);
    for (size_t i = 0; i < BIG_LEN; i++)
        big[i] = (unsigned char)(i * 7 + i / 251);
}

static char seq_text[N_SEQ][16];

/* The records `client` can produce, in order: the base set, then a sequence spread over the
 * partitions (ids in order per partition). Timestamps are explicit except for kcat. */
static size_t records_for(const char *client, moldau_producer_record_t *out)
{
    int skip = !strcmp(client, "kcat") ? NOT_KCAT
             : !strcmp(client, "kafka-python") ? NOT_KAFKA_PYTHON : 0;
    size_t n = 0;
    fill();
    for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
        if (!(base[i].flags & skip))
            out[n++] = base[i].m;
    for (int i = 0; i < N_SEQ; i++) {
        int len = snprintf(seq_text[i], sizeof(seq_text[i]), "seq-%d", i);
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.partition = i % 3;
        m.key = seq_text[i];
        m.key_len = (size_t)len;
        m.value = seq_text[i];
        m.value_len = (size_t)len;
        out[n++] = m;
    }
    for (size_t i = 0; i < n; i++)
        out[i].timestamp = strcmp(client, "kcat") ? TS_BASE + (int64_t)i * 1000 : 0;
    return n;
}

/* One producer x one codec: produce the client's records, then every reader must read them
 * back exactly. */
START_TEST(test_matrix)
{
    TEST_NEED_KAFKA(bootstrap);
    int n_codecs = 0;
    while (interop_codecs[n_codecs])
        n_codecs++;
    const char *producer = interop_clients[_i / n_codecs];
    const char *codec = interop_codecs[_i % n_codecs];
    moldau_producer_record_t msgs[MAX_RECS];
    size_t n = records_for(producer, msgs);
    char topic[128], what[64];
    interop_result_t *r = malloc(sizeof(*r));
    ck_assert_ptr_nonnull(r);
    snprintf(what, sizeof(what), "%s-%s", producer, codec);
    interop_topic_name(topic, sizeof(topic), what);

    INTEROP_ASSERT_OK(r, interop_create_topic(r, bootstrap, topic, 3));
    if (r->status == INTEROP_PASS)
        INTEROP_ASSERT_OK(r, interop_produce(r, producer, bootstrap, topic, msgs, n, codec));
    if (r->status == INTEROP_PASS)
        for (int c = 0; interop_clients[c]; c++)
            INTEROP_ASSERT_OK(r, interop_check(r, interop_clients[c], bootstrap, topic, msgs, n,
                                               codec));
    free(r);
}
END_TEST

/* The checker can fail: a topic holding the right records, compared with expectations that
 * are wrong in five ways (a value, a timestamp, headers, a record never produced, the order)
 * gets each of them reported, by every reader; then a duplicated record is reported too. */
START_TEST(test_wrong_expectation_fails)
{
    TEST_NEED_KAFKA(bootstrap);
    /* gzip: the one codec every reader has, so none of them skips. */
    moldau_producer_record_t msgs[MAX_RECS], wrong[MAX_RECS];
    size_t n = records_for("confluent-kafka", msgs);
    char topic[128];
    interop_result_t *r = malloc(sizeof(*r));
    ck_assert_ptr_nonnull(r);
    interop_topic_name(topic, sizeof(topic), "negative");
    INTEROP_ASSERT_OK(r, interop_create_topic(r, bootstrap, topic, 3));
    if (r->status != INTEROP_PASS)
        goto out;
    INTEROP_ASSERT_OK(r, interop_produce(r, "confluent-kafka", bootstrap, topic, msgs, n, "gzip"));
    if (r->status != INTEROP_PASS)
        goto out;

    /* Indices (= ids) below are in the confluent-kafka list: the base set, then seq-0.. */
    size_t seq = sizeof(base) / sizeof(base[0]);
    memcpy(wrong, msgs, n * sizeof(*msgs));
    wrong[0].value = "v0!";                    /* differs: value */
    wrong[0].value_len = 3;
    wrong[1].timestamp += 1;                   /* differs: timestamp */
    wrong[8].n_headers = 4;                    /* differs: headers */
    wrong[3].key = "never";                    /* lost, and "null-key" unexpected */
    wrong[3].key_len = 5;
    wrong[3].value = "produced";
    wrong[3].value_len = 8;
    moldau_producer_record_t t = wrong[seq + 0];       /* seq-0 and seq-3: both in partition 0 */
    wrong[seq + 0] = wrong[seq + 3];
    wrong[seq + 3] = t;
    char order[64];
    snprintf(order, sizeof(order), "order: partition 0 has id %zu at offset", seq);

    const char *const want[] = {
        "id 0 differs at partition 0 offset 0: value: expected 'v0!', got 'v0'",
        "id 1 differs at partition 1 offset 0: timestamp: expected 1600000001001, got "
        "1600000001000",
        "id 8 differs at partition 2 offset 2: headers: expected [trace=hex:01ff80, empty='', "
        "dup='1', dup='2'], got [trace=hex:01ff80, empty='', dup='1', dup='2', h\xc3\xa9=",
        "lost: id 3 (partition 0, key 'never', value 'produced'",
        "unexpected: partition 0 offset 1 key null value 'null-key'",
        order,
    };
    for (int c = 0; interop_clients[c]; c++) {
        /* Right expectations pass, so the failures below come from the differences. */
        int st = interop_check(r, interop_clients[c], bootstrap, topic, msgs, n, "gzip");
        ck_assert_msg(st != INTEROP_FAIL, "%s", r->output);
        st = interop_check(r, interop_clients[c], bootstrap, topic, wrong, n, "gzip");
        if (st == INTEROP_SKIP)
            continue;
        ck_assert_msg(st == INTEROP_FAIL, "a wrong expectation passed:\n%s", r->output);
        for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++)
            ck_assert_msg(strstr(r->output, want[w]), "'%s' not reported:\n%s", want[w],
                          r->output);
    }

    /* The record k0 once more: now the right expectations must fail, as a duplicate. */
    INTEROP_ASSERT_OK(r, interop_produce(r, "confluent-kafka", bootstrap, topic, msgs, 1, "gzip"));
    for (int c = 0; interop_clients[c]; c++) {
        int st = interop_check(r, interop_clients[c], bootstrap, topic, msgs, n, "gzip");
        if (st == INTEROP_SKIP)
            continue;
        ck_assert_msg(st == INTEROP_FAIL, "a duplicate passed:\n%s", r->output);
        ck_assert_msg(strstr(r->output, "duplicated: id 0 again at partition 0 offset "),
                      "duplicate not reported:\n%s", r->output);
    }
out:
    free(r);
}
END_TEST

/* What a consumer would hand out for a record produced as m at (partition, offset). */
static moldau_consumer_record_t as_consumed(const moldau_producer_record_t *m, int32_t partition,
                                            int64_t offset)
{
    moldau_consumer_record_t c = {.topic = "t",
                                  .partition = partition,
                                  .offset = offset,
                                  .timestamp = m->timestamp,
                                  .timestamp_type = MOLDAU_TIMESTAMP_CREATE_TIME,
                                  .leader_epoch = 0,
                                  .key = m->key,
                                  .key_len = m->key_len,
                                  .value = m->value,
                                  .value_len = m->value_len,
                                  .headers = m->headers,
                                  .n_headers = m->n_headers};
    return c;
}

/* The reverse direction's check (what moldau's consumer read, written from C, against the
 * records another client produced): right records pass, a changed value is reported. */
START_TEST(test_actual_compare)
{
    moldau_producer_record_t msgs[MAX_RECS];
    moldau_consumer_record_t got[MAX_RECS];
    size_t n = records_for("confluent-kafka", msgs);
    int64_t next[3] = {0, 0, 0};
    interop_result_t *r = malloc(sizeof(*r));
    ck_assert_ptr_nonnull(r);
    char path[] = "/tmp/moldau-interop-actual-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    for (size_t i = 0; i < n; i++) {
        int32_t part = msgs[i].partition;
        if (part == MOLDAU_PARTITION_ANY)
            part = (int32_t)(i % 3);
        got[i] = as_consumed(&msgs[i], part, next[part]++);
        ck_assert_int_eq(interop_actual_write(f, &got[i]), 0);
    }
    ck_assert_int_eq(fclose(f), 0);
    int st = interop_compare(r, path, msgs, n);
    if (st != INTEROP_SKIP) {
        ck_assert_msg(st == INTEROP_PASS, "%s", r->output);
        f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        got[5].value = "not empty";
        got[5].value_len = 9;
        for (size_t i = 0; i < n; i++)
            ck_assert_int_eq(interop_actual_write(f, &got[i]), 0);
        ck_assert_int_eq(fclose(f), 0);
        ck_assert_int_eq(interop_compare(r, path, msgs, n), INTEROP_FAIL);
        ck_assert_msg(strstr(r->output, "id 5 differs at partition 2 offset 1: value: expected "
                                        "'', got 'not empty'"), "%s", r->output);
    }
    unlink(path);
    free(r);
}
END_TEST

Suite *moldau_test_interop_tools_suite(void)
{
    Suite *s = suite_create("interop_tools");
    TCase *tc = tcase_create("matrix");
    int n = 0;
    while (interop_clients[n])
        n++;
    int k = 0;
    while (interop_codecs[k])
        k++;
    /* Each test runs the tools several times (each limited to MOLDAU_INTEROP_TIMEOUT). */
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_matrix, 0, n * k);
    tcase_add_test(tc, test_wrong_expectation_fails);
    tcase_add_test(tc, test_actual_compare);
    suite_add_tcase(s, tc);
    return s;
}
