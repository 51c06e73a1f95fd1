/* Helpers shared by the consumer-group codecs; see group_codec.h. */
#include <string.h>

#include "protocol/group_codec.h"

int moldau__grp_version_ok(int16_t api_key, int16_t version)
{
    const moldau_api_info_t *api = moldau_api_info(api_key);
    return api && version >= api->min_version && version <= api->max_version;
}

/* ---- encoding ---------------------------------------------------------------------------- */

void moldau__genc_init(moldau__genc_t *e, moldau_buf_t *w, int flex)
{
    e->w = w;
    e->flex = flex;
    e->bad = 0;
    e->start = w->len;
}

moldau_err_t moldau__genc_end(moldau__genc_t *e)
{
    if (e->w->failed)
        return MOLDAU_ERR__NO_MEMORY;
    if (e->bad) {
        e->w->len = e->start;
        return MOLDAU_ERR__INVALID_ARG;
    }
    return MOLDAU_ERR_NONE;
}

void moldau__gw_nstr(moldau__genc_t *e, const char *s)
{
    /* The classic form's int16 length is the limit in every version (Java refuses longer
     * strings too); checked here so the writer's sticky failure means memory only. */
    if (s && strlen(s) > INT16_MAX) {
        e->bad = 1;
        return;
    }
    moldau_w_string(e->w, s, e->flex);
}

void moldau__gw_str(moldau__genc_t *e, const char *s)
{
    if (!s) {
        e->bad = 1;
        return;
    }
    moldau__gw_nstr(e, s);
}

void moldau__gw_nbytes(moldau__genc_t *e, moldau_bytes_t b)
{
    if (b.len > 0 && !b.data) {
        e->bad = 1;
        return;
    }
    moldau_w_bytes(e->w, b, e->flex);
}

void moldau__gw_bytes(moldau__genc_t *e, moldau_bytes_t b)
{
    if (b.len < 0) {
        e->bad = 1;
        return;
    }
    moldau__gw_nbytes(e, b);
}

int moldau__gw_nalen(moldau__genc_t *e, int32_t n, const void *p)
{
    if (n > 0 && !p) {
        e->bad = 1;
        return 0;
    }
    moldau_w_array_len(e->w, n, e->flex);
    return n > 0;
}

int moldau__gw_alen(moldau__genc_t *e, int32_t n, const void *p)
{
    if (n < 0) {
        e->bad = 1;
        return 0;
    }
    return moldau__gw_nalen(e, n, p);
}

void moldau__gw_i32_array(moldau__genc_t *e, const int32_t *p, int32_t n)
{
    if (!moldau__gw_alen(e, n, p))
        return;
    for (int32_t i = 0; i < n; i++)
        moldau_w_i32(e->w, p[i]);
}

void moldau__gw_str_array(moldau__genc_t *e, const char *const *p, int32_t n)
{
    if (!moldau__gw_alen(e, n, p))
        return;
    for (int32_t i = 0; i < n; i++)
        moldau__gw_str(e, p[i]);
}

void moldau__gw_tags(moldau__genc_t *e)
{
    if (e->flex)
        moldau_w_tags_none(e->w);
}

/* ---- decoding ---------------------------------------------------------------------------- */

const char *moldau__gr_str(moldau__gdec_t *d) { return moldau_r_string(d->r, d->a, d->flex); }

moldau_bytes_t moldau__gr_bytes(moldau__gdec_t *d) { return moldau_r_bytes(d->r, d->flex); }

int32_t moldau__gr_nalen(moldau__gdec_t *d, size_t min_elem)
{
    return moldau_r_array_len(d->r, d->flex, min_elem);
}

int32_t moldau__gr_alen(moldau__gdec_t *d, size_t min_elem)
{
    int32_t n = moldau_r_array_len(d->r, d->flex, min_elem);
    if (n < 0) {
        moldau_reader_fail(d->r);
        return 0;
    }
    return n;
}

void *moldau__gr_alloc(moldau__gdec_t *d, int32_t n, size_t size)
{
    if (n <= 0 || d->r->err)
        return NULL;
    void *p = moldau_arena_calloc(d->a, (size_t)n, size);
    if (!p)
        moldau_reader_fail(d->r);
    return p;
}

int32_t *moldau__gr_i32_array(moldau__gdec_t *d, int32_t *n)
{
    *n = moldau__gr_alen(d, 4);
    int32_t *p = moldau__gr_alloc(d, *n, sizeof(*p));
    if (!p) {
        *n = 0;
        return NULL;
    }
    for (int32_t i = 0; i < *n; i++)
        p[i] = moldau_r_i32(d->r);
    return p;
}

const char **moldau__gr_str_array(moldau__gdec_t *d, int32_t *n)
{
    *n = moldau__gr_alen(d, MOLDAU__GR_MIN_STR(d));
    const char **p = moldau__gr_alloc(d, *n, sizeof(*p));
    if (!p) {
        *n = 0;
        return NULL;
    }
    for (int32_t i = 0; i < *n; i++)
        p[i] = moldau__gr_str(d);
    return p;
}

void moldau__gr_tags(moldau__gdec_t *d)
{
    if (d->flex)
        moldau_r_tags(d->r, NULL, NULL);
}
