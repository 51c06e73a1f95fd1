/* ListOffsets (key 2) v1-11: where a consumer starts (earliest, latest, by time). v11 is v10's
 * layout; it lets a request ask for the earliest pending upload offset (KIP-1023). */
#include <string.h>

#include "protocol/codec.h"

moldau_err_t moldau_list_offsets_request_encode(moldau_buf_t *w, int16_t version,
                                                const moldau_list_offsets_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_LIST_OFFSETS, version);
    if (err)
        return err;
    moldau_w_i32(w, req->replica_id);
    if (version >= 2)
        moldau_w_i8(w, req->isolation_level);
    int32_t n_topics = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < n_topics; i++) {
        const moldau_list_offsets_request_topic_t *t = &req->topics[i];
        moldau__enc_str(&e, t->name);
        int32_t n_parts = moldau__enc_arr(&e, t->partitions, t->n_partitions);
        for (int32_t j = 0; j < n_parts; j++) {
            const moldau_list_offsets_request_partition_t *p = &t->partitions[j];
            moldau_w_i32(w, p->partition_index);
            if (version >= 4)
                moldau_w_i32(w, p->current_leader_epoch);
            moldau_w_i64(w, p->timestamp);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    if (version >= 10)
        moldau_w_i32(w, req->timeout_ms);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_list_offsets_response_decode(moldau_reader_t *r, int16_t version,
                                                 moldau_arena_t *a,
                                                 moldau_list_offsets_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_LIST_OFFSETS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));

    out->throttle_time_ms = version >= 2 ? moldau_r_i32(r) : 0;
    out->topics = moldau__dec_arr(&d, 3, sizeof(*out->topics), &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        moldau_list_offsets_response_topic_t *t = &out->topics[i];
        t->name = moldau__dec_str(&d);
        t->partitions = moldau__dec_arr(&d, 22, sizeof(*t->partitions), &t->n_partitions);
        for (int32_t j = 0; j < t->n_partitions; j++) {
            moldau_list_offsets_response_partition_t *p = &t->partitions[j];
            p->partition_index = moldau_r_i32(r);
            p->error_code = moldau_r_i16(r);
            p->timestamp = moldau_r_i64(r);
            p->offset = moldau_r_i64(r);
            p->leader_epoch = version >= 4 ? moldau_r_i32(r) : -1;
            moldau__dec_tags(&d);
        }
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
