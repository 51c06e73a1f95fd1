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
 * Threads (io.thread=true): moldau_client_poll(), _fd() and _next_timeout() may be called from
 * several threads at once; concurrent polls serve disjoint sets of callbacks, so callbacks then
 * run concurrently too, on those threads. moldau_client_close() once, not concurrently with any
 * other call on the client.
 */
#ifndef MOLDAU_CLIENT_H
#define MOLDAU_CLIENT_H

#include "moldau/conf.h"
#include "moldau/error.h"
#include "moldau/protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A new client. conf is copied: the caller keeps and frees its own. NULL on error, with the
 * reason in errstr (a bad bootstrap.servers, say). */
moldau_client_t *moldau_client_new(const moldau_conf_t *conf, char *errstr, size_t errstr_size);

/* Stops the network and frees the client; callbacks not yet served are dropped. NULL is
 * ignored. */
void moldau_client_close(moldau_client_t *client);

/* Serves the application's callbacks (logs, errors, ...), waiting up to timeout_ms (-1:
 * forever, 0: not at all) for the first one; with io.thread=false it also runs the network
 * for that long. Returns the number of callbacks served. */
int moldau_client_poll(moldau_client_t *client, int timeout_ms);

/* A descriptor that becomes readable when moldau_client_poll() has work: callbacks to serve
 * or (io.thread=false) network events. Do not read from it or close it. */
int moldau_client_fd(moldau_client_t *client);

/* io.thread=false: milliseconds until moldau_client_poll() must be called even if the
 * descriptor stays quiet (-1: no deadline). io.thread=true: always -1. */
int moldau_client_next_timeout(moldau_client_t *client);

/* The cluster's metadata as a broker answers it: brokers, controller, cluster id, and the
 * topics asked for (topics NULL with n_topics 0: every topic) with their partitions, leaders,
 * replicas and errors (an unknown topic is listed with UNKNOWN_TOPIC_OR_PARTITION: this call
 * never creates topics). The result is the codec's decoded Metadata response; *out is the
 * caller's, freed with moldau_metadata_destroy(). Returns MOLDAU_ERR_NONE,
 * MOLDAU_ERR__TIMED_OUT (no broker answered within timeout_ms; -1: wait forever),
 * MOLDAU_ERR__INVALID_ARG or a transport/codec error. */
moldau_err_t moldau_client_metadata(moldau_client_t *client, const char *const *topics,
                                    size_t n_topics, int timeout_ms,
                                    moldau_metadata_response_t **out);
void moldau_metadata_destroy(moldau_metadata_response_t *md);

/* The API version this client uses with a broker (node id as in the metadata), or -1 when the
 * broker is unknown, not yet connected, or does not support the API. For tools and tests. */
int moldau_client_api_version(moldau_client_t *client, int32_t node_id, int16_t api_key);

#ifdef __cplusplus
}
#endif
#endif
