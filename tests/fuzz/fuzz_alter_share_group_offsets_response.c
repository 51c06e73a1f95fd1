/* libFuzzer target: the alter share group offsets response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_ALTER_SHARE_GROUP_OFFSETS, moldau_alter_share_group_offsets_response_t,
                     moldau_alter_share_group_offsets_response_decode)
