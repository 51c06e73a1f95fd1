/* libFuzzer target: moldau_list_offsets_response_decode on arbitrary bodies (first byte: version). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_LIST_OFFSETS, moldau_list_offsets_response_t, moldau_list_offsets_response_decode)
