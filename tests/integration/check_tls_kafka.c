/* TLS against the real broker's SSL listeners (kafka.sh with MOLDAU_KAFKA_SECURE=1): produce
 * and consume round trips with server authentication and with mutual TLS (PEM, PKCS#12 and
 * librdkafka's property names), and the refusals, each a clear reason within a bounded time
 * and with bounded reconnects: unknown CA, host name mismatch, a client certificate missing
 * where the listener requires one, a plaintext client on the TLS port and the other way
 * round, bad key material at client creation. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "moldau.h"
#include "net/tls.h"
#include "../support/consumer_test.h"
#include "../support/peer_test.h"
#include "../support/tls_server_test.h"
#include "../support/topic_test.h"

#define WHAT "an SSL listener (MOLDAU_KAFKA_SSL_BOOTSTRAP; kafka.sh with MOLDAU_KAFKA_SECURE=1)"

/* 1 when this build has TLS; else a loud skip (make TLS=0: conf_tls checks the refusal). */
static int tls_built(const char *test)
{
    if (moldau__tls_available())
        return 1;
    fprintf(stderr, "\n*** SKIPPED %s: moldau built without TLS (make TLS=0) ***\n", test);
    return 0;
}

/* The listener's address from the environment (kafka.sh), or NULL after reporting it. */
static const char *env_or_missing(const char *test, const char *name)
{
    if (!tls_built(test))
        return NULL;
    const char *v = getenv(name);
    if (v && *v && getenv("MOLDAU_TLS_DIR"))
        return v;
    test_peer_missing(test, WHAT);
    return NULL;
}

#define TEST_NEED_TLS(var, env)                                                                  \
    const char *var = env_or_missing(__func__, env);                                             \
    if (!var)                                                                                    \
    return

/* DIR/name of the certificates certs.sh made (a static buffer per slot). */
static const char *cert(int slot, const char *name)
{
    static char paths[8][512];
    snprintf(paths[slot], sizeof(paths[slot]), "%s/%s", getenv("MOLDAU_TLS_DIR"), name);
    return paths[slot];
}

/* "host:PORT" with the port of the first entry of a bootstrap list. */
static const char *with_host(const char *host, const char *bootstrap, char *buf, size_t size)
{
    const char *colon = strrchr(bootstrap, ':');
    ck_assert_ptr_nonnull(colon);
    int port = atoi(colon + 1);
    snprintf(buf, size, "%s:%d", host, port);
    return buf;
}

/* Produces n records to a new topic over `bootstrap` with the producer settings kv, consumes
 * them back with the consumer settings ckv (NULL: kv): every id in order. */
static void round_trip(const char *plain, const char *bootstrap, const char *const *kv,
                       const char *const *ckv, int n)
{
    char topic[128];
    test_topic_name("tls", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(plain, topic, 1), 0);
    test_produce_ids(bootstrap, topic, 1, 0, n, kv);
    moldau_consumer_t *c = test_consumer_newv(bootstrap, ckv ? ckv : kv, NULL, NULL);
    test_consumer_assign(c, topic, 1, MOLDAU_OFFSET_BEGINNING);
    int next = 0;
    while (next < n) /* the helper polls at most 30,000 records per call */
        test_consume_ids(c, &next, next + 20000 < n ? next + 20000 : n);
    ck_assert_int_eq(next, n);
    moldau_consumer_close(c);
}

START_TEST(round_trip_server_auth)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_TLS(ssl, "MOLDAU_KAFKA_SSL_BOOTSTRAP");
    /* bootstrap by name (SNI, the name verified), then the advertised 127.0.0.1 (the IP
     * address verified) */
    char by_name[128];
    with_host("localhost", ssl, by_name, sizeof(by_name));
    const char *kv[] = {"security.protocol", "SSL", "ssl.truststore.location",
                        cert(0, "ca.pem"), NULL};
    round_trip(plain, by_name, kv, NULL, 200);
}
END_TEST

START_TEST(round_trip_large)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_TLS(ssl, "MOLDAU_KAFKA_SSL_BOOTSTRAP");
    /* requests and responses far larger than a TLS record (16 KiB) and than what one write
     * takes (64 KiB): partial writes, many records per read */
    const char *kv[] = {"security.protocol", "SSL", "ssl.truststore.location", cert(0, "ca.pem"),
                        "batch.size", "1000000", "linger.ms", "50", NULL};
    round_trip(plain, ssl, kv, NULL, 100000);
    /* and through small socket buffers, so that writes block in the middle of a record
     * (OpenSSL's WANT_WRITE, bytes kept for the next write) and reads come in pieces */
    const char *small[] = {"security.protocol", "SSL", "ssl.truststore.location",
                           cert(0, "ca.pem"), "batch.size", "1000000", "linger.ms", "50",
                           "socket.send.buffer.bytes", "4096",
                           "socket.receive.buffer.bytes", "4096", NULL};
    round_trip(plain, ssl, small, NULL, 100000);
}
END_TEST

START_TEST(round_trip_mutual_tls)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_TLS(mtls, "MOLDAU_KAFKA_MTLS_BOOTSTRAP");
    /* the MTLS listener requires a client certificate: a PEM key store (key and chain in one
     * file) for the producer; librdkafka's names with an encrypted key for the consumer */
    const char *kv[] = {"security.protocol", "SSL", "ssl.truststore.location", cert(0, "ca.pem"),
                        "ssl.keystore.location", cert(1, "client-keystore.pem"), NULL};
    const char *ckv[] = {"security.protocol", "SSL",
                         "ssl.ca.location", cert(2, "ca.pem"),
                         "ssl.certificate.location", cert(3, "client.pem"),
                         "ssl.key.location", cert(4, "client-enc.key"),
                         "ssl.key.password", getenv("MOLDAU_TLS_PASSWORD"), NULL};
    round_trip(plain, mtls, kv, ckv, 100);
}
END_TEST

START_TEST(round_trip_pkcs12)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_TLS(mtls, "MOLDAU_KAFKA_MTLS_BOOTSTRAP");
    const char *pw = getenv("MOLDAU_TLS_PASSWORD");
    const char *kv[] = {"security.protocol", "SSL",
                        "ssl.truststore.location", cert(0, "truststore.p12"),
                        "ssl.truststore.type", "PKCS12", "ssl.truststore.password", pw,
                        "ssl.keystore.location", cert(1, "client.p12"),
                        "ssl.keystore.type", "PKCS12", "ssl.keystore.password", pw,
                        "ssl.enabled.protocols", "TLSv1.2", NULL};
    round_trip(plain, mtls, kv, NULL, 50);
}
END_TEST

/* ---- refusals ------------------------------------------------------------------------------ */

typedef struct captured {
    char text[16384]; /* every log line, one a line, after its level: "4 message" */
    size_t len;
    int attempts;     /* broker lines saying it reconnects */
} captured_t;

static void on_log(moldau_client_t *client, int level, const char *facility, const char *message,
                   void *opaque)
{
    (void)client;
    (void)facility;
    captured_t *cap = opaque;
    if (strstr(message, "reconnecting in"))
        cap->attempts++;
    int n = snprintf(cap->text + cap->len, sizeof(cap->text) - cap->len, "%d %s\n", level,
                     message);
    if (n > 0 && cap->len + (size_t)n < sizeof(cap->text))
        cap->len += (size_t)n;
}

/* The end of a long log, for a failure message Check can carry. */
static const char *tail_of(const char *text)
{
    size_t n = strlen(text);
    return n > 2000 ? text + n - 2000 : text;
}

static moldau_conf_t *conf_of(const char *bootstrap, const char *const *kv)
{
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    for (size_t i = 0; kv && kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0,
                      "%s: %s", kv[i], err);
    return conf;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A client of `bootstrap` with kv: its metadata call must fail within a bounded time, the
 * log must give `reason` (at warning level, seen by default, when `warn`), and the broker
 * must have backed off between attempts. */
static void expect_refused_at(const char *bootstrap, const char *const *kv, const char *reason,
                              int warn)
{
    static captured_t cap;
    memset(&cap, 0, sizeof(cap));
    moldau_conf_t *conf = conf_of(bootstrap, kv);
    char err[512];
    ck_assert_int_eq(moldau_conf_set(conf, "debug", "broker", err, sizeof(err)), 0);
    moldau_conf_set_log_cb(conf, on_log);
    moldau_conf_set_opaque(conf, &cap);
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    double t0 = now_s();
    moldau_metadata_t *md = NULL;
    moldau_err_t e = moldau_client_metadata(c, NULL, 0, 3000, &md);
    double took = now_s() - t0;
    ck_assert_msg(e != MOLDAU_ERR_NONE, "metadata came over a connection that should fail");
    ck_assert_msg(took < 10, "took %.1f s", took);
    for (int i = 0; i < 5; i++)
        moldau_client_poll(c, 20); /* the log lines queued for us */
    moldau_client_close(c);
    ck_assert_msg(strstr(cap.text, reason), "no \"%s\" in the log:\n%s", reason,
                  tail_of(cap.text));
    /* backoff, not a busy loop: 3 s at 50 ms doubling to 1 s is about 6 attempts */
    ck_assert_msg(cap.attempts >= 1 && cap.attempts <= 20, "%d attempts:\n%s", cap.attempts,
                  tail_of(cap.text));
    ck_assert_msg(!strstr(cap.text, "moldau-test-pass"), "a password in the log:\n%s",
                  tail_of(cap.text));
    if (warn) { /* a line at warning level or above (the default log.level) gives it */
        int found = 0;
        for (const char *l = cap.text; *l && !found; l = strchr(l, '\n') + 1) {
            const char *end = strchr(l, '\n');
            const char *hit = strstr(l, reason);
            found = l[0] <= '4' && hit && hit < end;
        }
        ck_assert_msg(found, "no warning with \"%s\":\n%s", reason, tail_of(cap.text));
    }
}

static void expect_refused(const char *bootstrap, const char *const *kv, const char *reason)
{
    expect_refused_at(bootstrap, kv, reason, 1);
}

/* The same client must work: the refusal came from what the test changed, not the set-up. */
static void expect_works(const char *bootstrap, const char *const *kv)
{
    moldau_conf_t *conf = conf_of(bootstrap, kv);
    char err[512];
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    moldau_metadata_t *md = NULL;
    moldau_err_t e = moldau_client_metadata(c, NULL, 0, 10000, &md);
    ck_assert_msg(e == MOLDAU_ERR_NONE, "%s", moldau_err_name(e));
    ck_assert_int_ge(md->n_brokers, 1);
    moldau_metadata_destroy(md);
    moldau_client_close(c);
}

START_TEST(unknown_ca_refused)
{
    TEST_NEED_TLS(ssl, "MOLDAU_KAFKA_SSL_BOOTSTRAP");
    const char *kv[] = {"security.protocol", "SSL", "ssl.truststore.location",
                        cert(0, "other-ca.pem"), NULL};
    expect_refused(ssl, kv, "the broker's certificate was refused");
    const char *good[] = {"security.protocol", "SSL", "ssl.truststore.location",
                          cert(1, "ca.pem"), NULL};
    expect_works(ssl, good);
}
END_TEST

START_TEST(system_store_refuses_test_ca)
{
    TEST_NEED_TLS(ssl, "MOLDAU_KAFKA_SSL_BOOTSTRAP");
    /* no trust store given: the system's CAs, which never signed the test CA */
    const char *kv[] = {"security.protocol", "SSL", NULL};
    expect_refused(ssl, kv, "the broker's certificate was refused");
}
END_TEST

START_TEST(host_name_mismatch_refused)
{
    TEST_NEED_TLS(ssl, "MOLDAU_KAFKA_SSL_BOOTSTRAP");
    /* "127.1" is 127.0.0.1 to getaddrinfo but a host name to TLS, and the certificate names
     * only localhost and 127.0.0.1 */
    char other[128];
    with_host("127.1", ssl, other, sizeof(other));
    const char *kv[] = {"security.protocol", "SSL", "ssl.truststore.location",
                        cert(0, "ca.pem"), NULL};
    expect_refused(other, kv, "the broker's certificate is not for \"127.1\"");
    /* with the check off the same address works (the CA is still checked) */
    const char *off[] = {"security.protocol", "SSL", "ssl.truststore.location",
                         cert(0, "ca.pem"), "ssl.endpoint.identification.algorithm", "", NULL};
    expect_works(other, off);
}
END_TEST

START_TEST(client_certificate_required)
{
    TEST_NEED_TLS(mtls, "MOLDAU_KAFKA_MTLS_BOOTSTRAP");
    const char *kv[] = {"security.protocol", "SSL", "ssl.truststore.location",
                        cert(0, "ca.pem"), NULL};
    expect_refused(mtls, kv, "the broker refused this client's certificate, or wants one");
}
END_TEST

START_TEST(plaintext_client_on_tls_port)
{
    TEST_NEED_TLS(ssl, "MOLDAU_KAFKA_SSL_BOOTSTRAP");
    expect_refused(ssl, NULL, "the broker answered with TLS: this is a TLS listener");
}
END_TEST

START_TEST(tls_client_on_plaintext_port)
{
    TEST_NEED_KAFKA(plain);
    TEST_NEED_TLS(ssl, "MOLDAU_KAFKA_SSL_BOOTSTRAP");
    (void)ssl;
    const char *kv[] = {"security.protocol", "SSL", "ssl.truststore.location",
                        cert(0, "ca.pem"), NULL};
    expect_refused(plain, kv, "the broker closed the connection during the TLS handshake");
}
END_TEST

START_TEST(expired_certificate_refused)
{
    /* the broker serves one certificate: an expired one comes from a TLS server of our own */
    TEST_NEED_TLS(ssl, "MOLDAU_KAFKA_SSL_BOOTSTRAP");
    (void)ssl;
    test_tls_server_t *srv = test_tls_server_start(cert(0, "expired.pem"), cert(1, "expired.key"));
    ck_assert_ptr_nonnull(srv);
    char bootstrap[64];
    snprintf(bootstrap, sizeof(bootstrap), "127.0.0.1:%d", test_tls_server_port(srv));
    const char *kv[] = {"security.protocol", "SSL", "ssl.truststore.location",
                        cert(2, "ca.pem"), NULL};
    expect_refused(bootstrap, kv, "certificate has expired");
    ck_assert_int_ge(test_tls_server_accepted(srv), 1);
    test_tls_server_stop(srv);
}
END_TEST

START_TEST(silent_peer_times_out)
{
    /* a listener that never accepts: the kernel completes TCP, nobody answers the ClientHello;
     * the handshake is bounded by socket.connection.setup.timeout.ms. Needs no broker. */
    if (!tls_built(__func__))
        return;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(sa);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, len), 0);
    ck_assert_int_eq(listen(fd, 8), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    char bootstrap[64];
    snprintf(bootstrap, sizeof(bootstrap), "127.0.0.1:%d", ntohs(sa.sin_port));
    const char *kv[] = {"security.protocol", "SSL", "socket.connection.setup.timeout.ms", "500",
                        NULL};
    expect_refused_at(bootstrap, kv, "TLS handshake timed out after 500 ms", 0);
    close(fd);
}
END_TEST

/* Bad material fails moldau_client_new with a sentence naming the property, never the
 * password. */
static void expect_bad_material(const char *const *kv, const char *reason)
{
    moldau_conf_t *conf = conf_of("127.0.0.1:9", kv);
    char err[512] = "";
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c == NULL, "the client was made");
    ck_assert_msg(strstr(err, reason), "no \"%s\" in \"%s\"", reason, err);
    ck_assert_msg(!strstr(err, "moldau-test-pass") && !strstr(err, "wrong-pass"), "%s", err);
}

START_TEST(bad_key_material_refused)
{
    TEST_NEED_TLS(ssl, "MOLDAU_KAFKA_SSL_BOOTSTRAP");
    (void)ssl;
    const char *wrong_pw[] = {"security.protocol", "SSL",
                              "ssl.certificate.location", cert(0, "client.pem"),
                              "ssl.key.location", cert(1, "client-enc.key"),
                              "ssl.key.password", "wrong-pass", NULL};
    expect_bad_material(wrong_pw, "ssl.key.location");
    const char *p12_pw[] = {"security.protocol", "SSL", "ssl.keystore.type", "PKCS12",
                            "ssl.keystore.location", cert(0, "client.p12"),
                            "ssl.keystore.password", "wrong-pass", NULL};
    expect_bad_material(p12_pw, "wrong password");
    const char *missing[] = {"security.protocol", "SSL", "ssl.truststore.location",
                             cert(0, "no-such-file.pem"), NULL};
    expect_bad_material(missing, "ssl.truststore.location: cannot open");
    const char *not_pem[] = {"security.protocol", "SSL", "ssl.truststore.location",
                             cert(0, "client.p12"), NULL};
    expect_bad_material(not_pem, "no PEM certificate");
    const char *mismatch[] = {"security.protocol", "SSL",
                              "ssl.certificate.location", cert(0, "client.pem"),
                              "ssl.key.location", cert(1, "broker.key"), NULL};
    expect_bad_material(mismatch, "does not match");
    const char *half[] = {"security.protocol", "SSL",
                          "ssl.certificate.location", cert(0, "client.pem"), NULL};
    expect_bad_material(half, "without its key");
    const char *proto[] = {"security.protocol", "SSL", "ssl.enabled.protocols", "SSLv3", NULL};
    expect_bad_material(proto, "ssl.enabled.protocols");
    const char *cipher[] = {"security.protocol", "SSL", "ssl.cipher.suites", "NO-SUCH-CIPHER",
                            NULL};
    expect_bad_material(cipher, "ssl.cipher.suites");
}
END_TEST

Suite *moldau_test_tls_kafka_suite(void)
{
    Suite *s = suite_create("tls_kafka");
    TCase *tc = tcase_create("tls");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, round_trip_server_auth);
    tcase_add_test(tc, round_trip_large);
    tcase_add_test(tc, round_trip_mutual_tls);
    tcase_add_test(tc, round_trip_pkcs12);
    tcase_add_test(tc, unknown_ca_refused);
    tcase_add_test(tc, system_store_refuses_test_ca);
    tcase_add_test(tc, host_name_mismatch_refused);
    tcase_add_test(tc, client_certificate_required);
    tcase_add_test(tc, plaintext_client_on_tls_port);
    tcase_add_test(tc, tls_client_on_plaintext_port);
    tcase_add_test(tc, expired_certificate_refused);
    tcase_add_test(tc, silent_peer_times_out);
    tcase_add_test(tc, bad_key_material_refused);
    suite_add_tcase(s, tc);
    return s;
}
