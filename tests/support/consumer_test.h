/* Consumers for tests: one made from name/value settings, a manual assignment, the committed
 * offsets of a group. Every call fails the test (ck_assert) on an error. Test-only. */
#ifndef MOLDAU_TEST_CONSUMER_H
#define MOLDAU_TEST_CONSUMER_H

#include <stddef.h>
#include <stdint.h>

#include "moldau.h"

/* A consumer of `bootstrap` with log.level 3 (and debug=$MOLDAU_TEST_DEBUG when set), then the
 * NULL-terminated name, value pairs, later ones overriding earlier ones. */
moldau_consumer_t *test_consumer_new(const char *bootstrap, ...);

/* The same with an offset commit callback and the configuration's opaque (cb NULL: none). */
moldau_consumer_t *test_consumer_new_cb(const char *bootstrap, moldau_offset_commit_cb *cb,
                                        void *opaque, ...);

/* The same from an array of pairs ending in NULL (kv may be NULL), with an offset commit
 * callback and the configuration's opaque (cb NULL: none). */
moldau_consumer_t *test_consumer_newv(const char *bootstrap, const char *const *kv,
                                      moldau_offset_commit_cb *cb, void *opaque);

/* Assigns partitions 0..n-1 of `topic`, each at `offset` (an offset or MOLDAU_OFFSET_*). */
void test_consumer_assign(moldau_consumer_t *c, const char *topic, int n, int64_t offset);

/* The group's committed offsets of partitions 0..n-1 of `topic` into out[0..n-1] (-1: none),
 * within timeout_ms; every partition must come back without an error. */
void test_consumer_committed(moldau_consumer_t *c, const char *topic, int n, int64_t *out,
                             int timeout_ms);

/* Produces the records with ids [from, from+n) to `topic`: value "<id>" (decimal), no key,
 * id i to partition i % partitions; with linger.ms=5 and then the producer settings kv (pairs
 * ending in NULL; kv may be NULL). Waits for every delivery. */
void test_produce_ids(const char *bootstrap, const char *topic, int partitions, int from, int n,
                      const char *const *kv);

/* The id a record of test_produce_ids holds (its value's decimal text); -1 for none. */
int test_record_id(const moldau_consumer_record_t *r);

/* Polls (a bound of 300 polls of up to 100 ms) until *next == until, each record handed out
 * being the next id at the offset equal to it (one partition, produced from id 0); fails on an
 * error event or a record out of order. */
void test_consume_ids(moldau_consumer_t *c, int *next, int until);

#endif
