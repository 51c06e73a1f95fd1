/* DeleteRecords (key 21), v0-2: v1 only changes throttling, v2 is flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_delete_records_request_encode(moldau_buf_t *w, int16_t version,
                                                  const moldau_delete_records_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DELETE_RECORDS, version);
    if (err)
        return err;
    int32_t n = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < n; i++) {
        const moldau_delete_records_request_topic_t *t = &req->topics[i];
        moldau__enc_str(&e, t->name);
        int32_t np = moldau__enc_arr(&e, t->partitions, t->n_partitions);
        for (int32_t j = 0; j < np; j++) {
            moldau_w_i32(w, t->partitions[j].partition_index);
            moldau_w_i64(w, t->partitions[j].offset);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau_w_i32(w, req->timeout_ms);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_delete_records_response_decode(moldau_reader_t *r, int16_t version,
                                                   moldau_arena_t *a,
                                                   moldau_delete_records_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DELETE_RECORDS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    out->topics = moldau__dec_arr(&d, d.min_str + d.min_arr + d.min_tags, sizeof(*out->topics),
                                  &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        moldau_delete_records_response_topic_t *t = &out->topics[i];
        t->name = moldau__dec_str(&d);
        t->partitions = moldau__dec_arr(&d, 4 + 8 + 2 + d.min_tags, sizeof(*t->partitions),
                                        &t->n_partitions);
        for (int32_t j = 0; j < t->n_partitions; j++) {
            moldau_delete_records_response_partition_t *p = &t->partitions[j];
            p->partition_index = moldau_r_i32(r);
            p->low_watermark = moldau_r_i64(r);
            p->error_code = moldau_r_i16(r);
            moldau__dec_tags(&d);
        }
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
