/* DescribeGroups (key 15), v0-6: state, protocol and members of classic groups (v6: an error
 * message, and GROUP_ID_NOT_FOUND for an unknown group, KIP-1043). The members'
 * metadata and assignment are the group protocol's opaque payloads, returned as views. */
#include <stdint.h>

#include "protocol/codec.h"

moldau_err_t moldau_describe_groups_request_encode(moldau_buf_t *w, int16_t version,
                                                   const moldau_describe_groups_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_GROUPS, version);
    if (err)
        return err;
    moldau__enc_str_arr(&e, req->groups, req->n_groups);
    if (version >= 3)
        moldau_w_bool(w, req->include_authorized_operations);
    else
        moldau__enc_refuse_if(&e, req->include_authorized_operations);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static void read_members(moldau__dec_t *d, int16_t version,
                         moldau_describe_groups_response_group_t *g)
{
    /* member id, [instance id], client id, client host, metadata, assignment, tags */
    size_t min = (version >= 4 ? 4 : 3) * d->min_str + 2 * (d->flex ? 1 : 4) + d->min_tags;
    g->members = moldau__dec_arr(d, min, sizeof(*g->members), &g->n_members);
    for (int32_t i = 0; i < g->n_members; i++) {
        moldau_describe_groups_response_member_t *m = &g->members[i];
        m->member_id = moldau__dec_str(d);
        m->group_instance_id = version >= 4 ? moldau__dec_nstr(d) : NULL;
        m->client_id = moldau__dec_str(d);
        m->client_host = moldau__dec_str(d);
        m->member_metadata = moldau__dec_bytes(d);
        m->member_assignment = moldau__dec_bytes(d);
        moldau__dec_tags(d);
    }
}

moldau_err_t moldau_describe_groups_response_decode(moldau_reader_t *r, int16_t version,
                                                    moldau_arena_t *a,
                                                    moldau_describe_groups_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_GROUPS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = version >= 1 ? moldau_r_i32(r) : 0;
    /* error code, [error message], 4 strings, members, [authorized operations], tags */
    size_t min =
        2 + (version >= 6 ? 5 : 4) * d.min_str + d.min_arr + (version >= 3 ? 4 : 0) + d.min_tags;
    out->groups = moldau__dec_arr(&d, min, sizeof(*out->groups), &out->n_groups);
    for (int32_t i = 0; i < out->n_groups; i++) {
        moldau_describe_groups_response_group_t *g = &out->groups[i];
        g->error_code = moldau_r_i16(r);
        g->error_message = version >= 6 ? moldau__dec_nstr(&d) : NULL;
        g->group_id = moldau__dec_str(&d);
        g->group_state = moldau__dec_str(&d);
        g->protocol_type = moldau__dec_str(&d);
        g->protocol_data = moldau__dec_str(&d);
        read_members(&d, version, g);
        g->authorized_operations = version >= 3 ? moldau_r_i32(r) : INT32_MIN;
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
