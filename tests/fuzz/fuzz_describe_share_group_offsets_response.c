/* libFuzzer target: the describe share group offsets response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_SHARE_GROUP_OFFSETS, moldau_describe_share_group_offsets_response_t,
                     moldau_describe_share_group_offsets_response_decode)
