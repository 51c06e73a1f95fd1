/* Small helpers shared by the data-plane codecs (msg_api_versions.c, msg_metadata.c,
 * msg_produce.c, msg_fetch.c, msg_list_offsets.c). They only add what the schemas ask for on
 * top of the primitives of moldau/protocol.h: "not nullable" checks, arrays allocated in the
 * arena, and one place that turns the sticky flags into the codec's return value. Static
 * inline, so they add no symbols. */
#ifndef MOLDAU_SRC_PROTOCOL_MSG_DATA_CODEC_H
#define MOLDAU_SRC_PROTOCOL_MSG_DATA_CODEC_H

#include "moldau/protocol.h"

/* ---- encoding ---------------------------------------------------------------------------- */

typedef struct md_enc {
    moldau_buf_t *w;
    size_t start; /* where the body began, to take it back on error */
    int flex;
    int bad;      /* a value the version cannot carry */
} md_enc_t;

static inline int md_version_ok(int16_t api_key, int16_t version)
{
    const moldau_api_info_t *api = moldau_api_info(api_key);
    return api && version >= api->min_version && version <= api->max_version;
}

static inline void md_enc_begin(md_enc_t *e, moldau_buf_t *w, int16_t api_key, int16_t version)
{
    e->w = w;
    e->start = w->len;
    e->flex = moldau_api_is_flexible(api_key, version);
    e->bad = 0;
}

static inline moldau_err_t md_enc_end(md_enc_t *e)
{
    moldau_err_t err = e->bad ? MOLDAU_ERR__INVALID_ARG
                       : e->w->failed ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
    if (err && !e->w->failed)
        e->w->len = e->start;
    return err;
}

static inline void md_w_str(md_enc_t *e, const char *s, int nullable)
{
    if (!s && !nullable)
        e->bad = 1;
    moldau_w_string(e->w, s, e->flex);
}

/* Writes an array's length and returns how many elements to write (0 for null). */
static inline int32_t md_w_arr(md_enc_t *e, const void *elems, int32_t n, int nullable)
{
    if ((n < 0 && !nullable) || (n > 0 && !elems)) {
        e->bad = 1;
        n = 0;
    }
    moldau_w_array_len(e->w, n, e->flex);
    return n > 0 ? n : 0;
}

static inline void md_w_tags_none(md_enc_t *e)
{
    if (e->flex)
        moldau_w_tags_none(e->w);
}

/* ---- decoding ---------------------------------------------------------------------------- */

typedef struct md_dec {
    moldau_reader_t *r;
    moldau_arena_t *a;
    int flex;
    int nomem;
} md_dec_t;

static inline void md_dec_begin(md_dec_t *d, moldau_reader_t *r, moldau_arena_t *a,
                                int16_t api_key, int16_t version)
{
    d->r = r;
    d->a = a;
    d->flex = moldau_api_is_flexible(api_key, version);
    d->nomem = 0;
}

static inline moldau_err_t md_dec_end(const md_dec_t *d)
{
    if (d->nomem)
        return MOLDAU_ERR__NO_MEMORY;
    return d->r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}

static inline int md_ok(const md_dec_t *d) { return !d->r->err; }

static inline const char *md_r_str(md_dec_t *d, int nullable)
{
    const char *s = moldau_r_string(d->r, d->a, d->flex);
    if (!s && !nullable)
        moldau_reader_fail(d->r);
    return s;
}

/* Reads an array's length and allocates its zeroed elements in the arena. *n gets the count
 * (-1 for a null array where nullable; a null elsewhere fails the reader). min_elem bounds the
 * count by the bytes left, so a hostile count cannot make a large allocation. */
static inline void *md_r_arr(md_dec_t *d, int nullable, size_t min_elem, size_t elem_size,
                             int32_t *n)
{
    int32_t len = moldau_r_array_len(d->r, d->flex, min_elem);
    *n = 0;
    if (d->r->err)
        return NULL;
    if (len < 0) {
        if (nullable)
            *n = -1;
        else
            moldau_reader_fail(d->r);
        return NULL;
    }
    if (len == 0)
        return NULL;
    void *p = moldau_arena_calloc(d->a, (size_t)len, elem_size);
    if (!p) {
        d->nomem = 1;
        moldau_reader_fail(d->r);
        return NULL;
    }
    *n = len;
    return p;
}

static inline int32_t *md_r_i32_arr(md_dec_t *d, int32_t *n)
{
    int32_t *v = md_r_arr(d, 0, 4, sizeof(int32_t), n);
    for (int32_t i = 0; i < *n && md_ok(d); i++)
        v[i] = moldau_r_i32(d->r);
    return v;
}

/* Reads a struct's tag section (flexible versions only); fn gets the known tags. */
static inline void md_r_tags(md_dec_t *d, moldau_tag_fn fn, void *ctx)
{
    if (d->flex)
        moldau_r_tags(d->r, fn, ctx);
}

/* A tagged field's reader as a decoder sharing the parent's arena (tagged fields are only in
 * flexible versions). Call md_sub_end to carry an allocation failure back. */
static inline md_dec_t md_sub(const md_dec_t *parent, moldau_reader_t *field)
{
    md_dec_t d = {field, parent->a, 1, 0};
    return d;
}

static inline void md_sub_end(md_dec_t *parent, const md_dec_t *sub)
{
    if (sub->nomem)
        parent->nomem = 1;
}

/* ---- shapes shared by Produce and Fetch responses ---------------------------------------- */

static inline void md_r_leader(md_dec_t *d, moldau_leader_id_and_epoch_t *l)
{
    l->leader_id = moldau_r_i32(d->r);
    l->leader_epoch = moldau_r_i32(d->r);
    md_r_tags(d, NULL, NULL);
}

/* NodeEndpoints: NodeId int32, Host string, Port int32, Rack nullable string. */
static inline moldau_node_endpoint_t *md_r_node_endpoints(md_dec_t *d, int32_t *n)
{
    moldau_node_endpoint_t *v = md_r_arr(d, 0, 11, sizeof(*v), n);
    for (int32_t i = 0; i < *n && md_ok(d); i++) {
        v[i].node_id = moldau_r_i32(d->r);
        v[i].host = md_r_str(d, 0);
        v[i].port = moldau_r_i32(d->r);
        v[i].rack = md_r_str(d, 1);
        md_r_tags(d, NULL, NULL);
    }
    return v;
}

#endif
