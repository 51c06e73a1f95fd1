/* Base64 (RFC 4648 §4, padded) for SCRAM's attributes, and base64url (§5, unpadded) for JWTs. */
#ifndef MOLDAU_UTIL_BASE64_H
#define MOLDAU_UTIL_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* Characters needed to encode n bytes, NUL not counted. */
#define MOLDAU__BASE64_LEN(n) (((n) + 2) / 3 * 4)

/* Encodes n bytes into out (room for MOLDAU__BASE64_LEN(n) + 1), NUL-terminated; returns the
 * length. */
size_t moldau__base64_encode(const uint8_t *in, size_t n, char *out);
/* Decodes len characters (padding required, nothing else allowed) into out (room for
 * len / 4 * 3). Returns the byte count, or -1 for anything not canonical base64. */
long moldau__base64_decode(const char *in, size_t len, uint8_t *out);

/* Characters base64url without padding needs for n bytes, NUL not counted. */
#define MOLDAU__BASE64URL_LEN(n) ((n) / 3 * 4 + ((n) % 3 ? (n) % 3 + 1 : 0))

/* Encodes n bytes as base64url without padding into out (room for MOLDAU__BASE64URL_LEN(n) +
 * 1), NUL-terminated; returns the length. */
size_t moldau__base64url_encode(const uint8_t *in, size_t n, char *out);

#endif
