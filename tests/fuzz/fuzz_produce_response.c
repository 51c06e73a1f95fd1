/* libFuzzer target: moldau_produce_response_decode on arbitrary bodies (first byte: version). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_PRODUCE, moldau_produce_response_t, moldau_produce_response_decode)
