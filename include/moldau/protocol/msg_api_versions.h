/* moldau codec: ApiVersions (key 18), versions 0-4. Included by moldau/protocol/msg_data.h. */
#ifndef MOLDAU_PROTOCOL_MSG_API_VERSIONS_H
#define MOLDAU_PROTOCOL_MSG_API_VERSIONS_H
#include "moldau/protocol/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct moldau_api_versions_request {
    /* v3+, not null. Brokers check them against [a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])? */
    const char *client_software_name;
    const char *client_software_version;
} moldau_api_versions_request_t;

typedef struct moldau_api_versions_response_api_key {
    int16_t api_key;
    int16_t min_version;
    int16_t max_version;
} moldau_api_versions_response_api_key_t;

typedef struct moldau_api_versions_response_supported_feature {
    const char *name;
    int16_t min_version;
    int16_t max_version;
} moldau_api_versions_response_supported_feature_t;

typedef struct moldau_api_versions_response_finalized_feature {
    const char *name;
    int16_t max_version_level;
    int16_t min_version_level;
} moldau_api_versions_response_finalized_feature_t;

typedef struct moldau_api_versions_response {
    int16_t error_code;
    moldau_api_versions_response_api_key_t *api_keys;
    int32_t n_api_keys;
    int32_t throttle_time_ms; /* v1+, else 0 */
    /* Tagged fields of v3+ (defaults when absent: empty, -1, empty, 0). */
    moldau_api_versions_response_supported_feature_t *supported_features;
    int32_t n_supported_features;
    int64_t finalized_features_epoch;
    moldau_api_versions_response_finalized_feature_t *finalized_features;
    int32_t n_finalized_features;
    int zk_migration_ready;
} moldau_api_versions_response_t;

/* Encodes the request body (empty before v3). */
moldau_err_t moldau_api_versions_request_encode(moldau_buf_t *w, int16_t version,
                                                const moldau_api_versions_request_t *req);

/* Decodes the response body. Strings and arrays go to the arena.
 *
 * Version fallback (KIP-511): a broker that does not know the requested ApiVersions version
 * answers UNSUPPORTED_VERSION (35) in the v0 body layout, listing in api_keys the ApiVersions
 * range it does support. So when decoding at v1+ a body whose error code is 35:
 *  - if it parses as v0 and v0 accounts for every byte left, the v0 result is returned;
 *  - else if it parses at `version`, that result is returned;
 *  - else if it parses as v0 (with bytes left over), the v0 result is returned;
 *  - else (no layout fits: some brokers send a bare or broken body) only error_code is set.
 * In every case (memory allowing) the return value is MOLDAU_ERR_NONE and error_code is 35;
 * fields the parsed layout lacks hold their defaults (throttle 0, no tagged fields). The caller
 * asks again with the highest ApiVersions version both sides know (from api_keys, else v0). At
 * v0, and for any other error code, the body must parse at `version` (else MOLDAU_ERR__BAD_MSG). */
moldau_err_t moldau_api_versions_response_decode(moldau_reader_t *r, int16_t version,
                                                 moldau_arena_t *a,
                                                 moldau_api_versions_response_t *out);

/* The broker's entry for an API key, or NULL when it did not list the key. */
const moldau_api_versions_response_api_key_t *
moldau_api_versions_response_find(const moldau_api_versions_response_t *resp, int16_t api_key);

#ifdef __cplusplus
}
#endif

#endif
