/*
 * moldau — configuration.
 *
 * String properties with Kafka's own names and defaults (the Java client's, or librdkafka's
 * where Java has none), set one by one or loaded from a Java-style .properties file. An unknown
 * name or a bad value is an error that names the property; nothing is silently ignored. The
 * list of properties is in docs/configuration.md (generated from the table in the code).
 *
 * Threads: a configuration is a plain value with no lock. Calls that change it (set, load_file,
 * the set_*_cb setters) must not run concurrently with any other use of the same
 * configuration; calls that only read it (get, dup, and the constructors, which copy it) may
 * run from several threads at once. moldau_conf_props() may be called from any thread.
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
/* Frees a configuration and its values. NULL is ignored. */
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
 * MOLDAU_ERR__BAD_CONF for an unknown name. Secrets (passwords, private keys) read as
 * "[hidden]" once set. */
moldau_err_t moldau_conf_get(const moldau_conf_t *conf, const char *name, char *dest,
                             size_t *dest_size);

/* Sets every property of a Java-style .properties file: `name=value`, `name: value` or
 * `name value` lines, # and ! comments, backslash line continuations and escapes (\t \n \r \f
 * \\ \uXXXX). Stops at the first bad line: errstr names the file, line and property. */
moldau_err_t moldau_conf_load_file(moldau_conf_t *conf, const char *path, char *errstr,
                                   size_t errstr_size);

/* ---- callbacks ----------------------------------------------------------------------------
 * Application callbacks are only ever called from the application's own calls into moldau
 * (poll, flush, close, ...), never from moldau's I/O thread. */

typedef struct moldau_client moldau_client_t;

/* A log line. level is syslog's (3 error, 4 warning, 6 info, 7 debug). Without a log callback
 * lines at or below log.level go to stderr at once, from whichever thread logs. */
typedef void(moldau_log_cb)(moldau_client_t *client, int level, const char *facility,
                            const char *message, void *opaque);
/* An error that concerns the client as a whole (e.g. all brokers down), not one record.
 * The client given to these two callbacks is the handle the callback was configured on: a
 * client made with moldau_client_new(), or the borrowed client of a producer (or consumer, or
 * admin client), with the calls moldau/client.h allows on borrowed clients. */
typedef void(moldau_error_cb)(moldau_client_t *client, moldau_err_t err, const char *reason,
                              void *opaque);

/* Set (or, with NULL, clear) the log and the error callback of clients made from conf. */
void moldau_conf_set_log_cb(moldau_conf_t *conf, moldau_log_cb *cb);
void moldau_conf_set_error_cb(moldau_conf_t *conf, moldau_error_cb *cb);
/* The opaque passed to the callbacks above (and to the producer's and consumer's). */
void moldau_conf_set_opaque(moldau_conf_t *conf, void *opaque);

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

/* Every property moldau knows, *n of them, in the table's order. Static storage: never freed
 * or changed. */
const moldau_conf_prop_info_t *moldau_conf_props(size_t *n);

#ifdef __cplusplus
}
#endif
#endif
