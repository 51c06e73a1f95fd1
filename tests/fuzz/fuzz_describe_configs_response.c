/* libFuzzer target: moldau_describe_configs_response_decode on arbitrary bytes (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_CONFIGS, moldau_describe_configs_response_t,
                      moldau_describe_configs_response_decode)
