/* SCRAM's client side against RFC 7677's SCRAM-SHA-256 example, byte for byte, and the
 * refusals of bad server messages. */
#include <check.h>
#include <string.h>

#include "net/sasl_scram.h"
#include "util/base64.h"
#include "util/crypto.h"

#define SERVER_FIRST                                                                            \
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"

static const uint8_t *u(const char *s) { return (const uint8_t *)s; }

static void started(moldau__scram_t *s, const char *user)
{
    moldau_buf_t out;
    moldau_buf_init(&out);
    char err[256];
    ck_assert_int_eq(moldau__scram_start(s, 0, user, "pencil", "rOprNGfwEbeRWgbNEkqO", &out,
                                         err, sizeof(err)), MOLDAU_ERR_NONE);
    moldau_buf_free(&out);
}

START_TEST(rfc7677_example)
{
    if (!moldau__crypto_available())
        return; /* make TLS=0: conf_tls checks the refusal */
    moldau__scram_t s;
    moldau_buf_t out;
    moldau_buf_init(&out);
    char err[256];
    ck_assert_int_eq(moldau__scram_start(&s, 0, "user", "pencil", "rOprNGfwEbeRWgbNEkqO", &out,
                                         err, sizeof(err)), MOLDAU_ERR_NONE);
    ck_assert_int_eq((int)out.len, (int)strlen("n,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
    ck_assert(!memcmp(out.data, "n,,n=user,r=rOprNGfwEbeRWgbNEkqO", out.len));
    moldau_buf_reset(&out);
    ck_assert_int_eq(moldau__scram_final(&s, u(SERVER_FIRST), strlen(SERVER_FIRST), &out, err,
                                         sizeof(err)), MOLDAU_ERR_NONE);
    const char *want = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                       "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    ck_assert_int_eq((int)out.len, (int)strlen(want));
    ck_assert(!memcmp(out.data, want, out.len));
    const char *bad = "v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    ck_assert_int_eq(moldau__scram_verify(&s, u(bad), strlen(bad), err, sizeof(err)),
                     MOLDAU_ERR_SASL_AUTHENTICATION_FAILED);
    const char *good = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    ck_assert_int_eq(moldau__scram_verify(&s, u(good), strlen(good), err, sizeof(err)),
                     MOLDAU_ERR_NONE);
    const char *e = "e=invalid-proof";
    ck_assert_int_eq(moldau__scram_verify(&s, u(e), strlen(e), err, sizeof(err)),
                     MOLDAU_ERR_SASL_AUTHENTICATION_FAILED);
    ck_assert_msg(strstr(err, "invalid-proof") && !strstr(err, "pencil"), "%s", err);
    moldau__scram_free(&s);
    moldau_buf_free(&out);
}
END_TEST

START_TEST(user_name_escaped)
{
    if (!moldau__crypto_available())
        return;
    moldau__scram_t s;
    moldau_buf_t out;
    moldau_buf_init(&out);
    char err[256];
    ck_assert_int_eq(moldau__scram_start(&s, 1, "a,b=c", "pw", "N", &out, err, sizeof(err)),
                     MOLDAU_ERR_NONE);
    const char *want = "n,,n=a=2Cb=3Dc,r=N";
    ck_assert_int_eq((int)out.len, (int)strlen(want));
    ck_assert(!memcmp(out.data, want, out.len));
    moldau__scram_free(&s);
    moldau_buf_free(&out);
}
END_TEST

START_TEST(bad_server_first_refused)
{
    if (!moldau__crypto_available())
        return;
    static const struct {
        const char *msg;
        moldau_err_t err;
    } cases[] = {
        {"r=XXXX,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", MOLDAU_ERR_SASL_AUTHENTICATION_FAILED},
        {"r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
         MOLDAU_ERR_SASL_AUTHENTICATION_FAILED}, /* not longer than ours */
        {"r=rOprNGfwEbeRWgbNEkqOx,s=W22Z*J0SNY7soEsUEjb6gQ==,i=4096", MOLDAU_ERR__BAD_MSG},
        {"r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==", MOLDAU_ERR__BAD_MSG},
        {"r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
         MOLDAU_ERR_SASL_AUTHENTICATION_FAILED},
        {"r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999",
         MOLDAU_ERR_SASL_AUTHENTICATION_FAILED},
        {"m=ext,r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
         MOLDAU_ERR_SASL_AUTHENTICATION_FAILED},
        {"", MOLDAU_ERR__BAD_MSG},
        {"r", MOLDAU_ERR__BAD_MSG},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        moldau__scram_t s;
        started(&s, "user");
        moldau_buf_t out;
        moldau_buf_init(&out);
        char err[256] = "";
        moldau_err_t e = moldau__scram_final(&s, u(cases[i].msg), strlen(cases[i].msg), &out,
                                             err, sizeof(err));
        ck_assert_msg(e == cases[i].err, "case %zu: %s (%s)", i, moldau_err_name(e), err);
        ck_assert_msg(err[0] && !strstr(err, "pencil"), "case %zu: %s", i, err);
        moldau__scram_free(&s);
        moldau_buf_free(&out);
    }
}
END_TEST

START_TEST(base64_strict)
{
    uint8_t out[16];
    char enc[32];
    ck_assert_int_eq((int)moldau__base64_encode(u("ab"), 2, enc), 4);
    ck_assert_str_eq(enc, "YWI=");
    ck_assert_int_eq(moldau__base64_decode("YWI=", 4, out), 2);
    ck_assert(!memcmp(out, "ab", 2));
    ck_assert_int_eq(moldau__base64_decode("YWJ=", 4, out), -1); /* bits under the padding */
    ck_assert_int_eq(moldau__base64_decode("YW=I", 4, out), -1);
    ck_assert_int_eq(moldau__base64_decode("YWI", 3, out), -1);
    ck_assert_int_eq(moldau__base64_decode("", 0, out), 0);
}
END_TEST

Suite *moldau_test_sasl_scram_suite(void)
{
    Suite *s = suite_create("sasl_scram");
    TCase *tc = tcase_create("scram");
    tcase_add_test(tc, rfc7677_example);
    tcase_add_test(tc, user_name_escaped);
    tcase_add_test(tc, bad_server_first_refused);
    tcase_add_test(tc, base64_strict);
    suite_add_tcase(s, tc);
    return s;
}
