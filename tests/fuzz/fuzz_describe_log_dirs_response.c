/* libFuzzer target: the describe log dirs response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_LOG_DIRS, moldau_describe_log_dirs_response_t,
                     moldau_describe_log_dirs_response_decode)
