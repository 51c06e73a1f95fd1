/* libFuzzer target: the txn offset commit response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_TXN_OFFSET_COMMIT, moldau_txn_offset_commit_response_t,
                     moldau_txn_offset_commit_response_decode)
