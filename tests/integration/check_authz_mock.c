/* A topic the cluster refuses (TOPIC_AUTHORIZATION_FAILED in Metadata, set by librdkafka's
 * mock cluster: `topic error`), without a real authorizer so that every run has it (the real
 * one: authz_kafka): produced records fail once each, naming the topic; an assigned partition
 * and a subscribed topic are one error event each, naming the topic; no Metadata loop behind
 * them (the requests are counted from the protocol debug log); and once the refusal is lifted
 * the next metadata refresh (metadata.max.age.ms) lets records through. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/mock_test.h"

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)

typedef struct seen {
    int metadata, sends;
} seen_t;

static void on_log(moldau_client_t *c, int level, const char *fac, const char *msg, void *op)
{
    (void)c, (void)level;
    seen_t *s = op;
    if (strcmp(fac, "SEND"))
        return;
    s->sends++;
    if (strstr(msg, ": Metadata v"))
        s->metadata++;
}

static moldau_conf_t *conf_of(const char *bootstrap, seen_t *s, const char *const *kv)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    const char *base[] = {"bootstrap.servers", bootstrap, "debug", "protocol", "log.level", "3",
                          NULL};
    for (size_t i = 0; base[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, base[i], base[i + 1], err, sizeof(err)) == 0, "%s",
                      err);
    for (size_t i = 0; kv && kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s: %s",
                      kv[i], err);
    moldau_conf_set_log_cb(conf, on_log);
    moldau_conf_set_opaque(conf, s);
    return conf;
}

typedef struct report {
    int n;
    moldau_err_t err;
    char reason[256];
} report_t;

static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *dr, void *op)
{
    (void)p, (void)op;
    report_t *r = dr->opaque;
    r->n++;
    r->err = dr->err;
    snprintf(r->reason, sizeof(r->reason), "%s", dr->reason ? dr->reason : "");
}

static moldau_producer_t *producer_of(const char *bootstrap, seen_t *s)
{
    const char *kv[] = {"linger.ms", "0", "metadata.max.age.ms", "500", NULL};
    moldau_conf_t *conf = conf_of(bootstrap, s, kv);
    char err[512];
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(p != NULL, "%s", err);
    return p;
}

static void produce_one(moldau_producer_t *p, const char *topic, report_t *r)
{
    moldau_producer_record_t rec = MOLDAU_PRODUCER_RECORD_INIT;
    rec.topic = topic;
    rec.value = "v";
    rec.value_len = 1;
    memset(r, 0, sizeof(*r));
    ck_assert_int_eq(moldau_produce(p, &rec, on_delivery, r), MOLDAU_ERR_NONE);
}

START_TEST(produce_refused_topic)
{
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create refused 1 1");
    MOCK(mock, "topic error refused TOPIC_AUTHORIZATION_FAILED");
    static seen_t s;
    memset(&s, 0, sizeof(s));
    moldau_producer_t *p = producer_of(mock->bootstrap, &s);
    report_t r[3];
    for (int i = 0; i < 3; i++)
        produce_one(p, "refused", &r[i]);
    ck_assert_int_eq(moldau_producer_flush(p, 20000), MOLDAU_ERR_NONE);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(r[i].n, 1);
        ck_assert_int_eq(r[i].err, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED);
        ck_assert_msg(strstr(r[i].reason, "\"refused\""), "\"%s\"", r[i].reason);
    }
    /* lifted: the next refresh (metadata.max.age.ms 500) lets a record through */
    MOCK(mock, "topic error refused 0");
    report_t ok = {0};
    for (int i = 0; i < 100; i++) {
        produce_one(p, "refused", &ok);
        ck_assert_int_eq(moldau_producer_flush(p, 20000), MOLDAU_ERR_NONE);
        ck_assert_int_eq(ok.n, 1);
        if (!ok.err)
            break;
        ck_assert_int_eq(ok.err, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED);
        usleep(100 * 1000);
    }
    ck_assert_int_eq(ok.err, MOLDAU_ERR_NONE);
    moldau_producer_close(p, 5000);
    test_mock_stop(mock);
}
END_TEST

static moldau_consumer_t *consumer_of(const char *bootstrap, seen_t *s, const char *group)
{
    const char *kv[] = {"metadata.max.age.ms", "500", "auto.offset.reset", "earliest",
                        group ? "group.id" : NULL, group, NULL};
    moldau_conf_t *conf = conf_of(bootstrap, s, kv);
    char err[512];
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    return c;
}

/* Polls (~10 s at most) for the first error event. */
static moldau_err_t first_event(moldau_consumer_t *c, char *topic, size_t size, int32_t *part)
{
    moldau_consumer_error_t e;
    for (int i = 0; i < 100; i++) {
        if (!moldau_consumer_poll(c, 100, &e) && e.err) {
            snprintf(topic, size, "%s", e.topic ? e.topic : "");
            *part = e.partition;
            return e.err;
        }
    }
    topic[0] = 0;
    return MOLDAU_ERR_NONE;
}

/* Polls for 2 s: how many error events came (and no record). */
static int events_for_a_while(moldau_consumer_t *c)
{
    int n = 0;
    moldau_consumer_error_t e;
    for (int i = 0; i < 20; i++) {
        const moldau_consumer_record_t *rec = moldau_consumer_poll(c, 100, &e);
        ck_assert_ptr_null(rec);
        n += e.err != MOLDAU_ERR_NONE;
    }
    return n;
}

START_TEST(assigned_refused_topic)
{
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create refused 1 1");
    MOCK(mock, "topic error refused TOPIC_AUTHORIZATION_FAILED");
    static seen_t s;
    memset(&s, 0, sizeof(s));
    moldau_consumer_t *c = consumer_of(mock->bootstrap, &s, NULL);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, "refused", 0)->offset = MOLDAU_OFFSET_BEGINNING;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
    char topic[64];
    int32_t part = -2;
    ck_assert_int_eq(first_event(c, topic, sizeof(topic), &part),
                     MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED);
    ck_assert_str_eq(topic, "refused");
    ck_assert_int_eq(part, 0);
    /* told once; Metadata at metadata.max.age.ms (500 ms), not at retry.backoff.ms */
    int md = s.metadata;
    ck_assert_int_eq(events_for_a_while(c), 0);
    ck_assert_msg(s.metadata - md <= 6, "%d Metadata requests in 2 s", s.metadata - md);

    /* lifted: records come */
    MOCK(mock, "topic error refused 0");
    static seen_t ps;
    moldau_producer_t *p = producer_of(mock->bootstrap, &ps);
    report_t r;
    produce_one(p, "refused", &r);
    ck_assert_int_eq(moldau_producer_flush(p, 20000), MOLDAU_ERR_NONE);
    ck_assert_int_eq(r.err, MOLDAU_ERR_NONE);
    moldau_producer_close(p, 5000);
    const moldau_consumer_record_t *rec = NULL;
    moldau_consumer_error_t e;
    for (int i = 0; i < 100 && !rec; i++) {
        rec = moldau_consumer_poll(c, 100, &e);
        ck_assert_msg(rec || !e.err, "%s: %s", moldau_err_name(e.err), e.reason);
    }
    ck_assert_msg(rec != NULL, "no record once the refusal was lifted");
    moldau_consumer_close(c);
    test_mock_stop(mock);
}
END_TEST

START_TEST(subscribed_refused_topic)
{
    TEST_NEED_MOCK(mock, 1);
    MOCK(mock, "topic create refused 1 1");
    MOCK(mock, "topic error refused TOPIC_AUTHORIZATION_FAILED");
    static seen_t s;
    memset(&s, 0, sizeof(s));
    moldau_consumer_t *c = consumer_of(mock->bootstrap, &s, "authz-mock");
    const char *topics[] = {"refused"};
    ck_assert_int_eq(moldau_consumer_subscribe(c, topics, 1), MOLDAU_ERR_NONE);
    char topic[64];
    int32_t part = -2;
    ck_assert_int_eq(first_event(c, topic, sizeof(topic), &part),
                     MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED);
    ck_assert_str_eq(topic, "refused");
    ck_assert_int_eq(part, -1);
    int md = s.metadata;
    ck_assert_int_eq(events_for_a_while(c), 0);
    ck_assert_msg(s.metadata - md <= 6, "%d Metadata requests in 2 s", s.metadata - md);
    moldau_consumer_close(c);
    test_mock_stop(mock);
}
END_TEST

Suite *moldau_test_authz_mock_suite(void)
{
    Suite *s = suite_create("authz_mock");
    TCase *tc = tcase_create("refused");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, produce_refused_topic);
    tcase_add_test(tc, assigned_refused_topic);
    tcase_add_test(tc, subscribed_refused_topic);
    suite_add_tcase(s, tc);
    return s;
}
