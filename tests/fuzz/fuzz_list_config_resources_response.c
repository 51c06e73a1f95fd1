/* libFuzzer target: the list config resources response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_LIST_CONFIG_RESOURCES,
                     moldau_list_config_resources_response_t,
                     moldau_list_config_resources_response_decode)
