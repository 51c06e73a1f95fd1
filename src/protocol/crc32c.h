/* CRC-32C internals: the two implementations behind moldau_crc32c(), for tests and the
 * benchmark. */
#ifndef MOLDAU_PROTOCOL_CRC32C_H
#define MOLDAU_PROTOCOL_CRC32C_H

#include <stddef.h>
#include <stdint.h>

typedef enum moldau__crc32c_impl {
    MOLDAU__CRC32C_AUTO = 0,     /* the SSE4.2 instruction when the CPU has it (the default) */
    MOLDAU__CRC32C_PORTABLE = 1, /* the table-driven code, whatever the CPU */
    MOLDAU__CRC32C_SSE42 = 2     /* the instruction; refused when the CPU lacks it */
} moldau__crc32c_impl_t;

/* Chooses what moldau_crc32c() uses, process-wide. A test hook: not for concurrent use.
 * Returns 0, or -1 when the implementation is not available on this CPU/build. */
int moldau__crc32c_select(moldau__crc32c_impl_t impl);
/* Non-zero when the CPU and the build have the SSE4.2 crc32 instruction. */
int moldau__crc32c_have_sse42(void);
/* Direct calls, same contract as moldau_crc32c(). _sse42 may only be called when
 * moldau__crc32c_have_sse42() says so. */
uint32_t moldau__crc32c_portable(uint32_t crc, const void *p, size_t n);
uint32_t moldau__crc32c_sse42(uint32_t crc, const void *p, size_t n);

#endif
