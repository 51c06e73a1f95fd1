/* libFuzzer target: moldau_create_partitions_response_decode on arbitrary bytes (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_CREATE_PARTITIONS, moldau_create_partitions_response_t,
                      moldau_create_partitions_response_decode)
