/* libFuzzer target: moldau_sasl_authenticate_response_decode on arbitrary bytes (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_SASL_AUTHENTICATE, moldau_sasl_authenticate_response_t,
                      moldau_sasl_authenticate_response_decode)
