/* Topics for tests on the real broker: created with moldau's own CreateTopics codec over a raw
 * connection (no admin client needed). Test-only. */
#ifndef MOLDAU_TEST_TOPIC_H
#define MOLDAU_TEST_TOPIC_H

#include <stdint.h>

/* Creates `topic` with n partitions (replication factor 1), waiting for the broker to say it
 * exists. An existing topic is fine. Returns 0, or -1 with the reason on stderr. */
int test_create_topic(const char *bootstrap, const char *topic, int32_t partitions);
/* The same with a replication factor (-1: the brokers' default). */
int test_create_topic_rf(const char *bootstrap, const char *topic, int32_t partitions,
                         int16_t replication_factor);

/* Grows `topic` to `total` partitions (CreatePartitions), waiting until the broker's metadata
 * shows them all led. Returns 0, or -1 with the reason on stderr. */
int test_create_partitions(const char *bootstrap, const char *topic, int32_t total);

/* Deletes `topic`, waiting until the broker's metadata no longer shows it. Returns 0, or -1
 * with the reason on stderr. */
int test_delete_topic(const char *bootstrap, const char *topic);

/* A topic name unique to this run and test: "<prefix>-<pid>-<counter>-<random>". */
const char *test_topic_name(const char *prefix, char *buf, size_t size);

#endif
