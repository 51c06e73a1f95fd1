/* SASL mechanisms' side of an exchange, and the OAUTHBEARER token store (see sasl.h). */
#include "net/sasl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/sasl_oauthbearer.h"
#include "net/sasl_scram.h"
#include "util/clock.h"
#include "util/errstr.h"

const char *moldau__sasl_mech_name(moldau__sasl_mech_t m)
{
    switch (m) {
    case MOLDAU__SASL_PLAIN: return "PLAIN";
    case MOLDAU__SASL_SCRAM_SHA_256: return "SCRAM-SHA-256";
    case MOLDAU__SASL_SCRAM_SHA_512: return "SCRAM-SHA-512";
    case MOLDAU__SASL_OAUTHBEARER: return "OAUTHBEARER";
    default: return "NONE";
    }
}

static void wipe_free(char *s)
{
    if (s) {
        explicit_bzero(s, strlen(s));
        free(s);
    }
}

/* ---- tokens -------------------------------------------------------------------------------- */

void moldau__sasl_tokens_init(moldau__sasl_tokens_t *t) { memset(t, 0, sizeof(*t)); }

static void tokens_clear(moldau__sasl_tokens_t *t)
{
    wipe_free(t->value);
    free(t->principal);
    for (size_t i = 0; i < t->n_extensions; i++)
        wipe_free(t->extensions[i]);
    free(t->extensions);
    t->value = t->principal = NULL;
    t->extensions = NULL;
    t->n_extensions = 0;
}

static void wake(moldau__sasl_tokens_t *t)
{
    moldau__sasl_token_waiter_t *w = t->waiters;
    t->waiters = NULL;
    while (w) { /* detached first: a waiter may wait again from its callback */
        moldau__sasl_token_waiter_t *next = w->next;
        w->queued = 0;
        w->next = NULL;
        w->fn(w->opaque);
        w = next;
    }
}

moldau_err_t moldau__sasl_tokens_set(moldau__sasl_tokens_t *t, const char *value,
                                     int64_t expiry_ms, const char *principal,
                                     const char *const *extensions, size_t n_extensions)
{
    moldau__sasl_tokens_t n = {0};
    n.value = strdup(value);
    n.principal = strdup(principal ? principal : "");
    n.extensions = n_extensions ? calloc(n_extensions, sizeof(char *)) : NULL;
    int bad = !n.value || !n.principal || (n_extensions && !n.extensions);
    for (size_t i = 0; !bad && i < n_extensions; i++, n.n_extensions++)
        bad = !(n.extensions[i] = strdup(extensions[i] ? extensions[i] : ""));
    if (bad) {
        tokens_clear(&n);
        return MOLDAU_ERR__NO_MEMORY;
    }
    tokens_clear(t);
    t->value = n.value;
    t->principal = n.principal;
    t->extensions = n.extensions;
    t->n_extensions = n.n_extensions;
    t->expiry_ms = expiry_ms;
    t->failure = MOLDAU_ERR_NONE;
    t->failure_reason[0] = 0;
    wake(t);
    return MOLDAU_ERR_NONE;
}

void moldau__sasl_tokens_fail(moldau__sasl_tokens_t *t, const char *reason)
{
    t->failure = MOLDAU_ERR_SASL_AUTHENTICATION_FAILED;
    snprintf(t->failure_reason, sizeof(t->failure_reason), "%s", reason ? reason : "");
    wake(t);
}

void moldau__sasl_tokens_wait(moldau__sasl_tokens_t *t, moldau__sasl_token_waiter_t *w)
{
    if (w->queued)
        return;
    w->queued = 1;
    w->next = t->waiters;
    t->waiters = w;
}

void moldau__sasl_tokens_unwait(moldau__sasl_tokens_t *t, moldau__sasl_token_waiter_t *w)
{
    if (!w->queued)
        return;
    for (moldau__sasl_token_waiter_t **p = &t->waiters; *p; p = &(*p)->next)
        if (*p == w) {
            *p = w->next;
            break;
        }
    w->queued = 0;
    w->next = NULL;
}

void moldau__sasl_tokens_free(moldau__sasl_tokens_t *t)
{
    tokens_clear(t);
    t->waiters = NULL;
}

/* ---- the exchange -------------------------------------------------------------------------- */

struct moldau__sasl_exchange {
    moldau__sasl_opts_t o;
    int step; /* messages sent so far */
    moldau__scram_t scram;
    char server_said[256]; /* OAUTHBEARER: the broker's error challenge, in words */
};

moldau__sasl_exchange_t *moldau__sasl_exchange_new(const moldau__sasl_opts_t *o, char *errstr,
                                                   size_t errstr_size)
{
    switch (o->mechanism) {
    case MOLDAU__SASL_PLAIN:
    case MOLDAU__SASL_SCRAM_SHA_256:
    case MOLDAU__SASL_SCRAM_SHA_512:
        break;
    case MOLDAU__SASL_OAUTHBEARER:
        if (o->tokens)
            break;
        /* fall through */
    default:
        moldau__errstr_set(errstr, errstr_size, "SASL mechanism %s is not supported",
                moldau__sasl_mech_name(o->mechanism));
        return NULL;
    }
    moldau__sasl_exchange_t *x = calloc(1, sizeof(*x));
    if (!x) {
        moldau__errstr_set(errstr, errstr_size, "out of memory");
        return NULL;
    }
    x->o = *o;
    return x;
}

/* RFC 4616: [authzid] NUL authcid NUL passwd, in one message; the server's empty answer
 * ends it. */
static moldau_err_t plain_step(moldau__sasl_exchange_t *x, moldau_buf_t *out, int *done)
{
    if (x->step > 0) {
        *done = 1;
        return MOLDAU_ERR_NONE;
    }
    const char *z = x->o.authzid ? x->o.authzid : "";
    moldau_buf_put(out, z, strlen(z));
    moldau_buf_put(out, "", 1);
    moldau_buf_put(out, x->o.username, strlen(x->o.username));
    moldau_buf_put(out, "", 1);
    moldau_buf_put(out, x->o.password, strlen(x->o.password));
    return out->failed ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
}

/* SCRAM: client-first, client-final (the proof), then the server's signature checked. */
static moldau_err_t scram_step(moldau__sasl_exchange_t *x, const uint8_t *in, size_t in_len,
                               moldau_buf_t *out, int *done, char *errstr, size_t errstr_size)
{
    int sha512 = x->o.mechanism == MOLDAU__SASL_SCRAM_SHA_512;
    switch (x->step) {
    case 0:
        return moldau__scram_start(&x->scram, sha512, x->o.username, x->o.password, NULL, out,
                                   errstr, errstr_size);
    case 1:
        return moldau__scram_final(&x->scram, in, in_len, out, errstr, errstr_size);
    default: {
        moldau_err_t err = moldau__scram_verify(&x->scram, in, in_len, errstr, errstr_size);
        *done = !err;
        return err;
    }
    }
}

int moldau__sasl_tokens_usable(const moldau__sasl_tokens_t *t)
{
    return t->value && t->expiry_ms > moldau__wall_ms();
}

/* RFC 7628: the token (and extensions) in one message. An empty answer is success; anything
 * else is the server's error, answered with 0x01 so that the broker sends its refusal. */
static moldau_err_t oauthbearer_step(moldau__sasl_exchange_t *x, const uint8_t *in,
                                     size_t in_len, moldau_buf_t *out, int *done, char *errstr,
                                     size_t errstr_size)
{
    switch (x->step) {
    case 0:
        /* an expired token would only be refused, and a refusal is final: wait for the next */
        if (!moldau__sasl_tokens_usable(x->o.tokens))
            return MOLDAU_ERR__STATE;
        return moldau__oauthbearer_client_first(x->o.tokens, out);
    case 1:
        if (!in_len) {
            *done = 1;
            return MOLDAU_ERR_NONE;
        }
        moldau__oauthbearer_server_error(in, in_len, x->server_said, sizeof(x->server_said));
        moldau_buf_put(out, "\x01", 1);
        return out->failed ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
    default:
        moldau__errstr_set(errstr, errstr_size, "the broker refused the token: %s",
                           x->server_said);
        return MOLDAU_ERR_SASL_AUTHENTICATION_FAILED;
    }
}

moldau_err_t moldau__sasl_exchange_step(moldau__sasl_exchange_t *x, const uint8_t *in,
                                        size_t in_len, moldau_buf_t *out, int *done,
                                        char *errstr, size_t errstr_size)
{
    if (out->data)
        explicit_bzero(out->data, out->len);
    moldau_buf_reset(out);
    *done = 0;
    moldau_err_t err;
    switch (x->o.mechanism) {
    case MOLDAU__SASL_PLAIN:
        err = plain_step(x, out, done);
        break;
    case MOLDAU__SASL_SCRAM_SHA_256:
    case MOLDAU__SASL_SCRAM_SHA_512:
        err = scram_step(x, in, in_len, out, done, errstr, errstr_size);
        break;
    case MOLDAU__SASL_OAUTHBEARER:
        err = oauthbearer_step(x, in, in_len, out, done, errstr, errstr_size);
        if (err == MOLDAU_ERR__STATE)
            return err; /* no message yet: the same step again once a token is set */
        break;
    default:
        err = MOLDAU_ERR__UNSUPPORTED_FEATURE;
        break;
    }
    if (err == MOLDAU_ERR__NO_MEMORY)
        moldau__errstr_set(errstr, errstr_size, "out of memory");
    if (!err && !*done)
        x->step++;
    return err;
}

const char *moldau__sasl_exchange_server_said(const moldau__sasl_exchange_t *x)
{
    return x ? x->server_said : "";
}

void moldau__sasl_exchange_free(moldau__sasl_exchange_t *x)
{
    if (!x)
        return;
    moldau__scram_free(&x->scram);
    explicit_bzero(x, sizeof(*x));
    free(x);
}
