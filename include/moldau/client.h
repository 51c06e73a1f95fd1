/*
 * moldau — the client handle: the network, its thread, and the queue of callbacks.
 *
 * Two ways to run (the io.thread property):
 *  - io.thread=true (default): the client runs its network on a thread of its own. The
 *    application calls moldau_client_poll() from time to time to get its callbacks served.
 *  - io.thread=false: no thread is started. The network runs only inside the application's
 *    calls into moldau. To embed moldau in an event loop (epoll, libuv, libevent), watch
 *    moldau_client_fd() for readability and call moldau_client_poll(c, 0) when it is readable
 *    or when moldau_client_next_timeout() milliseconds have passed. In this mode, call moldau
 *    from one thread at a time.
 *
 * Borrowed clients: a producer (and, to come, a consumer or admin client) stands on a client of
 * its own. moldau_producer_client() and the client given to log and error callbacks of a
 * producer hand it out borrowed: valid until the producer is closed, never destroyed by the
 * application. On a borrowed client these calls are allowed:
 *  - moldau_client_fd(), moldau_client_next_timeout(): to embed the producer in an event loop;
 *  - moldau_client_poll(): serves every callback of that producer, delivery reports included
 *    (the same as moldau_producer_poll(), whose return counts only reports). It never returns
 *    a consumer's records: those come only from the consumer's own poll;
 *  - moldau_client_metadata(), moldau_metadata_destroy(), moldau_client_api_version().
 * Never moldau_client_close(). From inside a callback only fd and next_timeout: the others
 * wait for the network, which with io.thread=false is the very thread serving the callback.
 *
 * Threads (io.thread=true): moldau_client_poll(), moldau_client_metadata() and
 * moldau_client_api_version() may run on several threads at once (each callback is served
 * once, by one of the polling threads); moldau_client_close() once, when no other call on
 * the client is running.
 */
#ifndef MOLDAU_CLIENT_H
#define MOLDAU_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/conf.h"
#include "moldau/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A new client. conf is copied: the caller keeps and frees its own. NULL on error, with the
 * reason in errstr (a bad bootstrap.servers, say). */
moldau_client_t *moldau_client_new(const moldau_conf_t *conf, char *errstr, size_t errstr_size);

/* Stops the network and frees the client; callbacks not yet served are dropped. NULL is
 * ignored. */
void moldau_client_close(moldau_client_t *client);

/* Serves the application's callbacks (logs, errors, a producer's delivery reports, ...),
 * waiting up to timeout_ms (-1: forever, 0: not at all) for the first one; with io.thread=false
 * it also runs the network for that long. Returns the number of callbacks served (a batch of
 * delivery reports counts once). Never takes a consumer's records. */
int moldau_client_poll(moldau_client_t *client, int timeout_ms);

/* A descriptor that becomes readable when moldau_client_poll() has work: callbacks to serve
 * or (io.thread=false) network events. Do not read from it or close it. */
int moldau_client_fd(moldau_client_t *client);

/* io.thread=false: milliseconds until moldau_client_poll() must be called even if the
 * descriptor stays quiet (-1: no deadline). io.thread=true: always -1. */
int moldau_client_next_timeout(moldau_client_t *client);

/* ---- metadata ------------------------------------------------------------------------------
 * The cluster as one broker describes it. These types are moldau's own, not the wire format's:
 * a new Metadata version adds fields at the end of a struct (moldau allocates them all; arrays
 * are arrays of pointers, so a struct growing never moves an element), never changes one. */

typedef struct moldau_metadata_broker {
    int32_t id;
    const char *host;
    int port;
    const char *rack; /* NULL: none */
} moldau_metadata_broker_t;

typedef struct moldau_metadata_partition {
    int32_t id;
    moldau_err_t err;       /* e.g. LEADER_NOT_AVAILABLE */
    int32_t leader;         /* -1: none */
    int32_t leader_epoch;   /* -1: not known (old brokers) */
    const int32_t *replicas;
    int n_replicas;
    const int32_t *isr;
    int n_isr;
    const int32_t *offline_replicas;
    int n_offline_replicas;
} moldau_metadata_partition_t;

typedef struct moldau_metadata_topic {
    const char *name;
    uint8_t topic_id[16];   /* all zero: not known (brokers before 2.8) */
    moldau_err_t err;       /* e.g. UNKNOWN_TOPIC_OR_PARTITION */
    int is_internal;        /* __consumer_offsets, __transaction_state */
    moldau_metadata_partition_t *const *partitions; /* in id order (sorted by moldau) */
    int n_partitions;
} moldau_metadata_topic_t;

typedef struct moldau_metadata {
    moldau_metadata_broker_t *const *brokers;
    int n_brokers;
    int32_t controller_id;  /* -1: not known */
    const char *cluster_id; /* NULL: not known */
    moldau_metadata_topic_t *const *topics;
    int n_topics;
} moldau_metadata_t;

/* The cluster's metadata as a broker answers it: brokers, controller, cluster id, and the
 * topics asked for (topics NULL with n_topics 0: every topic) with their partitions, leaders,
 * replicas and errors (an unknown topic is listed with UNKNOWN_TOPIC_OR_PARTITION: this call
 * never creates topics). The topic names are copied before the call returns. *out is the
 * caller's, one allocation freed with moldau_metadata_destroy(). Returns MOLDAU_ERR_NONE,
 * MOLDAU_ERR__TIMED_OUT (no broker answered within timeout_ms; -1: request.timeout.ms),
 * MOLDAU_ERR__INVALID_ARG or a transport/codec error. */
moldau_err_t moldau_client_metadata(moldau_client_t *client, const char *const *topics,
                                    size_t n_topics, int timeout_ms, moldau_metadata_t **out);
/* NULL is ignored. */
void moldau_metadata_destroy(moldau_metadata_t *md);

/* The API version this client uses with a broker (node id as in the metadata), or -1 when the
 * broker is unknown, not yet connected, or does not support the API. For tools and tests. */
int moldau_client_api_version(moldau_client_t *client, int32_t node_id, int16_t api_key);

#ifdef __cplusplus
}
#endif
#endif
