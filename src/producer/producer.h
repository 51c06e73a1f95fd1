/*
 * The producer's internals, shared by the application side (producer.c: produce, reports,
 * flush, close), the topics (topics.c: per-topic partition counts, availability, records held
 * while a topic's metadata is unknown) and the reactor side (sender.c, idempotence.c).
 *
 * Threads
 *   Application threads: moldau_produce() finds its topic (the thread's last topic, checked
 *   by name; else the hash map under a read lock), reserves buffer.memory (may block, no lock
 *   held), then, in the common case (metadata known, nothing held, no topic error, a
 *   partition the partitioner picks without its lock: see partitioner.h), appends under the
 *   partition's lock only. Otherwise it takes the topic's lock to hold the record, partition
 *   it or fail it. Reports are served by poll/flush/close.
 *   Reactor thread: the metadata listener updates partition counts, leaders and availability
 *   under the topic's lock; the sender drains, sends and completes batches. Fields marked
 *   "reactor" are only touched there.
 */
#ifndef MOLDAU_PRODUCER_PRODUCER_H
#define MOLDAU_PRODUCER_PRODUCER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "client/client.h"
#include "moldau/producer.h"
#include "producer/accumulator.h"
#include "producer/partitioner.h"

typedef struct moldau__sender moldau__sender_t;
typedef struct moldau__ptopic moldau__ptopic_t;

/* A record held because its topic's metadata is not known yet: copied once (key, value,
 * headers after the struct), its buffer.memory reserved. When it fails, `op` is its report. */
typedef struct moldau__pending moldau__pending_t;
struct moldau__pending {
    moldau__op_t op;
    moldau__pending_t *next;
    moldau_producer_t *p;
    moldau__ptopic_t *topic;
    int32_t partition;       /* explicit, or MOLDAU_PARTITION_ANY */
    moldau_err_t err;        /* its report's error once failed */
    const char *reason;      /* its report's reason (NULL, or one of its topic's) */
    int64_t produce_ms;      /* moldau__now_ms() of moldau_produce() */
    int64_t timestamp;
    int64_t reserved;        /* bytes reserved against buffer.memory (0 once handed over) */
    moldau_delivery_cb *cb;
    void *opaque;
    moldau_bytes_t key, value;
    moldau_header_t *headers;
    size_t n_headers;
};

/* One partition of a topic. */
typedef struct moldau__ppart {
    moldau__accum_part_t *ap;
    atomic_int up;           /* has a leader: available[index], readable without the lock */
    int32_t index;
    int32_t leader;          /* reactor: node id, -1 unknown */
    /* reactor: retries and sequences (docs/idempotence.md) */
    int64_t retry_at;        /* muted for a retry until then (0: not waiting) */
    int retrying;            /* a batch went back to the queue: muted until in flight is 0 */
    int32_t hole_seq;        /* lowest sequence requeued and not yet written, -1 none */
    int32_t flight_seq[8];   /* base sequences in flight (idempotence: at most 5) */
    int n_flight;
    int in_retry_list;
    int first_wait;          /* its sequence-0 batch is in flight: muted until answered */
} moldau__ppart_t;

/* A partition array; replaced (never changed in place) when the topic grows, the old ones
 * kept until the topic is freed, so that produce may read one without the topic's lock. */
typedef struct moldau__pparts {
    struct moldau__pparts *older;
    moldau__ppart_t *at[];
} moldau__pparts_t;

struct moldau__ptopic {
    moldau__ptopic_t *hnext;      /* hash chain */
    moldau__ptopic_t *all_next;   /* every topic, newest first */
    moldau_producer_t *p;
    pthread_mutex_t lock;
    moldau__partitioner_t part;   /* moldau__partition() under lock; see partitioner.h */
    _Atomic int32_t n_partitions; /* -1 while unknown; written under lock, after parts */
    /* written under lock: 1 while produce must take the lock (records held, or err) */
    atomic_int locked_path;
    moldau_err_t err;             /* under lock: a permanent error of the topic (metadata) */
    int err_of_auth;              /* under lock: err is every broker's refusal of us */
    /* written under lock (reactor): cap entries, the `at` of parts_mem, read without it */
    moldau__ppart_t **_Atomic parts;
    moldau__pparts_t *parts_mem;  /* under lock: the newest array, older ones chained */
    uint8_t *available;           /* under lock: partitions with a leader */
    int32_t cap;
    moldau__pending_t *pending, **pending_tail; /* under lock, in produce order */
    moldau__job_t want_job;       /* posted once: want the topic on the reactor */
    moldau__op_t dist_op;         /* partitioner=custom: held records partitioned on poll */
    int dist_queued;              /* under lock */
    int wanted;                   /* reactor */
    int answered;                 /* under lock (reactor): a metadata answer listed it */
    /* the reasons of held records that expire (fixed at creation, live as long as the topic):
     * no metadata answer listed the topic / the answer had no partitions for it; and of
     * records failed with the topic's permanent error (err), naming the topic */
    const char *reason_unanswered, *reason_unknown, *reason_refused;
    size_t name_len;
    char name[];
};


#define MOLDAU__PTOPIC_BUCKETS 256

struct moldau_producer {
    moldau_client_t *client;
    moldau__accum_t *acc;
    moldau__sender_t *sender;
    moldau__logger_t *logger;
    moldau_delivery_cb *dr_cb;
    moldau_partitioner_cb *part_cb;
    void *app_opaque;
    uint64_t serial;              /* unique per process: tells producers apart in caches */
    moldau__partitioner_kind_t part_kind;
    int ignore_keys;
    int64_t batch_size, max_block_ms, delivery_timeout_ms, max_request_size, buffer_memory;

    pthread_rwlock_t topics_lock;
    moldau__ptopic_t *buckets[MOLDAU__PTOPIC_BUCKETS];
    moldau__ptopic_t *topics;     /* all, through all_next */

    _Atomic int64_t outstanding;  /* accepted, report not yet served */
    _Atomic int64_t n_pending;    /* held records (all topics) */
    _Atomic uint64_t served;      /* reports served so far */
    atomic_int closing;

    /* completed batches waiting for the application: one op on the client's queue serves
     * them all (queued at most once) */
    pthread_mutex_t rep_lock;
    moldau__accum_batch_t *rep_head, **rep_tail;
    int rep_queued;
    moldau__op_t rep_op;
};

/* ---- topics.c ----------------------------------------------------------------------------- */

/* The topic, created on first use (its want job posted to the reactor). NULL: no memory.
 * Each thread remembers the last topic it got: the same name again costs one strcmp. */
moldau__ptopic_t *moldau__ptopic_lookup(moldau_producer_t *p, const char *name);

/* The thread's last topic. Topics live as long as their producer, and the serial (never
 * reused) tells a new producer at a freed one's address apart. */
typedef struct moldau__last_topic {
    uint64_t serial;
    moldau__ptopic_t *t;
} moldau__last_topic_t;
extern _Thread_local moldau__last_topic_t moldau__last_topic;

static inline moldau__ptopic_t *moldau__ptopic_get(moldau_producer_t *p, const char *name)
{
    moldau__ptopic_t *t = moldau__last_topic.t;
    if (moldau__last_topic.serial == p->serial && t && strcmp(t->name, name) == 0)
        return t;
    return moldau__ptopic_lookup(p, name);
}
void moldau__ptopics_destroy(moldau_producer_t *p);
/* Under the topic's lock, after err or pending changed: whether produce must lock. */
void moldau__ptopic_update_path(moldau__ptopic_t *t);
/* Holds a record (topic lock held by the caller; buffer.memory already reserved). */
moldau_err_t moldau__ptopic_hold(moldau__ptopic_t *t, const moldau_producer_record_t *m,
                                 const moldau_header_t *hdrs, int64_t reserved, int64_t ts,
                                 moldau_delivery_cb *cb, void *opaque, int64_t now_ms);
/* Reactor: the cluster's metadata changed; apply it to the topic (partitions, leaders,
 * availability), then partition held records or fail them on a permanent error. */
void moldau__ptopic_apply_metadata(moldau__ptopic_t *t, moldau__cluster_t *cluster);
/* Reactor: fails held records older than min(max.block.ms, delivery.timeout.ms) with
 * MOLDAU_ERR__MSG_TIMED_OUT if no metadata answer listed their topic, else
 * UNKNOWN_TOPIC_OR_PARTITION, each with its topic's reason (all of them with `err` and no
 * reason when all is set). Returns the next deadline of a held record, INT64_MAX when none. */
int64_t moldau__ptopics_expire(moldau_producer_t *p, int64_t now_ms, int all, moldau_err_t err);
/* A held or failed record's report (its op is pushed to the client's queue). */
void moldau__pending_fail(moldau__pending_t *pd, moldau_err_t err);
/* The ppart of a batch (reactor), NULL if unknown. */
moldau__ppart_t *moldau__ptopic_ppart(moldau_producer_t *p, const char *topic, int32_t partition);

/* ---- producer.c --------------------------------------------------------------------------- */

/* The accumulator's sink. */
void moldau__producer_sink(moldau__accum_batch_t *batch, void *opaque);

#endif
