/* libFuzzer target: the offset commit response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_OFFSET_COMMIT, moldau_offset_commit_response_t,
                     moldau_offset_commit_response_decode)
