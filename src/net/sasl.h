/*
 * SASL for broker connections: the options a broker authenticates with, the OAUTHBEARER token
 * store the client fills, and a mechanism's side of the exchange (the messages; the Kafka
 * requests carrying them are broker_auth.c's).
 *
 * Mechanisms: PLAIN (RFC 4616, one message), SCRAM-SHA-256/512 (RFC 5802/7677, two rounds and
 * the server's signature checked: sasl_scram.c), OAUTHBEARER (RFC 7628, the current token of
 * the store: sasl_oauthbearer.c). No configuration strings here: the client layer fills
 * moldau__sasl_opts_t (client/sasl_conf.c). Reactor thread only.
 */
#ifndef MOLDAU_NET_SASL_H
#define MOLDAU_NET_SASL_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"
#include "moldau/protocol.h"

typedef enum moldau__sasl_mech {
    MOLDAU__SASL_NONE = 0,
    MOLDAU__SASL_PLAIN,
    MOLDAU__SASL_SCRAM_SHA_256,
    MOLDAU__SASL_SCRAM_SHA_512,
    MOLDAU__SASL_OAUTHBEARER
} moldau__sasl_mech_t;

/* "PLAIN", "SCRAM-SHA-256", ...: the name SaslHandshake carries. */
const char *moldau__sasl_mech_name(moldau__sasl_mech_t m);

/* ---- OAUTHBEARER tokens ------------------------------------------------------------------ */

typedef struct moldau__sasl_token_waiter moldau__sasl_token_waiter_t;
struct moldau__sasl_token_waiter {
    void (*fn)(void *opaque); /* a token (or a failure) was set */
    void *opaque;
    moldau__sasl_token_waiter_t *next; /* private */
    int queued;                        /* private */
};

/* The token every connection of a client authenticates with, set by the client layer (the
 * application's refresh callback, or the unsecured-JWT builder). Owned by the client. */
typedef struct moldau__sasl_tokens {
    char *value;          /* NULL: none yet */
    int64_t expiry_ms;    /* wall clock, ms since the epoch */
    char *principal;
    char **extensions;    /* key, value, key, value ... */
    size_t n_extensions;  /* strings, twice the pairs */
    moldau_err_t failure; /* the latest refresh failed: why (value may still be the old one) */
    char failure_reason[256];
    moldau__sasl_token_waiter_t *waiters;
} moldau__sasl_tokens_t;

void moldau__sasl_tokens_init(moldau__sasl_tokens_t *t);
/* Replaces the token (copies everything; extensions may be NULL with n 0) and wakes the
 * waiters. MOLDAU_ERR_NONE or MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau__sasl_tokens_set(moldau__sasl_tokens_t *t, const char *value,
                                     int64_t expiry_ms, const char *principal,
                                     const char *const *extensions, size_t n_extensions);
/* Records a failed refresh and wakes the waiters (they fail their handshake). */
void moldau__sasl_tokens_fail(moldau__sasl_tokens_t *t, const char *reason);
/* Waits for the next set/fail (once); a waiter already queued stays once. */
void moldau__sasl_tokens_wait(moldau__sasl_tokens_t *t, moldau__sasl_token_waiter_t *w);
void moldau__sasl_tokens_unwait(moldau__sasl_tokens_t *t, moldau__sasl_token_waiter_t *w);
/* 1 when a token is set and not expired (on the wall clock). */
int moldau__sasl_tokens_usable(const moldau__sasl_tokens_t *t);
/* Clears and frees the token (secrets wiped). */
void moldau__sasl_tokens_free(moldau__sasl_tokens_t *t);

/* ---- options ----------------------------------------------------------------------------- */

typedef struct moldau__sasl_opts {
    moldau__sasl_mech_t mechanism;  /* NONE: no SASL */
    const char *username;           /* PLAIN, SCRAM; kept (not copied): must outlive the */
    const char *password;           /* brokers */
    const char *authzid;            /* PLAIN's authorization id, usually NULL */
    moldau__sasl_tokens_t *tokens;  /* OAUTHBEARER; kept */
} moldau__sasl_opts_t;

/* ---- one exchange ------------------------------------------------------------------------ */

typedef struct moldau__sasl_exchange moldau__sasl_exchange_t;

/* A new exchange for one authentication (first or re-authentication). NULL with errstr. The
 * OAUTHBEARER token is read at the first step. */
moldau__sasl_exchange_t *moldau__sasl_exchange_new(const moldau__sasl_opts_t *o, char *errstr,
                                                   size_t errstr_size);
/* One step: `in` is the server's last message (NULL, 0 before the first). Writes the next
 * client message into out (cleared first) and sets *done when the server's message was the
 * last one the mechanism expects (then out is empty and nothing more is sent). Errors with a
 * sentence that never holds a secret: MOLDAU_ERR_SASL_AUTHENTICATION_FAILED (the server's
 * answer refuses or does not prove itself), MOLDAU_ERR__BAD_MSG (malformed), MOLDAU_ERR__STATE
 * (OAUTHBEARER: no token yet; the caller waits on the store and steps again with in NULL),
 * MOLDAU_ERR__UNSUPPORTED_FEATURE, MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau__sasl_exchange_step(moldau__sasl_exchange_t *x, const uint8_t *in,
                                        size_t in_len, moldau_buf_t *out, int *done,
                                        char *errstr, size_t errstr_size);
/* What the broker said before refusing, in words ("" when nothing): OAUTHBEARER's error
 * challenge, which the broker's refusal itself does not repeat. */
const char *moldau__sasl_exchange_server_said(const moldau__sasl_exchange_t *x);
/* Frees it, wiping what it held. NULL is ignored. */
void moldau__sasl_exchange_free(moldau__sasl_exchange_t *x);

#endif
