/* SaslHandshake (key 17, v0-1, never flexible) picks the mechanism; SaslAuthenticate (key 36,
 * v0-2) then carries the mechanism's tokens inside Kafka frames (v1 of the handshake says so;
 * after a v0 handshake the tokens go raw and SaslAuthenticate is not used). */
#include "protocol/codec.h"

moldau_err_t moldau_sasl_handshake_request_encode(moldau_buf_t *w, int16_t version,
                                                  const moldau_sasl_handshake_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_SASL_HANDSHAKE, version);
    if (err)
        return err;
    moldau__enc_str(&e, req->mechanism);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_sasl_handshake_response_decode(moldau_reader_t *r, int16_t version,
                                                   moldau_arena_t *a,
                                                   moldau_sasl_handshake_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_SASL_HANDSHAKE, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->error_code = moldau_r_i16(r);
    out->mechanisms = moldau__dec_str_arr(&d, &out->n_mechanisms);
    return moldau__dec_end(&d);
}

moldau_err_t moldau_sasl_authenticate_request_encode(moldau_buf_t *w, int16_t version,
                                                     const moldau_sasl_authenticate_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_SASL_AUTHENTICATE, version);
    if (err)
        return err;
    moldau__enc_bytes(&e, req->auth_bytes);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_sasl_authenticate_response_decode(moldau_reader_t *r, int16_t version,
                                                      moldau_arena_t *a,
                                                      moldau_sasl_authenticate_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_SASL_AUTHENTICATE, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    out->auth_bytes = moldau__dec_bytes(&d);
    out->session_lifetime_ms = version >= 1 ? moldau_r_i64(r) : 0;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
