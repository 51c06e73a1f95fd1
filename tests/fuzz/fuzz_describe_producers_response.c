/* libFuzzer target: the describe producers response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_PRODUCERS,
                     moldau_describe_producers_response_t,
                     moldau_describe_producers_response_decode)
