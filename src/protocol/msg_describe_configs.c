/* DescribeConfigs (key 32), v1-4 (v0 is deprecated by KIP-896): the configuration of topics,
 * brokers and other resources. v1 adds each entry's source and synonyms; v3 its type and
 * documentation. */
#include "protocol/codec.h"

moldau_err_t moldau_describe_configs_request_encode(moldau_buf_t *w, int16_t version,
                                                    const moldau_describe_configs_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_CONFIGS, version);
    if (err)
        return err;
    int32_t n = moldau__enc_arr(&e, req->resources, req->n_resources);
    for (int32_t i = 0; i < n; i++) {
        const moldau_describe_configs_request_resource_t *res = &req->resources[i];
        moldau_w_i8(w, res->resource_type);
        moldau__enc_str(&e, res->resource_name);
        int32_t nk = moldau__enc_narr(&e, res->configuration_keys, res->n_configuration_keys);
        for (int32_t j = 0; j < nk; j++)
            moldau__enc_str(&e, res->configuration_keys[j]);
        moldau__enc_tags(&e);
    }
    moldau_w_bool(w, req->include_synonyms); /* v1+, and v1 is moldau's lowest */
    if (version >= 3)
        moldau_w_bool(w, req->include_documentation);
    else
        moldau__enc_refuse_if(&e, req->include_documentation);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static void read_synonyms(moldau__dec_t *d, moldau_describe_configs_response_config_t *c)
{
    size_t min = 2 * d->min_str + 1 + d->min_tags; /* name, value, source, tags */
    c->synonyms = moldau__dec_arr(d, min, sizeof(*c->synonyms), &c->n_synonyms);
    for (int32_t i = 0; i < c->n_synonyms; i++) {
        c->synonyms[i].name = moldau__dec_str(d);
        c->synonyms[i].value = moldau__dec_nstr(d);
        c->synonyms[i].source = moldau_r_i8(d->r);
        moldau__dec_tags(d);
    }
}

static void read_configs(moldau__dec_t *d, int16_t version,
                         moldau_describe_configs_response_result_t *res)
{
    /* name, value, read only, source, sensitive, synonyms, [type, documentation], tags */
    size_t min = 2 * d->min_str + 3 + d->min_arr + (version >= 3 ? 1 + d->min_str : 0) +
                 d->min_tags;
    res->configs = moldau__dec_arr(d, min, sizeof(*res->configs), &res->n_configs);
    for (int32_t i = 0; i < res->n_configs; i++) {
        moldau_describe_configs_response_config_t *c = &res->configs[i];
        c->name = moldau__dec_str(d);
        c->value = moldau__dec_nstr(d);
        c->read_only = moldau_r_bool(d->r);
        c->config_source = moldau_r_i8(d->r);
        c->is_sensitive = moldau_r_bool(d->r);
        read_synonyms(d, c);
        c->config_type = version >= 3 ? moldau_r_i8(d->r) : 0;
        c->documentation = version >= 3 ? moldau__dec_nstr(d) : "";
        moldau__dec_tags(d);
    }
}

moldau_err_t moldau_describe_configs_response_decode(moldau_reader_t *r, int16_t version,
                                                     moldau_arena_t *a,
                                                     moldau_describe_configs_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_CONFIGS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    /* error code, error message, resource type, resource name, configs, tags */
    size_t min = 2 + 2 * d.min_str + 1 + d.min_arr + d.min_tags;
    out->results = moldau__dec_arr(&d, min, sizeof(*out->results), &out->n_results);
    for (int32_t i = 0; i < out->n_results; i++) {
        moldau_describe_configs_response_result_t *res = &out->results[i];
        res->error_code = moldau_r_i16(r);
        res->error_message = moldau__dec_nstr(&d);
        res->resource_type = moldau_r_i8(r);
        res->resource_name = moldau__dec_str(&d);
        read_configs(&d, version, res);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
