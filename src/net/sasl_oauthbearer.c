/* OAUTHBEARER's messages (see sasl_oauthbearer.h). */
#include "net/sasl_oauthbearer.h"

#include <stdio.h>
#include <string.h>

#include "util/json.h"

static int is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

int moldau__oauthbearer_token_valid(const char *t)
{
    const char *p = t;
    while (*p && (is_alpha(*p) || is_digit(*p) || strchr("-._~+/", *p)))
        p++;
    if (p == t)
        return 0;
    while (*p == '=')
        p++;
    return *p == 0;
}

int moldau__oauthbearer_ext_key_valid(const char *k)
{
    if (!*k || !strcmp(k, "auth"))
        return 0;
    for (; *k; k++)
        if (!is_alpha(*k))
            return 0;
    return 1;
}

int moldau__oauthbearer_ext_value_valid(const char *v)
{
    if (!*v)
        return 0;
    for (; *v; v++) {
        unsigned char c = (unsigned char)*v;
        if (!((c >= 0x21 && c <= 0x7e) || c == ' ' || c == '\t' || c == '\r' || c == '\n'))
            return 0;
    }
    return 1;
}

int moldau__oauthbearer_check(const char *token, const char *const *ext, size_t n,
                              char *errstr, size_t errstr_size)
{
    if (!token || !moldau__oauthbearer_token_valid(token)) {
        snprintf(errstr, errstr_size, "the token is not a valid bearer token (RFC 6750: "
                                      "letters, digits, -._~+/ then any '=')");
        return -1;
    }
    if (n % 2) {
        snprintf(errstr, errstr_size, "extensions come in key, value pairs: %zu strings given",
                 n);
        return -1;
    }
    for (size_t i = 0; i < n; i += 2) {
        const char *k = ext[i] ? ext[i] : "", *v = ext[i + 1] ? ext[i + 1] : "";
        if (!moldau__oauthbearer_ext_key_valid(k)) {
            snprintf(errstr, errstr_size, "extension key \"%.64s\": only letters, and not "
                                          "\"auth\" (RFC 7628)", k);
            return -1;
        }
        if (!moldau__oauthbearer_ext_value_valid(v)) {
            snprintf(errstr, errstr_size, "extension %.64s: the value must be printable ASCII "
                                          "(spaces and tabs allowed), not empty", k);
            return -1;
        }
    }
    return 0;
}

moldau_err_t moldau__oauthbearer_client_first(const moldau__sasl_tokens_t *t,
                                              moldau_buf_t *out)
{
    static const char head[] = "n,,\x01" "auth=Bearer ";
    moldau_buf_put(out, head, sizeof(head) - 1);
    moldau_buf_put(out, t->value, strlen(t->value));
    moldau_buf_put(out, "\x01", 1);
    for (size_t i = 0; i + 1 < t->n_extensions; i += 2) {
        moldau_buf_put(out, t->extensions[i], strlen(t->extensions[i]));
        moldau_buf_put(out, "=", 1);
        moldau_buf_put(out, t->extensions[i + 1], strlen(t->extensions[i + 1]));
        moldau_buf_put(out, "\x01", 1);
    }
    moldau_buf_put(out, "\x01", 1);
    return out->failed ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
}

typedef struct server_error {
    char status[64], scope[128], openid[128];
} server_error_t;

static void on_member(const char *key, const char *value, void *opaque)
{
    server_error_t *e = opaque;
    if (!strcmp(key, "status"))
        snprintf(e->status, sizeof(e->status), "%s", value);
    else if (!strcmp(key, "scope"))
        snprintf(e->scope, sizeof(e->scope), "%s", value);
    else if (!strcmp(key, "openid-configuration"))
        snprintf(e->openid, sizeof(e->openid), "%s", value);
}

int moldau__oauthbearer_server_error(const uint8_t *in, size_t len, char *why, size_t why_size)
{
    server_error_t e = {"", "", ""};
    if (moldau__json_object_strings((const char *)in, len, on_member, &e) || !e.status[0]) {
        snprintf(why, why_size, "the broker's error challenge (%zu bytes) is not the JSON "
                                "object with a status RFC 7628 describes", len);
        return -1;
    }
    int n = snprintf(why, why_size, "status \"%s\"", e.status);
    if (e.scope[0] && n >= 0 && (size_t)n < why_size)
        n += snprintf(why + n, why_size - (size_t)n, ", scope \"%s\"", e.scope);
    if (e.openid[0] && n >= 0 && (size_t)n < why_size)
        snprintf(why + n, why_size - (size_t)n, ", openid-configuration \"%s\"", e.openid);
    return 0;
}
