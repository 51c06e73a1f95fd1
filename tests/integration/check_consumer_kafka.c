/* The consumer on the real broker, by manual assignment: records produced by moldau (every
 * codec, keys, headers, null keys and values) come back all, once each, in order per
 * partition, fields equal, in both threading modes; seek to beginning, end and an offset;
 * auto.offset.reset earliest, latest and none; an unknown topic as an error event; the batch
 * poll's bound; the prefetch bound held while the application does not poll; a record larger
 * than the fetch sizes. */
#include <check.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../support/peer_test.h"
#include "../support/consumer_test.h"
#include "../support/topic_test.h"
#include "check_producer.h"
#include "consumer/consumer.h"

/* Record id i: partition i % parts, key "k<i>" (none when i % 7 == 3), value "v<i>" (null
 * when i % 11 == 5 and it has a key), a header "id" = "<i>" when i % 2. */
static void produce_ids(const char *bootstrap, const char *topic, const char *codec, int from,
                        int n, int parts, size_t pad)
{
    moldau_producer_t *p = tp_new(bootstrap, "compression.type", codec, "linger.ms", "5", NULL);
    char *val = malloc(pad + 32);
    for (int i = from; i < from + n; i++) {
        char key[32], hv[32];
        snprintf(key, sizeof(key), "k%d", i);
        int vl = snprintf(val, 32, "v%d", i);
        memset(val + vl, 'x', pad);
        snprintf(hv, sizeof(hv), "%d", i);
        moldau_record_header_t h = {"id", 0, hv, strlen(hv)};
        moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
        r.topic = topic;
        r.partition = i % parts;
        if (i % 7 != 3) {
            r.key = key;
            r.key_len = strlen(key);
        }
        if (i % 11 != 5 || i % 7 == 3) {
            r.value = val;
            r.value_len = (size_t)vl + pad;
        }
        if (i % 2) {
            r.headers = &h;
            r.n_headers = 1;
        }
        ck_assert_int_eq(moldau_produce(p, &r, NULL, NULL), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);
    free(val);
}

/* The id of a record, checking its fields against what produce_ids made. */
static int check_record(const moldau_consumer_record_t *r, const char *topic, int parts,
                        size_t pad)
{
    ck_assert_str_eq(r->topic, topic);
    int id = -1;
    char num[32]; /* keys and values are not NUL-terminated */
    const void *src = r->value ? r->value : r->key;
    size_t len = r->value ? r->value_len : r->key_len;
    ck_assert_ptr_nonnull(src);
    len = len < sizeof(num) - 1 ? len : sizeof(num) - 1;
    memcpy(num, src, len);
    num[len] = 0;
    if (r->value) {
        ck_assert_int_eq(sscanf(num, "v%d", &id), 1);
    } else {
        ck_assert_int_eq(sscanf(num, "k%d", &id), 1);
        ck_assert_int_eq(id % 11, 5);
    }
    ck_assert_int_eq(r->partition, id % parts);
    char buf[32];
    if (id % 7 == 3) {
        ck_assert_ptr_null(r->key);
    } else {
        ck_assert_uint_eq(r->key_len, (size_t)snprintf(buf, sizeof(buf), "k%d", id));
        ck_assert_int_eq(memcmp(r->key, buf, r->key_len), 0);
    }
    if (id % 11 == 5 && id % 7 != 3)
        ck_assert_ptr_null(r->value);
    else
        ck_assert_uint_eq(r->value_len, (size_t)snprintf(buf, sizeof(buf), "v%d", id) + pad);
    ck_assert_uint_eq(r->n_headers, id % 2 ? 1 : 0);
    if (id % 2) {
        ck_assert_uint_eq(r->headers[0].key_len, 2);
        ck_assert_int_eq(memcmp(r->headers[0].key, "id", 2), 0);
        ck_assert_uint_eq(r->headers[0].value_len, (size_t)snprintf(buf, sizeof(buf), "%d", id));
        ck_assert_int_eq(memcmp(r->headers[0].value, buf, r->headers[0].value_len), 0);
    }
    ck_assert_int_eq(r->timestamp_type, MOLDAU_TIMESTAMP_CREATE_TIME);
    ck_assert_int_gt(r->timestamp, 0);
    return id;
}

/* Polls until `want` records came (or 30 s): every id in [from, from+want) once, offsets
 * rising per partition. */
static void consume_all(moldau_consumer_t *c, const char *topic, int parts, int from, int want,
                        size_t pad, int batch)
{
    int *seen = calloc((size_t)want, sizeof(*seen));
    int64_t last[16];
    for (int i = 0; i < 16; i++)
        last[i] = -1;
    int got = 0;
    const moldau_consumer_record_t *recs[100];
    for (int tries = 0; got < want && tries < 300; tries++) {
        moldau_consumer_error_t e;
        int n = moldau_consumer_poll_batch(c, recs, batch, 100, &e);
        ck_assert_msg(n >= 0, "error event %s on %s [%d]: %s", moldau_err_name(e.err),
                      e.topic ? e.topic : "-", e.partition, e.reason ? e.reason : "");
        ck_assert_int_le(n, batch);
        for (int i = 0; i < n; i++) {
            int id = check_record(recs[i], topic, parts, pad);
            ck_assert_int_ge(id, from);
            ck_assert_int_lt(id, from + want);
            ck_assert_int_eq(seen[id - from]++, 0);
            ck_assert_int_gt(recs[i]->offset, last[recs[i]->partition]);
            last[recs[i]->partition] = recs[i]->offset;
            got++;
        }
    }
    ck_assert_int_eq(got, want);
    free(seen);
}

static const char *codecs[] = {"none", "gzip", "snappy", "lz4", "zstd"};

START_TEST(round_trip_every_codec)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("cons-codec", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 3), 0);
    for (int k = 0; k < 5; k++)
        produce_ids(bootstrap, topic, codecs[k], k * 200, 200, 3, 0);
    for (int threaded = 0; threaded < 2; threaded++) {
        moldau_consumer_t *c =
            test_consumer_new(bootstrap, "io.thread", threaded ? "true" : "false", NULL);
        test_consumer_assign(c, topic, 3, MOLDAU_OFFSET_BEGINNING);
        consume_all(c, topic, 3, 0, 1000, 0, 100);
        int64_t pos;
        ck_assert_int_eq(moldau_consumer_position(c, topic, 0, &pos), MOLDAU_ERR_NONE);
        ck_assert_int_eq(pos, 334); /* ids 0, 3, ... 999 */
        moldau_consumer_error_t e;
        ck_assert_ptr_null(moldau_consumer_poll(c, 300, &e));
        ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
        moldau_consumer_close(c);
    }
}
END_TEST

START_TEST(seek_and_reset)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("cons-seek", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    produce_ids(bootstrap, topic, "none", 0, 10, 1, 0);
    moldau_consumer_error_t e;

    /* END: only what comes later */
    moldau_consumer_t *c = test_consumer_new(bootstrap, NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_END);
    ck_assert_ptr_null(moldau_consumer_poll(c, 1500, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
    int64_t pos;
    ck_assert_int_eq(moldau_consumer_position(c, topic, 0, &pos), MOLDAU_ERR_NONE);
    ck_assert_int_eq(pos, 10);
    produce_ids(bootstrap, topic, "none", 10, 5, 1, 0);
    consume_all(c, topic, 1, 10, 5, 0, 100);
    /* seek: beginning, an offset, the end */
    ck_assert_int_eq(moldau_consumer_seek(c, topic, 0, MOLDAU_OFFSET_BEGINNING), 0);
    const moldau_consumer_record_t *r = moldau_consumer_poll(c, 10000, &e);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->offset, 0);
    ck_assert_int_eq(moldau_consumer_seek(c, topic, 0, 7), 0);
    r = moldau_consumer_poll(c, 10000, &e);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->offset, 7);
    ck_assert_int_eq(moldau_consumer_seek(c, topic, 0, MOLDAU_OFFSET_END), 0);
    ck_assert_ptr_null(moldau_consumer_poll(c, 1000, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_consumer_seek(c, topic, 5, 0), MOLDAU_ERR__UNKNOWN_PARTITION);
    /* pause: nothing comes, not even what was fetched already; resume: from the position */
    ck_assert_int_eq(moldau_consumer_seek(c, topic, 0, 2), 0);
    r = moldau_consumer_poll(c, 10000, &e);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->offset, 2);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, topic, 0);
    moldau_partition_list_add(l, topic, 9);
    ck_assert_int_eq(moldau_consumer_pause(c, l), MOLDAU_ERR_NONE);
    ck_assert_int_eq(l->elems[1].err, MOLDAU_ERR__UNKNOWN_PARTITION);
    ck_assert_ptr_null(moldau_consumer_poll(c, 1000, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_consumer_resume(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
    r = moldau_consumer_poll(c, 10000, &e);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->offset, 3);
    moldau_consumer_close(c);

    /* auto.offset.reset: STORED (nothing stored) and an offset out of range */
    c = test_consumer_new(bootstrap, "auto.offset.reset", "earliest", NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_STORED);
    r = moldau_consumer_poll(c, 10000, &e);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->offset, 0);
    test_consumer_assign(c, topic, 1, 1000);
    r = moldau_consumer_poll(c, 10000, &e);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(r->offset, 0);
    moldau_consumer_close(c);

    c = test_consumer_new(bootstrap, "auto.offset.reset", "latest", NULL);
    test_consumer_assign(c, topic, 1, 1000);
    ck_assert_ptr_null(moldau_consumer_poll(c, 1500, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_consumer_position(c, topic, 0, &pos), MOLDAU_ERR_NONE);
    ck_assert_int_eq(pos, 15);
    moldau_consumer_close(c);

    c = test_consumer_new(bootstrap, "auto.offset.reset", "none", NULL);
    test_consumer_assign(c, topic, 1, 1000);
    ck_assert_ptr_null(moldau_consumer_poll(c, 10000, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_OFFSET_OUT_OF_RANGE);
    ck_assert_str_eq(e.topic, topic);
    ck_assert_int_eq(e.partition, 0);
    ck_assert_int_eq(e.offset, 1000);
    moldau_consumer_close(c);
}
END_TEST

START_TEST(unknown_topic_is_an_event)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("cons-missing", topic, sizeof(topic));
    moldau_consumer_t *c = test_consumer_new(bootstrap, "allow.auto.create.topics", "false", NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    moldau_consumer_error_t e;
    ck_assert_ptr_null(moldau_consumer_poll(c, 10000, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_str_eq(e.topic, topic);
    moldau_consumer_close(c);
}
END_TEST

/* The bound holds for what fetched data becomes too: lz4 turns the ~2 MB of these records
 * (their values are 'x' runs) into a few kB on the wire, which one Fetch would bring whole and
 * decompress past the bound if only wire bytes counted. */
static const char *const bound_codecs[] = {"none", "lz4"};

START_TEST(prefetch_bound)
{
    const char *codec = bound_codecs[_i];
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("cons-bound", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    produce_ids(bootstrap, topic, codec, 0, 200, 2, 10000); /* ~2 MB */
    moldau_consumer_t *c = test_consumer_new(bootstrap, "queued.max.messages.kbytes", "64",
                                  "max.poll.records", "7", NULL);
    test_consumer_assign(c, topic, 2, MOLDAU_OFFSET_BEGINNING);
    sleep(2); /* the I/O thread fetches while nobody polls */
    /* batch.size: one batch may exceed the bound (decompressed, into a buffer that may have
     * grown to twice that), and one partition's record array */
    size_t bound = 64 * 1024, batch_max = 2 * (16384 + 1024) + 8192;
    size_t peak = moldau__fetch_budget_peak(&c->budget);
    fprintf(stderr, "prefetch_bound (%s): peak %zu bytes held, bound %zu\n", codec, peak, bound);
    ck_assert_uint_gt(moldau__fetch_budget_used(&c->budget), 0);
    ck_assert_uint_le(peak, bound + batch_max);
    /* the batch poll returns at most max.poll.records, then everything comes */
    consume_all(c, topic, 2, 0, 200, 10000, 100);
    ck_assert_uint_le(moldau__fetch_budget_peak(&c->budget), bound + batch_max);
    moldau_consumer_close(c);
}
END_TEST

/* io.thread=false inside the application's own loop: poll(2) on the client's descriptor and
 * timeout, then a consumer poll that does not wait. */
START_TEST(application_event_loop)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("cons-loop", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    produce_ids(bootstrap, topic, "lz4", 0, 100, 2, 0);
    moldau_consumer_t *c = test_consumer_new(bootstrap, "io.thread", "false", NULL);
    moldau_client_t *cl = moldau_consumer_client(c);
    test_consumer_assign(c, topic, 2, MOLDAU_OFFSET_BEGINNING);
    int got = 0;
    const moldau_consumer_record_t *recs[100];
    for (int i = 0; got < 100 && i < 2000; i++) {
        struct pollfd pfd = {.fd = moldau_client_fd(cl), .events = POLLIN};
        int t = moldau_client_next_timeout(cl);
        poll(&pfd, 1, t < 0 || t > 50 ? 50 : t);
        moldau_consumer_error_t e;
        int n = moldau_consumer_poll_batch(c, recs, 100, 0, &e);
        ck_assert_int_ge(n, 0);
        for (int k = 0; k < n; k++)
            check_record(recs[k], topic, 2, 0);
        got += n;
    }
    ck_assert_int_eq(got, 100);
    moldau_consumer_close(c);
}
END_TEST

/* A record larger than every fetch size still comes (the broker returns the first batch
 * whole), and the records after it too. */
START_TEST(record_larger_than_fetch_sizes)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("cons-large", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    produce_ids(bootstrap, topic, "none", 0, 3, 1, 200000);
    moldau_consumer_t *c = test_consumer_new(bootstrap, "fetch.max.bytes", "1024",
                                  "max.partition.fetch.bytes", "1024", NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    consume_all(c, topic, 1, 0, 3, 200000, 100);
    moldau_consumer_close(c);
}
END_TEST

/* Watermarks cached from the fetches, asked of the leader, the lag, and offsets by time. */
START_TEST(watermarks_lag_and_times)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("cons-wm", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    produce_ids(bootstrap, topic, "none", 0, 10, 1, 0);
    moldau_consumer_t *c = test_consumer_new(bootstrap, NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    consume_all(c, topic, 1, 0, 10, 0, 100);
    int64_t low, high, lag;
    ck_assert_int_eq(moldau_consumer_get_watermark_offsets(c, topic, 0, &low, &high), 0);
    ck_assert_int_eq(low, 0);
    ck_assert_int_eq(high, 10);
    ck_assert_int_eq(moldau_consumer_lag(c, topic, 0, &lag), 0);
    ck_assert_int_eq(lag, 0);
    ck_assert_int_eq(moldau_consumer_get_watermark_offsets(c, topic, 1, &low, &high),
                     MOLDAU_ERR__UNKNOWN_PARTITION);
    ck_assert_int_eq(moldau_consumer_query_watermark_offsets(c, topic, 0, &low, &high, 10000), 0);
    ck_assert_int_eq(low, 0);
    ck_assert_int_eq(high, 10);
    moldau_partition_list_t *l = moldau_partition_list_new(2);
    moldau_partition_list_add(l, topic, 0)->offset = 0;
    moldau_partition_list_add(l, topic, 0)->offset = 4102444800000LL; /* 2100 */
    ck_assert_int_eq(moldau_consumer_offsets_for_times(c, l, 10000), 0);
    ck_assert_int_eq(l->elems[0].err, 0);
    ck_assert_int_eq(l->elems[0].offset, 0);
    ck_assert_int_eq(l->elems[1].err, 0);
    ck_assert_int_eq(l->elems[1].offset, MOLDAU_OFFSET_END);
    moldau_partition_list_destroy(l);
    moldau_consumer_close(c);
}
END_TEST

Suite *moldau_test_consumer_kafka_suite(void)
{
    Suite *s = suite_create("consumer_kafka");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, round_trip_every_codec);
    tcase_add_test(tc, seek_and_reset);
    tcase_add_test(tc, unknown_topic_is_an_event);
    tcase_add_loop_test(tc, prefetch_bound, 0, 2);
    tcase_add_test(tc, record_larger_than_fetch_sizes);
    tcase_add_test(tc, application_event_loop);
    tcase_add_test(tc, watermarks_lag_and_times);
    suite_add_tcase(s, tc);
    return s;
}
