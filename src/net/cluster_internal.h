/* The cluster's own state, shared by its halves: cluster.c (bootstrap, the broker set,
 * routing), cluster_metadata.c (the cache, topics of interest, refreshes) and coordinator.c
 * (the coordinator cache). Reactor thread
 * only; nothing outside src/net/cluster*.c and coordinator.c includes this. */
#ifndef MOLDAU_NET_CLUSTER_INTERNAL_H
#define MOLDAU_NET_CLUSTER_INTERNAL_H

#include "net/cluster.h"
#include "net/coordinator.h"
#include "net/metadata.h"
#include "util/fifo.h"

typedef struct want {
    char *name;
    int refs;
} want_t;

/* A request for any broker, waiting for one to come UP. */
typedef struct anyreq {
    struct anyreq *next;
    int16_t api_key;
    moldau__broker_encode_fn encode;
    moldau__broker_resp_fn cb;
    void *opaque;
    int64_t deadline;
    unsigned flags;
} anyreq_t;

struct moldau__cluster {
    moldau__reactor_t *r;
    moldau__cluster_opts_t opts;
    char *client_id;
    moldau__broker_opts_t bopts;
    moldau__logger_t *lg;

    moldau__broker_t **brokers;
    int n_brokers, cap_brokers;
    int next_try;             /* where the next connect attempt starts (round robin) */
    int all_down_logged;
    char *bootstrap;          /* bootstrap.servers, kept for rebootstraps */
    int32_t next_bootstrap_id; /* bootstrap entries have ids -1, -2, ... */

    moldau__mdcache_t cache;
    want_t *wants;
    int n_wants, cap_wants;
    int want_all;
    int md_inflight, md_again;
    int32_t incomplete_ms;    /* the wait before the next look at incomplete metadata */
    moldau__defer_t refresh_defer;
    moldau__timer_t refresh_timer; /* metadata.max.age.ms, or the retry after a failure */
    int64_t refresh_soon_at;  /* moldau__cluster_refresh_soon asks again from then on */

    MOLDAU__FIFO(anyreq_t) any; /* through ->next */
    moldau__timer_t any_timer;

    moldau__coords_t coords;  /* coordinator.c */

    moldau__cluster_listener_t *listeners;
    moldau__cluster_listener_t *notify_next; /* the iteration's cursor, kept by unlisten */
    moldau__cluster_stats_t stats;
    int auth_failed_told;     /* the application was told authentication failed everywhere */
    int destroying;
};

/* cluster.c: makes the broker set the one a Metadata answer lists (see cluster.h). */
void moldau__cluster_apply_brokers(moldau__cluster_t *c, const moldau_metadata_response_t *md);

/* cluster_metadata.c: tells the listeners (after an update, or when authentication failed
 * everywhere). */
void moldau__cluster_notify(moldau__cluster_t *c);

/* cluster_metadata.c: the metadata half's life, called by moldau__cluster_new and _destroy
 * (stop cancels its timer and deferred refresh, free releases the cache and the wants). */
void moldau__cluster_metadata_init(moldau__cluster_t *c);
void moldau__cluster_metadata_stop(moldau__cluster_t *c);
void moldau__cluster_metadata_free(moldau__cluster_t *c);

#endif
