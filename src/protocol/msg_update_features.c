/* UpdateFeatures (key 57), v0-2: raises or lowers finalized feature levels (metadata.version,
 * kraft.version, ...). v1 replaces AllowDowngrade with UpgradeType and adds ValidateOnly; v2's
 * response drops the per-feature results. Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_update_features_request_encode(moldau_buf_t *w, int16_t version,
                                                   const moldau_update_features_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_UPDATE_FEATURES, version);
    if (err)
        return err;
    moldau__enc_refuse_if(&e, version < 1 && req->validate_only);
    moldau_w_i32(w, req->timeout_ms);
    int32_t n = moldau__enc_arr(&e, req->feature_updates, req->n_feature_updates);
    for (int32_t i = 0; i < n; i++) {
        const moldau_update_features_key_t *k = &req->feature_updates[i];
        moldau__enc_str(&e, k->feature);
        moldau_w_i16(w, k->max_version_level);
        /* Neither field is ignorable: each version carries the downgrade its own way, and the
         * other's value would be lost. */
        if (version < 1) {
            moldau__enc_refuse_if(&e, k->upgrade_type != 1);
            moldau_w_bool(w, k->allow_downgrade);
        } else {
            moldau__enc_refuse_if(&e, k->allow_downgrade);
            moldau_w_i8(w, k->upgrade_type);
        }
        moldau__enc_tags(&e);
    }
    if (version >= 1)
        moldau_w_bool(w, req->validate_only);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_update_features_response_decode(moldau_reader_t *r, int16_t version,
                                                    moldau_arena_t *a,
                                                    moldau_update_features_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_UPDATE_FEATURES, version);
    if (err)
        return err;
    *out = (moldau_update_features_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    if (version < 2) {
        /* feature, error code, error message, tags */
        size_t min = 2 * d.min_str + 2 + d.min_tags;
        out->results = moldau__dec_arr(&d, min, sizeof(*out->results), &out->n_results);
        for (int32_t i = 0; i < out->n_results; i++) {
            out->results[i].feature = moldau__dec_str(&d);
            out->results[i].error_code = moldau_r_i16(r);
            out->results[i].error_message = moldau__dec_nstr(&d);
            moldau__dec_tags(&d);
        }
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
