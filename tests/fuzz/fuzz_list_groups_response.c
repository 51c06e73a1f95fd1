/* libFuzzer target: moldau_list_groups_response_decode on arbitrary bytes (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_LIST_GROUPS, moldau_list_groups_response_t,
                      moldau_list_groups_response_decode)
