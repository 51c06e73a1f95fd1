/*
 * A Fetch response kept whole: the buffer the connection received (never copied), the arena
 * its decoded form and the records' arrays live in, and the decompressed batches. Records
 * handed to the application are views into it; it is reference counted (one reference per
 * record batch handed out, plus the fetcher's while it parses) and freed, its bytes released
 * from the prefetch bound, when the last reference goes.
 *
 * moldau__fetchbuf_read_partition is the consume path's inner loop, pure (no I/O, no clock):
 * one partition's record set → moldau_consumer_record_t views, CRC-checked (check.crcs),
 * each compressed batch decompressed once, legacy message sets read, control batches
 * skipped, batches of aborted transactions dropped (read_committed: aborted.h), records
 * before the fetch offset (the head of a compressed batch) dropped.
 */
#ifndef MOLDAU_CONSUMER_FETCHBUF_H
#define MOLDAU_CONSUMER_FETCHBUF_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "consumer/fetch_budget.h"
#include "net/rbuf_pool.h"
#include "moldau/protocol.h"
#include "moldau/record.h"

typedef struct moldau__fetchbuf moldau__fetchbuf_t;
struct moldau__fetchbuf {
    atomic_int refs;
    moldau_buf_t body;            /* the response as received */
    moldau_arena_t arena;         /* the decoded response, records, headers, names */
    struct moldau__fetchbuf_keep *kept; /* malloc'd blocks freed with the buffer */
    moldau__fetch_budget_t *budget;     /* may be NULL */
    moldau__rbuf_pool_t *pool;          /* where body goes back when freed; NULL: freed */
    size_t accounted;             /* bytes counted in budget */
    /* of the batches read so far: their bytes in body, and what reading them added (the
     * decompressed batches, the record arrays); the fetcher learns the inflation from it */
    size_t read_wire, read_held;
};

/* Takes *body over (body is left empty) with one reference, the caller's. The body's bytes
 * are counted as held in budget (if not NULL): the caller settles its reservation to
 * body->len first. NULL when out of memory (body is then freed and its bytes released). */
moldau__fetchbuf_t *moldau__fetchbuf_new(moldau_buf_t *body, moldau__fetch_budget_t *budget);
void moldau__fetchbuf_ref(moldau__fetchbuf_t *fb);
/* Drops a reference; the last frees everything and releases its bytes (any thread). */
void moldau__fetchbuf_unref(moldau__fetchbuf_t *fb);

/* One partition's records of a fetch, as views into the fetchbuf. */
typedef struct moldau__fetch_records {
    moldau_consumer_record_t *recs; /* in the fetchbuf (its arena or kept blocks) */
    size_t n;
    int64_t next_offset; /* where the next fetch starts: after the last whole batch read */
    int32_t last_epoch;  /* the partition leader epoch of the last batch passed (read or
                          * skipped), -1 when none was (KIP-320: the position's epoch) */
    int cut;             /* reading stopped before a batch because the prefetch bound is
                          * full: the rest is fetched again (never before the fetchbuf's
                          * first batch, so that a fetch always progresses) */
    moldau_err_t err;    /* MOLDAU_ERR__CRC, _BAD_MSG, _BAD_COMPRESSION, _TOO_LARGE,
                          * _NO_MEMORY: reading stopped at that batch (recs are those of
                          * the batches before it; next_offset is where it starts) */
} moldau__fetch_records_t;

/* Reads `records` (a view into fb->body) of topic/partition fetched from fetch_offset.
 * topic is copied into the fetchbuf. A compressed batch may decompress to max_decompressed
 * bytes at most. Decompressed bytes and record arrays are counted in the budget; once it is
 * full, reading stops (out->cut). aborted/n_aborted: the
 * partition's aborted transactions of a read_committed answer (NULL/0: none); their batches
 * are dropped, the position moves past them. Returns out->err. */
moldau_err_t moldau__fetchbuf_read_partition(moldau__fetchbuf_t *fb, const char *topic,
                                             int32_t partition, moldau_bytes_t records,
                                             int64_t fetch_offset, int check_crcs,
                                             size_t max_decompressed,
                                             const moldau_fetch_response_aborted_transaction_t *aborted,
                                             int32_t n_aborted, moldau__fetch_records_t *out);

#endif
