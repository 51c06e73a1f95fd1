/* The one encoder of varints (and of big-endian integers) onto raw memory the caller has
 * already reserved. The growable writer (writer.c) and the record batch builder
 * (records_builder.c) both write through these, so the hot per-record path is plain stores
 * with no function call and no bounds check per field: callers reserve once, then write. */
#ifndef MOLDAU_PROTOCOL_VARINT_H
#define MOLDAU_PROTOCOL_VARINT_H

#include <stddef.h>
#include <stdint.h>

#define MOLDAU__VARINT_MAX 5   /* bytes of the widest 32-bit varint */
#define MOLDAU__VARLONG_MAX 10 /* bytes of the widest 64-bit varint */

static inline uint32_t moldau__zigzag32(int32_t v)
{
    return ((uint32_t)v << 1) ^ (uint32_t)(v >> 31);
}

static inline uint64_t moldau__zigzag64(int64_t v)
{
    return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline size_t moldau__uvarint_size(uint64_t u)
{
#if defined(__GNUC__) || defined(__clang__)
    /* 7 bits a byte: ceil(bits / 7) without a loop or a division (exact for 1..64 bits) */
    size_t bits = 64 - (size_t)__builtin_clzll(u | 1);
    return (bits * 9 + 64) >> 6;
#else
    size_t n = 1;
    while (u >= 0x80) {
        u >>= 7;
        n++;
    }
    return n;
#endif
}

static inline size_t moldau__varint_size(int32_t v)
{
    return moldau__uvarint_size(moldau__zigzag32(v));
}

static inline size_t moldau__varlong_size(int64_t v)
{
    return moldau__uvarint_size(moldau__zigzag64(v));
}

/* Unsigned LEB128 at p; returns the byte after it. Lengths, deltas and counts mostly take one
 * or two bytes: those go without a loop. */
static inline uint8_t *moldau__put_uvarint(uint8_t *p, uint64_t u)
{
    if (u < 0x80) {
        p[0] = (uint8_t)u;
        return p + 1;
    }
    if (u < 0x4000) {
        p[0] = (uint8_t)(u | 0x80);
        p[1] = (uint8_t)(u >> 7);
        return p + 2;
    }
    while (u >= 0x80) {
        *p++ = (uint8_t)(u | 0x80);
        u >>= 7;
    }
    *p++ = (uint8_t)u;
    return p;
}

static inline uint8_t *moldau__put_varint(uint8_t *p, int32_t v)
{
    return moldau__put_uvarint(p, moldau__zigzag32(v));
}

static inline uint8_t *moldau__put_varlong(uint8_t *p, int64_t v)
{
    return moldau__put_uvarint(p, moldau__zigzag64(v));
}

/* Big-endian stores, written byte by byte (any alignment); compilers make each one a byte
 * swap and a single store. */
static inline void moldau__put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void moldau__put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static inline void moldau__put_be64(uint8_t *p, uint64_t v)
{
    moldau__put_be32(p, (uint32_t)(v >> 32));
    moldau__put_be32(p + 4, (uint32_t)v);
}

/* The low `size` bytes of v, big-endian, at p (size 1, 2, 4 or 8). */
static inline void moldau__put_be(uint8_t *p, uint64_t v, int size)
{
    switch (size) {
    case 1:
        p[0] = (uint8_t)v;
        break;
    case 2:
        moldau__put_be16(p, (uint16_t)v);
        break;
    case 4:
        moldau__put_be32(p, (uint32_t)v);
        break;
    default:
        moldau__put_be64(p, v);
        break;
    }
}

#endif
