/* libFuzzer target: the share group describe response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_SHARE_GROUP_DESCRIBE, moldau_share_group_describe_response_t,
                     moldau_share_group_describe_response_decode)
