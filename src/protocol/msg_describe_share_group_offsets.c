/* DescribeShareGroupOffsets (key 90), v0-1: where each share partition of a group starts
 * (its share-partition start offset). v1 adds the partitions' Lag (KIP-1226). A null Topics
 * array asks for every topic the group has. Always flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_describe_share_group_offsets_request_encode(
    moldau_buf_t *w, int16_t version, const moldau_describe_share_group_offsets_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_SHARE_GROUP_OFFSETS, version);
    if (err)
        return err;
    int32_t ng = moldau__enc_arr(&e, req->groups, req->n_groups);
    for (int32_t i = 0; i < ng; i++) {
        const moldau_describe_share_group_offsets_request_group_t *g = &req->groups[i];
        moldau__enc_str(&e, g->group_id);
        int32_t nt = moldau__enc_narr(&e, g->topics, g->n_topics);
        for (int32_t j = 0; j < nt; j++) {
            moldau__enc_str(&e, g->topics[j].topic_name);
            moldau__enc_i32_arr(&e, g->topics[j].partitions, g->topics[j].n_partitions);
            moldau__enc_tags(&e);
        }
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

static void dec_topic(moldau__dec_t *d, moldau_describe_share_group_offsets_response_topic_t *t)
{
    moldau_reader_t *r = d->r;
    t->topic_name = moldau__dec_str(d);
    t->topic_id = moldau_r_uuid(r);
    /* index, start offset, epoch, error code, message, tags (lag: v1+) */
    size_t min = 4 + 8 + 4 + (d->version >= 1 ? 8 : 0) + 2 + d->min_str + d->min_tags;
    moldau_describe_share_group_offsets_response_partition_t *p =
        moldau__dec_arr(d, min, sizeof(*p), &t->n_partitions);
    for (int32_t i = 0; i < t->n_partitions; i++) {
        p[i].partition_index = moldau_r_i32(r);
        p[i].start_offset = moldau_r_i64(r);
        p[i].leader_epoch = moldau_r_i32(r);
        p[i].lag = d->version >= 1 ? moldau_r_i64(r) : -1;
        p[i].error_code = moldau_r_i16(r);
        p[i].error_message = moldau__dec_nstr(d);
        moldau__dec_tags(d);
    }
    t->partitions = p;
    moldau__dec_tags(d);
}

moldau_err_t moldau_describe_share_group_offsets_response_decode(
    moldau_reader_t *r, int16_t version, moldau_arena_t *a,
    moldau_describe_share_group_offsets_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err =
        moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_SHARE_GROUP_OFFSETS, version);
    if (err)
        return err;
    *out = (moldau_describe_share_group_offsets_response_t){0};
    out->throttle_time_ms = moldau_r_i32(r);
    /* id, topics, error code, message, tags */
    moldau_describe_share_group_offsets_response_group_t *g = moldau__dec_arr(
        &d, 2 * d.min_str + d.min_arr + 2 + d.min_tags, sizeof(*g), &out->n_groups);
    for (int32_t i = 0; i < out->n_groups; i++) {
        g[i].group_id = moldau__dec_str(&d);
        /* name, id, partitions, tags */
        moldau_describe_share_group_offsets_response_topic_t *t = moldau__dec_arr(
            &d, d.min_str + 16 + d.min_arr + d.min_tags, sizeof(*t), &g[i].n_topics);
        for (int32_t j = 0; j < g[i].n_topics; j++)
            dec_topic(&d, &t[j]);
        g[i].topics = t;
        g[i].error_code = moldau_r_i16(r);
        g[i].error_message = moldau__dec_nstr(&d);
        moldau__dec_tags(&d);
    }
    out->groups = g;
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
