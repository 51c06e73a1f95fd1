/* The growing writer every encoder uses. Big-endian fixed-width integers, zig-zag varints,
 * classic and compact strings/bytes/arrays. An allocation failure sets a sticky flag instead of
 * returning an error from every call, so encoders check once at the end. Each writer inlines
 * only the check for room (the common case) and encodes through protocol/varint.h. */
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/varint.h"

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

/* Room for n more bytes without growing, and no earlier failure: the common case, checked
 * inline by every writer below. Anything else (growing, or failing stickily) goes through
 * the out-of-line *_slow functions, as tail calls, so the common case needs no stack frame. */
static inline int has_room(const moldau_buf_t *w, size_t n)
{
    return !w->failed && n <= w->cap - w->len;
}

static uint8_t *extend_slow(moldau_buf_t *w, size_t n)
{
    if (moldau_buf_reserve(w, n))
        return NULL;
    uint8_t *p = w->data + w->len;
    w->len += n;
    return p;
}

uint8_t *moldau_buf_extend(moldau_buf_t *w, size_t n)
{
    if (has_room(w, n)) {
        uint8_t *p = w->data + w->len;
        w->len += n;
        return p;
    }
    return extend_slow(w, n);
}

__attribute__((noinline)) static void put_slow(moldau_buf_t *w, const void *p, size_t n)
{
    uint8_t *d = extend_slow(w, n);
    if (d && n)
        memcpy(d, p, n);
}

void moldau_buf_put(moldau_buf_t *w, const void *p, size_t n)
{
    if (has_room(w, n)) {
        if (n) /* p may be NULL for nothing */
            memcpy(w->data + w->len, p, n);
        w->len += n;
        return;
    }
    put_slow(w, p, n);
}

__attribute__((noinline)) static void put_be_slow(moldau_buf_t *w, uint64_t v, int size)
{
    uint8_t *d = extend_slow(w, (size_t)size);
    if (d)
        moldau__put_be(d, v, size);
}

static inline void put_be(moldau_buf_t *w, uint64_t v, int size)
{
    if (has_room(w, (size_t)size)) {
        moldau__put_be(w->data + w->len, v, size);
        w->len += (size_t)size;
        return;
    }
    put_be_slow(w, v, size);
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

__attribute__((noinline)) static void put_uvarint_slow(moldau_buf_t *w, uint64_t u)
{
    uint8_t *d = extend_slow(w, moldau__uvarint_size(u));
    if (d)
        moldau__put_uvarint(d, u);
}

static inline void put_uvarint64(moldau_buf_t *w, uint64_t u)
{
    /* Room for the widest varint: write it without measuring it first. */
    if (has_room(w, MOLDAU__VARLONG_MAX)) {
        w->len = (size_t)(moldau__put_uvarint(w->data + w->len, u) - w->data);
        return;
    }
    put_uvarint_slow(w, u);
}

void moldau_w_uvarint(moldau_buf_t *w, uint32_t v) { put_uvarint64(w, v); }
void moldau_w_varint(moldau_buf_t *w, int32_t v) { put_uvarint64(w, moldau__zigzag32(v)); }
void moldau_w_varlong(moldau_buf_t *w, int64_t v) { put_uvarint64(w, moldau__zigzag64(v)); }

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
    moldau__put_be32(w->data + at, (uint32_t)v);
}
