/* AddPartitionsToTxn (key 24), v0-3: the client versions. v4+ batch several transactions for
 * brokers verifying a producer's partitions (KIP-890) and are not for clients; their fields
 * (Transactions, ResultsByTransaction, the top-level ErrorCode) are not modelled. v1 is v0, v2
 * adds PRODUCER_FENCED, v3 is flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_add_partitions_to_txn_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_add_partitions_to_txn_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_ADD_PARTITIONS_TO_TXN, version);
    if (err)
        return err;
    moldau__enc_str(&e, req->transactional_id);
    moldau_w_i64(w, req->producer_id);
    moldau_w_i16(w, req->producer_epoch);
    int32_t nt = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < nt; i++) {
        moldau__enc_str(&e, req->topics[i].name);
        moldau__enc_i32_arr(&e, req->topics[i].partitions, req->topics[i].n_partitions);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_add_partitions_to_txn_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_add_partitions_to_txn_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_ADD_PARTITIONS_TO_TXN, version);
    if (err)
        return err;
    *out = (moldau_add_partitions_to_txn_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    moldau_add_partitions_to_txn_topic_result_t *t =
        moldau__dec_arr(&d, d.min_str + d.min_arr, sizeof(*t), &out->n_results_by_topic);
    for (int32_t i = 0; i < out->n_results_by_topic; i++) {
        t[i].name = moldau__dec_str(&d);
        moldau_add_partitions_to_txn_partition_result_t *p =
            moldau__dec_arr(&d, 6 + d.min_tags, sizeof(*p), &t[i].n_results_by_partition);
        for (int32_t j = 0; j < t[i].n_results_by_partition; j++) {
            p[j].partition_index = moldau_r_i32(r);
            p[j].partition_error_code = moldau_r_i16(r);
            moldau__dec_tags(&d);
        }
        t[i].results_by_partition = p;
        moldau__dec_tags(&d);
    }
    out->results_by_topic = t;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
