/* murmur2 as Kafka's Utils.murmur2 computes it: seed 0x9747b28c, 4-byte groups read
 * little-endian whatever the host, all arithmetic modulo 2^32. */
#include "producer/murmur2.h"

uint32_t moldau__murmur2(const void *key, size_t len)
{
    const uint32_t m = 0x5bd1e995;
    const int r = 24;
    const uint8_t *p = key;
    /* Java passes the length as an int; keys never reach 2 GiB */
    uint32_t h = 0x9747b28cu ^ (uint32_t)len;
    size_t i = 0;
    for (; len - i >= 4; i += 4) {
        uint32_t k = (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16 |
                     (uint32_t)p[i + 3] << 24;
        k *= m;
        k ^= k >> r;
        k *= m;
        h *= m;
        h ^= k;
    }
    switch (len - i) {
    case 3:
        h ^= (uint32_t)p[i + 2] << 16;
        /* fall through */
    case 2:
        h ^= (uint32_t)p[i + 1] << 8;
        /* fall through */
    case 1:
        h ^= p[i];
        h *= m;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return h;
}

int32_t moldau__murmur2_partition(const void *key, size_t len, int32_t n_partitions)
{
    if (n_partitions <= 0)
        return 0;
    return (int32_t)((moldau__murmur2(key, len) & 0x7fffffffu) % (uint32_t)n_partitions);
}
