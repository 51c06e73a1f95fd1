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
 */
#ifndef MOLDAU_CLIENT_H
#define MOLDAU_CLIENT_H

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
void moldau_client_destroy(moldau_client_t *client);

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

#ifdef __cplusplus
}
#endif
#endif
