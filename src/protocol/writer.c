/* The growing writer every encoder uses. Big-endian fixed-width integers, zig-zag varints,
 * classic and compact strings/bytes/arrays. An allocation failure sets a sticky flag instead of
 * returning an error from every call, so encoders check once at the end. */
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"

void moldau_buf_init(moldau_buf_t *w) { memset(w, 0, sizeof(*w)); }

void moldau_buf_free(moldau_buf_t *w)
{
    free(w->data);
    memset(w, 0, sizeof(*w));
}

void moldau_buf_reset(moldau_buf_t *w)
{
    w->len = 0;
    w->failed = 0;
}

int moldau_buf_reserve(moldau_buf_t *w, size_t n)
{
    if (w->failed)
        return -1;
    if (n <= w->cap - w->len)
        return 0;
    size_t need = w->len + n;
    if (need < w->len) {
        w->failed = 1;
        return -1;
    }
    size_t cap = w->cap ? w->cap : 256;
    while (cap < need)
        cap = cap * 2 > cap ? cap * 2 : need;
    uint8_t *p = realloc(w->data, cap);
    if (!p) {
        w->failed = 1;
        return -1;
    }
    w->data = p;
    w->cap = cap;
    return 0;
}

uint8_t *moldau_buf_extend(moldau_buf_t *w, size_t n)
{
    if (moldau_buf_reserve(w, n))
        return NULL;
    uint8_t *p = w->data + w->len;
    w->len += n;
    return p;
}

void moldau_buf_put(moldau_buf_t *w, const void *p, size_t n)
{
    uint8_t *d = moldau_buf_extend(w, n);
    if (d && n)
        memcpy(d, p, n);
}

static void put_be(moldau_buf_t *w, uint64_t v, int size)
{
    uint8_t *d = moldau_buf_extend(w, (size_t)size);
    if (!d)
        return;
    for (int i = size - 1; i >= 0; i--) {
        d[i] = (uint8_t)v;
        v >>= 8;
    }
}

void moldau_w_i8(moldau_buf_t *w, int8_t v) { put_be(w, (uint8_t)v, 1); }
void moldau_w_i16(moldau_buf_t *w, int16_t v) { put_be(w, (uint16_t)v, 2); }
void moldau_w_i32(moldau_buf_t *w, int32_t v) { put_be(w, (uint32_t)v, 4); }
void moldau_w_i64(moldau_buf_t *w, int64_t v) { put_be(w, (uint64_t)v, 8); }
void moldau_w_u16(moldau_buf_t *w, uint16_t v) { put_be(w, v, 2); }
void moldau_w_u32(moldau_buf_t *w, uint32_t v) { put_be(w, v, 4); }
void moldau_w_bool(moldau_buf_t *w, int v) { put_be(w, v ? 1 : 0, 1); }

void moldau_w_f64(moldau_buf_t *w, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof(u));
    put_be(w, u, 8);
}

void moldau_w_uuid(moldau_buf_t *w, moldau_uuid_t v) { moldau_buf_put(w, v.b, sizeof(v.b)); }

static void put_uvarint64(moldau_buf_t *w, uint64_t u)
{
    uint8_t tmp[10];
    size_t n = 0;
    while (u >= 0x80) {
        tmp[n++] = (uint8_t)(u | 0x80);
        u >>= 7;
    }
    tmp[n++] = (uint8_t)u;
    moldau_buf_put(w, tmp, n);
}

void moldau_w_uvarint(moldau_buf_t *w, uint32_t v) { put_uvarint64(w, v); }

void moldau_w_varint(moldau_buf_t *w, int32_t v)
{
    put_uvarint64(w, ((uint32_t)v << 1) ^ (uint32_t)(v >> 31));
}

void moldau_w_varlong(moldau_buf_t *w, int64_t v)
{
    put_uvarint64(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void moldau_w_string(moldau_buf_t *w, const char *s, int flexible)
{
    if (!s) {
        if (flexible)
            moldau_w_uvarint(w, 0);
        else
            moldau_w_i16(w, -1);
        return;
    }
    size_t n = strlen(s);
    if (n > INT16_MAX) { /* the classic form cannot hold it; refuse rather than truncate */
        w->failed = 1;
        return;
    }
    if (flexible)
        moldau_w_uvarint(w, (uint32_t)n + 1);
    else
        moldau_w_i16(w, (int16_t)n);
    moldau_buf_put(w, s, n);
}

void moldau_w_bytes(moldau_buf_t *w, moldau_bytes_t b, int flexible)
{
    if (b.len < 0) {
        if (flexible)
            moldau_w_uvarint(w, 0);
        else
            moldau_w_i32(w, -1);
        return;
    }
    if (flexible)
        moldau_w_uvarint(w, (uint32_t)b.len + 1);
    else
        moldau_w_i32(w, b.len);
    moldau_buf_put(w, b.data, (size_t)b.len);
}

void moldau_w_array_len(moldau_buf_t *w, int32_t n, int flexible)
{
    if (flexible)
        moldau_w_uvarint(w, n < 0 ? 0 : (uint32_t)n + 1);
    else
        moldau_w_i32(w, n < 0 ? -1 : n);
}

void moldau_w_tags_none(moldau_buf_t *w) { moldau_w_uvarint(w, 0); }

void moldau_buf_patch_i32(moldau_buf_t *w, size_t at, int32_t v)
{
    if (w->failed || at + 4 > w->len)
        return;
    uint32_t u = (uint32_t)v;
    w->data[at] = (uint8_t)(u >> 24);
    w->data[at + 1] = (uint8_t)(u >> 16);
    w->data[at + 2] = (uint8_t)(u >> 8);
    w->data[at + 3] = (uint8_t)u;
}
