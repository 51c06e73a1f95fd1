/*
 * OAUTHBEARER's messages (RFC 7628 as Kafka uses it, KIP-255 and KIP-342): the client's first
 * message from the token store, the checks a token and its extensions must pass before they
 * are sent, and the server's error (a JSON object, answered with a lone 0x01 so that the
 * broker ends the exchange with its refusal). Pure: no I/O, no clock.
 */
#ifndef MOLDAU_NET_SASL_OAUTHBEARER_H
#define MOLDAU_NET_SASL_OAUTHBEARER_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"
#include "moldau/protocol.h"
#include "net/sasl.h"

/* RFC 6750's b64token: [-._~+/A-Za-z0-9]+ then any '='s. 1 when valid. */
int moldau__oauthbearer_token_valid(const char *token);
/* RFC 7628 §3.1: a key is [A-Za-z]+ and not "auth"; a value is [\x21-\x7E \t\r\n]+.
 * 1 when valid. */
int moldau__oauthbearer_ext_key_valid(const char *key);
int moldau__oauthbearer_ext_value_valid(const char *value);

/* Checks a token and its extensions (key, value, ...; n strings) as set by the application:
 * 0, or -1 with a sentence that names the fault but never holds the token. */
int moldau__oauthbearer_check(const char *token, const char *const *extensions, size_t n,
                              char *errstr, size_t errstr_size);

/* The client's first message: "n,,\x01auth=Bearer TOKEN\x01k=v...\x01\x01" into out. */
moldau_err_t moldau__oauthbearer_client_first(const moldau__sasl_tokens_t *t,
                                              moldau_buf_t *out);

/* The server's error challenge: its status (and scope, openid-configuration when given) as a
 * sentence into why, e.g. `status "invalid_token"`. 0, or -1 when it is not the JSON object
 * RFC 7628 §3.2.2 describes (why then says so). */
int moldau__oauthbearer_server_error(const uint8_t *in, size_t len, char *why, size_t why_size);

#endif
