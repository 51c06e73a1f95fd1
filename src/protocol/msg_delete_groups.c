/* DeleteGroups (key 42), v0-2: v1 only changes throttling, v2 is flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_delete_groups_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_delete_groups_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DELETE_GROUPS, version);
    if (err)
        return err;
    moldau__enc_str_arr(&e, req->groups_names, req->n_groups_names);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_delete_groups_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_delete_groups_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DELETE_GROUPS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    out->results = moldau__dec_arr(&d, d.min_str + 2 + d.min_tags, sizeof(*out->results),
                                   &out->n_results);
    for (int32_t i = 0; i < out->n_results; i++) {
        out->results[i].group_id = moldau__dec_str(&d);
        out->results[i].error_code = moldau_r_i16(r);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
