/* murmur2, the Java producer's key hash (RECORD_FORMAT.md §7), so that moldau sends a keyed
 * record to the same partition as the Java client, librdkafka's murmur2 partitioner and
 * kafka-python do. */
#ifndef MOLDAU_PRODUCER_MURMUR2_H
#define MOLDAU_PRODUCER_MURMUR2_H

#include <stddef.h>
#include <stdint.h>

/* Kafka's Utils.murmur2(): the 32-bit result (Java reads it as a signed int). */
uint32_t moldau__murmur2(const void *key, size_t len);

/* The default partitioner's choice for a non-null key: toPositive(murmur2) % n_partitions,
 * toPositive clearing the sign bit (not abs()). n_partitions is the topic's total partition
 * count and must be > 0 (0 gives 0). */
int32_t moldau__murmur2_partition(const void *key, size_t len, int32_t n_partitions);

#endif
