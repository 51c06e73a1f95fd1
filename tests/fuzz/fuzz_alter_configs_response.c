/* libFuzzer target: the alter configs response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_ALTER_CONFIGS, moldau_alter_configs_response_t,
                     moldau_alter_configs_response_decode)
