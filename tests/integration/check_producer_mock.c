/* The producer against librdkafka's mock cluster: faults the real broker cannot be asked for.
 * An unknown topic fails each record once after max.block.ms; records stuck behind a broker
 * that is down make flush time out and close report each once with _DESTROYED; and the first
 * delivery guarantee: idempotence through NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT and a
 * dropped connection, every record exactly one success, and read back (kcat) each id once and
 * in order per partition. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/mock_test.h"
#include "../support/peer_test.h"
#include "check_producer.h"
#include "producer/producer.h"
#include "producer/sender.h"

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)

START_TEST(unknown_topic_fails_each_record_once)
{
    TEST_NEED_MOCK(mock, 1);
    /* the mock would create it; an error for it in Metadata keeps it unknown */
    MOCK(mock, "topic error nowhere UNKNOWN_TOPIC_OR_PART");
    moldau_producer_t *p = tp_new(mock->bootstrap, "max.block.ms", "500", NULL);
    enum { N = 50 };
    tp_reports_t r;
    tp_reports_init(&r, N);
    tp_current = &r;
    for (size_t i = 0; i < N; i++) {
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.topic = "nowhere";
        m.value = "v";
        m.value_len = 1;
        m.partition = i % 2 ? MOLDAU_PARTITION_ANY : 1; /* unknown count: accepted, held */
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, N);
    for (size_t i = 0; i < N; i++) {
        ck_assert_msg(r.err[i] == MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION, "%s",
                      moldau_err_name(r.err[i]));
        ck_assert_int_eq(r.offset[i], -1);
        ck_assert_int_eq(r.status[i], MOLDAU_DELIVERY_NOT_PERSISTED);
        /* the cluster answered: not a timeout, and the reason says what it answered */
        ck_assert_msg(r.reason[i] && strstr(r.reason[i], "\"nowhere\"") &&
                          strstr(r.reason[i], "after 500 ms") &&
                          strstr(r.reason[i], "no partitions"),
                      "%s", r.reason[i] ? r.reason[i] : "(no reason)");
    }
    moldau_producer_close(p, 1000);
    tp_reports_free(&r);
    test_mock_stop(mock);
}
END_TEST

START_TEST(close_reports_queued_records_destroyed)
{
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create stuck 2 1");
    moldau_producer_t *p = tp_new(mock->bootstrap, "io.thread", _i ? "true" : "false",
                                  "linger.ms", "1", NULL);
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = "stuck";
    ck_assert_int_eq(moldau_produce_sync(p, &m, NULL, 30000), MOLDAU_ERR_NONE);
    MOCK(mock, "broker down 1");
    enum { N = 200 };
    tp_reports_t r;
    tp_reports_init(&r, N);
    tp_current = &r;
    for (size_t i = 0; i < N; i++)
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 300), MOLDAU_ERR__TIMED_OUT);
    ck_assert_uint_eq(moldau_producer_outstanding(p), N);
    ck_assert_uint_eq(r.total, 0);
    moldau_producer_close(p, 0);
    tp_assert_once(&r, N);
    for (size_t i = 0; i < N; i++)
        ck_assert_msg(r.err[i] == MOLDAU_ERR__DESTROYED, "%s", moldau_err_name(r.err[i]));
    tp_reports_free(&r);
    test_mock_stop(mock);
}
END_TEST

/* ---- idempotence through faults ------------------------------------------------------------ */

enum { G_N = 20000, G_PARTS = 4 };

/* kcat prints "<partition> <value>" per record; values are the ids. */
static void read_back(const char *bootstrap, const char *topic, int32_t *part_of, int *seen)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "kcat -b '%s' -C -t '%s' -o beginning -e -q -f '%%p %%s\\n' 2>/dev/null", bootstrap,
             topic);
    FILE *f = popen(cmd, "r");
    ck_assert_msg(f != NULL, "cannot run kcat");
    long last[G_PARTS];
    for (int i = 0; i < G_PARTS; i++)
        last[i] = -1;
    int part;
    long id;
    while (fscanf(f, "%d %ld", &part, &id) == 2) {
        ck_assert_msg(id >= 0 && id < G_N && part >= 0 && part < G_PARTS, "%d %ld", part, id);
        ck_assert_msg(++seen[id] == 1, "id %ld read twice", id);
        ck_assert_int_eq(part_of[id], part);
        ck_assert_msg(id > last[part], "partition %d: %ld after %ld", part, id, last[part]);
        last[part] = id;
    }
    pclose(f);
}

START_TEST(idempotent_through_faults)
{
    if (system("kcat -V > /dev/null 2>&1") != 0) {
        test_peer_missing(__func__, "kcat");
        return;
    }
    TEST_NEED_MOCK(mock, 2);
    MOCK(mock, "topic create guarantee %d 2", G_PARTS);
    /* One request in flight per connection: librdkafka 2.0.2's mock does not check producer
     * sequences, so a batch pipelined behind one that got an injected error would be written
     * before it (Kafka answers it OUT_OF_ORDER_SEQUENCE_NUMBER and moldau retries it in
     * order: see the real-broker tests, which retry pipelined batches). */
    moldau_producer_t *p = tp_new(mock->bootstrap, "max.in.flight.requests.per.connection", "1",
                                  "linger.ms", "2", "batch.size", "4000",
                                  "retry.backoff.ms", "20", "retry.backoff.max.ms", "200",
                                  "request.timeout.ms", "5000", NULL);
    tp_reports_t r;
    tp_reports_init(&r, G_N);
    tp_current = &r;
    char val[32];
    for (size_t i = 0; i < G_N; i++) {
        /* faults while records flow: leader errors, broker timeouts, a dropped connection */
        if (i == 2000)
            MOCK(mock, "push errors 0 3 NOT_LEADER_FOR_PARTITION NOT_LEADER_FOR_PARTITION "
                       "REQUEST_TIMED_OUT");
        if (i == 6000)
            MOCK(mock, "drop 0 1");
        if (i == 9000)
            MOCK(mock, "push errors 0 2 REQUEST_TIMED_OUT NOT_LEADER_FOR_PARTITION");
        if (i == 12000)
            MOCK(mock, "partition leader guarantee 1 2");
        if (i == 15000)
            MOCK(mock, "push errors 0 4 NOT_LEADER_FOR_PARTITION REQUEST_TIMED_OUT "
                       "NOT_LEADER_FOR_PARTITION REQUEST_TIMED_OUT");
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.topic = "guarantee";
        m.value = val;
        m.value_len = (size_t)snprintf(val, sizeof(val), "%zu", i);
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
        if (i % 500 == 0)
            moldau_producer_poll(p, 1);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 120000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, G_N);
    for (size_t i = 0; i < G_N; i++)
        ck_assert_msg(r.err[i] == 0, "record %zu: %s", i, moldau_err_name(r.err[i]));
    moldau__sender_stats_t st;
    moldau__sender_stats(p->sender, &st);
    fprintf(stderr, "producer_mock: %llu requests, %llu batches, %llu retried, %llu ids\n",
            (unsigned long long)st.requests, (unsigned long long)st.batches_sent,
            (unsigned long long)st.batches_retried, (unsigned long long)st.init_producer_id);
    ck_assert_uint_gt(st.batches_retried, 0); /* the faults did hit */
    moldau_producer_close(p, 10000);

    int *seen = calloc(G_N, sizeof(*seen));
    read_back(mock->bootstrap, "guarantee", r.partition, seen);
    for (size_t i = 0; i < G_N; i++)
        ck_assert_msg(seen[i] == 1, "id %zu read %d times", i, seen[i]);
    free(seen);
    tp_reports_free(&r);
    test_mock_stop(mock);
}
END_TEST

/* KIP-360: a sequence error nothing explains bumps the epoch; the batch goes again with fresh
 * sequences, and nothing is lost, duplicated or reordered. DUPLICATE_SEQUENCE_NUMBER counts as
 * written (the mock did not write it, so that batch is left out of the read-back check). */
START_TEST(epoch_bump_on_sequence_errors)
{
    if (system("kcat -V > /dev/null 2>&1") != 0) {
        test_peer_missing(__func__, "kcat");
        return;
    }
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create bump 1 1");
    moldau_producer_t *p = tp_new(mock->bootstrap, "max.in.flight.requests.per.connection", "1",
                                  "linger.ms", "0", "retry.backoff.ms", "10", NULL);
    enum { N = 40 };
    tp_reports_t r;
    tp_reports_init(&r, N);
    tp_current = &r;
    char val[32];
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = "bump";
    m.value = val;
    for (size_t i = 0; i < N; i++) {
        if (i == 10)
            MOCK(mock, "push errors 0 1 OUT_OF_ORDER_SEQUENCE_NUMBER");
        if (i == 20)
            MOCK(mock, "push errors 0 1 UNKNOWN_PRODUCER_ID");
        if (i == 30)
            MOCK(mock, "push errors 0 1 DUPLICATE_SEQUENCE_NUMBER");
        m.value_len = (size_t)snprintf(val, sizeof(val), "%zu", i);
        /* one record per request, so that each injected error hits exactly one record */
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
        ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    }
    tp_assert_once(&r, N);
    for (size_t i = 0; i < N; i++)
        ck_assert_msg(r.err[i] == 0, "record %zu: %s", i, moldau_err_name(r.err[i]));
    ck_assert_int_eq(r.offset[30], -1); /* the broker said it had it, without an offset */
    ck_assert_int_eq(r.status[30], MOLDAU_DELIVERY_PERSISTED);
    ck_assert_int_eq(r.status[0], MOLDAU_DELIVERY_PERSISTED);
    moldau__sender_stats_t st;
    moldau__sender_stats(p->sender, &st);
    ck_assert_uint_eq(st.init_producer_id, 3); /* the first id and two bumps */
    moldau_producer_close(p, 10000);

    int32_t *part = calloc(G_N, sizeof(*part));
    int *seen = calloc(G_N, sizeof(*seen));
    read_back(mock->bootstrap, "bump", part, seen);
    for (size_t i = 0; i < N; i++)
        ck_assert_msg(seen[i] == (i == 30 ? 0 : 1), "id %zu read %d times", i, seen[i]);
    free(part);
    free(seen);
    tp_reports_free(&r);
    test_mock_stop(mock);
}
END_TEST

/* bootstrap.servers names two one-broker clusters, A then B. The producer finds A; A goes
 * down for good; the records produced since are delivered through B, found again through
 * bootstrap.servers (metadata.recovery.strategy=rebootstrap, the default). */
START_TEST(rebootstrap_finds_the_cluster_again)
{
    TEST_NEED_MOCK(a, 1);
    test_mock_t *b = test_mock_start(__func__, 1);
    ck_assert_ptr_nonnull(b);
    MOCK(a, "topic create moving 2 1");
    MOCK(b, "topic create moving 2 1");
    char bootstrap[2 * sizeof(a->bootstrap) + 2];
    snprintf(bootstrap, sizeof(bootstrap), "%s,%s", a->bootstrap, b->bootstrap);
    moldau_producer_t *p = tp_new(bootstrap, "reconnect.backoff.max.ms", "200", NULL);
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = "moving";
    m.value = "on A";
    m.value_len = 4;
    ck_assert_int_eq(moldau_produce_sync(p, &m, NULL, 30000), MOLDAU_ERR_NONE);
    MOCK(a, "broker down 1");
    enum { N = 500 };
    tp_reports_t r;
    tp_reports_init(&r, N);
    tp_current = &r;
    m.value = "on B";
    for (size_t i = 0; i < N; i++)
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 60000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, N);
    for (size_t i = 0; i < N; i++)
        ck_assert_msg(r.err[i] == MOLDAU_ERR_NONE, "%s", moldau_err_name(r.err[i]));
    moldau_producer_close(p, 1000);
    tp_reports_free(&r);
    /* B holds exactly the N records, none of A's */
    char cmd[sizeof(b->bootstrap) + 256];
    snprintf(cmd, sizeof(cmd),
             "kcat -b '%s' -C -t moving -o beginning -e -q -f '%%s\\n' 2>/dev/null | "
             "grep -c '^on B$'", b->bootstrap);
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    int n = -1;
    ck_assert_int_eq(fscanf(f, "%d", &n), 1);
    pclose(f);
    ck_assert_int_eq(n, N);
    test_mock_stop(b);
    test_mock_stop(a);
}
END_TEST

Suite *moldau_test_producer_mock_suite(void)
{
    Suite *s = suite_create("producer_mock");
    TCase *tc = tcase_create("mock");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, unknown_topic_fails_each_record_once);
    tcase_add_loop_test(tc, close_reports_queued_records_destroyed, 0, 2);
    tcase_add_test(tc, idempotent_through_faults);
    tcase_add_test(tc, epoch_bump_on_sequence_errors);
    tcase_add_test(tc, rebootstrap_finds_the_cluster_again);
    suite_add_tcase(s, tc);
    return s;
}
