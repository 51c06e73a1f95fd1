/* libFuzzer target: the delete share group offsets response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DELETE_SHARE_GROUP_OFFSETS, moldau_delete_share_group_offsets_response_t,
                     moldau_delete_share_group_offsets_response_decode)
