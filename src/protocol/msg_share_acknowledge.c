/* ShareAcknowledge (key 79), v1-2: acknowledges records a share consumer got from ShareFetch,
 * without fetching more. v2 adds IsRenewAck (KIP-1222: renew acquisition locks; not ignorable,
 * as dropping it would turn renewals into an invalid acknowledgement) and the response's
 * AcquisitionLockTimeoutMs. Always flexible. */
#include "protocol/share.h"

void moldau__enc_share_ack_topics(moldau__enc_t *e, const moldau_share_ack_topic_t *t,
                                  int32_t n)
{
    int32_t nt = moldau__enc_arr(e, t, n);
    for (int32_t i = 0; i < nt; i++) {
        moldau_w_uuid(e->w, t[i].topic_id);
        int32_t np = moldau__enc_arr(e, t[i].partitions, t[i].n_partitions);
        for (int32_t j = 0; j < np; j++) {
            const moldau_share_ack_partition_t *p = &t[i].partitions[j];
            moldau_w_i32(e->w, p->partition_index);
            int32_t nb = moldau__enc_arr(e, p->acknowledgement_batches,
                                         p->n_acknowledgement_batches);
            for (int32_t k = 0; k < nb; k++) {
                const moldau_share_ack_batch_t *b = &p->acknowledgement_batches[k];
                moldau_w_i64(e->w, b->first_offset);
                moldau_w_i64(e->w, b->last_offset);
                int32_t na = moldau__enc_arr(e, b->acknowledge_types, b->n_acknowledge_types);
                for (int32_t x = 0; x < na; x++)
                    moldau_w_i8(e->w, b->acknowledge_types[x]);
                moldau__enc_tags(e);
            }
            moldau__enc_tags(e);
        }
        moldau__enc_tags(e);
    }
}

moldau_err_t moldau_share_acknowledge_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_share_acknowledge_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_SHARE_ACKNOWLEDGE, version);
    if (err)
        return err;
    moldau__enc_refuse_if(&e, version < 2 && req->is_renew_ack);
    moldau__enc_nstr(&e, req->group_id);
    moldau__enc_nstr(&e, req->member_id);
    moldau_w_i32(w, req->share_session_epoch);
    if (version >= 2)
        moldau_w_bool(w, req->is_renew_ack);
    moldau__enc_share_ack_topics(&e, req->topics, req->n_topics);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_share_acknowledge_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_share_acknowledge_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_SHARE_ACKNOWLEDGE, version);
    if (err)
        return err;
    *out = (moldau_share_acknowledge_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    out->error_code = moldau_r_i16(r);
    out->error_message = moldau__dec_nstr(&d);
    if (version >= 2)
        out->acquisition_lock_timeout_ms = moldau_r_i32(r);
    /* topic id, partitions, tags */
    moldau_share_acknowledge_response_topic_t *t =
        moldau__dec_arr(&d, 16 + d.min_arr + d.min_tags, sizeof(*t), &out->n_responses);
    for (int32_t i = 0; i < out->n_responses; i++) {
        t[i].topic_id = moldau_r_uuid(r);
        /* index, error code, message, leader (8 + tags), tags */
        moldau_share_acknowledge_response_partition_t *p = moldau__dec_arr(
            &d, 6 + d.min_str + 8 + 2 * d.min_tags, sizeof(*p), &t[i].n_partitions);
        for (int32_t j = 0; j < t[i].n_partitions; j++) {
            p[j].partition_index = moldau_r_i32(r);
            p[j].error_code = moldau_r_i16(r);
            p[j].error_message = moldau__dec_nstr(&d);
            moldau__dec_leader(&d, &p[j].current_leader);
            moldau__dec_tags(&d);
        }
        t[i].partitions = p;
        moldau__dec_tags(&d);
    }
    out->responses = t;
    out->node_endpoints = moldau__dec_node_endpoints(&d, &out->n_node_endpoints);
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
