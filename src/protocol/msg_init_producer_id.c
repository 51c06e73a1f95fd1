/* InitProducerId (key 22), v0-5: a producer asks for its id and epoch; from v3 a producer that
 * already has them passes them, so the coordinator can tell a retry from a stale instance. */
#include "protocol/codec.h"

moldau_err_t moldau_init_producer_id_request_encode(moldau_buf_t *w, int16_t version,
                                                    const moldau_init_producer_id_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_INIT_PRODUCER_ID, version);
    if (err)
        return err;
    moldau__enc_nstr(&e, req->transactional_id);
    moldau_w_i32(w, req->transaction_timeout_ms);
    if (version >= 3) {
        moldau_w_i64(w, req->producer_id);
        moldau_w_i16(w, req->producer_epoch);
    } else {
        /* A broker before v3 would hand out a fresh id and fence the caller's own epoch. */
        moldau__enc_refuse_if(&e, req->producer_id != -1 || req->producer_epoch != -1);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_init_producer_id_response_decode(moldau_reader_t *r, int16_t version,
                                                     moldau_arena_t *a,
                                                     moldau_init_producer_id_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_INIT_PRODUCER_ID, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->producer_id = moldau_r_i64(r);
    out->producer_epoch = moldau_r_i16(r);
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
