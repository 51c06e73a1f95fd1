/*
 * moldau — the consumer: manual assignment, or a group (group.id, moldau_consumer_subscribe).
 *
 *   moldau_consumer_t *c = moldau_consumer_new(conf, errstr, sizeof(errstr));
 *   moldau_partition_list_t *l = moldau_partition_list_new(1);
 *   moldau_partition_list_add(l, "orders", 0)->offset = MOLDAU_OFFSET_BEGINNING;
 *   moldau_consumer_assign(c, l);
 *   moldau_partition_list_destroy(l);
 *   const moldau_consumer_record_t *recs[500];
 *   moldau_consumer_error_t e;
 *   for (;;) {
 *       int n = moldau_consumer_poll_batch(c, recs, 500, 1000, &e);
 *       if (n < 0) { fprintf(stderr, "%s [%d]: %s\n", e.topic, e.partition, e.reason); continue; }
 *       for (int i = 0; i < n; i++) handle(recs[i]);
 *   }
 *   moldau_consumer_close(c);
 *
 * Records and their lifetime: the records a poll returns are views into the Fetch response
 * they came in (no copy of keys, values or headers). They stay valid until the next
 * moldau_consumer_poll / moldau_consumer_poll_batch on the consumer, moldau_consumer_release,
 * or moldau_consumer_close, whichever comes first; copy what you need longer. This is the
 * poll loop of Java's consumer (records used until the next poll) without a per-record free
 * call (librdkafka's rd_kafka_message_destroy), which a batch of records would make costly;
 * release() lets an application that holds on to nothing free the buffers before a long wait.
 * Records held by the application count in queued.max.messages.kbytes: a consumer that is not
 * polled stops fetching when that much is buffered.
 *
 * Errors the application must see (an offset out of range with auto.offset.reset=none, an
 * unknown topic or partition, a corrupt batch) come out of poll as error events naming the
 * topic and partition; the partition stops fetching until it is seeked or assigned again
 * (an unknown topic is retried on every metadata refresh and reported once). A topic the
 * cluster refuses (TOPIC_AUTHORIZATION_FAILED, an invalid name) is reported once: for an
 * assigned partition as above, for a subscribed topic (which then gets no partitions) as an
 * event with the topic and partition -1; it is tried again on later metadata refreshes
 * (metadata.max.age.ms), not in a loop, so a granted ACL takes effect.
 *
 * Threads: one thread polls at a time; assign, seek and position may be called from another
 * thread between polls. moldau_consumer_close: once, after every other call has returned.
 * Fetching: incremental fetch sessions (KIP-227); the closest replica when client.rack is set
 * (KIP-392); a log truncated below the position after a leader change is detected (KIP-320:
 * a new leader epoch in metadata pauses the partition until OffsetForLeaderEpoch validates
 * its position with the new leader; a Fetch's diverging epoch as well) and reported as
 * MOLDAU_ERR__LOG_TRUNCATION (auto.offset.reset=none) or reset to the truncation point;
 * isolation.level=read_committed drops the records of aborted transactions.
 * Groups: subscribe, then poll; the membership (classic protocol: JoinGroup, SyncGroup,
 * heartbeats from the I/O side) runs by itself, and assignment changes are applied, and the
 * rebalance callback called, during poll (or close). Not polling for max.poll.interval.ms
 * makes the member leave the group: the next poll returns an error event
 * (MOLDAU_ERR__TIMED_OUT) and the member rejoins. An unrecoverable group error (fenced static
 * member, group authorization) is an error event with topic NULL.
 * Offsets: moldau_consumer_commit (sync, or async with the offset commit callback served by
 * poll), automatic commits (enable.auto.commit) of what poll handed out, committed(); a
 * partition assigned at MOLDAU_OFFSET_STORED starts at the group's committed offset.
 */
#ifndef MOLDAU_CONSUMER_H
#define MOLDAU_CONSUMER_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/client.h"
#include "moldau/conf.h"
#include "moldau/error.h"
#include "moldau/record.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct moldau_consumer moldau_consumer_t;

/* Logical offsets (the values of librdkafka's RD_KAFKA_OFFSET_*, so code ported keeps them). */
#define MOLDAU_OFFSET_BEGINNING (-2LL) /* the partition's first offset (log start) */
#define MOLDAU_OFFSET_END (-1LL)       /* the partition's end: records produced from now on */
#define MOLDAU_OFFSET_STORED (-1000LL) /* the committed offset, else auto.offset.reset (without
                                        * groups: auto.offset.reset) */
#define MOLDAU_OFFSET_INVALID (-1001LL)

/* One topic-partition with an offset (and a per-partition error where a call returns one).
 * Grows only into reserved_. */
typedef struct moldau_topic_partition {
    char *topic;        /* the list's copy */
    int32_t partition;
    int64_t offset;     /* an offset >= 0 or MOLDAU_OFFSET_*; MOLDAU_OFFSET_STORED when added */
    moldau_err_t err;
    void *reserved_[4];
} moldau_topic_partition_t;

/* A list of topic-partitions, the application's. */
typedef struct moldau_partition_list {
    moldau_topic_partition_t *elems;
    size_t n;
    size_t cap;
} moldau_partition_list_t;

/* An empty list with room for `size` elements (it grows). NULL when out of memory. */
moldau_partition_list_t *moldau_partition_list_new(size_t size);
/* Appends topic/partition (topic copied), offset MOLDAU_OFFSET_STORED. The element, valid
 * until the next add or destroy, or NULL when out of memory. */
moldau_topic_partition_t *moldau_partition_list_add(moldau_partition_list_t *l, const char *topic,
                                                    int32_t partition);
/* Frees the list and its topic copies. NULL is ignored. */
void moldau_partition_list_destroy(moldau_partition_list_t *l);

/* An error event of poll. topic and reason live until the next poll (or release, close). */
typedef struct moldau_consumer_error {
    moldau_err_t err;
    const char *topic;  /* NULL for an error of no topic (e.g. the group's) */
    int32_t partition;  /* -1 with topic NULL, or for an error of a whole topic */
    int64_t offset;     /* the position it happened at, or -1 */
    const char *reason; /* a sentence */
    void *reserved_[4];
} moldau_consumer_error_t;

/* A consumer. conf is copied. NULL with the reason in errstr. */
moldau_consumer_t *moldau_consumer_new(const moldau_conf_t *conf, char *errstr,
                                       size_t errstr_size);
/* Stops fetching, frees the records not yet released, and frees the consumer. */
void moldau_consumer_close(moldau_consumer_t *c);
/* The consumer's own client, borrowed (as moldau_producer_client). */
moldau_client_t *moldau_consumer_client(moldau_consumer_t *c);

/* Replaces the assignment with the partitions of `l` (copied; NULL or empty: none), each
 * from its offset (>= 0, MOLDAU_OFFSET_BEGINNING, _END or _STORED). Records of partitions no
 * longer assigned are never returned after this call. MOLDAU_ERR__INVALID_ARG (an offset
 * below -2 other than _STORED, a negative partition, no topic), MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau_consumer_assign(moldau_consumer_t *c, const moldau_partition_list_t *l);
/* Assigns no partitions: moldau_consumer_assign(c, NULL). */
moldau_err_t moldau_consumer_unassign(moldau_consumer_t *c);
/* The next records of an assigned partition start at offset (>= 0 or a MOLDAU_OFFSET_*);
 * records fetched before the call are not returned. MOLDAU_ERR__UNKNOWN_PARTITION when the
 * partition is not assigned. */
moldau_err_t moldau_consumer_seek(moldau_consumer_t *c, const char *topic, int32_t partition,
                                  int64_t offset);
/* The offset of the next record poll returns for the partition, or a MOLDAU_OFFSET_* while it
 * is being resolved. MOLDAU_ERR__UNKNOWN_PARTITION when the partition is not assigned. */
moldau_err_t moldau_consumer_position(moldau_consumer_t *c, const char *topic,
                                      int32_t partition, int64_t *offset);

/* Stops fetching the listed assigned partitions (offsets ignored) and returning their records
 * until resumed; records fetched but not yet returned are dropped and fetched again on resume
 * from the position. Partitions not assigned are skipped (their err set to
 * MOLDAU_ERR__UNKNOWN_PARTITION). MOLDAU_ERR_NONE, or MOLDAU_ERR__INVALID_ARG for NULL. */
moldau_err_t moldau_consumer_pause(moldau_consumer_t *c, moldau_partition_list_t *l);
/* Fetches the listed paused partitions again, from their positions (the same rules for
 * partitions not assigned and for NULL). */
moldau_err_t moldau_consumer_resume(moldau_consumer_t *c, moldau_partition_list_t *l);

/* Waits up to timeout_ms (-1: forever, 0: not at all) for records and returns up to max of
 * them (at most max.poll.records) in recs[0..n), in order per partition; 0 when none came.
 * -1 with *error set (error may not be NULL) when an error event is next: records before it
 * were returned by earlier polls. Serves the client's callbacks (logs) meanwhile. The
 * records of the previous poll are released first (see above). */
int moldau_consumer_poll_batch(moldau_consumer_t *c, const moldau_consumer_record_t **recs,
                               int max, int timeout_ms, moldau_consumer_error_t *error);
/* One record, or NULL: a timeout (error->err MOLDAU_ERR_NONE) or an error event. */
const moldau_consumer_record_t *moldau_consumer_poll(moldau_consumer_t *c, int timeout_ms,
                                                     moldau_consumer_error_t *error);
/* Releases the records and error of the last poll now. */
void moldau_consumer_release(moldau_consumer_t *c);

/* ---- consumer groups: subscribe, rebalances ------------------------------------------- */

/* Subscribes to topics (group.id required): names, or POSIX extended regexes when an entry
 * starts with '^' (matched against the cluster's topics on every metadata refresh, so topics
 * created later join). Replaces the subscription; the group is joined from the reactor, and
 * the assignment arrives through poll. MOLDAU_ERR__INVALID_ARG without group.id, for a bad
 * regex, or while partitions are assigned by hand (moldau_consumer_assign). */
moldau_err_t moldau_consumer_subscribe(moldau_consumer_t *c, const char *const *topics, size_t n);
/* Revokes the assignment (callback, then the auto-commit) and leaves the group. */
moldau_err_t moldau_consumer_unsubscribe(moldau_consumer_t *c);
/* The current assignment (offsets: the positions), the caller's list. */
moldau_err_t moldau_consumer_assignment(moldau_consumer_t *c, moldau_partition_list_t **out);

typedef enum moldau_rebalance_event {
    MOLDAU_REBALANCE_ASSIGNED = 1, /* after the partitions were added: the callback may seek */
    MOLDAU_REBALANCE_REVOKED,      /* before they are removed: the callback may commit */
    MOLDAU_REBALANCE_LOST          /* already owned by others: no commit possible */
} moldau_rebalance_event_t;

/* Java's model: moldau applies every assignment change itself, the callback is told (on the
 * application's thread, during poll or close; it may call moldau_consumer_commit, seek and
 * position). Eager assignors (range, roundrobin, or any eager one in the list): the whole
 * assignment is revoked before the member rejoins, then the new one assigned; when every
 * assignor is cooperative (cooperative-sticky, KIP-429): only what moves is revoked, the
 * partitions that stay keep their position and prefetched records. partitions: valid during
 * the call. */
typedef void(moldau_rebalance_cb)(moldau_consumer_t *c, moldau_rebalance_event_t event,
                                  const moldau_partition_list_t *partitions, void *opaque);
/* The rebalance callback of consumers made from conf (NULL: none; moldau applies the
 * assignment either way). */
void moldau_conf_set_rebalance_cb(moldau_conf_t *conf, moldau_rebalance_cb *cb);

/* ---- offsets: commits, committed -------------------------------------------------------- */

/* Offsets are committed to the group of group.id (OffsetCommit to its coordinator), as the
 * next offset to read (Java's convention), with the leader epoch of the last record poll
 * returned (KIP-320). In a group generation a commit carries its generation, member id and
 * group.instance.id; outside one (manual assignment) it is a "simple" commit (generation -1,
 * member id ""), which Kafka accepts for a group without members. Partitions assigned at
 * MOLDAU_OFFSET_STORED start at the group's committed offset, or by auto.offset.reset when
 * there is none (none: an error event of poll); no record of theirs is fetched before.
 *
 * enable.auto.commit (default true) commits every auto.commit.interval.ms, asynchronously,
 * the positions of what poll handed to the application that changed since the last commit,
 * and once more synchronously at close (and before partitions are revoked): only while the
 * group generation is stable, or for a manual assignment. Results of automatic and
 * asynchronous commits go to the offset commit callback during a later poll. Without
 * group.id the calls below return MOLDAU_ERR__STATE. */

/* offsets NULL: the positions of what poll handed out, for every assigned partition that has
 * one; else the given offsets (copied; each >= 0, the next offset to read, as Java), with no
 * leader epoch unless it is the partition's position. sync: waits up to request.timeout.ms
 * and returns the error (the first partition's when the request went through); async:
 * returns at once, the result goes to the offset commit callback during a later poll.
 * Callable from a callback served by poll (e.g. a rebalance callback).
 * MOLDAU_ERR__INVALID_ARG for an offset below 0. */
moldau_err_t moldau_consumer_commit(moldau_consumer_t *c, const moldau_partition_list_t *offsets,
                                    int async);
/* err: the request's error, else the first partition's; offsets->elems[i].err each
 * partition's (e.g. MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION, MOLDAU_ERR_OFFSET_METADATA_TOO_LARGE,
 * MOLDAU_ERR_REBALANCE_IN_PROGRESS). offsets lives until the callback returns. */
typedef void(moldau_offset_commit_cb)(moldau_consumer_t *c, moldau_err_t err,
                                      const moldau_partition_list_t *offsets, void *opaque);
/* For asynchronous and automatic commits; opaque is the configuration's (moldau_conf_set_opaque). */
void moldau_conf_set_offset_commit_cb(moldau_conf_t *conf, moldau_offset_commit_cb *cb);
/* Sets each element's offset to the group's committed offset (MOLDAU_OFFSET_INVALID when
 * none) and its err, waiting up to timeout_ms (-1: request.timeout.ms). A partition with a
 * transactional commit pending (UNSTABLE_OFFSET_COMMIT) is asked again within that time, as
 * Java's committed() does; the error stands only when the time runs out first. Returns the
 * request's error, else the first partition's. */
moldau_err_t moldau_consumer_committed(moldau_consumer_t *c, moldau_partition_list_t *l,
                                       int timeout_ms);

/* ---- offsets by time, watermarks, lag ---------------------------------------------------- */

/* For each element of l: in, offset = a timestamp (ms since the epoch); out, offset = the
 * earliest offset whose timestamp is >= it (ListOffsets to the partition's leader), or
 * MOLDAU_OFFSET_END when there is none, and err (MOLDAU_ERR_NONE, the broker's error for the
 * partition, or MOLDAU_ERR__UNKNOWN_PARTITION). The partitions need not be assigned. Waits up
 * to timeout_ms in all (-1: request.timeout.ms). Returns MOLDAU_ERR_NONE when every leader
 * answered (per-element errors in err), else the first request's error (MOLDAU_ERR__TIMED_OUT,
 * a transport error); MOLDAU_ERR__INVALID_ARG for NULL. Application thread. */
moldau_err_t moldau_consumer_offsets_for_times(moldau_consumer_t *c, moldau_partition_list_t *l,
                                               int timeout_ms);
/* The log start offset (*low) and the high watermark (*high) of an assigned partition, as
 * the last Fetch answer for it told them (no request); -1 when not known yet.
 * MOLDAU_ERR__UNKNOWN_PARTITION when the partition is not assigned. */
moldau_err_t moldau_consumer_get_watermark_offsets(moldau_consumer_t *c, const char *topic,
                                                   int32_t partition, int64_t *low,
                                                   int64_t *high);
/* The same asked of the partition's leader now (two ListOffsets: earliest and latest; under
 * isolation.level=read_committed *high is the last stable offset, as Java's endOffsets), for
 * any partition. Waits up to timeout_ms (-1: request.timeout.ms). */
moldau_err_t moldau_consumer_query_watermark_offsets(moldau_consumer_t *c, const char *topic,
                                                     int32_t partition, int64_t *low,
                                                     int64_t *high, int timeout_ms);
/* The records between the position and the end of an assigned partition: its high watermark
 * (the last stable offset under read_committed) of the last Fetch answer minus the position;
 * -1 when either is not known yet. MOLDAU_ERR__UNKNOWN_PARTITION when not assigned. */
moldau_err_t moldau_consumer_lag(moldau_consumer_t *c, const char *topic, int32_t partition,
                                 int64_t *lag);

#ifdef __cplusplus
}
#endif
#endif
