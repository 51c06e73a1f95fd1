/* libFuzzer target: the list transactions response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_LIST_TRANSACTIONS,
                     moldau_list_transactions_response_t,
                     moldau_list_transactions_response_decode)
