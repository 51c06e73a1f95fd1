/*
 * SCRAM-SHA-256 and SCRAM-SHA-512, the client's side (RFC 5802, RFC 7677): the
 * client-first message, the proof answering the server's first message, and the check of
 * the server's signature. Pure: bytes in, bytes out (libcrypto for the hashes, util/crypto.h).
 * Errors come with a sentence that never holds the password or a key.
 */
#ifndef MOLDAU_NET_SASL_SCRAM_H
#define MOLDAU_NET_SASL_SCRAM_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"
#include "moldau/protocol.h"

/* Iterations a server may ask for: Kafka stores SCRAM credentials with 4096..16384. */
#define MOLDAU__SCRAM_MIN_ITERATIONS 4096
#define MOLDAU__SCRAM_MAX_ITERATIONS 16384

typedef struct moldau__scram {
    int sha512;
    char *password;       /* owned, wiped */
    char *first_bare;     /* "n=<user>,r=<nonce>" */
    size_t nonce_len;     /* of our nonce, at the end of first_bare */
    uint8_t server_signature[64];
    size_t signature_len; /* 0 until the proof is made */
} moldau__scram_t;

/* The server's first message, parsed: views into the message. */
typedef struct moldau__scram_server_first {
    const char *nonce;
    size_t nonce_len;
    const char *salt; /* base64 */
    size_t salt_len;
    int64_t iterations;
} moldau__scram_server_first_t;

/* Starts: writes the client-first message into out. nonce: printable, no ','; NULL for 32
 * random bytes (base64). */
moldau_err_t moldau__scram_start(moldau__scram_t *s, int sha512, const char *user,
                                 const char *password, const char *nonce, moldau_buf_t *out,
                                 char *errstr, size_t errstr_size);
/* Parses "r=..,s=..,i=..[,ext]" (m= is refused, as RFC 5802 asks). */
moldau_err_t moldau__scram_parse_server_first(const uint8_t *msg, size_t len,
                                              moldau__scram_server_first_t *out, char *errstr,
                                              size_t errstr_size);
/* Answers the server's first message: the client-final message into out. */
moldau_err_t moldau__scram_final(moldau__scram_t *s, const uint8_t *msg, size_t len,
                                 moldau_buf_t *out, char *errstr, size_t errstr_size);
/* Checks the server's final message ("v=<signature>", or "e=<error>": refused). */
moldau_err_t moldau__scram_verify(moldau__scram_t *s, const uint8_t *msg, size_t len,
                                  char *errstr, size_t errstr_size);
/* Wipes and frees what s holds. */
void moldau__scram_free(moldau__scram_t *s);

#endif
