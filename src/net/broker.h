/*
 * One broker: its address, its connection's state machine and the API versions chosen with it.
 *
 *     DOWN --connect--> CONNECTING --socket up--> API_VERSIONS --answer--> [AUTHENTICATING] --> UP
 *       ^                   |                         |                    |                 |
 *       |                   +---------- close --------+-------- close -----+----- close -----+
 *       |                                             v                    |
 *       +---- nothing to do ---------------------- BACKOFF                 +-- refused --> AUTH_FAILED
 *                                                     +-- something to do --> CONNECTING
 *
 * With SASL (opts.sasl.mechanism), ApiVersions is followed by SaslHandshake v1 and the
 * mechanism's SaslAuthenticate rounds (broker_auth.c). A refusal (wrong password, unknown
 * user, mechanism not enabled, a server that does not prove itself) is final: the broker goes
 * AUTH_FAILED, every request waiting or made later fails with the refusal's error
 * (MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, MOLDAU_ERR_UNSUPPORTED_SASL_MECHANISM), and it never
 * reconnects until the credentials change (moldau__broker_auth_reset: a new OAUTHBEARER
 * token; a password does not change under a client). A session lifetime given by the
 * broker (KIP-368) is renewed at 85-95% of it on the same connection: new requests wait until
 * the re-authentication ends, those in flight complete.
 *
 * Connecting is lazy: a broker leaves DOWN when a request is queued for it or its owner calls
 * moldau__broker_connect(). Every close (failed connect, failed or refused ApiVersions, peer
 * closed, request timeout, protocol error) counts one consecutive failure and waits
 * reconnect.backoff.ms * 2^(failures-1), capped at reconnect.backoff.max.ms, +-20% jitter
 * (moldau__backoff_ms); a successful ApiVersions resets the count. When the wait ends the
 * broker reconnects if a request waits for it or its owner asked to connect since it was last
 * UP, else goes DOWN.
 *
 * ApiVersions is sent with the highest version moldau speaks, ClientSoftwareName and
 * ClientSoftwareVersion; a broker answering UNSUPPORTED_VERSION is asked again with the
 * version it listed for ApiVersions (v0 when it listed none usable). Then, for every API of
 * moldau's table (moldau_api_info), the version used on this connection is the highest that
 * both moldau and the broker support; none in common leaves the API unsupported.
 *
 * Requests give an encoder, not bytes: the body is encoded when the request goes out, with the
 * version chosen for this connection, so callers never pick versions and a request queued
 * before the broker is UP is encoded for the broker it meets.
 *
 * Reactor thread only. Callbacks may call any function here, including
 * moldau__broker_destroy() on the broker that is calling them.
 */
#ifndef MOLDAU_NET_BROKER_H
#define MOLDAU_NET_BROKER_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"
#include "moldau/protocol.h"
#include "net/conn.h"
#include "net/reactor.h"
#include "net/sasl.h"
#include "util/log.h"

typedef struct moldau__broker moldau__broker_t;

typedef enum moldau__broker_state {
    MOLDAU__BROKER_DOWN,
    MOLDAU__BROKER_CONNECTING,   /* resolving or connecting the socket */
    MOLDAU__BROKER_API_VERSIONS, /* socket up, ApiVersions in flight */
    MOLDAU__BROKER_UP,
    MOLDAU__BROKER_BACKOFF,      /* waiting before the next connect */
    MOLDAU__BROKER_AUTHENTICATING, /* ApiVersions done, SASL in progress */
    MOLDAU__BROKER_AUTH_FAILED   /* the broker refused our credentials: final (see above) */
} moldau__broker_state_t;

const char *moldau__broker_state_name(moldau__broker_state_t s);

/* The ClientSoftwareVersion of a broker whose owner passed none (the network layer's own
 * tests): the net layer does not know the library's version, the client layer passes it in. It
 * matches the broker's pattern [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?. */
#define MOLDAU__BROKER_SOFTWARE_VERSION "unknown"

typedef struct moldau__broker_opts {
    const char *client_id;            /* request header ClientId (client.id), may be NULL */
    const char *software_name;        /* ApiVersions v3+: the client passes "moldau" */
    const char *software_version;     /* ApiVersions v3+: the client passes MOLDAU_VERSION_STR;
                                       * default MOLDAU__BROKER_SOFTWARE_VERSION */
    int32_t api_versions_timeout_ms;  /* deadline of ApiVersions (request.timeout.ms) */
    int32_t reconnect_backoff_ms;     /* reconnect.backoff.ms: 50 */
    int32_t reconnect_backoff_max_ms; /* reconnect.backoff.max.ms: 1000 */
    moldau__conn_opts_t conn;
    moldau__sasl_opts_t sasl;         /* mechanism NONE: no SASL; its strings are kept */
    moldau__logger_t *logger;         /* may be NULL */
} moldau__broker_opts_t;

/* Fills the defaults given above (conn: moldau__conn_opts_default). */
void moldau__broker_opts_default(moldau__broker_opts_t *o);

/* Told after every state change, from `from` to `state`. err/reason say why the broker left
 * UP or failed to reach it (MOLDAU_ERR_NONE and "" otherwise); reason is valid during the call
 * only. Also called from inside moldau__broker_request/_connect (DOWN -> CONNECTING), never
 * after _destroy. */
typedef void (*moldau__broker_state_cb)(moldau__broker_t *b, moldau__broker_state_t from,
                                        moldau__broker_state_t state, moldau_err_t err,
                                        const char *reason, void *opaque);

/* A broker; node_id < 0 for a bootstrap entry. opts and the strings in it are copied, the
 * logger is kept (it must outlive the broker). Starts DOWN. NULL when out of memory. */
moldau__broker_t *moldau__broker_new(moldau__reactor_t *r, int32_t node_id, const char *host,
                                     int port, const moldau__broker_opts_t *opts,
                                     moldau__broker_state_cb state_cb, void *opaque);

/* Closes the connection and frees the broker (after the callback running, if any, returns).
 * Every request not completed fails with err: MOLDAU_ERR__DESTROYED when the client closes,
 * MOLDAU_ERR__TRANSPORT when the broker merely leaves the cluster (callers retry elsewhere).
 * No state callback is called. NULL is ignored. */
void moldau__broker_destroy(moldau__broker_t *b, moldau_err_t err);

/* Asks for a connection: DOWN -> CONNECTING now; in BACKOFF, reconnect when the wait ends.
 * No-op when connecting or UP. */
void moldau__broker_connect(moldau__broker_t *b);

/* A new address for the node (Metadata may move it): the connection, if any, is closed
 * (in-flight requests fail with MOLDAU_ERR__TRANSPORT), queued requests wait for the
 * connection to the new address. Returns MOLDAU_ERR_NONE or MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau__broker_set_address(moldau__broker_t *b, const char *host, int port);
/* Turns a bootstrap entry into the node it turned out to be, keeping its connection. */
void moldau__broker_set_node_id(moldau__broker_t *b, int32_t node_id);

/* Writes the request body for `version` into w (after the header written by the broker).
 * w is the buffer of a moldau__frame_t (net/frame.h): the encoder may splice borrowed bytes
 * in with moldau__frame_splice(); they must stay unchanged until the request's callback (or
 * the error return of moldau__broker_request) comes. */
typedef moldau_err_t (*moldau__broker_encode_fn)(moldau_buf_t *w, int16_t version, void *opaque);
/* The response: err MOLDAU_ERR_NONE with the body (valid during the call only, unless taken
 * with moldau__broker_take_response) and the version it was sent with, or an error with body
 * NULL. Errors: MOLDAU_ERR__TRANSPORT (the connection died), MOLDAU_ERR__TIMED_OUT,
 * MOLDAU_ERR__UNSUPPORTED_FEATURE (queued, then the broker turned out not to support the
 * API), what the encoder returned, MOLDAU_ERR__DESTROYED / the err of moldau__broker_destroy. */
typedef void (*moldau__broker_resp_fn)(moldau_err_t err, int16_t version, const uint8_t *body,
                                       size_t len, void *opaque);

enum {
    MOLDAU__BROKER_NO_RESPONSE = MOLDAU__CONN_NO_RESPONSE /* Produce acks=0 */
};

/* Sends a request, or queues it until the broker is UP (connecting if DOWN) or until
 * deadline_ms (moldau__now_ms() clock; 0 = none, not advised). encode and opaque must stay
 * valid until cb has been called.
 * Returns MOLDAU_ERR_NONE: cb will be called exactly once, never from inside this call.
 * Otherwise cb is never called: MOLDAU_ERR__UNSUPPORTED_FEATURE (the broker is UP and has no
 * version of api_key in common with moldau; nothing was sent), MOLDAU_ERR__UNSUPPORTED_VERSION
 * (moldau has no codec for api_key), the encoder's error, MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau__broker_request(moldau__broker_t *b, int16_t api_key,
                                    moldau__broker_encode_fn encode, moldau__broker_resp_fn cb,
                                    void *opaque, int64_t deadline_ms, unsigned flags);

/* Only from inside a response callback with MOLDAU_ERR_NONE: keeps the body's buffer (see
 * moldau__conn_take_response). Returns 0 or -1. */
int moldau__broker_take_response(moldau__broker_t *b, moldau_buf_t *out);

moldau__broker_state_t moldau__broker_state(const moldau__broker_t *b);
int32_t moldau__broker_node_id(const moldau__broker_t *b);
const char *moldau__broker_host(const moldau__broker_t *b);
int moldau__broker_port(const moldau__broker_t *b);
/* "node 1 127.0.0.1:9092" or "bootstrap 127.0.0.1:9092": for logs. */
const char *moldau__broker_name(const moldau__broker_t *b);
/* The version of api_key chosen by the latest successful ApiVersions (kept while the broker
 * reconnects, replaced by the next answer), or -1: not supported, or never negotiated. */
int16_t moldau__broker_api_version(const moldau__broker_t *b, int16_t api_key);
/* Requests accepted and not completed (queued here, queued on the connection, in flight). */
int moldau__broker_outstanding(const moldau__broker_t *b);

/* New credentials (an OAUTHBEARER token): an AUTH_FAILED broker goes DOWN, to connect again
 * when a request wants it. */
void moldau__broker_auth_reset(moldau__broker_t *b);
/* AUTH_FAILED: the refusal (and its sentence, valid while the broker lives); else NONE. */
moldau_err_t moldau__broker_auth_error(const moldau__broker_t *b, const char **reason);

/* Counters for tests and tracing. */
typedef struct moldau__broker_stats {
    int64_t connects;         /* connection attempts started */
    int64_t ups;              /* times the broker reached UP */
    int32_t failures;         /* consecutive failures (0 once UP) */
    int32_t last_backoff_ms;  /* the latest wait scheduled, jitter included */
    int16_t api_versions_version; /* ApiVersions version that succeeded last, -1 before */
    int api_versions_fallbacks;   /* times a broker answered UNSUPPORTED_VERSION to it */
    int64_t authentications;      /* SASL exchanges that succeeded, re-authentications too */
    int64_t reauthentications;    /* of which KIP-368 re-authentications */
} moldau__broker_stats_t;
void moldau__broker_stats(const moldau__broker_t *b, moldau__broker_stats_t *out);

#endif
