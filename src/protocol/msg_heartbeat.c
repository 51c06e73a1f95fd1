/* Heartbeat (key 12), v0-4. */
#include "protocol/group_codec.h"

moldau_err_t moldau_heartbeat_request_encode(moldau_buf_t *w, int16_t version,
                                             const moldau_heartbeat_request_t *req)
{
    if (!moldau__grp_version_ok(MOLDAU_API_HEARTBEAT, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__genc_t e;
    moldau__genc_init(&e, w, moldau_api_is_flexible(MOLDAU_API_HEARTBEAT, version));
    if (version < 3 && req->group_instance_id)
        e.bad = 1; /* static membership needs v3+ */
    moldau__gw_str(&e, req->group_id);
    moldau_w_i32(w, req->generation_id);
    moldau__gw_str(&e, req->member_id);
    if (version >= 3)
        moldau__gw_nstr(&e, req->group_instance_id);
    moldau__gw_tags(&e);
    return moldau__genc_end(&e);
}

moldau_err_t moldau_heartbeat_response_decode(moldau_reader_t *r, int16_t version,
                                              moldau_arena_t *a,
                                              moldau_heartbeat_response_t *out)
{
    if (!moldau__grp_version_ok(MOLDAU_API_HEARTBEAT, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__gdec_t d = {r, a, moldau_api_is_flexible(MOLDAU_API_HEARTBEAT, version)};
    *out = (moldau_heartbeat_response_t){0};
    if (version >= 1)
        out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    moldau__gr_tags(&d);
    return r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}
