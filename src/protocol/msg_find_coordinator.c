/* FindCoordinator (key 10), v0-6. v4 (KIP-699) replaced the single Key and the single answer
 * by batches: CoordinatorKeys in the request, Coordinators in the response. */
#include "protocol/group_codec.h"

moldau_err_t moldau_find_coordinator_request_encode(moldau_buf_t *w, int16_t version,
                                                    const moldau_find_coordinator_request_t *req)
{
    if (!moldau__grp_version_ok(MOLDAU_API_FIND_COORDINATOR, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__genc_t e;
    moldau__genc_init(&e, w, moldau_api_is_flexible(MOLDAU_API_FIND_COORDINATOR, version));
    /* Neither shape is ignorable: a request in the other version's shape would ask for
     * something else than what the caller meant. */
    if (version < 4) {
        if (req->n_coordinator_keys > 0 || (version < 1 && req->key_type != 0))
            e.bad = 1;
        moldau__gw_str(&e, req->key);
        if (version >= 1)
            moldau_w_i8(w, req->key_type);
    } else {
        if (req->key && req->key[0])
            e.bad = 1;
        moldau_w_i8(w, req->key_type);
        moldau__gw_str_array(&e, req->coordinator_keys, req->n_coordinator_keys);
    }
    moldau__gw_tags(&e);
    return moldau__genc_end(&e);
}

moldau_err_t moldau_find_coordinator_response_decode(moldau_reader_t *r, int16_t version,
                                                     moldau_arena_t *a,
                                                     moldau_find_coordinator_response_t *out)
{
    if (!moldau__grp_version_ok(MOLDAU_API_FIND_COORDINATOR, version))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau__gdec_t d = {r, a, moldau_api_is_flexible(MOLDAU_API_FIND_COORDINATOR, version)};
    *out = (moldau_find_coordinator_response_t){0};
    if (version >= 1)
        out->throttle_time_ms = moldau_r_i32(r);
    if (version < 4) {
        out->error_code = moldau_r_i16(r);
        if (version >= 1)
            out->error_message = moldau__gr_str(&d);
        out->node_id = moldau_r_i32(r);
        out->host = moldau__gr_str(&d);
        out->port = moldau_r_i32(r);
    } else {
        /* key, node id, host, port, error code, error message */
        size_t min = 3 * MOLDAU__GR_MIN_STR(&d) + 10;
        int32_t n = moldau__gr_alen(&d, min);
        moldau_find_coordinator_response_coordinator_t *c = moldau__gr_alloc(&d, n, sizeof(*c));
        for (int32_t i = 0; c && i < n; i++) {
            c[i].key = moldau__gr_str(&d);
            c[i].node_id = moldau_r_i32(r);
            c[i].host = moldau__gr_str(&d);
            c[i].port = moldau_r_i32(r);
            c[i].error_code = moldau_r_i16(r);
            c[i].error_message = moldau__gr_str(&d);
            moldau__gr_tags(&d);
        }
        out->coordinators = c;
        out->n_coordinators = c ? n : 0;
    }
    moldau__gr_tags(&d);
    return r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}
