/* libFuzzer target: the join group response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_JOIN_GROUP, moldau_join_group_response_t,
                     moldau_join_group_response_decode)
