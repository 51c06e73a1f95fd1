/*
 * A client's OAUTHBEARER token: the store every broker connection reads (net/sasl.h), kept
 * fresh from the application's refresh callback (an op served by its poll calls) or by
 * making unsecured JWTs; renewed at 80% of the token's lifetime, retried 10 s after a
 * failure. The application's calls (moldau_oauthbearer_set_token, _failure) apply the token
 * on the reactor's thread before they return. Public API: moldau/oauthbearer.h.
 */
#ifndef MOLDAU_CLIENT_OAUTHBEARER_H
#define MOLDAU_CLIENT_OAUTHBEARER_H

#include "client/sasl_conf.h"
#include "net/sasl.h"

typedef struct moldau__oauth moldau__oauth_t;

/* For a client whose sasl conf says OAUTHBEARER (s and the client outlive it); NULL when out of
 * memory. Any thread. */
moldau__oauth_t *moldau__oauth_new(moldau_client_t *c, const moldau__sasl_conf_t *s);
/* The store the brokers read (reactor thread only). */
moldau__sasl_tokens_t *moldau__oauth_tokens(moldau__oauth_t *o);
/* Reactor thread: the first token (made now when unsecured; asked for otherwise). */
void moldau__oauth_start(moldau__oauth_t *o);
/* Reactor thread, before the cluster goes: no more refreshes; tokens posted later are dropped. */
void moldau__oauth_stop(moldau__oauth_t *o);
/* Once the reactor is destroyed. NULL is ignored. */
void moldau__oauth_free(moldau__oauth_t *o);

#endif
