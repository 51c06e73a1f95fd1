/* libFuzzer target: the sync group response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_SYNC_GROUP, moldau_sync_group_response_t,
                     moldau_sync_group_response_decode)
