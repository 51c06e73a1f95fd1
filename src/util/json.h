/* A small JSON reader for the few JSON texts a client is handed (OAUTHBEARER's server error):
 * one object's string members, all else checked and skipped. No floating point, no locale. */
#ifndef MOLDAU_UTIL_JSON_H
#define MOLDAU_UTIL_JSON_H

#include <stddef.h>

/* Longest key or value handed to the callback, NUL not counted; longer ones are cut. */
#define MOLDAU__JSON_TEXT_MAX 255

/* key and value are unescaped and NUL-terminated; characters outside printable ASCII become
 * '?'. Both valid only during the call. */
typedef void(moldau__json_member_cb)(const char *key, const char *value, void *opaque);

/* Calls cb for each member of the top-level object whose value is a string, in order; other
 * values (numbers, literals, arrays, objects nested up to 32 deep) are checked and skipped.
 * Returns 0, or -1 when the text is not one well-formed JSON object (cb may have been called
 * for members before the fault). */
int moldau__json_object_strings(const char *in, size_t len, moldau__json_member_cb *cb,
                                void *opaque);

#endif
