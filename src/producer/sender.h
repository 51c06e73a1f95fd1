/*
 * The sender: the producer's reactor side. It turns the accumulator's ready batches into one
 * ProduceRequest per leader, handles the responses (complete, retry with backoff, refresh
 * metadata on stale-metadata errors), keeps the partitions' leaders current from the cluster's
 * metadata listener, expires batches at delivery.timeout.ms, and runs idempotence
 * (idempotence.h). One deferred run (coalesced) per wakeup; one timer armed at the earliest of
 * the next linger expiry, delivery timeout, retry backoff, held-record deadline and
 * InitProducerId retry.
 *
 * Reactor thread only, except moldau__sender_wakeup (any thread).
 */
#ifndef MOLDAU_PRODUCER_SENDER_H
#define MOLDAU_PRODUCER_SENDER_H

#include <stdint.h>

#include "producer/idempotence.h"
#include "producer/producer.h"
#include "util/rand.h"

typedef struct moldau__sender_conf {
    int16_t acks;                 /* 0, 1, -1 */
    int32_t request_timeout_ms;
    int64_t retries;
    int64_t retry_backoff_ms, retry_backoff_max_ms;
    int max_in_flight;            /* per connection, and per partition */
    int idempotence;
    int64_t max_request_size;
} moldau__sender_conf_t;

typedef struct moldau__sender_stats {
    uint64_t requests, responses;
    uint64_t batches_sent, batches_retried, batches_failed;
    uint64_t init_producer_id;    /* InitProducerId answered with an id (first + bumps) */
    uint64_t batches_inferred;    /* delivered on an OUT_OF_ORDER_SEQUENCE_NUMBER that proves
                                   * the batch is in the log (docs/idempotence.md) */
} moldau__sender_stats_t;

struct moldau__sender {
    moldau_producer_t *p;
    moldau__accum_t *acc;
    moldau__cluster_t *cluster;
    moldau__reactor_t *r;
    moldau__logger_t *lg;
    moldau__sender_conf_t conf;
    moldau__defer_t run;
    moldau__timer_t timer;
    moldau__job_t wake_job;
    atomic_int wake_posted;
    moldau__cluster_listener_t listener;
    int refs;                 /* the owner, each request and the posted wake job */
    int dead, closed;
    int64_t batches_in_flight;
    moldau__ppart_t **retrying; /* partitions muted for a retry */
    size_t n_retrying, cap_retrying;
    moldau__idem_t idem;
    moldau__rng_t rng;        /* retry jitter */
    moldau__sender_stats_t stats;
};

/* Creates the sender and hooks it to the accumulator's wakeup and the cluster's listener. */
moldau__sender_t *moldau__sender_new(moldau_producer_t *p, const moldau__sender_conf_t *conf);
/* Unhooks and frees (later, when its last request has been answered). */
void moldau__sender_destroy(moldau__sender_t *s);
/* The accumulator's wakeup hook (any thread). */
void moldau__sender_wakeup(void *s);
/* The producer has a new topic: want its metadata, apply what is known. */
void moldau__sender_topic_added(moldau__sender_t *s, moldau__ptopic_t *t);
/* Closing: no more drains; every queued, open, in-flight and held record is reported with
 * err now. */
void moldau__sender_close(moldau__sender_t *s, moldau_err_t err);
void moldau__sender_stats(moldau__sender_t *s, moldau__sender_stats_t *out);

#endif
