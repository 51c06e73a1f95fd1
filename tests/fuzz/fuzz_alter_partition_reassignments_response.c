/* libFuzzer target: the alter partition reassignments response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_ALTER_PARTITION_REASSIGNMENTS,
                     moldau_alter_partition_reassignments_response_t,
                     moldau_alter_partition_reassignments_response_decode)
