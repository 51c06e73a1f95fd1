/* A JSON object's string members (see json.h): a recursive-descent checker with a depth bound. */
#include "util/json.h"

#include <string.h>

#define MAX_DEPTH 32

typedef struct json_rd {
    const char *p, *end;
} json_rd_t;

static void skip_ws(json_rd_t *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A string at r->p (the opening quote); its text into out (NULL: only checked). */
static int read_string(json_rd_t *r, char out[MOLDAU__JSON_TEXT_MAX + 1])
{
    size_t n = 0;
    if (r->p >= r->end || *r->p != '"')
        return -1;
    r->p++;
    for (;;) {
        if (r->p >= r->end)
            return -1;
        unsigned char c = (unsigned char)*r->p++;
        if (c == '"')
            break;
        if (c < 0x20)
            return -1;
        if (c == '\\') {
            if (r->p >= r->end)
                return -1;
            char e = *r->p++;
            switch (e) {
            case '"': case '\\': case '/': c = (unsigned char)e; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u': {
                unsigned v = 0;
                for (int i = 0; i < 4; i++) {
                    int h = r->p < r->end ? hex(*r->p) : -1;
                    if (h < 0)
                        return -1;
                    v = v << 4 | (unsigned)h;
                    r->p++;
                }
                c = v < 0x80 ? (unsigned char)v : 0x80;
                break;
            }
            default:
                return -1;
            }
        }
        if (out && n < MOLDAU__JSON_TEXT_MAX)
            out[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (out)
        out[n] = 0;
    return 0;
}

static int skip_literal(json_rd_t *r, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
        return -1;
    r->p += n;
    return 0;
}

/* JSON's number grammar, checked only (never converted). */
static int skip_number(json_rd_t *r)
{
    const char *start = r->p;
    if (r->p < r->end && *r->p == '-')
        r->p++;
    const char *digits = r->p;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
        r->p++;
    if (r->p == digits || (*digits == '0' && r->p - digits > 1))
        return -1;
    if (r->p < r->end && *r->p == '.') {
        digits = ++r->p;
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
        if (r->p == digits)
            return -1;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            r->p++;
        digits = r->p;
        while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
            r->p++;
        if (r->p == digits)
            return -1;
    }
    return r->p > start ? 0 : -1;
}

static int skip_value(json_rd_t *r, int depth);

/* An object or array at r->p; members of the top object go to cb. */
static int read_container(json_rd_t *r, int depth, moldau__json_member_cb *cb, void *opaque)
{
    if (depth > MAX_DEPTH)
        return -1;
    char close = *r->p == '{' ? '}' : ']';
    r->p++;
    skip_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        return 0;
    }
    char key[MOLDAU__JSON_TEXT_MAX + 1], value[MOLDAU__JSON_TEXT_MAX + 1];
    for (;;) {
        skip_ws(r);
        if (close == '}') {
            if (read_string(r, key))
                return -1;
            skip_ws(r);
            if (r->p >= r->end || *r->p++ != ':')
                return -1;
            skip_ws(r);
            if (cb && r->p < r->end && *r->p == '"') {
                if (read_string(r, value))
                    return -1;
                cb(key, value, opaque);
            } else if (skip_value(r, depth)) {
                return -1;
            }
        } else if (skip_value(r, depth)) {
            return -1;
        }
        skip_ws(r);
        if (r->p >= r->end)
            return -1;
        char c = *r->p++;
        if (c == close)
            return 0;
        if (c != ',')
            return -1;
    }
}

static int skip_value(json_rd_t *r, int depth)
{
    if (r->p >= r->end)
        return -1;
    switch (*r->p) {
    case '{':
    case '[': return read_container(r, depth + 1, NULL, NULL);
    case '"': return read_string(r, NULL);
    case 't': return skip_literal(r, "true");
    case 'f': return skip_literal(r, "false");
    case 'n': return skip_literal(r, "null");
    default: return skip_number(r);
    }
}

int moldau__json_object_strings(const char *in, size_t len, moldau__json_member_cb *cb,
                                void *opaque)
{
    json_rd_t r = {in, in + len};
    skip_ws(&r);
    if (r.p >= r.end || *r.p != '{' || read_container(&r, 1, cb, opaque))
        return -1;
    skip_ws(&r);
    return r.p == r.end ? 0 : -1;
}
