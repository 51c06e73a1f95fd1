/* DescribeQuorum (key 55), v0-2: the KRaft metadata quorum (leader, voters, observers). The
 * request is the same at every version; v1 adds the replicas' fetch and caught-up times
 * (KIP-836), v2 error messages, the replicas' directory ids and the controllers' endpoints
 * (KIP-853). Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_describe_quorum_request_encode(moldau_buf_t *w, int16_t version,
                                                   const moldau_describe_quorum_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_QUORUM, version);
    if (err)
        return err;
    int32_t n = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < n; i++) {
        const moldau_describe_quorum_request_topic_t *t = &req->topics[i];
        moldau__enc_str(&e, t->topic_name);
        int32_t np = moldau__enc_arr(&e, t->partitions, t->n_partitions);
        for (int32_t j = 0; j < np; j++) {
            moldau_w_i32(w, t->partitions[j].partition_index);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static moldau_describe_quorum_replica_state_t *read_replicas(moldau__dec_t *d, int32_t *n)
{
    int16_t v = d->version;
    /* replica id, [directory id], log end offset, [two timestamps], tags */
    size_t min = 4 + (v >= 2 ? 16 : 0) + 8 + (v >= 1 ? 16 : 0) + d->min_tags;
    moldau_describe_quorum_replica_state_t *rs = moldau__dec_arr(d, min, sizeof(*rs), n);
    for (int32_t i = 0; i < *n; i++) {
        rs[i].replica_id = moldau_r_i32(d->r);
        if (v >= 2)
            rs[i].replica_directory_id = moldau_r_uuid(d->r);
        rs[i].log_end_offset = moldau_r_i64(d->r);
        rs[i].last_fetch_timestamp = v >= 1 ? moldau_r_i64(d->r) : -1;
        rs[i].last_caught_up_timestamp = v >= 1 ? moldau_r_i64(d->r) : -1;
        moldau__dec_tags(d);
    }
    return rs;
}

static void read_partitions(moldau__dec_t *d, moldau_describe_quorum_topic_t *t)
{
    int16_t v = d->version;
    /* index, error, [message], leader, epoch, high watermark, voters, observers, tags */
    size_t min = 4 + 2 + (v >= 2 ? d->min_str : 0) + 16 + 2 * d->min_arr + d->min_tags;
    t->partitions = moldau__dec_arr(d, min, sizeof(*t->partitions), &t->n_partitions);
    for (int32_t i = 0; i < t->n_partitions; i++) {
        moldau_describe_quorum_partition_t *p = &t->partitions[i];
        p->partition_index = moldau_r_i32(d->r);
        p->error_code = moldau_r_i16(d->r);
        if (v >= 2)
            p->error_message = moldau__dec_nstr(d);
        p->leader_id = moldau_r_i32(d->r);
        p->leader_epoch = moldau_r_i32(d->r);
        p->high_watermark = moldau_r_i64(d->r);
        p->current_voters = read_replicas(d, &p->n_current_voters);
        p->observers = read_replicas(d, &p->n_observers);
        moldau__dec_tags(d);
    }
}

static void read_nodes(moldau__dec_t *d, moldau_describe_quorum_response_t *out)
{
    /* node id, listeners, tags */
    out->nodes = moldau__dec_arr(d, 4 + d->min_arr + d->min_tags, sizeof(*out->nodes),
                                 &out->n_nodes);
    for (int32_t i = 0; i < out->n_nodes; i++) {
        moldau_describe_quorum_node_t *n = &out->nodes[i];
        n->node_id = moldau_r_i32(d->r);
        /* name, host, port, tags */
        n->listeners = moldau__dec_arr(d, 2 * d->min_str + 2 + d->min_tags,
                                       sizeof(*n->listeners), &n->n_listeners);
        for (int32_t j = 0; j < n->n_listeners; j++) {
            n->listeners[j].name = moldau__dec_str(d);
            n->listeners[j].host = moldau__dec_str(d);
            n->listeners[j].port = moldau_r_u16(d->r);
            moldau__dec_tags(d);
        }
        moldau__dec_tags(d);
    }
}

moldau_err_t moldau_describe_quorum_response_decode(moldau_reader_t *r, int16_t version,
                                                    moldau_arena_t *a,
                                                    moldau_describe_quorum_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_QUORUM, version);
    if (err)
        return err;
    *out = (moldau_describe_quorum_response_t){0};
    out->error_code = moldau_r_i16(r);
    if (version >= 2)
        out->error_message = moldau__dec_nstr(&d);
    /* topic name, partitions, tags */
    out->topics = moldau__dec_arr(&d, d.min_str + d.min_arr + d.min_tags, sizeof(*out->topics),
                                  &out->n_topics);
    for (int32_t i = 0; i < out->n_topics; i++) {
        out->topics[i].topic_name = moldau__dec_str(&d);
        read_partitions(&d, &out->topics[i]);
        moldau__dec_tags(&d);
    }
    if (version >= 2)
        read_nodes(&d, out);
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
