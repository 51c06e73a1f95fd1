/* libFuzzer target: moldau_create_topics_response_decode on arbitrary bytes (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_CREATE_TOPICS, moldau_create_topics_response_t,
                      moldau_create_topics_response_decode)
