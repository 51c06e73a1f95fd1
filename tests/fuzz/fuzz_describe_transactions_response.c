/* libFuzzer target: the describe transactions response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_TRANSACTIONS,
                     moldau_describe_transactions_response_t,
                     moldau_describe_transactions_response_decode)
