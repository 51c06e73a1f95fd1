/*
 * moldau — records: the one a producer sends and the one a consumer receives, and the header
 * type both carry.
 *
 *   moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
 *   r.topic = "orders"; r.value = buf; r.value_len = n;
 *
 * Compatibility rules (moldau promises them from its first release on):
 *  - moldau_producer_record_t is filled by the application. Initialise it with
 *    MOLDAU_PRODUCER_RECORD_INIT or moldau_producer_record_init() (or zero it), then set the
 *    fields you need by name; never initialise it positionally. Its size never changes: a new
 *    field takes the place of some of `reserved_`, and zero in it means the behaviour from
 *    before the field existed. A program built against an older header so keeps working
 *    unchanged with a newer library. `reserved_` must be zero (the library does not read it
 *    yet; a future field will).
 *  - moldau_consumer_record_t is filled by the library only and handed out by pointer: read
 *    its fields, never allocate one, copy one by value or write to one. New fields are
 *    appended at its end.
 *  - moldau_record_header_t never changes: arrays of it are passed both ways.
 */
#ifndef MOLDAU_RECORD_H
#define MOLDAU_RECORD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A producer record's partition: the partitioner chooses. */
#define MOLDAU_PARTITION_ANY (-1)

/* A record header, in both directions. value NULL: a null value (value_len ignored).
 * Producing: key is copied, key_len its bytes; key_len 0 means key is NUL-terminated (an
 * empty key is "" either way). A key is never NULL.
 * Consumed: key_len is always set and key is not NUL-terminated; key and value point into
 * the consumed record's storage and live as long as it. */
typedef struct moldau_record_header {
    const char *key;
    size_t key_len;
    const void *value;
    size_t value_len;
} moldau_record_header_t;

/* A record to produce (Java's ProducerRecord). moldau copies key, value and headers during
 * moldau_produce(): the caller may reuse its buffers as soon as the call returns. */
typedef struct moldau_producer_record {
    const char *topic;
    int32_t partition;          /* MOLDAU_PARTITION_ANY: the partitioner chooses */
    const void *key;            /* NULL: no key */
    size_t key_len;
    const void *value;          /* NULL: a null value (a tombstone on compacted topics) */
    size_t value_len;
    const moldau_record_header_t *headers;
    size_t n_headers;
    int64_t timestamp;          /* milliseconds since the epoch; 0: now */
    void *reserved_[4];         /* zero: room for fields to come (see the rules above) */
} moldau_producer_record_t;

/* Every field zero but partition (MOLDAU_PARTITION_ANY). Designated initialisers, every
 * field in order (C++20 wants the order, and g++ -Wextra every field): valid in C99 and later
 * and in C++20; elsewhere use moldau_producer_record_init(). */
#define MOLDAU_PRODUCER_RECORD_INIT                                                            \
    {.topic = NULL, .partition = MOLDAU_PARTITION_ANY, .key = NULL, .key_len = 0,              \
     .value = NULL, .value_len = 0, .headers = NULL, .n_headers = 0, .timestamp = 0,           \
     .reserved_ = {0}}

/* The same as MOLDAU_PRODUCER_RECORD_INIT, for *r. */
void moldau_producer_record_init(moldau_producer_record_t *r);

/* How a consumed record's timestamp was set (the values of Java's TimestampType ids). */
typedef enum moldau_timestamp_type {
    MOLDAU_TIMESTAMP_NONE = -1,           /* no timestamp (a v0 message) */
    MOLDAU_TIMESTAMP_CREATE_TIME = 0,     /* the producer's */
    MOLDAU_TIMESTAMP_LOG_APPEND_TIME = 1  /* the broker's, when it appended the batch */
} moldau_timestamp_type_t;

/* A consumed record (Java's ConsumerRecord). Filled by the library, read-only; key, value,
 * headers and topic live as long as the record (the consumer's documentation says how long
 * that is). */
typedef struct moldau_consumer_record {
    const char *topic;
    int32_t partition;
    int64_t offset;
    int64_t timestamp;          /* milliseconds since the epoch; -1 with MOLDAU_TIMESTAMP_NONE */
    moldau_timestamp_type_t timestamp_type;
    int32_t leader_epoch;       /* the partition leader's epoch that wrote it; -1 unknown */
    const void *key;            /* NULL: no key */
    size_t key_len;
    const void *value;          /* NULL: a null value */
    size_t value_len;
    const moldau_record_header_t *headers;
    size_t n_headers;
} moldau_consumer_record_t;

#ifdef __cplusplus
}
#endif
#endif
