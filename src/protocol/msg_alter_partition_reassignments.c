/* AlterPartitionReassignments (key 45), v0-1, flexible from v0. v1 adds
 * AllowReplicationFactorChange to both directions (KIP-860). */
#include "protocol/codec.h"

moldau_err_t moldau_alter_partition_reassignments_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_alter_partition_reassignments_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_ALTER_PARTITION_REASSIGNMENTS, version);
    if (err)
        return err;
    moldau_w_i32(w, req->timeout_ms);
    if (version >= 1)
        moldau_w_bool(w, req->allow_replication_factor_change);
    else /* v0 brokers always allow it: a caller asking them not to must learn they cannot */
        moldau__enc_refuse_if(&e, !req->allow_replication_factor_change);
    int32_t n = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < n; i++) {
        const moldau_alter_partition_reassignments_request_topic_t *t = &req->topics[i];
        moldau__enc_str(&e, t->name);
        int32_t np = moldau__enc_arr(&e, t->partitions, t->n_partitions);
        for (int32_t j = 0; j < np; j++) {
            const moldau_alter_partition_reassignments_request_partition_t *p = &t->partitions[j];
            moldau_w_i32(w, p->partition_index);
            int32_t nr = moldau__enc_narr(&e, p->replicas, p->n_replicas);
            for (int32_t k = 0; k < nr; k++)
                moldau_w_i32(w, p->replicas[k]);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_alter_partition_reassignments_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_alter_partition_reassignments_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err =
        moldau__dec_begin(&d, r, a, MOLDAU_API_ALTER_PARTITION_REASSIGNMENTS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    out->allow_replication_factor_change = version >= 1 ? moldau_r_bool(r) : 1;
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    out->responses = moldau__dec_arr(&d, d.min_str + d.min_arr + d.min_tags,
                                     sizeof(*out->responses), &out->n_responses);
    for (int32_t i = 0; i < out->n_responses; i++) {
        moldau_alter_partition_reassignments_response_topic_t *t = &out->responses[i];
        t->name = moldau__dec_str(&d);
        t->partitions = moldau__dec_partition_error_msgs(&d, &t->n_partitions);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
