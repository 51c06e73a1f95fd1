/* OffsetFetch (key 9), v1-9. v1-7 fetch one group's offsets (a null topic list from v2 means
 * all topics); v8 (KIP-709) batches groups, each with its own topics and error; v9 adds the
 * KIP-848 member id and epoch. The topic and partition layouts are the same in both shapes. */
#include "protocol/group_codec.h"

static void write_topics(moldau__genc_t *e, const moldau_offset_fetch_request_topic_t *t,
                         int32_t n)
{
    if (!moldau__gw_nalen(e, n, t))
        return;
    for (int32_t i = 0; i < n; i++) {
        moldau__gw_str(e, t[i].name);
        moldau__gw_i32_array(e, t[i].partition_indexes, t[i].n_partition_indexes);
        moldau__gw_tags(e);
    }
}

moldau_err_t moldau_offset_fetch_request_encode(moldau_buf_t *w, int16_t version,
                                                const moldau_offset_fetch_request_t *req)
{
    if (!moldau__grp_version_ok(MOLDAU_API_OFFSET_FETCH, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__genc_t e;
    moldau__genc_init(&e, w, moldau_api_is_flexible(MOLDAU_API_OFFSET_FETCH, version));
    /* RequireStable changes which offsets come back (KIP-447), so it cannot be dropped. */
    if (version < 7 && req->require_stable)
        e.bad = 1;
    if (version < 8) {
        if (req->n_groups > 0 || (version < 2 && req->n_topics < 0))
            e.bad = 1;
        moldau__gw_str(&e, req->group_id);
        write_topics(&e, req->topics, req->n_topics);
    } else {
        if ((req->group_id && req->group_id[0]) || req->n_topics != 0)
            e.bad = 1;
        if (moldau__gw_alen(&e, req->n_groups, req->groups)) {
            for (int32_t i = 0; i < req->n_groups; i++) {
                const moldau_offset_fetch_request_group_t *g = &req->groups[i];
                moldau__gw_str(&e, g->group_id);
                if (version >= 9) {
                    moldau__gw_nstr(&e, g->member_id);
                    moldau_w_i32(w, g->member_epoch);
                }
                write_topics(&e, g->topics, g->n_topics);
                moldau__gw_tags(&e);
            }
        }
    }
    if (version >= 7)
        moldau_w_bool(w, req->require_stable);
    moldau__gw_tags(&e);
    return moldau__genc_end(&e);
}

static moldau_offset_fetch_response_topic_t *read_topics(moldau__gdec_t *d, int16_t version,
                                                         int32_t *count)
{
    moldau_reader_t *r = d->r;
    int32_t nt = moldau__gr_alen(d, MOLDAU__GR_MIN_STR(d) + MOLDAU__GR_MIN_ARR(d));
    moldau_offset_fetch_response_topic_t *t = moldau__gr_alloc(d, nt, sizeof(*t));
    for (int32_t i = 0; t && i < nt; i++) {
        t[i].name = moldau__gr_str(d);
        /* index, offset, metadata, error code */
        int32_t np = moldau__gr_alen(d, 14 + MOLDAU__GR_MIN_STR(d));
        moldau_offset_fetch_response_partition_t *p = moldau__gr_alloc(d, np, sizeof(*p));
        for (int32_t j = 0; p && j < np; j++) {
            p[j].partition_index = moldau_r_i32(r);
            p[j].committed_offset = moldau_r_i64(r);
            p[j].committed_leader_epoch = version >= 5 ? moldau_r_i32(r) : -1;
            p[j].metadata = moldau__gr_str(d);
            p[j].error_code = moldau_r_i16(r);
            moldau__gr_tags(d);
        }
        t[i].partitions = p;
        t[i].n_partitions = p ? np : 0;
        moldau__gr_tags(d);
    }
    *count = t ? nt : 0;
    return t;
}

moldau_err_t moldau_offset_fetch_response_decode(moldau_reader_t *r, int16_t version,
                                                 moldau_arena_t *a,
                                                 moldau_offset_fetch_response_t *out)
{
    if (!moldau__grp_version_ok(MOLDAU_API_OFFSET_FETCH, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__gdec_t d = {r, a, moldau_api_is_flexible(MOLDAU_API_OFFSET_FETCH, version)};
    *out = (moldau_offset_fetch_response_t){0};
    if (version >= 3)
        out->throttle_time_ms = moldau_r_i32(r);
    if (version < 8) {
        out->topics = read_topics(&d, version, &out->n_topics);
        if (version >= 2)
            out->error_code = moldau_r_i16(r);
    } else {
        /* group id, topics, error code */
        int32_t ng = moldau__gr_alen(&d, MOLDAU__GR_MIN_STR(&d) + MOLDAU__GR_MIN_ARR(&d) + 2);
        moldau_offset_fetch_response_group_t *g = moldau__gr_alloc(&d, ng, sizeof(*g));
        for (int32_t i = 0; g && i < ng; i++) {
            g[i].group_id = moldau__gr_str(&d);
            g[i].topics = read_topics(&d, version, &g[i].n_topics);
            g[i].error_code = moldau_r_i16(r);
            moldau__gr_tags(&d);
        }
        out->groups = g;
        out->n_groups = g ? ng : 0;
    }
    moldau__gr_tags(&d);
    return r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}
