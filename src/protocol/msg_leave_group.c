/* LeaveGroup (key 13), v0-5. v3 (KIP-345) replaced the single MemberId by a batch of members,
 * so that an operator can remove static members; the response then answers per member. */
#include "protocol/codec.h"

moldau_err_t moldau_leave_group_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_leave_group_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_LEAVE_GROUP, version);
    if (err)
        return err;
    moldau__enc_str(&e, req->group_id);
    if (version < 3) {
        /* the batch cannot be expressed: refuse rather than drop members */
        moldau__enc_refuse_if(&e, req->n_members > 0);
        moldau__enc_str(&e, req->member_id);
    } else {
        moldau__enc_refuse_if(&e, req->member_id && req->member_id[0]);
        int32_t n = moldau__enc_arr(&e, req->members, req->n_members);
        for (int32_t i = 0; i < n; i++) {
            moldau__enc_str(&e, req->members[i].member_id);
            moldau__enc_nstr(&e, req->members[i].group_instance_id);
            if (version >= 5)
                moldau__enc_nstr(&e, req->members[i].reason);
            moldau__enc_tags(&e);
        }
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_leave_group_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_leave_group_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_LEAVE_GROUP, version);
    if (err)
        return err;
    *out = (moldau_leave_group_response_t){0};
    if (version >= 1)
        out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    if (version >= 3) {
        moldau_leave_group_response_member_t *m =
            moldau__dec_arr(&d, 2 * d.min_str + 2, sizeof(*m), &out->n_members);
        for (int32_t i = 0; i < out->n_members; i++) {
            m[i].member_id = moldau__dec_str(&d);
            m[i].group_instance_id = moldau__dec_nstr(&d);
            m[i].error_code = moldau_r_i16(r);
            moldau__dec_tags(&d);
        }
        out->members = m;
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
