/*
 * The record accumulator: records wait here, per partition, in RecordBatch v2 batches until the
 * sender takes them (linger.ms, batch.size, buffer.memory, max.block.ms, max.request.size,
 * delivery.timeout.ms). Pure logic: no sockets, no reactor, no threads; time comes in as now_ms
 * (any monotonic milliseconds, the same clock everywhere).
 *
 * Life of a batch
 *   open      the partition's batch records are appended to (at most one per partition)
 *   queued    closed: full, lingered long enough, flushed, or re-queued for a retry; FIFO per
 *             partition (a retry goes back to the head, in its original order)
 *   in flight drained by the sender (finished: compressed once, CRC once; stamped with the
 *             producer id/epoch/sequence when idempotent)
 *   reported  handed to the sink with its result: exactly once per batch, so exactly one
 *             report per record accepted by append()
 *
 * Threads
 *   append() is called by application threads concurrently: one short critical section on the
 *   partition's lock, the key/value copied once into the open batch, no allocation per record
 *   (a batch is allocated per batch). Everything else may be called from any thread; the
 *   sender's calls (ready, drain, complete, requeue, expire, purge) take each partition's lock
 *   briefly. The sink and the wakeup hook are called without any accumulator lock held.
 *
 * What the sender does (see each function)
 *   1. set_wakeup(): the hook wakes the reactor; it is called at most once until the next
 *      ready() (a batch closed full, a linger timer became earlier, flush, close, requeue).
 *   2. On wakeup and on its timer: ready() → the nodes with something to send, whether some
 *      partition lacks a leader (refresh metadata), the next linger deadline (arm one timer)
 *      and the next delivery timeout (call expire() then).
 *   3. Keep partitions' leaders current with part_set_leader() (-1 = unknown).
 *   4. For each ready node with a free connection slot: drain() → a list of in-flight batches
 *      (one per partition at most, bounded in bytes) → one ProduceRequest.
 *   5. Per batch of the response: complete() (success or a final error), or requeue() for a
 *      retriable error (the batch keeps its sequence and goes before younger batches); mute a
 *      partition (part_mute) while its order must be kept. Every drained batch must get exactly
 *      one complete() or requeue(), even after expire()/purge() reported it (the call then only
 *      releases the sender's reference).
 *   6. expire(now, 1) at the next delivery timeout; on close: close_begin(), send what is
 *      left, then purge(MOLDAU_ERR__DESTROYED, 1) and destroy.
 *   Idempotence: drain with the producer id/epoch: each batch gets the partition's next base
 *   sequence. After a new id/epoch (wait until nothing is in flight), call reset_sequences()
 *   and drain with the new epoch: queued batches stamped with the old one (retries) are
 *   re-stamped (moldau_batch_set_producer) with new sequences, in queue order. Before that,
 *   fail_unsure() reports those that may already be in the log (batch->unsure).
 *
 * What the producer does
 *   part() once per (topic, partition), cached; append() with the record's final timestamp,
 *   its callback cast to moldau__accum_fn and opaque; the sink turns each reported batch into
 *   one op on the client's queue whose serve calls recs[i].cb for i in order (offset and
 *   timestamp from moldau__accum_batch_offset/_timestamp) and then batch_destroy();
 *   flush = flush_begin(), wait until outstanding() is 0 and the ops are served, flush_end().
 */
#ifndef MOLDAU_PRODUCER_ACCUMULATOR_H
#define MOLDAU_PRODUCER_ACCUMULATOR_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"
#include "moldau/producer.h"
#include "moldau/protocol.h"

/* Bytes a ProduceRequest adds around one partition's batch, besides the topic name: request
 * header (without client id), acks, timeout, array lengths, partition index, records length.
 * A record whose batch alone (plus this and its topic) exceeds max.request.size is refused. */
#define MOLDAU__ACCUM_REQUEST_OVERHEAD 64

typedef struct moldau__accum moldau__accum_t;
typedef struct moldau__accum_part moldau__accum_part_t;
typedef struct moldau__accum_batch moldau__accum_batch_t;

/* A record's delivery callback as the accumulator keeps it: the producer stores its own
 * callback type here (cast) and casts back before calling. */
typedef void(moldau__accum_fn)(void);

typedef struct moldau__accum_conf {
    int64_t linger_ms;           /* linger.ms */
    int64_t batch_size;          /* batch.size (0: one record per batch) */
    int64_t buffer_memory;       /* buffer.memory */
    int64_t max_block_ms;        /* max.block.ms (real time, only while buffer.memory is full) */
    int64_t max_request_size;    /* max.request.size */
    int64_t delivery_timeout_ms; /* delivery.timeout.ms */
    moldau_codec_t codec;        /* compression.type */
    int level;                   /* MOLDAU_COMPRESSION_LEVEL_DEFAULT or a level */
    /* The now_ms clock, for appends given MOLDAU__ACCUM_NOW: read only when a record opens a
     * batch, so that a record appended to an open batch costs no clock read. NULL: callers
     * always pass a time. */
    int64_t (*clock)(void);
} moldau__accum_conf_t;

/* now_ms of an append: read conf.clock if the time is needed (a batch opens). */
#define MOLDAU__ACCUM_NOW INT64_MIN

/* Completed batches go to the sink (ownership passes: the sink's owner serves the reports and
 * then calls moldau__accum_batch_destroy()). Called on the thread that completed, expired or
 * purged, without locks held, once per batch. */
typedef void(moldau__accum_sink_fn)(moldau__accum_batch_t *batch, void *opaque);
/* Something for the sender to look at: called on any thread, without locks, at most once
 * between two moldau__accum_ready() calls. Must be cheap (e.g. write to an eventfd). */
typedef void(moldau__accum_wakeup_fn)(void *opaque);

/* What a delivery report needs of one record. */
typedef struct moldau__accum_rec {
    moldau__accum_fn *cb;
    void *opaque;
    int64_t timestamp;
} moldau__accum_rec_t;

/* A batch as the sender and the sink see it. Fields are read-only outside the accumulator
 * except `next`, `sink_next` and `unsure` (the sender's). */
struct moldau__accum_batch {
    moldau__accum_batch_t *next;      /* the sender's (drain's list, its request's list) */
    moldau__accum_batch_t *sink_next; /* the sink owner's (e.g. a queue of reported batches) */
    const char *topic;           /* lives as long as the accumulator */
    int32_t partition;
    int32_t count;               /* records */
    moldau__accum_rec_t *recs;   /* count entries, in offset order */
    const uint8_t *data;         /* in flight: the finished batch (the ProduceRequest's records) */
    size_t len;
    int64_t created_ms;          /* now_ms of its first append: delivery.timeout.ms counts from it */
    int32_t base_sequence;       /* -1 unless stamped by an idempotent drain */
    int attempts;                /* times drained */
    /* The sender's (idempotence): non-zero when an attempt's outcome is unknown (a timeout, a
     * lost connection) and the batch may already be in the log: the error that attempt got.
     * Such a batch may go again only under its own stamp (the broker deduplicates it); at an
     * epoch bump moldau__accum_fail_unsure() reports it instead. */
    moldau_err_t unsure;
    /* The sender's until reported, then the result's: whether the batch is in the log (its
     * reports' status). The sender raises it to POSSIBLY_PERSISTED after an attempt whose
     * outcome is unknown and sets it before completing a success (PERSISTED; acks=0:
     * POSSIBLY_PERSISTED); a batch reported while in flight (expire, purge) is raised to
     * POSSIBLY_PERSISTED. Written only while the batch is not reported. */
    moldau_delivery_status_t persisted;
    /* the result, set before the sink gets the batch */
    moldau_err_t err;
    int64_t base_offset;         /* -1 unknown (acks=0, or an error) */
    int64_t log_append_time;     /* -1 unless the topic uses LogAppendTime */

    /* accumulator-private below */
    moldau__accum_part_t *part;
    moldau__accum_batch_t *qnext;          /* partition queue */
    moldau__accum_batch_t *rnext;          /* batches being reported by one call */
    moldau__accum_batch_t *fprev, *fnext;  /* partition in-flight list */
    moldau_batch_builder_t b;
    int32_t cap;          /* recs capacity */
    int64_t mem;          /* bytes counted against buffer.memory */
    int drop_bytes;       /* set with `reported`: the reporter frees the batch's bytes */
    uint64_t drain_no;    /* per partition, order of first drain (ordered retries) */
    int64_t producer_id;  /* stamp of the finished batch */
    int16_t producer_epoch;
    unsigned in_flight : 1, sender_ref : 1, reported : 1, released : 1, restamp : 1;
};

/* The offset and timestamp of record i of a reported batch (offset -1 when not written). */
static inline int64_t moldau__accum_batch_offset(const moldau__accum_batch_t *b, int32_t i)
{
    return b->err || b->base_offset < 0 ? -1 : b->base_offset + i;
}
static inline int64_t moldau__accum_batch_timestamp(const moldau__accum_batch_t *b, int32_t i)
{
    return !b->err && b->log_append_time >= 0 ? b->log_append_time : b->recs[i].timestamp;
}

typedef struct moldau__accum_stats {
    uint64_t batches_created;
    uint64_t closed_full;   /* closed because the next record would not fit in batch.size */
    uint64_t closed_linger; /* drained because linger.ms passed */
    uint64_t closed_flush;  /* drained because of a flush or close */
    uint64_t records_appended;
    uint64_t records_reported;
    uint64_t batches_reported;
    int64_t bytes_buffered; /* counted against buffer.memory now */
    int64_t outstanding;    /* records accepted and not yet handed to the sink */
    int blocked;            /* appends waiting for buffer.memory now */
} moldau__accum_stats_t;

/* NULL on allocation failure. conf is copied. */
moldau__accum_t *moldau__accum_new(const moldau__accum_conf_t *conf, moldau__accum_sink_fn *sink,
                                   void *sink_opaque);
/* Frees everything, batches included, without reports: purge() first. Nothing may be running
 * on it (no blocked append, no sender call) and every reported batch must have been
 * destroyed. */
void moldau__accum_destroy(moldau__accum_t *acc);
void moldau__accum_set_wakeup(moldau__accum_t *acc, moldau__accum_wakeup_fn *fn, void *opaque);

/* The handle of (topic, partition), created on first use (topic copied). Takes the global lock
 * and searches: the producer caches handles (in its topic's partition array). NULL on
 * allocation failure. Handles live as long as the accumulator. */
moldau__accum_part_t *moldau__accum_part(moldau__accum_t *acc, const char *topic,
                                         int32_t partition);

/* Appends one record (thread-safe). key/value len -1 = null; headers copied. now_ms: its
 * produce time (or MOLDAU__ACCUM_NOW). *batch_closed (may be NULL) is set to 1 when this call closed the partition's
 * batch (the sticky partitioner moves on).
 * Returns MOLDAU_ERR_NONE (exactly one report will follow); MOLDAU_ERR_MESSAGE_TOO_LARGE (the
 * record alone exceeds max.request.size or buffer.memory); MOLDAU_ERR__QUEUE_FULL
 * (buffer.memory stayed full for max.block.ms); MOLDAU_ERR__STATE (closing);
 * MOLDAU_ERR__INVALID_ARG, MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau__accum_append(moldau__accum_t *acc, moldau__accum_part_t *part,
                                  int64_t timestamp, moldau_bytes_t key, moldau_bytes_t value,
                                  const moldau_header_t *headers, size_t n_headers,
                                  moldau__accum_fn *cb, void *opaque, int64_t now_ms,
                                  int *batch_closed);

/* For a caller that must not block later (the producer holding records of a topic whose
 * metadata is unknown, then appending them on the reactor thread): reserve
 * moldau_record_max_size() of the record against buffer.memory now (blocking up to
 * max.block.ms like append: MOLDAU_ERR__QUEUE_FULL, MOLDAU_ERR__STATE when closing,
 * MOLDAU_ERR_MESSAGE_TOO_LARGE beyond buffer.memory), and append it later with
 * append_reserved(), which never blocks and takes the reservation over: on success the batch
 * owns it, on failure it is released. unreserve() gives back a reservation never
 * appended. */
moldau_err_t moldau__accum_reserve(moldau__accum_t *acc, int64_t bytes);
void moldau__accum_unreserve(moldau__accum_t *acc, int64_t bytes);

/* A record as append_reserved() takes it (one pointer rather than a dozen arguments: it is
 * called for every record). */
typedef struct moldau__accum_record {
    int64_t timestamp;
    moldau_bytes_t key, value;     /* len -1 = null */
    const moldau_header_t *headers;
    size_t n_headers;
    moldau__accum_fn *cb;
    void *opaque;
    int64_t reserved; /* what reserve() got: moldau_record_max_size() of the record, which the
                       * caller computed already */
} moldau__accum_record_t;

moldau_err_t moldau__accum_append_reserved(moldau__accum_t *acc, moldau__accum_part_t *part,
                                           const moldau__accum_record_t *rec, int64_t now_ms,
                                           int *batch_closed);

/* Flush: while at least one flush is in progress every batch is ready at once. Nested calls
 * count. */
void moldau__accum_flush_begin(moldau__accum_t *acc);
void moldau__accum_flush_end(moldau__accum_t *acc);
/* Closing: appends are refused (MOLDAU_ERR__STATE, blocked ones released), everything is
 * ready. */
void moldau__accum_close_begin(moldau__accum_t *acc);

/* Sender's view of one partition. The leader's node id (-1 unknown); a muted partition is not
 * drained (ordering while a retry is pending). */
void moldau__accum_part_set_leader(moldau__accum_part_t *part, int32_t node_id);
void moldau__accum_part_mute(moldau__accum_part_t *part, int muted);
/* The next base sequence of the partition (idempotence: 0 after a new producer id/epoch). */
void moldau__accum_part_set_sequence(moldau__accum_part_t *part, int32_t next_sequence);
int32_t moldau__accum_part_sequence(moldau__accum_part_t *part);
/* Every partition's next sequence back to 0 (a new producer id or epoch). */
void moldau__accum_reset_sequences(moldau__accum_t *acc);
int moldau__accum_part_in_flight(moldau__accum_part_t *part);

typedef struct moldau__accum_ready {
    /* in: where to put node ids (caller's array) */
    int32_t *nodes;
    size_t max_nodes;
    /* out */
    size_t n_nodes;          /* nodes with a drainable batch (each once) */
    int unknown_leader;      /* some partition has records but no leader */
    int64_t next_ready_ms;   /* earliest linger expiry of a batch not yet ready; INT64_MAX none */
    int64_t next_expiry_ms;  /* earliest delivery timeout of a queued batch; INT64_MAX none */
} moldau__accum_ready_t;

/* Scans the partitions (re-arming the wakeup hook first). A partition is drainable when its
 * leader is known, it is not muted, it has fewer than max_in_flight batches in flight (0: no
 * limit) and its head batch is ready. */
void moldau__accum_ready(moldau__accum_t *acc, int64_t now_ms, int max_in_flight,
                         moldau__accum_ready_t *r);
/* Shorthand: r.next_ready_ms of a scan (does not re-arm the hook). */
int64_t moldau__accum_next_ready_deadline(moldau__accum_t *acc, int64_t now_ms);

/* Takes ready batches of the partitions `node_id` leads: at most one per partition, fewer than
 * max_in_flight in flight per partition (0: no limit), muted partitions skipped, until
 * max_bytes (what the request may hold for batches: each counts its size, its topic and
 * MOLDAU__ACCUM_REQUEST_OVERHEAD; the first always goes). Each is finished (compressed, CRC);
 * with producer_id >= 0 it gets the partition's next base sequence unless it already carries
 * this id/epoch (a retry). Partitions are visited from a rotating start, so none starves.
 * Returns the number of batches, linked through ->next in *out (NULL when none). A batch that
 * fails to finish (no memory, compression error) is reported with that error instead. */
size_t moldau__accum_drain(moldau__accum_t *acc, int32_t node_id, int64_t now_ms,
                           size_t max_bytes, int max_in_flight, int64_t producer_id,
                           int16_t producer_epoch, moldau__accum_batch_t **out);

/* The sender's result for an in-flight batch: err MOLDAU_ERR_NONE with the base offset (-1 for
 * acks=0) and the log append time (-1: CreateTime), or a final error. Frees its buffer space,
 * wakes blocked appends and hands the batch to the sink. If the batch was already reported
 * (expire/purge in flight), only releases the sender's reference. */
void moldau__accum_complete(moldau__accum_t *acc, moldau__accum_batch_t *batch, moldau_err_t err,
                            int64_t base_offset, int64_t log_append_time);
/* A retriable failure: the batch goes back to its partition's queue ahead of the batches not
 * yet sent, in drain order, keeping its bytes and sequence. Only releases the reference if it
 * was already reported. */
void moldau__accum_requeue(moldau__accum_t *acc, moldau__accum_batch_t *batch);
/* Whether delivery.timeout.ms has passed for the batch (complete it with
 * MOLDAU_ERR__MSG_TIMED_OUT rather than retrying it). */
int moldau__accum_batch_expired(const moldau__accum_t *acc, const moldau__accum_batch_t *batch,
                                int64_t now_ms);

/* Reports MOLDAU_ERR__MSG_TIMED_OUT for the queued and open batches whose first record is
 * delivery.timeout.ms old, and with in_flight also in-flight ones (the sender still calls
 * complete/requeue for those). In-flight batches are older than queued ones, so in_flight=1
 * keeps reports in order per partition. Returns the number of batches reported. */
size_t moldau__accum_expire(moldau__accum_t *acc, int64_t now_ms, int in_flight);
/* Reports `err` for every queued and open batch (and in-flight ones with in_flight). */
size_t moldau__accum_purge(moldau__accum_t *acc, moldau_err_t err, int in_flight);

/* Reports every queued batch whose `unsure` is set, with that error (the sender, when it has a
 * new producer id or epoch and nothing is in flight: those batches must not be re-stamped).
 * Returns the number of batches reported. */
size_t moldau__accum_fail_unsure(moldau__accum_t *acc);

/* The sink's owner is done with a reported batch. */
void moldau__accum_batch_destroy(moldau__accum_t *acc, moldau__accum_batch_t *batch);

void moldau__accum_stats(moldau__accum_t *acc, moldau__accum_stats_t *st);
/* Records accepted and not yet reported (moldau_producer_outstanding's part). */
int64_t moldau__accum_outstanding(moldau__accum_t *acc);

#endif
