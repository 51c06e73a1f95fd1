/* Frame size prefix and the request/response headers (RequestHeader v1/v2,
 * ResponseHeader v0/v1). */
#include "moldau/protocol.h"

size_t moldau_frame_begin(moldau_buf_t *w)
{
    size_t at = w->len;
    moldau_w_i32(w, 0);
    return at;
}

void moldau_frame_end(moldau_buf_t *w, size_t at)
{
    moldau_buf_patch_i32(w, at, (int32_t)(w->len - at - 4));
}

int moldau_request_header_version(int16_t api_key, int16_t version)
{
    return moldau_api_is_flexible(api_key, version) ? 2 : 1;
}

int moldau_response_header_version(int16_t api_key, int16_t version)
{
    /* KIP-511: a broker must be able to answer an ApiVersions request it cannot parse, so its
     * response header never grows tagged fields. */
    if (api_key == MOLDAU_API_API_VERSIONS)
        return 0;
    return moldau_api_is_flexible(api_key, version) ? 1 : 0;
}

moldau_err_t moldau_request_header_write(moldau_buf_t *w, int16_t api_key, int16_t version,
                                         int32_t correlation_id, const char *client_id)
{
    moldau_w_i16(w, api_key);
    moldau_w_i16(w, version);
    moldau_w_i32(w, correlation_id);
    moldau_w_string(w, client_id, 0); /* classic even in v2: see KIP-482 */
    if (moldau_request_header_version(api_key, version) >= 2)
        moldau_w_tags_none(w);
    return w->failed ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
}

moldau_err_t moldau_response_header_read(moldau_reader_t *r, int16_t api_key, int16_t version,
                                         int32_t *correlation_id)
{
    *correlation_id = moldau_r_i32(r);
    if (moldau_response_header_version(api_key, version) >= 1)
        moldau_r_tags(r, NULL, NULL);
    return r->err ? MOLDAU_ERR__BAD_MSG : MOLDAU_ERR_NONE;
}
