/* libFuzzer target: the describe user scram credentials response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_USER_SCRAM_CREDENTIALS,
                     moldau_describe_user_scram_credentials_response_t,
                     moldau_describe_user_scram_credentials_response_decode)
