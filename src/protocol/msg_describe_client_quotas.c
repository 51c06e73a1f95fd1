/* DescribeClientQuotas (key 48), v0-1: the quotas of the client entities a filter matches.
 * v1 is the same message made flexible. */
#include "protocol/client_quota.h"

moldau_err_t moldau_describe_client_quotas_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_client_quotas_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_CLIENT_QUOTAS, version);
    if (err)
        return err;
    int32_t n = moldau__enc_arr(&e, req->components, req->n_components);
    for (int32_t i = 0; i < n; i++) {
        moldau__enc_str(&e, req->components[i].entity_type);
        moldau_w_i8(w, req->components[i].match_type);
        moldau__enc_nstr(&e, req->components[i].match);
        moldau__enc_tags(&e);
    }
    moldau_w_bool(w, req->strict);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_describe_client_quotas_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_describe_client_quotas_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_CLIENT_QUOTAS, version);
    if (err)
        return err;
    *out = (moldau_describe_client_quotas_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    /* entity, values, tags */
    size_t min = 2 * d.min_arr + d.min_tags;
    out->entries = moldau__dec_narr(&d, min, sizeof(*out->entries), &out->n_entries);
    for (int32_t i = 0; i < out->n_entries; i++) {
        moldau_describe_client_quotas_entry_t *en = &out->entries[i];
        en->entity = moldau__dec_quota_entity(&d, &en->n_entity);
        /* key, value, tags */
        en->values = moldau__dec_arr(&d, d.min_str + 8 + d.min_tags, sizeof(*en->values),
                                     &en->n_values);
        for (int32_t j = 0; j < en->n_values; j++) {
            en->values[j].key = moldau__dec_str(&d);
            en->values[j].value = moldau_r_f64(r);
            moldau__dec_tags(&d);
        }
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
