/* Partition choice; see partitioner.h for the strategies and their origin. */
#include <zlib.h>

#include "producer/murmur2.h"
#include "producer/partitioner.h"

#define STICKY_SHIFT 40
#define STICKY_BYTES ((UINT64_C(1) << STICKY_SHIFT) - 1)
#define STICKY_MAX_BATCH (INT64_C(1) << (STICKY_SHIFT - 1))

void moldau__partitioner_init(moldau__partitioner_t *p, moldau__partitioner_kind_t kind,
                              int ignore_keys, int64_t batch_size, uint64_t seed)
{
    p->kind = kind;
    p->ignore_keys = ignore_keys;
    p->batch_size = batch_size < 1 ? 1 : batch_size > STICKY_MAX_BATCH ? STICKY_MAX_BATCH
                                                                        : batch_size;
    p->cb = NULL;
    p->cb_opaque = NULL;
    moldau__rng_init(&p->rng, seed);
    atomic_init(&p->sticky, 0);
    atomic_init(&p->next, 0);
}

static int32_t sticky_part(uint64_t w) { return (int32_t)(w >> STICKY_SHIFT) - 1; }
static int64_t sticky_bytes(uint64_t w) { return (int64_t)(w & STICKY_BYTES); }

static uint64_t sticky_word(int32_t part, int64_t bytes)
{
    if (bytes > (int64_t)STICKY_BYTES)
        bytes = (int64_t)STICKY_BYTES;
    return ((uint64_t)(part + 1) << STICKY_SHIFT) | (uint64_t)bytes;
}

static uint32_t next_random(moldau__partitioner_t *p)
{
    return (uint32_t)(moldau__rng_next(&p->rng) >> 32);
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

/* Claims record_size bytes of the sticky partition if it still holds (-1 if it does not). */
static int32_t sticky_claim(moldau__partitioner_t *p, int32_t n, const uint8_t *available,
                            int64_t record_size)
{
    uint64_t w = atomic_load_explicit(&p->sticky, memory_order_relaxed);
    for (;;) {
        int32_t part = sticky_part(w);
        if (part < 0 || part >= n || sticky_bytes(w) >= p->batch_size ||
            (available && !available[part]))
            return -1;
        if (atomic_compare_exchange_weak_explicit(&p->sticky, &w,
                                                  sticky_word(part, sticky_bytes(w) + record_size),
                                                  memory_order_relaxed, memory_order_relaxed))
            return part;
    }
}

static int32_t sticky_partition(moldau__partitioner_t *p, int32_t n, const uint8_t *available,
                                int64_t record_size)
{
    int32_t part = sticky_claim(p, n, available, record_size);
    if (part >= 0)
        return part;
    /* Serialised callers only draw, but a lock-free claim may run meanwhile: it either
     * lands on the old word (and counts there) or sees the new one. */
    int32_t old = sticky_part(atomic_load(&p->sticky));
    part = random_partition(p, n, available, old < n ? old : -1);
    atomic_store(&p->sticky, sticky_word(part, record_size));
    return part;
}

int32_t moldau__partition_fast(moldau__partitioner_t *p, const void *key, size_t key_len,
                               int32_t n_partitions, int64_t record_size)
{
    int keyed = key != NULL && !p->ignore_keys;
    if (p->kind == MOLDAU__PART_DEFAULT && !keyed) { /* the common case first, inline */
        uint64_t w = atomic_load_explicit(&p->sticky, memory_order_relaxed);
        for (;;) {
            int32_t part = sticky_part(w);
            if (part < 0 || part >= n_partitions || sticky_bytes(w) >= p->batch_size)
                return -2;
            /* bytes stay below 2^40: batch_size is below 2^39, a record below 2^31 */
            if (atomic_compare_exchange_weak_explicit(&p->sticky, &w, w + (uint64_t)record_size,
                                                      memory_order_relaxed,
                                                      memory_order_relaxed))
                return part;
        }
    }
    if (n_partitions < 1)
        return -2;
    switch (p->kind) {
    case MOLDAU__PART_DEFAULT:
        return moldau__partition_murmur2(key, key_len, n_partitions);
    case MOLDAU__PART_MURMUR2_RANDOM:
        return keyed ? moldau__partition_murmur2(key, key_len, n_partitions) : -2;
    case MOLDAU__PART_CONSISTENT_RANDOM:
        return keyed && key_len > 0 ? moldau__partition_crc32(key, key_len, n_partitions) : -2;
    case MOLDAU__PART_ROUND_ROBIN:
        return (int32_t)(atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed) %
                         (uint32_t)n_partitions);
    default:
        return -2;
    }
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
        return (int32_t)(atomic_fetch_add_explicit(&p->next, 1, memory_order_relaxed) %
                         (uint32_t)n_partitions);
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
    /* draw a new one on the next unkeyed record */
    uint64_t w = atomic_load_explicit(&p->sticky, memory_order_relaxed);
    while (sticky_part(w) == partition && sticky_bytes(w) < p->batch_size &&
           !atomic_compare_exchange_weak_explicit(&p->sticky, &w,
                                                  sticky_word(partition, p->batch_size),
                                                  memory_order_relaxed, memory_order_relaxed))
        ;
}
