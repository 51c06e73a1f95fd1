/* ListPartitionReassignments (key 46), v0 only, flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_list_partition_reassignments_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_list_partition_reassignments_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_LIST_PARTITION_REASSIGNMENTS, version);
    if (err)
        return err;
    moldau_w_i32(w, req->timeout_ms);
    int32_t n = moldau__enc_narr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < n; i++) {
        moldau__enc_str(&e, req->topics[i].name);
        moldau__enc_i32_arr(&e, req->topics[i].partition_indexes,
                            req->topics[i].n_partition_indexes);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_list_partition_reassignments_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_list_partition_reassignments_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err =
        moldau__dec_begin(&d, r, a, MOLDAU_API_LIST_PARTITION_REASSIGNMENTS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    out->topics = moldau__dec_arr(&d, d.min_str + d.min_arr + d.min_tags, sizeof(*out->topics),
                                  &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        moldau_list_partition_reassignments_response_topic_t *t = &out->topics[i];
        t->name = moldau__dec_str(&d);
        t->partitions = moldau__dec_arr(&d, 4 + 3 * d.min_arr + d.min_tags,
                                        sizeof(*t->partitions), &t->n_partitions);
        for (int32_t j = 0; j < t->n_partitions; j++) {
            moldau_list_partition_reassignments_response_partition_t *p = &t->partitions[j];
            p->partition_index = moldau_r_i32(r);
            p->replicas = moldau__dec_i32_arr(&d, &p->n_replicas);
            p->adding_replicas = moldau__dec_i32_arr(&d, &p->n_adding_replicas);
            p->removing_replicas = moldau__dec_i32_arr(&d, &p->n_removing_replicas);
            moldau__dec_tags(&d);
        }
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
