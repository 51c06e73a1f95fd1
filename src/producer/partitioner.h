/*
 * Partitioners: which partition a record goes to.
 *
 *  default            the Java client's: murmur2 of the key (positive, modulo the count); no key
 *                     → "uniform sticky" (KIP-794): one partition takes unkeyed records until
 *                     batch.size bytes went to it or its batch was sent, then another is drawn
 *  murmur2_random     murmur2 of the key like Java; no key → a random partition (librdkafka's)
 *  consistent_random  CRC-32 of the key; empty or no key → random (librdkafka's default)
 *  random             always random
 *  round_robin        every record to the next partition in turn
 *  custom             an application callback
 *
 * State is per topic. moldau__partition() must be serialised per topic by the caller (the
 * producer holds the topic's lock); moldau__partition_fast() and
 * moldau__partitioner_batch_closed() may run concurrently with everything: what they touch
 * (the sticky partition and its byte count, the round robin position) is atomic, so the
 * common cases need no lock.
 */
#ifndef MOLDAU_PRODUCER_PARTITIONER_H
#define MOLDAU_PRODUCER_PARTITIONER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "util/rand.h"

typedef enum moldau__partitioner_kind {
    MOLDAU__PART_DEFAULT = 0, /* same order as the `partitioner` property's values */
    MOLDAU__PART_MURMUR2_RANDOM,
    MOLDAU__PART_CONSISTENT_RANDOM,
    MOLDAU__PART_RANDOM,
    MOLDAU__PART_ROUND_ROBIN,
    MOLDAU__PART_CUSTOM
} moldau__partitioner_kind_t;

/* The application's partitioner: returns a partition in [0, n_partitions), or -1 to fail the
 * record with an unknown-partition error. */
typedef int32_t(moldau__partition_cb)(const char *topic, const void *key, size_t key_len,
                                      int32_t n_partitions, void *opaque);

typedef struct moldau__partitioner {
    moldau__partitioner_kind_t kind;
    int ignore_keys;       /* partitioner.ignore.keys */
    int64_t batch_size;    /* bytes before the sticky partition moves on */
    moldau__partition_cb *cb;
    void *cb_opaque;
    moldau__rng_t rng;     /* seeded per topic (serialised callers only) */
    /* The sticky partition + 1 (0: none drawn yet) in the top 24 bits, the bytes produced to
     * it since it was drawn in the low 40: one word, so that a record can claim its place
     * with one compare-and-swap. */
    _Atomic uint64_t sticky;
    atomic_uint next;      /* round robin position */
} moldau__partitioner_t;

void moldau__partitioner_init(moldau__partitioner_t *p, moldau__partitioner_kind_t kind,
                              int ignore_keys, int64_t batch_size, uint64_t seed);

/* The partition for a record. key NULL means no key (key_len ignored). `record_size` counts
 * towards the sticky partition's bytes. `available` (may be NULL) marks the partitions that have
 * a leader now: unkeyed records avoid the others when any is available (keyed records never
 * move, so that the same key always lands on the same partition). Returns -1 only from a
 * custom callback's refusal or a count below 1. */
int32_t moldau__partition(moldau__partitioner_t *p, const char *topic, const void *key,
                          size_t key_len, int32_t n_partitions, const uint8_t *available,
                          int64_t record_size);

/* The same choice without the caller's lock where it needs no serialised state: keyed records
 * of the hashing kinds, round robin, and an unkeyed record while the sticky partition holds
 * (it is counted then). Returns -2 when the caller must take its lock and call
 * moldau__partition() (a sticky partition to draw, the random kinds, custom). The caller
 * checks the availability of a sticky result itself (and then goes the locked way). */
int32_t moldau__partition_fast(moldau__partitioner_t *p, const void *key, size_t key_len,
                               int32_t n_partitions, int64_t record_size);

/* The producer closed (sent) the batch of `partition`: an unkeyed sticky stream moves on. */
void moldau__partitioner_batch_closed(moldau__partitioner_t *p, int32_t partition);

/* The key hashes, exposed for tests and tools: Java's (murmur2, positive, modulo n) and
 * librdkafka's consistent one (CRC-32 modulo n). */
int32_t moldau__partition_murmur2(const void *key, size_t key_len, int32_t n_partitions);
int32_t moldau__partition_crc32(const void *key, size_t key_len, int32_t n_partitions);

#endif
