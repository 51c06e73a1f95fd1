/* Unsecured JWTs (see oauthbearer_jwt.h). */
#include "client/oauthbearer_jwt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"
#include "net/sasl_oauthbearer.h"
#include "util/base64.h"
#include "util/errstr.h"

static int add_claim(moldau__unsecured_jwt_t *j, const char *name, size_t name_len,
                     moldau__claim_kind_t kind, const char *value, char delim)
{
    for (size_t i = 0; i < j->n_claims; i++)
        if (strlen(j->claims[i].name) == name_len && !memcmp(j->claims[i].name, name, name_len))
            return 1;
    moldau__claim_t *c = realloc(j->claims, (j->n_claims + 1) * sizeof(*c));
    if (!c)
        return -1;
    j->claims = c;
    c = &j->claims[j->n_claims];
    *c = (moldau__claim_t){strndup(name, name_len), kind, strdup(value), delim};
    if (!c->name || !c->value) {
        free(c->name);
        free(c->value);
        return -1;
    }
    j->n_claims++;
    return 0;
}

static int add_extension(moldau__unsecured_jwt_t *j, const char *key, size_t key_len,
                         const char *value)
{
    char **e = realloc(j->extensions, (j->n_extensions + 2) * sizeof(*e));
    if (!e)
        return -1;
    j->extensions = e;
    if (!(e[j->n_extensions] = strndup(key, key_len)))
        return -1;
    if (!(e[j->n_extensions + 1] = strdup(value))) {
        free(e[j->n_extensions]);
        return -1;
    }
    j->n_extensions += 2;
    return 0;
}

/* A positive whole number of seconds, at most ten years. */
static int parse_life(const char *s, int64_t *out)
{
    int64_t v = 0;
    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || (v = v * 10 + (*s - '0')) > 315360000)
            return -1;
    }
    if (v <= 0)
        return -1;
    *out = v;
    return 0;
}

/* JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int json_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return 0;
    if (*s == '.') {
        if (*++s < '0' || *s > '9')
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        if (*++s == '+' || *s == '-')
            s++;
        if (*s < '0' || *s > '9')
            return 0;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == 0;
}

static int check_extensions(const moldau__unsecured_jwt_t *j, char *errstr, size_t size)
{
    return moldau__oauthbearer_check("x", (const char *const *)j->extensions, j->n_extensions,
                                     errstr, size);
}

static int need_principal(const moldau__unsecured_jwt_t *j, const char *where, char *errstr,
                          size_t size)
{
    for (size_t i = 0; i < j->n_claims; i++)
        if (!strcmp(j->claims[i].name, j->principal_claim) &&
            j->claims[i].kind == MOLDAU__CLAIM_STRING && j->claims[i].value[0])
            return 0;
    moldau__errstr_set(errstr, size, "%s: the principal (claim \"%s\") is required", where,
                       j->principal_claim);
    return -1;
}

int moldau__unsecured_jwt_from_config(const char *config, moldau__unsecured_jwt_t *j,
                                      char *errstr, size_t errstr_size)
{
    static const char where[] = "sasl.oauthbearer.config";
    memset(j, 0, sizeof(*j));
    j->life_s = 3600;
    const char *principal = NULL, *scope = NULL, *scope_claim = "scope", *p = config;
    size_t principal_len = 0, scope_len = 0, scope_claim_len = 5;
    char *principal_claim = NULL;
    int bad = 0;
    while (!bad) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *name = p, *eq = NULL;
        while (*p && *p != ' ') {
            if (*p == '=' && !eq)
                eq = p;
            p++;
        }
        if (!eq) {
            moldau__errstr_set(errstr, errstr_size, "%s: expected name=value at offset %zu",
                               where, (size_t)(name - config));
            bad = 1;
            break;
        }
        size_t nlen = (size_t)(eq - name), vlen = (size_t)(p - eq - 1);
        const char *v = eq + 1;
        char value[512];
        if (vlen >= sizeof(value)) {
            moldau__errstr_set(errstr, errstr_size, "%s: %.*s: value too long", where,
                               (int)nlen, name);
            bad = 1;
            break;
        }
        memcpy(value, v, vlen);
        value[vlen] = 0;
        if (nlen == 9 && !memcmp(name, "principal", 9)) {
            principal = v, principal_len = vlen;
        } else if (nlen == 18 && !memcmp(name, "principalClaimName", 18)) {
            free(principal_claim);
            principal_claim = strdup(value);
        } else if (nlen == 5 && !memcmp(name, "scope", 5)) {
            scope = v, scope_len = vlen;
        } else if (nlen == 14 && !memcmp(name, "scopeClaimName", 14)) {
            scope_claim = v, scope_claim_len = vlen;
        } else if (nlen == 11 && !memcmp(name, "lifeSeconds", 11)) {
            if (parse_life(value, &j->life_s)) {
                moldau__errstr_set(errstr, errstr_size, "%s: lifeSeconds must be a whole "
                                   "number of seconds, 1 to 315360000", where);
                bad = 1;
            }
        } else if (nlen > 10 && !memcmp(name, "extension_", 10)) {
            bad = add_extension(j, name + 10, nlen - 10, value) ? 2 : 0;
        } else {
            moldau__errstr_set(errstr, errstr_size,
                               "%s: unknown name \"%.*s\" (principal, principalClaimName, "
                               "scope, scopeClaimName, lifeSeconds, extension_NAME)",
                               where, (int)nlen, name);
            bad = 1;
        }
    }
    j->principal_claim = principal_claim ? principal_claim : strdup("sub");
    if (!bad && !j->principal_claim)
        bad = 2;
    if (!bad && principal) {
        char *pv = strndup(principal, principal_len);
        bad = !pv ? 2 : add_claim(j, j->principal_claim, strlen(j->principal_claim),
                                  MOLDAU__CLAIM_STRING, pv, 0) < 0 ? 2 : 0;
        free(pv);
    }
    if (!bad && scope && scope_len) {
        char *sv = malloc(scope_len + 2);
        if (sv) { /* items end with the delimiter, as the list claims of the JAAS spelling */
            memcpy(sv, scope, scope_len);
            sv[scope_len] = ',';
            sv[scope_len + 1] = 0;
        }
        bad = !sv ? 2 : add_claim(j, scope_claim, scope_claim_len, MOLDAU__CLAIM_LIST, sv, ',') < 0 ? 2 : 0;
        free(sv);
    }
    if (bad == 2)
        moldau__errstr_set(errstr, errstr_size, "out of memory");
    if (bad)
        return -1;
    return need_principal(j, where, errstr, errstr_size) ||
                   check_extensions(j, errstr, errstr_size) ? -1 : 0;
}

int moldau__unsecured_jwt_from_jaas(const moldau__jaas_t *jaas, moldau__unsecured_jwt_t *j,
                                    char *errstr, size_t errstr_size)
{
    static const char where[] = "sasl.jaas.config";
    static const struct { const char *prefix; moldau__claim_kind_t kind; } claims[] = {
        {"unsecuredLoginStringClaim_", MOLDAU__CLAIM_STRING},
        {"unsecuredLoginNumberClaim_", MOLDAU__CLAIM_NUMBER},
        {"unsecuredLoginListClaim_", MOLDAU__CLAIM_LIST},
    };
    memset(j, 0, sizeof(*j));
    j->life_s = 3600;
    const char *pc = moldau__jaas_get(jaas, "unsecuredLoginPrincipalClaimName");
    if (!(j->principal_claim = strdup(pc && *pc ? pc : "sub"))) {
        moldau__errstr_set(errstr, errstr_size, "out of memory");
        return -1;
    }
    const char *life = moldau__jaas_get(jaas, "unsecuredLoginLifetimeSeconds");
    if (life && parse_life(life, &j->life_s)) {
        moldau__errstr_set(errstr, errstr_size, "%s: unsecuredLoginLifetimeSeconds must be a "
                           "whole number of seconds, 1 to 315360000", where);
        return -1;
    }
    for (size_t i = 0; i + 1 < jaas->n; i += 2) {
        const char *k = jaas->options[i], *v = jaas->options[i + 1];
        int r = 0;
        if (!strncmp(k, "unsecuredLoginExtension_", 24)) {
            r = add_extension(j, k + 24, strlen(k + 24), v);
        } else {
            for (size_t c = 0; c < sizeof(claims) / sizeof(claims[0]); c++) {
                size_t pl = strlen(claims[c].prefix);
                if (strncmp(k, claims[c].prefix, pl))
                    continue;
                if (!k[pl] || (claims[c].kind == MOLDAU__CLAIM_NUMBER && !json_number(v)) ||
                    (claims[c].kind == MOLDAU__CLAIM_LIST && !v[0])) {
                    moldau__errstr_set(errstr, errstr_size, "%s: %s: %s", where, k,
                                       !k[pl] ? "no claim name"
                                       : claims[c].kind == MOLDAU__CLAIM_NUMBER
                                           ? "not a number"
                                           : "empty (its first character is the delimiter)");
                    return -1;
                }
                if (claims[c].kind == MOLDAU__CLAIM_LIST) { /* ",a,b": items end with ',' */
                    size_t n = strlen(v + 1);
                    char *items = malloc(n + 2);
                    if (items) {
                        memcpy(items, v + 1, n);
                        items[n] = v[0];
                        items[n + 1] = 0;
                    }
                    r = items ? add_claim(j, k + pl, strlen(k + pl), claims[c].kind, items, v[0])
                              : -1;
                    free(items);
                } else {
                    r = add_claim(j, k + pl, strlen(k + pl), claims[c].kind, v, 0);
                }
                break;
            }
        }
        if (r < 0) {
            moldau__errstr_set(errstr, errstr_size, "out of memory");
            return -1;
        }
    }
    return need_principal(j, where, errstr, errstr_size) ||
                   check_extensions(j, errstr, errstr_size) ? -1 : 0;
}

/* A JSON string: quotes, backslash and control characters escaped. */
static void put_json_string(moldau_buf_t *b, const char *s, size_t n)
{
    moldau_buf_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            moldau_buf_put(b, e, 2);
        } else if (c < 0x20) {
            char e[8];
            snprintf(e, sizeof(e), "\\u%04x", c);
            moldau_buf_put(b, e, 6);
        } else {
            moldau_buf_put(b, &s[i], 1);
        }
    }
    moldau_buf_put(b, "\"", 1);
}

static void put_b64url(moldau_buf_t *out, const moldau_buf_t *in)
{
    char *enc = malloc(MOLDAU__BASE64URL_LEN(in->len) + 1);
    if (!enc) {
        out->failed = 1;
        return;
    }
    size_t n = moldau__base64url_encode(in->data, in->len, enc);
    moldau_buf_put(out, enc, n);
    free(enc);
}

char *moldau__unsecured_jwt_build(const moldau__unsecured_jwt_t *j, int64_t now_ms,
                                  int64_t *expiry_ms, const char **principal)
{
    int64_t iat = now_ms / 1000, exp = iat + j->life_s;
    moldau_buf_t payload, token;
    moldau_buf_init(&payload);
    moldau_buf_init(&token);
    char num[64];
    snprintf(num, sizeof(num), "{\"iat\":%lld,\"exp\":%lld", (long long)iat, (long long)exp);
    moldau_buf_put(&payload, num, strlen(num));
    *principal = "";
    for (size_t i = 0; i < j->n_claims; i++) {
        const moldau__claim_t *c = &j->claims[i];
        if (!strcmp(c->name, "iat") || !strcmp(c->name, "exp"))
            continue; /* ours: the lifetime decides them */
        moldau_buf_put(&payload, ",", 1);
        put_json_string(&payload, c->name, strlen(c->name));
        moldau_buf_put(&payload, ":", 1);
        if (c->kind == MOLDAU__CLAIM_NUMBER) {
            moldau_buf_put(&payload, c->value, strlen(c->value));
        } else if (c->kind == MOLDAU__CLAIM_STRING) {
            put_json_string(&payload, c->value, strlen(c->value));
            if (!strcmp(c->name, j->principal_claim))
                *principal = c->value;
        } else {
            moldau_buf_put(&payload, "[", 1);
            const char *item = c->value;
            for (const char *d; (d = strchr(item, c->delim)); item = d + 1) {
                if (item != c->value)
                    moldau_buf_put(&payload, ",", 1);
                put_json_string(&payload, item, (size_t)(d - item));
            }
            moldau_buf_put(&payload, "]", 1);
        }
    }
    moldau_buf_put(&payload, "}", 1);
    static const char header[] = "{\"alg\":\"none\"}";
    moldau_buf_t h = {(uint8_t *)header, sizeof(header) - 1, sizeof(header) - 1, 0};
    put_b64url(&token, &h);
    moldau_buf_put(&token, ".", 1);
    put_b64url(&token, &payload);
    moldau_buf_put(&token, ".", 2); /* the empty signature, and the NUL */
    moldau_buf_free(&payload);
    if (token.failed) {
        moldau_buf_free(&token);
        return NULL;
    }
    *expiry_ms = exp * 1000;
    return (char *)token.data;
}

void moldau__unsecured_jwt_free(moldau__unsecured_jwt_t *j)
{
    free(j->principal_claim);
    for (size_t i = 0; i < j->n_claims; i++) {
        free(j->claims[i].name);
        free(j->claims[i].value);
    }
    free(j->claims);
    for (size_t i = 0; i < j->n_extensions; i++)
        free(j->extensions[i]);
    free(j->extensions);
    memset(j, 0, sizeof(*j));
}
