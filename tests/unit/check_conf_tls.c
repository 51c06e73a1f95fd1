/* The TLS and SASL properties at configuration time: refusals with their sentences (SASL, JKS, SSL in
 * a build without TLS), secrets hidden by moldau_conf_get, bad values at client creation. */
#include <check.h>
#include <string.h>

#include "moldau.h"
#include "net/tls.h"

static moldau_err_t set(moldau_conf_t *conf, const char *k, const char *v, char *err, size_t n)
{
    err[0] = '\0';
    return moldau_conf_set(conf, k, v, err, n);
}

/* SASL settings a client cannot start with: each refusal names the property. */
static void client_refused(moldau_conf_t *conf, const char *needle)
{
    char err[256] = "";
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    ck_assert_ptr_null(c);
    ck_assert_msg(strstr(err, needle), "expected \"%s\" in \"%s\"", needle, err);
}

START_TEST(sasl_refused)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[256];
    ck_assert_int_eq(set(conf, "bootstrap.servers", "127.0.0.1:1", err, sizeof(err)), 0);
    ck_assert_int_eq(set(conf, "security.protocol", "sasl_plaintext", err, sizeof(err)), 0);
    client_refused(conf, "GSSAPI (Kerberos, the default) is not supported");
    ck_assert_int_eq(set(conf, "sasl.mechanism", "PLAIN", err, sizeof(err)), 0);
    client_refused(conf, "needs a user name and a password: sasl.username and sasl.password");
    ck_assert_int_eq(set(conf, "sasl.username", "alice", err, sizeof(err)), 0);
    ck_assert_int_eq(set(conf, "sasl.password", "s3cret", err, sizeof(err)), 0);
    ck_assert_int_eq(set(conf, "sasl.jaas.config", "x required;", err, sizeof(err)), 0);
    client_refused(conf, "sasl.mechanism PLAIN takes org.apache.kafka.common.security.plain."
                         "PlainLoginModule, not x");
    ck_assert_int_eq(set(conf, "sasl.mechanism", "KERBEROS", err, sizeof(err)),
                     MOLDAU_ERR__BAD_CONF);
    ck_assert_msg(strstr(err, "PLAIN|SCRAM-SHA-256"), "%s", err);
    /* secrets read back hidden */
    char v[64];
    size_t n = sizeof(v);
    ck_assert_int_eq(moldau_conf_get(conf, "sasl.password", v, &n), 0);
    ck_assert_str_eq(v, "[hidden]");
    n = sizeof(v);
    ck_assert_int_eq(moldau_conf_get(conf, "sasl.jaas.config", v, &n), 0);
    ck_assert_str_eq(v, "[hidden]");
    ck_assert_int_eq(set(conf, "security.protocol", "TLS", err, sizeof(err)),
                     MOLDAU_ERR__BAD_CONF);
    ck_assert_msg(strstr(err, "PLAINTEXT|SSL"), "%s", err);
    moldau_conf_destroy(conf);
}
END_TEST

START_TEST(ssl_needs_a_tls_build)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[256];
    moldau_err_t e = set(conf, "security.protocol", "SSL", err, sizeof(err));
    if (moldau__tls_available()) {
        ck_assert_msg(e == MOLDAU_ERR_NONE, "%s", err);
    } else { /* make TLS=0 */
        ck_assert_int_eq(e, MOLDAU_ERR__BAD_CONF);
        ck_assert_msg(strstr(err, "built without TLS"), "%s", err);
    }
    moldau_conf_destroy(conf);
}
END_TEST

START_TEST(jks_refused)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[256];
    const char *props[] = {"ssl.truststore.type", "ssl.keystore.type"};
    for (size_t i = 0; i < 2; i++) {
        ck_assert_int_eq(set(conf, props[i], "JKS", err, sizeof(err)), MOLDAU_ERR__BAD_CONF);
        ck_assert_msg(strstr(err, props[i]) && strstr(err, "convert it to PKCS#12"), "%s", err);
        ck_assert_int_eq(set(conf, props[i], "BKS", err, sizeof(err)), MOLDAU_ERR__BAD_CONF);
        ck_assert_msg(strstr(err, "not one of PEM, PKCS12"), "%s", err);
        ck_assert_int_eq(set(conf, props[i], "pkcs12", err, sizeof(err)), 0);
        ck_assert_int_eq(set(conf, props[i], "PEM", err, sizeof(err)), 0);
    }
    moldau_conf_destroy(conf);
}
END_TEST

START_TEST(secrets_hidden)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[256], out[256];
    size_t n;
    const char *secret[] = {"ssl.key.password", "ssl.keystore.password",
                            "ssl.truststore.password", "ssl.keystore.key"};
    for (size_t i = 0; i < 4; i++) {
        n = sizeof(out);
        ck_assert_int_eq(moldau_conf_get(conf, secret[i], out, &n), 0);
        ck_assert_str_eq(out, ""); /* not set: nothing to hide */
        ck_assert_int_eq(set(conf, secret[i], "s3cret-value", err, sizeof(err)), 0);
        n = sizeof(out);
        ck_assert_int_eq(moldau_conf_get(conf, secret[i], out, &n), 0);
        ck_assert_str_eq(out, "[hidden]");
    }
    /* a copy hides them too; what is not secret reads back */
    moldau_conf_t *dup = moldau_conf_dup(conf);
    n = sizeof(out);
    ck_assert_int_eq(moldau_conf_get(dup, "ssl.key.password", out, &n), 0);
    ck_assert_str_eq(out, "[hidden]");
    ck_assert_int_eq(set(dup, "ssl.truststore.location", "/etc/ca.pem", err, sizeof(err)), 0);
    n = sizeof(out);
    ck_assert_int_eq(moldau_conf_get(dup, "ssl.truststore.location", out, &n), 0);
    ck_assert_str_eq(out, "/etc/ca.pem");
    n = sizeof(out);
    ck_assert_int_eq(moldau_conf_get(dup, "ssl.endpoint.identification.algorithm", out, &n), 0);
    ck_assert_str_eq(out, "https");
    n = sizeof(out);
    ck_assert_int_eq(moldau_conf_get(dup, "ssl.enabled.protocols", out, &n), 0);
    ck_assert_str_eq(out, "TLSv1.2,TLSv1.3");
    moldau_conf_destroy(dup);
    moldau_conf_destroy(conf);
}
END_TEST

/* Values only the TLS context checks: the client is not made, the sentence names the
 * property. No broker is contacted (port 9, discard). */
static void expect_client_refused(const char *k, const char *v, const char *k2, const char *v2,
                                  const char *reason)
{
    if (!moldau__tls_available())
        return; /* security.protocol=SSL itself is refused, see ssl_needs_a_tls_build */
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    ck_assert_int_eq(set(conf, "bootstrap.servers", "127.0.0.1:9", err, sizeof(err)), 0);
    ck_assert_int_eq(set(conf, "security.protocol", "SSL", err, sizeof(err)), 0);
    ck_assert_int_eq(set(conf, k, v, err, sizeof(err)), 0);
    if (k2)
        ck_assert_int_eq(set(conf, k2, v2, err, sizeof(err)), 0);
    err[0] = '\0';
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c == NULL, "made a client with %s=%s", k, v);
    ck_assert_msg(strstr(err, reason), "no \"%s\" in \"%s\"", reason, err);
}

START_TEST(bad_values_at_client_creation)
{
    expect_client_refused("ssl.endpoint.identification.algorithm", "http", NULL, NULL,
                          "is not https or empty");
    expect_client_refused("ssl.enabled.protocols", "TLSv1.2,SSLv3", NULL, NULL,
                          "ssl.enabled.protocols: \"SSLv3\"");
    expect_client_refused("ssl.cipher.suites", "TLS_NO_SUCH_SUITE", NULL, NULL,
                          "ssl.cipher.suites");
    expect_client_refused("ssl.truststore.certificates", "not a certificate", NULL, NULL,
                          "ssl.truststore.certificates: no PEM certificate");
    expect_client_refused("ssl.keystore.key", "not a key", NULL, NULL,
                          "ssl.keystore.key: cannot read a PEM private key");
    expect_client_refused("ssl.truststore.location", "/a", "ssl.ca.location", "/b",
                          "both set");
    expect_client_refused("ssl.keystore.location", "/no/such/file.pem", NULL, NULL,
                          "ssl.keystore.location: cannot open /no/such/file.pem");
}
END_TEST

Suite *moldau_test_conf_tls_suite(void)
{
    Suite *s = suite_create("conf_tls");
    TCase *tc = tcase_create("conf_tls");
    tcase_add_test(tc, sasl_refused);
    tcase_add_test(tc, ssl_needs_a_tls_build);
    tcase_add_test(tc, jks_refused);
    tcase_add_test(tc, secrets_hidden);
    tcase_add_test(tc, bad_values_at_client_creation);
    suite_add_tcase(s, tc);
    return s;
}
