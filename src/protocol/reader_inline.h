/*
 * The reader's varint and view primitives as inline functions, for the per-record hot path
 * (records_reader.c): every record of a fetch reads six or more varints, and the out-of-line
 * moldau_r_* (a call and a bounds-checked view per byte) cost more than the record's other
 * work together. Same rules as reader.c: sticky error, a failed read leaves p at the end and
 * returns zero; a 32-bit varint takes at most 5 bytes and fits 32 bits, a 64-bit one 10.
 */
#ifndef MOLDAU_PROTOCOL_READER_INLINE_H
#define MOLDAU_PROTOCOL_READER_INLINE_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/protocol.h"

static inline void moldau__r_fail(moldau_reader_t *r)
{
    r->err = 1;
    r->p = r->end;
}

static inline uint64_t moldau__r_uvarint_n(moldau_reader_t *r, int max_bytes)
{
    const uint8_t *p = r->p;
    if (r->end - p >= 2) { /* one or two bytes: most lengths and deltas */
        if (!(p[0] & 0x80)) {
            r->p = p + 1;
            return p[0];
        }
        if (!(p[1] & 0x80)) {
            r->p = p + 2;
            return (uint64_t)(p[0] & 0x7f) | (uint64_t)p[1] << 7;
        }
    }
    uint64_t v = 0;
    for (int i = 0; i < max_bytes && p < r->end; i++) {
        uint8_t b = *p++;
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            r->p = p;
            return v;
        }
    }
    moldau__r_fail(r);
    return 0;
}

static inline int32_t moldau__r_varint(moldau_reader_t *r)
{
    uint64_t u = moldau__r_uvarint_n(r, 5);
    if (u > UINT32_MAX) {
        moldau__r_fail(r);
        u = 0;
    }
    uint32_t x = (uint32_t)u;
    return (int32_t)((x >> 1) ^ (~(x & 1) + 1));
}

static inline int64_t moldau__r_varlong(moldau_reader_t *r)
{
    uint64_t u = moldau__r_uvarint_n(r, 10);
    return (int64_t)((u >> 1) ^ (~(u & 1) + 1));
}

static inline const uint8_t *moldau__r_view(moldau_reader_t *r, size_t n)
{
    if ((size_t)(r->end - r->p) < n) {
        moldau__r_fail(r);
        return NULL;
    }
    const uint8_t *p = r->p;
    r->p += n;
    return p;
}

#endif
