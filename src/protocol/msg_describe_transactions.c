/* DescribeTransactions (key 65), v0: the coordinator's state of transactional ids (KIP-664).
 * Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_describe_transactions_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_transactions_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_TRANSACTIONS, version);
    if (err)
        return err;
    moldau__enc_str_arr(&e, req->transactional_ids, req->n_transactional_ids);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_describe_transactions_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_describe_transactions_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_TRANSACTIONS, version);
    if (err)
        return err;
    *out = (moldau_describe_transactions_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    /* error, id, state, timeout, start time, producer id, epoch, topics, tags */
    size_t min = 2 + 2 * d.min_str + 4 + 8 + 8 + 2 + d.min_arr + d.min_tags;
    out->transaction_states = moldau__dec_arr(&d, min, sizeof(*out->transaction_states),
                                              &out->n_transaction_states);
    for (int32_t i = 0; i < out->n_transaction_states; i++) {
        moldau_describe_transactions_state_t *s = &out->transaction_states[i];
        s->error_code = moldau_r_i16(r);
        s->transactional_id = moldau__dec_str(&d);
        s->transaction_state = moldau__dec_str(&d);
        s->transaction_timeout_ms = moldau_r_i32(r);
        s->transaction_start_time_ms = moldau_r_i64(r);
        s->producer_id = moldau_r_i64(r);
        s->producer_epoch = moldau_r_i16(r);
        /* topic, partitions, tags */
        s->topics = moldau__dec_arr(&d, d.min_str + d.min_arr + d.min_tags, sizeof(*s->topics),
                                    &s->n_topics);
        for (int32_t j = 0; j < s->n_topics; j++) {
            s->topics[j].topic = moldau__dec_str(&d);
            s->topics[j].partitions = moldau__dec_i32_arr(&d, &s->topics[j].n_partitions);
            moldau__dec_tags(&d);
        }
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
