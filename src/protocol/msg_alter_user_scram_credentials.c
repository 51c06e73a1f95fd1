/* AlterUserScramCredentials (key 51), v0: deletes and upserts users' SCRAM credentials (the
 * client salts and hashes the password itself). Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_alter_user_scram_credentials_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_alter_user_scram_credentials_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_ALTER_USER_SCRAM_CREDENTIALS, version);
    if (err)
        return err;
    int32_t nd = moldau__enc_arr(&e, req->deletions, req->n_deletions);
    for (int32_t i = 0; i < nd; i++) {
        moldau__enc_str(&e, req->deletions[i].name);
        moldau_w_i8(w, req->deletions[i].mechanism);
        moldau__enc_tags(&e);
    }
    int32_t nu = moldau__enc_arr(&e, req->upsertions, req->n_upsertions);
    for (int32_t i = 0; i < nu; i++) {
        const moldau_scram_credential_upsertion_t *u = &req->upsertions[i];
        moldau__enc_str(&e, u->name);
        moldau_w_i8(w, u->mechanism);
        moldau_w_i32(w, u->iterations);
        moldau__enc_bytes(&e, u->salt);
        moldau__enc_bytes(&e, u->salted_password);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_alter_user_scram_credentials_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_alter_user_scram_credentials_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_ALTER_USER_SCRAM_CREDENTIALS, version);
    if (err)
        return err;
    *out = (moldau_alter_user_scram_credentials_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    /* user, error code, error message, tags */
    size_t min = 2 * d.min_str + 2 + d.min_tags;
    out->results = moldau__dec_arr(&d, min, sizeof(*out->results), &out->n_results);
    for (int32_t i = 0; i < out->n_results; i++) {
        out->results[i].user = moldau__dec_str(&d);
        out->results[i].error_code = moldau_r_i16(r);
        out->results[i].error_message = moldau__dec_nstr(&d);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
