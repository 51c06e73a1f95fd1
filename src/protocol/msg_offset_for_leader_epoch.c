/* OffsetForLeaderEpoch (key 23), v2-4 (v0-1 are gone from Kafka 4.0). A consumer asks for the
 * end offset of the epoch of its position after a leader change, to detect log truncation
 * (KIP-320). ReplicaId (v3+) is ignorable: at v2 the broker takes the sender for a consumer. */
#include "protocol/codec.h"

moldau_err_t moldau_offset_for_leader_epoch_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_offset_for_leader_epoch_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_OFFSET_FOR_LEADER_EPOCH, version);
    if (err)
        return err;
    if (version >= 3)
        moldau_w_i32(w, req->replica_id);
    int32_t nt = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < nt; i++) {
        const moldau_offset_for_leader_epoch_request_topic_t *t = &req->topics[i];
        moldau__enc_str(&e, t->topic);
        int32_t np = moldau__enc_arr(&e, t->partitions, t->n_partitions);
        for (int32_t j = 0; j < np; j++) {
            moldau_w_i32(w, t->partitions[j].partition);
            moldau_w_i32(w, t->partitions[j].current_leader_epoch);
            moldau_w_i32(w, t->partitions[j].leader_epoch);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_offset_for_leader_epoch_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_offset_for_leader_epoch_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_OFFSET_FOR_LEADER_EPOCH, version);
    if (err)
        return err;
    *out = (moldau_offset_for_leader_epoch_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    moldau_offset_for_leader_epoch_response_topic_t *t =
        moldau__dec_arr(&d, d.min_str + d.min_arr, sizeof(*t), &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        t[i].topic = moldau__dec_str(&d);
        /* error code, partition, leader epoch, end offset */
        moldau_offset_for_leader_epoch_response_partition_t *p =
            moldau__dec_arr(&d, 18 + d.min_tags, sizeof(*p), &t[i].n_partitions);
        for (int32_t j = 0; j < t[i].n_partitions; j++) {
            p[j].error_code = moldau_r_i16(r);
            p[j].partition = moldau_r_i32(r);
            p[j].leader_epoch = moldau_r_i32(r);
            p[j].end_offset = moldau_r_i64(r);
            moldau__dec_tags(&d);
        }
        t[i].partitions = p;
        moldau__dec_tags(&d);
    }
    out->topics = t;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
