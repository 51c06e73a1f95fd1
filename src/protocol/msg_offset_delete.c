/* OffsetDelete (key 47), v0 only, never flexible (KIP-496). */
#include "protocol/codec.h"

moldau_err_t moldau_offset_delete_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_offset_delete_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_OFFSET_DELETE, version);
    if (err)
        return err;
    moldau__enc_str(&e, req->group_id);
    int32_t n = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < n; i++) {
        const moldau_offset_delete_request_topic_t *t = &req->topics[i];
        moldau__enc_str(&e, t->name);
        int32_t np = moldau__enc_arr(&e, t->partitions, t->n_partitions);
        for (int32_t j = 0; j < np; j++)
            moldau_w_i32(w, t->partitions[j].partition_index);
    }
    return moldau__enc_end(&e);
}

moldau_err_t moldau_offset_delete_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_offset_delete_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_OFFSET_DELETE, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->error_code = moldau_r_i16(r);
    out->throttle_time_ms = moldau_r_i32(r);
    out->topics = moldau__dec_arr(&d, d.min_str + d.min_arr, sizeof(*out->topics), &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        moldau_offset_delete_response_topic_t *t = &out->topics[i];
        t->name = moldau__dec_str(&d);
        t->partitions = moldau__dec_partition_errors(&d, &t->n_partitions); /* never flexible */
    }
    return moldau__dec_end(&d);
}
