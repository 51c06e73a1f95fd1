/* libFuzzer target: the end txn response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_END_TXN, moldau_end_txn_response_t,
                     moldau_end_txn_response_decode)
