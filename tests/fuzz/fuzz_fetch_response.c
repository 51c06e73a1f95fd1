/* libFuzzer target: moldau_fetch_response_decode on arbitrary bodies (first byte: version). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_FETCH, moldau_fetch_response_t, moldau_fetch_response_decode)
