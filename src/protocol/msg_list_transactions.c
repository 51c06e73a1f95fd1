/* ListTransactions (key 66), v0-2: the transactional ids a coordinator knows, filtered by
 * state and producer id (KIP-664); v1 adds a minimum duration (KIP-994), v2 an id pattern
 * (KIP-1152). Neither is ignorable: dropping a filter would list more than asked for. Always
 * flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_list_transactions_request_encode(moldau_buf_t *w, int16_t version,
                                                     const moldau_list_transactions_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_LIST_TRANSACTIONS, version);
    if (err)
        return err;
    moldau__enc_refuse_if(&e, version < 1 && req->duration_filter != -1);
    moldau__enc_refuse_if(&e, version < 2 && req->transactional_id_pattern);
    moldau__enc_str_arr(&e, req->state_filters, req->n_state_filters);
    int32_t n = moldau__enc_arr(&e, req->producer_id_filters, req->n_producer_id_filters);
    for (int32_t i = 0; i < n; i++)
        moldau_w_i64(w, req->producer_id_filters[i]);
    if (version >= 1)
        moldau_w_i64(w, req->duration_filter);
    if (version >= 2)
        moldau__enc_nstr(&e, req->transactional_id_pattern);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_list_transactions_response_decode(moldau_reader_t *r, int16_t version,
                                                      moldau_arena_t *a,
                                                      moldau_list_transactions_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_LIST_TRANSACTIONS, version);
    if (err)
        return err;
    *out = (moldau_list_transactions_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->unknown_state_filters = moldau__dec_str_arr(&d, &out->n_unknown_state_filters);
    /* id, producer id, state, tags */
    size_t min = 2 * d.min_str + 8 + d.min_tags;
    out->transaction_states = moldau__dec_arr(&d, min, sizeof(*out->transaction_states),
                                              &out->n_transaction_states);
    for (int32_t i = 0; i < out->n_transaction_states; i++) {
        moldau_list_transactions_state_t *s = &out->transaction_states[i];
        s->transactional_id = moldau__dec_str(&d);
        s->producer_id = moldau_r_i64(r);
        s->transaction_state = moldau__dec_str(&d);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
