/* Fetch (key 1) v4-18 (v18: a follower's high watermark, KIP-1166). The response decoder is the
 * consumer's hot path: record sets stay views into the response buffer, and only the arrays of the
 * response are allocated (in the arena). */
#include <string.h>

#include "protocol/codec.h"

void moldau_fetch_request_init(moldau_fetch_request_t *req)
{
    memset(req, 0, sizeof(*req));
    req->replica_id = -1;
    req->replica_state.replica_id = -1;
    req->replica_state.replica_epoch = -1;
    req->max_bytes = INT32_MAX;
    req->session_epoch = -1;
}

void moldau_fetch_request_partition_init(moldau_fetch_request_partition_t *p)
{
    memset(p, 0, sizeof(*p));
    p->current_leader_epoch = -1;
    p->last_fetched_epoch = -1;
    p->log_start_offset = -1;
    p->high_watermark = INT64_MAX;
}

static int uuid_is_zero(moldau_uuid_t u)
{
    static const moldau_uuid_t zero;
    return memcmp(u.b, zero.b, sizeof(u.b)) == 0;
}

static void write_partition(moldau__enc_t *e, int16_t version,
                            const moldau_fetch_request_partition_t *p)
{
    moldau_buf_t *w = e->w;
    moldau_w_i32(w, p->partition);
    if (version >= 9)
        moldau_w_i32(w, p->current_leader_epoch);
    moldau_w_i64(w, p->fetch_offset);
    if (version >= 12)
        moldau_w_i32(w, p->last_fetched_epoch);
    if (version >= 5)
        moldau_w_i64(w, p->log_start_offset);
    moldau_w_i32(w, p->partition_max_bytes);
    if (!e->flex)
        return;
    int has_dir = version >= 17 && !uuid_is_zero(p->replica_directory_id);
    int has_hw = version >= 18 && p->high_watermark != INT64_MAX;
    moldau_w_uvarint(w, (uint32_t)(has_dir + has_hw)); /* tags in ascending order */
    if (has_dir) {
        moldau_w_uvarint(w, 0); /* ReplicaDirectoryId */
        moldau_w_uvarint(w, sizeof(p->replica_directory_id.b));
        moldau_w_uuid(w, p->replica_directory_id);
    }
    if (has_hw) {
        moldau_w_uvarint(w, 1); /* HighWatermark */
        moldau_w_uvarint(w, 8);
        moldau_w_i64(w, p->high_watermark);
    }
}

/* The top-level tag section: ClusterId (tag 0) and, from v15, ReplicaState (tag 1). */
static void write_top_tags(moldau__enc_t *e, int16_t version, const moldau_fetch_request_t *req)
{
    moldau_buf_t *w = e->w;
    int has_state = version >= 15 &&
                    (req->replica_state.replica_id != -1 || req->replica_state.replica_epoch != -1);
    moldau_w_uvarint(w, (req->cluster_id != NULL) + has_state);
    if (req->cluster_id) {
        moldau_buf_t field; /* its size comes before it */
        moldau_buf_init(&field);
        moldau_w_string(&field, req->cluster_id, 1);
        moldau_w_uvarint(w, 0);
        moldau_w_uvarint(w, (uint32_t)field.len);
        moldau_buf_put(w, field.data, field.len);
        if (field.failed)
            w->failed = 1;
        moldau_buf_free(&field);
    }
    if (has_state) {
        moldau_w_uvarint(w, 1);
        moldau_w_uvarint(w, 4 + 8 + 1); /* ReplicaId, ReplicaEpoch, empty tags */
        moldau_w_i32(w, req->replica_state.replica_id);
        moldau_w_i64(w, req->replica_state.replica_epoch);
        moldau_w_tags_none(w);
    }
}

moldau_err_t moldau_fetch_request_encode(moldau_buf_t *w, int16_t version,
                                         const moldau_fetch_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_FETCH, version);
    if (err)
        return err;
    if (version <= 14)
        moldau_w_i32(w, req->replica_id);
    moldau_w_i32(w, req->max_wait_ms);
    moldau_w_i32(w, req->min_bytes);
    moldau_w_i32(w, req->max_bytes);
    moldau_w_i8(w, req->isolation_level);
    if (version >= 7) {
        moldau_w_i32(w, req->session_id);
        moldau_w_i32(w, req->session_epoch);
    }
    int32_t n_topics = moldau__enc_arr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < n_topics; i++) {
        const moldau_fetch_request_topic_t *t = &req->topics[i];
        if (version <= 12)
            moldau__enc_str(&e, t->topic);
        else
            moldau_w_uuid(w, t->topic_id);
        int32_t n_parts = moldau__enc_arr(&e, t->partitions, t->n_partitions);
        for (int32_t j = 0; j < n_parts; j++)
            write_partition(&e, version, &t->partitions[j]);
        moldau__enc_tags(&e);
    }
    if (version >= 7) {
        int32_t n_forgotten =
            moldau__enc_arr(&e, req->forgotten_topics_data, req->n_forgotten_topics_data);
        for (int32_t i = 0; i < n_forgotten; i++) {
            const moldau_fetch_request_forgotten_topic_t *t = &req->forgotten_topics_data[i];
            if (version <= 12)
                moldau__enc_str(&e, t->topic);
            else
                moldau_w_uuid(w, t->topic_id);
            int32_t n_parts = moldau__enc_arr(&e, t->partitions, t->n_partitions);
            for (int32_t j = 0; j < n_parts; j++)
                moldau_w_i32(w, t->partitions[j]);
            moldau__enc_tags(&e);
        }
    }
    if (version >= 11)
        moldau__enc_str(&e, req->rack_id ? req->rack_id : "");
    if (e.flex)
        write_top_tags(&e, version, req);
    return moldau__enc_end(&e);
}

static void read_partition_tag(moldau__dec_t *field, uint32_t tag, void *ctx)
{
    moldau_fetch_response_partition_t *p = ctx;
    switch (tag) {
    case 0:
        p->diverging_epoch.epoch = moldau_r_i32(field->r);
        p->diverging_epoch.end_offset = moldau_r_i64(field->r);
        moldau__dec_tags(field);
        break;
    case 1:
        moldau__dec_leader(field, &p->current_leader);
        break;
    case 2:
        p->snapshot_id.end_offset = moldau_r_i64(field->r);
        p->snapshot_id.epoch = moldau_r_i32(field->r);
        moldau__dec_tags(field);
        break;
    default:
        break;
    }
}

static void read_top_tag(moldau__dec_t *field, uint32_t tag, void *ctx)
{
    moldau_fetch_response_t *out = ctx;
    if (tag == 0 && field->version >= 16)
        out->node_endpoints = moldau__dec_node_endpoints(field, &out->n_node_endpoints);
}

static void read_partition(moldau__dec_t *d, int16_t version,
                           moldau_fetch_response_partition_t *p)
{
    moldau_reader_t *r = d->r;
    p->partition_index = moldau_r_i32(r);
    p->error_code = moldau_r_i16(r);
    p->high_watermark = moldau_r_i64(r);
    p->last_stable_offset = moldau_r_i64(r);
    p->log_start_offset = version >= 5 ? moldau_r_i64(r) : -1;
    p->aborted_transactions = moldau__dec_narr(d, 16, sizeof(*p->aborted_transactions),
                                               &p->n_aborted_transactions);
    for (int32_t i = 0; i < p->n_aborted_transactions; i++) {
        p->aborted_transactions[i].producer_id = moldau_r_i64(r);
        p->aborted_transactions[i].first_offset = moldau_r_i64(r);
        moldau__dec_tags(d);
    }
    p->preferred_read_replica = version >= 11 ? moldau_r_i32(r) : -1;
    p->records = moldau__dec_nbytes(d);
    p->diverging_epoch.epoch = -1;
    p->diverging_epoch.end_offset = -1;
    p->current_leader.leader_id = -1;
    p->current_leader.leader_epoch = -1;
    p->snapshot_id.end_offset = -1;
    p->snapshot_id.epoch = -1;
    moldau__dec_tags_each(d, read_partition_tag, p);
}

moldau_err_t moldau_fetch_response_decode(moldau_reader_t *r, int16_t version, moldau_arena_t *a,
                                          moldau_fetch_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_FETCH, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));

    out->throttle_time_ms = moldau_r_i32(r);
    if (version >= 7) {
        out->error_code = moldau_r_i16(r);
        out->session_id = moldau_r_i32(r);
    }
    out->responses = moldau__dec_arr(&d, 3, sizeof(*out->responses), &out->n_responses);
    for (int32_t i = 0; i < out->n_responses; i++) {
        moldau_fetch_response_topic_t *t = &out->responses[i];
        if (version <= 12)
            t->topic = moldau__dec_str(&d);
        else {
            t->topic = "";
            t->topic_id = moldau_r_uuid(r);
        }
        t->partitions = moldau__dec_arr(&d, 30, sizeof(*t->partitions), &t->n_partitions);
        for (int32_t j = 0; j < t->n_partitions; j++)
            read_partition(&d, version, &t->partitions[j]);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags_each(&d, read_top_tag, out);
    return moldau__dec_end(&d);
}
