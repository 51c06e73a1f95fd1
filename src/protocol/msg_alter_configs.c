/* AlterConfigs (key 33), v0-2 (v2 flexible), and IncrementalAlterConfigs (key 44), v0-1 (v1
 * flexible). The two differ only in the config operation the incremental form carries per
 * config, so they share their structs and this file. */
#include "protocol/codec.h"

static moldau_err_t encode(moldau_buf_t *w, int16_t api_key, int16_t version,
                           const moldau_alter_configs_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, api_key, version);
    if (err)
        return err;
    int incremental = api_key == MOLDAU_API_INCREMENTAL_ALTER_CONFIGS;
    int32_t n = moldau__enc_arr(&e, req->resources, req->n_resources);
    for (int32_t i = 0; i < n; i++) {
        const moldau_alter_configs_request_resource_t *res = &req->resources[i];
        moldau_w_i8(w, res->resource_type);
        moldau__enc_str(&e, res->resource_name);
        int32_t nc = moldau__enc_arr(&e, res->configs, res->n_configs);
        for (int32_t j = 0; j < nc; j++) {
            moldau__enc_str(&e, res->configs[j].name);
            if (incremental)
                moldau_w_i8(w, res->configs[j].config_operation);
            moldau__enc_nstr(&e, res->configs[j].value);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau_w_bool(w, req->validate_only);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static moldau_err_t decode(moldau_reader_t *r, int16_t api_key, int16_t version,
                           moldau_arena_t *a, moldau_alter_configs_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, api_key, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    /* error code and message, type, name, tags */
    out->responses = moldau__dec_arr(&d, 2 + d.min_str + 1 + d.min_str + d.min_tags,
                                     sizeof(*out->responses), &out->n_responses);
    for (int32_t i = 0; i < out->n_responses; i++) {
        moldau_alter_configs_response_resource_t *res = &out->responses[i];
        res->error_code = moldau_r_i16(r);
        res->error_message = moldau__dec_nstr(&d);
        res->resource_type = moldau_r_i8(r);
        res->resource_name = moldau__dec_str(&d);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}

moldau_err_t moldau_alter_configs_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_alter_configs_request_t *req)
{
    return encode(w, MOLDAU_API_ALTER_CONFIGS, version, req);
}

moldau_err_t moldau_alter_configs_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_alter_configs_response_t *out)
{
    return decode(r, MOLDAU_API_ALTER_CONFIGS, version, a, out);
}

moldau_err_t moldau_incremental_alter_configs_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_incremental_alter_configs_request_t *req)
{
    return encode(w, MOLDAU_API_INCREMENTAL_ALTER_CONFIGS, version, req);
}

moldau_err_t moldau_incremental_alter_configs_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_incremental_alter_configs_response_t *out)
{
    return decode(r, MOLDAU_API_INCREMENTAL_ALTER_CONFIGS, version, a, out);
}
