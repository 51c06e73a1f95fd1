/* OffsetFetch (key 9), v1-10. v1-7 fetch one group's offsets (a null topic list from v2 means all
 * topics); v8 (KIP-709) batches groups, each with its own topics and error; v9 adds the KIP-848
 * member id and epoch; v10 names topics by id. The topic and partition layouts are the same in
 * both shapes. */
#include "protocol/codec.h"

static void write_topics(moldau__enc_t *e, int16_t version,
                         const moldau_offset_fetch_request_topic_t *t, int32_t n)
{
    n = moldau__enc_narr(e, t, n);
    for (int32_t i = 0; i < n; i++) {
        if (version >= 10)
            moldau_w_uuid(e->w, t[i].topic_id);
        else
            moldau__enc_str(e, t[i].name);
        moldau__enc_i32_arr(e, t[i].partition_indexes, t[i].n_partition_indexes);
        moldau__enc_tags(e);
    }
}

moldau_err_t moldau_offset_fetch_request_encode(moldau_buf_t *w, int16_t version,
                                                const moldau_offset_fetch_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_OFFSET_FETCH, version);
    if (err)
        return err;
    /* RequireStable changes which offsets come back (KIP-447), so it cannot be dropped. */
    moldau__enc_refuse_if(&e, version < 7 && req->require_stable);
    if (version < 8) {
        moldau__enc_refuse_if(&e, req->n_groups > 0 || (version < 2 && req->n_topics < 0));
        moldau__enc_str(&e, req->group_id);
        write_topics(&e, version, req->topics, req->n_topics);
    } else {
        moldau__enc_refuse_if(&e, (req->group_id && req->group_id[0]) || req->n_topics != 0);
        int32_t ng = moldau__enc_arr(&e, req->groups, req->n_groups);
        for (int32_t i = 0; i < ng; i++) {
            const moldau_offset_fetch_request_group_t *g = &req->groups[i];
            moldau__enc_str(&e, g->group_id);
            if (version >= 9) {
                moldau__enc_nstr(&e, g->member_id);
                moldau_w_i32(w, g->member_epoch);
            }
            write_topics(&e, version, g->topics, g->n_topics);
            moldau__enc_tags(&e);
        }
    }
    if (version >= 7)
        moldau_w_bool(w, req->require_stable);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static moldau_offset_fetch_response_topic_t *read_topics(moldau__dec_t *d, int32_t *count)
{
    moldau_reader_t *r = d->r;
    moldau_offset_fetch_response_topic_t *t =
        moldau__dec_arr(d, (d->version >= 10 ? 16 : d->min_str) + d->min_arr, sizeof(*t), count);
    for (int32_t i = 0; i < *count; i++) {
        if (d->version >= 10)
            t[i].topic_id = moldau_r_uuid(r);
        else
            t[i].name = moldau__dec_str(d);
        /* index, offset, metadata, error code */
        moldau_offset_fetch_response_partition_t *p =
            moldau__dec_arr(d, 14 + d->min_str, sizeof(*p), &t[i].n_partitions);
        for (int32_t j = 0; j < t[i].n_partitions; j++) {
            p[j].partition_index = moldau_r_i32(r);
            p[j].committed_offset = moldau_r_i64(r);
            p[j].committed_leader_epoch = d->version >= 5 ? moldau_r_i32(r) : -1;
            p[j].metadata = moldau__dec_nstr(d);
            p[j].error_code = moldau_r_i16(r);
            moldau__dec_tags(d);
        }
        t[i].partitions = p;
        moldau__dec_tags(d);
    }
    return t;
}

moldau_err_t moldau_offset_fetch_response_decode(moldau_reader_t *r, int16_t version,
                                                 moldau_arena_t *a,
                                                 moldau_offset_fetch_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_OFFSET_FETCH, version);
    if (err)
        return err;
    *out = (moldau_offset_fetch_response_t){0};
    if (version >= 3)
        out->throttle_time_ms = moldau_r_i32(r);
    if (version < 8) {
        out->topics = read_topics(&d, &out->n_topics);
        if (version >= 2)
            out->error_code = moldau_r_i16(r);
    } else {
        /* group id, topics, error code */
        moldau_offset_fetch_response_group_t *g =
            moldau__dec_arr(&d, d.min_str + d.min_arr + 2, sizeof(*g), &out->n_groups);
        for (int32_t i = 0; i < out->n_groups; i++) {
            g[i].group_id = moldau__dec_str(&d);
            g[i].topics = read_topics(&d, &g[i].n_topics);
            g[i].error_code = moldau_r_i16(r);
            moldau__dec_tags(&d);
        }
        out->groups = g;
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
