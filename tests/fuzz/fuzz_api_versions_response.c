/* libFuzzer target: moldau_api_versions_response_decode on arbitrary bodies (first byte: version). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_API_VERSIONS, moldau_api_versions_response_t, moldau_api_versions_response_decode)
