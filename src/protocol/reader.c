/* The reader every decoder uses. It never reads past its end whatever the input: a short or
 * malformed field sets a sticky error and every later read returns zero, so a decoder reads all
 * its fields and checks r->err once. */
#include <string.h>

#include "moldau/protocol.h"

void moldau_reader_init(moldau_reader_t *r, const void *data, size_t len)
{
    r->p = data;
    r->end = r->p + len;
    r->err = 0;
}

size_t moldau_reader_remaining(const moldau_reader_t *r)
{
    return r->err ? 0 : (size_t)(r->end - r->p);
}

void moldau_reader_fail(moldau_reader_t *r)
{
    r->err = 1;
    r->p = r->end;
}

const uint8_t *moldau_r_view(moldau_reader_t *r, size_t n)
{
    if (r->err || (size_t)(r->end - r->p) < n) {
        moldau_reader_fail(r);
        return NULL;
    }
    const uint8_t *p = r->p;
    r->p += n;
    return p;
}

void moldau_r_skip(moldau_reader_t *r, size_t n) { (void)moldau_r_view(r, n); }

static uint64_t get_be(moldau_reader_t *r, int size)
{
    const uint8_t *p = moldau_r_view(r, (size_t)size);
    uint64_t v = 0;
    if (!p)
        return 0;
    for (int i = 0; i < size; i++)
        v = (v << 8) | p[i];
    return v;
}

int8_t moldau_r_i8(moldau_reader_t *r) { return (int8_t)get_be(r, 1); }
int16_t moldau_r_i16(moldau_reader_t *r) { return (int16_t)get_be(r, 2); }
int32_t moldau_r_i32(moldau_reader_t *r) { return (int32_t)get_be(r, 4); }
int64_t moldau_r_i64(moldau_reader_t *r) { return (int64_t)get_be(r, 8); }
uint16_t moldau_r_u16(moldau_reader_t *r) { return (uint16_t)get_be(r, 2); }
uint32_t moldau_r_u32(moldau_reader_t *r) { return (uint32_t)get_be(r, 4); }
int moldau_r_bool(moldau_reader_t *r) { return get_be(r, 1) != 0; }

double moldau_r_f64(moldau_reader_t *r)
{
    uint64_t u = get_be(r, 8);
    double d;
    memcpy(&d, &u, sizeof(d));
    return d;
}

moldau_uuid_t moldau_r_uuid(moldau_reader_t *r)
{
    moldau_uuid_t u;
    const uint8_t *p = moldau_r_view(r, sizeof(u.b));
    if (p)
        memcpy(u.b, p, sizeof(u.b));
    else
        memset(u.b, 0, sizeof(u.b));
    return u;
}

/* Reads an unsigned LEB128 of at most max_bytes (5 for 32-bit, 10 for 64-bit values), as the
 * Java reader does: a longer encoding is malformed. */
static uint64_t get_uvarint(moldau_reader_t *r, int max_bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < max_bytes; i++) {
        const uint8_t *p = moldau_r_view(r, 1);
        if (!p)
            return 0;
        v |= (uint64_t)(*p & 0x7f) << (7 * i);
        if (!(*p & 0x80))
            return v;
    }
    moldau_reader_fail(r);
    return 0;
}

uint32_t moldau_r_uvarint(moldau_reader_t *r)
{
    uint64_t v = get_uvarint(r, 5);
    if (v > UINT32_MAX) {
        moldau_reader_fail(r);
        return 0;
    }
    return (uint32_t)v;
}

int32_t moldau_r_varint(moldau_reader_t *r)
{
    uint32_t u = moldau_r_uvarint(r);
    return (int32_t)((u >> 1) ^ (~(u & 1) + 1));
}

int64_t moldau_r_varlong(moldau_reader_t *r)
{
    uint64_t u = get_uvarint(r, 10);
    return (int64_t)((u >> 1) ^ (~(u & 1) + 1));
}

/* Length of a string or bytes field: -1 for null, -2 for malformed. */
static int64_t get_len(moldau_reader_t *r, int flexible, int wide)
{
    int64_t n;
    if (flexible)
        n = (int64_t)moldau_r_uvarint(r) - 1;
    else
        n = wide ? moldau_r_i32(r) : moldau_r_i16(r);
    if (r->err || n < -1 || (n > 0 && (size_t)n > moldau_reader_remaining(r))) {
        moldau_reader_fail(r);
        return -2;
    }
    return n;
}

const char *moldau_r_string(moldau_reader_t *r, struct moldau_arena *a, int flexible)
{
    int64_t n = get_len(r, flexible, 0);
    if (n < 0)
        return NULL;
    const uint8_t *p = moldau_r_view(r, (size_t)n);
    if (!p)
        return NULL;
    char *s = moldau_arena_strndup(a, (const char *)p, (size_t)n);
    if (!s)
        moldau_reader_fail(r);
    return s;
}

moldau_bytes_t moldau_r_bytes(moldau_reader_t *r, int flexible)
{
    moldau_bytes_t b = MOLDAU_BYTES_NULL;
    int64_t n = get_len(r, flexible, 1);
    if (n < 0)
        return b;
    b.data = moldau_r_view(r, (size_t)n);
    b.len = b.data ? (int32_t)n : -1;
    return b;
}

int32_t moldau_r_array_len(moldau_reader_t *r, int flexible, size_t min_elem_size)
{
    int64_t n = flexible ? (int64_t)moldau_r_uvarint(r) - 1 : moldau_r_i32(r);
    if (r->err)
        return 0;
    if (n < -1) {
        moldau_reader_fail(r);
        return 0;
    }
    if (min_elem_size == 0)
        min_elem_size = 1;
    if (n > 0 && (uint64_t)n > moldau_reader_remaining(r) / min_elem_size) {
        moldau_reader_fail(r);
        return 0;
    }
    return (int32_t)n;
}

void moldau_r_tags(moldau_reader_t *r, moldau_tag_fn fn, void *ctx)
{
    uint32_t count = moldau_r_uvarint(r);
    int64_t last = -1;
    for (uint32_t i = 0; i < count && !r->err; i++) {
        uint32_t tag = moldau_r_uvarint(r);
        uint32_t size = moldau_r_uvarint(r);
        if (r->err || (int64_t)tag <= last) {
            moldau_reader_fail(r);
            return;
        }
        last = tag;
        const uint8_t *p = moldau_r_view(r, size);
        if (!p)
            return;
        if (fn) {
            moldau_reader_t field;
            moldau_reader_init(&field, p, size);
            fn(&field, tag, ctx);
            if (field.err)
                moldau_reader_fail(r);
        }
    }
}
