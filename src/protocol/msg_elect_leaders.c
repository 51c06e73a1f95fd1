/* ElectLeaders (key 43), v0-2. v1 adds the election type (KIP-460) and the response's
 * top-level error code; v2 is flexible. */
#include "protocol/codec.h"

moldau_err_t moldau_elect_leaders_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_elect_leaders_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_ELECT_LEADERS, version);
    if (err)
        return err;
    if (version >= 1)
        moldau_w_i8(w, req->election_type);
    else /* v0 only elects the preferred leader: an unclean election would silently not be */
        moldau__enc_refuse_if(&e, req->election_type != 0);
    int32_t n = moldau__enc_narr(&e, req->topic_partitions, req->n_topic_partitions);
    for (int32_t i = 0; i < n; i++) {
        moldau__enc_str(&e, req->topic_partitions[i].topic);
        moldau__enc_i32_arr(&e, req->topic_partitions[i].partitions,
                            req->topic_partitions[i].n_partitions);
        moldau__enc_tags(&e);
    }
    moldau_w_i32(w, req->timeout_ms);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_elect_leaders_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_elect_leaders_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_ELECT_LEADERS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    if (version >= 1)
        out->error_code = moldau_r_i16(r);
    out->replica_election_results =
        moldau__dec_arr(&d, d.min_str + d.min_arr + d.min_tags,
                        sizeof(*out->replica_election_results), &out->n_replica_election_results);
    for (int32_t i = 0; i < out->n_replica_election_results; i++) {
        moldau_elect_leaders_response_result_t *res = &out->replica_election_results[i];
        res->topic = moldau__dec_str(&d);
        res->partition_result = moldau__dec_partition_error_msgs(&d, &res->n_partition_result);
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
