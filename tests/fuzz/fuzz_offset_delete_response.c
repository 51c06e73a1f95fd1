/* libFuzzer target: the offset delete response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_OFFSET_DELETE, moldau_offset_delete_response_t,
                     moldau_offset_delete_response_decode)
