/* OffsetCommit (key 8), v2-9 (v0-1 are gone from Kafka 4.0; v2 is the oldest a 2.1+ broker
 * needs). RetentionTimeMs exists only in v2-4; from v5 the broker's
 * offsets.retention.minutes decides. */
#include "protocol/group_codec.h"

moldau_err_t moldau_offset_commit_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_offset_commit_request_t *req)
{
    if (!moldau__grp_version_ok(MOLDAU_API_OFFSET_COMMIT, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__genc_t e;
    moldau__genc_init(&e, w, moldau_api_is_flexible(MOLDAU_API_OFFSET_COMMIT, version));
    if (version < 7 && req->group_instance_id)
        e.bad = 1; /* static membership needs v7+ */
    moldau__gw_str(&e, req->group_id);
    moldau_w_i32(w, req->generation_id_or_member_epoch);
    moldau__gw_str(&e, req->member_id);
    if (version >= 7)
        moldau__gw_nstr(&e, req->group_instance_id);
    if (version <= 4)
        moldau_w_i64(w, req->retention_time_ms);
    if (moldau__gw_alen(&e, req->n_topics, req->topics)) {
        for (int32_t i = 0; i < req->n_topics; i++) {
            const moldau_offset_commit_request_topic_t *t = &req->topics[i];
            moldau__gw_str(&e, t->name);
            if (moldau__gw_alen(&e, t->n_partitions, t->partitions)) {
                for (int32_t j = 0; j < t->n_partitions; j++) {
                    const moldau_offset_commit_request_partition_t *p = &t->partitions[j];
                    moldau_w_i32(w, p->partition_index);
                    moldau_w_i64(w, p->committed_offset);
                    if (version >= 6)
                        moldau_w_i32(w, p->committed_leader_epoch);
                    moldau__gw_nstr(&e, p->committed_metadata);
                    moldau__gw_tags(&e);
                }
            }
            moldau__gw_tags(&e);
        }
    }
    moldau__gw_tags(&e);
    return moldau__genc_end(&e);
}

moldau_err_t moldau_offset_commit_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_offset_commit_response_t *out)
{
    if (!moldau__grp_version_ok(MOLDAU_API_OFFSET_COMMIT, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__gdec_t d = {r, a, moldau_api_is_flexible(MOLDAU_API_OFFSET_COMMIT, version)};
    *out = (moldau_offset_commit_response_t){0};
    if (version >= 3)
        out->throttle_time_ms = moldau_r_i32(r);
    int32_t nt = moldau__gr_alen(&d, MOLDAU__GR_MIN_STR(&d) + MOLDAU__GR_MIN_ARR(&d));
    moldau_offset_commit_response_topic_t *t = moldau__gr_alloc(&d, nt, sizeof(*t));
    for (int32_t i = 0; t && i < nt; i++) {
        t[i].name = moldau__gr_str(&d);
        int32_t np = moldau__gr_alen(&d, 6);
        moldau_offset_commit_response_partition_t *p = moldau__gr_alloc(&d, np, sizeof(*p));
        for (int32_t j = 0; p && j < np; j++) {
            p[j].partition_index = moldau_r_i32(r);
            p[j].error_code = moldau_r_i16(r);
            moldau__gr_tags(&d);
        }
        t[i].partitions = p;
        t[i].n_partitions = p ? np : 0;
        moldau__gr_tags(&d);
    }
    out->topics = t;
    out->n_topics = t ? nt : 0;
    moldau__gr_tags(&d);
    return r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}
