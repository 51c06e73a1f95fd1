/* The one set of helpers every message codec (src/protocol/msg_*.c, consumer_protocol.c) uses on
 * top of the primitives of moldau/protocol.h. They add what the schemas ask for and the
 * primitives do not know: nullability, arrays allocated in the arena, tag sections only in
 * flexible versions, and one place that turns the sticky flags into the codec's return value.
 * An encoder or decoder thus reads as the plain list of the schema's fields, and checks once.
 *
 * Rules, the same for every message:
 *  Encoding (moldau__enc_*). The writer grows as usual; a value that cannot be written sets
 *  `bad`, and moldau__enc_end() then gives MOLDAU_ERR__INVALID_ARG. Refused:
 *   - NULL for a string, or a negative bytes length or array count, where the version has no
 *     null (the helpers without "n");
 *   - an array with n > 0 and a NULL pointer, bytes with len > 0 and NULL data;
 *   - a string longer than 32767 bytes (the classic int16 length is Kafka's limit in compact
 *     versions too, and Java refuses it as well);
 *   - a non-default value in a non-ignorable field the version cannot carry: each message
 *     decides which (moldau__enc_refuse_if), and says why where it does.
 *  Ignorable fields absent from a version are simply not written. On MOLDAU_ERR__INVALID_ARG
 *  and on MOLDAU_ERR__NO_MEMORY alike the writer's length is put back where the message began
 *  (INVALID_ARG wins when both happened: it is the caller's mistake, and repeatable). The
 *  writer's buffer is allocated even for an empty body, so callers may hand w->data to
 *  memcpy/memcmp.
 *  Decoding (moldau__dec_*). Everything fails the reader (sticky), and moldau__dec_end() gives
 *  MOLDAU_ERR__BAD_MSG for malformed input or MOLDAU_ERR__NO_MEMORY when the arena ran out.
 *   - A null where the version has none is malformed (the Java reader's rule). A message that
 *     must tolerate a specific broker's quirk does so locally, with a comment saying which.
 *   - Array counts are bounded by the bytes left at a minimum encoded size per element, so a
 *     hostile count cannot make a large allocation. Arrays live in the arena, zeroed; an empty
 *     or null array is a NULL pointer (count 0, or -1 for null).
 *   - Tag sections are read in flexible versions only; unknown tags are skipped.
 */
#ifndef MOLDAU_SRC_PROTOCOL_CODEC_H
#define MOLDAU_SRC_PROTOCOL_CODEC_H

#include <string.h>

#include "moldau/protocol.h"

/* Non-zero when moldau speaks `version` of the API (the table in src/protocol/api.c). */
int moldau__version_ok(int16_t api_key, int16_t version);

/* ---- encoding ---------------------------------------------------------------------------- */

typedef struct moldau__enc {
    moldau_buf_t *w;
    size_t start; /* w->len when the message began: the writer is cut back there on error */
    int flex;     /* compact forms and tag sections */
    int bad;      /* sticky: the request cannot be encoded as given */
} moldau__enc_t;

/* Starts a message body: MOLDAU_ERR__UNSUPPORTED_VERSION outside moldau's range for the API
 * (src/protocol/api.c), else MOLDAU_ERR_NONE. */
moldau_err_t moldau__enc_begin(moldau__enc_t *e, moldau_buf_t *w, int16_t api_key,
                               int16_t version);
/* The same without an API (the consumer protocol payloads): the caller checks the version. */
void moldau__enc_init(moldau__enc_t *e, moldau_buf_t *w, int flex);
/* MOLDAU_ERR_NONE, or INVALID_ARG / NO_MEMORY with the writer cut back (see above). */
moldau_err_t moldau__enc_end(moldau__enc_t *e);

/* A value the version cannot carry, where dropping it would change the request's meaning. */
static inline void moldau__enc_refuse_if(moldau__enc_t *e, int cond)
{
    if (cond)
        e->bad = 1;
}

static inline void moldau__enc_nstr(moldau__enc_t *e, const char *s) /* NULL = null */
{
    if (s && strlen(s) > INT16_MAX) {
        e->bad = 1;
        return;
    }
    moldau_w_string(e->w, s, e->flex);
}

static inline void moldau__enc_str(moldau__enc_t *e, const char *s) /* NULL refused */
{
    if (!s) {
        e->bad = 1;
        return;
    }
    moldau__enc_nstr(e, s);
}

static inline void moldau__enc_nbytes(moldau__enc_t *e, moldau_bytes_t b) /* len < 0 = null */
{
    if (b.len > 0 && !b.data) {
        e->bad = 1;
        return;
    }
    moldau_w_bytes(e->w, b, e->flex);
}

static inline void moldau__enc_bytes(moldau__enc_t *e, moldau_bytes_t b) /* null refused */
{
    if (b.len < 0) {
        e->bad = 1;
        return;
    }
    moldau__enc_nbytes(e, b);
}

/* An array's length (n < 0 = null). Returns how many elements the caller writes next: n, or 0
 * for a null or refused array. */
static inline int32_t moldau__enc_narr(moldau__enc_t *e, const void *elems, int32_t n)
{
    if (n > 0 && !elems) {
        e->bad = 1;
        return 0;
    }
    moldau_w_array_len(e->w, n, e->flex);
    return n > 0 ? n : 0;
}

static inline int32_t moldau__enc_arr(moldau__enc_t *e, const void *elems, int32_t n)
{
    if (n < 0) {
        e->bad = 1;
        return 0;
    }
    return moldau__enc_narr(e, elems, n);
}

/* Non-nullable arrays of int32 and of non-nullable strings. */
void moldau__enc_i32_arr(moldau__enc_t *e, const int32_t *v, int32_t n);
void moldau__enc_str_arr(moldau__enc_t *e, const char *const *v, int32_t n);

/* The empty tag section that ends a struct in flexible versions. */
static inline void moldau__enc_tags(moldau__enc_t *e)
{
    if (e->flex)
        moldau_w_tags_none(e->w);
}

/* ---- decoding ---------------------------------------------------------------------------- */

typedef struct moldau__dec {
    moldau_reader_t *r;
    moldau_arena_t *a;
    int16_t version;
    int flex;
    int nomem;       /* the arena ran out (the reader is failed too) */
    size_t min_str;  /* fewest bytes a string or bytes field takes: 2 classic, 1 compact */
    size_t min_arr;  /* fewest bytes an array takes: 4 classic, 1 compact */
    size_t min_tags; /* a tag section: 0 classic, 1 compact */
} moldau__dec_t;

/* Starts decoding: MOLDAU_ERR__UNSUPPORTED_VERSION outside moldau's range for the API. */
moldau_err_t moldau__dec_begin(moldau__dec_t *d, moldau_reader_t *r, moldau_arena_t *a,
                               int16_t api_key, int16_t version);
/* The same without an API (the consumer protocol payloads). */
void moldau__dec_init(moldau__dec_t *d, moldau_reader_t *r, moldau_arena_t *a, int flex,
                      int16_t version);
/* MOLDAU_ERR_NONE, BAD_MSG or NO_MEMORY. */
moldau_err_t moldau__dec_end(const moldau__dec_t *d);

/* Called when moldau_r_string failed: tells an exhausted arena from bad input. */
void moldau__dec_str_failed(moldau__dec_t *d, moldau_reader_t *before);

static inline const char *moldau__dec_nstr(moldau__dec_t *d) /* NULL for null */
{
    moldau_reader_t before = *d->r;
    const char *s = moldau_r_string(d->r, d->a, d->flex);
    if (!s && d->r->err)
        moldau__dec_str_failed(d, &before);
    return s;
}

static inline const char *moldau__dec_str(moldau__dec_t *d) /* a null fails the reader */
{
    const char *s = moldau__dec_nstr(d);
    if (!s)
        moldau_reader_fail(d->r);
    return s;
}

/* Bytes are views into the input (no copy). */
static inline moldau_bytes_t moldau__dec_nbytes(moldau__dec_t *d)
{
    return moldau_r_bytes(d->r, d->flex);
}

static inline moldau_bytes_t moldau__dec_bytes(moldau__dec_t *d) /* a null fails the reader */
{
    moldau_bytes_t b = moldau_r_bytes(d->r, d->flex);
    if (b.len < 0)
        moldau_reader_fail(d->r);
    return b;
}

/* Reads an array's count and allocates its zeroed elements in the arena. *n gets the count
 * (-1 for a null where nullable; 0 on failure); the result is NULL unless *n > 0. min_elem
 * is a lower bound on one element's encoded size. Inline: Fetch decodes one per partition. */
static inline void *moldau__dec_array(moldau__dec_t *d, int nullable, size_t min_elem,
                                      size_t elem_size, int32_t *n)
{
    int32_t len = moldau_r_array_len(d->r, d->flex, min_elem);
    *n = 0;
    if (d->r->err)
        return NULL;
    if (len <= 0) {
        if (len < 0 && nullable)
            *n = -1;
        else if (len < 0)
            moldau_reader_fail(d->r);
        return NULL;
    }
    void *p = moldau_arena_calloc(d->a, (size_t)len, elem_size);
    if (!p) {
        d->nomem = 1;
        moldau_reader_fail(d->r);
        return NULL;
    }
    *n = len;
    return p;
}

static inline void *moldau__dec_arr(moldau__dec_t *d, size_t min_elem, size_t elem_size,
                                    int32_t *n)
{
    return moldau__dec_array(d, 0, min_elem, elem_size, n);
}

static inline void *moldau__dec_narr(moldau__dec_t *d, size_t min_elem, size_t elem_size,
                                     int32_t *n)
{
    return moldau__dec_array(d, 1, min_elem, elem_size, n);
}

/* Non-nullable arrays of int32 and of non-nullable strings. */
int32_t *moldau__dec_i32_arr(moldau__dec_t *d, int32_t *n);
const char **moldau__dec_str_arr(moldau__dec_t *d, int32_t *n);

/* Skips a tag section (flexible versions only): none of its tags is wanted. */
static inline void moldau__dec_tags(moldau__dec_t *d)
{
    if (d->flex)
        moldau_r_tags(d->r, NULL, NULL);
}

/* Reads a tag section (flexible versions only), handing each tagged field to fn as a decoder
 * bounded to the field's bytes, sharing the arena and the version; the fields fn leaves
 * unread are skipped. */
typedef void (*moldau__dec_tag_fn)(moldau__dec_t *field, uint32_t tag, void *ctx);
void moldau__dec_tags_read(moldau__dec_t *d, moldau__dec_tag_fn fn, void *ctx);

static inline void moldau__dec_tags_each(moldau__dec_t *d, moldau__dec_tag_fn fn, void *ctx)
{
    if (d->flex)
        moldau__dec_tags_read(d, fn, ctx);
}

/* ---- shapes several messages share -------------------------------------------------------- */

/* LeaderIdAndEpoch (Produce, Fetch): LeaderId, LeaderEpoch, tags. */
void moldau__dec_leader(moldau__dec_t *d, moldau_leader_id_and_epoch_t *l);
/* NodeEndpoints (Produce, Fetch): NodeId, Host, Port, Rack (nullable), tags. */
moldau_node_endpoint_t *moldau__dec_node_endpoints(moldau__dec_t *d, int32_t *n);
/* A non-nullable array of partition results, in the arena: PartitionIndex, ErrorCode, tags
 * (OffsetCommit, TxnOffsetCommit, OffsetDelete); *n gets the count. */
moldau_partition_error_t *moldau__dec_partition_errors(moldau__dec_t *d, int32_t *n);
/* The same with a nullable ErrorMessage after the code (ElectLeaders,
 * AlterPartitionReassignments). */
moldau_partition_error_msg_t *moldau__dec_partition_error_msgs(moldau__dec_t *d, int32_t *n);
/* An array of topic ids with their partitions, each followed by its tags: ShareFetch's
 * ForgottenTopicsData (nullable 0), ConsumerGroupHeartbeat's TopicPartitions (nullable 1:
 * n < 0 writes null). */
void moldau__enc_topic_id_partitions(moldau__enc_t *e, int nullable,
                                     const moldau_topic_id_partitions_t *v, int32_t n);
/* A heartbeat's Assignment (ConsumerGroupHeartbeat, ShareGroupHeartbeat): TopicPartitions
 * (topic id, partitions, tags), tags; allocated in the arena (NULL when it failed). */
moldau_group_heartbeat_assignment_t *moldau__dec_heartbeat_assignment(moldau__dec_t *d);
/* The body of ConsumerGroupHeartbeat's and ShareGroupHeartbeat's responses, after
 * moldau__dec_begin: the same fields in both. */
void moldau__dec_heartbeat_response(moldau__dec_t *d, moldau_group_heartbeat_response_t *out);
/* The body of ConsumerGroupDescribe's and ShareGroupDescribe's requests, after
 * moldau__enc_begin. */
void moldau__enc_group_describe_request(moldau__enc_t *e,
                                        const moldau_group_describe_request_t *req);
/* A member's Assignment in ConsumerGroupDescribe and ShareGroupDescribe: TopicPartitions
 * (topic id, name, partitions, tags), tags. */
void moldau__dec_describe_assignment(moldau__dec_t *d, moldau_group_describe_assignment_t *as);

#endif
