/* ListGroups (key 16), v0-5: the groups a broker coordinates. v4 can filter by state and
 * reports it; v5 does the same for the group type (classic or consumer, KIP-848). */
#include "protocol/codec.h"

moldau_err_t moldau_list_groups_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_list_groups_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_LIST_GROUPS, version);
    if (err)
        return err;
    /* An older broker would ignore a filter and list every group: refuse rather than widen. */
    if (version >= 4)
        moldau__enc_str_arr(&e, req->states_filter, req->n_states_filter);
    else
        moldau__enc_refuse_if(&e, req->n_states_filter != 0);
    if (version >= 5)
        moldau__enc_str_arr(&e, req->types_filter, req->n_types_filter);
    else
        moldau__enc_refuse_if(&e, req->n_types_filter != 0);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_list_groups_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_list_groups_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_LIST_GROUPS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = version >= 1 ? moldau_r_i32(r) : 0;
    out->error_code = moldau_r_i16(r);
    int nstr = version >= 5 ? 4 : version >= 4 ? 3 : 2;
    size_t min = (size_t)nstr * d.min_str + d.min_tags;
    out->groups = moldau__dec_arr(&d, min, sizeof(*out->groups), &out->n_groups);
    for (int32_t i = 0; i < out->n_groups; i++) {
        moldau_list_groups_response_group_t *g = &out->groups[i];
        g->group_id = moldau__dec_str(&d);
        g->protocol_type = moldau__dec_str(&d);
        /* The schema's default for an absent string is the empty string, not null. */
        g->group_state = version >= 4 ? moldau__dec_str(&d) : "";
        g->group_type = version >= 5 ? moldau__dec_str(&d) : "";
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
