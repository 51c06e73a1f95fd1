/* Shared steps of the admin-message codecs; see msg_admin_codec.h. */
#include <string.h>

#include "protocol/msg_admin_codec.h"

static int version_ok(int16_t key, int16_t version)
{
    const moldau_api_info_t *api = moldau_api_info(key);
    return api && version >= api->min_version && version <= api->max_version;
}

moldau_err_t moldau__adm_enc_begin(moldau__adm_enc_t *e, moldau_buf_t *w, int16_t key,
                                   int16_t version)
{
    if (!version_ok(key, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    e->w = w;
    e->start = w->len;
    e->flex = moldau_api_is_flexible(key, version);
    e->bad = 0;
    /* Some bodies are empty (ListGroups v0-2): still leave w->data non-NULL, since callers
     * hand it to memcpy/memcmp, which must not get NULL even for zero bytes. */
    (void)moldau_buf_reserve(w, 1);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__adm_enc_end(moldau__adm_enc_t *e)
{
    moldau_err_t err = MOLDAU_ERR_NONE;
    if (e->bad)
        err = MOLDAU_ERR__INVALID_ARG;
    else if (e->w->failed)
        err = MOLDAU_ERR__NO_MEMORY;
    if (err && e->w->len >= e->start)
        e->w->len = e->start;
    return err;
}

void moldau__adm_refuse_if(moldau__adm_enc_t *e, int cond)
{
    if (cond)
        e->bad = 1;
}

void moldau__adm_w_str(moldau__adm_enc_t *e, const char *s)
{
    if (!s) {
        e->bad = 1;
        return;
    }
    moldau__adm_w_nstr(e, s);
}

void moldau__adm_w_nstr(moldau__adm_enc_t *e, const char *s)
{
    /* Kafka caps every string at 32767 bytes, compact or not; a longer one is the caller's
     * mistake, not an allocation failure. */
    if (s && strlen(s) > INT16_MAX) {
        e->bad = 1;
        return;
    }
    moldau_w_string(e->w, s, e->flex);
}

int32_t moldau__adm_w_array(moldau__adm_enc_t *e, const void *elems, int32_t n, int nullable)
{
    if ((n < 0 && !nullable) || (n > 0 && !elems)) {
        e->bad = 1;
        return 0;
    }
    moldau_w_array_len(e->w, n, e->flex);
    return n < 0 ? 0 : n;
}

void moldau__adm_w_str_array(moldau__adm_enc_t *e, const char *const *v, int32_t n,
                             int nullable)
{
    int32_t k = moldau__adm_w_array(e, v, n, nullable);
    for (int32_t i = 0; i < k; i++)
        moldau__adm_w_str(e, v[i]);
}

void moldau__adm_w_i32_array(moldau__adm_enc_t *e, const int32_t *v, int32_t n)
{
    int32_t k = moldau__adm_w_array(e, v, n, 0);
    for (int32_t i = 0; i < k; i++)
        moldau_w_i32(e->w, v[i]);
}

void moldau__adm_w_tags(moldau__adm_enc_t *e)
{
    if (e->flex)
        moldau_w_tags_none(e->w);
}

moldau_err_t moldau__adm_dec_begin(moldau__adm_dec_t *d, moldau_reader_t *r, moldau_arena_t *a,
                                   int16_t key, int16_t version)
{
    if (!version_ok(key, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    d->r = r;
    d->a = a;
    d->flex = moldau_api_is_flexible(key, version);
    d->min_str = d->flex ? 1 : 2;
    d->min_arr = d->flex ? 1 : 4;
    d->min_tags = d->flex ? 1 : 0;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__adm_dec_end(const moldau__adm_dec_t *d)
{
    return d->r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}

const char *moldau__adm_r_str(moldau__adm_dec_t *d)
{
    const char *s = moldau_r_string(d->r, d->a, d->flex);
    if (!s)
        moldau_reader_fail(d->r);
    return s;
}

const char *moldau__adm_r_nstr(moldau__adm_dec_t *d)
{
    return moldau_r_string(d->r, d->a, d->flex);
}

moldau_bytes_t moldau__adm_r_bytes(moldau__adm_dec_t *d)
{
    moldau_bytes_t b = moldau_r_bytes(d->r, d->flex);
    if (b.len < 0)
        moldau_reader_fail(d->r);
    return b;
}

void *moldau__adm_r_array(moldau__adm_dec_t *d, int nullable, size_t min_elem, size_t elem_size,
                          int32_t *n)
{
    int32_t len = moldau_r_array_len(d->r, d->flex, min_elem);
    *n = 0;
    if (d->r->err)
        return NULL;
    if (len < 0) {
        if (!nullable)
            moldau_reader_fail(d->r);
        else
            *n = -1;
        return NULL;
    }
    void *p = moldau_arena_calloc(d->a, (size_t)len, elem_size);
    if (!p) {
        moldau_reader_fail(d->r);
        return NULL;
    }
    *n = len;
    return p;
}

const char **moldau__adm_r_str_array(moldau__adm_dec_t *d, int nullable, int32_t *n)
{
    const char **v = moldau__adm_r_array(d, nullable, d->min_str, sizeof(*v), n);
    for (int32_t i = 0; v && i < *n; i++)
        v[i] = moldau__adm_r_str(d);
    return v;
}

void moldau__adm_r_tags(moldau__adm_dec_t *d)
{
    if (d->flex)
        moldau_r_tags(d->r, NULL, NULL);
}
