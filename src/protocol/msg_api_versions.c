/* ApiVersions (key 18) v0-4: the first request on every connection, and the only response whose
 * layout may not match the version asked for (see the fallback in the header). */
#include <string.h>

#include "protocol/codec.h"

moldau_err_t moldau_api_versions_request_encode(moldau_buf_t *w, int16_t version,
                                                const moldau_api_versions_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_API_VERSIONS, version);
    if (err)
        return err;
    if (version >= 3) {
        moldau__enc_str(&e, req->client_software_name);
        moldau__enc_str(&e, req->client_software_version);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static void read_top_tag(moldau__dec_t *d, uint32_t tag, void *ctx)
{
    moldau_api_versions_response_t *out = ctx;
    switch (tag) {
    case 0: {
        moldau_api_versions_response_supported_feature_t *f =
            moldau__dec_arr(d, 6, sizeof(*f), &out->n_supported_features);
        for (int32_t i = 0; i < out->n_supported_features; i++) {
            f[i].name = moldau__dec_str(d);
            f[i].min_version = moldau_r_i16(d->r);
            f[i].max_version = moldau_r_i16(d->r);
            moldau__dec_tags(d);
        }
        out->supported_features = f;
        break;
    }
    case 1:
        out->finalized_features_epoch = moldau_r_i64(d->r);
        break;
    case 2: {
        moldau_api_versions_response_finalized_feature_t *f =
            moldau__dec_arr(d, 6, sizeof(*f), &out->n_finalized_features);
        for (int32_t i = 0; i < out->n_finalized_features; i++) {
            f[i].name = moldau__dec_str(d);
            f[i].max_version_level = moldau_r_i16(d->r);
            f[i].min_version_level = moldau_r_i16(d->r);
            moldau__dec_tags(d);
        }
        out->finalized_features = f;
        break;
    }
    case 3:
        out->zk_migration_ready = moldau_r_bool(d->r);
        break;
    default:
        break;
    }
}

static moldau_err_t decode_at(moldau_reader_t *r, int16_t version, moldau_arena_t *a,
                              moldau_api_versions_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_API_VERSIONS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->finalized_features_epoch = -1;

    out->error_code = moldau_r_i16(r);
    out->api_keys = moldau__dec_arr(&d, d.flex ? 7 : 6, sizeof(*out->api_keys), &out->n_api_keys);
    for (int32_t i = 0; i < out->n_api_keys; i++) {
        moldau_api_versions_response_api_key_t *k = &out->api_keys[i];
        k->api_key = moldau_r_i16(r);
        k->min_version = moldau_r_i16(r);
        k->max_version = moldau_r_i16(r);
        moldau__dec_tags(&d);
    }
    if (version >= 1)
        out->throttle_time_ms = moldau_r_i32(r);
    moldau__dec_tags_each(&d, read_top_tag, out);
    return moldau__dec_end(&d);
}

static int starts_with_unsupported_version(const moldau_reader_t *r)
{
    moldau_reader_t peek = *r;
    return moldau_r_i16(&peek) == MOLDAU_ERR_UNSUPPORTED_VERSION && !peek.err;
}

moldau_err_t moldau_api_versions_response_decode(moldau_reader_t *r, int16_t version,
                                                 moldau_arena_t *a,
                                                 moldau_api_versions_response_t *out)
{
    if (!moldau__version_ok(MOLDAU_API_API_VERSIONS, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    if (version == 0 || !starts_with_unsupported_version(r))
        return decode_at(r, version, a, out);

    /* Error 35 at v1+: normally the v0 layout. Prefer the layout that fits the body exactly,
     * so a broker that did answer in the asked-for layout is still read right. */
    const moldau_reader_t start = *r;
    moldau_reader_t r0 = start;
    moldau_err_t err0 = decode_at(&r0, 0, a, out);
    if (err0 == MOLDAU_ERR__NO_MEMORY)
        return err0;
    if (err0 == MOLDAU_ERR_NONE && moldau_reader_remaining(&r0) == 0) {
        *r = r0;
        return err0;
    }
    moldau_reader_t rv = start;
    moldau_err_t errv = decode_at(&rv, version, a, out);
    if (errv == MOLDAU_ERR_NONE || errv == MOLDAU_ERR__NO_MEMORY) {
        *r = rv;
        return errv;
    }
    if (err0 == MOLDAU_ERR_NONE) {
        *r = start;
        return decode_at(r, 0, a, out);
    }
    /* Fits no layout (some brokers send a bare or broken body with 35): the error code alone
     * tells the caller to ask again with v0. */
    memset(out, 0, sizeof(*out));
    out->error_code = MOLDAU_ERR_UNSUPPORTED_VERSION;
    out->finalized_features_epoch = -1;
    *r = rv;
    return MOLDAU_ERR_NONE;
}

const moldau_api_versions_response_api_key_t *
moldau_api_versions_response_find(const moldau_api_versions_response_t *resp, int16_t api_key)
{
    for (int32_t i = 0; i < resp->n_api_keys; i++)
        if (resp->api_keys[i].api_key == api_key)
            return &resp->api_keys[i];
    return NULL;
}
