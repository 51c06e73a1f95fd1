/*
 * Name lookups off the reactor thread.
 *
 * getaddrinfo blocks, for seconds when a DNS server is slow or gone; on the reactor thread
 * that would stall every connection of the client. So each lookup runs the resolver on a
 * short-lived helper thread of its own and hands the addresses back to the reactor as a
 * posted job: the callback runs on the reactor thread, like every other callback of src/net.
 * Lookups are rare (one per connection attempt to a name), so a thread per lookup costs
 * little and needs no pool to manage.
 *
 * Cancelling (from the reactor thread) guarantees the callback is not called; the helper
 * thread may still be inside the resolver, and finishes on its own without touching the
 * reactor or the requester again. A lookup must be finished or cancelled before its reactor
 * is destroyed (its owner, a connection, always is).
 */
#ifndef MOLDAU_NET_LOOKUP_H
#define MOLDAU_NET_LOOKUP_H

#include <stddef.h>

#include "moldau/error.h"
#include "net/addr.h"
#include "net/reactor.h"

typedef struct moldau__lookup moldau__lookup_t;

/* The outcome: err MOLDAU_ERR_NONE and the addresses, or an error with a
 * reason. The callback may move *addrs' contents out (and zero it); what is left is freed
 * after it returns. The lookup is freed after the callback: do not cancel it then. */
typedef void (*moldau__lookup_fn)(moldau_err_t err, moldau__addrs_t *addrs, const char *errstr,
                                  void *opaque);

/* Starts resolving host:port (copied) with resolve (NULL: moldau__addr_resolve), family as
 * there. Returns the lookup, or NULL when no thread could be started (or out of memory): the
 * caller may then resolve inline. Reactor thread. */
moldau__lookup_t *moldau__lookup_start(moldau__reactor_t *r, moldau__resolve_fn resolve,
                                       void *resolve_opaque, const char *host, int port,
                                       int family, moldau__lookup_fn cb, void *opaque);

/* The callback will not be called. Reactor thread. NULL is ignored. */
void moldau__lookup_cancel(moldau__lookup_t *l);

/* Helper threads still running (cancelled lookups included), for tests that must see every
 * thread gone before they end. */
int moldau__lookup_threads(void);

#endif
