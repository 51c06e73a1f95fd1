/* libFuzzer target: the share fetch response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_SHARE_FETCH, moldau_share_fetch_response_t,
                     moldau_share_fetch_response_decode)
