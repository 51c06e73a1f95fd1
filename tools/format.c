/* Record output of `moldau consume`. */
#include "format.h"

#include <inttypes.h>
#include <string.h>

void fmt_console(fmt_t *f, const cli_t *cli)
{
    memset(f, 0, sizeof(*f));
    f->kind = FMT_CONSOLE;
    f->print_ts = cli_fmt_bool(cli, "print.timestamp", 0);
    f->print_partition = cli_fmt_bool(cli, "print.partition", 0);
    f->print_offset = cli_fmt_bool(cli, "print.offset", 0);
    f->print_headers = cli_fmt_bool(cli, "print.headers", 0);
    f->print_key = cli_fmt_bool(cli, "print.key", 0);
    f->print_value = cli_fmt_bool(cli, "print.value", 1);
    f->key_sep = cli_fmt_prop(cli, "key.separator");
    f->line_sep = cli_fmt_prop(cli, "line.separator");
    f->headers_sep = cli_fmt_prop(cli, "headers.separator");
    f->null_literal = cli_fmt_prop(cli, "null.literal");
    f->key_sep = f->key_sep ? f->key_sep : "\t";
    f->line_sep = f->line_sep ? f->line_sep : "\n";
    f->headers_sep = f->headers_sep ? f->headers_sep : ",";
    f->null_literal = f->null_literal ? f->null_literal : "null";
}

int fmt_format(fmt_t *f, const cli_t *cli, const char *format)
{
    memset(f, 0, sizeof(*f));
    f->kind = FMT_FORMAT;
    f->format = format;
    for (const char *s = format; *s; s++) {
        if (*s == '%') {
            if (!s[1] || !strchr("kspoThtKS%", s[1]))
                return cli_usage_error(cli, "-f: unknown format '%%%.1s' (known: %%k %%s %%p "
                                            "%%o %%T %%h %%t %%K %%S %%%%)", s + 1), -1;
            s++;
        } else if (*s == '\\') {
            if (!s[1] || !strchr("ntr\\", s[1]))
                return cli_usage_error(cli, "-f: unknown escape '\\%.1s' (known: \\n \\t \\r "
                                            "\\\\)", s + 1), -1;
            s++;
        }
    }
    return 0;
}

static void bytes(FILE *out, const void *p, size_t len, const char *null_literal)
{
    if (!p)
        fputs(null_literal, out);
    else
        fwrite(p, 1, len, out);
}

/* The length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xbf; /* the second byte's range */
    if (c >= 0xc2 && c <= 0xdf)
        len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0)
            lo = 0xa0; /* no overlong forms */
        if (c == 0xed)
            hi = 0x9f; /* no surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0)
            lo = 0x90;
        if (c == 0xf4)
            hi = 0x8f; /* nothing above U+10FFFF */
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return len;
}

void fmt_json_string(FILE *out, const void *p, size_t len)
{
    if (!p) {
        fputs("null", out);
        return;
    }
    const unsigned char *s = p;
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        switch (c) {
        case '"': fputs("\\\"", out); continue;
        case '\\': fputs("\\\\", out); continue;
        case '\n': fputs("\\n", out); continue;
        case '\r': fputs("\\r", out); continue;
        case '\t': fputs("\\t", out); continue;
        case '\b': fputs("\\b", out); continue;
        case '\f': fputs("\\f", out); continue;
        }
        if (c < 0x20) {
            fprintf(out, "\\u%04x", c);
        } else if (c < 0x80) {
            fputc(c, out);
        } else {
            size_t n = utf8_len(s + i, len - i);
            if (n) {
                fwrite(s + i, 1, n, out);
                i += n - 1;
            } else {
                fprintf(out, "\\u%04x", c);
            }
        }
    }
    fputc('"', out);
}

static void write_json(const moldau_consumer_record_t *r, FILE *out)
{
    fputs("{\"topic\":", out);
    fmt_json_string(out, r->topic, strlen(r->topic));
    fprintf(out, ",\"partition\":%" PRId32 ",\"offset\":%" PRId64 ",\"timestamp\":%" PRId64
                 ",\"timestamp_type\":%s,\"key\":",
            r->partition, r->offset, r->timestamp,
            r->timestamp_type == MOLDAU_TIMESTAMP_CREATE_TIME       ? "\"CreateTime\""
            : r->timestamp_type == MOLDAU_TIMESTAMP_LOG_APPEND_TIME ? "\"LogAppendTime\""
                                                                    : "null");
    fmt_json_string(out, r->key, r->key_len);
    fputs(",\"value\":", out);
    fmt_json_string(out, r->value, r->value_len);
    fputs(",\"headers\":[", out);
    for (size_t i = 0; i < r->n_headers; i++) {
        fputs(i ? ",{\"key\":" : "{\"key\":", out);
        fmt_json_string(out, r->headers[i].key, r->headers[i].key_len);
        fputs(",\"value\":", out);
        fmt_json_string(out, r->headers[i].value, r->headers[i].value_len);
        fputc('}', out);
    }
    fputs("]}\n", out);
}

/* kafka-console-consumer's layout: each printed field followed by key.separator when
 * another follows, the last by line.separator. */
static void write_console(const fmt_t *f, const moldau_consumer_record_t *r, FILE *out)
{
    int more[6] = {0};
    const int on[6] = {f->print_ts, f->print_partition, f->print_offset, f->print_headers,
                       f->print_key, f->print_value};
    for (int i = 4; i >= 0; i--)
        more[i] = more[i + 1] || on[i + 1];
#define SEP(i) fputs(more[i] ? f->key_sep : f->line_sep, out)
    if (f->print_ts) {
        if (r->timestamp_type == MOLDAU_TIMESTAMP_NONE)
            fputs("NO_TIMESTAMP", out);
        else
            fprintf(out, "%s:%" PRId64,
                    r->timestamp_type == MOLDAU_TIMESTAMP_LOG_APPEND_TIME ? "LogAppendTime"
                                                                          : "CreateTime",
                    r->timestamp);
        SEP(0);
    }
    if (f->print_partition) {
        fprintf(out, "Partition:%" PRId32, r->partition);
        SEP(1);
    }
    if (f->print_offset) {
        fprintf(out, "Offset:%" PRId64, r->offset);
        SEP(2);
    }
    if (f->print_headers) {
        if (!r->n_headers)
            fputs("NO_HEADERS", out);
        for (size_t i = 0; i < r->n_headers; i++) {
            fwrite(r->headers[i].key, 1, r->headers[i].key_len, out);
            fputc(':', out);
            bytes(out, r->headers[i].value, r->headers[i].value_len, f->null_literal);
            if (i + 1 < r->n_headers)
                fputs(f->headers_sep, out);
        }
        SEP(3);
    }
    if (f->print_key) {
        bytes(out, r->key, r->key_len, f->null_literal);
        SEP(4);
    }
    if (f->print_value) {
        bytes(out, r->value, r->value_len, f->null_literal);
        fputs(f->line_sep, out);
    }
#undef SEP
}

static void write_format(const fmt_t *f, const moldau_consumer_record_t *r, FILE *out)
{
    for (const char *s = f->format; *s; s++) {
        if (*s == '\\') {
            s++;
            fputc(*s == 'n' ? '\n' : *s == 't' ? '\t' : *s == 'r' ? '\r' : '\\', out);
            continue;
        }
        if (*s != '%') {
            fputc(*s, out);
            continue;
        }
        switch (*++s) {
        case 'k': bytes(out, r->key, r->key_len, ""); break;
        case 's': bytes(out, r->value, r->value_len, ""); break;
        case 'p': fprintf(out, "%" PRId32, r->partition); break;
        case 'o': fprintf(out, "%" PRId64, r->offset); break;
        case 'T': fprintf(out, "%" PRId64, r->timestamp); break;
        case 't': fputs(r->topic, out); break;
        case 'K': fprintf(out, "%lld", r->key ? (long long)r->key_len : -1LL); break;
        case 'S': fprintf(out, "%lld", r->value ? (long long)r->value_len : -1LL); break;
        case '%': fputc('%', out); break;
        case 'h':
            for (size_t i = 0; i < r->n_headers; i++) {
                if (i)
                    fputc(',', out);
                fwrite(r->headers[i].key, 1, r->headers[i].key_len, out);
                fputc('=', out);
                bytes(out, r->headers[i].value, r->headers[i].value_len, "");
            }
            break;
        }
    }
}

void fmt_write(const fmt_t *f, const moldau_consumer_record_t *r, FILE *out)
{
    switch (f->kind) {
    case FMT_CONSOLE: write_console(f, r, out); break;
    case FMT_FORMAT: write_format(f, r, out); break;
    case FMT_JSON: write_json(r, out); break;
    }
}

void fmt_json_cstr(FILE *out, const char *s) { fmt_json_string(out, s, s ? strlen(s) : 0); }
