/* Metadata (key 3) v0-12: brokers, controller and the partition leaders the client routes by. */
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/msg_data_codec.h"

void moldau_metadata_request_init(moldau_metadata_request_t *req)
{
    memset(req, 0, sizeof(*req));
    req->n_topics = -1;
    req->allow_auto_topic_creation = 1;
}

moldau_err_t moldau_metadata_request_encode(moldau_buf_t *w, int16_t version,
                                            const moldau_metadata_request_t *req)
{
    if (!md_version_ok(MOLDAU_API_METADATA, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    md_enc_t e;
    md_enc_begin(&e, w, MOLDAU_API_METADATA, version);

    /* v0 spells "all topics" as an empty array, v1+ as null: keep the caller's meaning. */
    int32_t n_topics = (version == 0 && req->n_topics < 0) ? 0 : req->n_topics;
    n_topics = md_w_arr(&e, req->topics, n_topics, version >= 1);
    for (int32_t i = 0; i < n_topics; i++) {
        const moldau_metadata_request_topic_t *t = &req->topics[i];
        if (version >= 10)
            moldau_w_uuid(w, t->topic_id);
        md_w_str(&e, t->name, version >= 10);
        md_w_tags_none(&e);
    }
    if (version >= 4)
        moldau_w_bool(w, req->allow_auto_topic_creation);
    if (version >= 8 && version <= 10)
        moldau_w_bool(w, req->include_cluster_authorized_operations);
    if (version >= 8)
        moldau_w_bool(w, req->include_topic_authorized_operations);
    md_w_tags_none(&e);
    return md_enc_end(&e);
}

static void read_partition(md_dec_t *d, int16_t version, moldau_metadata_response_partition_t *p)
{
    moldau_reader_t *r = d->r;
    p->error_code = moldau_r_i16(r);
    p->partition_index = moldau_r_i32(r);
    p->leader_id = moldau_r_i32(r);
    p->leader_epoch = version >= 7 ? moldau_r_i32(r) : -1;
    p->replica_nodes = md_r_i32_arr(d, &p->n_replica_nodes);
    p->isr_nodes = md_r_i32_arr(d, &p->n_isr_nodes);
    if (version >= 5)
        p->offline_replicas = md_r_i32_arr(d, &p->n_offline_replicas);
    md_r_tags(d, NULL, NULL);
}

static void read_topic(md_dec_t *d, int16_t version, moldau_metadata_response_topic_t *t)
{
    moldau_reader_t *r = d->r;
    t->error_code = moldau_r_i16(r);
    t->name = md_r_str(d, version >= 12);
    if (version >= 10)
        t->topic_id = moldau_r_uuid(r);
    t->is_internal = version >= 1 ? moldau_r_bool(r) : 0;
    t->partitions = md_r_arr(d, 0, 10, sizeof(*t->partitions), &t->n_partitions);
    for (int32_t i = 0; i < t->n_partitions && md_ok(d); i++)
        read_partition(d, version, &t->partitions[i]);
    t->topic_authorized_operations = version >= 8 ? moldau_r_i32(r) : INT32_MIN;
    md_r_tags(d, NULL, NULL);
}

moldau_err_t moldau_metadata_response_decode(moldau_reader_t *r, int16_t version,
                                             moldau_arena_t *a, moldau_metadata_response_t *out)
{
    if (!md_version_ok(MOLDAU_API_METADATA, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    md_dec_t d;
    md_dec_begin(&d, r, a, MOLDAU_API_METADATA, version);
    memset(out, 0, sizeof(*out));

    out->throttle_time_ms = version >= 3 ? moldau_r_i32(r) : 0;
    out->brokers = md_r_arr(&d, 0, 10, sizeof(*out->brokers), &out->n_brokers);
    for (int32_t i = 0; i < out->n_brokers && md_ok(&d); i++) {
        moldau_metadata_response_broker_t *b = &out->brokers[i];
        b->node_id = moldau_r_i32(r);
        b->host = md_r_str(&d, 0);
        b->port = moldau_r_i32(r);
        b->rack = version >= 1 ? md_r_str(&d, 1) : NULL;
        md_r_tags(&d, NULL, NULL);
    }
    out->cluster_id = version >= 2 ? md_r_str(&d, 1) : NULL;
    out->controller_id = version >= 1 ? moldau_r_i32(r) : -1;
    out->topics = md_r_arr(&d, 0, 6, sizeof(*out->topics), &out->n_topics);
    for (int32_t i = 0; i < out->n_topics && md_ok(&d); i++)
        read_topic(&d, version, &out->topics[i]);
    out->cluster_authorized_operations =
        (version >= 8 && version <= 10) ? moldau_r_i32(r) : INT32_MIN;
    md_r_tags(&d, NULL, NULL);
    return md_dec_end(&d);
}
