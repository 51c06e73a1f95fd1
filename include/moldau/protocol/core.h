/*
 * moldau codec: the base every message codec stands on: byte and UUID values, the growing
 * writer, the bounds-checked reader, the arena decoded responses live in, the table of APIs
 * and versions moldau speaks, framing and request/response headers. Included by
 * moldau/protocol.h; the conventions and the stability promise are stated there.
 */
#ifndef MOLDAU_PROTOCOL_CORE_H
#define MOLDAU_PROTOCOL_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- values ------------------------------------------------------------------------------ */

typedef struct moldau_bytes {
    const uint8_t *data;
    int32_t len; /* -1 = null */
} moldau_bytes_t;

#define MOLDAU_BYTES_NULL ((moldau_bytes_t){NULL, -1})

typedef struct moldau_uuid {
    uint8_t b[16]; /* big-endian, as on the wire; all zero = no id */
} moldau_uuid_t;

/* ---- writer: a buffer that grows -------------------------------------------------------- */

typedef struct moldau_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
    int failed; /* sticky: an allocation failed, the content is incomplete */
} moldau_buf_t;

/* An empty writer (no storage until the first write). */
void moldau_buf_init(moldau_buf_t *w);
/* Frees the storage; the writer can be initialised again. */
void moldau_buf_free(moldau_buf_t *w);
/* Keeps the storage, forgets the content. */
void moldau_buf_reset(moldau_buf_t *w);
/* Makes room for n more bytes. Returns 0, or -1 (and sets failed) when out of memory. */
int moldau_buf_reserve(moldau_buf_t *w, size_t n);
/* Appends n bytes and returns where they start (to be filled by the caller), or NULL. */
uint8_t *moldau_buf_extend(moldau_buf_t *w, size_t n);
void moldau_buf_put(moldau_buf_t *w, const void *p, size_t n);

/* Append one value, big-endian as on the wire (a failed allocation sets w->failed). */
void moldau_w_i8(moldau_buf_t *w, int8_t v);
void moldau_w_i16(moldau_buf_t *w, int16_t v);
void moldau_w_i32(moldau_buf_t *w, int32_t v);
void moldau_w_i64(moldau_buf_t *w, int64_t v);
void moldau_w_u16(moldau_buf_t *w, uint16_t v);
void moldau_w_u32(moldau_buf_t *w, uint32_t v);
void moldau_w_f64(moldau_buf_t *w, double v);
void moldau_w_bool(moldau_buf_t *w, int v);
void moldau_w_uuid(moldau_buf_t *w, moldau_uuid_t v);
void moldau_w_varint(moldau_buf_t *w, int32_t v);   /* zig-zag */
void moldau_w_varlong(moldau_buf_t *w, int64_t v);  /* zig-zag */
void moldau_w_uvarint(moldau_buf_t *w, uint32_t v); /* unsigned LEB128 */
/* A string, nullable string (NULL -> null), in the classic (int16 length) or compact
 * (uvarint length+1) form as `flexible` says. */
void moldau_w_string(moldau_buf_t *w, const char *s, int flexible);
/* Bytes or nullable bytes (len -1 -> null), classic (int32 length) or compact. */
void moldau_w_bytes(moldau_buf_t *w, moldau_bytes_t b, int flexible);
/* An array's length prefix (n -1 -> null), classic (int32) or compact. */
void moldau_w_array_len(moldau_buf_t *w, int32_t n, int flexible);
/* An empty tagged-field section (the single byte 0). */
void moldau_w_tags_none(moldau_buf_t *w);
/* Overwrites 4 bytes at offset `at` (for sizes known only later). */
void moldau_buf_patch_i32(moldau_buf_t *w, size_t at, int32_t v);

/* ---- reader: never reads past the end; the first failure sticks ------------------------- */

typedef struct moldau_reader {
    const uint8_t *p;
    const uint8_t *end;
    int err; /* sticky: non-zero once any read failed; later reads return zeros */
} moldau_reader_t;

/* A reader of data[0..len) (not copied: it must outlive the reader), and the bytes it has
 * not read yet. */
void moldau_reader_init(moldau_reader_t *r, const void *data, size_t len);
size_t moldau_reader_remaining(const moldau_reader_t *r);
/* Marks the reader failed (for checks made by the caller, e.g. a negative length). */
void moldau_reader_fail(moldau_reader_t *r);

/* Read one value (big-endian; varints zig-zag, uvarint LEB128); past the end they fail the
 * reader and return zero. */
int8_t moldau_r_i8(moldau_reader_t *r);
int16_t moldau_r_i16(moldau_reader_t *r);
int32_t moldau_r_i32(moldau_reader_t *r);
int64_t moldau_r_i64(moldau_reader_t *r);
uint16_t moldau_r_u16(moldau_reader_t *r);
uint32_t moldau_r_u32(moldau_reader_t *r);
double moldau_r_f64(moldau_reader_t *r);
int moldau_r_bool(moldau_reader_t *r);
moldau_uuid_t moldau_r_uuid(moldau_reader_t *r);
int32_t moldau_r_varint(moldau_reader_t *r);
int64_t moldau_r_varlong(moldau_reader_t *r);
uint32_t moldau_r_uvarint(moldau_reader_t *r);
/* Skips n bytes (fails if fewer remain). */
void moldau_r_skip(moldau_reader_t *r, size_t n);
/* Returns a view of the next n bytes and advances, or NULL (and fails) if fewer remain. */
const uint8_t *moldau_r_view(moldau_reader_t *r, size_t n);

struct moldau_arena;
/* A string (nullable or not, classic or compact); copied NUL-terminated into the arena.
 * Returns NULL for a null string, and NULL with r->err set on failure. */
const char *moldau_r_string(moldau_reader_t *r, struct moldau_arena *a, int flexible);
/* Bytes (nullable or not, classic or compact) as a view into the input. */
moldau_bytes_t moldau_r_bytes(moldau_reader_t *r, int flexible);
/* An array length: -1 for null. A count larger than the bytes left (every element takes at
 * least min_elem_size bytes) fails the reader, which bounds what a decoder allocates. */
int32_t moldau_r_array_len(moldau_reader_t *r, int flexible, size_t min_elem_size);

/* Reads a tagged-field section. For every field, `fn` (if not NULL) gets a reader bounded to
 * that field's bytes; fields it does not read are skipped, so unknown tags cost nothing. A
 * failure inside a field fails `r`. Tags must be strictly increasing. */
typedef void (*moldau_tag_fn)(moldau_reader_t *field, uint32_t tag, void *ctx);
void moldau_r_tags(moldau_reader_t *r, moldau_tag_fn fn, void *ctx);

/* ---- arena: decoded responses are freed at once ------------------------------------------ */

typedef struct moldau_arena {
    struct moldau_arena_chunk *head;
} moldau_arena_t;

/* An empty arena, and freeing everything allocated in it (it can be used again after). */
void moldau_arena_init(moldau_arena_t *a);
void moldau_arena_free(moldau_arena_t *a);
/* Zeroed memory aligned for any type, or NULL when out of memory (n * size overflow too). */
void *moldau_arena_calloc(moldau_arena_t *a, size_t n, size_t size);
/* A NUL-terminated copy of n bytes, or NULL. */
char *moldau_arena_strndup(moldau_arena_t *a, const char *s, size_t n);

/* ---- APIs and versions ------------------------------------------------------------------- */

enum {
    MOLDAU_API_PRODUCE = 0,
    MOLDAU_API_FETCH = 1,
    MOLDAU_API_LIST_OFFSETS = 2,
    MOLDAU_API_METADATA = 3,
    MOLDAU_API_OFFSET_COMMIT = 8,
    MOLDAU_API_OFFSET_FETCH = 9,
    MOLDAU_API_FIND_COORDINATOR = 10,
    MOLDAU_API_JOIN_GROUP = 11,
    MOLDAU_API_HEARTBEAT = 12,
    MOLDAU_API_LEAVE_GROUP = 13,
    MOLDAU_API_SYNC_GROUP = 14,
    MOLDAU_API_DESCRIBE_GROUPS = 15,
    MOLDAU_API_LIST_GROUPS = 16,
    MOLDAU_API_SASL_HANDSHAKE = 17,
    MOLDAU_API_API_VERSIONS = 18,
    MOLDAU_API_CREATE_TOPICS = 19,
    MOLDAU_API_DELETE_TOPICS = 20,
    MOLDAU_API_INIT_PRODUCER_ID = 22,
    MOLDAU_API_DESCRIBE_CONFIGS = 32,
    MOLDAU_API_SASL_AUTHENTICATE = 36,
    MOLDAU_API_CREATE_PARTITIONS = 37
};

/* What moldau supports for one API: the one table (src/protocol/api.c) that says so. */
typedef struct moldau_api_info {
    int16_t key;
    const char *name;           /* Kafka's name, e.g. "Metadata" */
    int16_t min_version;        /* lowest version moldau encodes and decodes */
    int16_t max_version;        /* highest */
    int16_t first_flexible;     /* first flexible version (KIP-482), or -1 for never */
} moldau_api_info_t;

/* The entry for an API key, or NULL when moldau does not speak it. */
const moldau_api_info_t *moldau_api_info(int16_t api_key);
/* All entries, in key order; *n gets their number. */
const moldau_api_info_t *moldau_api_table(size_t *n);
/* Non-zero when `version` of the API uses the flexible encodings. */
int moldau_api_is_flexible(int16_t api_key, int16_t version);

/* ---- shapes several messages share ------------------------------------------------------ */

/* A partition's answer that is only an error code: OffsetCommit, TxnOffsetCommit, OffsetDelete
 * (their names for it are typedefs of this). */
typedef struct moldau_partition_error {
    int32_t partition_index;
    int16_t error_code;
} moldau_partition_error_t;

/* The same with the broker's message: ElectLeaders, AlterPartitionReassignments. */
typedef struct moldau_partition_error_msg {
    int32_t partition_index; /* ElectLeaders' PartitionId */
    int16_t error_code;
    const char *error_message; /* nullable */
} moldau_partition_error_msg_t;

/* Partitions of one topic, by topic id: a heartbeat's assignment (ConsumerGroupHeartbeat,
 * ShareGroupHeartbeat), ConsumerGroupHeartbeat's owned partitions, ShareFetch's forgotten
 * topics. */
typedef struct moldau_topic_id_partitions {
    moldau_uuid_t topic_id;
    const int32_t *partitions;
    int32_t n_partitions;
} moldau_topic_id_partitions_t;

/* The assignment ConsumerGroupHeartbeat and ShareGroupHeartbeat answer with. */
typedef struct moldau_group_heartbeat_assignment {
    moldau_topic_id_partitions_t *topic_partitions;
    int32_t n_topic_partitions;
} moldau_group_heartbeat_assignment_t;

/* What ConsumerGroupHeartbeat and ShareGroupHeartbeat answer (the same fields). */
typedef struct moldau_group_heartbeat_response {
    int32_t throttle_time_ms;
    int16_t error_code;
    const char *error_message; /* nullable */
    const char *member_id;     /* nullable */
    int32_t member_epoch;
    int32_t heartbeat_interval_ms;
    moldau_group_heartbeat_assignment_t *assignment; /* NULL: null (no new one) */
} moldau_group_heartbeat_response_t;

/* What ConsumerGroupDescribe and ShareGroupDescribe ask (the same fields). */
typedef struct moldau_group_describe_request {
    const char *const *group_ids;
    int32_t n_group_ids;
    int include_authorized_operations;
} moldau_group_describe_request_t;

/* Partitions of one topic by id and name, as ConsumerGroupDescribe and ShareGroupDescribe
 * describe a member's assignment. */
typedef struct moldau_group_describe_topic_partitions {
    moldau_uuid_t topic_id;
    const char *topic_name;
    int32_t *partitions;
    int32_t n_partitions;
} moldau_group_describe_topic_partitions_t;

typedef struct moldau_group_describe_assignment {
    moldau_group_describe_topic_partitions_t *topic_partitions;
    int32_t n_topic_partitions;
} moldau_group_describe_assignment_t;

/* ---- framing and headers ----------------------------------------------------------------- */

/* Starts a size-prefixed frame: reserves the 4-byte length and returns its offset. */
size_t moldau_frame_begin(moldau_buf_t *w);
/* Writes the length of everything after the prefix at `at`. */
void moldau_frame_end(moldau_buf_t *w, size_t at);

/* Request header v1 (classic) or v2 (flexible), chosen from the API and version. client_id
 * stays a classic nullable string even in v2, so any broker can read it. */
moldau_err_t moldau_request_header_write(moldau_buf_t *w, int16_t api_key, int16_t version,
                                         int32_t correlation_id, const char *client_id);
int moldau_request_header_version(int16_t api_key, int16_t version);
/* Response header v0 or v1; ApiVersions responses always use v0 (KIP-511). */
int moldau_response_header_version(int16_t api_key, int16_t version);
moldau_err_t moldau_response_header_read(moldau_reader_t *r, int16_t api_key, int16_t version,
                                         int32_t *correlation_id);

#ifdef __cplusplus
}
#endif
#endif
