/* The consumer's state, shared by its public API (consumer.c, the application's threads) and
 * the fetcher (fetcher.c, the reactor thread). */
#ifndef MOLDAU_CONSUMER_CONSUMER_H
#define MOLDAU_CONSUMER_CONSUMER_H

#include <pthread.h>
#include <stdatomic.h>

#include "client/client.h"
#include "consumer/fetch_budget.h"
#include "consumer/fetch_request.h"
#include "consumer/fetchbuf.h"
#include "net/rbuf_pool.h"
#include "moldau/consumer.h"

/* An assigned partition. Under moldau_consumer.lock: the reactor and the application both
 * read and change it. */
typedef struct moldau__fpart {
    moldau__cpart_t cp;   /* cp.topic is `topic`; cp.position: the next offset to fetch */
    char *topic;
    int64_t reset;        /* MOLDAU_OFFSET_BEGINNING/_END/_STORED to resolve first, or 0 */
    int busy;             /* a Fetch or ListOffsets in flight for it */
    int stopped;          /* an error was reported: no fetching until seek or assign */
    int unknown_reported; /* an unknown topic or partition was reported (1), or the topic's
                           * refusal (its error code) */
    int paused;           /* moldau_consumer_pause: not fetched */
    uint32_t epoch;       /* bumped by seek: results and records of older epochs are dropped */
    int64_t app_position; /* the next offset poll returns, or a MOLDAU_OFFSET_* */
    int32_t app_epoch;    /* the leader epoch of the last record poll returned, -1 */
    /* of the last Fetch answer (get_watermark_offsets, lag), -1 unknown */
    int64_t high_watermark, last_stable_offset, log_start_offset;
    int32_t read_replica;       /* KIP-392: the replica the leader named, -1: the leader */
    int64_t read_replica_until; /* moldau__now_ms() until which it is used */
    int32_t committed_epoch; /* leader epoch of the committed offset it started from, or -1 */
    int64_t committed;    /* the offset last committed by this consumer (or read), or -1 */
    int awaiting;         /* awaits validation after a leader change (validate.h): not fetched */
    int32_t validate_node; /* the leader it is validated with */
} moldau__fpart_t;

typedef struct moldau__fetcher moldau__fetcher_t;
typedef struct moldau__validator moldau__validator_t; /* position validation (validate.c) */
typedef struct moldau__group moldau__group_t;     /* group membership (group.c) */
typedef struct moldau__offsets moldau__offsets_t; /* commits and committed offsets (offsets.c) */

/* Records of one partition of a fetch, queued for poll (MOLDAU__OP_FETCH), holding a
 * reference to their buffer; or an error event (MOLDAU__OP_ERROR, fb NULL). */
typedef struct moldau__recs_op {
    moldau__op_t op;
    moldau__fetchbuf_t *fb;
    const moldau_consumer_record_t *recs;
    size_t n, next;
    int64_t next_offset;  /* the position once all are taken: past the control and aborted
                           * batches the fetch skipped after them (an op may hold no record) */
    uint32_t gen, epoch;  /* the assignment and the partition's seek epoch they belong to */
    size_t part;          /* index in parts */
    moldau_consumer_error_t error;
    char text[256];       /* error: the topic, then the reason */
} moldau__recs_op_t;

struct moldau_consumer {
    moldau_client_t *client;
    moldau__opq_t records;  /* moldau__recs_op_t, in fetch order */
    pthread_mutex_t lock;
    moldau__fpart_t **parts;
    size_t n_parts;
    uint32_t gen;           /* bumped by assign */
    moldau__fetch_budget_t budget;
    moldau__rbuf_pool_t rbuf_pool; /* Fetch response buffers for reuse (net/rbuf_pool.h) */
    moldau__fetch_conf_t fc;
    int check_crcs;
    int offset_reset;       /* auto.offset.reset: 0 earliest, 1 latest, 2 none */
    int max_poll_records;
    int32_t request_timeout_ms;
    int32_t retry_backoff_ms;
    moldau__fetcher_t *fetcher; /* reactor thread */
    moldau__validator_t *validator; /* reactor thread */
    /* the group (group.id set; NULL pointers otherwise). The identity commits carry, set by
     * group membership and read by offsets, under lock: generation -1 and member id "" outside
     * a group generation (a simple consumer's commits, as Java's assign() with a group.id). */
    char *group_id;             /* NULL without group.id */
    char *group_instance_id;    /* group.instance.id, NULL when not set */
    int32_t generation_id;
    char *member_id;            /* never NULL */
    moldau__group_t *group;     /* NULL without group.id */
    moldau__offsets_t *offsets; /* NULL without group.id */
    /* the application's side of poll */
    moldau__recs_op_t *cur;     /* records partly returned */
    moldau__recs_op_t *pending_err;
    moldau__recs_op_t **held;   /* ops whose records or error the last poll returned */
    size_t n_held, cap_held;
    moldau__op_t *pending_op;   /* a group op (MOLDAU__OP_REBALANCE) served by the next poll */
    _Atomic int64_t last_poll_ms; /* when poll was last called (max.poll.interval.ms) */
};

/* An op's destroy: drops its buffer reference and frees it (any thread). */
void moldau__recs_op_destroy(moldau__op_t *op);

/* Reactor thread (through moldau__client_run_sync). */
moldau__fetcher_t *moldau__fetcher_new(moldau_consumer_t *c);
/* The assignment changed (c->parts): wants its topics, drops the old, fetches. old/n_old: the
 * previous partitions, freed by the caller after the call. */
void moldau__fetcher_assigned(moldau__fetcher_t *f, moldau__fpart_t **old, size_t n_old);
/* Something changed (a seek, room in the prefetch bound): look again soon. */
void moldau__fetcher_kick(moldau__fetcher_t *f);
/* Stops: no request is sent any more; answers still to come only release what they hold. */
void moldau__fetcher_stop(moldau__fetcher_t *f);
/* After the client is closed (every answer came). */
void moldau__fetcher_free(moldau__fetcher_t *f);
/* The leader says its log for the position's epoch ends at `end` (epoch end_epoch), which may
 * be below the position: a truncation, settled without skipping or repeating records
 * silently (dropped and fetched again, an error event, or a reset, by auto.offset.reset).
 * Lock held; the Fetch answer's diverging epoch and validate.c both come here. */
void moldau__fetcher_truncated(moldau__fetcher_t *f, size_t idx, moldau__fpart_t *p,
                               int64_t end, int32_t end_epoch);
/* Any thread: asks the reactor to kick the fetcher (the prefetch bound's on_room). */
void moldau__fetcher_room(void *opaque);

/* The assigned partition topic/partition, or NULL. Called with c->lock held. */
moldau__fpart_t *moldau__consumer_find(moldau_consumer_t *c, const char *topic, int32_t partition);
/* Application thread (a rebalance served by poll, or close). Removes the partitions of
 * `remove` and adds those of `add` (from their offsets; already assigned ones are skipped),
 * leaving every other partition untouched: position, prefetched records, fetch state. Either
 * list may be NULL. MOLDAU_ERR__INVALID_ARG or MOLDAU_ERR__NO_MEMORY (nothing changed then). */
moldau_err_t moldau__consumer_change(moldau_consumer_t *c, const moldau_partition_list_t *add,
                                     const moldau_partition_list_t *remove);
/* The current assignment (offsets: the application's positions), the caller's list, or NULL
 * when out of memory. Any thread. */
moldau_partition_list_t *moldau__consumer_assigned(moldau_consumer_t *c);

/* Queues an error event for part (index, or SIZE_MAX for none) and stops that partition.
 * Called with c->lock held. */
void moldau__consumer_error(moldau_consumer_t *c, size_t part, moldau_err_t err, int64_t offset,
                            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Queues an error event of a whole topic (partition -1), e.g. a subscribed topic the cluster
 * refuses; no partition is stopped. Any thread. */
void moldau__consumer_topic_error(moldau_consumer_t *c, const char *topic, moldau_err_t err,
                                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
