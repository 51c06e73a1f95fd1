/* Offsets on the real broker, by manual assignment with a group.id ("simple" commits):
 * synchronous commits of the positions and of given offsets read back by committed(); a
 * second consumer of the group at MOLDAU_OFFSET_STORED resumes right after the last committed
 * record (nothing skipped, nothing repeated); an asynchronous commit answered through the
 * callback during poll, and a synchronous commit made inside that callback (both threading
 * modes); automatic commits leave what was handed out committed at close, none with
 * enable.auto.commit=false; auto.offset.reset earliest, latest and none without a committed
 * offset; a commit for an unknown topic fails for that partition. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/peer_test.h"
#include "../support/consumer_test.h"
#include "../support/topic_test.h"
#include "check_producer.h"
#include "moldau.h"

typedef struct commit_seen {
    int calls;
    moldau_err_t err;
    size_t n;
    int64_t offsets[8];
    moldau_err_t errs[8];
    int nested;               /* commit synchronously from inside the callback */
    moldau_err_t nested_err;
    const char *topic;
} commit_seen_t;

static void on_commit(moldau_consumer_t *c, moldau_err_t err, const moldau_partition_list_t *l,
                      void *opaque)
{
    commit_seen_t *s = opaque;
    s->calls++;
    s->err = err;
    s->n = l->n;
    for (size_t i = 0; i < l->n && i < 8; i++) {
        s->offsets[i] = l->elems[i].offset;
        s->errs[i] = l->elems[i].err;
    }
    if (s->nested) {
        s->nested = 0;
        moldau_partition_list_t *m = moldau_partition_list_new(1);
        moldau_partition_list_add(m, s->topic, 0)->offset = 1;
        s->nested_err = moldau_consumer_commit(c, m, 0);
        moldau_partition_list_destroy(m);
    }
}

static moldau_offset_commit_cb *cb_for(const commit_seen_t *seen)
{
    return seen ? on_commit : NULL;
}

/* NULL-terminated name, value pairs; the commit callback and its opaque when seen. */
#define oc_new(bootstrap, seen, ...)                                                            \
    test_consumer_new_cb((bootstrap), cb_for(seen), (seen), __VA_ARGS__)

/* n records per partition, value "<partition>:<offset>" */
static void produce(const char *bootstrap, const char *topic, int parts, int n)
{
    moldau_producer_t *p = tp_new(bootstrap, "linger.ms", "5", NULL);
    for (int part = 0; part < parts; part++)
        for (int i = 0; i < n; i++) {
            char v[32];
            int len = snprintf(v, sizeof(v), "%d:%d", part, i);
            moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
            r.topic = topic;
            r.partition = part;
            r.value = v;
            r.value_len = (size_t)len;
            ck_assert_int_eq(moldau_produce(p, &r, NULL, NULL), MOLDAU_ERR_NONE);
        }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);
}

/* The next record (waiting up to 10 s), which must come. */
static const moldau_consumer_record_t *next(moldau_consumer_t *c)
{
    moldau_consumer_error_t e;
    const moldau_consumer_record_t *r = moldau_consumer_poll(c, 10000, &e);
    ck_assert_msg(r != NULL, "no record: %s", e.err ? e.reason : "timeout");
    return r;
}

/* The group's committed offsets of partitions 0..n-1. */
static void committed(moldau_consumer_t *c, const char *topic, int n, int64_t *out)
{
    test_consumer_committed(c, topic, n, out, 10000);
}

static const char *group_name(const char *prefix, char *buf, size_t size)
{
    return test_topic_name(prefix, buf, size); /* unique per run as topics are */
}

START_TEST(commit_sync_and_resume)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128];
    test_topic_name("ofs-sync", topic, sizeof(topic));
    group_name("ofs-sync-g", group, sizeof(group));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    produce(bootstrap, topic, 2, 10);

    moldau_consumer_t *c = oc_new(bootstrap, NULL, "group.id", group, "enable.auto.commit",
                                  "false", NULL);
    int64_t off[2];
    committed(c, topic, 2, off);
    ck_assert_int_eq(off[0], MOLDAU_OFFSET_INVALID);
    ck_assert_int_eq(off[1], MOLDAU_OFFSET_INVALID);
    /* nothing handed out yet: nothing to commit */
    ck_assert_int_eq(moldau_consumer_commit(c, NULL, 0), MOLDAU_ERR_NONE);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(next(c)->offset, i);
    /* the position is what poll handed out, not what was prefetched */
    ck_assert_int_eq(moldau_consumer_commit(c, NULL, 0), MOLDAU_ERR_NONE);
    committed(c, topic, 2, off);
    ck_assert_int_eq(off[0], 6);
    ck_assert_int_eq(off[1], MOLDAU_OFFSET_INVALID);
    /* given offsets, for a partition not assigned too */
    moldau_partition_list_t *l = moldau_partition_list_new(2);
    moldau_partition_list_add(l, topic, 0)->offset = 4;
    moldau_partition_list_add(l, topic, 1)->offset = 7;
    ck_assert_int_eq(moldau_consumer_commit(c, l, 0), MOLDAU_ERR_NONE);
    committed(c, topic, 2, off);
    ck_assert_int_eq(off[0], 4);
    ck_assert_int_eq(off[1], 7);
    l->elems[0].offset = -1;
    ck_assert_int_eq(moldau_consumer_commit(c, l, 0), MOLDAU_ERR__INVALID_ARG);
    moldau_partition_list_destroy(l);
    moldau_consumer_close(c);

    /* another member of the group resumes at the committed offsets, each record once */
    c = oc_new(bootstrap, NULL, "group.id", group, "enable.auto.commit", "false", NULL);
    test_consumer_assign(c, topic, 2, MOLDAU_OFFSET_STORED);
    int next_off[2] = {4, 7};
    for (int got = 0; got < 6 + 3; got++) {
        const moldau_consumer_record_t *r = next(c);
        ck_assert_int_eq(r->offset, next_off[r->partition]++);
    }
    ck_assert_int_eq(next_off[0], 10);
    ck_assert_int_eq(next_off[1], 10);
    moldau_consumer_error_t e;
    ck_assert_ptr_null(moldau_consumer_poll(c, 500, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
    moldau_consumer_close(c);

    /* no group.id: no commits */
    c = oc_new(bootstrap, NULL, NULL);
    ck_assert_int_eq(moldau_consumer_commit(c, NULL, 0), MOLDAU_ERR__STATE);
    moldau_consumer_close(c);
}
END_TEST

/* Polls until the callback was called `calls` times (a bound of polls, no time). */
static void poll_for_callback(moldau_consumer_t *c, commit_seen_t *s, int calls)
{
    moldau_consumer_error_t e;
    for (int i = 0; s->calls < calls && i < 300; i++)
        moldau_consumer_poll(c, 100, &e);
    ck_assert_int_eq(s->calls, calls);
}

static void async_commit(const char *io_thread)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128];
    test_topic_name("ofs-async", topic, sizeof(topic));
    group_name("ofs-async-g", group, sizeof(group));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    produce(bootstrap, topic, 1, 5);
    commit_seen_t s = {.topic = topic};
    moldau_consumer_t *c = oc_new(bootstrap, &s, "group.id", group, "enable.auto.commit", "false",
                                  "io.thread", io_thread, NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(next(c)->offset, i);
    ck_assert_int_eq(moldau_consumer_commit(c, NULL, 1), MOLDAU_ERR_NONE);
    ck_assert_int_eq(s.calls, 0); /* only ever from a poll */
    s.nested = 1;
    poll_for_callback(c, &s, 1);
    ck_assert_int_eq(s.err, MOLDAU_ERR_NONE);
    ck_assert_uint_eq(s.n, 1);
    ck_assert_int_eq(s.offsets[0], 3);
    ck_assert_int_eq(s.errs[0], MOLDAU_ERR_NONE);
    /* the callback's own synchronous commit went through */
    ck_assert_int_eq(s.nested_err, MOLDAU_ERR_NONE);
    int64_t off;
    committed(c, topic, 1, &off);
    ck_assert_int_eq(off, 1);
    moldau_consumer_close(c);
}

START_TEST(commit_async_callback) { async_commit("true"); }
END_TEST

START_TEST(commit_async_callback_app_driven) { async_commit("false"); }
END_TEST

START_TEST(auto_commit)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128], group_off[128];
    test_topic_name("ofs-auto", topic, sizeof(topic));
    group_name("ofs-auto-g", group, sizeof(group));
    group_name("ofs-auto-off", group_off, sizeof(group_off));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    produce(bootstrap, topic, 1, 20);
    commit_seen_t s = {0};

    /* automatic commits as records are handed out, and the last one at close */
    moldau_consumer_t *c = oc_new(bootstrap, &s, "group.id", group, "auto.commit.interval.ms",
                                  "50", NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    ck_assert_int_eq(next(c)->offset, 0);
    /* paused: the polls below hand out nothing more */
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, topic, 0);
    ck_assert_int_eq(moldau_consumer_pause(c, l), MOLDAU_ERR_NONE);
    poll_for_callback(c, &s, 1); /* an automatic commit of position 1 */
    ck_assert_int_eq(s.err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(s.offsets[0], 1);
    ck_assert_int_eq(moldau_consumer_resume(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
    for (int i = 1; i < 7; i++)
        ck_assert_int_eq(next(c)->offset, i);
    moldau_consumer_close(c);
    c = oc_new(bootstrap, NULL, "group.id", group, NULL);
    int64_t off;
    committed(c, topic, 1, &off);
    ck_assert_int_eq(off, 7);
    moldau_consumer_close(c);

    /* off: nothing is committed */
    c = oc_new(bootstrap, NULL, "group.id", group_off, "enable.auto.commit", "false",
               "auto.commit.interval.ms", "50", NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    for (int i = 0; i < 7; i++)
        ck_assert_int_eq(next(c)->offset, i);
    moldau_consumer_close(c);
    c = oc_new(bootstrap, NULL, "group.id", group_off, NULL);
    committed(c, topic, 1, &off);
    ck_assert_int_eq(off, MOLDAU_OFFSET_INVALID);
    moldau_consumer_close(c);
}
END_TEST

START_TEST(reset_without_committed_offset)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128];
    test_topic_name("ofs-reset", topic, sizeof(topic));
    group_name("ofs-reset-g", group, sizeof(group));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    produce(bootstrap, topic, 1, 5);
    moldau_consumer_error_t e;

    moldau_consumer_t *c = oc_new(bootstrap, NULL, "group.id", group, "enable.auto.commit",
                                  "false", "auto.offset.reset", "earliest", NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_STORED);
    ck_assert_int_eq(next(c)->offset, 0);
    moldau_consumer_close(c);

    c = oc_new(bootstrap, NULL, "group.id", group, "enable.auto.commit", "false",
               "auto.offset.reset", "latest", NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_STORED);
    int64_t pos = MOLDAU_OFFSET_STORED;
    for (int i = 0; pos < 0 && i < 100; i++) {
        ck_assert_ptr_null(moldau_consumer_poll(c, 100, &e));
        ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
        ck_assert_int_eq(moldau_consumer_position(c, topic, 0, &pos), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(pos, 5);
    produce(bootstrap, topic, 1, 1); /* offset 5 */
    ck_assert_int_eq(next(c)->offset, 5);
    moldau_consumer_close(c);

    c = oc_new(bootstrap, NULL, "group.id", group, "enable.auto.commit", "false",
               "auto.offset.reset", "none", NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_STORED);
    ck_assert_ptr_null(moldau_consumer_poll(c, 10000, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_OFFSET_OUT_OF_RANGE);
    ck_assert_str_eq(e.topic, topic);
    ck_assert_int_eq(e.partition, 0);
    moldau_consumer_close(c);
}
END_TEST

START_TEST(unknown_topic_per_partition)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], missing[128], group[128];
    test_topic_name("ofs-known", topic, sizeof(topic));
    test_topic_name("ofs-missing", missing, sizeof(missing));
    group_name("ofs-unknown-g", group, sizeof(group));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    commit_seen_t s = {0};
    moldau_consumer_t *c = oc_new(bootstrap, &s, "group.id", group, "enable.auto.commit",
                                  "false", "allow.auto.create.topics", "false", NULL);
    moldau_partition_list_t *l = moldau_partition_list_new(2);
    moldau_partition_list_add(l, topic, 0)->offset = 0;
    moldau_partition_list_add(l, missing, 0)->offset = 3;
    ck_assert_int_eq(moldau_consumer_commit(c, l, 0), MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_int_eq(moldau_consumer_commit(c, l, 1), MOLDAU_ERR_NONE);
    poll_for_callback(c, &s, 1);
    ck_assert_int_eq(s.err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_uint_eq(s.n, 2);
    ck_assert_int_eq(s.errs[0], MOLDAU_ERR_NONE);
    ck_assert_int_eq(s.errs[1], MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    moldau_partition_list_destroy(l);
    int64_t off;
    committed(c, topic, 1, &off);
    ck_assert_int_eq(off, 0);
    moldau_consumer_close(c);
}
END_TEST

Suite *moldau_test_offsets_kafka_suite(void)
{
    Suite *s = suite_create("offsets_kafka");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, commit_sync_and_resume);
    tcase_add_test(tc, commit_async_callback);
    tcase_add_test(tc, commit_async_callback_app_driven);
    tcase_add_test(tc, auto_commit);
    tcase_add_test(tc, reset_without_committed_offset);
    tcase_add_test(tc, unknown_topic_per_partition);
    suite_add_tcase(s, tc);
    return s;
}
