/* ShareFetch (key 78), v1-2: a share consumer fetches records it then holds under an
 * acquisition lock, piggybacking acknowledgements of earlier ones. v0 was Kafka 4.0's early
 * access (with PartitionMaxBytes and nullable records). v2 adds ShareAcquireMode (ignorable:
 * the broker then uses batch-optimized) and IsRenewAck (KIP-1206, KIP-1222; not ignorable).
 * Always flexible. The records are a view into the input, as Fetch's are. */
#include "protocol/share.h"

moldau_err_t moldau_share_fetch_request_encode(moldau_buf_t *w, int16_t version,
                                               const moldau_share_fetch_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_SHARE_FETCH, version);
    if (err)
        return err;
    moldau__enc_refuse_if(&e, version < 2 && req->is_renew_ack);
    moldau__enc_nstr(&e, req->group_id);
    moldau__enc_nstr(&e, req->member_id);
    moldau_w_i32(w, req->share_session_epoch);
    moldau_w_i32(w, req->max_wait_ms);
    moldau_w_i32(w, req->min_bytes);
    moldau_w_i32(w, req->max_bytes);
    moldau_w_i32(w, req->max_records);
    moldau_w_i32(w, req->batch_size);
    if (version >= 2) {
        moldau_w_i8(w, req->share_acquire_mode);
        moldau_w_bool(w, req->is_renew_ack);
    }
    moldau__enc_share_ack_topics(&e, req->topics, req->n_topics);
    moldau__enc_topic_id_partitions(&e, 0, req->forgotten_topics_data,
                                    req->n_forgotten_topics_data);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static void dec_partition(moldau__dec_t *d, moldau_share_fetch_response_partition_t *p)
{
    moldau_reader_t *r = d->r;
    p->partition_index = moldau_r_i32(r);
    p->error_code = moldau_r_i16(r);
    p->error_message = moldau__dec_nstr(d);
    p->acknowledge_error_code = moldau_r_i16(r);
    p->acknowledge_error_message = moldau__dec_nstr(d);
    moldau__dec_leader(d, &p->current_leader);
    p->records = moldau__dec_bytes(d); /* null only at v0 */
    /* first, last, delivery count, tags */
    moldau_share_acquired_records_t *ar =
        moldau__dec_arr(d, 18 + d->min_tags, sizeof(*ar), &p->n_acquired_records);
    for (int32_t i = 0; i < p->n_acquired_records; i++) {
        ar[i].first_offset = moldau_r_i64(r);
        ar[i].last_offset = moldau_r_i64(r);
        ar[i].delivery_count = moldau_r_i16(r);
        moldau__dec_tags(d);
    }
    p->acquired_records = ar;
    moldau__dec_tags(d);
}

moldau_err_t moldau_share_fetch_response_decode(moldau_reader_t *r, int16_t version,
                                                moldau_arena_t *a,
                                                moldau_share_fetch_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_SHARE_FETCH, version);
    if (err)
        return err;
    *out = (moldau_share_fetch_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    out->acquisition_lock_timeout_ms = moldau_r_i32(r);
    /* topic id, partitions, tags */
    moldau_share_fetch_response_topic_t *t =
        moldau__dec_arr(&d, 16 + d.min_arr + d.min_tags, sizeof(*t), &out->n_responses);
    for (int32_t i = 0; i < out->n_responses; i++) {
        t[i].topic_id = moldau_r_uuid(r);
        /* index, 2 error codes, 2 messages, leader (8 + tags), records, acquired, tags */
        size_t min = 8 + 2 * d.min_str + 8 + d.min_tags + d.min_str + d.min_arr + d.min_tags;
        moldau_share_fetch_response_partition_t *p =
            moldau__dec_arr(&d, min, sizeof(*p), &t[i].n_partitions);
        for (int32_t j = 0; j < t[i].n_partitions; j++)
            dec_partition(&d, &p[j]);
        t[i].partitions = p;
        moldau__dec_tags(&d);
    }
    out->responses = t;
    out->node_endpoints = moldau__dec_node_endpoints(&d, &out->n_node_endpoints);
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
