/* libFuzzer target: the describe topic partitions response decoder (see fuzz.h). */
#include "fuzz.h"

MOLDAU_FUZZ_RESPONSE(MOLDAU_API_DESCRIBE_TOPIC_PARTITIONS,
                     moldau_describe_topic_partitions_response_t,
                     moldau_describe_topic_partitions_response_decode)
