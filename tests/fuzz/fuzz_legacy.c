/* The legacy (magic 0/1) reader. Byte 0 picks the mode: bit 4 clear reads the rest as a record
 * set; bit 4 set makes the rest the inner message set of a wrapper (codec = bits 0-1, 1..3;
 * magic = bit 2) that this harness compresses and frames with a valid CRC, so the fuzzer works
 * on inner messages directly. Bit 3 turns the inner CRC check on. */
#include <stddef.h>
#include <stdint.h>

#include <zlib.h>

#include "moldau/protocol.h"

static void read_all(const uint8_t *p, size_t n, int check_crc)
{
    moldau_record_set_t rs;
    moldau_record_set_init(&rs, p, n);
    rs.check_crc = check_crc;
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    moldau_batch_t batch;
    while (moldau_record_set_next(&rs, &batch)) {
        (void)moldau_batch_next_offset(&batch);
        moldau_record_iter_t it;
        if (moldau_record_iter_init(&it, &batch, &dbuf, 65536))
            continue;
        it.check_crc = check_crc;
        moldau_record_t rec;
        while (moldau_record_iter_next(&it, &rec))
            ;
    }
    moldau_buf_free(&dbuf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    int check_crc = (mode >> 3) & 1;
    if (!(mode & 0x10) || (mode & 3) == 0) {
        read_all(data + 1, size - 1, check_crc);
        return 0;
    }
    moldau_codec_t codec = (moldau_codec_t)(mode & 3);
    int magic = (mode >> 2) & 1;
    moldau_buf_t z, w;
    moldau_buf_init(&z);
    moldau_buf_init(&w);
    if (moldau_compress(codec, MOLDAU_COMPRESSION_LEVEL_DEFAULT, data + 1, size - 1, &z) == 0) {
        moldau_w_i64(&w, (int64_t)(size - 1));
        size_t size_at = moldau_frame_begin(&w);
        size_t crc_at = w.len;
        moldau_w_u32(&w, 0);
        moldau_w_i8(&w, (int8_t)magic);
        moldau_w_i8(&w, (int8_t)codec);
        if (magic == 1)
            moldau_w_i64(&w, 1234);
        moldau_w_i32(&w, -1);
        moldau_w_bytes(&w, (moldau_bytes_t){z.data, (int32_t)z.len}, 0);
        moldau_frame_end(&w, size_at);
        if (!w.failed) {
            uint32_t crc = (uint32_t)crc32(0, w.data + crc_at + 4, (uInt)(w.len - crc_at - 4));
            moldau_buf_patch_i32(&w, crc_at, (int32_t)crc);
            read_all(w.data, w.len, check_crc);
        }
    }
    moldau_buf_free(&z);
    moldau_buf_free(&w);
    return 0;
}
