/* libFuzzer target: the describe quorum response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_QUORUM,
                     moldau_describe_quorum_response_t,
                     moldau_describe_quorum_response_decode)
