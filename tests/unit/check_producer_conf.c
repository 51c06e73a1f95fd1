/* The producer without a broker: configuration rules (enable.idempotence as in the Java
 * client), refusals of moldau_produce(), and close reporting held records once. */
#include <check.h>
#include <stdarg.h>
#include <string.h>

#include "moldau.h"
#include "producer/producer.h"

static moldau_producer_t *make(char *err, size_t err_size, ...)
{
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", "127.0.0.1:1", err, err_size), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "io.thread", "false", err, err_size), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "0", err, err_size), 0);
    va_list ap;
    va_start(ap, err_size);
    const char *k;
    while ((k = va_arg(ap, const char *))) {
        const char *v = va_arg(ap, const char *);
        ck_assert_msg(moldau_conf_set(conf, k, v, err, err_size) == 0, "%s", err);
    }
    va_end(ap);
    err[0] = '\0';
    moldau_producer_t *p = moldau_producer_new(conf, err, err_size);
    moldau_conf_destroy(conf);
    return p;
}

START_TEST(idempotence_conflicts)
{
    static const struct {
        const char *name, *value, *named;
    } bad[] = {{"acks", "1", "acks"},
               {"acks", "0", "acks"},
               {"max.in.flight.requests.per.connection", "6", "max.in.flight"},
               {"retries", "0", "retries"}};
    char err[256];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        /* set explicitly: a conflict is an error naming both */
        moldau_producer_t *p =
            make(err, sizeof(err), "enable.idempotence", "true", bad[i].name, bad[i].value, NULL);
        ck_assert_msg(p == NULL, "%s=%s accepted", bad[i].name, bad[i].value);
        ck_assert_msg(strstr(err, bad[i].named) && strstr(err, "enable.idempotence"), "%s", err);
        /* idempotence only by default: the explicit setting wins, idempotence goes off */
        p = make(err, sizeof(err), bad[i].name, bad[i].value, NULL);
        ck_assert_msg(p != NULL, "%s", err);
        moldau_producer_close(p, 0);
    }
    moldau_producer_t *p = make(err, sizeof(err), "enable.idempotence", "true",
                                "max.in.flight.requests.per.connection", "5", "acks", "-1", NULL);
    ck_assert_msg(p != NULL, "%s", err);
    moldau_producer_close(p, 0);
}
END_TEST

START_TEST(other_refusals)
{
    char err[256];
    ck_assert_ptr_null(make(err, sizeof(err), "transactional.id", "tx", NULL));
    ck_assert_msg(strstr(err, "transactional.id"), "%s", err);
    ck_assert_ptr_null(make(err, sizeof(err), "partitioner", "custom", NULL));
    ck_assert_msg(strstr(err, "partitioner"), "%s", err);
}
END_TEST

/* Java's rule: delivery.timeout.ms >= linger.ms + request.timeout.ms; an explicit setting
 * below is refused, the default is raised to fit. */
START_TEST(delivery_timeout_covers_linger_and_one_request)
{
    char err[256];
    ck_assert_ptr_null(make(err, sizeof(err), "delivery.timeout.ms", "1000", "linger.ms", "100",
                            "request.timeout.ms", "1000", NULL));
    ck_assert_msg(strstr(err, "delivery.timeout.ms (1000) must be at least linger.ms + "
                              "request.timeout.ms (1100)"), "%s", err);
    moldau_producer_t *p = make(err, sizeof(err), "delivery.timeout.ms", "1100", "linger.ms",
                                "100", "request.timeout.ms", "1000", NULL);
    ck_assert_msg(p != NULL, "%s", err);
    moldau_producer_close(p, 0);
    /* the default (120000) below 1000 + 200000: raised, not refused */
    p = make(err, sizeof(err), "linger.ms", "1000", "request.timeout.ms", "200000", NULL);
    ck_assert_msg(p != NULL, "%s", err);
    ck_assert_int_eq(p->delivery_timeout_ms, 201000);
    moldau_producer_close(p, 0);
}
END_TEST

static int reports, destroyed;

static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *d, void *o)
{
    (void)p;
    (void)o;
    reports++;
    if (d->err == MOLDAU_ERR__DESTROYED && (d->partition == -1 || d->partition == 5) &&
        d->offset == -1 && d->status == MOLDAU_DELIVERY_NOT_PERSISTED && !d->reason &&
        !strcmp(d->topic, "t") && d->opaque == &reports)
        destroyed++;
}

START_TEST(produce_refusals_and_close)
{
    char err[256];
    moldau_producer_t *p = make(err, sizeof(err), "max.request.size", "2000", NULL);
    ck_assert_msg(p != NULL, "%s", err);
    static char big[4000];
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = "t";
    m.value = big;
    m.value_len = sizeof(big);
    ck_assert_int_eq(moldau_produce(p, &m, on_delivery, &reports), MOLDAU_ERR_MESSAGE_TOO_LARGE);
    m.value_len = 10;
    moldau_record_header_t h = {NULL, 0, "v", 1};
    m.headers = &h;
    m.n_headers = 1;
    ck_assert_int_eq(moldau_produce(p, &m, on_delivery, &reports), MOLDAU_ERR__INVALID_ARG);
    m.headers = NULL;
    m.n_headers = 0;
    m.partition = -2;
    ck_assert_int_eq(moldau_produce(p, &m, on_delivery, &reports), MOLDAU_ERR__INVALID_ARG);
    /* no broker: the topic stays unknown and its records are held */
    m.partition = MOLDAU_PARTITION_ANY;
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(moldau_produce(p, &m, on_delivery, &reports), MOLDAU_ERR_NONE);
    m.partition = 5; /* unknown count: accepted, held too */
    ck_assert_int_eq(moldau_produce(p, &m, on_delivery, &reports), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(moldau_producer_outstanding(p), 11);
    ck_assert_int_eq(moldau_producer_flush(p, 50), MOLDAU_ERR__TIMED_OUT);
    ck_assert_int_eq(reports, 0);
    moldau_producer_close(p, 0);
    ck_assert_int_eq(reports, 11);
    ck_assert_int_eq(destroyed, 11);
}
END_TEST

static moldau_delivery_t timed_out;
static int n_timed_out;

static void on_timed_out(moldau_producer_t *p, const moldau_delivery_t *d, void *app_opaque)
{
    (void)p;
    (void)app_opaque;
    timed_out = *d;
    n_timed_out++;
}

/* No broker answers (127.0.0.1:1 refuses): the held record's topic never gets metadata. That
 * is a timeout, not "the broker says there is no such topic", and the reason says so (the
 * mock suite checks the answered case: UNKNOWN_TOPIC_OR_PARTITION). */
START_TEST(unanswered_topic_times_out_with_a_reason)
{
    char err[256];
    moldau_producer_t *p = make(err, sizeof(err), "max.block.ms", "200", NULL);
    ck_assert_msg(p != NULL, "%s", err);
    moldau_producer_record_t m;
    moldau_producer_record_init(&m);
    ck_assert_int_eq(m.partition, MOLDAU_PARTITION_ANY);
    m.topic = "silent";
    m.value = "v";
    m.value_len = 1;
    n_timed_out = 0;
    ck_assert_int_eq(moldau_produce(p, &m, on_timed_out, &n_timed_out), MOLDAU_ERR_NONE);
    for (int k = 0; k < 100 && !n_timed_out; k++)
        moldau_producer_poll(p, 50);
    ck_assert_int_eq(n_timed_out, 1);
    ck_assert_msg(timed_out.err == MOLDAU_ERR__MSG_TIMED_OUT, "%s",
                  moldau_err_name(timed_out.err));
    ck_assert_int_eq(timed_out.status, MOLDAU_DELIVERY_NOT_PERSISTED);
    ck_assert_int_eq(timed_out.offset, -1);
    ck_assert_int_eq(timed_out.partition, -1);
    ck_assert_ptr_eq(timed_out.opaque, &n_timed_out);
    ck_assert_str_eq(timed_out.reason, /* lives as long as the topic: until close */
                     "topic \"silent\" not present in metadata after 200 ms: no broker "
                     "answered for it");
    moldau_producer_close(p, 0);
    ck_assert_int_eq(n_timed_out, 1);
}
END_TEST

Suite *moldau_test_producer_conf_suite(void)
{
    Suite *s = suite_create("producer_conf");
    TCase *tc = tcase_create("conf");
    tcase_add_test(tc, idempotence_conflicts);
    tcase_add_test(tc, other_refusals);
    tcase_add_test(tc, delivery_timeout_covers_linger_and_one_request);
    tcase_add_test(tc, produce_refusals_and_close);
    tcase_add_test(tc, unanswered_topic_times_out_with_a_reason);
    suite_add_tcase(s, tc);
    return s;
}
