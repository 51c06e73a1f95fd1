/* FindCoordinator (key 10), v0-6. v4 (KIP-699) replaced the single Key and the single answer
 * by batches: CoordinatorKeys in the request, Coordinators in the response. */
#include "protocol/codec.h"

moldau_err_t moldau_find_coordinator_request_encode(moldau_buf_t *w, int16_t version,
                                                    const moldau_find_coordinator_request_t *req)
{
    moldau__enc_t e;
    moldau_err_t err = moldau__enc_begin(&e, w, MOLDAU_API_FIND_COORDINATOR, version);
    if (err)
        return err;
    /* Neither shape is ignorable: a request in the other version's shape would ask for
     * something else than what the caller meant. */
    if (version < 4) {
        moldau__enc_refuse_if(&e, req->n_coordinator_keys > 0 ||
                                      (version < 1 && req->key_type != 0));
        moldau__enc_str(&e, req->key);
        if (version >= 1)
            moldau_w_i8(w, req->key_type);
    } else {
        moldau__enc_refuse_if(&e, req->key && req->key[0]);
        moldau_w_i8(w, req->key_type);
        moldau__enc_str_arr(&e, req->coordinator_keys, req->n_coordinator_keys);
    }
    moldau__enc_tags(&e);
    return moldau__enc_end(&e);
}

moldau_err_t moldau_find_coordinator_response_decode(moldau_reader_t *r, int16_t version,
                                                     moldau_arena_t *a,
                                                     moldau_find_coordinator_response_t *out)
{
    moldau__dec_t d;
    moldau_err_t err = moldau__dec_begin(&d, r, a, MOLDAU_API_FIND_COORDINATOR, version);
    if (err)
        return err;
    *out = (moldau_find_coordinator_response_t){0};
    if (version >= 1)
        out->throttle_time_ms = moldau_r_i32(r);
    if (version < 4) {
        out->error_code = moldau_r_i16(r);
        if (version >= 1)
            out->error_message = moldau__dec_nstr(&d);
        out->node_id = moldau_r_i32(r);
        out->host = moldau__dec_str(&d);
        out->port = moldau_r_i32(r);
    } else {
        /* key, node id, host, port, error code, error message */
        size_t min = 3 * d.min_str + 10;
        moldau_find_coordinator_response_coordinator_t *c =
            moldau__dec_arr(&d, min, sizeof(*c), &out->n_coordinators);
        for (int32_t i = 0; i < out->n_coordinators; i++) {
            c[i].key = moldau__dec_str(&d);
            c[i].node_id = moldau_r_i32(r);
            c[i].host = moldau__dec_str(&d);
            c[i].port = moldau_r_i32(r);
            c[i].error_code = moldau_r_i16(r);
            c[i].error_message = moldau__dec_nstr(&d);
            moldau__dec_tags(&d);
        }
        out->coordinators = c;
    }
    moldau__dec_tags(&d);
    return moldau__dec_end(&d);
}
