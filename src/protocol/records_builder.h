/* The batch builder's entry point for the producer's accumulator, which measures every record
 * (moldau_record_max_size) for its own accounting before appending it. */
#ifndef MOLDAU_PROTOCOL_RECORDS_BUILDER_H
#define MOLDAU_PROTOCOL_RECORDS_BUILDER_H

#include "moldau/protocol.h"

/* moldau_batch_builder_append() for a caller that has just computed
 * max_size = moldau_record_max_size(key.len, value.len, headers, n_headers) for this very
 * record: append() would compute it again. A different max_size writes out of bounds. */
moldau_err_t moldau__batch_builder_append_sized(moldau_batch_builder_t *b, int64_t timestamp,
                                                moldau_bytes_t key, moldau_bytes_t value,
                                                const moldau_header_t *headers, size_t n_headers,
                                                size_t max_size);

#endif
