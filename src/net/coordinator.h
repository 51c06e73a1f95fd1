/*
 * The cluster's coordinator cache: which broker coordinates a consumer group or a
 * transactional id (FindCoordinator, key 10). Reactor thread only.
 *
 * A lookup for a key not cached queues its caller and sends FindCoordinator to any broker.
 * Keys asked for in one reactor iteration go in one request from v4 on (CoordinatorKeys, one
 * request per key type); before v4 a request carries one key and the others follow, one
 * request each. Errors (COORDINATOR_NOT_AVAILABLE while __consumer_offsets is created,
 * COORDINATOR_LOAD_IN_PROGRESS, a lost connection, ...) are handed to the waiters, which decide
 * whether to back off and ask again (the request helper in client/request.c does); nothing is
 * cached then. An entry is forgotten with moldau__cluster_coordinator_invalidate, which
 * callers use on NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE or a lost connection to the
 * coordinator.
 */
#ifndef MOLDAU_NET_COORDINATOR_H
#define MOLDAU_NET_COORDINATOR_H

#include <stdint.h>

#include "moldau/error.h"
#include "net/reactor.h"

typedef struct moldau__cluster moldau__cluster_t;

/* err MOLDAU_ERR_NONE with the coordinator's node id, or the lookup's error (the broker's
 * FindCoordinator error, a transport error, MOLDAU_ERR__TIMED_OUT at the waiter's deadline,
 * MOLDAU_ERR__DESTROYED) with node_id -1. */
typedef void (*moldau__coord_cb)(moldau_err_t err, int32_t node_id, void *opaque);

/* The coordinator of (key_type: MOLDAU_COORDINATOR_KEY_GROUP or _TRANSACTION, key). Cached:
 * MOLDAU_ERR_NONE with *node_id set, cb never called. Otherwise MOLDAU_ERR_NONE with *node_id
 * -1: cb is called exactly once, never from inside this call, by deadline_ms at the latest
 * (moldau__now_ms() clock); opaque must stay valid until then. MOLDAU_ERR__NO_MEMORY: cb never
 * called. key is copied. */
moldau_err_t moldau__cluster_coordinator(moldau__cluster_t *c, int8_t key_type, const char *key,
                                         int64_t deadline_ms, moldau__coord_cb cb,
                                         void *opaque, int32_t *node_id);
/* Forgets a cached coordinator (no-op when none, or while a lookup is on its way). */
void moldau__cluster_coordinator_invalidate(moldau__cluster_t *c, int8_t key_type,
                                            const char *key);

/* Counters for tests. */
typedef struct moldau__coord_stats {
    int64_t requests;  /* FindCoordinator requests sent */
    int64_t keys_sent; /* keys in them */
    int64_t hits;      /* lookups answered from the cache */
} moldau__coord_stats_t;
void moldau__cluster_coord_stats(const moldau__cluster_t *c, moldau__coord_stats_t *out);

/* The cache's state, embedded in the cluster (cluster_internal.h). */
typedef struct moldau__coord_entry moldau__coord_entry_t;
typedef struct moldau__coord_waiter moldau__coord_waiter_t;
typedef struct moldau__coords {
    moldau__coord_entry_t **entries;
    int n_entries, cap_entries;
    moldau__coord_waiter_t *waiters; /* FIFO-ish: order does not matter, deadlines do */
    moldau__timer_t timer;           /* the earliest waiter deadline */
    moldau__defer_t flush;           /* sends the keys asked for in this iteration */
    moldau__coord_stats_t stats;
} moldau__coords_t;

/* For cluster.c: init from moldau__cluster_new; stop (fails the waiters with
 * MOLDAU_ERR__DESTROYED) then free from moldau__cluster_destroy. */
void moldau__coords_init(moldau__cluster_t *c);
void moldau__coords_stop(moldau__cluster_t *c);
void moldau__coords_free(moldau__cluster_t *c);

#endif
