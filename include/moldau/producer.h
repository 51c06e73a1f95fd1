/*
 * moldau — the producer.
 *
 *   moldau_producer_t *p = moldau_producer_new(conf, errstr, sizeof(errstr));
 *   moldau_message_t m = MOLDAU_MESSAGE_INIT;
 *   m.topic = "orders"; m.key = "k"; m.key_len = 1; m.value = buf; m.value_len = n;
 *   moldau_produce(p, &m, on_delivery, my_opaque);   // asynchronous, thread-safe
 *   moldau_producer_poll(p, 0);                      // serves delivery reports
 *   moldau_producer_flush(p, 10000);                 // before exit
 *   moldau_producer_close(p, 10000);
 *
 * Exactly one delivery report per record that moldau_produce() accepted (returned
 * MOLDAU_ERR_NONE): success with its partition and offset, or an error. A record that
 * moldau_produce() refuses (its return value says why) never gets a report. Reports are served
 * by moldau_producer_poll(), moldau_producer_flush() and moldau_producer_close(), on the
 * calling thread, in order per partition.
 */
#ifndef MOLDAU_PRODUCER_H
#define MOLDAU_PRODUCER_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/client.h"
#include "moldau/conf.h"
#include "moldau/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct moldau_producer moldau_producer_t;

#define MOLDAU_PARTITION_ANY (-1)

/* A record header. key is a NUL-terminated string; value may be NULL (a null value). */
typedef struct moldau_message_header {
    const char *key;
    const void *value;
    size_t value_len;
} moldau_message_header_t;

/* A record to produce. moldau copies key, value and headers during moldau_produce(): the
 * caller may reuse its buffers as soon as the call returns. */
typedef struct moldau_message {
    const char *topic;
    int32_t partition;          /* MOLDAU_PARTITION_ANY: the partitioner chooses */
    const void *key;            /* NULL: no key */
    size_t key_len;
    const void *value;          /* NULL: a null value (a tombstone on compacted topics) */
    size_t value_len;
    const moldau_message_header_t *headers;
    size_t n_headers;
    int64_t timestamp;          /* milliseconds since the epoch; 0: now */
} moldau_message_t;

#define MOLDAU_MESSAGE_INIT {NULL, MOLDAU_PARTITION_ANY, NULL, 0, NULL, 0, NULL, 0, 0}

/* The fate of one record. Valid only during the callback. */
typedef struct moldau_delivery {
    moldau_err_t err;           /* MOLDAU_ERR_NONE: written */
    const char *topic;
    int32_t partition;          /* -1 if none was chosen (e.g. unknown topic) */
    int64_t offset;             /* -1 when not written or with acks=0 */
    int64_t timestamp;          /* the record's, or the broker's with LogAppendTime */
    void *opaque;               /* the opaque given to moldau_produce() */
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
void moldau_conf_set_partitioner_cb(moldau_conf_t *conf, moldau_partitioner_cb *cb);

/* A producer. conf is copied (the caller keeps its own). NULL with the reason in errstr. */
moldau_producer_t *moldau_producer_new(const moldau_conf_t *conf, char *errstr,
                                       size_t errstr_size);

/* Queues one record (asynchronous, thread-safe). cb NULL: the configuration's delivery
 * callback (if any). Never waits for metadata: a record for a topic whose partitions are not
 * known yet is copied and held (counted in buffer.memory) and partitioned when they are; if
 * the topic is still unknown after min(max.block.ms, delivery.timeout.ms) it is reported with
 * MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION (a topic the broker refuses, e.g. an invalid name:
 * with the broker's error). Returns
 *   MOLDAU_ERR_NONE: accepted; exactly one report will follow;
 *   MOLDAU_ERR_MESSAGE_TOO_LARGE: the record alone exceeds max.request.size (or
 *     buffer.memory);
 *   MOLDAU_ERR__QUEUE_FULL: buffer.memory stayed full for max.block.ms (at once with 0);
 *   MOLDAU_ERR__UNKNOWN_PARTITION: an explicit partition outside the topic's known count, or
 *     the custom partitioner refused the record (an explicit partition of a topic not known
 *     yet is checked later and reported with this error);
 *   MOLDAU_ERR__INVALID_ARG: no topic, a header without key, a partition below -1;
 *   MOLDAU_ERR__STATE: the producer is closing. */
moldau_err_t moldau_produce(moldau_producer_t *p, const moldau_message_t *m,
                            moldau_delivery_cb *cb, void *opaque);

/* Produces one record and waits for its result (Java's send().get()): the report is copied
 * into *report if not NULL (report->topic then stays valid until the producer is closed).
 * Returns the record's error, moldau_produce()'s refusal, or MOLDAU_ERR__TIMED_OUT (the
 * record is then still on its way and its outcome goes unreported). timeout -1: forever. */
moldau_err_t moldau_produce_sync(moldau_producer_t *p, const moldau_message_t *m,
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
