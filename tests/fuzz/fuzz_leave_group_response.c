/* libFuzzer target: the leave group response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_LEAVE_GROUP, moldau_leave_group_response_t,
                     moldau_leave_group_response_decode)
