/* Produce (key 0) v3-11. The record sets are built by the producer; this only frames them. */
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/msg_data_codec.h"

moldau_err_t moldau_produce_request_encode(moldau_buf_t *w, int16_t version,
                                           const moldau_produce_request_t *req)
{
    if (!md_version_ok(MOLDAU_API_PRODUCE, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    md_enc_t e;
    md_enc_begin(&e, w, MOLDAU_API_PRODUCE, version);
    md_w_str(&e, req->transactional_id, 1);
    moldau_w_i16(w, req->acks);
    moldau_w_i32(w, req->timeout_ms);
    int32_t n_topics = md_w_arr(&e, req->topic_data, req->n_topic_data, 0);
    for (int32_t i = 0; i < n_topics; i++) {
        const moldau_produce_request_topic_t *t = &req->topic_data[i];
        md_w_str(&e, t->name, 0);
        int32_t n_parts = md_w_arr(&e, t->partition_data, t->n_partition_data, 0);
        for (int32_t j = 0; j < n_parts; j++) {
            const moldau_produce_request_partition_t *p = &t->partition_data[j];
            moldau_w_i32(w, p->index);
            if (p->records.len > 0 && !p->records.data)
                e.bad = 1;
            else
                moldau_w_bytes(w, p->records, e.flex);
            md_w_tags_none(&e);
        }
        md_w_tags_none(&e);
    }
    md_w_tags_none(&e);
    return md_enc_end(&e);
}

typedef struct produce_tags {
    md_dec_t *d;
    int16_t version;
    void *target;
} produce_tags_t;

static void read_partition_tag(moldau_reader_t *field, uint32_t tag, void *ctx)
{
    produce_tags_t *t = ctx;
    if (tag == 0 && t->version >= 10) {
        md_dec_t d = md_sub(t->d, field);
        md_r_leader(&d, &((moldau_produce_response_partition_t *)t->target)->current_leader);
    }
}

static void read_top_tag(moldau_reader_t *field, uint32_t tag, void *ctx)
{
    produce_tags_t *t = ctx;
    if (tag == 0 && t->version >= 10) {
        moldau_produce_response_t *out = t->target;
        md_dec_t d = md_sub(t->d, field);
        out->node_endpoints = md_r_node_endpoints(&d, &out->n_node_endpoints);
        md_sub_end(t->d, &d);
    }
}

static void read_partition(md_dec_t *d, int16_t version, moldau_produce_response_partition_t *p)
{
    moldau_reader_t *r = d->r;
    p->index = moldau_r_i32(r);
    p->error_code = moldau_r_i16(r);
    p->base_offset = moldau_r_i64(r);
    p->log_append_time_ms = moldau_r_i64(r);
    p->log_start_offset = version >= 5 ? moldau_r_i64(r) : -1;
    if (version >= 8) {
        p->record_errors = md_r_arr(d, 0, 5, sizeof(*p->record_errors), &p->n_record_errors);
        for (int32_t i = 0; i < p->n_record_errors && md_ok(d); i++) {
            p->record_errors[i].batch_index = moldau_r_i32(r);
            p->record_errors[i].batch_index_error_message = md_r_str(d, 1);
            md_r_tags(d, NULL, NULL);
        }
        p->error_message = md_r_str(d, 1);
    }
    p->current_leader.leader_id = -1;
    p->current_leader.leader_epoch = -1;
    produce_tags_t t = {d, version, p};
    md_r_tags(d, read_partition_tag, &t);
}

moldau_err_t moldau_produce_response_decode(moldau_reader_t *r, int16_t version,
                                            moldau_arena_t *a, moldau_produce_response_t *out)
{
    if (!md_version_ok(MOLDAU_API_PRODUCE, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    md_dec_t d;
    md_dec_begin(&d, r, a, MOLDAU_API_PRODUCE, version);
    memset(out, 0, sizeof(*out));

    out->responses = md_r_arr(&d, 0, 3, sizeof(*out->responses), &out->n_responses);
    for (int32_t i = 0; i < out->n_responses && md_ok(&d); i++) {
        moldau_produce_response_topic_t *t = &out->responses[i];
        t->name = md_r_str(&d, 0);
        t->partition_responses =
            md_r_arr(&d, 0, 22, sizeof(*t->partition_responses), &t->n_partition_responses);
        for (int32_t j = 0; j < t->n_partition_responses && md_ok(&d); j++)
            read_partition(&d, version, &t->partition_responses[j]);
        md_r_tags(&d, NULL, NULL);
    }
    out->throttle_time_ms = moldau_r_i32(r);
    produce_tags_t t = {&d, version, out};
    md_r_tags(&d, read_top_tag, &t);
    return md_dec_end(&d);
}
