/* The broker's own state, shared by broker.c (connection life, ApiVersions, requests) and
 * broker_auth.c (SASL: the first authentication and KIP-368 re-authentication). Nothing
 * else includes this. Reactor thread only. */
#ifndef MOLDAU_NET_BROKER_INTERNAL_H
#define MOLDAU_NET_BROKER_INTERNAL_H

#include "net/broker.h"
#include "net/sasl.h"
#include "util/rand.h"

/* API keys above this have no slot in the version table; moldau's table ends far below. */
#define API_SLOTS 128

typedef struct breq {
    struct breq *next;
    moldau__broker_t *b;
    int16_t api_key, version;
    int32_t corr;
    size_t size;
    moldau__broker_encode_fn encode;
    moldau__broker_resp_fn cb;
    void *opaque;
    int64_t deadline;
    unsigned flags;
    moldau_err_t err; /* why it failed before reaching the connection */
} breq_t;

typedef struct breq_list {
    breq_t *head, *tail; /* a util/fifo.h FIFO through ->next */
    int n;
} breq_list_t;

struct moldau__broker {
    moldau__reactor_t *r;
    int refs;  /* the owner's, plus one per callback frame on the stack */
    int dead;  /* destroyed by the owner; freed on the last release */
    int32_t node_id;
    char *host;
    int port;
    char name[320];
    moldau__broker_opts_t opts;
    char *client_id, *software_name, *software_version;
    moldau__broker_state_cb state_cb;
    void *opaque;

    moldau__broker_state_t state;
    moldau__conn_t *conn;
    int want;                 /* the owner asked to connect since the broker was last UP */
    int16_t av_version;       /* ApiVersions version in flight */
    int32_t av_corr;
    moldau__timer_t backoff_timer;
    moldau__timer_t queue_timer; /* the earliest deadline of the waiting requests */
    breq_list_t waiting;      /* accepted while not UP, in order */
    int on_conn;              /* requests handed to the connection, not completed */
    moldau__rng_t rng;        /* reconnect jitter */
    moldau__broker_stats_t stats;
    int16_t versions[API_SLOTS];

    /* SASL (broker_auth.c) */
    moldau__sasl_exchange_t *sasl;  /* the exchange in progress, or NULL */
    moldau_buf_t sasl_out;          /* its next message (wiped when replaced) */
    int reauth;                     /* re-authenticating while UP: new requests wait */
    int auth_gen;                   /* tells a stale answer from the current exchange's */
    moldau_err_t auth_err;          /* final: authentication was refused, never reconnect */
    char auth_reason[320];
    moldau__timer_t reauth_timer;   /* KIP-368: before the session ends */
    moldau__timer_t token_timer;    /* OAUTHBEARER: how long to wait for a first token */
    moldau__sasl_token_waiter_t token_waiter;
};

/* broker.c */
void moldau__brk_set_state(moldau__broker_t *b, moldau__broker_state_t s, moldau_err_t err,
                           const char *reason);
/* Fails the handshake (closes the connection; the broker backs off, or with b->auth_err set
 * stays AUTH_FAILED). */
void moldau__brk_handshake_failed(moldau__broker_t *b, moldau_err_t err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sends a request whatever the state (the connection must exist): for the handshake's own
 * requests. On an error nothing was sent and cb is never called. */
moldau_err_t moldau__brk_send_internal(moldau__broker_t *b, int16_t api_key,
                                       moldau__broker_encode_fn encode,
                                       moldau__broker_resp_fn cb, void *opaque,
                                       int64_t deadline_ms);
/* The handshake is over: UP (or back from re-authentication) and the waiting requests go. */
void moldau__brk_ready(moldau__broker_t *b);
void moldau__brk_hold(moldau__broker_t *b);
void moldau__brk_release(moldau__broker_t *b);

/* broker_auth.c */
void moldau__brk_auth_init(moldau__broker_t *b);
/* Starts the first authentication (state AUTHENTICATING) or a re-authentication. */
void moldau__brk_auth_start(moldau__broker_t *b, int reauth);
/* The connection is gone or the broker destroyed: drops the exchange and its timers. */
void moldau__brk_auth_stop(moldau__broker_t *b);
void moldau__brk_auth_free(moldau__broker_t *b);


#endif
