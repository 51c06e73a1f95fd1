/* AddOffsetsToTxn (key 25), v0-4: puts a group's offsets into the transaction (before
 * TxnOffsetCommit, without transactions v2). The versions differ only in the errors the
 * broker may give (v2 PRODUCER_FENCED, v4 TRANSACTION_ABORTABLE) and v3's flexibility. */
#include "protocol/codec.h"

moldau_err_t moldau_add_offsets_to_txn_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_add_offsets_to_txn_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_ADD_OFFSETS_TO_TXN, version);
    if (err)
        return err;
    moldau__enc_str(&e, req->transactional_id);
    moldau_w_i64(w, req->producer_id);
    moldau_w_i16(w, req->producer_epoch);
    moldau__enc_str(&e, req->group_id);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_add_offsets_to_txn_response_decode(moldau_reader_t *r, int16_t version,
                                                       moldau_arena_t *a,
                                                       moldau_add_offsets_to_txn_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_ADD_OFFSETS_TO_TXN, version);
    if (err)
        return err;
    *out = (moldau_add_offsets_to_txn_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
