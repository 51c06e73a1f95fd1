/* Shared by the v2 record reader (records_reader.c) and the legacy one (legacy.c). */
#ifndef MOLDAU_PROTOCOL_RECORDS_INTERNAL_H
#define MOLDAU_PROTOCOL_RECORDS_INTERNAL_H

#include "moldau/protocol.h"

/* Offsets of the v2 header fields (RECORD_FORMAT.md §3.1). */
enum {
    MOLDAU__V2_LENGTH = 8,
    MOLDAU__V2_MAGIC = 16,
    MOLDAU__V2_CRC = 17,
    MOLDAU__V2_ATTRIBUTES = 21,
    MOLDAU__V2_PRODUCER_ID = 43,
    MOLDAU__V2_PRODUCER_EPOCH = 51,
    MOLDAU__V2_BASE_SEQUENCE = 53,
};

/* Fills *b from one whole legacy entry (offset, size, message) of `size` bytes.
 * Returns MOLDAU_ERR_NONE or MOLDAU_ERR__BAD_MSG. */
moldau_err_t moldau__legacy_parse(const uint8_t *entry, size_t size, moldau_batch_t *b);
/* Non-zero when the stored CRC-32 of a parsed legacy message matches. */
int moldau__legacy_crc_ok(const moldau_batch_t *b);
/* moldau_record_iter_init / _next for magic 0 and 1. */
moldau_err_t moldau__legacy_iter_init(moldau_record_iter_t *it, moldau_buf_t *dbuf,
                                      size_t max_size);
int moldau__legacy_iter_next(moldau_record_iter_t *it, moldau_record_t *rec);

/* Two's complement addition without signed overflow (offsets and timestamps from the wire). */
static inline int64_t moldau__add64(int64_t a, int64_t b)
{
    return (int64_t)((uint64_t)a + (uint64_t)b);
}

#endif
