/* DescribeLogDirs (key 35), v1-5 (v0 left with Kafka 4.0, KIP-896). v2 is flexible; the
 * response gains a top-level ErrorCode in v3, TotalBytes/UsableBytes in v4, IsCordoned in v5. */
#include "protocol/codec.h"

moldau_err_t moldau_describe_log_dirs_request_encode(moldau_buf_t *w, int16_t version,
                                                     const moldau_describe_log_dirs_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DESCRIBE_LOG_DIRS, version);
    if (err)
        return err;
    int32_t n = moldau__enc_narr(&e, req->topics, req->n_topics);
    for (int32_t i = 0; i < n; i++) {
        moldau__enc_str(&e, req->topics[i].topic);
        moldau__enc_i32_arr(&e, req->topics[i].partitions, req->topics[i].n_partitions);
        moldau__enc_tags(&e);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_describe_log_dirs_response_decode(moldau_reader_t *r, int16_t version,
                                                      moldau_arena_t *a,
                                                      moldau_describe_log_dirs_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DESCRIBE_LOG_DIRS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    if (version >= 3)
        out->error_code = moldau_r_i16(r);
    /* error code, dir, topics, [total, usable], [cordoned], tags */
    size_t min = 2 + d.min_str + d.min_arr + (version >= 4 ? 16 : 0) + (version >= 5 ? 1 : 0) +
                 d.min_tags;
    out->results = moldau__dec_arr(&d, min, sizeof(*out->results), &out->n_results);
    for (int32_t i = 0; i < out->n_results; i++) {
        moldau_describe_log_dirs_response_result_t *res = &out->results[i];
        res->error_code = moldau_r_i16(r);
        res->log_dir = moldau__dec_str(&d);
        res->topics = moldau__dec_arr(&d, d.min_str + d.min_arr + d.min_tags,
                                      sizeof(*res->topics), &res->n_topics);
        for (int32_t j = 0; j < res->n_topics; j++) {
            moldau_describe_log_dirs_response_topic_t *t = &res->topics[j];
            t->name = moldau__dec_str(&d);
            t->partitions = moldau__dec_arr(&d, 4 + 8 + 8 + 1 + d.min_tags,
                                            sizeof(*t->partitions), &t->n_partitions);
            for (int32_t k = 0; k < t->n_partitions; k++) {
                moldau_describe_log_dirs_response_partition_t *p = &t->partitions[k];
                p->partition_index = moldau_r_i32(r);
                p->partition_size = moldau_r_i64(r);
                p->offset_lag = moldau_r_i64(r);
                p->is_future_key = moldau_r_bool(r);
                moldau__dec_tags(&d);
            }
            moldau__dec_tags(&d);
        }
        res->total_bytes = version >= 4 ? moldau_r_i64(r) : -1;
        res->usable_bytes = version >= 4 ? moldau_r_i64(r) : -1;
        res->is_cordoned = version >= 5 ? moldau_r_bool(r) : 0;
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
