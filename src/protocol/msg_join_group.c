/* JoinGroup (key 11), v0-9. The protocol metadata and member metadata are opaque bytes here;
 * for protocol type "consumer" they are ConsumerProtocolSubscription payloads
 * (consumer_protocol.c). */
#include "protocol/codec.h"

moldau_err_t moldau_join_group_request_encode(moldau_buf_t *w, int16_t version,
                                              const moldau_join_group_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_JOIN_GROUP, version);
    if (err)
        return err;
    /* Static membership cannot be asked for before v5; dropping the id would silently turn
     * the member dynamic. */
    moldau__enc_refuse_if(&e, version < 5 && req->group_instance_id);
    moldau__enc_str(&e, req->group_id);
    moldau_w_i32(w, req->session_timeout_ms);
    if (version >= 1)
        moldau_w_i32(w, req->rebalance_timeout_ms);
    moldau__enc_str(&e, req->member_id);
    if (version >= 5)
        moldau__enc_nstr(&e, req->group_instance_id);
    moldau__enc_str(&e, req->protocol_type);
    int32_t n = moldau__enc_arr(&e, req->protocols, req->n_protocols);
    for (int32_t i = 0; i < n; i++) {
        moldau__enc_str(&e, req->protocols[i].name);
        moldau__enc_bytes(&e, req->protocols[i].metadata);
        moldau__enc_tags(&e);
    }
    if (version >= 8)
        moldau__enc_nstr(&e, req->reason);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_join_group_response_decode(moldau_reader_t *r, int16_t version,
                                               moldau_arena_t *a,
                                               moldau_join_group_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_JOIN_GROUP, version);
    if (err)
        return err;
    *out = (moldau_join_group_response_t){0};
    if (version >= 2)
        out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->generation_id = moldau_r_i32(r);
    if (version >= 7)
        out->protocol_type = moldau__dec_nstr(&d);
    out->protocol_name = version >= 7 ? moldau__dec_nstr(&d) : moldau__dec_str(&d);
    out->leader = moldau__dec_str(&d);
    if (version >= 9)
        out->skip_assignment = moldau_r_bool(r);
    out->member_id = moldau__dec_str(&d);
    /* member id, group instance id (v5+), metadata */
    size_t min = (version >= 5 ? 2 : 1) * d.min_str + (d.flex ? 2 : 4);
    moldau_join_group_response_member_t *m = moldau__dec_arr(&d, min, sizeof(*m), &out->n_members);
    for (int32_t i = 0; i < out->n_members; i++) {
        m[i].member_id = moldau__dec_str(&d);
        if (version >= 5)
            m[i].group_instance_id = moldau__dec_nstr(&d);
        m[i].metadata = moldau__dec_bytes(&d);
        moldau__dec_tags(&d);
    }
    out->members = m;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
