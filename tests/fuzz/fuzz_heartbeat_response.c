/* libFuzzer target: the heartbeat response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_HEARTBEAT, moldau_heartbeat_response_t,
                     moldau_heartbeat_response_decode)
