/* LeaveGroup (key 13), v0-5. v3 (KIP-345) replaced the single MemberId by a batch of members,
 * so that an operator can remove static members; the response then answers per member. */
#include "protocol/group_codec.h"

moldau_err_t moldau_leave_group_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_leave_group_request_t *req)
{
    if (!moldau__grp_version_ok(MOLDAU_API_LEAVE_GROUP, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__genc_t e;
    moldau__genc_init(&e, w, moldau_api_is_flexible(MOLDAU_API_LEAVE_GROUP, version));
    moldau__gw_str(&e, req->group_id);
    if (version < 3) {
        if (req->n_members > 0)
            e.bad = 1; /* the batch cannot be expressed: refuse rather than drop members */
        moldau__gw_str(&e, req->member_id);
    } else {
        if (req->member_id && req->member_id[0])
            e.bad = 1;
        if (moldau__gw_alen(&e, req->n_members, req->members)) {
            for (int32_t i = 0; i < req->n_members; i++) {
                moldau__gw_str(&e, req->members[i].member_id);
                moldau__gw_nstr(&e, req->members[i].group_instance_id);
                if (version >= 5)
                    moldau__gw_nstr(&e, req->members[i].reason);
                moldau__gw_tags(&e);
            }
        }
    }
    moldau__gw_tags(&e);
    return moldau__genc_end(&e);
}

moldau_err_t moldau_leave_group_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_leave_group_response_t *out)
{
    if (!moldau__grp_version_ok(MOLDAU_API_LEAVE_GROUP, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__gdec_t d = {r, a, moldau_api_is_flexible(MOLDAU_API_LEAVE_GROUP, version)};
    *out = (moldau_leave_group_response_t){0};
    if (version >= 1)
        out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    if (version >= 3) {
        int32_t n = moldau__gr_alen(&d, 2 * MOLDAU__GR_MIN_STR(&d) + 2);
        moldau_leave_group_response_member_t *m = moldau__gr_alloc(&d, n, sizeof(*m));
        for (int32_t i = 0; m && i < n; i++) {
            m[i].member_id = moldau__gr_str(&d);
            m[i].group_instance_id = moldau__gr_str(&d);
            m[i].error_code = moldau_r_i16(r);
            moldau__gr_tags(&d);
        }
        out->members = m;
        out->n_members = m ? n : 0;
    }
    moldau__gr_tags(&d);
    return r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}
