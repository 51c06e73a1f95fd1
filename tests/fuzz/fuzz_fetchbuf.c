/* The consumer's read of one fetched partition (fetchbuf.c, aborted.c) on arbitrary bytes:
 * the first byte gives the number of aborted transactions (low 3 bits) and check.crcs (bit 3),
 * then 16 bytes per transaction (producer id, first offset, big endian), then the record set.
 * Batches of aborted transactions dropped, control batches skipped: never a crash or leak. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "consumer/fetchbuf.h"

static int64_t be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return (int64_t)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t n = data[0] & 7;
    if (size < 1 + n * 16)
        return 0;
    moldau_fetch_response_aborted_transaction_t txns[8];
    for (size_t i = 0; i < n; i++) {
        txns[i].producer_id = be64(data + 1 + i * 16);
        txns[i].first_offset = be64(data + 9 + i * 16);
    }
    size_t at = 1 + n * 16;
    moldau_buf_t body;
    moldau_buf_init(&body);
    moldau_buf_put(&body, data + at, size - at);
    moldau__fetchbuf_t *fb = moldau__fetchbuf_new(&body, NULL);
    if (!fb)
        return 0;
    moldau__fetch_records_t out;
    moldau_bytes_t rec = {fb->body.data, (int32_t)fb->body.len};
    (void)moldau__fetchbuf_read_partition(fb, "t", 0, rec, 0, data[0] & 8, 65536,
                                          n ? txns : NULL, (int32_t)n, &out);
    moldau__fetchbuf_unref(fb);
    return 0;
}
