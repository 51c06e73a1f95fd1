/* libFuzzer target: the add partitions to txn response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_ADD_PARTITIONS_TO_TXN, moldau_add_partitions_to_txn_response_t,
                     moldau_add_partitions_to_txn_response_decode)
