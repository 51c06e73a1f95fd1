/* The producer's delivery guarantees under faults, against librdkafka's mock cluster:
 *  - exactly once at scale: 200,000 records with ids through leader moves, pushed
 *    NOT_LEADER_OR_FOLLOWER and REQUEST_TIMED_OUT, a broker down then up and dropped
 *    connections: one successful report per record, and every id read back once, in order per
 *    partition;
 *  - a broker down longer than delivery.timeout.ms: one MOLDAU_ERR__MSG_TIMED_OUT per record,
 *    none twice, and the producer works again once the broker is back;
 *  - a batch whose earlier attempt has an unknown outcome is not re-sent under a new epoch: it
 *    fails once with that attempt's error, POSSIBLY_PERSISTED (docs/idempotence.md);
 *  - a retry answered OUT_OF_ORDER_SEQUENCE_NUMBER after an unknown-outcome attempt is in the
 *    log: reported PERSISTED with offset -1, and read back once; a record whose attempts all
 *    timed out fails at delivery.timeout.ms as POSSIBLY_PERSISTED;
 *  - buffer.memory bounds what is buffered while the broker is down or slow, and producing
 *    then returns queue-full after max.block.ms;
 *  - moldau_producer_poll() waits its timeout after produce_sync served its own report.
 * The mock does not check producer sequences (TEST-PEERS.md): the real-broker counterpart with
 * pipelined requests is check_producer_kafka3.c. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../support/mock_test.h"
#include "../support/peer_test.h"
#include "check_producer.h"
#include "producer/producer.h"
#include "producer/sender.h"

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)

static int have_kcat(const char *test)
{
    if (system("kcat -V > /dev/null 2>&1") == 0)
        return 1;
    test_peer_missing(test, "kcat");
    return 0;
}

/* Reads the topic back with kcat ("<partition> <value>" per record; values are decimal ids,
 * records without a value are skipped):
 * each id at most once (seen[] counts), in the partition its report named, and increasing per
 * partition. Ids outside [0, n) fail the test. */
static void read_back(const char *bootstrap, const char *topic, size_t n, int n_parts,
                      const int32_t *part_of, int *seen)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "kcat -b '%s' -C -t '%s' -o beginning -e -q -f '%%p %%s\\n' 2>/dev/null", bootstrap,
             topic);
    FILE *f = popen(cmd, "r");
    ck_assert_msg(f != NULL, "cannot run kcat");
    long *last = malloc((size_t)n_parts * sizeof(*last));
    for (int i = 0; i < n_parts; i++)
        last[i] = -1;
    char line[128];
    int part;
    long id;
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%d %ld", &part, &id) != 2)
            continue; /* a warm-up record without a value */
        ck_assert_msg(id >= 0 && (size_t)id < n && part >= 0 && part < n_parts, "%d %ld", part,
                      id);
        ck_assert_msg(++seen[id] == 1, "id %ld read twice", id);
        ck_assert_msg(part_of[id] == part, "id %ld in partition %d, reported in %d", id, part,
                      (int)part_of[id]);
        ck_assert_msg(id > last[part], "partition %d: %ld after %ld", part, id, last[part]);
        last[part] = id;
    }
    free(last);
    pclose(f);
}

static moldau_err_t produce_id(moldau_producer_t *p, const char *topic, int32_t partition,
                               size_t id)
{
    char val[32];
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = topic;
    m.partition = partition;
    m.value = val;
    m.value_len = (size_t)snprintf(val, sizeof(val), "%zu", id);
    return moldau_produce(p, &m, tp_on_delivery, tp_id(id));
}

/* Polls until `total` reports arrived (or a generous limit passes: then the asserts that
 * follow say what is missing). */
static void wait_reports(moldau_producer_t *p, const tp_reports_t *r, size_t total, int max_ms)
{
    for (int waited = 0; r->total < total && waited < max_ms; waited += 50)
        moldau_producer_poll(p, 50);
}

static moldau__sender_stats_t sender_stats(moldau_producer_t *p)
{
    moldau__sender_stats_t st;
    moldau__sender_stats(p->sender, &st);
    return st;
}

/* ---- exactly once at scale ------------------------------------------------------------------ */

enum { X_N = 200000, X_PARTS = 8 };

START_TEST(exactly_once_200k_through_faults)
{
    if (!have_kcat(__func__))
        return;
    TEST_NEED_MOCK(mock, 3);
    /* 25,000 small records per partition: far below the mock's retention (5 MB, 100,000
     * batches per partition) */
    MOCK(mock, "topic create exactly %d 3", X_PARTS);
    /* One request in flight per connection: the mock does not check sequences, so a batch
     * pipelined behind one that got an injected error would be written before it (Kafka
     * answers OUT_OF_ORDER_SEQUENCE_NUMBER: check_producer_kafka3.c pipelines). */
    moldau_producer_t *p = tp_new(mock->bootstrap, "max.in.flight.requests.per.connection", "1",
                                  "linger.ms", "2", "batch.size", "8000",
                                  "retry.backoff.ms", "20", "retry.backoff.max.ms", "200",
                                  "request.timeout.ms", "3000", NULL);
    tp_reports_t r;
    tp_reports_init(&r, X_N);
    tp_current = &r;
    for (size_t i = 0; i < X_N; i++) {
        switch (i) { /* faults while records flow */
        case 10000:
            MOCK(mock, "push errors 0 3 NOT_LEADER_FOR_PARTITION NOT_LEADER_FOR_PARTITION "
                       "REQUEST_TIMED_OUT");
            break;
        case 30000:
            MOCK(mock, "drop 0 2"); /* connections closed with a Produce request unanswered */
            break;
        case 50000:
            MOCK(mock, "partition leader exactly 1 2");
            MOCK(mock, "partition leader exactly 5 3");
            break;
        case 70000:
            MOCK(mock, "push errors 0 4 REQUEST_TIMED_OUT NOT_LEADER_FOR_PARTITION "
                       "REQUEST_TIMED_OUT NOT_LEADER_FOR_PARTITION");
            break;
        case 90000:
            MOCK(mock, "broker down 2");
            break;
        case 110000:
            MOCK(mock, "broker up 2");
            break;
        case 130000:
            MOCK(mock, "partition leader exactly 0 3");
            MOCK(mock, "partition leader exactly 1 1");
            MOCK(mock, "drop 0 1");
            break;
        case 160000:
            MOCK(mock, "push broker-errors 3 0 3 REQUEST_TIMED_OUT 100 NOT_LEADER_FOR_PARTITION "
                       "0 REQUEST_TIMED_OUT 300");
            break;
        }
        ck_assert_int_eq(produce_id(p, "exactly", MOLDAU_PARTITION_ANY, i), MOLDAU_ERR_NONE);
        if (i % 1000 == 0)
            moldau_producer_poll(p, 0);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 120000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, X_N);
    for (size_t i = 0; i < X_N; i++)
        ck_assert_msg(r.err[i] == 0, "record %zu: %s", i, moldau_err_name(r.err[i]));
    moldau__sender_stats_t st = sender_stats(p);
    fprintf(stderr, "producer_faults: 200k: %llu requests, %llu batches, %llu retried, %llu ids\n",
            (unsigned long long)st.requests, (unsigned long long)st.batches_sent,
            (unsigned long long)st.batches_retried, (unsigned long long)st.init_producer_id);
    ck_assert_uint_gt(st.batches_retried, 0); /* the faults did hit */
    moldau_producer_close(p, 10000);

    int *seen = calloc(X_N, sizeof(*seen));
    read_back(mock->bootstrap, "exactly", X_N, X_PARTS, r.partition, seen);
    for (size_t i = 0; i < X_N; i++)
        ck_assert_msg(seen[i] == 1, "id %zu read %d times", i, seen[i]);
    free(seen);
    tp_reports_free(&r);
    test_mock_stop(mock);
}
END_TEST

/* ---- a broker down longer than delivery.timeout.ms ------------------------------------------ */

START_TEST(broker_down_past_delivery_timeout)
{
    if (!have_kcat(__func__))
        return;
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create down 3 1");
    moldau_producer_t *p = tp_new(mock->bootstrap, "delivery.timeout.ms", "2000",
                                  "request.timeout.ms", "500", "linger.ms", "5",
                                  "retry.backoff.ms", "50", "retry.backoff.max.ms", "200", NULL);
    enum { N1 = 3000, N2 = 3000 };
    tp_reports_t r;
    tp_reports_init(&r, N1 + N2);
    tp_current = &r;
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = "down";
    ck_assert_int_eq(moldau_produce_sync(p, &m, NULL, 30000), MOLDAU_ERR_NONE); /* known */

    MOCK(mock, "broker down 1");
    for (size_t i = 0; i < N1; i++) {
        ck_assert_int_eq(produce_id(p, "down", MOLDAU_PARTITION_ANY, i), MOLDAU_ERR_NONE);
        if (i % 500 == 0)
            moldau_producer_poll(p, 1);
    }
    wait_reports(p, &r, N1, 30000);
    /* and nothing more comes: wait a few more retry rounds */
    for (int k = 0; k < 10; k++)
        moldau_producer_poll(p, 50);
    tp_assert_once(&r, N1);
    for (size_t i = 0; i < N1; i++) {
        ck_assert_msg(r.err[i] == MOLDAU_ERR__MSG_TIMED_OUT, "record %zu: %s", i,
                      moldau_err_name(r.err[i]));
        ck_assert_int_eq(r.offset[i], -1);
    }
    ck_assert_uint_eq(moldau_producer_outstanding(p), 0);

    /* back: the producer recovers (a new epoch, since sequences were lost) and delivers */
    MOCK(mock, "broker up 1");
    for (size_t i = N1; i < N1 + N2; i++)
        ck_assert_int_eq(produce_id(p, "down", MOLDAU_PARTITION_ANY, i), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 60000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, N1 + N2);
    for (size_t i = N1; i < N1 + N2; i++)
        ck_assert_msg(r.err[i] == 0, "record %zu: %s", i, moldau_err_name(r.err[i]));
    ck_assert_uint_eq(r.failed, N1);
    moldau_producer_close(p, 10000);

    /* the broker never saw the first records; the later ones once each, in order */
    int *seen = calloc(N1 + N2, sizeof(*seen));
    read_back(mock->bootstrap, "down", N1 + N2, 3, r.partition, seen);
    for (size_t i = 0; i < N1 + N2; i++)
        ck_assert_msg(seen[i] == (i < N1 ? 0 : 1), "id %zu read %d times", i, seen[i]);
    free(seen);
    tp_reports_free(&r);
    test_mock_stop(mock);
}
END_TEST

/* ---- unknown outcome and an epoch bump ------------------------------------------------------ */

/* M (partition 0, broker 1) gets REQUEST_TIMED_OUT: it may be in the log. While it waits for
 * its retry (more errors from broker 1 keep it waiting), B (partition 1, broker 2) gets an
 * OUT_OF_ORDER_SEQUENCE_NUMBER nothing explains: the epoch is bumped. M must not go again
 * under new sequences (were it written, it would be written twice): it fails once with
 * REQUEST_TIMED_OUT. B, refused by the broker, is safely re-stamped and delivered. Before the
 * fix M was re-sent and reported delivered. */
START_TEST(unsure_batch_fails_at_epoch_bump)
{
    if (!have_kcat(__func__))
        return;
    TEST_NEED_MOCK(mock, 2);
    MOCK(mock, "topic create unsure 2 1");
    MOCK(mock, "partition leader unsure 0 1");
    MOCK(mock, "partition leader unsure 1 2");
    /* the application drives the network: the counters below are read without a race */
    moldau_producer_t *p = tp_new(mock->bootstrap, "io.thread", "false", "linger.ms", "0",
                                  "retry.backoff.ms", "100", "retry.backoff.max.ms", "100", NULL);
    enum { N = 5 };
    tp_reports_t r;
    tp_reports_init(&r, N);
    tp_current = &r;
    /* ids 0, 1: each partition written once under the first epoch */
    ck_assert_int_eq(produce_id(p, "unsure", 0, 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(produce_id(p, "unsure", 1, 1), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(sender_stats(p).init_producer_id, 1);

    /* id 2 = M: a timeout, then "not leader" for a second or more: it stays queued */
    MOCK(mock, "push broker-errors 1 0 12 REQUEST_TIMED_OUT 0 NOT_LEADER_FOR_PARTITION 0 "
               "NOT_LEADER_FOR_PARTITION 0 NOT_LEADER_FOR_PARTITION 0 NOT_LEADER_FOR_PARTITION 0 "
               "NOT_LEADER_FOR_PARTITION 0 NOT_LEADER_FOR_PARTITION 0 NOT_LEADER_FOR_PARTITION 0 "
               "NOT_LEADER_FOR_PARTITION 0 NOT_LEADER_FOR_PARTITION 0 NOT_LEADER_FOR_PARTITION 0 "
               "NOT_LEADER_FOR_PARTITION 0");
    ck_assert_int_eq(produce_id(p, "unsure", 0, 2), MOLDAU_ERR_NONE);
    for (int k = 0; k < 600 && sender_stats(p).batches_retried == 0; k++)
        moldau_producer_poll(p, 10);
    ck_assert_uint_ge(sender_stats(p).batches_retried, 1);
    ck_assert_int_eq(r.count[2], 0);

    /* id 3 = B: a sequence error nothing explains → epoch bump */
    MOCK(mock, "push broker-errors 2 0 1 OUT_OF_ORDER_SEQUENCE_NUMBER 0");
    ck_assert_int_eq(produce_id(p, "unsure", 1, 3), MOLDAU_ERR_NONE);
    wait_reports(p, &r, 4, 30000);
    tp_assert_once(&r, 4);
    ck_assert_msg(r.err[2] == MOLDAU_ERR_REQUEST_TIMED_OUT, "M: %s", moldau_err_name(r.err[2]));
    ck_assert_int_eq(r.offset[2], -1);
    ck_assert_int_eq(r.status[2], MOLDAU_DELIVERY_POSSIBLY_PERSISTED); /* may be in the log */
    ck_assert_msg(r.err[3] == 0, "B: %s", moldau_err_name(r.err[3]));
    ck_assert_int_eq(r.status[3], MOLDAU_DELIVERY_PERSISTED);
    ck_assert_uint_eq(sender_stats(p).init_producer_id, 2);

    /* the partition works on under the new epoch (once broker 1's errors are used up) */
    ck_assert_int_eq(produce_id(p, "unsure", 0, 4), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, N);
    ck_assert_msg(r.err[4] == 0, "%s", moldau_err_name(r.err[4]));
    moldau_producer_close(p, 10000);

    int *seen = calloc(N, sizeof(*seen));
    read_back(mock->bootstrap, "unsure", N, 2, r.partition, seen);
    for (size_t i = 0; i < N; i++)
        ck_assert_msg(seen[i] == (i == 2 ? 0 : 1), "id %zu read %d times", i, seen[i]);
    free(seen);
    tp_reports_free(&r);
    test_mock_stop(mock);
}
END_TEST

/* ---- in the log, offset unknown ------------------------------------------------------------- */

/* The delivery report's "persisted, offset unknown" (moldau/producer.h). id 1's first attempt
 * is appended by the mock at once but answered only after 3 s, past request.timeout.ms: its
 * outcome is unknown. Its retry (same sequence) gets OUT_OF_ORDER_SEQUENCE_NUMBER, as a Kafka
 * broker answers once the batch left the five it remembers for deduplication. Every earlier
 * batch was acknowledged, so only the first attempt can explain it (docs/idempotence.md): a
 * success, status PERSISTED, offset -1, no epoch bump, and the partition holds it once. */
START_TEST(inferred_in_log_reports_persisted_offset_unknown)
{
    if (!have_kcat(__func__))
        return;
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create inferred 1 1");
    moldau_producer_t *p = tp_new(mock->bootstrap, "io.thread", "false", "linger.ms", "0",
                                  "request.timeout.ms", "1000", "retry.backoff.ms", "50",
                                  "retry.backoff.max.ms", "50", NULL);
    tp_reports_t r;
    tp_reports_init(&r, 2);
    tp_current = &r;
    /* id 0: the epoch's first batch, acknowledged */
    ck_assert_int_eq(produce_id(p, "inferred", 0, 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    ck_assert_int_eq(r.err[0], 0);
    ck_assert_int_eq(r.offset[0], 0);
    ck_assert_int_eq(r.status[0], MOLDAU_DELIVERY_PERSISTED);

    MOCK(mock, "push broker-errors 1 0 2 0 3000 OUT_OF_ORDER_SEQUENCE_NUMBER 0");
    ck_assert_int_eq(produce_id(p, "inferred", 0, 1), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, 2);
    moldau__sender_stats_t st = sender_stats(p);
    ck_assert_msg(r.err[1] == 0, "%s", moldau_err_name(r.err[1]));
    ck_assert_int_eq(r.status[1], MOLDAU_DELIVERY_PERSISTED);
    ck_assert_int_eq(r.offset[1], -1);
    ck_assert_ptr_null(r.reason[1]);
    ck_assert_uint_eq(st.batches_inferred, 1);
    ck_assert_uint_ge(st.batches_retried, 1);
    ck_assert_uint_eq(st.init_producer_id, 1); /* no bump: it would have written it twice */
    moldau_producer_close(p, 10000);

    int seen[2] = {0, 0};
    read_back(mock->bootstrap, "inferred", 2, 1, r.partition, seen);
    ck_assert_int_eq(seen[0], 1);
    ck_assert_int_eq(seen[1], 1);
    tp_reports_free(&r);
    test_mock_stop(mock);
}
END_TEST

/* A record whose every attempt timed out (the mock answers after 5 s, request.timeout.ms is
 * 1 s) fails at delivery.timeout.ms: the mock did append it, so the report must not say "not
 * in the log": POSSIBLY_PERSISTED. */
START_TEST(timed_out_in_flight_is_possibly_persisted)
{
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create slow 1 1");
    moldau_producer_t *p = tp_new(mock->bootstrap, "io.thread", "false", "linger.ms", "0",
                                  "request.timeout.ms", "1000", "delivery.timeout.ms", "1500",
                                  "retry.backoff.ms", "50", "retry.backoff.max.ms", "50", NULL);
    tp_reports_t r;
    tp_reports_init(&r, 2);
    tp_current = &r;
    ck_assert_int_eq(produce_id(p, "slow", 0, 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    MOCK(mock, "push broker-errors 1 0 3 0 5000 0 5000 0 5000");
    ck_assert_int_eq(produce_id(p, "slow", 0, 1), MOLDAU_ERR_NONE);
    wait_reports(p, &r, 2, 30000);
    tp_assert_once(&r, 2);
    ck_assert_msg(r.err[1] == MOLDAU_ERR__MSG_TIMED_OUT, "%s", moldau_err_name(r.err[1]));
    ck_assert_int_eq(r.status[1], MOLDAU_DELIVERY_POSSIBLY_PERSISTED);
    ck_assert_int_eq(r.offset[1], -1);
    moldau_producer_close(p, 10000);
    tp_reports_free(&r);
    test_mock_stop(mock);
}
END_TEST

/* ---- buffer.memory bounds memory ------------------------------------------------------------ */

static long rss_kb(void)
{
    long pages = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
            rss = 0;
        fclose(f);
    }
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/* ASan's quarantine and valgrind keep freed memory: RSS says nothing there. */
static int rss_meaningful(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return 0;
#endif
#endif
    const char *pre = getenv("LD_PRELOAD");
    return !(pre && strstr(pre, "vgpreload"));
}

START_TEST(buffer_memory_bounds_what_is_buffered)
{
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create bounded 4 1");
    enum { MEM = 100000, VLEN = 1000 };
    moldau_producer_t *p = tp_new(mock->bootstrap, "buffer.memory", "100000",
                                  "max.block.ms", "100", "linger.ms", "5", "batch.size", "16384",
                                  NULL);
    static char v[VLEN];
    memset(v, 'x', sizeof(v));
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = "bounded";
    m.value = v;
    m.value_len = sizeof(v);
    ck_assert_int_eq(moldau_produce_sync(p, &m, NULL, 30000), MOLDAU_ERR_NONE);
    enum { N = 10000 }; /* 10 MB offered through a 100 kB buffer */
    tp_reports_t r;
    tp_reports_init(&r, N);
    tp_current = &r;
    long rss0 = rss_kb();
    int64_t max_buffered = 0;
    size_t accepted = 0, full = 0, i = 0;
    moldau__accum_stats_t st;

    /* broker down: the buffer fills, then each produce blocks max.block.ms and says full */
    MOCK(mock, "broker down 1");
    for (; i < 300; i++) {
        moldau_err_t err = moldau_produce(p, &m, tp_on_delivery, tp_id(i));
        ck_assert_msg(err == MOLDAU_ERR_NONE || err == MOLDAU_ERR__QUEUE_FULL, "%s",
                      moldau_err_name(err));
        err ? full++ : accepted++;
        moldau__accum_stats(p->acc, &st);
        if (st.bytes_buffered > max_buffered)
            max_buffered = st.bytes_buffered;
        if (full >= 3)
            break;
    }
    ck_assert_uint_eq(full, 3);
    ck_assert_uint_lt(accepted, MEM / VLEN + 1); /* no more than fits */

    /* slow broker: records flow, at its pace */
    MOCK(mock, "broker rtt 1 10");
    MOCK(mock, "broker up 1");
    for (i++; i < N; i++) {
        moldau_err_t err = moldau_produce(p, &m, tp_on_delivery, tp_id(i));
        ck_assert_msg(err == MOLDAU_ERR_NONE || err == MOLDAU_ERR__QUEUE_FULL, "%s",
                      moldau_err_name(err));
        err ? full++ : accepted++;
        moldau__accum_stats(p->acc, &st);
        if (st.bytes_buffered > max_buffered)
            max_buffered = st.bytes_buffered;
        if (i % 256 == 0)
            moldau_producer_poll(p, 0);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 60000), MOLDAU_ERR_NONE);
    long rss1 = rss_kb();
    fprintf(stderr, "producer_faults: bounded: %zu accepted, %zu full, max buffered %lld of %d, "
                    "RSS %ld -> %ld kB\n",
            accepted, full, (long long)max_buffered, MEM, rss0, rss1);
    ck_assert_int_le(max_buffered, MEM);
    ck_assert_int_gt(max_buffered, MEM / 2); /* it did fill */
    ck_assert_uint_gt(accepted, 10 * MEM / VLEN); /* far more than the buffer went through */
    ck_assert_uint_eq(r.total, accepted);
    ck_assert_uint_eq(r.failed, 0);
    for (size_t k = 0; k < N; k++)
        ck_assert_int_le(r.count[k], 1);
    if (rss_meaningful()) /* generous: the point is that it does not grow with what was sent */
        ck_assert_msg(rss1 - rss0 < 16 * 1024, "RSS grew by %ld kB", rss1 - rss0);
    moldau_producer_close(p, 10000);
    tp_reports_free(&r);
    test_mock_stop(mock);
}
END_TEST

/* ---- poll waits ----------------------------------------------------------------------------- */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* produce_sync's report is served by the calling thread, and it signals the (same) waiter: the
 * signal must not make later polls return before their timeout with nothing served (the cause
 * of buffer_memory_full:0's rare failure: its warm-up loop of 600 polls spun in microseconds).
 * A lower bound only: poll may never return early with nothing to serve. */
START_TEST(poll_waits_after_sync_report)
{
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create waits 1 1");
    moldau_producer_t *p = tp_new(mock->bootstrap, NULL);
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = "waits";
    ck_assert_int_eq(moldau_produce_sync(p, &m, NULL, 30000), MOLDAU_ERR_NONE);
    int64_t t0 = mono_ms();
    int served = 0;
    for (int k = 0; k < 3; k++)
        served += moldau_producer_poll(p, 100);
    ck_assert_int_eq(served, 0);
    ck_assert_int_ge(mono_ms() - t0, 300);
    moldau_producer_close(p, 10000);
    test_mock_stop(mock);
}
END_TEST

Suite *moldau_test_producer_faults_suite(void)
{
    Suite *s = suite_create("producer_faults");
    TCase *tc = tcase_create("mock");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, poll_waits_after_sync_report);
    tcase_add_test(tc, unsure_batch_fails_at_epoch_bump);
    tcase_add_test(tc, inferred_in_log_reports_persisted_offset_unknown);
    tcase_add_test(tc, timed_out_in_flight_is_possibly_persisted);
    tcase_add_test(tc, broker_down_past_delivery_timeout);
    tcase_add_test(tc, buffer_memory_bounds_what_is_buffered);
    tcase_add_test(tc, exactly_once_200k_through_faults);
    suite_add_tcase(s, tc);
    return s;
}
