/* The producer against the real broker: exact round trips (every codec, read back by
 * kafka-python, confluent-kafka and kcat), both threading modes, one report per record on
 * every path the broker lets us reach, linger/batch.size decisions (accumulator counters), and
 * keyed partitioning equal to Java's murmur2 and to librdkafka's murmur2_random. */
#include <check.h>
#include <librdkafka/rdkafka.h>
#include <stdlib.h>
#include <string.h>

#include "../support/interop_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"
#include "check_producer.h"
#include "producer/producer.h"

#define TS_BASE 1600000000000LL /* explicit, old on purpose: interop topics keep it */
#define BIG_LEN (64 * 1024)

static unsigned char all_bytes[256], big[BIG_LEN];
static const moldau_record_header_t h_mixed[] = {
    {"trace", 0, "\x01\xff\x80", 3}, {"empty", 0, "", 0}, {"dup", 0, "1", 1},
    {"dup", 0, "2", 1}};
static const moldau_record_header_t h_null[] = {{"nullval", 0, NULL, 0}, {"k", 0, "v", 1}};

#define S(s) (s), (sizeof(s) - 1)
/* M(partition, key, key_len, value, value_len, headers, n_headers, timestamp); S("x") gives
 * both a string and its length, so M expands its arguments before M_ counts them. */
#define M(...) M_(__VA_ARGS__)
#define M_(p, k, kl, v, vl, h, nh, ts)                                                         \
    {.partition = (p), .key = (k), .key_len = (kl), .value = (v), .value_len = (vl),           \
     .headers = (h), .n_headers = (nh), .timestamp = (ts)}
#define ANY MOLDAU_PARTITION_ANY

static moldau_producer_record_t recs[] = {
    M(0, S("k0"), S("v0"), NULL, 0, TS_BASE + 1),
    M(1, S("k1"), S("v1"), NULL, 0, TS_BASE + 2),
    M(2, NULL, 0, S("null-key"), NULL, 0, TS_BASE + 3),
    M(0, S("null-value"), NULL, 0, NULL, 0, TS_BASE + 4),
    M(1, S("empty-value"), "", 0, NULL, 0, TS_BASE + 5),
    M(2, "", 0, S("empty-key"), NULL, 0, TS_BASE + 6),
    M(0, all_bytes, sizeof(all_bytes), all_bytes, sizeof(all_bytes), NULL, 0, TS_BASE + 7),
    M(1, S("headers"), S("x"), h_mixed, 4, TS_BASE + 8),
    M(2, S("null-header-value"), S("y"), h_null, 2, TS_BASE + 9),
    M(ANY, S("any-keyed"), S("a1"), h_mixed, 1, TS_BASE + 10),
    M(ANY, NULL, 0, S("any-unkeyed"), NULL, 0, TS_BASE + 11),
    M(0, NULL, 0, NULL, 0, NULL, 0, TS_BASE + 12),
    M(1, S("big"), big, BIG_LEN, NULL, 0, TS_BASE + 13),
    M(2, S("now"), S("timestamp 0 means now"), NULL, 0, 0),
};
#define N_RECS (sizeof(recs) / sizeof(recs[0]))

static void fill(void)
{
    for (size_t i = 0; i < sizeof(all_bytes); i++)
        all_bytes[i] = (unsigned char)i;
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (unsigned char)(i * 7 + 3);
}

/* ---- round trip, every codec ------------------------------------------------------------- */

START_TEST(round_trip_every_codec)
{
    TEST_NEED_KAFKA(bootstrap);
    fill();
    const char *codec = interop_codecs[_i];
    char topic[160], what[64];
    snprintf(what, sizeof(what), "producer-%s", codec);
    interop_topic_name(topic, sizeof(topic), what);
    interop_result_t *res = malloc(sizeof(*res));
    INTEROP_ASSERT_OK(res, interop_create_topic(res, bootstrap, topic, 3));
    moldau_producer_t *p = tp_new(bootstrap, "compression.type", codec, "linger.ms", "20", NULL);
    tp_reports_t r;
    tp_reports_init(&r, N_RECS);
    tp_current = &r;
    for (size_t i = 0; i < N_RECS; i++) {
        moldau_producer_record_t m = recs[i];
        m.topic = topic;
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 60000), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(moldau_producer_outstanding(p), 0);
    tp_assert_once(&r, N_RECS);
    for (size_t i = 0; i < N_RECS; i++) {
        ck_assert_msg(r.err[i] == 0, "record %zu: %s", i, moldau_err_name(r.err[i]));
        ck_assert_int_ge(r.offset[i], 0);
        ck_assert_int_eq(r.status[i], MOLDAU_DELIVERY_PERSISTED);
        if (recs[i].partition != ANY)
            ck_assert_int_eq(r.partition[i], recs[i].partition);
        if (recs[i].timestamp)
            ck_assert_int_eq(r.timestamp[i], recs[i].timestamp);
    }
    /* the keyed record went where Java puts it */
    ck_assert_int_eq(r.partition[9], moldau__partition_murmur2("any-keyed", 9, 3));
    moldau_producer_close(p, 10000);
    for (const char *const *c = interop_clients; *c; c++)
        INTEROP_ASSERT_OK(res, interop_check(res, *c, bootstrap, topic, recs, N_RECS, codec));
    free(res);
    tp_reports_free(&r);
}
END_TEST

/* ---- both threading modes ------------------------------------------------------------------ */

START_TEST(threading_modes)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("producer-mode", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 3), 0);
    moldau_producer_t *p =
        tp_new(bootstrap, "io.thread", _i ? "true" : "false", "batch.size", "2000", NULL);
    enum { N = 3000 };
    tp_reports_t r;
    tp_reports_init(&r, N);
    tp_current = &r;
    char val[64];
    for (size_t i = 0; i < N; i++) {
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.topic = topic;
        m.value = val;
        m.value_len = (size_t)snprintf(val, sizeof(val), "%zu", i);
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
        moldau_producer_poll(p, 0);
    }
    /* no flush: poll alone drives everything (in app-driven mode it runs the network) */
    for (int k = 0; k < 6000 && r.total < N; k++)
        moldau_producer_poll(p, 10);
    tp_assert_once(&r, N);
    ck_assert_uint_eq(r.failed, 0);
    /* per partition, offsets follow produce order */
    int64_t last[3] = {-1, -1, -1};
    for (size_t i = 0; i < N; i++) {
        ck_assert_int_ge(r.partition[i], 0);
        ck_assert_int_lt(r.partition[i], 3);
        ck_assert_int_gt(r.offset[i], last[r.partition[i]]);
        last[r.partition[i]] = r.offset[i];
    }
    moldau_producer_close(p, 10000);
    tp_reports_free(&r);
}
END_TEST

/* acks=0: the broker answers nothing; each record is reported once written, offset -1. */
START_TEST(acks_zero)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("producer-acks0", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    moldau_producer_t *p = tp_new(bootstrap, "acks", "0", "enable.idempotence", "false", NULL);
    enum { N = 500 };
    tp_reports_t r;
    tp_reports_init(&r, N);
    tp_current = &r;
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = topic;
    m.value = "zero";
    m.value_len = 4;
    for (size_t i = 0; i < N; i++)
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, N);
    for (size_t i = 0; i < N; i++) {
        ck_assert_int_eq(r.err[i], 0);
        ck_assert_int_eq(r.offset[i], -1);
        ck_assert_int_eq(r.status[i], MOLDAU_DELIVERY_POSSIBLY_PERSISTED); /* never acked */
    }
    moldau_producer_close(p, 10000);
    tp_reports_free(&r);
}
END_TEST

/* ---- one report per record, or a refusal --------------------------------------------------- */

START_TEST(refusals_and_failures)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("producer-paths", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 3), 0);
    moldau_producer_t *p = tp_new(bootstrap, "max.request.size", "10000", NULL);
    tp_reports_t r;
    tp_reports_init(&r, 8);
    tp_current = &r;
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = topic;
    m.value = "v";
    m.value_len = 1;
    moldau_delivery_t d;
    ck_assert_int_eq(moldau_produce_sync(p, &m, &d, 30000), MOLDAU_ERR_NONE);
    ck_assert_int_ge(d.offset, 0);
    ck_assert_int_eq(d.status, MOLDAU_DELIVERY_PERSISTED);
    ck_assert_ptr_null(d.reason);
    ck_assert_str_eq(d.topic, topic);

    /* refused at once, never reported */
    static char large[20000];
    m.value = large;
    m.value_len = sizeof(large);
    ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(0)),
                     MOLDAU_ERR_MESSAGE_TOO_LARGE);
    m.value = "v";
    m.value_len = 1;
    m.partition = 3; /* the topic has 0..2, and the producer knows it now */
    ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(0)),
                     MOLDAU_ERR__UNKNOWN_PARTITION);
    m.partition = ANY;
    m.topic = NULL;
    ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(0)), MOLDAU_ERR__INVALID_ARG);

    /* a name the broker refuses: accepted, then one report with the broker's reason */
    m.topic = "no spaces allowed!";
    ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(1)), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    ck_assert_int_eq(r.count[0], 0);
    ck_assert_int_eq(r.count[1], 1);
    ck_assert_msg(r.err[1] == MOLDAU_ERR_INVALID_TOPIC_EXCEPTION, "%s",
                  moldau_err_name(r.err[1]));
    ck_assert_int_eq(r.partition[1], -1);
    ck_assert_int_eq(r.offset[1], -1);
    ck_assert_int_eq(r.status[1], MOLDAU_DELIVERY_NOT_PERSISTED);
    ck_assert_uint_eq(r.total, 1);
    moldau_producer_close(p, 10000);
    tp_reports_free(&r);
}
END_TEST

START_TEST(buffer_memory_full)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("producer-full", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    /* room for two records; they linger (a minute) and so stay in the buffer */
    moldau_producer_t *p = tp_new(bootstrap, "buffer.memory", "2000", "linger.ms", "60000",
                                  "max.block.ms", _i ? "300" : "0", NULL);
    tp_reports_t r;
    tp_reports_init(&r, 8);
    tp_current = &r;
    static char v[900];
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = topic;
    m.value = v;
    m.value_len = sizeof(v);
    /* learn the topic first: with max.block.ms 0 a record for an unknown topic fails at once
     * (as in Java), but the producer asks for the topic's metadata meanwhile */
    moldau_err_t err = MOLDAU_ERR__TIMED_OUT;
    int k = 0;
    for (; k < 600 && err; k++) {
        if ((err = moldau_produce_sync(p, &m, NULL, 30000)))
            moldau_producer_poll(p, 100);
    }
    moldau__ptopic_t *t = moldau__ptopic_get(p, topic);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s after %d tries; partitions %d, topic error %s",
                  moldau_err_name(err), k, (int)atomic_load(&t->n_partitions),
                  moldau_err_name(t->err));
    ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(0)), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(1)), MOLDAU_ERR_NONE);
    /* full: at once with max.block.ms 0, after blocking with 300 */
    ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(2)), MOLDAU_ERR__QUEUE_FULL);
    ck_assert_uint_eq(moldau_producer_outstanding(p), 2);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, 2);
    ck_assert_int_eq(r.count[2], 0);
    ck_assert_uint_eq(r.failed, 0);
    /* and room again */
    ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(2)), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);
    tp_assert_once(&r, 3);
    tp_reports_free(&r);
}
END_TEST

/* ---- linger.ms and batch.size, seen through the accumulator's counters -------------------- */

START_TEST(batches_close_when_full_or_lingered)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("producer-linger", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    int full = _i == 0;
    /* full: small batches, linger of a minute: only full batches can go out;
     * lingered: batches that never fill, a short linger */
    moldau_producer_t *p = tp_new(bootstrap, "batch.size", full ? "1200" : "1000000",
                                  "linger.ms", full ? "60000" : "50", NULL);
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = topic;
    ck_assert_int_eq(moldau_produce_sync(p, &m, NULL, 30000), MOLDAU_ERR_NONE);
    moldau__accum_stats_t st0, st;
    moldau__accum_stats(p->acc, &st0);
    enum { N = 45 }; /* not a multiple of the records per batch: one batch stays open */
    tp_reports_t r;
    tp_reports_init(&r, N);
    tp_current = &r;
    static char v[100];
    m.value = v;
    m.value_len = sizeof(v);
    for (size_t i = 0; i < N; i++)
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
    /* Without flush. full: the batches closed full come back although the linger is a minute,
     * and nothing else does; lingered: everything comes back, closed by linger.ms. */
    int done = 0;
    for (int k = 0; k < 3000 && !done; k++) {
        moldau_producer_poll(p, 10);
        moldau__accum_stats(p->acc, &st);
        uint64_t sent = st.batches_reported - st0.batches_reported;
        done = full ? st.closed_full - st0.closed_full >= 3 &&
                          sent == st.closed_full - st0.closed_full &&
                          r.total == st.records_reported - st0.records_reported
                    : r.total == N;
    }
    ck_assert_msg(done, "reports: %zu", r.total);
    ck_assert_uint_eq(r.failed, 0);
    if (full) {
        ck_assert_uint_eq(st.closed_linger, st0.closed_linger);
        ck_assert_uint_gt(r.total, 0);
        ck_assert_uint_lt(r.total, N); /* the open batch still lingers */
        ck_assert_uint_eq(moldau_producer_outstanding(p), N - r.total);
    } else {
        ck_assert_uint_eq(st.closed_full, st0.closed_full);
        ck_assert_uint_ge(st.closed_linger - st0.closed_linger, 1);
        ck_assert_uint_eq(st.closed_flush, st0.closed_flush);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, N);
    moldau_producer_close(p, 10000);
    tp_reports_free(&r);
}
END_TEST

/* ---- a topic deleted and created again under its name ------------------------------------ */

/* What the producer's debug lines say: the highest Produce version answered, and whether a
 * batch was retried after UNKNOWN_TOPIC_ID (Produce v13 names topics by id, KIP-516). */
static int recreate_max_version, recreate_unknown_id;

static void recreate_log(moldau_client_t *c, int level, const char *fac, const char *msg,
                         void *opaque)
{
    (void)c, (void)level, (void)fac, (void)opaque;
    const char *v = strstr(msg, "Produce v");
    if (v && strstr(msg, "response") && atoi(v + 9) > recreate_max_version)
        recreate_max_version = atoi(v + 9);
    if (strstr(msg, "retried: UNKNOWN_TOPIC_ID"))
        recreate_unknown_id = 1;
}

/* The producer's cache still has the old topic's id (no refresh in between): at v13 its first
 * request names the deleted topic's id, the broker answers UNKNOWN_TOPIC_ID, and the batch goes
 * again after a metadata refresh, to the new id. Every record is reported once, at offsets
 * 0..N-1 of the new topic, whose log holds exactly N records (nothing lost, nothing twice). */
START_TEST(topic_recreated_under_its_name)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], err[512];
    test_topic_name("producer-recreate", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "debug", "producer", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "metadata.max.age.ms", "600000", err, sizeof(err)),
                     0);
    ck_assert_int_eq(moldau_conf_set(conf, "linger.ms", "5", err, sizeof(err)), 0);
    moldau_conf_set_log_cb(conf, recreate_log);
    recreate_max_version = 0;
    recreate_unknown_id = 0;
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(p != NULL, "%s", err);
    enum { N0 = 50, N = 300 };
    tp_reports_t r0, r;
    tp_reports_init(&r0, N0);
    tp_current = &r0;
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = topic;
    char val[32];
    m.value = val;
    for (size_t i = 0; i < N0; i++) {
        m.value_len = (size_t)snprintf(val, sizeof(val), "old %zu", i);
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    tp_assert_once(&r0, N0);
    ck_assert_uint_eq(r0.failed, 0);

    ck_assert_int_eq(test_delete_topic(bootstrap, topic), 0);
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);

    tp_reports_init(&r, N);
    tp_current = &r;
    for (size_t i = 0; i < N; i++) {
        m.value_len = (size_t)snprintf(val, sizeof(val), "new %zu", i);
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
        if (i % 50 == 0)
            moldau_producer_poll(p, 1);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 60000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, N);
    ck_assert_uint_eq(r.failed, 0);
    for (size_t i = 0; i < N; i++) {
        ck_assert_int_eq(r.partition[i], 0);
        ck_assert_int_eq(r.offset[i], (int64_t)i);
    }
    moldau_producer_close(p, 10000);
    fprintf(stderr, "producer_kafka: topic recreated: Produce v%d, UNKNOWN_TOPIC_ID %s\n",
            recreate_max_version, recreate_unknown_id ? "answered and retried" : "not seen");
    if (recreate_max_version >= 13)
        ck_assert_msg(recreate_unknown_id, "v13 named the old topic id: UNKNOWN_TOPIC_ID expected");

    /* the new topic's log holds exactly N records */
    rd_kafka_conf_t *rc = rd_kafka_conf_new();
    char rerr[256];
    ck_assert_int_eq(rd_kafka_conf_set(rc, "bootstrap.servers", bootstrap, rerr, sizeof(rerr)),
                     RD_KAFKA_CONF_OK);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, rc, rerr, sizeof(rerr));
    ck_assert_msg(rk != NULL, "%s", rerr);
    int64_t lo = -1, hi = -1;
    ck_assert_int_eq(rd_kafka_query_watermark_offsets(rk, topic, 0, &lo, &hi, 10000),
                     RD_KAFKA_RESP_ERR_NO_ERROR);
    ck_assert_int_eq(lo, 0);
    ck_assert_int_eq(hi, N);
    rd_kafka_destroy(rk);
    tp_reports_free(&r0);
    tp_reports_free(&r);
}
END_TEST

/* ---- keyed partitioning: Java's murmur2 and librdkafka's murmur2_random agree ---------- */

enum { N_KEYS = 3000, N_PARTS = 7 };
static int32_t rdk_partition[N_KEYS];

static void rdk_dr(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    (void)opaque;
    uintptr_t id = (uintptr_t)m->_private;
    if (!m->err && id < N_KEYS)
        rdk_partition[id] = m->partition;
}

START_TEST(keyed_partitions_match_java_and_librdkafka)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("producer-keys", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, N_PARTS), 0);
    moldau_producer_t *p = tp_new(bootstrap, NULL);
    tp_reports_t r;
    tp_reports_init(&r, N_KEYS);
    tp_current = &r;
    char key[32];
    for (size_t i = 0; i < N_KEYS; i++) {
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.topic = topic;
        m.key = key;
        m.key_len = (size_t)snprintf(key, sizeof(key), "key-%zu", i);
        ck_assert_int_eq(moldau_produce(p, &m, tp_on_delivery, tp_id(i)), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 60000), MOLDAU_ERR_NONE);
    tp_assert_once(&r, N_KEYS);
    moldau_producer_close(p, 10000);

    char err[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    ck_assert_int_eq(rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)),
                     RD_KAFKA_CONF_OK);
    ck_assert_int_eq(rd_kafka_conf_set(conf, "partitioner", "murmur2_random", err, sizeof(err)),
                     RD_KAFKA_CONF_OK);
    rd_kafka_conf_set_dr_msg_cb(conf, rdk_dr);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    ck_assert_msg(rk != NULL, "%s", err);
    for (size_t i = 0; i < N_KEYS; i++) {
        rdk_partition[i] = -1;
        int n = snprintf(key, sizeof(key), "key-%zu", i);
        ck_assert_int_eq(rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic),
                                           RD_KAFKA_V_KEY(key, (size_t)n),
                                           RD_KAFKA_V_OPAQUE((void *)(uintptr_t)i),
                                           RD_KAFKA_V_END),
                         RD_KAFKA_RESP_ERR_NO_ERROR);
        rd_kafka_poll(rk, 0);
    }
    ck_assert_int_eq(rd_kafka_flush(rk, 60000), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_destroy(rk);

    for (size_t i = 0; i < N_KEYS; i++) {
        int n = snprintf(key, sizeof(key), "key-%zu", i);
        ck_assert_int_eq(r.err[i], 0);
        ck_assert_int_eq(r.partition[i], moldau__partition_murmur2(key, (size_t)n, N_PARTS));
        ck_assert_msg(r.partition[i] == rdk_partition[i], "%s: moldau %d, librdkafka %d", key,
                      (int)r.partition[i], (int)rdk_partition[i]);
    }
    tp_reports_free(&r);
}
END_TEST

Suite *moldau_test_producer_kafka_suite(void)
{
    Suite *s = suite_create("producer_kafka");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, round_trip_every_codec, 0, 5);
    tcase_add_loop_test(tc, threading_modes, 0, 2);
    tcase_add_test(tc, acks_zero);
    tcase_add_test(tc, refusals_and_failures);
    tcase_add_loop_test(tc, buffer_memory_full, 0, 2);
    tcase_add_loop_test(tc, batches_close_when_full_or_lingered, 0, 2);
    tcase_add_test(tc, keyed_partitions_match_java_and_librdkafka);
    tcase_add_test(tc, topic_recreated_under_its_name);
    suite_add_tcase(s, tc);
    return s;
}
