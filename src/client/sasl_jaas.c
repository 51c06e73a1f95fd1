/* sasl.jaas.config's syntax (see sasl_jaas.h):
 *   Module.Class.Name (required|requisite|sufficient|optional) [key=value]... ;
 * values bare words or quoted with " or ' (backslash escapes the next character). */
#include "client/sasl_jaas.h"

#include <stdlib.h>
#include <string.h>

#include "util/errstr.h"

static void skip_ws(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
        (*p)++;
}

static int is_word(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c == '$' || c == '-';
}

static char *word(const char **p)
{
    const char *s = *p;
    while (is_word(**p))
        (*p)++;
    return *p > s ? strndup(s, (size_t)(*p - s)) : NULL;
}

/* A quoted value at *p (the quote), unescaped; NULL when it does not end. */
static char *quoted(const char **p)
{
    char q = *(*p)++;
    size_t cap = strlen(*p) + 1, n = 0;
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (;;) {
        char c = *(*p)++;
        if (!c) {
            explicit_bzero(out, cap);
            free(out);
            (*p)--;
            return NULL;
        }
        if (c == q)
            break;
        if (c == '\\' && **p) {
            c = *(*p)++;
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
        }
        out[n++] = c;
    }
    out[n] = 0;
    return out;
}

static int add(moldau__jaas_t *j, char *key, char *value)
{
    char **o = realloc(j->options, (j->n + 2) * sizeof(*o));
    if (!o)
        return -1;
    j->options = o;
    o[j->n++] = key;
    o[j->n++] = value;
    return 0;
}

static void wipe_free(char *s)
{
    if (s) {
        explicit_bzero(s, strlen(s));
        free(s);
    }
}

int moldau__jaas_parse(const char *text, moldau__jaas_t *j, char *errstr, size_t errstr_size)
{
    memset(j, 0, sizeof(*j));
    const char *p = text;
    skip_ws(&p);
    if (!(j->module = word(&p))) {
        moldau__errstr_set(errstr, errstr_size,
                           "sasl.jaas.config: expected a login module's class name at offset %zu",
                           (size_t)(p - text));
        return -1;
    }
    skip_ws(&p);
    char *flag = word(&p);
    int flag_ok = flag && (!strcmp(flag, "required") || !strcmp(flag, "requisite") ||
                           !strcmp(flag, "sufficient") || !strcmp(flag, "optional"));
    free(flag);
    if (!flag_ok) {
        moldau__errstr_set(errstr, errstr_size,
                           "sasl.jaas.config: expected required, requisite, sufficient or "
                           "optional after %s (offset %zu)", j->module, (size_t)(p - text));
        return -1;
    }
    for (;;) {
        skip_ws(&p);
        if (*p == ';')
            break;
        size_t at = (size_t)(p - text);
        char *key = word(&p);
        skip_ws(&p);
        if (!key || *p != '=') {
            free(key);
            moldau__errstr_set(errstr, errstr_size, "sasl.jaas.config: expected key=value or "
                                                    "';' at offset %zu", at);
            return -1;
        }
        p++;
        skip_ws(&p);
        char *value = *p == '"' || *p == '\'' ? quoted(&p) : word(&p);
        if (!value || add(j, key, value)) {
            moldau__errstr_set(errstr, errstr_size,
                               "sasl.jaas.config: option %s at offset %zu has no value (or its "
                               "quote does not end)", key, at);
            free(key);
            wipe_free(value);
            return -1;
        }
    }
    p++;
    skip_ws(&p);
    if (*p) {
        moldau__errstr_set(errstr, errstr_size,
                           "sasl.jaas.config: text after the ';' at offset %zu (a client takes "
                           "exactly one login module)", (size_t)(p - text));
        return -1;
    }
    return 0;
}

const char *moldau__jaas_get(const moldau__jaas_t *j, const char *key)
{
    for (size_t i = 0; i + 1 < j->n; i += 2)
        if (!strcmp(j->options[i], key))
            return j->options[i + 1];
    return NULL;
}

void moldau__jaas_free(moldau__jaas_t *j)
{
    free(j->module);
    for (size_t i = 0; i < j->n; i++)
        wipe_free(j->options[i]);
    free(j->options);
    memset(j, 0, sizeof(*j));
}
