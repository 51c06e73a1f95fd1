/* libFuzzer target: the delete acls response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DELETE_ACLS, moldau_delete_acls_response_t,
                     moldau_delete_acls_response_decode)
