/* libFuzzer target: the find coordinator response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_FIND_COORDINATOR, moldau_find_coordinator_response_t,
                     moldau_find_coordinator_response_decode)
