/* libFuzzer target: the elect leaders response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_ELECT_LEADERS, moldau_elect_leaders_response_t,
                     moldau_elect_leaders_response_decode)
