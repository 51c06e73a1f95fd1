/* Metadata (key 3) v0-13 (v13: a top-level error code): brokers, controller and the partition
 * leaders the client routes by. */
#include <string.h>

#include "protocol/codec.h"

void moldau_metadata_request_init(moldau_metadata_request_t *req)
{
    memset(req, 0, sizeof(*req));
    req->n_topics = -1;
    req->allow_auto_topic_creation = 1;
}

moldau_err_t moldau_metadata_request_encode(moldau_buf_t *w, int16_t version,
                                            const moldau_metadata_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_METADATA, version);
    if (err)
        return err;

    /* v0 spells "all topics" as an empty array, v1+ as null: keep the caller's meaning. */
    int32_t n_topics = (version == 0 && req->n_topics < 0) ? 0 : req->n_topics;
    n_topics = version >= 1 ? moldau__enc_narr(&e, req->topics, n_topics)
                            : moldau__enc_arr(&e, req->topics, n_topics);
    for (int32_t i = 0; i < n_topics; i++) {
        const moldau_metadata_request_topic_t *t = &req->topics[i];
        if (version >= 10)
            moldau_w_uuid(w, t->topic_id);
        if (version >= 10)
            moldau__enc_nstr(&e, t->name);
        else
            moldau__enc_str(&e, t->name);
        moldau__enc_tags(&e);
    }
    if (version >= 4)
        moldau_w_bool(w, req->allow_auto_topic_creation);
    if (version >= 8 && version <= 10)
        moldau_w_bool(w, req->include_cluster_authorized_operations);
    if (version >= 8)
        moldau_w_bool(w, req->include_topic_authorized_operations);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static void read_partition(moldau__dec_t *d, int16_t version,
                           moldau_metadata_response_partition_t *p)
{
    moldau_reader_t *r = d->r;
    p->error_code = moldau_r_i16(r);
    p->partition_index = moldau_r_i32(r);
    p->leader_id = moldau_r_i32(r);
    p->leader_epoch = version >= 7 ? moldau_r_i32(r) : -1;
    p->replica_nodes = moldau__dec_i32_arr(d, &p->n_replica_nodes);
    p->isr_nodes = moldau__dec_i32_arr(d, &p->n_isr_nodes);
    if (version >= 5)
        p->offline_replicas = moldau__dec_i32_arr(d, &p->n_offline_replicas);
    moldau__dec_tags(d);
}

static void read_topic(moldau__dec_t *d, int16_t version, moldau_metadata_response_topic_t *t)
{
    moldau_reader_t *r = d->r;
    t->error_code = moldau_r_i16(r);
    t->name = version >= 12 ? moldau__dec_nstr(d) : moldau__dec_str(d);
    if (version >= 10)
        t->topic_id = moldau_r_uuid(r);
    t->is_internal = version >= 1 ? moldau_r_bool(r) : 0;
    t->partitions = moldau__dec_arr(d, 10, sizeof(*t->partitions), &t->n_partitions);
    for (int32_t i = 0; i < t->n_partitions; i++)
        read_partition(d, version, &t->partitions[i]);
    t->topic_authorized_operations = version >= 8 ? moldau_r_i32(r) : INT32_MIN;
    moldau__dec_tags(d);
}

moldau_err_t moldau_metadata_response_decode(moldau_reader_t *r, int16_t version,
                                             moldau_arena_t *a, moldau_metadata_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_METADATA, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));

    out->throttle_time_ms = version >= 3 ? moldau_r_i32(r) : 0;
    out->brokers = moldau__dec_arr(&d, 10, sizeof(*out->brokers), &out->n_brokers);
    for (int32_t i = 0; i < out->n_brokers; i++) {
        moldau_metadata_response_broker_t *b = &out->brokers[i];
        b->node_id = moldau_r_i32(r);
        b->host = moldau__dec_str(&d);
        b->port = moldau_r_i32(r);
        b->rack = version >= 1 ? moldau__dec_nstr(&d) : NULL;
        moldau__dec_tags(&d);
    }
    out->cluster_id = version >= 2 ? moldau__dec_nstr(&d) : NULL;
    out->controller_id = version >= 1 ? moldau_r_i32(r) : -1;
    out->topics = moldau__dec_arr(&d, 6, sizeof(*out->topics), &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++)
        read_topic(&d, version, &out->topics[i]);
    out->cluster_authorized_operations =
        (version >= 8 && version <= 10) ? moldau_r_i32(r) : INT32_MIN;
    out->error_code = version >= 13 ? moldau_r_i16(r) : 0;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
