/* Frames with borrowed pieces (see frame.h). */
#include "net/frame.h"

#include <stdlib.h>

void moldau__frame_init(moldau__frame_t *f)
{
    moldau_buf_init(&f->buf);
    f->segs = NULL;
    f->n_segs = f->cap_segs = 0;
    f->borrowed = 0;
    f->failed = 0;
}

void moldau__frame_free(moldau__frame_t *f)
{
    moldau_buf_free(&f->buf);
    free(f->segs);
    moldau__frame_init(f);
}

void moldau__frame_from_buf(moldau__frame_t *f, moldau_buf_t *buf)
{
    moldau__frame_init(f);
    f->buf = *buf;
    moldau_buf_init(buf);
}

int moldau__frame_splice(moldau_buf_t *w, const void *data, size_t len)
{
    /* w is the first member of its frame */
    moldau__frame_t *f = (moldau__frame_t *)w;
    if (len == 0)
        return 0;
    if (f->n_segs == f->cap_segs) {
        size_t cap = f->cap_segs ? f->cap_segs * 2 : 8;
        moldau__frame_seg_t *s = realloc(f->segs, cap * sizeof(*s));
        if (!s) {
            f->failed = 1;
            w->failed = 1;
            return -1;
        }
        f->segs = s;
        f->cap_segs = cap;
    }
    f->segs[f->n_segs++] = (moldau__frame_seg_t){w->len, data, len};
    f->borrowed += len;
    return 0;
}

/* Adds bytes [skip, len) of one piece that starts at frame offset *pos. */
static int piece(const uint8_t *data, size_t len, size_t skip, size_t *pos, struct iovec *iov,
                 int n, int max)
{
    size_t start = *pos;
    *pos += len;
    if (n >= max || len == 0 || *pos <= skip)
        return n;
    size_t from = skip > start ? skip - start : 0;
    iov[n].iov_base = (void *)(data + from);
    iov[n].iov_len = len - from;
    return n + 1;
}

int moldau__frame_iov(const moldau__frame_t *f, size_t skip, struct iovec *iov, int max)
{
    size_t pos = 0, own = 0;
    int n = 0;
    for (size_t i = 0; i < f->n_segs && n < max; i++) {
        const moldau__frame_seg_t *s = &f->segs[i];
        n = piece(f->buf.data + own, s->at - own, skip, &pos, iov, n, max);
        n = piece(s->data, s->len, skip, &pos, iov, n, max);
        own = s->at;
    }
    return piece(f->buf.data + own, f->buf.len - own, skip, &pos, iov, n, max);
}
