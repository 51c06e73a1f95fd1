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
    moldau__dec_heartbeat_response(&d, out);
    return moldau__dec_end(&d);
}
