/* CreatePartitions (key 37), v0-3: raises a topic's partition count, optionally placing the
 * new partitions on given brokers (a null assignment lets the controller choose). */
#include "protocol/codec.h"

moldau_err_t moldau_create_partitions_request_encode(moldau_buf_t *w, int16_t version,
                                                     const moldau_create_partitions_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_CREATE_PARTITIONS, version);
    if (err)
        return err;
    int32_t nt = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < nt; i++) {
        const moldau_create_partitions_request_topic_t *t = &req->topics[i];
        moldau__enc_str(&e, t->name);
        moldau_w_i32(w, t->count);
        int32_t na = moldau__enc_narr(&e, t->assignments, t->n_assignments);
        for (int32_t j = 0; j < na; j++) {
            moldau__enc_i32_arr(&e, t->assignments[j].broker_ids,
                                t->assignments[j].n_broker_ids);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau_w_i32(w, req->timeout_ms);
    moldau_w_bool(w, req->validate_only);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_create_partitions_response_decode(moldau_reader_t *r, int16_t version,
                                                      moldau_arena_t *a,
                                                      moldau_create_partitions_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_CREATE_PARTITIONS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    size_t min = 2 * d.min_str + 2 + d.min_tags; /* name, error code, error message, tags */
    out->results = moldau__dec_arr(&d, min, sizeof(*out->results), &out->n_results);
    for (int32_t i = 0; i < out->n_results; i++) {
        moldau_create_partitions_response_result_t *t = &out->results[i];
        t->name = moldau__dec_str(&d);
        t->error_code = moldau_r_i16(r);
        t->error_message = moldau__dec_nstr(&d);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
