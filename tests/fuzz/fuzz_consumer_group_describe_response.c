/* libFuzzer target: the consumer group describe response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_CONSUMER_GROUP_DESCRIBE, moldau_consumer_group_describe_response_t,
                     moldau_consumer_group_describe_response_decode)
