/* EndTxn (key 26), v0-5: commits or aborts. v5 (KIP-890 part 2, transactions v2) bumps the
 * epoch on every transaction, so the response carries the producer id and epoch to use next. */
#include "protocol/codec.h"

moldau_err_t moldau_end_txn_request_encode(moldau_buf_t *w, int16_t version,
                                           const moldau_end_txn_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_END_TXN, version);
    if (err)
        return err;
    moldau__enc_str(&e, req->transactional_id);
    moldau_w_i64(w, req->producer_id);
    moldau_w_i16(w, req->producer_epoch);
    moldau_w_bool(w, req->committed);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_end_txn_response_decode(moldau_reader_t *r, int16_t version,
                                            moldau_arena_t *a, moldau_end_txn_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_END_TXN, version);
    if (err)
        return err;
    *out = (moldau_end_txn_response_t){.producer_id = -1, .producer_epoch = -1};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    if (version >= 5) {
        out->producer_id = moldau_r_i64(r);
        out->producer_epoch = moldau_r_i16(r);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
