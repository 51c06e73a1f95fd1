/* JoinGroup (key 11), v0-9. The protocol metadata and member metadata are opaque bytes here;
 * for protocol type "consumer" they are ConsumerProtocolSubscription payloads
 * (consumer_protocol.c). */
#include "protocol/group_codec.h"

moldau_err_t moldau_join_group_request_encode(moldau_buf_t *w, int16_t version,
                                              const moldau_join_group_request_t *req)
{
    if (!moldau__grp_version_ok(MOLDAU_API_JOIN_GROUP, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__genc_t e;
    moldau__genc_init(&e, w, moldau_api_is_flexible(MOLDAU_API_JOIN_GROUP, version));
    /* Static membership cannot be asked for before v5; dropping the id would silently turn
     * the member dynamic. */
    if (version < 5 && req->group_instance_id)
        e.bad = 1;
    moldau__gw_str(&e, req->group_id);
    moldau_w_i32(w, req->session_timeout_ms);
    if (version >= 1)
        moldau_w_i32(w, req->rebalance_timeout_ms);
    moldau__gw_str(&e, req->member_id);
    if (version >= 5)
        moldau__gw_nstr(&e, req->group_instance_id);
    moldau__gw_str(&e, req->protocol_type);
    if (moldau__gw_alen(&e, req->n_protocols, req->protocols)) {
        for (int32_t i = 0; i < req->n_protocols; i++) {
            moldau__gw_str(&e, req->protocols[i].name);
            moldau__gw_bytes(&e, req->protocols[i].metadata);
            moldau__gw_tags(&e);
        }
    }
    if (version >= 8)
        moldau__gw_nstr(&e, req->reason);
    moldau__gw_tags(&e);
    return moldau__genc_end(&e);
}

moldau_err_t moldau_join_group_response_decode(moldau_reader_t *r, int16_t version,
                                               moldau_arena_t *a,
                                               moldau_join_group_response_t *out)
{
    if (!moldau__grp_version_ok(MOLDAU_API_JOIN_GROUP, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__gdec_t d = {r, a, moldau_api_is_flexible(MOLDAU_API_JOIN_GROUP, version)};
    *out = (moldau_join_group_response_t){0};
    if (version >= 2)
        out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->generation_id = moldau_r_i32(r);
    if (version >= 7)
        out->protocol_type = moldau__gr_str(&d);
    out->protocol_name = moldau__gr_str(&d);
    out->leader = moldau__gr_str(&d);
    if (version >= 9)
        out->skip_assignment = moldau_r_bool(r);
    out->member_id = moldau__gr_str(&d);
    /* member id, group instance id (v5+), metadata */
    size_t min = (version >= 5 ? 2 : 1) * MOLDAU__GR_MIN_STR(&d) + (d.flex ? 2 : 4);
    int32_t n = moldau__gr_alen(&d, min);
    moldau_join_group_response_member_t *m = moldau__gr_alloc(&d, n, sizeof(*m));
    for (int32_t i = 0; m && i < n; i++) {
        m[i].member_id = moldau__gr_str(&d);
        if (version >= 5)
            m[i].group_instance_id = moldau__gr_str(&d);
        m[i].metadata = moldau__gr_bytes(&d);
        moldau__gr_tags(&d);
    }
    out->members = m;
    out->n_members = m ? n : 0;
    moldau__gr_tags(&d);
    return r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}
