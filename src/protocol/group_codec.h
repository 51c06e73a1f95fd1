/* Helpers shared by the consumer-group codecs (msg_find_coordinator.c ... consumer_protocol.c).
 *
 * The encoder side wraps the writer with the version's encoding (classic or compact) and a
 * sticky "bad argument" flag, so an encoder writes all fields straight through and decides once
 * at the end: a NULL in a non-nullable field or a string too long for an int16 length makes
 * the whole request MOLDAU_ERR__INVALID_ARG and the writer is rolled back to where it began.
 *
 * The decoder side does the same for the reader and the arena; every failure (short input,
 * malformed length, null non-nullable array, arena exhausted) fails the reader, and the decoder
 * checks r->err once. */
#ifndef MOLDAU_SRC_PROTOCOL_GROUP_CODEC_H
#define MOLDAU_SRC_PROTOCOL_GROUP_CODEC_H

#include "moldau/protocol.h"

/* Non-zero when moldau speaks `version` of the API (src/protocol/api.c). */
int moldau__grp_version_ok(int16_t api_key, int16_t version);

typedef struct moldau__genc {
    moldau_buf_t *w;
    int flex;     /* the version is flexible: compact forms and tag sections */
    int bad;      /* a value cannot be written */
    size_t start; /* w->len when the encoder began, for the rollback */
} moldau__genc_t;

void moldau__genc_init(moldau__genc_t *e, moldau_buf_t *w, int flex);
/* MOLDAU_ERR_NONE, INVALID_ARG (writer rolled back) or NO_MEMORY. */
moldau_err_t moldau__genc_end(moldau__genc_t *e);

void moldau__gw_str(moldau__genc_t *e, const char *s);  /* non-nullable */
void moldau__gw_nstr(moldau__genc_t *e, const char *s); /* nullable */
void moldau__gw_bytes(moldau__genc_t *e, moldau_bytes_t b);  /* non-nullable */
void moldau__gw_nbytes(moldau__genc_t *e, moldau_bytes_t b); /* nullable */
/* An array's count, checking that the elements can be read: a non-nullable array must have
 * n >= 0, and n > 0 needs a pointer. Returns non-zero when the caller may write n elements. */
int moldau__gw_alen(moldau__genc_t *e, int32_t n, const void *p);
int moldau__gw_nalen(moldau__genc_t *e, int32_t n, const void *p);
void moldau__gw_i32_array(moldau__genc_t *e, const int32_t *p, int32_t n); /* non-nullable */
void moldau__gw_str_array(moldau__genc_t *e, const char *const *p, int32_t n);
/* The empty tag section, in flexible versions only. */
void moldau__gw_tags(moldau__genc_t *e);

typedef struct moldau__gdec {
    moldau_reader_t *r;
    moldau_arena_t *a;
    int flex;
} moldau__gdec_t;

const char *moldau__gr_str(moldau__gdec_t *d); /* nullable or not: NULL for null */
moldau_bytes_t moldau__gr_bytes(moldau__gdec_t *d);
/* A non-nullable array's count (null fails), or a nullable one's (-1 for null). Counts larger
 * than the input could hold at min_elem bytes per element fail. */
int32_t moldau__gr_alen(moldau__gdec_t *d, size_t min_elem);
int32_t moldau__gr_nalen(moldau__gdec_t *d, size_t min_elem);
/* Zeroed room for n elements in the arena (NULL for n <= 0); failure fails the reader. */
void *moldau__gr_alloc(moldau__gdec_t *d, int32_t n, size_t size);
int32_t *moldau__gr_i32_array(moldau__gdec_t *d, int32_t *n);            /* non-nullable */
const char **moldau__gr_str_array(moldau__gdec_t *d, int32_t *n);        /* non-nullable */
/* Skips a tag section (none of these messages has tagged fields), flexible versions only. */
void moldau__gr_tags(moldau__gdec_t *d);

/* The smallest encoding of a string and of an array count in the version's form, to bound
 * array counts before allocating. */
#define MOLDAU__GR_MIN_STR(d) ((d)->flex ? 1u : 2u)
#define MOLDAU__GR_MIN_ARR(d) ((d)->flex ? 1u : 4u)

#endif
