/* libFuzzer target: moldau_metadata_response_decode on arbitrary bodies (first byte: version). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_METADATA, moldau_metadata_response_t, moldau_metadata_response_decode)
