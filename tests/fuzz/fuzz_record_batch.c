/* The record set reader on arbitrary bytes: every batch, every record, every header, with
 * decompression bounded to 64 KiB. The first byte's low bit turns CRC checks on, so that the
 * fuzzer can also reach the record parser behind a CRC it cannot forge. */
#include <stddef.h>
#include <stdint.h>

#include "moldau/protocol.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    moldau_record_set_t rs;
    moldau_record_set_init(&rs, data + 1, size - 1);
    rs.check_crc = data[0] & 1;
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    moldau_batch_t batch;
    while (moldau_record_set_next(&rs, &batch)) {
        (void)moldau_batch_next_offset(&batch);
        (void)moldau_batch_verify_crc(&batch);
        moldau_record_iter_t it;
        if (moldau_record_iter_init(&it, &batch, &dbuf, 65536))
            continue;
        it.check_crc = data[0] & 1;
        moldau_record_t rec;
        while (moldau_record_iter_next(&it, &rec)) {
            if (batch.is_control)
                (void)moldau_control_record_type(&rec);
            moldau_header_iter_t hi;
            moldau_header_t h;
            moldau_header_iter_init(&hi, &rec);
            while (moldau_header_iter_next(&hi, &h))
                ;
        }
    }
    moldau_buf_free(&dbuf);
    return 0;
}
