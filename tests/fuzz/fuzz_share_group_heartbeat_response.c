/* libFuzzer target: the share group heartbeat response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_SHARE_GROUP_HEARTBEAT, moldau_share_group_heartbeat_response_t,
                     moldau_share_group_heartbeat_response_decode)
