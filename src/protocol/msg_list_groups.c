/* ListGroups (key 16), v0-5: the groups a broker coordinates. v4 can filter by state and
 * reports it; v5 does the same for the group type (classic or consumer, KIP-848). */
#include "protocol/msg_admin_codec.h"

moldau_err_t moldau_list_groups_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_list_groups_request_t *req)
{
    moldau__adm_enc_t e;
    moldau_err_t err = moldau__adm_enc_begin(&e, w, MOLDAU_API_LIST_GROUPS, version);
    if (err)
        return err;
    /* An older broker would ignore a filter and list every group: refuse rather than widen. */
    if (version >= 4)
        moldau__adm_w_str_array(&e, req->states_filter, req->n_states_filter, 0);
    else
        moldau__adm_refuse_if(&e, req->n_states_filter != 0);
    if (version >= 5)
        moldau__adm_w_str_array(&e, req->types_filter, req->n_types_filter, 0);
    else
        moldau__adm_refuse_if(&e, req->n_types_filter != 0);
    moldau__adm_w_tags(&e);
    return moldau__adm_enc_end(&e);
}

moldau_err_t moldau_list_groups_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_list_groups_response_t *out)
{
    moldau__adm_dec_t d;
    moldau_err_t err = moldau__adm_dec_begin(&d, r, a, MOLDAU_API_LIST_GROUPS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = version >= 1 ? moldau_r_i32(r) : 0;
    out->error_code = moldau_r_i16(r);
    int nstr = version >= 5 ? 4 : version >= 4 ? 3 : 2;
    size_t min = (size_t)nstr * d.min_str + d.min_tags;
    out->groups = moldau__adm_r_array(&d, 0, min, sizeof(*out->groups), &out->n_groups);
    for (int32_t i = 0; out->groups && i < out->n_groups; i++) {
        moldau_list_groups_response_group_t *g = &out->groups[i];
        g->group_id = moldau__adm_r_str(&d);
        g->protocol_type = moldau__adm_r_str(&d);
        /* The schema's default for an absent string is the empty string, not null. */
        g->group_state = version >= 4 ? moldau__adm_r_str(&d) : "";
        g->group_type = version >= 5 ? moldau__adm_r_str(&d) : "";
        moldau__adm_r_tags(&d);
    }
    moldau__adm_r_tags(&d);
    return moldau__adm_dec_end(&d);
}
