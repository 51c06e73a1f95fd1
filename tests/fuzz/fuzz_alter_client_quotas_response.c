/* libFuzzer target: the alter client quotas response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_ALTER_CLIENT_QUOTAS,
                     moldau_alter_client_quotas_response_t,
                     moldau_alter_client_quotas_response_decode)
