/* libFuzzer target: moldau_init_producer_id_response_decode on arbitrary bytes (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_INIT_PRODUCER_ID, moldau_init_producer_id_response_t,
                      moldau_init_producer_id_response_decode)
