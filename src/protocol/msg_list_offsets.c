/* ListOffsets (key 2) v1-10: where a consumer starts (earliest, latest, by time). */
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/msg_data_codec.h"

moldau_err_t moldau_list_offsets_request_encode(moldau_buf_t *w, int16_t version,
                                                const moldau_list_offsets_request_t *req)
{
    if (!md_version_ok(MOLDAU_API_LIST_OFFSETS, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    md_enc_t e;
    md_enc_begin(&e, w, MOLDAU_API_LIST_OFFSETS, version);
    moldau_w_i32(w, req->replica_id);
    if (version >= 2)
        moldau_w_i8(w, req->isolation_level);
    int32_t n_topics = md_w_arr(&e, req->topics, req->n_topics, 0);
    for (int32_t i = 0; i < n_topics; i++) {
        const moldau_list_offsets_request_topic_t *t = &req->topics[i];
        md_w_str(&e, t->name, 0);
        int32_t n_parts = md_w_arr(&e, t->partitions, t->n_partitions, 0);
        for (int32_t j = 0; j < n_parts; j++) {
            const moldau_list_offsets_request_partition_t *p = &t->partitions[j];
            moldau_w_i32(w, p->partition_index);
            if (version >= 4)
                moldau_w_i32(w, p->current_leader_epoch);
            moldau_w_i64(w, p->timestamp);
            md_w_tags_none(&e);
        }
        md_w_tags_none(&e);
    }
    if (version >= 10)
        moldau_w_i32(w, req->timeout_ms);
    md_w_tags_none(&e);
    return md_enc_end(&e);
}

moldau_err_t moldau_list_offsets_response_decode(moldau_reader_t *r, int16_t version,
                                                 moldau_arena_t *a,
                                                 moldau_list_offsets_response_t *out)
{
    if (!md_version_ok(MOLDAU_API_LIST_OFFSETS, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    md_dec_t d;
    md_dec_begin(&d, r, a, MOLDAU_API_LIST_OFFSETS, version);
    memset(out, 0, sizeof(*out));

    out->throttle_time_ms = version >= 2 ? moldau_r_i32(r) : 0;
    out->topics = md_r_arr(&d, 0, 3, sizeof(*out->topics), &out->n_topics);
    for (int32_t i = 0; i < out->n_topics && md_ok(&d); i++) {
        moldau_list_offsets_response_topic_t *t = &out->topics[i];
        t->name = md_r_str(&d, 0);
        t->partitions = md_r_arr(&d, 0, 22, sizeof(*t->partitions), &t->n_partitions);
        for (int32_t j = 0; j < t->n_partitions && md_ok(&d); j++) {
            moldau_list_offsets_response_partition_t *p = &t->partitions[j];
            p->partition_index = moldau_r_i32(r);
            p->error_code = moldau_r_i16(r);
            p->timestamp = moldau_r_i64(r);
            p->offset = moldau_r_i64(r);
            p->leader_epoch = version >= 4 ? moldau_r_i32(r) : -1;
            md_r_tags(&d, NULL, NULL);
        }
        md_r_tags(&d, NULL, NULL);
    }
    md_r_tags(&d, NULL, NULL);
    return md_dec_end(&d);
}
