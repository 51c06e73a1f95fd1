/*
 * moldau — the producer.
 *
 *   moldau_producer_t *p = moldau_producer_new(conf, errstr, sizeof(errstr));
 *   moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;      // moldau/record.h
 *   r.topic = "orders"; r.key = "k"; r.key_len = 1; r.value = buf; r.value_len = n;
 *   moldau_produce(p, &r, on_delivery, my_opaque);   // asynchronous, thread-safe
 *   moldau_producer_poll(p, 0);                      // serves delivery reports
 *   moldau_producer_flush(p, 10000);                 // before exit
 *   moldau_producer_close(p, 10000);
 *
 * Exactly one delivery report per record that moldau_produce() accepted (returned
 * MOLDAU_ERR_NONE): success with its partition and offset, or an error. A record that
 * moldau_produce() refuses (its return value says why) never gets a report. Reports are served
 * by moldau_producer_poll(), moldau_producer_flush() and moldau_producer_close(), on the
 * calling thread, in order per partition (as long as one thread serves them at a time).
 *
 * Threads (io.thread=true; with io.thread=false, see moldau/client.h): moldau_produce(),
 * moldau_produce_sync() and moldau_producer_outstanding() may be called from any number of
 * threads at once. So may moldau_producer_poll() and moldau_producer_flush(), also alongside
 * producing: each serves the reports it takes, so callbacks then run concurrently on those
 * threads, and the order per partition holds only within one thread. A flush waits for every
 * record outstanding, also those other threads produce meanwhile; a produce_sync waits for its
 * own record and serves other reports while it waits. moldau_producer_close(): once, after
 * every other call on the producer has returned (a produce that races with its start gets
 * MOLDAU_ERR__STATE, but none may still be running when it frees the producer).
 */
#ifndef MOLDAU_PRODUCER_H
#define MOLDAU_PRODUCER_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/client.h"
#include "moldau/conf.h"
#include "moldau/error.h"
#include "moldau/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct moldau_producer moldau_producer_t;

/* Whether a record is in the partition's log, as far as the producer knows (librdkafka's
 * rd_kafka_msg_status_t has the same three values). */
typedef enum moldau_delivery_status {
    MOLDAU_DELIVERY_NOT_PERSISTED = 0,      /* not in the log: never sent, or every attempt
                                             * refused by the partition's leader */
    MOLDAU_DELIVERY_POSSIBLY_PERSISTED = 1, /* sent (or perhaps sent), never acknowledged */
    MOLDAU_DELIVERY_PERSISTED = 2           /* in the log (acks=1: in the leader's) */
} moldau_delivery_status_t;

/* The fate of one record.
 *
 * When each (err, status, offset) happens:
 *  - err NONE, PERSISTED, offset >= 0: acknowledged by the broker (acks=1 or all).
 *  - err NONE, PERSISTED, offset -1: in the log, offset unknown. With idempotence, a retry
 *    whose earlier attempt had an unknown outcome (a timeout, a lost connection) was answered
 *    OUT_OF_ORDER_SEQUENCE_NUMBER although every earlier batch of the partition was
 *    acknowledged: only that earlier attempt can have moved the broker's sequence, so it was
 *    written, and the broker no longer remembers it among the batches it deduplicates (the
 *    last five) to tell its offset. Also a DUPLICATE_SEQUENCE_NUMBER answer without an offset.
 *    docs/idempotence.md gives the reasoning; it holds with acks=all and without unclean
 *    leader election.
 *  - err NONE, POSSIBLY_PERSISTED, offset -1: acks=0 (sent, never acknowledged).
 *  - err set, POSSIBLY_PERSISTED: failed (e.g. MOLDAU_ERR__MSG_TIMED_OUT, REQUEST_TIMED_OUT,
 *    MOLDAU_ERR__DESTROYED) after an attempt whose outcome is unknown: a request timed out,
 *    a connection was lost with it unanswered, or delivery.timeout.ms or close came while it
 *    was in flight. The record may be in the log.
 *  - err set, NOT_PERSISTED: never sent (refused before any request: the topic's metadata
 *    never came, an unknown partition, expired while queued, closed while queued), or every
 *    attempt was refused by the partition's leader before appending.
 * offset is -1 whenever err is set.
 *
 * Valid only during the callback (moldau_produce_sync() copies it: see there). The report
 * grows only into `reserved_`: its size never changes. */
typedef struct moldau_delivery {
    moldau_err_t err;           /* MOLDAU_ERR_NONE: delivered (see status) */
    moldau_delivery_status_t status;
    const char *topic;
    int32_t partition;          /* -1 if none was chosen (e.g. unknown topic) */
    int64_t offset;             /* -1: unknown (see above) */
    int64_t timestamp;          /* the record's, or the broker's with LogAppendTime */
    void *opaque;               /* the opaque given to moldau_produce() */
    /* NULL, or a sentence saying why the record failed where err alone does not say it (e.g.
     * "topic \"x\" not present in metadata after 60000 ms: no broker answered"). Lives as
     * long as `topic`. */
    const char *reason;
    void *reserved_[4];
} moldau_delivery_t;

/* app_opaque is the configuration's opaque (moldau_conf_set_opaque). */
typedef void(moldau_delivery_cb)(moldau_producer_t *p, const moldau_delivery_t *report,
                                 void *app_opaque);

/* The delivery callback of records produced without one. */
void moldau_conf_set_delivery_cb(moldau_conf_t *conf, moldau_delivery_cb *cb);

/* The `partitioner=custom` callback: a partition in [0, n_partitions), or -1 to refuse the
 * record (moldau_produce then returns MOLDAU_ERR__UNKNOWN_PARTITION). Called on the thread
 * that produces, or, for records held until their topic's metadata came, on the thread that
 * serves reports (poll/flush/close); never on the I/O thread. key NULL when the record has
 * none. It must not produce to the same topic (the topic's lock is held). */
typedef int32_t(moldau_partitioner_cb)(const char *topic, const void *key, size_t key_len,
                                       int32_t n_partitions, void *app_opaque);
/* The callback `partitioner=custom` calls (a producer made with partitioner=custom and none
 * fails to start). */
void moldau_conf_set_partitioner_cb(moldau_conf_t *conf, moldau_partitioner_cb *cb);

/* A producer. conf is copied (the caller keeps its own). NULL with the reason in errstr. */
moldau_producer_t *moldau_producer_new(const moldau_conf_t *conf, char *errstr,
                                       size_t errstr_size);

/* Queues one record (asynchronous, thread-safe). cb NULL: the configuration's delivery
 * callback (if any). Never waits for metadata: a record for a topic whose partitions are not
 * known yet is copied and held (counted in buffer.memory) and partitioned when they are. If
 * they are still unknown after min(max.block.ms, delivery.timeout.ms), the record fails
 * (NOT_PERSISTED, a `reason` naming the topic and the wait) with
 *   MOLDAU_ERR__MSG_TIMED_OUT when no broker answered for the topic (none reachable, say);
 *   MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION when the cluster answered without partitions for it
 *     (no such topic, and none created);
 * and at once with the broker's error for a topic the broker refuses (an invalid name, not
 * authorised: TOPIC_AUTHORIZATION_FAILED, in the metadata or in the Produce answer), once,
 * not retried, with a `reason` naming the topic. An idempotent producer refused its producer
 * id (CLUSTER_AUTHORIZATION_FAILED: no WRITE on any topic nor IDEMPOTENT_WRITE) is done:
 * the error callback is told once and every record fails with that error. Returns
 *   MOLDAU_ERR_NONE: accepted; exactly one report will follow;
 *   MOLDAU_ERR_MESSAGE_TOO_LARGE: the record alone exceeds max.request.size (or
 *     buffer.memory);
 *   MOLDAU_ERR__QUEUE_FULL: buffer.memory stayed full for max.block.ms (at once with 0);
 *   MOLDAU_ERR__UNKNOWN_PARTITION: an explicit partition outside the topic's known count, or
 *     the custom partitioner refused the record (an explicit partition of a topic not known
 *     yet is checked later and reported with this error);
 *   MOLDAU_ERR__INVALID_ARG: no topic, a header without key, a partition below -1;
 *   MOLDAU_ERR__STATE: the producer is closing. */
moldau_err_t moldau_produce(moldau_producer_t *p, const moldau_producer_record_t *r,
                            moldau_delivery_cb *cb, void *opaque);

/* Produces one record and waits for its result (Java's send().get()): the report is copied
 * into *report if not NULL (report->topic and report->reason then stay valid until the
 * producer is closed).
 * Returns the record's error, moldau_produce()'s refusal, or MOLDAU_ERR__TIMED_OUT (the
 * record is then still on its way and its outcome goes unreported). timeout -1: forever. */
moldau_err_t moldau_produce_sync(moldau_producer_t *p, const moldau_producer_record_t *r,
                                 moldau_delivery_t *report, int timeout_ms);

/* Serves delivery reports, waiting up to timeout_ms for the first. Returns how many. */
int moldau_producer_poll(moldau_producer_t *p, int timeout_ms);

/* Sends everything now (without waiting for linger.ms) and waits until every record produced
 * before the call has its report served. MOLDAU_ERR__TIMED_OUT if timeout_ms passed first. */
moldau_err_t moldau_producer_flush(moldau_producer_t *p, int timeout_ms);

/* Records queued or in flight, not yet reported. */
size_t moldau_producer_outstanding(moldau_producer_t *p);

/* Flushes for up to timeout_ms, fails what is left with MOLDAU_ERR__DESTROYED (serving those
 * reports too), and frees the producer. */
void moldau_producer_close(moldau_producer_t *p, int timeout_ms);

/* The producer's own client, borrowed: valid until moldau_producer_close(), never to be
 * destroyed by the caller. The calls allowed on it are listed in moldau/client.h ("Borrowed
 * clients"): fd, next_timeout, poll, metadata, api_version. */
moldau_client_t *moldau_producer_client(moldau_producer_t *p);

#ifdef __cplusplus
}
#endif
#endif
