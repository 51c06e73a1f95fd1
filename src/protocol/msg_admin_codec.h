/* Shared steps of the admin-message codecs (msg_admin.h): version checks, the checks every
 * encoder makes on strings and arrays, and the decoding of strings and arrays into the arena.
 * An encoder collects problems in a sticky flag and reports once at the end, as the writer and
 * reader do, so a codec reads as a plain list of the schema's fields. */
#ifndef MOLDAU_PROTOCOL_MSG_ADMIN_CODEC_H
#define MOLDAU_PROTOCOL_MSG_ADMIN_CODEC_H

#include <string.h>

#include "moldau/protocol.h"

typedef struct moldau__adm_enc {
    moldau_buf_t *w;
    size_t start; /* where this message began: the writer is cut back there on error */
    int flex;
    int bad;      /* sticky: the request cannot be encoded as given */
} moldau__adm_enc_t;

/* Starts encoding `version` of API `key`; MOLDAU_ERR__UNSUPPORTED_VERSION outside the table. */
moldau_err_t moldau__adm_enc_begin(moldau__adm_enc_t *e, moldau_buf_t *w, int16_t key,
                                   int16_t version);
/* Ends it: MOLDAU_ERR__INVALID_ARG or _NO_MEMORY (and the writer cut back), or none. */
moldau_err_t moldau__adm_enc_end(moldau__adm_enc_t *e);
/* Marks the request unencodable when `cond` holds (a value the version cannot carry). */
void moldau__adm_refuse_if(moldau__adm_enc_t *e, int cond);

void moldau__adm_w_str(moldau__adm_enc_t *e, const char *s);  /* non-nullable */
void moldau__adm_w_nstr(moldau__adm_enc_t *e, const char *s); /* nullable */
/* Writes an array's length and returns how many elements to write next (0 for null or for a
 * refused array). A positive count with a NULL pointer is refused. */
int32_t moldau__adm_w_array(moldau__adm_enc_t *e, const void *elems, int32_t n, int nullable);
void moldau__adm_w_str_array(moldau__adm_enc_t *e, const char *const *v, int32_t n,
                             int nullable);
void moldau__adm_w_i32_array(moldau__adm_enc_t *e, const int32_t *v, int32_t n);
/* The empty tag section that ends a struct in flexible versions. */
void moldau__adm_w_tags(moldau__adm_enc_t *e);

typedef struct moldau__adm_dec {
    moldau_reader_t *r;
    moldau_arena_t *a;
    int flex;
    size_t min_str;   /* fewest bytes a string (or bytes) field takes: 2 classic, 1 compact */
    size_t min_arr;   /* fewest bytes an array field takes: 4 classic, 1 compact */
    size_t min_tags;  /* the tag section: 0 classic, 1 compact */
} moldau__adm_dec_t;

/* MOLDAU_ERR__UNSUPPORTED_VERSION outside the table; otherwise fills d. */
moldau_err_t moldau__adm_dec_begin(moldau__adm_dec_t *d, moldau_reader_t *r, moldau_arena_t *a,
                                   int16_t key, int16_t version);
moldau_err_t moldau__adm_dec_end(const moldau__adm_dec_t *d);

const char *moldau__adm_r_str(moldau__adm_dec_t *d);  /* a null fails the reader */
const char *moldau__adm_r_nstr(moldau__adm_dec_t *d); /* NULL for null */
moldau_bytes_t moldau__adm_r_bytes(moldau__adm_dec_t *d); /* a null fails the reader */
/* Reads an array's length and allocates its zeroed elements in the arena. Returns NULL for a
 * null array (*n = -1; fails the reader unless nullable) or on failure (*n = 0). min_elem is a
 * lower bound on one element's encoded size: it bounds the allocation by the input's size. */
void *moldau__adm_r_array(moldau__adm_dec_t *d, int nullable, size_t min_elem, size_t elem_size,
                          int32_t *n);
const char **moldau__adm_r_str_array(moldau__adm_dec_t *d, int nullable, int32_t *n);
/* Skips a tag section in flexible versions (every tag is unknown to the caller). */
void moldau__adm_r_tags(moldau__adm_dec_t *d);

#endif
