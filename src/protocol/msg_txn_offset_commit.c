/* TxnOffsetCommit (key 28), v0-5: a group's offsets, committed with the transaction. v2 adds
 * CommittedLeaderEpoch (ignorable), v3 the group metadata the coordinator fences zombies with
 * (not ignorable: Java refuses to send it below v3, and so does moldau), v5 is v4 that also
 * adds the group to the transaction (transactions v2). */
#include "protocol/codec.h"

moldau_err_t moldau_txn_offset_commit_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_txn_offset_commit_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_TXN_OFFSET_COMMIT, version);
    if (err)
        return err;
    moldau__enc_refuse_if(&e, version < 3 && (req->generation_id != -1 || req->group_instance_id ||
                                              (req->member_id && req->member_id[0])));
    moldau__enc_str(&e, req->transactional_id);
    moldau__enc_str(&e, req->group_id);
    moldau_w_i64(w, req->producer_id);
    moldau_w_i16(w, req->producer_epoch);
    if (version >= 3) {
        moldau_w_i32(w, req->generation_id);
        moldau__enc_str(&e, req->member_id);
        moldau__enc_nstr(&e, req->group_instance_id);
    }
    int32_t nt = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < nt; i++) {
        const moldau_txn_offset_commit_request_topic_t *t = &req->topics[i];
        moldau__enc_str(&e, t->name);
        int32_t np = moldau__enc_arr(&e, t->partitions, t->n_partitions);
        for (int32_t j = 0; j < np; j++) {
            const moldau_txn_offset_commit_request_partition_t *p = &t->partitions[j];
            moldau_w_i32(w, p->partition_index);
            moldau_w_i64(w, p->committed_offset);
            if (version >= 2)
                moldau_w_i32(w, p->committed_leader_epoch);
            moldau__enc_nstr(&e, p->committed_metadata);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_txn_offset_commit_response_decode(moldau_reader_t *r, int16_t version,
                                                      moldau_arena_t *a,
                                                      moldau_txn_offset_commit_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_TXN_OFFSET_COMMIT, version);
    if (err)
        return err;
    *out = (moldau_txn_offset_commit_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    moldau_txn_offset_commit_response_topic_t *t =
        moldau__dec_arr(&d, d.min_str + d.min_arr, sizeof(*t), &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        t[i].name = moldau__dec_str(&d);
        t[i].partitions = moldau__dec_partition_errors(&d, &t[i].n_partitions);
        moldau__dec_tags(&d);
    }
    out->topics = t;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
