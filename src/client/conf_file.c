/* Java-style .properties files (java.util.Properties.load): logical lines with backslash
 * continuations, # and ! comments, key/value separated by '=', ':' or whitespace, and escapes.
 * Applications keep their Kafka settings in such files; reading them the same way means the
 * same file configures moldau and the Java client alike. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/conf.h"

typedef struct text {
    char *p;
    size_t len, cap;
} text_t;

static int text_put(text_t *t, char c)
{
    if (t->len + 1 >= t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 128;
        char *p = realloc(t->p, cap);
        if (!p)
            return -1;
        t->p = p;
        t->cap = cap;
    }
    t->p[t->len++] = c;
    t->p[t->len] = '\0';
    return 0;
}

/* UTF-8 for a \uXXXX escape. */
static int text_put_utf8(text_t *t, unsigned cp)
{
    if (cp < 0x80)
        return text_put(t, (char)cp);
    if (cp < 0x800)
        return text_put(t, (char)(0xc0 | (cp >> 6))) | text_put(t, (char)(0x80 | (cp & 0x3f)));
    return text_put(t, (char)(0xe0 | (cp >> 12))) |
           text_put(t, (char)(0x80 | ((cp >> 6) & 0x3f))) |
           text_put(t, (char)(0x80 | (cp & 0x3f)));
}

/* Reads one logical line (continuations joined, their leading blanks dropped, the trailing
 * backslash removed). Returns 0 at end of file, -1 when out of memory, else 1. *lines counts
 * the physical lines consumed. */
static int read_logical_line(FILE *f, text_t *line, int *lines)
{
    line->len = 0;
    if (line->p)
        line->p[0] = '\0';
    int c, got = 0, skipping_blanks = 0;
    for (;;) {
        c = fgetc(f);
        if (c == EOF)
            return got || line->len ? 1 : 0;
        got = 1;
        if (c == '\r')
            continue;
        if (skipping_blanks && (c == ' ' || c == '\t' || c == '\f'))
            continue;
        skipping_blanks = 0;
        if (c == '\n') {
            (*lines)++;
            size_t bs = 0; /* an odd number of trailing backslashes continues the line */
            while (bs < line->len && line->p[line->len - 1 - bs] == '\\')
                bs++;
            if (bs % 2 == 1) {
                line->len--;
                line->p[line->len] = '\0';
                skipping_blanks = 1;
                continue;
            }
            return 1;
        }
        if (text_put(line, (char)c))
            return -1;
    }
}

/* Appends s[*i..] up to an unescaped terminator (for keys) or the end, unescaping. */
static int unescape(const char *s, size_t *i, text_t *out, int is_key)
{
    while (s[*i]) {
        char c = s[*i];
        if (is_key && (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f'))
            return 0;
        (*i)++;
        if (c != '\\') {
            if (text_put(out, c))
                return -1;
            continue;
        }
        c = s[*i];
        if (!c)
            return 0;
        (*i)++;
        int r;
        switch (c) {
        case 't': r = text_put(out, '\t'); break;
        case 'n': r = text_put(out, '\n'); break;
        case 'r': r = text_put(out, '\r'); break;
        case 'f': r = text_put(out, '\f'); break;
        case 'u': {
            unsigned cp = 0;
            int k;
            for (k = 0; k < 4 && isxdigit((unsigned char)s[*i]); k++, (*i)++)
                cp = cp * 16 + (unsigned)(isdigit((unsigned char)s[*i])
                                              ? s[*i] - '0'
                                              : tolower((unsigned char)s[*i]) - 'a' + 10);
            if (k < 4)
                return -2; /* malformed \u escape */
            r = text_put_utf8(out, cp);
            break;
        }
        default: r = text_put(out, c);
        }
        if (r)
            return -1;
    }
    return 0;
}

moldau_err_t moldau_conf_load_file(moldau_conf_t *conf, const char *path, char *errstr,
                                   size_t errstr_size)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errstr && errstr_size)
            snprintf(errstr, errstr_size, "%s: cannot open: %m", path);
        return MOLDAU_ERR__BAD_CONF;
    }
    text_t line = {0}, key = {0}, value = {0};
    moldau_err_t err = MOLDAU_ERR_NONE;
    int lineno = 0, r;
    while ((r = read_logical_line(f, &line, &lineno)) > 0) {
        int start_line = lineno;
        size_t i = 0;
        const char *s = line.p ? line.p : "";
        while (s[i] == ' ' || s[i] == '\t' || s[i] == '\f')
            i++;
        if (!s[i] || s[i] == '#' || s[i] == '!')
            continue;
        key.len = 0;
        value.len = 0;
        int u1 = unescape(s, &i, &key, 1);
        while (s[i] == ' ' || s[i] == '\t' || s[i] == '\f')
            i++;
        if (s[i] == '=' || s[i] == ':')
            i++;
        while (s[i] == ' ' || s[i] == '\t' || s[i] == '\f')
            i++;
        int u2 = unescape(s, &i, &value, 0);
        if (u1 == -1 || u2 == -1 || text_put(&key, '\0') || text_put(&value, '\0')) {
            err = MOLDAU_ERR__NO_MEMORY;
            break;
        }
        if (u1 == -2 || u2 == -2) {
            if (errstr && errstr_size)
                snprintf(errstr, errstr_size, "%s:%d: malformed \\uXXXX escape", path,
                         start_line);
            err = MOLDAU_ERR__BAD_CONF;
            break;
        }
        char msg[256];
        if ((err = moldau_conf_set(conf, key.p, value.p, msg, sizeof(msg)))) {
            if (errstr && errstr_size)
                snprintf(errstr, errstr_size, "%s:%d: %s", path, start_line, msg);
            break;
        }
    }
    if (r < 0)
        err = MOLDAU_ERR__NO_MEMORY;
    free(line.p);
    free(key.p);
    free(value.p);
    fclose(f);
    return err;
}
