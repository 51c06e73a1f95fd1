/* DescribeCluster (key 60), v0-2: the cluster id, the controller and the brokers (or, from v1,
 * the controllers: EndpointType, KIP-919). v2 can include fenced brokers and says which are
 * (KIP-1073). Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_describe_cluster_request_encode(moldau_buf_t *w, int16_t version,
                                                    const moldau_describe_cluster_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_CLUSTER, version);
    if (err)
        return err;
    /* v0 describes brokers only, unfenced only */
    moldau__enc_refuse_if(&e, version < 1 && req->endpoint_type != 1);
    moldau__enc_refuse_if(&e, version < 2 && req->include_fenced_brokers);
    moldau_w_bool(w, req->include_cluster_authorized_operations);
    if (version >= 1)
        moldau_w_i8(w, req->endpoint_type);
    if (version >= 2)
        moldau_w_bool(w, req->include_fenced_brokers);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_describe_cluster_response_decode(moldau_reader_t *r, int16_t version,
                                                     moldau_arena_t *a,
                                                     moldau_describe_cluster_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_CLUSTER, version);
    if (err)
        return err;
    *out = (moldau_describe_cluster_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    out->endpoint_type = version >= 1 ? moldau_r_i8(r) : 1;
    out->cluster_id = moldau__dec_str(&d);
    out->controller_id = moldau_r_i32(r);
    /* id, host, port, rack, [fenced], tags */
    size_t min = 4 + 2 * d.min_str + 4 + (version >= 2 ? 1 : 0) + d.min_tags;
    out->brokers = moldau__dec_arr(&d, min, sizeof(*out->brokers), &out->n_brokers);
    for (int32_t i = 0; i < out->n_brokers; i++) {
        moldau_describe_cluster_broker_t *b = &out->brokers[i];
        b->broker_id = moldau_r_i32(r);
        b->host = moldau__dec_str(&d);
        b->port = moldau_r_i32(r);
        b->rack = moldau__dec_nstr(&d);
        if (version >= 2)
            b->is_fenced = moldau_r_bool(r);
        moldau__dec_tags(&d);
    }
    out->cluster_authorized_operations = moldau_r_i32(r);
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
