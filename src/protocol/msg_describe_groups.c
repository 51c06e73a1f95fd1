/* DescribeGroups (key 15), v0-5: state, protocol and members of classic groups. The members'
 * metadata and assignment are the group protocol's opaque payloads, returned as views. */
#include <stdint.h>

#include "protocol/msg_admin_codec.h"

moldau_err_t moldau_describe_groups_request_encode(moldau_buf_t *w, int16_t version,
                                                   const moldau_describe_groups_request_t *req)
{
    moldau__adm_enc_t e;
    moldau_err_t err = moldau__adm_enc_begin(&e, w, MOLDAU_API_DESCRIBE_GROUPS, version);
    if (err)
        return err;
    moldau__adm_w_str_array(&e, req->groups, req->n_groups, 0);
    if (version >= 3)
        moldau_w_bool(w, req->include_authorized_operations);
    else
        moldau__adm_refuse_if(&e, req->include_authorized_operations);
    moldau__adm_w_tags(&e);
    return moldau__adm_enc_end(&e);
}

static void read_members(moldau__adm_dec_t *d, int16_t version,
                         moldau_describe_groups_response_group_t *g)
{
    /* member id, [instance id], client id, client host, metadata, assignment, tags */
    size_t min = (version >= 4 ? 4 : 3) * d->min_str + 2 * (d->flex ? 1 : 4) + d->min_tags;
    g->members = moldau__adm_r_array(d, 0, min, sizeof(*g->members), &g->n_members);
    for (int32_t i = 0; g->members && i < g->n_members; i++) {
        moldau_describe_groups_response_member_t *m = &g->members[i];
        m->member_id = moldau__adm_r_str(d);
        m->group_instance_id = version >= 4 ? moldau__adm_r_nstr(d) : NULL;
        m->client_id = moldau__adm_r_str(d);
        m->client_host = moldau__adm_r_str(d);
        m->member_metadata = moldau__adm_r_bytes(d);
        m->member_assignment = moldau__adm_r_bytes(d);
        moldau__adm_r_tags(d);
    }
}

moldau_err_t moldau_describe_groups_response_decode(moldau_reader_t *r, int16_t version,
                                                    moldau_arena_t *a,
                                                    moldau_describe_groups_response_t *out)
{
    moldau__adm_dec_t d;
    moldau_err_t err = moldau__adm_dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_GROUPS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = version >= 1 ? moldau_r_i32(r) : 0;
    /* error code, 4 strings, members, [authorized operations], tags */
    size_t min = 2 + 4 * d.min_str + d.min_arr + (version >= 3 ? 4 : 0) + d.min_tags;
    out->groups = moldau__adm_r_array(&d, 0, min, sizeof(*out->groups), &out->n_groups);
    for (int32_t i = 0; out->groups && i < out->n_groups; i++) {
        moldau_describe_groups_response_group_t *g = &out->groups[i];
        g->error_code = moldau_r_i16(r);
        g->group_id = moldau__adm_r_str(&d);
        g->group_state = moldau__adm_r_str(&d);
        g->protocol_type = moldau__adm_r_str(&d);
        g->protocol_data = moldau__adm_r_str(&d);
        read_members(&d, version, g);
        g->authorized_operations = version >= 3 ? moldau_r_i32(r) : INT32_MIN;
        moldau__adm_r_tags(&d);
    }
    moldau__adm_r_tags(&d);
    return moldau__adm_dec_end(&d);
}
