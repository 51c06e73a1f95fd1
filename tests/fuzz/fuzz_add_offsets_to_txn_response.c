/* libFuzzer target: the add offsets to txn response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_ADD_OFFSETS_TO_TXN, moldau_add_offsets_to_txn_response_t,
                     moldau_add_offsets_to_txn_response_decode)
