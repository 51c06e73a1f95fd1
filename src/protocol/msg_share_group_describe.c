/* ShareGroupDescribe (key 77), v1: the admin's view of share groups (v0 was Kafka 4.0's early
 * access). Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_share_group_describe_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_share_group_describe_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_SHARE_GROUP_DESCRIBE, version);
    if (err)
        return err;
    moldau__enc_group_describe_request(&e, req);
    return moldau__enc_end(&e);
}

static void dec_member(moldau__dec_t *d, moldau_share_group_describe_member_t *m)
{
    moldau_reader_t *r = d->r;
    m->member_id = moldau__dec_str(d);
    m->rack_id = moldau__dec_nstr(d);
    m->member_epoch = moldau_r_i32(r);
    m->client_id = moldau__dec_str(d);
    m->client_host = moldau__dec_str(d);
    m->subscribed_topic_names = moldau__dec_str_arr(d, &m->n_subscribed_topic_names);
    moldau__dec_describe_assignment(d, &m->assignment);
    moldau__dec_tags(d);
}

moldau_err_t moldau_share_group_describe_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_share_group_describe_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_SHARE_GROUP_DESCRIBE, version);
    if (err)
        return err;
    *out = (moldau_share_group_describe_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    /* error code, message, id, state, 2 epochs, assignor, members, operations, tags */
    size_t min = 2 + 4 * d.min_str + 8 + d.min_arr + 4 + d.min_tags;
    moldau_share_group_describe_group_t *g = moldau__dec_arr(&d, min, sizeof(*g), &out->n_groups);
    for (int32_t i = 0; i < out->n_groups; i++) {
        g[i].error_code = moldau_r_i16(r);
        g[i].error_message = moldau__dec_nstr(&d);
        g[i].group_id = moldau__dec_str(&d);
        g[i].group_state = moldau__dec_str(&d);
        g[i].group_epoch = moldau_r_i32(r);
        g[i].assignment_epoch = moldau_r_i32(r);
        g[i].assignor_name = moldau__dec_str(&d);
        /* four strings, epoch, topic names, assignment, tags */
        size_t mmin = 4 * d.min_str + 4 + d.min_arr + (d.min_arr + d.min_tags) + d.min_tags;
        moldau_share_group_describe_member_t *m =
            moldau__dec_arr(&d, mmin, sizeof(*m), &g[i].n_members);
        for (int32_t j = 0; j < g[i].n_members; j++)
            dec_member(&d, &m[j]);
        g[i].members = m;
        g[i].authorized_operations = moldau_r_i32(r);
        moldau__dec_tags(&d);
    }
    out->groups = g;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
