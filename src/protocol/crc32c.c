/* CRC-32C (Castagnoli), the checksum of record batch v2 (RECORD_FORMAT.md §3.1).
 *
 * Two implementations: portable slicing-by-8 tables, and on x86-64 the SSE4.2 crc32
 * instruction, chosen at run time from the CPU. The instruction path runs three independent
 * streams over long inputs, because the instruction's latency is three times its throughput,
 * and joins them by "shifting" a CRC over the bytes that follow it, which is a multiplication
 * by x^(8n) modulo the polynomial. The tables are computed once (pthread_once), so every
 * caller sees the same constants without a global constructor. */
#include <pthread.h>
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/crc32c.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_X86_CRC 1
#include <nmmintrin.h>
#else
#define HAVE_X86_CRC 0
#endif

#define POLY 0x82F63B78u /* reflected Castagnoli polynomial */

/* Three-way streams of this many bytes each; the shift tables below are for these sizes. */
#define LONG_BLOCK 8192
#define SHORT_BLOCK 256

static uint32_t table[8][256];
static uint32_t shift_long[4][256]; /* a CRC state times x^(8 * LONG_BLOCK), byte by byte */
static uint32_t shift_short[4][256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static moldau__crc32c_impl_t selected = MOLDAU__CRC32C_AUTO;

/* a(x) * b(x) modulo the polynomial, both in the reflected bit order */
static uint32_t multmodp(uint32_t a, uint32_t b)
{
    uint32_t m = 1u << 31, p = 0;
    for (;;) {
        if (a & m) {
            p ^= b;
            if ((a & (m - 1)) == 0)
                break;
        }
        m >>= 1;
        b = b & 1 ? (b >> 1) ^ POLY : b >> 1;
    }
    return p;
}

/* x^(8n) modulo the polynomial: what appending n zero bytes multiplies a CRC state by. */
static uint32_t x8nmodp(size_t n)
{
    uint32_t result = 1u << 31; /* x^0 */
    uint32_t sq = 1u << 23;     /* x^8 */
    while (n) {
        if (n & 1)
            result = multmodp(sq, result);
        sq = multmodp(sq, sq);
        n >>= 1;
    }
    return result;
}

static void make_shift_table(uint32_t t[4][256], size_t n)
{
    uint32_t x = x8nmodp(n);
    for (int k = 0; k < 4; k++)
        for (uint32_t v = 0; v < 256; v++)
            t[k][v] = multmodp(x, v << (8 * k));
}

static void make_tables(void)
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ POLY : c >> 1;
        table[0][n] = c;
    }
    for (uint32_t n = 0; n < 256; n++)
        for (int k = 1; k < 8; k++)
            table[k][n] = (table[k - 1][n] >> 8) ^ table[0][table[k - 1][n] & 0xff];
    make_shift_table(shift_long, LONG_BLOCK);
    make_shift_table(shift_short, SHORT_BLOCK);
}

static inline uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint32_t moldau__crc32c_portable(uint32_t crc, const void *data, size_t n)
{
    pthread_once(&tables_once, make_tables);
    const uint8_t *p = data;
    uint32_t c = ~crc;
    for (; n && ((uintptr_t)p & 7); n--)
        c = (c >> 8) ^ table[0][(c ^ *p++) & 0xff];
    for (; n >= 8; n -= 8, p += 8) {
        uint32_t lo = c ^ load_le32(p), hi = load_le32(p + 4);
        c = table[7][lo & 0xff] ^ table[6][(lo >> 8) & 0xff] ^ table[5][(lo >> 16) & 0xff] ^
            table[4][lo >> 24] ^ table[3][hi & 0xff] ^ table[2][(hi >> 8) & 0xff] ^
            table[1][(hi >> 16) & 0xff] ^ table[0][hi >> 24];
    }
    for (; n; n--)
        c = (c >> 8) ^ table[0][(c ^ *p++) & 0xff];
    return ~c;
}

#if HAVE_X86_CRC

static inline uint32_t shift(const uint32_t t[4][256], uint32_t c)
{
    return t[0][c & 0xff] ^ t[1][(c >> 8) & 0xff] ^ t[2][(c >> 16) & 0xff] ^ t[3][c >> 24];
}

/* Three streams of `block` bytes each from p; c is the running (non-inverted) state. */
__attribute__((target("sse4.2"))) static uint32_t three_way(uint32_t c, const uint8_t *p,
                                                            size_t block, const uint32_t t[4][256])
{
    uint64_t a = c, b = 0, d = 0;
    const uint8_t *end = p + block;
    for (; p < end; p += 8) {
        uint64_t x, y, z;
        memcpy(&x, p, 8);
        memcpy(&y, p + block, 8);
        memcpy(&z, p + 2 * block, 8);
        a = _mm_crc32_u64(a, x);
        b = _mm_crc32_u64(b, y);
        d = _mm_crc32_u64(d, z);
    }
    /* a is followed by 2 blocks, b by 1: a*x^(8*2*block) = shift(shift(a)) */
    return shift(t, shift(t, (uint32_t)a) ^ (uint32_t)b) ^ (uint32_t)d;
}

__attribute__((target("sse4.2"))) uint32_t moldau__crc32c_sse42(uint32_t crc, const void *data,
                                                                size_t n)
{
    pthread_once(&tables_once, make_tables);
    const uint8_t *p = data;
    uint32_t c = ~crc;
    for (; n && ((uintptr_t)p & 7); n--)
        c = _mm_crc32_u8(c, *p++);
    for (; n >= 3 * LONG_BLOCK; n -= 3 * LONG_BLOCK, p += 3 * LONG_BLOCK)
        c = three_way(c, p, LONG_BLOCK, shift_long);
    for (; n >= 3 * SHORT_BLOCK; n -= 3 * SHORT_BLOCK, p += 3 * SHORT_BLOCK)
        c = three_way(c, p, SHORT_BLOCK, shift_short);
    uint64_t c64 = c;
    for (; n >= 8; n -= 8, p += 8) {
        uint64_t x;
        memcpy(&x, p, 8);
        c64 = _mm_crc32_u64(c64, x);
    }
    c = (uint32_t)c64;
    for (; n; n--)
        c = _mm_crc32_u8(c, *p++);
    return ~c;
}

int moldau__crc32c_have_sse42(void) { return __builtin_cpu_supports("sse4.2") != 0; }

#else

uint32_t moldau__crc32c_sse42(uint32_t crc, const void *data, size_t n)
{
    return moldau__crc32c_portable(crc, data, n);
}

int moldau__crc32c_have_sse42(void) { return 0; }

#endif

int moldau__crc32c_select(moldau__crc32c_impl_t impl)
{
    if (impl == MOLDAU__CRC32C_SSE42 && !moldau__crc32c_have_sse42())
        return -1;
    if (impl != MOLDAU__CRC32C_AUTO && impl != MOLDAU__CRC32C_PORTABLE &&
        impl != MOLDAU__CRC32C_SSE42)
        return -1;
    selected = impl;
    return 0;
}

uint32_t moldau_crc32c(uint32_t crc, const void *p, size_t n)
{
#if HAVE_X86_CRC
    if (selected != MOLDAU__CRC32C_PORTABLE && __builtin_cpu_supports("sse4.2"))
        return moldau__crc32c_sse42(crc, p, n);
#endif
    return moldau__crc32c_portable(crc, p, n);
}
