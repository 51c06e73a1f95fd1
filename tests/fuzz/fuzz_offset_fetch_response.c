/* libFuzzer target: the offset fetch response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_OFFSET_FETCH, moldau_offset_fetch_response_t,
                     moldau_offset_fetch_response_decode)
