/* libFuzzer target: the create acls response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_CREATE_ACLS, moldau_create_acls_response_t,
                     moldau_create_acls_response_decode)
