/* SASL PLAIN against the real broker's SASL listeners (kafka.sh with MOLDAU_KAFKA_SECURE=1):
 * round trips over SASL_PLAINTEXT and SASL_SSL (a user name and password with ',', '=' and
 * UTF-8 too), a wrong password, an unknown user and a mechanism the listener does not enable
 * refused once and for good (the error callback and the failing call say why, no reconnect
 * storm, no secret in the debug log), and KIP-368
 * re-authentication on the REAUTH listener (3 s sessions) while producing: nothing lost. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "moldau.h"
#include "net/tls.h"
#include "util/base64.h"
#include "../support/admin_test.h"
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

/* One refused client: one delivery report with the refusal long before delivery.timeout.ms,
 * the error callback once, one connection (no reconnect storm), no secret in the debug log. */
static void refused_once(const char *bootstrap, const char *mech, const char *user,
                         const char *secret, moldau_err_t want, const char *want_text)
{
    static told_t t;
    memset(&t, 0, sizeof(t));
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    const char *kv[] = {"bootstrap.servers", bootstrap, "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", mech, "sasl.username", user, "sasl.password", secret,
                        "debug", "all", "delivery.timeout.ms", "60000", NULL};
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
    ck_assert_int_eq(moldau_producer_flush(p, 20000), MOLDAU_ERR_NONE);
    ck_assert_msg(delivered == want, "%s as %s: delivered %s", mech, user,
                  moldau_err_name(delivered));
    ck_assert_int_lt(time(NULL) - t0, 15);
    sleep(2); /* a reconnect storm would show here */
    moldau_producer_poll(p, 100);
    moldau_producer_close(p, 5000);
    ck_assert_int_eq(t.errors, 1);
    ck_assert_int_eq(t.err, want);
    ck_assert_msg(strstr(t.reason, want_text), "%s", t.reason);
    ck_assert_msg(strstr(t.reason, mech), "%s", t.reason);
    ck_assert_msg(t.connects == 1, "%d connects:\n%s", t.connects, t.log);
    ck_assert_msg(!strstr(t.log, secret), "the password is in the debug log");
    ck_assert_msg(!strstr(t.reason, secret), "the password is in the error");
}

START_TEST(wrong_password_is_final)
{
    TEST_NEED_SASL(sasl, "MOLDAU_KAFKA_SASL_BOOTSTRAP");
    const char *user = getenv("MOLDAU_SASL_USER");
    refused_once(sasl, "PLAIN", user, "wrong-Pa55-for-the-test",
                 MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, "Invalid username or password");
    if (!moldau__tls_available())
        return; /* SCRAM needs OpenSSL */
    refused_once(sasl, "SCRAM-SHA-256", user, "wrong-Pa55-for-the-test",
                 MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, "invalid credentials");
}
END_TEST

START_TEST(unknown_user_is_final)
{
    TEST_NEED_SASL(sasl, "MOLDAU_KAFKA_SASL_BOOTSTRAP");
    refused_once(sasl, "PLAIN", "nobody-here", "any-Pa55-for-the-test",
                 MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, "Invalid username or password");
    if (!moldau__tls_available())
        return;
    refused_once(sasl, "SCRAM-SHA-512", "nobody-here", "any-Pa55-for-the-test",
                 MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, "invalid credentials");
}
END_TEST

START_TEST(mechanism_not_enabled_is_final)
{
    /* kafka.sh's REAUTH listener leaves SCRAM-SHA-512 out */
    TEST_NEED_SASL(reauth, "MOLDAU_KAFKA_REAUTH_BOOTSTRAP");
    if (!moldau__tls_available())
        return;
    refused_once(reauth, "SCRAM-SHA-512", getenv("MOLDAU_SASL_USER"),
                 getenv("MOLDAU_SASL_PASSWORD"), MOLDAU_ERR_UNSUPPORTED_SASL_MECHANISM,
                 "it enables PLAIN, SCRAM-SHA-256, OAUTHBEARER");
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

/* Records ~1 ms apart for `seconds`, then closes p: each delivered, none failed, and all
 * there in order when read back over plaintext. */
static void produce_for_seconds(moldau_producer_t *p, const char *topic, int seconds,
                                const char *plain)
{
    int counts[2] = {0, 0}; /* delivered, failed */
    int n = 0;
    for (time_t end = time(NULL) + seconds; time(NULL) < end; n++) {
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
    moldau_consumer_t *c = test_consumer_newv(plain, NULL, NULL, NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    int next = 0;
    while (next < n)
        test_consume_ids(c, &next, next + 20000 < n ? next + 20000 : n);
    ck_assert_int_eq(next, n);
    moldau_consumer_close(c);
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
    /* 8 s of records: the 3 s sessions end twice at least meanwhile */
    produce_for_seconds(p, topic, 8, plain);
    ck_assert_msg(reauths >= 2, "%d re-authentications in 8 s of 3 s sessions", reauths);
}
END_TEST

/* ---- OAUTHBEARER ----------------------------------------------------------------------- */

START_TEST(oauthbearer_unsecured_round_trips)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_SASL(sasl, "MOLDAU_KAFKA_SASL_BOOTSTRAP");
    /* librdkafka's spelling */
    const char *kv[] = {"security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "OAUTHBEARER",
                        "enable.sasl.oauthbearer.unsecure.jwt", "true",
                        "sasl.oauthbearer.config",
                        "principal=alice scope=read,write lifeSeconds=600 extension_traceId=t42",
                        NULL};
    round_trip(plain, sasl, kv, 1000);
    /* the Java client's, over TLS */
    const char *sasl_ssl = getenv("MOLDAU_KAFKA_SASL_SSL_BOOTSTRAP");
    if (!moldau__tls_available() || !sasl_ssl)
        return;
    const char *jaas[] = {"security.protocol", "SASL_SSL", "sasl.mechanism", "OAUTHBEARER",
                          "ssl.truststore.location", ca(), "sasl.jaas.config",
                          "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule "
                          "required unsecuredLoginStringClaim_sub=\"bob\" "
                          "unsecuredLoginListClaim_scope=\",a,b\" "
                          "unsecuredLoginLifetimeSeconds=\"300\";",
                          NULL};
    round_trip(plain, sasl_ssl, jaas, 1000);
}
END_TEST

/* An unsecured JWT as the application's token source would hand it over. */
static int64_t make_jwt(const char *sub, int64_t life_s, char *out, size_t size)
{
    int64_t now = (int64_t)time(NULL);
    char payload[256], h64[64], p64[400];
    snprintf(payload, sizeof(payload), "{\"sub\":\"%s\",\"iat\":%lld,\"exp\":%lld}", sub,
             (long long)now, (long long)(now + life_s));
    static const char header[] = "{\"alg\":\"none\"}";
    moldau__base64url_encode((const uint8_t *)header, sizeof(header) - 1, h64);
    moldau__base64url_encode((const uint8_t *)payload, strlen(payload), p64);
    snprintf(out, size, "%s.%s.", h64, p64);
    return (now + life_s) * 1000;
}

typedef struct oauth_app {
    int calls;         /* refresh callback calls */
    int fail_first;    /* the first refresh fails */
    const char *sub;   /* the principal the callback's tokens name */
    int64_t life_s;
    int reauths;       /* "re-authenticated" log lines */
    int errors;        /* error callback calls */
    char reason[512];  /* the last error's */
    moldau_err_t set_err;
} oauth_app_t;

static void on_refresh(moldau_client_t *c, const char *config, void *op)
{
    oauth_app_t *a = op;
    ck_assert_str_eq(config, "from-the-test");
    if (a->calls++ == 0 && a->fail_first) {
        a->set_err = moldau_oauthbearer_set_token_failure(c, "the identity provider is away");
        return;
    }
    char jwt[512], err[256];
    int64_t expiry = make_jwt(a->sub, a->life_s, jwt, sizeof(jwt));
    const char *ext[] = {"traceId", "call-1"};
    a->set_err = moldau_oauthbearer_set_token(c, jwt, expiry, a->sub, ext, 2, err, sizeof(err));
}

static void on_oauth_log(moldau_client_t *c, int level, const char *fac, const char *msg,
                         void *op)
{
    (void)c, (void)level, (void)fac;
    if (strstr(msg, "re-authenticated"))
        ((oauth_app_t *)op)->reauths++;
}

static void on_oauth_error(moldau_client_t *c, moldau_err_t err, const char *reason, void *op)
{
    (void)c, (void)err;
    oauth_app_t *a = op;
    a->errors++;
    snprintf(a->reason, sizeof(a->reason), "%s", reason);
}

static moldau_producer_t *oauth_producer(const char *bootstrap, oauth_app_t *a)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    const char *kv[] = {"bootstrap.servers", bootstrap, "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "OAUTHBEARER", "sasl.oauthbearer.config",
                        "from-the-test", "debug", "broker", "linger.ms", "2",
                        "delivery.timeout.ms", "60000", NULL};
    for (size_t i = 0; kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s", err);
    moldau_conf_set_oauthbearer_token_refresh_cb(conf, on_refresh);
    moldau_conf_set_log_cb(conf, on_oauth_log);
    moldau_conf_set_error_cb(conf, on_oauth_error);
    moldau_conf_set_opaque(conf, a);
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(p != NULL, "%s", err);
    return p;
}

static moldau_err_t produce_one(moldau_producer_t *p, const char *topic)
{
    moldau_err_t delivered = MOLDAU_ERR__STATE;
    moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
    r.topic = topic;
    r.value = "x";
    r.value_len = 1;
    ck_assert_int_eq(moldau_produce(p, &r, on_delivery, &delivered), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_producer_flush(p, 40000), MOLDAU_ERR_NONE);
    return delivered;
}

/* A topic made for the test, and the state of its application's token source (static: the
 * callbacks see it until the client is closed). */
static oauth_app_t *oauth_app(const char *plain, const char *prefix, char topic[128],
                              const char *sub, int64_t life_s)
{
    static oauth_app_t a;
    test_topic_name(prefix, topic, 128);
    ck_assert_int_eq(test_create_topic(plain, topic, 1), 0);
    memset(&a, 0, sizeof(a));
    a.sub = sub;
    a.life_s = life_s;
    return &a;
}

START_TEST(oauthbearer_tokens_renewed_while_producing)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_SASL(reauth, "MOLDAU_KAFKA_REAUTH_BOOTSTRAP");
    char topic[128];
    /* 5 s tokens, renewed at 4 s; the REAUTH listener's sessions end every 3 s besides */
    oauth_app_t *a = oauth_app(plain, "oauth", topic, "alice", 5);
    moldau_producer_t *p = oauth_producer(reauth, a);
    produce_for_seconds(p, topic, 10, plain);
    ck_assert_int_eq(a->set_err, MOLDAU_ERR_NONE);
    ck_assert_msg(a->calls >= 3, "%d token refreshes in 10 s of 5 s tokens", a->calls);
    ck_assert_msg(a->reauths >= 2, "%d re-authentications in 10 s", a->reauths);
    ck_assert_msg(a->errors == 0, "%s", a->reason);
}
END_TEST

START_TEST(oauthbearer_refused_token_until_a_new_one)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_SASL(sasl, "MOLDAU_KAFKA_SASL_BOOTSTRAP");
    char topic[128];
    /* the broker's validator wants a principal that is not blank */
    oauth_app_t *a = oauth_app(plain, "oauth-refused", topic, " ", 3600);
    moldau_producer_t *p = oauth_producer(sasl, a);
    ck_assert_int_eq(produce_one(p, topic), MOLDAU_ERR_SASL_AUTHENTICATION_FAILED);
    moldau_producer_poll(p, 100);
    ck_assert_int_eq(a->set_err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(a->errors, 1);
    ck_assert_msg(strstr(a->reason, "invalid_token"), "%s", a->reason);
    ck_assert_msg(strstr(a->reason, "until a new token is set"), "%s", a->reason);
    /* a new token: the broker is tried again */
    char jwt[512], err[256];
    int64_t expiry = make_jwt("alice", 3600, jwt, sizeof(jwt));
    ck_assert_int_eq(moldau_oauthbearer_set_token(moldau_producer_client(p), jwt, expiry,
                                                  "alice", NULL, 0, err, sizeof(err)),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(produce_one(p, topic), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 5000);
    ck_assert_int_eq(a->calls, 1);
}
END_TEST

START_TEST(oauthbearer_refresh_failure_is_transient)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_SASL(sasl, "MOLDAU_KAFKA_SASL_BOOTSTRAP");
    char topic[128];
    oauth_app_t *a = oauth_app(plain, "oauth-retry", topic, "alice", 3600);
    a->fail_first = 1;
    moldau_producer_t *p = oauth_producer(sasl, a);
    time_t t0 = time(NULL);
    /* the record waits for the refresh retried 10 s later, then goes */
    ck_assert_int_eq(produce_one(p, topic), MOLDAU_ERR_NONE);
    ck_assert_int_ge(time(NULL) - t0, 8);
    moldau_producer_close(p, 5000);
    ck_assert_int_eq(a->calls, 2);
    ck_assert_int_ge(a->errors, 1);
    ck_assert_msg(strstr(a->reason, "the identity provider is away"), "%s", a->reason);
}
END_TEST

/* Sets user's SCRAM-SHA-256 password (over plaintext) and waits until the broker lists it. */
static void set_scram_password(const char *plain, const char *user, const char *password)
{
    moldau_admin_t *a = test_admin_new(plain);
    moldau_admin_scram_alteration_t up = {user, MOLDAU_ADMIN_SCRAM_SHA_256, password, 4096};
    moldau_admin_user_results_t *r = NULL;
    ck_assert_int_eq(moldau_admin_alter_user_scram_credentials(a, &up, 1, -1, &r),
                     MOLDAU_ERR_NONE);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    moldau_admin_result_free(r);
    for (int i = 0; i < 100; i++) { /* the controller's record reaches the broker soon after */
        moldau_admin_user_scram_credentials_list_t *l;
        ck_assert_int_eq(moldau_admin_describe_user_scram_credentials(a, &user, 1, -1, &l),
                         MOLDAU_ERR_NONE);
        int there = l->n_items == 1 && l->items[0]->err == MOLDAU_ERR_NONE;
        moldau_admin_result_free(l);
        if (there)
            break;
        usleep(50 * 1000);
    }
    moldau_admin_close(a);
    usleep(200 * 1000);
}

/* The password changes under a producing client: the next re-authentication is refused, once;
 * every record gets one report (delivered or the refusal) well before delivery.timeout.ms,
 * and what was reported delivered is in the log. */
START_TEST(reauth_refused_while_producing)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_SASL(reauth, "MOLDAU_KAFKA_REAUTH_BOOTSTRAP");
    if (!moldau__tls_available())
        return; /* SCRAM needs OpenSSL */
    char topic[128], user[128];
    test_topic_name("reauth-refused", topic, sizeof(topic));
    test_topic_name("victim", user, sizeof(user));
    ck_assert_int_eq(test_create_topic(plain, topic, 1), 0);
    set_scram_password(plain, user, "first-Pa55");
    static oauth_app_t a; /* its log and error counters */
    memset(&a, 0, sizeof(a));
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    const char *kv[] = {"bootstrap.servers", reauth, "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "SCRAM-SHA-256", "sasl.username", user,
                        "sasl.password", "first-Pa55", "debug", "broker", "linger.ms", "2",
                        "delivery.timeout.ms", "60000", NULL};
    for (size_t i = 0; kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s", err);
    moldau_conf_set_log_cb(conf, on_oauth_log);
    moldau_conf_set_error_cb(conf, on_oauth_error);
    moldau_conf_set_opaque(conf, &a);
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(p != NULL, "%s", err);
    int counts[2] = {0, 0}, n = 0, changed = 0;
    for (time_t end = time(NULL) + 25; time(NULL) < end && !a.errors; n++) {
        if (!changed && a.reauths >= 1) { /* one renewal went through: now change it */
            set_scram_password(plain, user, "second-Pa55");
            changed = 1;
        }
        char v[32];
        moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
        r.topic = topic;
        r.value = v;
        r.value_len = (size_t)snprintf(v, sizeof(v), "%d", n);
        ck_assert_int_eq(moldau_produce(p, &r, count_delivery, counts), MOLDAU_ERR_NONE);
        moldau_producer_poll(p, 1);
    }
    ck_assert_msg(changed && a.errors == 1, "changed %d, %d errors", changed, a.errors);
    ck_assert_msg(strstr(a.reason, "renewal failed"), "%s", a.reason);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_poll(p, 100);
    moldau_producer_close(p, 5000);
    ck_assert_int_eq(counts[0] + counts[1], n);
    ck_assert_int_gt(counts[0], 0);
    ck_assert_int_eq(a.errors, 1);
    /* what was reported delivered is there, in order */
    moldau_consumer_t *c = test_consumer_newv(plain, NULL, NULL, NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    int next = 0;
    while (next < counts[0])
        test_consume_ids(c, &next, next + 20000 < counts[0] ? next + 20000 : counts[0]);
    ck_assert_int_eq(next, counts[0]);
    moldau_consumer_close(c);
}
END_TEST

/* A group consumer refused: poll returns the refusal as an error event (no partition), the
 * error callback hears it once, and neither hangs nor reconnects in a loop. */
START_TEST(consumer_refused_is_an_error_event)
{
    TEST_NEED_SASL(sasl, "MOLDAU_KAFKA_SASL_BOOTSTRAP");
    static oauth_app_t a; /* its log and error counters */
    memset(&a, 0, sizeof(a));
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    const char *kv[] = {"bootstrap.servers", sasl, "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN", "sasl.username", getenv("MOLDAU_SASL_USER"),
                        "sasl.password", "wrong-Pa55-for-the-consumer", "group.id", "refused",
                        NULL};
    for (size_t i = 0; kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s", err);
    moldau_conf_set_error_cb(conf, on_oauth_error);
    moldau_conf_set_opaque(conf, &a);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    const char *topics[] = {"sasl-refused"};
    ck_assert_int_eq(moldau_consumer_subscribe(c, topics, 1), MOLDAU_ERR_NONE);
    moldau_consumer_error_t e = {0};
    int events = 0;
    for (time_t end = time(NULL) + 20; time(NULL) < end && !events;) {
        const moldau_consumer_record_t *r = moldau_consumer_poll(c, 500, &e);
        ck_assert_ptr_null(r);
        if (e.err) {
            events++;
            ck_assert_int_eq(e.err, MOLDAU_ERR_SASL_AUTHENTICATION_FAILED);
            ck_assert_msg(e.reason && strstr(e.reason, "Invalid username or password"), "%s",
                          e.reason ? e.reason : "(no reason)");
        }
    }
    ck_assert_msg(events == 1, "no error event from poll in 20 s");
    moldau_consumer_close(c);
    ck_assert_int_eq(a.errors, 1);
}
END_TEST

/* An admin client refused: its calls fail with the refusal, long before their timeout. */
START_TEST(admin_refused_fails_its_calls)
{
    TEST_NEED_SASL(sasl, "MOLDAU_KAFKA_SASL_BOOTSTRAP");
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    const char *kv[] = {"bootstrap.servers", sasl, "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN", "sasl.username", getenv("MOLDAU_SASL_USER"),
                        "sasl.password", "wrong-Pa55-for-the-admin", "log.level", "0", NULL};
    for (size_t i = 0; kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s", err);
    moldau_admin_t *a = moldau_admin_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(a != NULL, "%s", err);
    time_t t0 = time(NULL);
    moldau_admin_topic_listings_t *l = NULL;
    ck_assert_int_eq(moldau_admin_list_topics(a, 0, 60000, &l),
                     MOLDAU_ERR_SASL_AUTHENTICATION_FAILED);
    moldau_admin_cluster_description_t *d = NULL;
    ck_assert_int_eq(moldau_admin_describe_cluster(a, 60000, &d),
                     MOLDAU_ERR_SASL_AUTHENTICATION_FAILED);
    ck_assert_int_lt(time(NULL) - t0, 20);
    moldau_admin_close(a);
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
    tcase_add_test(tc, unknown_user_is_final);
    tcase_add_test(tc, mechanism_not_enabled_is_final);
    tcase_add_test(tc, reauthenticates_while_producing);
    tcase_add_test(tc, oauthbearer_unsecured_round_trips);
    tcase_add_test(tc, oauthbearer_tokens_renewed_while_producing);
    tcase_add_test(tc, oauthbearer_refused_token_until_a_new_one);
    tcase_add_test(tc, oauthbearer_refresh_failure_is_transient);
    tcase_add_test(tc, reauth_refused_while_producing);
    tcase_add_test(tc, consumer_refused_is_an_error_event);
    tcase_add_test(tc, admin_refused_fails_its_calls);
    suite_add_tcase(s, tc);
    return s;
}
