/* libFuzzer target: the delete groups response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DELETE_GROUPS, moldau_delete_groups_response_t,
                     moldau_delete_groups_response_decode)
