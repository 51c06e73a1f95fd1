/* libFuzzer target: the alter user scram credentials response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_ALTER_USER_SCRAM_CREDENTIALS,
                     moldau_alter_user_scram_credentials_response_t,
                     moldau_alter_user_scram_credentials_response_decode)
