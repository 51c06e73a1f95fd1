/* OAUTHBEARER's pieces without a broker: the client's first message byte for byte, token and
 * extension checks (RFC 6750, 7628), the server's error challenge, the JSON reader under it,
 * unsecured JWTs from librdkafka's and the Java client's spellings (decoded and read back),
 * sasl.jaas.config's syntax, and the refusals at client creation and of the public calls. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/oauthbearer_jwt.h"
#include "client/sasl_jaas.h"
#include "moldau.h"
#include "net/sasl_oauthbearer.h"
#include "util/base64.h"
#include "util/json.h"

START_TEST(client_first_message)
{
    moldau__sasl_tokens_t t;
    moldau__sasl_tokens_init(&t);
    const char *ext[] = {"traceId", "abc 1", "logicalCluster", "lkc-1"};
    ck_assert_int_eq(moldau__sasl_tokens_set(&t, "h.p.", 1, "alice", ext, 4), 0);
    moldau_buf_t out;
    moldau_buf_init(&out);
    ck_assert_int_eq(moldau__oauthbearer_client_first(&t, &out), 0);
    static const char want[] = "n,,\x01" "auth=Bearer h.p.\x01" "traceId=abc 1\x01"
                               "logicalCluster=lkc-1\x01\x01";
    ck_assert_uint_eq(out.len, sizeof(want) - 1);
    ck_assert(memcmp(out.data, want, out.len) == 0);
    moldau_buf_free(&out);
    moldau__sasl_tokens_free(&t);
}
END_TEST

START_TEST(token_and_extension_checks)
{
    ck_assert(moldau__oauthbearer_token_valid("eyJh.eyJz.sig-_~+/=="));
    ck_assert(!moldau__oauthbearer_token_valid(""));
    ck_assert(!moldau__oauthbearer_token_valid("a b"));
    ck_assert(!moldau__oauthbearer_token_valid("a=b"));
    ck_assert(!moldau__oauthbearer_token_valid("=="));
    ck_assert(moldau__oauthbearer_ext_key_valid("traceId"));
    ck_assert(!moldau__oauthbearer_ext_key_valid("auth"));
    ck_assert(!moldau__oauthbearer_ext_key_valid("trace_id"));
    ck_assert(!moldau__oauthbearer_ext_key_valid(""));
    ck_assert(moldau__oauthbearer_ext_value_valid("a b\tc"));
    ck_assert(!moldau__oauthbearer_ext_value_valid("a\x01"));
    ck_assert(!moldau__oauthbearer_ext_value_valid(""));
    char err[256];
    const char *odd[] = {"k"};
    ck_assert_int_eq(moldau__oauthbearer_check("secret token", NULL, 0, err, sizeof(err)), -1);
    ck_assert_msg(!strstr(err, "secret"), "the token is in the error: %s", err);
    ck_assert_int_eq(moldau__oauthbearer_check("t", odd, 1, err, sizeof(err)), -1);
    ck_assert_msg(strstr(err, "pairs"), "%s", err);
    const char *bad[] = {"auth", "x"};
    ck_assert_int_eq(moldau__oauthbearer_check("t", bad, 2, err, sizeof(err)), -1);
    ck_assert_msg(strstr(err, "\"auth\""), "%s", err);
}
END_TEST

START_TEST(server_error_challenge)
{
    char why[256];
    const char *e = "{\"status\":\"invalid_token\",\"scope\":\"a b\",\"extra\":{\"n\":[1,2.5e3,"
                    "true,null]},\"openid-configuration\":\"https://x/.well-known\"}";
    ck_assert_int_eq(moldau__oauthbearer_server_error((const uint8_t *)e, strlen(e), why,
                                                      sizeof(why)), 0);
    ck_assert_str_eq(why, "status \"invalid_token\", scope \"a b\", openid-configuration "
                          "\"https://x/.well-known\"");
    const char *bad[] = {"", "{", "{\"status\":}", "{\"scope\":\"x\"}", "[\"status\"]",
                         "{\"status\":\"x\"} trailing", "{\"status\":\"x\",}",
                         "{\"status\":\"\\q\"}", "{\"n\":01,\"status\":\"x\"}"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(moldau__oauthbearer_server_error((const uint8_t *)bad[i], strlen(bad[i]),
                                                       why, sizeof(why)) == -1, "%s", bad[i]);
}
END_TEST

static void count_member(const char *k, const char *v, void *op)
{
    (void)k, (void)v;
    (*(int *)op)++;
}

START_TEST(json_depth_and_escapes)
{
    char deep[200];
    size_t n = 0;
    deep[n++] = '{';
    memcpy(deep + n, "\"a\":", 4), n += 4;
    for (int i = 0; i < 40; i++)
        deep[n++] = '[';
    for (int i = 0; i < 40; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    int calls = 0;
    ck_assert_int_eq(moldau__json_object_strings(deep, n, count_member, &calls), -1);
    const char *esc = "{\"k\":\"a\\\"b\\u00e9\\n\"}";
    char got[64] = "";
    calls = 0;
    ck_assert_int_eq(moldau__json_object_strings(esc, strlen(esc), count_member, &calls), 0);
    ck_assert_int_eq(calls, 1);
    (void)got;
}
END_TEST

/* The JWT's payload, decoded (base64url without padding made base64 for the strict decoder). */
static void payload_of(const char *jwt, char *out, size_t size)
{
    const char *p = strchr(jwt, '.');
    ck_assert_ptr_nonnull(p);
    const char *q = strchr(p + 1, '.');
    ck_assert_ptr_nonnull(q);
    ck_assert_str_eq(q, "."); /* no signature */
    char b64[1024];
    size_t n = 0;
    for (const char *c = p + 1; c < q && n < sizeof(b64) - 4; c++)
        b64[n++] = *c == '-' ? '+' : *c == '_' ? '/' : *c;
    while (n % 4)
        b64[n++] = '=';
    long len = moldau__base64_decode(b64, n, (uint8_t *)out);
    ck_assert_int_gt(len, 0);
    ck_assert_uint_lt((size_t)len, size);
    out[len] = 0;
    ck_assert(!strncmp(jwt, "eyJhbGciOiJub25lIn0.", 20)); /* {"alg":"none"} */
}

START_TEST(unsecured_jwt_from_librdkafka_config)
{
    moldau__unsecured_jwt_t j;
    char err[256], payload[512];
    ck_assert_int_eq(moldau__unsecured_jwt_from_config(
                         "principal=ali\"ce scope=read,write lifeSeconds=60 extension_traceId=t1",
                         &j, err, sizeof(err)), 0);
    int64_t expiry;
    const char *principal;
    char *jwt = moldau__unsecured_jwt_build(&j, 1700000000123, &expiry, &principal);
    ck_assert_ptr_nonnull(jwt);
    ck_assert_int_eq(expiry, 1700000060000);
    ck_assert_str_eq(principal, "ali\"ce");
    ck_assert(moldau__oauthbearer_token_valid(jwt));
    payload_of(jwt, payload, sizeof(payload));
    ck_assert_str_eq(payload, "{\"iat\":1700000000,\"exp\":1700000060,\"sub\":\"ali\\\"ce\","
                              "\"scope\":[\"read\",\"write\"]}");
    ck_assert_uint_eq(j.n_extensions, 2);
    ck_assert_str_eq(j.extensions[0], "traceId");
    free(jwt);
    moldau__unsecured_jwt_free(&j);
    const char *bad[][2] = {
        {"scope=x", "the principal (claim \"sub\") is required"},
        {"principal=a lifeSeconds=0", "lifeSeconds"},
        {"principal=a lifeSeconds=1e3", "lifeSeconds"},
        {"principal=a colour=red", "unknown name \"colour\""},
        {"principal=a extension_auth=x", "\"auth\""},
        {"principal=a junk", "expected name=value"},
        {"principalClaimName=who principal=a", NULL},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int rc = moldau__unsecured_jwt_from_config(bad[i][0], &j, err, sizeof(err));
        if (!bad[i][1]) {
            ck_assert_msg(rc == 0, "%s: %s", bad[i][0], err);
            ck_assert_str_eq(j.principal_claim, "who");
        } else {
            ck_assert_msg(rc == -1 && strstr(err, bad[i][1]), "%s: %s", bad[i][0], err);
        }
        moldau__unsecured_jwt_free(&j);
    }
}
END_TEST

START_TEST(jaas_syntax)
{
    moldau__jaas_t j;
    char err[256];
    ck_assert_int_eq(moldau__jaas_parse(
                         " org.apache.kafka.common.security.plain.PlainLoginModule required\n"
                         "  username=\"al ice\" password='p\\'w;\"=' serviceName=kafka ;  ",
                         &j, err, sizeof(err)), 0);
    ck_assert_str_eq(j.module, "org.apache.kafka.common.security.plain.PlainLoginModule");
    ck_assert_str_eq(moldau__jaas_get(&j, "username"), "al ice");
    ck_assert_str_eq(moldau__jaas_get(&j, "password"), "p'w;\"=");
    ck_assert_str_eq(moldau__jaas_get(&j, "serviceName"), "kafka");
    ck_assert_ptr_null(moldau__jaas_get(&j, "nothing"));
    moldau__jaas_free(&j);
    const char *bad[][2] = {
        {"", "class name"},
        {"M", "required, requisite"},
        {"M mandatory ;", "required, requisite"},
        {"M required password=\"s3cr3t-value", "quote does not end"},
        {"M required password=\"s3cr3t-value\"", "expected key=value or ';'"},
        {"M required x=1; N required;", "exactly one login module"},
        {"M required =1;", "expected key=value"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(moldau__jaas_parse(bad[i][0], &j, err, sizeof(err)) == -1 &&
                          strstr(err, bad[i][1]), "%s: %s", bad[i][0], err);
        ck_assert_msg(!strstr(err, "s3cr3t"), "a value is in the error: %s", err);
        moldau__jaas_free(&j);
    }
}
END_TEST

START_TEST(unsecured_jwt_from_jaas)
{
    moldau__jaas_t jaas;
    moldau__unsecured_jwt_t j;
    char err[256], payload[512];
    ck_assert_int_eq(moldau__jaas_parse(
                         "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule "
                         "required unsecuredLoginStringClaim_sub=\"bob\" "
                         "unsecuredLoginListClaim_roles=\"|r1|r2\" "
                         "unsecuredLoginNumberClaim_level=\"-2.5\" "
                         "unsecuredLoginLifetimeSeconds=\"30\" "
                         "unsecuredLoginExtension_traceId=\"x\";",
                         &jaas, err, sizeof(err)), 0);
    ck_assert_msg(moldau__unsecured_jwt_from_jaas(&jaas, &j, err, sizeof(err)) == 0, "%s", err);
    int64_t expiry;
    const char *principal;
    char *jwt = moldau__unsecured_jwt_build(&j, 1000000, &expiry, &principal);
    ck_assert_int_eq(expiry, 1030000);
    ck_assert_str_eq(principal, "bob");
    payload_of(jwt, payload, sizeof(payload));
    ck_assert_str_eq(payload, "{\"iat\":1000,\"exp\":1030,\"sub\":\"bob\",\"roles\":[\"r1\","
                              "\"r2\"],\"level\":-2.5}");
    free(jwt);
    moldau__unsecured_jwt_free(&j);
    moldau__jaas_free(&jaas);
    const char *bad[][2] = {
        {"M required unsecuredLoginStringClaim_name=\"x\";", "the principal (claim \"sub\")"},
        {"M required unsecuredLoginStringClaim_sub=a unsecuredLoginNumberClaim_n=\"1x\";",
         "not a number"},
        {"M required unsecuredLoginStringClaim_sub=a unsecuredLoginLifetimeSeconds=\"-1\";",
         "unsecuredLoginLifetimeSeconds"},
        {"M required unsecuredLoginPrincipalClaimName=who unsecuredLoginStringClaim_sub=a;",
         "claim \"who\""},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_int_eq(moldau__jaas_parse(bad[i][0], &jaas, err, sizeof(err)), 0);
        ck_assert_msg(moldau__unsecured_jwt_from_jaas(&jaas, &j, err, sizeof(err)) == -1 &&
                          strstr(err, bad[i][1]), "%s: %s", bad[i][0], err);
        moldau__unsecured_jwt_free(&j);
        moldau__jaas_free(&jaas);
    }
}
END_TEST

static moldau_conf_t *sasl_conf(const char *const *kv)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[256];
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", "127.0.0.1:1", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "security.protocol", "SASL_PLAINTEXT", err, sizeof(err)), 0);
    for (size_t i = 0; kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s", err);
    return conf;
}

static void refused(moldau_conf_t *conf, const char *needle)
{
    char err[512] = "";
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    ck_assert_ptr_null(c);
    ck_assert_msg(strstr(err, needle), "expected \"%s\" in \"%s\"", needle, err);
    ck_assert_msg(!strstr(err, "s3cr3t"), "a secret is in the error: %s", err);
}

static void refused_with(const char *const *kv, const char *needle)
{
    moldau_conf_t *conf = sasl_conf(kv);
    refused(conf, needle);
    moldau_conf_destroy(conf);
}

static void on_refresh(moldau_client_t *c, const char *config, void *op)
{
    (void)c, (void)config, (void)op;
}

START_TEST(refusals_at_client_creation)
{
    const char *none[] = {"sasl.mechanism", "OAUTHBEARER", NULL};
    moldau_conf_t *conf = sasl_conf(none);
    refused(conf, "needs tokens: set a token refresh callback");
    moldau_conf_set_oauthbearer_token_refresh_cb(conf, on_refresh);
    char err[256];
    ck_assert_int_eq(moldau_conf_set(conf, "enable.sasl.oauthbearer.unsecure.jwt", "true", err,
                                     sizeof(err)), 0);
    refused(conf, "exclude each other");
    moldau_conf_destroy(conf);
    const char *noprincipal[] = {"sasl.mechanism", "OAUTHBEARER",
                                 "enable.sasl.oauthbearer.unsecure.jwt", "true",
                                 "sasl.oauthbearer.config", "scope=x", NULL};
    refused_with(noprincipal, "sasl.oauthbearer.config: the principal");
    const char *wrong_module[] = {"sasl.mechanism", "SCRAM-SHA-256", "sasl.jaas.config",
                                  "org.apache.kafka.common.security.plain.PlainLoginModule "
                                  "required username=a password=s3cr3t;", NULL};
    refused_with(wrong_module, "takes org.apache.kafka.common.security.scram.ScramLoginModule");
    const char *both[] = {"sasl.mechanism", "PLAIN", "sasl.username", "a", "sasl.jaas.config",
                          "org.apache.kafka.common.security.plain.PlainLoginModule "
                          "required username=a password=s3cr3t;", NULL};
    refused_with(both, "both set");
    const char *no_password[] = {"sasl.mechanism", "PLAIN", "sasl.jaas.config",
                                 "org.apache.kafka.common.security.plain.PlainLoginModule "
                                 "required username=a;", NULL};
    refused_with(no_password, "needs a user name and a password");
    /* the Java spelling that works; its password is hidden when read back */
    const char *jaas[] = {"sasl.mechanism", "PLAIN", "sasl.jaas.config",
                          "org.apache.kafka.common.security.plain.PlainLoginModule "
                          "required username=a password=s3cr3t;", NULL};
    conf = sasl_conf(jaas);
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    ck_assert_msg(c != NULL, "%s", err);
    moldau_client_close(c);
    char v[64];
    size_t n = sizeof(v);
    ck_assert_int_eq(moldau_conf_get(conf, "sasl.jaas.config", v, &n), 0);
    ck_assert_str_eq(v, "[hidden]");
    moldau_conf_destroy(conf);
}
END_TEST

START_TEST(set_token_refusals)
{
    char err[256];
    /* a client without OAUTHBEARER */
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", "127.0.0.1:1", err, sizeof(err)), 0);
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(moldau_oauthbearer_set_token(c, "t", INT64_MAX, "a", NULL, 0, err,
                                                  sizeof(err)), MOLDAU_ERR__STATE);
    ck_assert_msg(strstr(err, "does not use sasl.mechanism=OAUTHBEARER"), "%s", err);
    ck_assert_int_eq(moldau_oauthbearer_set_token_failure(c, "x"), MOLDAU_ERR__STATE);
    moldau_client_close(c);
    moldau_conf_destroy(conf);
    /* one with the application's tokens */
    const char *kv[] = {"sasl.mechanism", "OAUTHBEARER", NULL};
    conf = sasl_conf(kv);
    moldau_conf_set_oauthbearer_token_refresh_cb(conf, on_refresh);
    c = moldau_client_new(conf, err, sizeof(err));
    ck_assert_msg(c != NULL, "%s", err);
    int64_t later = (int64_t)time(NULL) * 1000 + 60000;
    ck_assert_int_eq(moldau_oauthbearer_set_token(c, "not a token", later, "a", NULL, 0, err,
                                                  sizeof(err)), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_oauthbearer_set_token(c, "t.t.", 1000, "a", NULL, 0, err,
                                                  sizeof(err)), MOLDAU_ERR__INVALID_ARG);
    ck_assert_msg(strstr(err, "not in the future"), "%s", err);
    const char *ext[] = {"bad key", "v"};
    ck_assert_int_eq(moldau_oauthbearer_set_token(c, "t.t.", later, "a", ext, 2, err,
                                                  sizeof(err)), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_oauthbearer_set_token(c, "t.t.", later, "a", NULL, 0, err,
                                                  sizeof(err)), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_oauthbearer_set_token_failure(c, ""), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_oauthbearer_set_token_failure(c, "down"), MOLDAU_ERR_NONE);
    moldau_client_close(c);
    moldau_conf_destroy(conf);
}
END_TEST

Suite *moldau_test_sasl_oauthbearer_suite(void)
{
    Suite *s = suite_create("sasl_oauthbearer");
    TCase *tc = tcase_create("oauthbearer");
    tcase_add_test(tc, client_first_message);
    tcase_add_test(tc, token_and_extension_checks);
    tcase_add_test(tc, server_error_challenge);
    tcase_add_test(tc, json_depth_and_escapes);
    tcase_add_test(tc, unsecured_jwt_from_librdkafka_config);
    tcase_add_test(tc, jaas_syntax);
    tcase_add_test(tc, unsecured_jwt_from_jaas);
    tcase_add_test(tc, refusals_at_client_creation);
    tcase_add_test(tc, set_token_refusals);
    suite_add_tcase(s, tc);
    return s;
}
