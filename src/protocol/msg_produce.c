/* Produce (key 0) v3-13 (v13: topics by id, KIP-516). The record sets are built by the producer;
 * this only frames them. */
#include <string.h>

#include "protocol/codec.h"

/* A partition's records: copied, or their length here and the bytes left to `splice`. */
static void put_records(moldau__enc_t *e, moldau_bytes_t records, moldau_produce_splice_fn *splice,
                        void *opaque)
{
    if (!splice || records.len <= 0) {
        moldau__enc_nbytes(e, records);
        return;
    }
    if (!records.data) {
        e->bad = 1;
        return;
    }
    if (e->flex)
        moldau_w_uvarint(e->w, (uint32_t)records.len + 1);
    else
        moldau_w_i32(e->w, records.len);
    if (splice(e->w, records, opaque))
        e->w->failed = 1;
}

static moldau_err_t encode(moldau_buf_t *w, int16_t version, const moldau_produce_request_t *req,
                           moldau_produce_splice_fn *splice, void *opaque)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_PRODUCE, version);
    if (err)
        return err;
    moldau__enc_nstr(&e, req->transactional_id);
    moldau_w_i16(w, req->acks);
    moldau_w_i32(w, req->timeout_ms);
    int32_t n_topics = moldau__enc_arr(&e, req->topic_data, req->n_topic_data);
    for (int32_t i = 0; i < n_topics; i++) {
        const moldau_produce_request_topic_t *t = &req->topic_data[i];
        if (version >= 13)
            moldau_w_uuid(w, t->topic_id);
        else
            moldau__enc_str(&e, t->name);
        int32_t n_parts = moldau__enc_arr(&e, t->partition_data, t->n_partition_data);
        for (int32_t j = 0; j < n_parts; j++) {
            const moldau_produce_request_partition_t *p = &t->partition_data[j];
            moldau_w_i32(w, p->index);
            put_records(&e, p->records, splice, opaque);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_produce_request_encode(moldau_buf_t *w, int16_t version,
                                           const moldau_produce_request_t *req)
{
    return encode(w, version, req, NULL, NULL);
}

moldau_err_t moldau_produce_request_encode_spliced(moldau_buf_t *w, int16_t version,
                                                   const moldau_produce_request_t *req,
                                                   moldau_produce_splice_fn *splice,
                                                   void *opaque)
{
    return encode(w, version, req, splice, opaque);
}

static void read_partition_tag(moldau__dec_t *field, uint32_t tag, void *ctx)
{
    if (tag == 0 && field->version >= 10)
        moldau__dec_leader(field, &((moldau_produce_response_partition_t *)ctx)->current_leader);
}

static void read_top_tag(moldau__dec_t *field, uint32_t tag, void *ctx)
{
    moldau_produce_response_t *out = ctx;
    if (tag == 0 && field->version >= 10)
        out->node_endpoints = moldau__dec_node_endpoints(field, &out->n_node_endpoints);
}

static void read_partition(moldau__dec_t *d, int16_t version,
                           moldau_produce_response_partition_t *p)
{
    moldau_reader_t *r = d->r;
    p->index = moldau_r_i32(r);
    p->error_code = moldau_r_i16(r);
    p->base_offset = moldau_r_i64(r);
    p->log_append_time_ms = moldau_r_i64(r);
    p->log_start_offset = version >= 5 ? moldau_r_i64(r) : -1;
    if (version >= 8) {
        p->record_errors = moldau__dec_arr(d, 5, sizeof(*p->record_errors), &p->n_record_errors);
        for (int32_t i = 0; i < p->n_record_errors; i++) {
            p->record_errors[i].batch_index = moldau_r_i32(r);
            p->record_errors[i].batch_index_error_message = moldau__dec_nstr(d);
            moldau__dec_tags(d);
        }
        p->error_message = moldau__dec_nstr(d);
    }
    p->current_leader.leader_id = -1;
    p->current_leader.leader_epoch = -1;
    moldau__dec_tags_each(d, read_partition_tag, p);
}

moldau_err_t moldau_produce_response_decode(moldau_reader_t *r, int16_t version,
                                            moldau_arena_t *a, moldau_produce_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_PRODUCE, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));

    out->responses = moldau__dec_arr(&d, 3, sizeof(*out->responses), &out->n_responses);
    for (int32_t i = 0; i < out->n_responses; i++) {
        moldau_produce_response_topic_t *t = &out->responses[i];
        if (version >= 13)
            t->topic_id = moldau_r_uuid(r);
        else
            t->name = moldau__dec_str(&d);
        t->partition_responses = moldau__dec_arr(&d, 22, sizeof(*t->partition_responses),
                                                 &t->n_partition_responses);
        for (int32_t j = 0; j < t->n_partition_responses; j++)
            read_partition(&d, version, &t->partition_responses[j]);
        moldau__dec_tags(&d);
    }
    out->throttle_time_ms = moldau_r_i32(r);
    moldau__dec_tags_each(&d, read_top_tag, out);
    return moldau__dec_end(&d);
}
