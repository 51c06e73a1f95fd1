/* libFuzzer target: the describe cluster response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_CLUSTER,
                     moldau_describe_cluster_response_t,
                     moldau_describe_cluster_response_decode)
