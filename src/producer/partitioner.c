/* Partition choice; see partitioner.h for the strategies and their origin. */
#include <zlib.h>

#include "producer/murmur2.h"
#include "producer/partitioner.h"

void moldau__partitioner_init(moldau__partitioner_t *p, moldau__partitioner_kind_t kind,
                              int ignore_keys, int64_t batch_size, uint64_t seed)
{
    p->kind = kind;
    p->ignore_keys = ignore_keys;
    p->batch_size = batch_size > 0 ? batch_size : 1;
    p->cb = NULL;
    p->cb_opaque = NULL;
    p->rng = seed ? seed : 0x9e3779b97f4a7c15ULL;
    p->sticky = -1;
    p->sticky_bytes = 0;
    p->next = 0;
}

static uint32_t next_random(moldau__partitioner_t *p)
{
    /* xorshift64*: cheap, good enough to spread records, no global state */
    uint64_t x = p->rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    p->rng = x;
    return (uint32_t)((x * 0x2545f4914f6cdd1dULL) >> 32);
}

/* A random partition, preferring the available ones when the caller knows which. */
static int32_t random_partition(moldau__partitioner_t *p, int32_t n, const uint8_t *available,
                                int32_t avoid)
{
    if (available) {
        int32_t up = 0;
        for (int32_t i = 0; i < n; i++)
            up += available[i] && i != avoid;
        if (up > 0) {
            uint32_t k = next_random(p) % (uint32_t)up;
            for (int32_t i = 0; i < n; i++)
                if (available[i] && i != avoid && k-- == 0)
                    return i;
        }
    }
    if (n > 1 && avoid >= 0) { /* a fresh sticky partition differs from the last one */
        int32_t r = (int32_t)(next_random(p) % (uint32_t)(n - 1));
        return r >= avoid ? r + 1 : r;
    }
    return (int32_t)(next_random(p) % (uint32_t)n);
}

int32_t moldau__partition_murmur2(const void *key, size_t key_len, int32_t n_partitions)
{
    return (int32_t)((moldau__murmur2(key, key_len) & 0x7fffffff) % (uint32_t)n_partitions);
}

int32_t moldau__partition_crc32(const void *key, size_t key_len, int32_t n_partitions)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    const Bytef *b = key;
    while (key_len > 0) { /* zlib takes uInt lengths */
        uInt chunk = key_len > 0x40000000u ? 0x40000000u : (uInt)key_len;
        crc = crc32(crc, b, chunk);
        b += chunk;
        key_len -= chunk;
    }
    return (int32_t)((uint32_t)crc % (uint32_t)n_partitions);
}

static int32_t sticky_partition(moldau__partitioner_t *p, int32_t n, const uint8_t *available,
                                int64_t record_size)
{
    int stale = p->sticky < 0 || p->sticky >= n || p->sticky_bytes >= p->batch_size ||
                (available && !available[p->sticky]);
    if (stale) {
        p->sticky = random_partition(p, n, available, p->sticky < n ? p->sticky : -1);
        p->sticky_bytes = 0;
    }
    p->sticky_bytes += record_size;
    return p->sticky;
}

int32_t moldau__partition(moldau__partitioner_t *p, const char *topic, const void *key,
                          size_t key_len, int32_t n_partitions, const uint8_t *available,
                          int64_t record_size)
{
    if (n_partitions < 1)
        return -1;
    int keyed = key != NULL && !p->ignore_keys;
    switch (p->kind) {
    case MOLDAU__PART_DEFAULT:
        if (keyed)
            return moldau__partition_murmur2(key, key_len, n_partitions);
        return sticky_partition(p, n_partitions, available, record_size);
    case MOLDAU__PART_MURMUR2_RANDOM:
        if (keyed)
            return moldau__partition_murmur2(key, key_len, n_partitions);
        return random_partition(p, n_partitions, available, -1);
    case MOLDAU__PART_CONSISTENT_RANDOM:
        if (keyed && key_len > 0)
            return moldau__partition_crc32(key, key_len, n_partitions);
        return random_partition(p, n_partitions, available, -1);
    case MOLDAU__PART_RANDOM:
        return random_partition(p, n_partitions, available, -1);
    case MOLDAU__PART_ROUND_ROBIN:
        return (int32_t)(p->next++ % (uint32_t)n_partitions);
    case MOLDAU__PART_CUSTOM: {
        int32_t part = p->cb ? p->cb(topic, key, key ? key_len : 0, n_partitions, p->cb_opaque)
                             : -1;
        return part >= 0 && part < n_partitions ? part : -1;
    }
    }
    return -1;
}

void moldau__partitioner_batch_closed(moldau__partitioner_t *p, int32_t partition)
{
    if (partition == p->sticky)
        p->sticky_bytes = p->batch_size; /* draw a new one on the next unkeyed record */
}
