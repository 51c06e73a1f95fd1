/* SASL PLAIN against the real broker's SASL listeners (kafka.sh with MOLDAU_KAFKA_SECURE=1):
 * round trips over SASL_PLAINTEXT and SASL_SSL (a user name and password with ',', '=' and
 * UTF-8 too), a wrong password refused once and for good (the error callback and the failing
 * call say why, no reconnect storm, no secret in the debug log), and KIP-368
 * re-authentication on the REAUTH listener (3 s sessions) while producing: nothing lost. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "moldau.h"
#include "net/tls.h"
#include "../support/consumer_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

#define WHAT "SASL listeners (MOLDAU_KAFKA_SASL_BOOTSTRAP; kafka.sh with MOLDAU_KAFKA_SECURE=1)"

static const char *env_or_missing(const char *test, const char *name)
{
    const char *v = getenv(name);
    if (v && *v && getenv("MOLDAU_SASL_USER") && getenv("MOLDAU_SASL_PASSWORD"))
        return v;
    test_peer_missing(test, WHAT);
    return NULL;
}

#define TEST_NEED_SASL(var, env)                                                                 \
    const char *var = env_or_missing(__func__, env);                                             \
    if (!var)                                                                                    \
    return

static const char *ca(void)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/ca.pem", getenv("MOLDAU_TLS_DIR") ? getenv("MOLDAU_TLS_DIR") : ".");
    return path;
}

static void round_trip(const char *plain, const char *bootstrap, const char *const *kv, int n)
{
    char topic[128];
    test_topic_name("sasl", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(plain, topic, 1), 0);
    test_produce_ids(bootstrap, topic, 1, 0, n, kv);
    moldau_consumer_t *c = test_consumer_newv(bootstrap, kv, NULL, NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    int next = 0;
    test_consume_ids(c, &next, n);
    ck_assert_int_eq(next, n);
    moldau_consumer_close(c);
}

START_TEST(plain_round_trip)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_SASL(sasl, "MOLDAU_KAFKA_SASL_BOOTSTRAP");
    const char *kv[] = {"security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                        "sasl.username", getenv("MOLDAU_SASL_USER"),
                        "sasl.password", getenv("MOLDAU_SASL_PASSWORD"), NULL};
    round_trip(plain, sasl, kv, 2000);
    /* librdkafka's property name, and a user whose name and password need escaping */
    const char *odd_user = getenv("MOLDAU_SASL_ODD_USER"), *odd_pw = getenv("MOLDAU_SASL_ODD_PASSWORD");
    ck_assert_ptr_nonnull(odd_user);
    ck_assert_ptr_nonnull(odd_pw);
    const char *odd[] = {"security.protocol", "sasl_plaintext", "sasl.mechanisms", "PLAIN",
                         "sasl.username", odd_user, "sasl.password", odd_pw, NULL};
    round_trip(plain, sasl, odd, 100);
}
END_TEST

START_TEST(scram_round_trips)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_SASL(sasl, "MOLDAU_KAFKA_SASL_BOOTSTRAP");
    if (!moldau__tls_available()) {
        fprintf(stderr, "\n*** SKIPPED %s: moldau built without OpenSSL ***\n", __func__);
        return;
    }
    const char *mechs[] = {"SCRAM-SHA-256", "SCRAM-SHA-512"};
    for (int i = 0; i < 2; i++) {
        const char *kv[] = {"security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", mechs[i],
                            "sasl.username", getenv("MOLDAU_SASL_USER"),
                            "sasl.password", getenv("MOLDAU_SASL_PASSWORD"), NULL};
        round_trip(plain, sasl, kv, 1000);
        /* a user name SCRAM sends escaped (=3D), a password with ',', '=' and UTF-8 */
        const char *odd[] = {"security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", mechs[i],
                             "sasl.username", getenv("MOLDAU_SASL_ODD_USER"),
                             "sasl.password", getenv("MOLDAU_SASL_ODD_PASSWORD"), NULL};
        round_trip(plain, sasl, odd, 100);
    }
}
END_TEST

START_TEST(plain_round_trip_over_tls)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_SASL(sasl_ssl, "MOLDAU_KAFKA_SASL_SSL_BOOTSTRAP");
    if (!moldau__tls_available()) {
        fprintf(stderr, "\n*** SKIPPED %s: moldau built without TLS ***\n", __func__);
        return;
    }
    const char *kv[] = {"security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                        "sasl.username", getenv("MOLDAU_SASL_USER"),
                        "sasl.password", getenv("MOLDAU_SASL_PASSWORD"),
                        "ssl.truststore.location", ca(), NULL};
    round_trip(plain, sasl_ssl, kv, 2000);
}
END_TEST

/* What a refused client tells its application. */
typedef struct told {
    char log[65536];
    size_t len;
    int connects;      /* broker state changes to CONNECTING */
    int errors;        /* error callback calls */
    moldau_err_t err;
    char reason[512];
} told_t;

static void on_log(moldau_client_t *c, int level, const char *fac, const char *msg, void *op)
{
    (void)c, (void)level, (void)fac;
    told_t *t = op;
    if (strstr(msg, "-> CONNECTING"))
        t->connects++;
    int n = snprintf(t->log + t->len, sizeof(t->log) - t->len, "%s\n", msg);
    if (n > 0 && t->len + (size_t)n < sizeof(t->log))
        t->len += (size_t)n;
}

static void on_error(moldau_client_t *c, moldau_err_t err, const char *reason, void *op)
{
    (void)c;
    told_t *t = op;
    t->errors++;
    t->err = err;
    snprintf(t->reason, sizeof(t->reason), "%s", reason);
}

static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *dr, void *op)
{
    (void)p, (void)op; /* op: the configuration's opaque */
    *(moldau_err_t *)dr->opaque = dr->err;
}

START_TEST(wrong_password_is_final)
{
    TEST_NEED_SASL(sasl, "MOLDAU_KAFKA_SASL_BOOTSTRAP");
    static told_t t;
    memset(&t, 0, sizeof(t));
    const char *secret = "wrong-Pa55-for-the-test";
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    const char *kv[] = {"bootstrap.servers", sasl, "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN", "sasl.username", getenv("MOLDAU_SASL_USER"),
                        "sasl.password", secret, "debug", "all", "delivery.timeout.ms", "60000",
                        NULL};
    for (size_t i = 0; kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s", err);
    moldau_conf_set_log_cb(conf, on_log);
    moldau_conf_set_error_cb(conf, on_error);
    moldau_conf_set_opaque(conf, &t);
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(p != NULL, "%s", err);
    moldau_err_t delivered = MOLDAU_ERR__STATE;
    moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
    r.topic = "sasl-refused";
    r.value = "x";
    r.value_len = 1;
    ck_assert_int_eq(moldau_produce(p, &r, on_delivery, &delivered), MOLDAU_ERR_NONE);
    time_t t0 = time(NULL);
    /* one delivery report with the refusal, long before delivery.timeout.ms */
    ck_assert_int_eq(moldau_producer_flush(p, 20000), MOLDAU_ERR_NONE);
    ck_assert_int_eq(delivered, MOLDAU_ERR_SASL_AUTHENTICATION_FAILED);
    ck_assert_int_lt(time(NULL) - t0, 15);
    sleep(2); /* a reconnect storm would show here */
    moldau_producer_poll(p, 100);
    moldau_producer_close(p, 5000);
    ck_assert_int_eq(t.errors, 1);
    ck_assert_int_eq(t.err, MOLDAU_ERR_SASL_AUTHENTICATION_FAILED);
    ck_assert_msg(strstr(t.reason, "Invalid username or password"), "%s", t.reason);
    ck_assert_msg(strstr(t.reason, "PLAIN"), "%s", t.reason);
    ck_assert_msg(t.connects == 1, "%d connects:\n%s", t.connects, t.log);
    ck_assert_msg(!strstr(t.log, secret), "the password is in the debug log");
    ck_assert_msg(!strstr(t.reason, secret), "the password is in the error");
}
END_TEST

static void on_reauth_log(moldau_client_t *c, int level, const char *fac, const char *msg,
                          void *op)
{
    (void)c, (void)level, (void)fac;
    if (strstr(msg, "re-authenticated"))
        (*(int *)op)++;
}

static void count_delivery(moldau_producer_t *p, const moldau_delivery_t *dr, void *op)
{
    (void)p, (void)op;
    int *counts = dr->opaque; /* [0] delivered, [1] failed */
    counts[dr->err ? 1 : 0]++;
}

START_TEST(reauthenticates_while_producing)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_SASL(reauth, "MOLDAU_KAFKA_REAUTH_BOOTSTRAP");
    char topic[128];
    test_topic_name("reauth", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(plain, topic, 1), 0);
    static int reauths;
    reauths = 0;
    int counts[2] = {0, 0};
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    const char *kv[] = {"bootstrap.servers", reauth, "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN", "sasl.username", getenv("MOLDAU_SASL_USER"),
                        "sasl.password", getenv("MOLDAU_SASL_PASSWORD"), "debug", "broker",
                        "linger.ms", "2", NULL};
    for (size_t i = 0; kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s", err);
    moldau_conf_set_log_cb(conf, on_reauth_log);
    moldau_conf_set_opaque(conf, &reauths);
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(p != NULL, "%s", err);
    /* 8 s of records at ~1 ms apart: the 3 s sessions end twice at least meanwhile */
    int n = 0;
    for (time_t end = time(NULL) + 8; time(NULL) < end; n++) {
        char v[32];
        moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
        r.topic = topic;
        r.value = v;
        r.value_len = (size_t)snprintf(v, sizeof(v), "%d", n);
        ck_assert_int_eq(moldau_produce(p, &r, count_delivery, counts), MOLDAU_ERR_NONE);
        moldau_producer_poll(p, 1);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_poll(p, 100);
    moldau_producer_close(p, 5000);
    ck_assert_int_eq(counts[1], 0);
    ck_assert_int_eq(counts[0], n);
    ck_assert_msg(reauths >= 2, "%d re-authentications in 8 s of 3 s sessions", reauths);
    /* and every record is there, in order */
    moldau_consumer_t *c = test_consumer_newv(plain, NULL, NULL, NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    int next = 0;
    while (next < n)
        test_consume_ids(c, &next, next + 20000 < n ? next + 20000 : n);
    ck_assert_int_eq(next, n);
    moldau_consumer_close(c);
}
END_TEST

Suite *moldau_test_sasl_kafka_suite(void)
{
    Suite *s = suite_create("sasl_kafka");
    TCase *tc = tcase_create("sasl");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, plain_round_trip);
    tcase_add_test(tc, plain_round_trip_over_tls);
    tcase_add_test(tc, scram_round_trips);
    tcase_add_test(tc, wrong_password_is_final);
    tcase_add_test(tc, reauthenticates_while_producing);
    suite_add_tcase(s, tc);
    return s;
}
