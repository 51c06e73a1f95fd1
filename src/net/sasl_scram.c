/* SCRAM's client messages and proofs (see sasl_scram.h). */
#include "net/sasl_scram.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/base64.h"
#include "util/crypto.h"

static moldau_err_t fail(moldau_err_t err, char *errstr, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static moldau_err_t fail(moldau_err_t err, char *errstr, size_t size, const char *fmt, ...)
{
    if (errstr && size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(errstr, size, fmt, ap);
        va_end(ap);
    }
    return err;
}

/* RFC 5802 saslname: ',' and '=' escaped as =2C and =3D. */
static void put_saslname(moldau_buf_t *w, const char *user)
{
    for (const char *p = user; *p; p++) {
        if (*p == ',')
            moldau_buf_put(w, "=2C", 3);
        else if (*p == '=')
            moldau_buf_put(w, "=3D", 3);
        else
            moldau_buf_put(w, p, 1);
    }
}

moldau_err_t moldau__scram_start(moldau__scram_t *s, int sha512, const char *user,
                                 const char *password, const char *nonce, moldau_buf_t *out,
                                 char *errstr, size_t errstr_size)
{
    memset(s, 0, sizeof(*s));
    s->sha512 = sha512;
    if (!moldau__crypto_available())
        return fail(MOLDAU_ERR__UNSUPPORTED_FEATURE, errstr, errstr_size,
                    "SCRAM needs a build with OpenSSL (libcrypto)");
    char random[MOLDAU__BASE64_LEN(32) + 1];
    if (!nonce) {
        uint8_t raw[32];
        if (moldau__crypto_random(raw, sizeof(raw)))
            return fail(MOLDAU_ERR__STATE, errstr, errstr_size, "no random bytes for a nonce");
        moldau__base64_encode(raw, sizeof(raw), random);
        nonce = random;
    }
    moldau_buf_t bare;
    moldau_buf_init(&bare);
    moldau_buf_put(&bare, "n=", 2);
    put_saslname(&bare, user);
    moldau_buf_put(&bare, ",r=", 3);
    moldau_buf_put(&bare, nonce, strlen(nonce));
    moldau_buf_put(&bare, "", 1);
    s->password = strdup(password);
    if (bare.failed || !s->password) {
        moldau_buf_free(&bare);
        moldau__scram_free(s);
        return fail(MOLDAU_ERR__NO_MEMORY, errstr, errstr_size, "out of memory");
    }
    s->first_bare = (char *)bare.data; /* NUL-terminated above */
    s->nonce_len = strlen(nonce);
    moldau_buf_put(out, "n,,", 3);
    moldau_buf_put(out, s->first_bare, strlen(s->first_bare));
    return out->failed ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
}

moldau_err_t moldau__scram_parse_server_first(const uint8_t *msg, size_t len,
                                              moldau__scram_server_first_t *out, char *errstr,
                                              size_t errstr_size)
{
    memset(out, 0, sizeof(*out));
    out->iterations = -1;
    const char *p = (const char *)msg, *end = p + len;
    int index = 0;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *attr_end = comma ? comma : end;
        if (attr_end - p < 2 || p[1] != '=')
            return fail(MOLDAU_ERR__BAD_MSG, errstr, errstr_size,
                        "malformed SCRAM server-first message (attribute %d)", index);
        const char *v = p + 2;
        size_t vlen = (size_t)(attr_end - v);
        if (memchr(v, '\0', vlen))
            return fail(MOLDAU_ERR__BAD_MSG, errstr, errstr_size,
                        "malformed SCRAM server-first message (a NUL byte)");
        if (index == 0 && p[0] == 'm')
            return fail(MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, errstr, errstr_size,
                        "the server requires a SCRAM extension moldau does not know");
        if (index == 0 && p[0] == 'r') {
            out->nonce = v;
            out->nonce_len = vlen;
        } else if (index == 1 && p[0] == 's') {
            out->salt = v;
            out->salt_len = vlen;
        } else if (index == 2 && p[0] == 'i') {
            int64_t it = 0;
            for (size_t i = 0; i < vlen; i++) {
                if (v[i] < '0' || v[i] > '9' || it > 100000000)
                    return fail(MOLDAU_ERR__BAD_MSG, errstr, errstr_size,
                                "SCRAM iteration count is not a number");
                it = it * 10 + (v[i] - '0');
            }
            out->iterations = vlen ? it : -1;
        } else if (index < 3) {
            return fail(MOLDAU_ERR__BAD_MSG, errstr, errstr_size,
                        "SCRAM server-first message: attribute %d is '%c', not '%c'", index,
                        p[0] >= 0x21 && p[0] < 0x7f ? p[0] : '?', "rsi"[index]);
        } /* later attributes are extensions: ignored */
        index++;
        p = comma ? comma + 1 : end;
    }
    if (!out->nonce || !out->salt || out->iterations < 0)
        return fail(MOLDAU_ERR__BAD_MSG, errstr, errstr_size,
                    "SCRAM server-first message lacks r=, s= or i=");
    return MOLDAU_ERR_NONE;
}

static moldau_err_t hmac(const moldau__scram_t *s, const uint8_t *key, size_t klen,
                         const void *data, size_t len, uint8_t *out)
{
    size_t n;
    return moldau__crypto_hmac(s->sha512, key, klen, data, len, out, &n);
}

moldau_err_t moldau__scram_final(moldau__scram_t *s, const uint8_t *msg, size_t len,
                                 moldau_buf_t *out, char *errstr, size_t errstr_size)
{
    moldau__scram_server_first_t sf;
    moldau_err_t err = moldau__scram_parse_server_first(msg, len, &sf, errstr, errstr_size);
    if (err)
        return err;
    const char *ours = s->first_bare + strlen(s->first_bare) - s->nonce_len;
    if (sf.nonce_len <= s->nonce_len || memcmp(sf.nonce, ours, s->nonce_len))
        return fail(MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, errstr, errstr_size,
                    "the server's SCRAM nonce does not extend ours");
    if (sf.iterations < MOLDAU__SCRAM_MIN_ITERATIONS || sf.iterations > MOLDAU__SCRAM_MAX_ITERATIONS)
        return fail(MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, errstr, errstr_size,
                    "the server asks for %lld SCRAM iterations, outside %d..%d",
                    (long long)sf.iterations, MOLDAU__SCRAM_MIN_ITERATIONS,
                    MOLDAU__SCRAM_MAX_ITERATIONS);
    uint8_t salt[256];
    long salt_len = sf.salt_len <= sizeof(salt) / 3 * 4
                        ? moldau__base64_decode(sf.salt, sf.salt_len, salt)
                        : -1;
    if (salt_len <= 0)
        return fail(MOLDAU_ERR__BAD_MSG, errstr, errstr_size,
                    "the server's SCRAM salt is not base64 (or longer than 192 bytes)");
    uint8_t salted[64], client_key[64], stored[64], client_sig[64], server_key[64];
    size_t hlen = 0;
    moldau_buf_t auth;
    moldau_buf_init(&auth);
    moldau_buf_t without_proof;
    moldau_buf_init(&without_proof);
    moldau_buf_put(&without_proof, "c=biws,r=", 9);
    moldau_buf_put(&without_proof, sf.nonce, sf.nonce_len);
    moldau_buf_put(&auth, s->first_bare, strlen(s->first_bare));
    moldau_buf_put(&auth, ",", 1);
    moldau_buf_put(&auth, msg, len);
    moldau_buf_put(&auth, ",", 1);
    moldau_buf_put(&auth, without_proof.data, without_proof.len);
    err = auth.failed || without_proof.failed ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
    if (!err)
        err = moldau__crypto_pbkdf2(s->sha512, s->password, salt, (size_t)salt_len,
                                    (int)sf.iterations, salted, &hlen);
    if (!err)
        err = hmac(s, salted, hlen, "Client Key", 10, client_key);
    size_t n;
    if (!err)
        err = moldau__crypto_hash(s->sha512, client_key, hlen, stored, &n);
    if (!err)
        err = hmac(s, stored, hlen, auth.data, auth.len, client_sig);
    if (!err)
        err = hmac(s, salted, hlen, "Server Key", 10, server_key);
    if (!err)
        err = hmac(s, server_key, hlen, auth.data, auth.len, s->server_signature);
    if (!err) {
        s->signature_len = hlen;
        for (size_t i = 0; i < hlen; i++)
            client_key[i] ^= client_sig[i]; /* the proof */
        char proof[MOLDAU__BASE64_LEN(64) + 1];
        moldau__base64_encode(client_key, hlen, proof);
        moldau_buf_put(out, without_proof.data, without_proof.len);
        moldau_buf_put(out, ",p=", 3);
        moldau_buf_put(out, proof, strlen(proof));
        if (out->failed)
            err = MOLDAU_ERR__NO_MEMORY;
    }
    explicit_bzero(salted, sizeof(salted));
    explicit_bzero(client_key, sizeof(client_key));
    explicit_bzero(stored, sizeof(stored));
    explicit_bzero(server_key, sizeof(server_key));
    moldau_buf_free(&auth);
    moldau_buf_free(&without_proof);
    if (err)
        return fail(err, errstr, errstr_size, "SCRAM proof: %s", moldau_err_name(err));
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__scram_verify(moldau__scram_t *s, const uint8_t *msg, size_t len,
                                  char *errstr, size_t errstr_size)
{
    const char *p = (const char *)msg;
    if (len >= 2 && p[0] == 'e' && p[1] == '=') {
        size_t n = len - 2;
        for (size_t i = 0; i < n; i++)
            if (p[2 + i] < 0x20 || p[2 + i] > 0x7e || p[2 + i] == ',')
                n = i;
        return fail(MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, errstr, errstr_size,
                    "the server refused: %.*s", (int)(n > 100 ? 100 : n), p + 2);
    }
    if (len < 2 || p[0] != 'v' || p[1] != '=' || !s->signature_len)
        return fail(MOLDAU_ERR__BAD_MSG, errstr, errstr_size,
                    "malformed SCRAM server-final message");
    const char *v = p + 2;
    size_t vlen = len - 2;
    const char *comma = memchr(v, ',', vlen); /* extensions after it are ignored */
    if (comma)
        vlen = (size_t)(comma - v);
    uint8_t sig[64];
    long n = vlen <= MOLDAU__BASE64_LEN(64) ? moldau__base64_decode(v, vlen, sig) : -1;
    unsigned diff = n == (long)s->signature_len ? 0 : 1;
    if (!diff) /* every byte, wherever the first difference is */
        for (size_t i = 0; i < s->signature_len; i++)
            diff |= sig[i] ^ s->server_signature[i];
    if (diff)
        return fail(MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, errstr, errstr_size,
                    "the server's SCRAM signature is wrong: it does not know our credentials");
    return MOLDAU_ERR_NONE;
}

void moldau__scram_free(moldau__scram_t *s)
{
    if (s->password) {
        explicit_bzero(s->password, strlen(s->password));
        free(s->password);
    }
    free(s->first_bare);
    explicit_bzero(s, sizeof(*s));
}
