/*
 * moldau — configuration.
 *
 * String properties with Kafka's own names and defaults (the Java client's, or librdkafka's
 * where Java has none), set one by one or loaded from a Java-style .properties file. An unknown
 * name or a bad value is an error that names the property; nothing is silently ignored. The
 * list of properties is in docs/configuration.md (generated from the table in the code).
 */
#ifndef MOLDAU_CONF_H
#define MOLDAU_CONF_H

#include <stddef.h>

#include "moldau/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct moldau_conf moldau_conf_t;

/* A configuration holding every default. Returns NULL only when out of memory.
 * The caller owns it: free with moldau_conf_destroy(), or hand it to a constructor that says it
 * takes it over. */
moldau_conf_t *moldau_conf_new(void);
void moldau_conf_destroy(moldau_conf_t *conf);
/* A deep copy (the caller owns it), or NULL when out of memory. */
moldau_conf_t *moldau_conf_dup(const moldau_conf_t *conf);

/* Sets `name` to `value` (copied). On error returns MOLDAU_ERR__BAD_CONF and writes a sentence
 * naming the property and what is wrong into errstr (if not NULL), e.g.
 *   linger.ms: "abc" is not an integer  /  No such configuration property: "lingr.ms" */
moldau_err_t moldau_conf_set(moldau_conf_t *conf, const char *name, const char *value,
                             char *errstr, size_t errstr_size);

/* Copies the value of `name` (its default when never set) into dest. *dest_size is the size
 * of dest on entry and the size needed (with the NUL) on return; dest may be NULL to ask.
 * MOLDAU_ERR__BAD_CONF for an unknown name. */
moldau_err_t moldau_conf_get(const moldau_conf_t *conf, const char *name, char *dest,
                             size_t *dest_size);

/* Sets every property of a Java-style .properties file: `name=value`, `name: value` or
 * `name value` lines, # and ! comments, backslash line continuations and escapes (\t \n \r \f
 * \\ \uXXXX). Stops at the first bad line: errstr names the file, line and property. */
moldau_err_t moldau_conf_load_file(moldau_conf_t *conf, const char *path, char *errstr,
                                   size_t errstr_size);

/* The property table, for tools and docs. */
typedef struct moldau_conf_prop_info {
    const char *name;
    const char *type;      /* "string", "int", "bool", "enum", "list" */
    const char *default_value;
    long long min, max;    /* for "int" */
    const char *values;    /* for "enum": the allowed values separated by '|' */
    const char *clients;   /* "*", "producer", "consumer", "admin" */
    const char *doc;
} moldau_conf_prop_info_t;

const moldau_conf_prop_info_t *moldau_conf_props(size_t *n);

#ifdef __cplusplus
}
#endif
#endif
