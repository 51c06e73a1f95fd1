/* CreatePartitions (key 37), v0-3: raises a topic's partition count, optionally placing the
 * new partitions on given brokers (a null assignment lets the controller choose). */
#include "protocol/msg_admin_codec.h"

moldau_err_t moldau_create_partitions_request_encode(moldau_buf_t *w, int16_t version,
                                                     const moldau_create_partitions_request_t *req)
{
    moldau__adm_enc_t e;
    moldau_err_t err = moldau__adm_enc_begin(&e, w, MOLDAU_API_CREATE_PARTITIONS, version);
    if (err)
        return err;
    int32_t nt = moldau__adm_w_array(&e, req->topics, req->n_topics, 0);
    for (int32_t i = 0; i < nt; i++) {
        const moldau_create_partitions_request_topic_t *t = &req->topics[i];
        moldau__adm_w_str(&e, t->name);
        moldau_w_i32(w, t->count);
        int32_t na = moldau__adm_w_array(&e, t->assignments, t->n_assignments, 1);
        for (int32_t j = 0; j < na; j++) {
            moldau__adm_w_i32_array(&e, t->assignments[j].broker_ids,
                                    t->assignments[j].n_broker_ids);
            moldau__adm_w_tags(&e);
        }
        moldau__adm_w_tags(&e);
    }
    moldau_w_i32(w, req->timeout_ms);
    moldau_w_bool(w, req->validate_only);
    moldau__adm_w_tags(&e);
    return moldau__adm_enc_end(&e);
}

moldau_err_t moldau_create_partitions_response_decode(moldau_reader_t *r, int16_t version,
                                                      moldau_arena_t *a,
                                                      moldau_create_partitions_response_t *out)
{
    moldau__adm_dec_t d;
    moldau_err_t err = moldau__adm_dec_begin(&d, r, a, MOLDAU_API_CREATE_PARTITIONS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    size_t min = 2 * d.min_str + 2 + d.min_tags; /* name, error code, error message, tags */
    out->results = moldau__adm_r_array(&d, 0, min, sizeof(*out->results), &out->n_results);
    for (int32_t i = 0; out->results && i < out->n_results; i++) {
        moldau_create_partitions_response_result_t *t = &out->results[i];
        t->name = moldau__adm_r_str(&d);
        t->error_code = moldau_r_i16(r);
        t->error_message = moldau__adm_r_nstr(&d);
        moldau__adm_r_tags(&d);
    }
    moldau__adm_r_tags(&d);
    return moldau__adm_dec_end(&d);
}
