/*
 * A request frame whose bytes are partly borrowed: the size prefix, the request header and the
 * body are written into `buf` as usual, and an encoder may splice in byte ranges that live
 * elsewhere (a producer's finished record batches) instead of copying them. The connection
 * writes the pieces in order with one gathered write, never copying the borrowed ones.
 *
 * Borrowed bytes must stay valid and unchanged until the request's callback has been called
 * (the connection does not touch them after that, nor after it wrote them).
 *
 * Encoders get a frame's buffer as a plain moldau_buf_t (the codec knows nothing of frames);
 * moldau__frame_splice() finds the frame from it, so it may only be called on the `buf` of a
 * moldau__frame_t: the broker hands every request encoder such a buffer.
 */
#ifndef MOLDAU_NET_FRAME_H
#define MOLDAU_NET_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "moldau/protocol.h"

/* `len` bytes at `data` come right after the first `at` bytes of buf. */
typedef struct moldau__frame_seg {
    size_t at;
    const uint8_t *data;
    size_t len;
} moldau__frame_seg_t;

typedef struct moldau__frame {
    moldau_buf_t buf;           /* the frame's own bytes */
    moldau__frame_seg_t *segs;  /* in order of `at` */
    size_t n_segs, cap_segs;
    size_t borrowed;            /* the segments' bytes in all */
    int failed;                 /* a splice ran out of memory */
} moldau__frame_t;

void moldau__frame_init(moldau__frame_t *f);
/* Frees buf and the segment list (not the borrowed bytes); the frame is empty again. */
void moldau__frame_free(moldau__frame_t *f);
/* The frame's length on the wire. */
static inline size_t moldau__frame_len(const moldau__frame_t *f)
{
    return f->buf.len + f->borrowed;
}
/* A frame of buf alone: takes the buffer over (*buf is reset to empty). */
void moldau__frame_from_buf(moldau__frame_t *f, moldau_buf_t *buf);

/* From an encoder given w == &frame->buf: `len` bytes at `data` go here, borrowed. Returns 0,
 * or -1 when out of memory (w is then marked failed, so the encoder fails). */
int moldau__frame_splice(moldau_buf_t *w, const void *data, size_t len);

/* Fills at most max iovecs with the frame's bytes from offset `skip` on. Returns how many
 * (fewer than the frame's pieces when max runs out; the caller writes the rest later). */
int moldau__frame_iov(const moldau__frame_t *f, size_t skip, struct iovec *iov, int max);

#endif
