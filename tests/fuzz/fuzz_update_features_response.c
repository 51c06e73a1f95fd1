/* libFuzzer target: the update features response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_UPDATE_FEATURES,
                     moldau_update_features_response_t,
                     moldau_update_features_response_decode)
