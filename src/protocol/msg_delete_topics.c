/* DeleteTopics (key 20), v1-6. Up to v5 topics are named; v6 names each topic or gives its id
 * (a name may then be null), and the response says which id each result is for. */
#include "protocol/codec.h"

moldau_err_t moldau_delete_topics_request_encode(moldau_buf_t *w, int16_t version,
                                                 const moldau_delete_topics_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_DELETE_TOPICS, version);
    if (err)
        return err;
    if (version >= 6) {
        int32_t n = moldau__enc_arr(&e, req->topics, req->n_topics);
        for (int32_t i = 0; i < n; i++) {
            moldau__enc_nstr(&e, req->topics[i].name);
            moldau_w_uuid(w, req->topics[i].topic_id);
            moldau__enc_tags(&e);
        }
    } else {
        /* Topics cannot be sent before v6: deleting nothing instead would be silent. */
        moldau__enc_refuse_if(&e, req->n_topics != 0);
        moldau__enc_str_arr(&e, req->topic_names, req->n_topic_names);
    }
    moldau_w_i32(w, req->timeout_ms);
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_delete_topics_response_decode(moldau_reader_t *r, int16_t version,
                                                  moldau_arena_t *a,
                                                  moldau_delete_topics_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_DELETE_TOPICS, version);
    if (err)
        return err;
    memset(out, 0, sizeof(*out));
    out->throttle_time_ms = moldau_r_i32(r);
    /* name, [topic id], error code, [error message], tags */
    size_t min = d.min_str + (version >= 6 ? 16 : 0) + 2 + (version >= 5 ? d.min_str : 0) +
                 d.min_tags;
    out->responses = moldau__dec_arr(&d, min, sizeof(*out->responses), &out->n_responses);
    for (int32_t i = 0; i < out->n_responses; i++) {
        moldau_delete_topics_response_result_t *t = &out->responses[i];
        t->name = version >= 6 ? moldau__dec_nstr(&d) : moldau__dec_str(&d);
        if (version >= 6)
            t->topic_id = moldau_r_uuid(r);
        t->error_code = moldau_r_i16(r);
        t->error_message = version >= 5 ? moldau__dec_nstr(&d) : NULL;
        moldau__dec_tags(&d);
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
