/* libFuzzer target: the offset for leader epoch response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_OFFSET_FOR_LEADER_EPOCH, moldau_offset_for_leader_epoch_response_t,
                     moldau_offset_for_leader_epoch_response_decode)
