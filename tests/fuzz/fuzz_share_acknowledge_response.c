/* libFuzzer target: the share acknowledge response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_SHARE_ACKNOWLEDGE, moldau_share_acknowledge_response_t,
                     moldau_share_acknowledge_response_decode)
