/* libFuzzer target: the describe client quotas response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_CLIENT_QUOTAS,
                     moldau_describe_client_quotas_response_t,
                     moldau_describe_client_quotas_response_decode)
