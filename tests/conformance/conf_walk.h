/*
 * The conformance harness's engine: walks a descriptor's field table beside the schema's view of
 * the same message (a case file's "fields") to fill a C struct from a case's values, or to
 * compare a decoded C struct with them. Mismatches go to a report, never to stdout directly, so
 * one failing case prints all its differences at once.
 */
#ifndef MOLDAU_TEST_CONF_WALK_H
#define MOLDAU_TEST_CONF_WALK_H

#include <cjson/cJSON.h>

#include "desc.h"

typedef struct conf_report {
    char text[8192];
    size_t len;
    int n_errors;
} conf_report_t;

/* Appends one line (only the first lines fit; n_errors counts all). */
void conf_report_add(conf_report_t *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends a line of detail that is not a problem of its own. */
void conf_report_note(conf_report_t *rep, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Fills the zeroed struct at `base` from `value` (the case's object for this struct); fields
 * absent from the version (or missing from `value`) get the schema default. `spec` is the
 * case's array of field specs. Strings, bytes and arrays are allocated in `a`. */
void conf_fill(conf_report_t *rep, moldau_arena_t *a, const conf_field_t *desc,
               const cJSON *spec, const cJSON *value, void *base, const char *path);

/* Compares the decoded struct at `base` with `value`; fields absent from the version must hold
 * the schema default (NULL and "" strings alike, absent arrays with count 0 or -1). Tagged
 * fields are compared when described, ignored otherwise. */
void conf_compare(conf_report_t *rep, const conf_field_t *desc, const cJSON *spec,
                  const cJSON *value, const void *base, const char *path);

/* Hex helpers: decode into `out` (len/2 bytes); returns -1 on a malformed string. */
int conf_unhex(const char *hex, uint8_t *out, size_t cap, size_t *len);

#endif
