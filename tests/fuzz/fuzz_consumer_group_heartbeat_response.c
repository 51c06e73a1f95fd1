/* libFuzzer target: the consumer group heartbeat response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, moldau_consumer_group_heartbeat_response_t,
                     moldau_consumer_group_heartbeat_response_decode)
