/* libFuzzer target: the describe acls response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_ACLS, moldau_describe_acls_response_t,
                     moldau_describe_acls_response_decode)
