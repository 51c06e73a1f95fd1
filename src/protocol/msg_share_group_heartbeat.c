/* ShareGroupHeartbeat (key 76), v1: a share group member joins, stays and leaves; the
 * coordinator answers with the partitions it may fetch from. v0 was Kafka 4.0's early access,
 * gone from 4.1. Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_share_group_heartbeat_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_share_group_heartbeat_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_SHARE_GROUP_HEARTBEAT, version);
    if (err)
        return err;
    moldau__enc_str(&e, req->group_id);
    moldau__enc_str(&e, req->member_id);
    moldau_w_i32(w, req->member_epoch);
    moldau__enc_nstr(&e, req->rack_id);
    int32_t ns = moldau__enc_narr(&e, req->subscribed_topic_names, req->n_subscribed_topic_names);
    for (int32_t i = 0; i < ns; i++)
        moldau__enc_str(&e, req->subscribed_topic_names[i]);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_share_group_heartbeat_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_share_group_heartbeat_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_SHARE_GROUP_HEARTBEAT, version);
    if (err)
        return err;
    *out = (moldau_share_group_heartbeat_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    out->member_id = moldau__dec_nstr(&d);
    out->member_epoch = moldau_r_i32(r);
    out->heartbeat_interval_ms = moldau_r_i32(r);
    /* A nullable struct: int8 -1 for null, else the struct follows (Java reads any negative
     * marker as null). */
    if (moldau_r_i8(r) >= 0 && !r->err)
        out->assignment = moldau__dec_heartbeat_assignment(&d);
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
