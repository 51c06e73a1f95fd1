/* libFuzzer target: the delete records response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DELETE_RECORDS, moldau_delete_records_response_t,
                     moldau_delete_records_response_decode)
