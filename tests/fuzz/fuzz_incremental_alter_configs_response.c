/* libFuzzer target: the incremental alter configs response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_INCREMENTAL_ALTER_CONFIGS,
                     moldau_incremental_alter_configs_response_t,
                     moldau_incremental_alter_configs_response_decode)
