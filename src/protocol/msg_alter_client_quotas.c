/* AlterClientQuotas (key 49), v0-1: sets or removes quota values of client entities. v1 is
 * the same message made flexible. */
#include "protocol/client_quota.h"

void moldau__enc_quota_entity(moldau__enc_t *e, const moldau_client_quota_entity_t *v,
                              int32_t n)
{
    int32_t k = moldau__enc_arr(e, v, n);
    for (int32_t i = 0; i < k; i++) {
        moldau__enc_str(e, v[i].entity_type);
        moldau__enc_nstr(e, v[i].entity_name);
        moldau__enc_tags(e);
    }
}

moldau_client_quota_entity_t *moldau__dec_quota_entity(moldau__dec_t *d, int32_t *n)
{
    /* type, name, tags */
    moldau_client_quota_entity_t *v =
        moldau__dec_arr(d, 2 * d->min_str + d->min_tags, sizeof(*v), n);
    for (int32_t i = 0; i < *n; i++) {
        v[i].entity_type = moldau__dec_str(d);
        v[i].entity_name = moldau__dec_nstr(d);
        moldau__dec_tags(d);
    }
    return v;
}

moldau_err_t moldau_alter_client_quotas_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_alter_client_quotas_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_ALTER_CLIENT_QUOTAS, version);
    if (err)
        return err;
    int32_t n = moldau__enc_arr(&e, req->entries, req->n_entries);
    for (int32_t i = 0; i < n; i++) {
        const moldau_alter_client_quotas_request_entry_t *en = &req->entries[i];
        moldau__enc_quota_entity(&e, en->entity, en->n_entity);
        int32_t no = moldau__enc_arr(&e, en->ops, en->n_ops);
        for (int32_t j = 0; j < no; j++) {
            moldau__enc_str(&e, en->ops[j].key);
            moldau_w_f64(w, en->ops[j].value);
            moldau_w_bool(w, en->ops[j].remove);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau_w_bool(w, req->validate_only);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_alter_client_quotas_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_alter_client_quotas_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_ALTER_CLIENT_QUOTAS, version);
    if (err)
        return err;
    *out = (moldau_alter_client_quotas_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    /* error code, error message, entity, tags */
    size_t min = 2 + d.min_str + d.min_arr + d.min_tags;
    out->entries = moldau__dec_arr(&d, min, sizeof(*out->entries), &out->n_entries);
    for (int32_t i = 0; i < out->n_entries; i++) {
        moldau_alter_client_quotas_response_entry_t *en = &out->entries[i];
        en->error_code = moldau_r_i16(r);
        en->error_message = moldau__dec_nstr(&d);
        en->entity = moldau__dec_quota_entity(&d, &en->n_entity);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
