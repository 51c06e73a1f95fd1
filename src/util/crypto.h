/*
 * The bits of cryptography moldau needs outside TLS (SCRAM's salted passwords and salts), from
 * OpenSSL's libcrypto when the build has it (MOLDAU_WITH_TLS); without it every call says
 * MOLDAU_ERR__UNSUPPORTED_FEATURE, and the callers refuse with a sentence.
 */
#ifndef MOLDAU_UTIL_CRYPTO_H
#define MOLDAU_UTIL_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"

/* 1 when the build has libcrypto. */
int moldau__crypto_available(void);
/* n bytes from the system's cryptographically secure generator. */
moldau_err_t moldau__crypto_random(uint8_t *out, size_t n);
/* SCRAM's SaltedPassword (RFC 5802): PBKDF2 with HMAC-SHA-256 (sha512 0; 32 bytes) or
 * HMAC-SHA-512 (64 bytes) into out (room for 64), its length in *out_len. */
moldau_err_t moldau__crypto_pbkdf2(int sha512, const char *password, const uint8_t *salt,
                                   size_t salt_len, int iterations, uint8_t *out,
                                   size_t *out_len);

/* HMAC-SHA-256/512 of data under key, and SHA-256/512 of data, into out (room for 64). */
moldau_err_t moldau__crypto_hmac(int sha512, const uint8_t *key, size_t key_len,
                                 const uint8_t *data, size_t len, uint8_t *out, size_t *out_len);
moldau_err_t moldau__crypto_hash(int sha512, const uint8_t *data, size_t len, uint8_t *out,
                                 size_t *out_len);

#endif
