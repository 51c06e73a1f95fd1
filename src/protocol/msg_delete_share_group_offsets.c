/* DeleteShareGroupOffsets (key 92), v0: forgets an empty share group's state for whole
 * topics. Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_delete_share_group_offsets_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_delete_share_group_offsets_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DELETE_SHARE_GROUP_OFFSETS, version);
    if (err)
        return err;
    moldau__enc_str(&e, req->group_id);
    int32_t nt = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < nt; i++) {
        moldau__enc_str(&e, req->topics[i].topic_name);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_delete_share_group_offsets_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_delete_share_group_offsets_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err =
        moldau__dec_begin(&d, r, a, MOLDAU_API_DELETE_SHARE_GROUP_OFFSETS, version);
    if (err)
        return err;
    *out = (moldau_delete_share_group_offsets_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    /* name, id, error code, message, tags */
    moldau_delete_share_group_offsets_response_topic_t *t = moldau__dec_arr(
        &d, 2 * d.min_str + 16 + 2 + d.min_tags, sizeof(*t), &out->n_responses);
    for (int32_t i = 0; i < out->n_responses; i++) {
        t[i].topic_name = moldau__dec_str(&d);
        t[i].topic_id = moldau_r_uuid(r);
        t[i].error_code = moldau_r_i16(r);
        t[i].error_message = moldau__dec_nstr(&d);
        moldau__dec_tags(&d);
    }
    out->responses = t;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
