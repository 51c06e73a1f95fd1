/* DescribeUserScramCredentials (key 50), v0: the SCRAM mechanisms and iteration counts of
 * users (never the credentials themselves). Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_describe_user_scram_credentials_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_user_scram_credentials_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err =
        moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_USER_SCRAM_CREDENTIALS, version);
    if (err)
        return err;
    int32_t n = moldau__enc_narr(&e, req->users, req->n_users);
    for (int32_t i = 0; i < n; i++) {
        moldau__enc_str(&e, req->users[i].name);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_describe_user_scram_credentials_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_describe_user_scram_credentials_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err =
        moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_USER_SCRAM_CREDENTIALS, version);
    if (err)
        return err;
    *out = (moldau_describe_user_scram_credentials_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    /* user, error code, error message, credential infos, tags */
    size_t min = 2 * d.min_str + 2 + d.min_arr + d.min_tags;
    out->results = moldau__dec_arr(&d, min, sizeof(*out->results), &out->n_results);
    for (int32_t i = 0; i < out->n_results; i++) {
        moldau_describe_user_scram_credentials_result_t *res = &out->results[i];
        res->user = moldau__dec_str(&d);
        res->error_code = moldau_r_i16(r);
        res->error_message = moldau__dec_nstr(&d);
        res->credential_infos = moldau__dec_arr(&d, 5 + d.min_tags, sizeof(*res->credential_infos),
                                                &res->n_credential_infos);
        for (int32_t j = 0; j < res->n_credential_infos; j++) {
            res->credential_infos[j].mechanism = moldau_r_i8(r);
            res->credential_infos[j].iterations = moldau_r_i32(r);
            moldau__dec_tags(&d);
        }
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
