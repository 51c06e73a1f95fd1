/* AlterShareGroupOffsets (key 91), v0: sets the start offsets of an empty share group's
 * partitions. Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_alter_share_group_offsets_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_alter_share_group_offsets_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_ALTER_SHARE_GROUP_OFFSETS, version);
    if (err)
        return err;
    moldau__enc_str(&e, req->group_id);
    int32_t nt = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < nt; i++) {
        const moldau_alter_share_group_offsets_request_topic_t *t = &req->topics[i];
        moldau__enc_str(&e, t->topic_name);
        int32_t np = moldau__enc_arr(&e, t->partitions, t->n_partitions);
        for (int32_t j = 0; j < np; j++) {
            moldau_w_i32(w, t->partitions[j].partition_index);
            moldau_w_i64(w, t->partitions[j].start_offset);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_alter_share_group_offsets_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_alter_share_group_offsets_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_ALTER_SHARE_GROUP_OFFSETS, version);
    if (err)
        return err;
    *out = (moldau_alter_share_group_offsets_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    /* name, id, partitions, tags */
    moldau_alter_share_group_offsets_response_topic_t *t = moldau__dec_arr(
        &d, d.min_str + 16 + d.min_arr + d.min_tags, sizeof(*t), &out->n_responses);
    for (int32_t i = 0; i < out->n_responses; i++) {
        t[i].topic_name = moldau__dec_str(&d);
        t[i].topic_id = moldau_r_uuid(r);
        /* index, error code, message, tags */
        moldau_alter_share_group_offsets_response_partition_t *p =
            moldau__dec_arr(&d, 6 + d.min_str + d.min_tags, sizeof(*p), &t[i].n_partitions);
        for (int32_t j = 0; j < t[i].n_partitions; j++) {
            p[j].partition_index = moldau_r_i32(r);
            p[j].error_code = moldau_r_i16(r);
            p[j].error_message = moldau__dec_nstr(&d);
            moldau__dec_tags(&d);
        }
        t[i].partitions = p;
        moldau__dec_tags(&d);
    }
    out->responses = t;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
