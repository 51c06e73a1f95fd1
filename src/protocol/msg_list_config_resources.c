/* ListConfigResources (key 74), v0-1. v0 is KIP-714's ListClientMetricsResources under its
 * old name (client metrics resources only); KIP-1142 renamed it and v1 asks for resource
 * types (not ignorable at v0: v0 cannot say which types, so a typed request is refused
 * rather than answered with client metrics). Always flexible. */
#include "protocol/codec.h"

/* The resource type of every v0 answer: CLIENT_METRICS. */
#define CLIENT_METRICS_RESOURCE 16

moldau_err_t moldau_list_config_resources_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_list_config_resources_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_LIST_CONFIG_RESOURCES, version);
    if (err)
        return err;
    if (version >= 1) {
        int32_t n = moldau__enc_arr(&e, req->resource_types, req->n_resource_types);
        for (int32_t i = 0; i < n; i++)
            moldau_w_i8(w, req->resource_types[i]);
    } else {
        moldau__enc_refuse_if(&e, req->n_resource_types != 0);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_list_config_resources_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_list_config_resources_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_LIST_CONFIG_RESOURCES, version);
    if (err)
        return err;
    *out = (moldau_list_config_resources_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    /* name, [type], tags */
    size_t min = d.min_str + (version >= 1 ? 1 : 0) + d.min_tags;
    out->config_resources = moldau__dec_arr(&d, min, sizeof(*out->config_resources),
                                            &out->n_config_resources);
    for (int32_t i = 0; i < out->n_config_resources; i++) {
        moldau_list_config_resource_t *c = &out->config_resources[i];
        c->resource_name = moldau__dec_str(&d);
        c->resource_type = version >= 1 ? moldau_r_i8(r) : CLIENT_METRICS_RESOURCE;
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
