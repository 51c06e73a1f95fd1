/* libFuzzer target: the list partition reassignments response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_LIST_PARTITION_REASSIGNMENTS,
                     moldau_list_partition_reassignments_response_t,
                     moldau_list_partition_reassignments_response_decode)
