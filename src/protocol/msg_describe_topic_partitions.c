/* DescribeTopicPartitions (key 75), v0: topics and their partitions (with the eligible leader
 * replicas of KIP-966), paged by a cursor where Metadata answers all at once. Always
 * flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_describe_topic_partitions_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_topic_partitions_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_TOPIC_PARTITIONS, version);
    if (err)
        return err;
    int32_t n = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < n; i++) {
        moldau__enc_str(&e, req->topics[i].name);
        moldau__enc_tags(&e);
    }
    moldau_w_i32(w, req->response_partition_limit);
    /* A nullable struct: int8 -1 for null, 1 before the struct. */
    moldau_w_i8(w, req->cursor ? 1 : -1);
    if (req->cursor) {
        moldau__enc_str(&e, req->cursor->topic_name);
        moldau_w_i32(w, req->cursor->partition_index);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

/* A nullable array of int32 (*n -1 for null). */
static int32_t *read_ni32_arr(moldau__dec_t *d, int32_t *n)
{
    int32_t *v = moldau__dec_narr(d, 4, sizeof(*v), n);
    for (int32_t i = 0; i < *n; i++)
        v[i] = moldau_r_i32(d->r);
    return v;
}

static void read_partitions(moldau__dec_t *d, moldau_describe_topic_partitions_topic_t *t)
{
    /* error, index, leader, epoch, five arrays, tags */
    size_t min = 2 + 4 + 4 + 4 + 5 * d->min_arr + d->min_tags;
    t->partitions = moldau__dec_arr(d, min, sizeof(*t->partitions), &t->n_partitions);
    for (int32_t i = 0; i < t->n_partitions; i++) {
        moldau_describe_topic_partitions_partition_t *p = &t->partitions[i];
        p->error_code = moldau_r_i16(d->r);
        p->partition_index = moldau_r_i32(d->r);
        p->leader_id = moldau_r_i32(d->r);
        p->leader_epoch = moldau_r_i32(d->r);
        p->replica_nodes = moldau__dec_i32_arr(d, &p->n_replica_nodes);
        p->isr_nodes = moldau__dec_i32_arr(d, &p->n_isr_nodes);
        p->eligible_leader_replicas = read_ni32_arr(d, &p->n_eligible_leader_replicas);
        p->last_known_elr = read_ni32_arr(d, &p->n_last_known_elr);
        p->offline_replicas = moldau__dec_i32_arr(d, &p->n_offline_replicas);
        moldau__dec_tags(d);
    }
}

static moldau_describe_topic_partitions_cursor_t *read_cursor(moldau__dec_t *d)
{
    /* Java reads any negative marker as null */
    if (moldau_r_i8(d->r) < 0 || d->r->err)
        return NULL;
    moldau_describe_topic_partitions_cursor_t *c = moldau_arena_calloc(d->a, 1, sizeof(*c));
    if (!c) {
        d->nomem = 1;
        moldau_reader_fail(d->r);
        return NULL;
    }
    c->topic_name = moldau__dec_str(d);
    c->partition_index = moldau_r_i32(d->r);
    moldau__dec_tags(d);
    return c;
}

moldau_err_t moldau_describe_topic_partitions_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_describe_topic_partitions_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_TOPIC_PARTITIONS, version);
    if (err)
        return err;
    *out = (moldau_describe_topic_partitions_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    /* error, name, id, internal, partitions, authorized operations, tags */
    size_t min = 2 + d.min_str + 16 + 1 + d.min_arr + 4 + d.min_tags;
    out->topics = moldau__dec_arr(&d, min, sizeof(*out->topics), &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        moldau_describe_topic_partitions_topic_t *t = &out->topics[i];
        t->error_code = moldau_r_i16(r);
        t->name = moldau__dec_nstr(&d);
        t->topic_id = moldau_r_uuid(r);
        t->is_internal = moldau_r_bool(r);
        read_partitions(&d, t);
        t->topic_authorized_operations = moldau_r_i32(r);
        moldau__dec_tags(&d);
    }
    out->next_cursor = read_cursor(&d);
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
