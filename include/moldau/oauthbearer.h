/*
 * moldau — OAUTHBEARER tokens (sasl.mechanism=OAUTHBEARER, KIP-255).
 *
 * Every connection of a client authenticates with the client's current token. The token comes
 * from one of:
 *  - the application's refresh callback (moldau_conf_set_oauthbearer_token_refresh_cb): called
 *    from the application's poll calls (moldau_client_poll, a producer's poll or flush, a
 *    consumer's poll) when the client starts, at 80% of the current token's lifetime, and 10 s
 *    after a failure. It gets a token from wherever the application's tokens come from and hands
 *    it over with moldau_oauthbearer_set_token() (or moldau_oauthbearer_set_token_failure()),
 *    there or later, from any thread;
 *  - unsecured JWTs made by moldau itself, for tests and development against a broker with
 *    Kafka's default (unsecured) validator: enable.sasl.oauthbearer.unsecure.jwt=true with
 *    sasl.oauthbearer.config="principal=alice [scope=a,b] [lifeSeconds=3600]
 *    [extension_NAME=value]..." as in librdkafka, or the Java spelling in sasl.jaas.config
 *    (OAuthBearerLoginModule with unsecuredLoginStringClaim_sub="alice", ...).
 *
 * Connections wait for a token (up to request.timeout.ms); one whose token has
 * expired is not sent. A broker refusing a token is final for that broker until a new token
 * is set; a failed refresh only delays (the error callback hears of both).
 */
#ifndef MOLDAU_OAUTHBEARER_H
#define MOLDAU_OAUTHBEARER_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/conf.h"
#include "moldau/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Asks for a token. oauthbearer_config is sasl.oauthbearer.config ("" when not set), for the
 * application's own use; opaque is the configuration's (moldau_conf_set_opaque). client is
 * borrowed (see moldau/client.h). */
typedef void(moldau_oauthbearer_token_refresh_cb)(moldau_client_t *client,
                                                  const char *oauthbearer_config,
                                                  void *opaque);

/* Sets (or, with NULL, clears) the refresh callback of clients made from conf. Clients with
 * sasl.mechanism=OAUTHBEARER need it unless enable.sasl.oauthbearer.unsecure.jwt is true (the
 * two exclude each other). */
void moldau_conf_set_oauthbearer_token_refresh_cb(moldau_conf_t *conf,
                                                  moldau_oauthbearer_token_refresh_cb *cb);

/* Hands over a token: token_value (RFC 6750 characters), when it expires (md_lifetime_ms,
 * milliseconds since the epoch, in the future), its principal's name (for logs), and SASL
 * extensions (RFC 7628: extension_size strings, key, value, key, value ...; keys letters
 * only, not "auth"). Everything is copied. From any thread, inside the refresh callback or
 * not; the token is in use when the call returns:
 * connections waiting for one go on, brokers that refused the last one are tried again. MOLDAU_ERR__INVALID_ARG (errstr says why; it
 * never shows the token) or MOLDAU_ERR__STATE (the client does not use OAUTHBEARER, or
 * makes its own unsecured tokens). */
moldau_err_t moldau_oauthbearer_set_token(moldau_client_t *client, const char *token_value,
                                          int64_t md_lifetime_ms, const char *md_principal_name,
                                          const char *const *extensions, size_t extension_size,
                                          char *errstr, size_t errstr_size);

/* The refresh failed (errstr: why, for the error callback and the logs). The current token,
 * if still valid, goes on being used; the callback is called again 10 s later.
 * MOLDAU_ERR__STATE as above, MOLDAU_ERR__INVALID_ARG when errstr is NULL or empty. */
moldau_err_t moldau_oauthbearer_set_token_failure(moldau_client_t *client, const char *errstr);

#ifdef __cplusplus
}
#endif

#endif
