/* SyncGroup (key 14), v0-5. The assignments are opaque bytes here; for protocol type
 * "consumer" they are ConsumerProtocolAssignment payloads (consumer_protocol.c). */
#include "protocol/codec.h"

moldau_err_t moldau_sync_group_request_encode(moldau_buf_t *w, int16_t version,
                                              const moldau_sync_group_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_SYNC_GROUP, version);
    if (err)
        return err;
    moldau__enc_refuse_if(&e, version < 3 && req->group_instance_id); /* static: v3+ */
    moldau__enc_str(&e, req->group_id);
    moldau_w_i32(w, req->generation_id);
    moldau__enc_str(&e, req->member_id);
    if (version >= 3)
        moldau__enc_nstr(&e, req->group_instance_id);
    if (version >= 5) {
        moldau__enc_nstr(&e, req->protocol_type);
        moldau__enc_nstr(&e, req->protocol_name);
    }
    int32_t n = moldau__enc_arr(&e, req->assignments, req->n_assignments);
    for (int32_t i = 0; i < n; i++) {
        moldau__enc_str(&e, req->assignments[i].member_id);
        moldau__enc_bytes(&e, req->assignments[i].assignment);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_sync_group_response_decode(moldau_reader_t *r, int16_t version,
                                               moldau_arena_t *a,
                                               moldau_sync_group_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_SYNC_GROUP, version);
    if (err)
        return err;
    *out = (moldau_sync_group_response_t){0};
    if (version >= 1)
        out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    if (version >= 5) {
        out->protocol_type = moldau__dec_nstr(&d);
        out->protocol_name = moldau__dec_nstr(&d);
    }
    out->assignment = moldau__dec_bytes(&d);
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
