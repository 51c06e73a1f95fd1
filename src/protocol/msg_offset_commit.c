/* OffsetCommit (key 8), v2-10 (v10: topics by id, KIP-848; v0-1 are gone from Kafka 4.0; v2 is the
 * oldest a 2.1+ broker needs). RetentionTimeMs exists only in v2-4; from v5 the broker's
 * offsets.retention.minutes decides. */
#include "protocol/codec.h"

moldau_err_t moldau_offset_commit_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_offset_commit_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_OFFSET_COMMIT, version);
    if (err)
        return err;
    moldau__enc_refuse_if(&e, version < 7 && req->group_instance_id); /* static: v7+ */
    moldau__enc_str(&e, req->group_id);
    moldau_w_i32(w, req->generation_id_or_member_epoch);
    moldau__enc_str(&e, req->member_id);
    if (version >= 7)
        moldau__enc_nstr(&e, req->group_instance_id);
    if (version <= 4)
        moldau_w_i64(w, req->retention_time_ms);
    int32_t nt = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < nt; i++) {
        const moldau_offset_commit_request_topic_t *t = &req->topics[i];
        if (version >= 10)
            moldau_w_uuid(w, t->topic_id);
        else
            moldau__enc_str(&e, t->name);
        int32_t np = moldau__enc_arr(&e, t->partitions, t->n_partitions);
        for (int32_t j = 0; j < np; j++) {
            const moldau_offset_commit_request_partition_t *p = &t->partitions[j];
            moldau_w_i32(w, p->partition_index);
            moldau_w_i64(w, p->committed_offset);
            if (version >= 6)
                moldau_w_i32(w, p->committed_leader_epoch);
            moldau__enc_nstr(&e, p->committed_metadata);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_offset_commit_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_offset_commit_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_OFFSET_COMMIT, version);
    if (err)
        return err;
    *out = (moldau_offset_commit_response_t){0};
    if (version >= 3)
        out->throttle_time_ms = moldau_r_i32(r);
    moldau_offset_commit_response_topic_t *t =
        moldau__dec_arr(&d, (version >= 10 ? 16 : d.min_str) + d.min_arr, sizeof(*t),
                        &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        if (version >= 10)
            t[i].topic_id = moldau_r_uuid(r);
        else
            t[i].name = moldau__dec_str(&d);
        t[i].partitions = moldau__dec_partition_errors(&d, &t[i].n_partitions);
        moldau__dec_tags(&d);
    }
    out->topics = t;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
