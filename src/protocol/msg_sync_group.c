/* SyncGroup (key 14), v0-5. The assignments are opaque bytes here; for protocol type
 * "consumer" they are ConsumerProtocolAssignment payloads (consumer_protocol.c). */
#include "protocol/group_codec.h"

moldau_err_t moldau_sync_group_request_encode(moldau_buf_t *w, int16_t version,
                                              const moldau_sync_group_request_t *req)
{
    if (!moldau__grp_version_ok(MOLDAU_API_SYNC_GROUP, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__genc_t e;
    moldau__genc_init(&e, w, moldau_api_is_flexible(MOLDAU_API_SYNC_GROUP, version));
    if (version < 3 && req->group_instance_id)
        e.bad = 1; /* static membership needs v3+ */
    moldau__gw_str(&e, req->group_id);
    moldau_w_i32(w, req->generation_id);
    moldau__gw_str(&e, req->member_id);
    if (version >= 3)
        moldau__gw_nstr(&e, req->group_instance_id);
    if (version >= 5) {
        moldau__gw_nstr(&e, req->protocol_type);
        moldau__gw_nstr(&e, req->protocol_name);
    }
    if (moldau__gw_alen(&e, req->n_assignments, req->assignments)) {
        for (int32_t i = 0; i < req->n_assignments; i++) {
            moldau__gw_str(&e, req->assignments[i].member_id);
            moldau__gw_bytes(&e, req->assignments[i].assignment);
            moldau__gw_tags(&e);
        }
    }
    moldau__gw_tags(&e);
    return moldau__genc_end(&e);
}

moldau_err_t moldau_sync_group_response_decode(moldau_reader_t *r, int16_t version,
                                               moldau_arena_t *a,
                                               moldau_sync_group_response_t *out)
{
    if (!moldau__grp_version_ok(MOLDAU_API_SYNC_GROUP, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__gdec_t d = {r, a, moldau_api_is_flexible(MOLDAU_API_SYNC_GROUP, version)};
    *out = (moldau_sync_group_response_t){0};
    if (version >= 1)
        out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    if (version >= 5) {
        out->protocol_type = moldau__gr_str(&d);
        out->protocol_name = moldau__gr_str(&d);
    }
    out->assignment = moldau__gr_bytes(&d);
    moldau__gr_tags(&d);
    return r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}
