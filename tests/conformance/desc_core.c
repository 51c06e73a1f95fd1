/* Conformance descriptors of the request and response headers (moldau_request_header_write,
 * moldau_response_header_read). moldau has no header structs, so small local ones stand in. */
#include "desc.h"

typedef struct conf_request_header {
    int16_t request_api_key;
    int16_t request_api_version;
    int32_t correlation_id;
    const char *client_id;
} conf_request_header_t;

typedef struct conf_response_header {
    int32_t correlation_id;
} conf_response_header_t;

static moldau_err_t request_header_encode(moldau_buf_t *w, int16_t version, const void *msg)
{
    const conf_request_header_t *h = msg;
    /* moldau writes v1 and v2 only (v0 is ControlledShutdown's) and chooses between them from
     * the API and its version; the case must agree with that choice. */
    if (version < 1 || version > 2)
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    if (moldau_request_header_version(h->request_api_key, h->request_api_version) != version)
        return MOLDAU_ERR__INVALID_ARG;
    return moldau_request_header_write(w, h->request_api_key, h->request_api_version,
                                       h->correlation_id, h->client_id);
}

static moldau_err_t response_header_decode(moldau_reader_t *r, int16_t version,
                                           moldau_arena_t *a, void *msg)
{
    conf_response_header_t *h = msg;
    (void)a;
    if (version < 0 || version > 1)
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    /* Metadata v0 is answered with header v0, v9 (flexible) with header v1. */
    return moldau_response_header_read(r, MOLDAU_API_METADATA, version ? 9 : 0,
                                       &h->correlation_id);
}

static const conf_field_t request_header_fields[] = {
    CONF_F(conf_request_header_t, "RequestApiKey", CT_INT16, request_api_key),
    CONF_F(conf_request_header_t, "RequestApiVersion", CT_INT16, request_api_version),
    CONF_F(conf_request_header_t, "CorrelationId", CT_INT32, correlation_id),
    CONF_F(conf_request_header_t, "ClientId", CT_STRING, client_id),
    CONF_FIELDS_END,
};

static const conf_field_t response_header_fields[] = {
    CONF_F(conf_response_header_t, "CorrelationId", CT_INT32, correlation_id),
    CONF_FIELDS_END,
};

const conf_message_t conf_messages_core[] = {
    {"RequestHeader", sizeof(conf_request_header_t), request_header_fields,
     request_header_encode, NULL},
    {"ResponseHeader", sizeof(conf_response_header_t), response_header_fields, NULL,
     response_header_decode},
    CONF_END,
};
