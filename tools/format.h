/* How `moldau consume` prints a record: Kafka's console-consumer layout (--property print.*),
 * a kcat-style -f format, or one JSON object per line. */
#ifndef MOLDAU_TOOL_FORMAT_H
#define MOLDAU_TOOL_FORMAT_H

#include <stdio.h>

#include "cli.h"

typedef enum fmt_kind { FMT_CONSOLE, FMT_FORMAT, FMT_JSON } fmt_kind_t;

typedef struct fmt {
    fmt_kind_t kind;
    const char *format; /* FMT_FORMAT: the -f string */
    /* FMT_CONSOLE: kafka-console-consumer's print.* and separators */
    int print_ts, print_partition, print_offset, print_headers, print_key, print_value;
    const char *key_sep, *line_sep, *headers_sep, *null_literal;
} fmt_t;

/* The console layout from --property print.timestamp, print.partition, print.offset,
 * print.headers, print.key, print.value, key.separator, line.separator, headers.separator,
 * null.literal. With none given: the value alone, one per line. */
void fmt_console(fmt_t *f, const cli_t *cli);
/* A -f format: %k key, %s value, %p partition, %o offset, %T timestamp (ms), %h headers
 * (name=value,...), %t topic, %K key length, %S value length, %% a '%'; \n \t \r \\ escapes.
 * 0, or -1 after a usage error naming what is wrong. */
int fmt_format(fmt_t *f, const cli_t *cli, const char *format);
/* Writes one record to out. */
void fmt_write(const fmt_t *f, const moldau_consumer_record_t *r, FILE *out);
/* Writes bytes as a JSON string (quoted and escaped), or null for NULL. Bytes that are not
 * UTF-8 are written as \u00XX (their Latin-1 reading), so the output is always valid JSON. */
void fmt_json_string(FILE *out, const void *s, size_t len);
/* The same for a NUL-terminated string (NULL: null). */
void fmt_json_cstr(FILE *out, const char *s);

#endif
