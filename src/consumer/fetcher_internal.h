/*
 * The fetcher's state, shared by its files: fetcher.c (the loop and Fetch) and
 * fetch_list_offsets.c (ListOffsets for BEGINNING, END and auto.offset.reset). Reactor thread.
 */
#ifndef MOLDAU_CONSUMER_FETCHER_INTERNAL_H
#define MOLDAU_CONSUMER_FETCHER_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "consumer/consumer.h"
#include "consumer/fetch_session.h"


typedef struct moldau__fnode {
    int32_t node;
    int in_flight;
    unsigned counted; /* the run that last counted it among the brokers to fetch from */
    moldau__fetch_session_t sess;
} moldau__fnode_t;

struct moldau__fetcher {
    moldau_consumer_t *c;
    moldau__cluster_t *cluster;
    moldau__reactor_t *reactor;
    moldau__defer_t run;
    moldau__timer_t retry;
    moldau__job_t room_job;
    atomic_int room_posted;
    moldau__cluster_listener_t listener;
    moldau__fnode_t *nodes;
    size_t n_nodes, cap_nodes;
    int stopped;
    int refusal_told; /* the cluster's refusal of our credentials is in poll's queue */
    int outstanding; /* requests whose answer is still to come */
    size_t first;    /* where the next run starts among the partitions (fairness) */
    unsigned runs;
    int64_t metadata_max_age_ms; /* how long a preferred read replica is used (as Java) */
    int lo_single; /* ListOffsets one partition a request: a peer misanswered several */
    /* bytes held per byte on the wire in the last answer with records, x16: decompressed
     * batches and record arrays count against the bound as well, so a Fetch asks the broker
     * for its reservation divided by this (16: 1.0) */
    unsigned inflate_x16;
};

/* A partition of a request: where it was in the assignment, and a copy of its state. */
typedef struct moldau__req_part {
    size_t idx;
    uint32_t epoch;
    moldau__cpart_t cp;
} moldau__req_part_t;

/* Another run of the loop, from the reactor's next iteration (not once stopped). */
void moldau__fetcher_schedule(moldau__fetcher_t *f);
/* Another run after retry.backoff.ms. */
void moldau__fetcher_retry_later(moldau__fetcher_t *f);
/* The partition a request was for, if still assigned (lock held); _again: and not seeked
 * since, so that the answer applies. */
moldau__fpart_t *moldau__fetcher_part_of(moldau_consumer_t *c, uint32_t gen,
                                         const moldau__req_part_t *rp);
moldau__fpart_t *moldau__fetcher_part_again(moldau_consumer_t *c, uint32_t gen,
                                            const moldau__req_part_t *rp);
/* One ListOffsets to `node` for the partitions at indexes idx[0..n) of the assignment (lock
 * held); their offsets are set (or they are reset, or an error is reported) when it answers. */
void moldau__fetcher_list_offsets(moldau__fetcher_t *f, const size_t *idx, size_t n,
                                  int32_t node);

#endif
