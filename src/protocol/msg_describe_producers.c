/* DescribeProducers (key 61), v0: the producers with state on partitions (KIP-664), for
 * finding hanging transactions. Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_describe_producers_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_producers_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_PRODUCERS, version);
    if (err)
        return err;
    int32_t n = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < n; i++) {
        moldau__enc_str(&e, req->topics[i].name);
        moldau__enc_i32_arr(&e, req->topics[i].partition_indexes,
                            req->topics[i].n_partition_indexes);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static void read_partitions(moldau__dec_t *d, moldau_describe_producers_topic_t *t)
{
    /* index, error code, error message, active producers, tags */
    size_t min = 4 + 2 + d->min_str + d->min_arr + d->min_tags;
    t->partitions = moldau__dec_arr(d, min, sizeof(*t->partitions), &t->n_partitions);
    for (int32_t i = 0; i < t->n_partitions; i++) {
        moldau_describe_producers_partition_t *p = &t->partitions[i];
        p->partition_index = moldau_r_i32(d->r);
        p->error_code = moldau_r_i16(d->r);
        p->error_message = moldau__dec_nstr(d);
        /* id, epoch, sequence, timestamp, coordinator epoch, txn start offset, tags */
        p->active_producers = moldau__dec_arr(d, 8 + 4 + 4 + 8 + 4 + 8 + d->min_tags,
                                              sizeof(*p->active_producers),
                                              &p->n_active_producers);
        for (int32_t j = 0; j < p->n_active_producers; j++) {
            moldau_describe_producers_state_t *s = &p->active_producers[j];
            s->producer_id = moldau_r_i64(d->r);
            s->producer_epoch = moldau_r_i32(d->r);
            s->last_sequence = moldau_r_i32(d->r);
            s->last_timestamp = moldau_r_i64(d->r);
            s->coordinator_epoch = moldau_r_i32(d->r);
            s->current_txn_start_offset = moldau_r_i64(d->r);
            moldau__dec_tags(d);
        }
        moldau__dec_tags(d);
    }
}

moldau_err_t moldau_describe_producers_response_decode(moldau_reader_t *r, int16_t version,
                                                       moldau_arena_t *a,
                                                       moldau_describe_producers_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_PRODUCERS, version);
    if (err)
        return err;
    *out = (moldau_describe_producers_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    /* name, partitions, tags */
    out->topics = moldau__dec_arr(&d, d.min_str + d.min_arr + d.min_tags, sizeof(*out->topics),
                                  &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        out->topics[i].name = moldau__dec_str(&d);
        read_partitions(&d, &out->topics[i]);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
