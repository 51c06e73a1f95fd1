/* libFuzzer target: moldau_delete_topics_response_decode on arbitrary bytes (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DELETE_TOPICS, moldau_delete_topics_response_t,
                      moldau_delete_topics_response_decode)
