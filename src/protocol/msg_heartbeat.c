/* Heartbeat (key 12), v0-4. */
#include "protocol/codec.h"

moldau_err_t moldau_heartbeat_request_encode(moldau_buf_t *w, int16_t version,
                                             const moldau_heartbeat_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_HEARTBEAT, version);
    if (err)
        return err;
    moldau__enc_refuse_if(&e, version < 3 && req->group_instance_id); /* static: v3+ */
    moldau__enc_str(&e, req->group_id);
    moldau_w_i32(w, req->generation_id);
    moldau__enc_str(&e, req->member_id);
    if (version >= 3)
        moldau__enc_nstr(&e, req->group_instance_id);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_heartbeat_response_decode(moldau_reader_t *r, int16_t version,
                                              moldau_arena_t *a,
                                              moldau_heartbeat_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_HEARTBEAT, version);
    if (err)
        return err;
    *out = (moldau_heartbeat_response_t){0};
    if (version >= 1)
        out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
