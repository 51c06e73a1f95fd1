/*
 * One TCP connection to a broker: connect, pipelined framed requests, framed responses.
 *
 * This is the transport under the broker state machine (which adds ApiVersions, version
 * choice, reconnect with backoff): it knows frames, correlation ids and deadlines, not what
 * the requests mean. It runs on the reactor thread only.
 *
 * Life cycle. moldau__conn_new() resolves and connects asynchronously (from a deferred
 * callback, so every outcome is reported through the callbacks, never from _new itself; the
 * name lookup on a helper thread, so a slow DNS server stalls no other connection), trying
 * each address the name resolves to in turn, each with its own connect timeout.
 * Requests may be sent at once: they queue until the socket is up. The connection is used
 * once: after `closed` it stays CLOSED (send refuses) and the owner creates a new one to
 * reconnect. The owner frees it with moldau__conn_destroy() at any time, also from inside any
 * of its callbacks.
 *
 * Requests. moldau__conn_send() takes a complete frame (size prefix, request header, body)
 * and takes over its buffer, which is written with writev as it is and freed once written:
 * no copy. moldau__conn_send_frame() takes a frame with borrowed pieces (net/frame.h), written
 * in the same gathered write. The CONNECTION assigns the correlation id: it writes it into the frame's header
 * (bytes 8-11: after the size, api key and api version, which every request header version
 * has), so ids are unique per connection whatever the callers do; the caller writes any value
 * there (e.g. 0). The api key and version are read from the frame too, to parse the response
 * header. Build a frame with:
 *     size_t at = moldau_frame_begin(w);
 *     moldau_request_header_write(w, api_key, version, 0, client_id);
 *     moldau_<api>_request_encode(w, version, &req);
 *     moldau_frame_end(w, at);
 * Up to max_in_flight requests are written before their responses come back; the rest wait
 * in order. Responses on a TCP connection come back in request order, so the in-flight list
 * is a FIFO and each response must carry the correlation id of its head: a mismatch is a
 * protocol error that closes the connection.
 *
 * Exactly once. Every request accepted by send (MOLDAU_ERR_NONE returned) gets its callback
 * called exactly once: with the response body, or an error. A send that returns an error
 * never calls the callback (and has still freed the frame).
 *
 * Deadlines. A request whose deadline passes before its response:
 *   - if none of its bytes were written yet, fails alone with MOLDAU_ERR__TIMED_OUT; the
 *     connection stays up;
 *   - if it is in flight, fails with MOLDAU_ERR__TIMED_OUT and the connection is CLOSED
 *     (closed callback with MOLDAU_ERR__TIMED_OUT): the broker may still answer it, and since
 *     responses are matched by order, every later response would be taken for the wrong
 *     request. The other pending requests then fail with MOLDAU_ERR__TRANSPORT.
 *
 * Close. On any close (peer closed, socket error, protocol error, request timeout, owner's
 * moldau__conn_close), `closed` is called once with the cause and a reason naming the peer,
 * then every request in flight or queued fails, in send order, with MOLDAU_ERR__TRANSPORT
 * (or MOLDAU_ERR__TIMED_OUT for the one(s) whose deadline caused the close). `closed` comes
 * first so the owner already knows the connection is gone when request callbacks retry.
 * moldau__conn_destroy() fails them with MOLDAU_ERR__DESTROYED and calls no `closed` (called
 * from `closed` itself, it leaves the requests to the close under way: they get its error).
 *
 * Re-entrancy: every callback may call send, close or destroy on its connection; a callback
 * must not call moldau__reactor_run_once.
 */
#ifndef MOLDAU_NET_CONN_H
#define MOLDAU_NET_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"
#include "moldau/protocol.h"
#include "net/addr.h"
#include "net/frame.h"
#include "net/reactor.h"
#include "net/tls.h"

typedef struct moldau__conn moldau__conn_t;

typedef enum moldau__conn_state {
    MOLDAU__CONN_CONNECTING, /* resolving, or connecting to one of the addresses */
    MOLDAU__CONN_UP,
    MOLDAU__CONN_CLOSED
} moldau__conn_state_t;

typedef struct moldau__conn_opts {
    int32_t connect_timeout_ms;   /* per address; socket.connection.setup.timeout.ms: 10000 */
    int32_t max_in_flight;        /* max.in.flight.requests.per.connection: 5 (at least 1) */
    int32_t max_response_size;    /* largest response frame accepted (size field), larger is a
                                   * protocol error: 100000000 (receive.message.max.bytes) */
    int32_t send_buffer_bytes;    /* SO_SNDBUF (socket.send.buffer.bytes); <= 0: system's */
    int32_t receive_buffer_bytes; /* SO_RCVBUF (socket.receive.buffer.bytes); <= 0: system's */
    int family;                   /* AF_UNSPEC, AF_INET or AF_INET6 (broker.address.family) */
    int nodelay;                  /* TCP_NODELAY: 1 */
    moldau__resolve_fn resolve;   /* NULL: moldau__addr_resolve (getaddrinfo); run on a
                                   * helper thread (net/lookup.h) */
    void *resolve_opaque;
    moldau__tls_ctx_t *tls;       /* NULL: plaintext; else TLS (security.protocol=SSL) once
                                   * connected: the connection is UP after the handshake (a
                                   * failed one is a failed connect, reason OpenSSL's), which
                                   * the connect timeout bounds too. Must outlive the options;
                                   * each connection's session holds a reference */
} moldau__conn_opts_t;

void moldau__conn_opts_default(moldau__conn_opts_t *o);

typedef struct moldau__conn_cbs {
    /* The socket is connected; queued requests are being written. May be NULL. */
    void (*connected)(moldau__conn_t *c, void *opaque);
    /* The connection closed (see the header comment): err is MOLDAU_ERR__TRANSPORT (peer
     * closed, refused, reset), MOLDAU_ERR__RESOLVE, MOLDAU_ERR__TIMED_OUT (connect or request
     * deadline), MOLDAU_ERR__BAD_MSG (protocol error: bad size, header or correlation id), or
     * what the owner passed to moldau__conn_close. `reason` is a sentence naming the peer,
     * valid until the connection is destroyed. May be NULL. */
    void (*closed)(moldau__conn_t *c, moldau_err_t err, const char *reason, void *opaque);
    void *opaque;
} moldau__conn_cbs_t;

/* A new connection to host:port (copied), or NULL when out of memory. opts NULL = defaults;
 * cbs is copied. Connecting starts in the reactor's next run_once. */
moldau__conn_t *moldau__conn_new(moldau__reactor_t *r, const char *host, int port,
                                 const moldau__conn_opts_t *opts, const moldau__conn_cbs_t *cbs);

/* Closes (if not closed) without calling `closed`, fails every pending request with
 * MOLDAU_ERR__DESTROYED, and frees the connection (once the callback running, if any,
 * returns). NULL is ignored. */
void moldau__conn_destroy(moldau__conn_t *c);

/* Closes the connection as if it had failed with err (e.g. the owner's handshake failed):
 * `closed` gets err and reason, pending requests fail with MOLDAU_ERR__TRANSPORT. No-op
 * when already closed. */
void moldau__conn_close(moldau__conn_t *c, moldau_err_t err, const char *reason);

/* The response to a request: err MOLDAU_ERR_NONE with the body after the response header
 * (body valid only during the call, unless taken with moldau__conn_take_response), or an
 * error with body NULL and len 0. Requests sent with MOLDAU__CONN_NO_RESPONSE get
 * MOLDAU_ERR_NONE, NULL, 0 once fully written. */
typedef void (*moldau__conn_resp_cb)(moldau_err_t err, const uint8_t *body, size_t len,
                                     void *opaque);

enum {
    /* The broker sends no response (Produce with acks=0): done once written. */
    MOLDAU__CONN_NO_RESPONSE = 1,
    /* The frame holds a secret (SASL's password or proof): its bytes are wiped when freed. */
    MOLDAU__CONN_SECRET = 2
};

/* Queues a request. frame: a whole frame as described above; its buffer is taken over in
 * every case (*frame is reset to empty). deadline_ms: on the moldau__now_ms() clock, 0 for
 * none. flags: 0 or MOLDAU__CONN_NO_RESPONSE, MOLDAU__CONN_SECRET. *correlation_id (if not NULL) gets the id
 * written into the frame. Returns MOLDAU_ERR_NONE (cb will be called exactly once),
 * MOLDAU_ERR__STATE (connection closed), MOLDAU_ERR__INVALID_ARG (not a frame: shorter than
 * a request header, or its size prefix disagrees with its length, or a failed writer), or
 * MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau__conn_send(moldau__conn_t *c, moldau_buf_t *frame, int64_t deadline_ms,
                               unsigned flags, moldau__conn_resp_cb cb, void *opaque,
                               int32_t *correlation_id);
/* The same for a frame with borrowed pieces (frame.h): its size prefix counts them, the
 * request header lies in its own bytes (segments start at byte 12 or later). The frame is
 * taken over in every case (*frame is reset to empty); the borrowed bytes must stay valid
 * until cb has been called (or, when this returns an error, only during the call). */
moldau_err_t moldau__conn_send_frame(moldau__conn_t *c, moldau__frame_t *frame,
                                     int64_t deadline_ms, unsigned flags,
                                     moldau__conn_resp_cb cb, void *opaque,
                                     int32_t *correlation_id);

/* Only from inside a response callback with err MOLDAU_ERR_NONE: moves the buffer that holds
 * the body into *out (which must be empty), so the body stays valid (same address) until
 * moldau_buf_free(out): a Fetch response can be kept whole and handed out as views without a
 * copy. The connection continues with a new read buffer. Returns 0, or -1 when not inside a
 * response callback or out of memory (the body then stays valid only during the callback). */
int moldau__conn_take_response(moldau__conn_t *c, moldau_buf_t *out);

moldau__conn_state_t moldau__conn_state(const moldau__conn_t *c);
/* Requests written (in part or whole) whose response has not arrived. */
int moldau__conn_in_flight(const moldau__conn_t *c);
/* Requests accepted and not yet started on the wire. */
int moldau__conn_queued(const moldau__conn_t *c);
/* "host:port" as given; once connected, the address in use, e.g. "127.0.0.1:9092". */
const char *moldau__conn_name(const moldau__conn_t *c);
const char *moldau__conn_peer(const moldau__conn_t *c);
/* The reason of the close, or "" while not closed. */
const char *moldau__conn_errstr(const moldau__conn_t *c);
/* 1 when the connection closed because TLS refused the broker or was refused (a certificate,
 * a protocol version, TLS against plaintext): a matter of configuration the owner should
 * report louder than a broker going away. */
int moldau__conn_tls_failed(const moldau__conn_t *c);
/* The TLS session's protocol, cipher and kTLS use, or "" without TLS (for the debug log). */
void moldau__conn_tls_describe(const moldau__conn_t *c, char *out, size_t size);

#endif
