/* Configuration: the property table (conf_props.h), validation, typed access. Values are kept
 * both as the text the application gave (for moldau_conf_get) and parsed once (for the client's
 * hot paths, which read integers by index). */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/conf.h"
#include "client/log.h"
#include "net/tls.h"
#include "util/errstr.h"

enum prop_type { T_STR, T_INT, T_BOOL, T_ENUM, T_LIST };
enum prop_scope { S_ALL = 7, S_PRODUCER = 1, S_CONSUMER = 2, S_ADMIN = 4 };

typedef struct prop {
    const char *name;
    enum prop_type type;
    const char *def;
    long long min, max;
    int scope;
    const char *doc;
} prop_t;

static const prop_t props[] = {
#define MOLDAU__CONF_ROW(id, name, type, def, min, max, scope, doc)                               \
    {name, type, def, min, max, scope, doc},
    MOLDAU__CONF_PROPS(MOLDAU__CONF_ROW)
#undef MOLDAU__CONF_ROW
};

/* Allowed values of the enum properties, in the order of the MOLDAU__* constants in conf.h. */
static const char *enum_values(moldau__conf_id_t id)
{
    switch (id) {
    case MOLDAU__CONF_ACKS: return "all|-1|0|1";
    case MOLDAU__CONF_SECURITY_PROTOCOL: return "PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL";
    case MOLDAU__CONF_METADATA_RECOVERY_STRATEGY: return "none|rebootstrap";
    case MOLDAU__CONF_SASL_MECHANISM:
    case MOLDAU__CONF_SASL_MECHANISMS:
        return "GSSAPI|PLAIN|SCRAM-SHA-256|SCRAM-SHA-512|OAUTHBEARER";
    case MOLDAU__CONF_COMPRESSION_TYPE: return "none|gzip|snappy|lz4|zstd";
    case MOLDAU__CONF_PARTITIONER:
        return "default|murmur2_random|consistent_random|random|round_robin|custom";
    case MOLDAU__CONF_AUTO_OFFSET_RESET: return "earliest|latest|none";
    case MOLDAU__CONF_ISOLATION_LEVEL: return "read_uncommitted|read_committed";
    case MOLDAU__CONF_GROUP_PROTOCOL: return "classic";
    default: return NULL;
    }
}

/* Secrets: moldau_conf_get hides them, their memory is cleared when freed. */
static int sensitive(size_t id)
{
    return id == MOLDAU__CONF_SSL_TRUSTSTORE_PASSWORD || id == MOLDAU__CONF_SSL_KEYSTORE_PASSWORD ||
           id == MOLDAU__CONF_SSL_KEYSTORE_KEY || id == MOLDAU__CONF_SSL_KEY_PASSWORD ||
           id == MOLDAU__CONF_SASL_PASSWORD || id == MOLDAU__CONF_SASL_JAAS_CONFIG ||
           id == MOLDAU__CONF_SASL_OAUTHBEARER_CONFIG;
}

#define HIDDEN "[hidden]"

static void free_text(size_t id, char *text)
{
    if (text && sensitive(id))
        explicit_bzero(text, strlen(text));
    free(text);
}

typedef struct value {
    char *text;     /* NULL: the default */
    int64_t parsed; /* T_INT/T_BOOL value, or T_ENUM index */
} value_t;

struct moldau_conf {
    value_t v[MOLDAU__CONF_COUNT];
    moldau__conf_cbs_t cbs;
};

/* What the property table cannot say: values refused for what this build or moldau lacks. */
static int refused(size_t i, const char *text, int64_t parsed, char *errstr, size_t errsize)
{
    if (i == MOLDAU__CONF_SECURITY_PROTOCOL &&
        (parsed == MOLDAU__SECURITY_SSL || parsed == MOLDAU__SECURITY_SASL_SSL) &&
        !moldau__tls_available()) {
        moldau__errstr_set(errstr, errsize,
                "security.protocol: %s: this moldau was built without TLS (make TLS=0, or no "
                "OpenSSL 3 at build time)", text);
        return -1;
    }
    if ((i == MOLDAU__CONF_SSL_TRUSTSTORE_TYPE || i == MOLDAU__CONF_SSL_KEYSTORE_TYPE) &&
        strcasecmp(text, "PEM") && strcasecmp(text, "PKCS12")) {
        if (!strcasecmp(text, "JKS"))
            moldau__errstr_set(errstr, errsize,
                    "%s: JKS is not supported: convert it to PKCS#12 (keytool -importkeystore "
                    "-deststoretype PKCS12) or PEM", props[i].name);
        else
            moldau__errstr_set(errstr, errsize, "%s: \"%s\" is not one of PEM, PKCS12", props[i].name,
                    text);
        return -1;
    }
    return 0;
}

/* Index of `value` in a '|'-separated list, or -1. */
static int enum_index(const char *list, const char *value)
{
    size_t n = strlen(value);
    int i = 0;
    for (const char *p = list;; i++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && strncasecmp(p, value, n) == 0)
            return i;
        if (!bar)
            return -1;
        p = bar + 1;
    }
}

/* Parses `text` for property i. Returns 0, or -1 with errstr set. */
static int parse(size_t i, const char *text, int64_t *out, char *errstr, size_t errsize)
{
    const prop_t *p = &props[i];
    switch (p->type) {
    case T_INT: {
        char *end;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (errno || end == text || *end != '\0') {
            moldau__errstr_set(errstr, errsize, "%s: \"%s\" is not an integer", p->name, text);
            return -1;
        }
        if (v < p->min || v > p->max) {
            moldau__errstr_set(errstr, errsize, "%s: %lld is out of range [%lld..%lld]", p->name, v, p->min,
                    p->max);
            return -1;
        }
        *out = v;
        return 0;
    }
    case T_BOOL:
        if (!strcasecmp(text, "true")) {
            *out = 1;
            return 0;
        }
        if (!strcasecmp(text, "false")) {
            *out = 0;
            return 0;
        }
        moldau__errstr_set(errstr, errsize, "%s: \"%s\" is not true or false", p->name, text);
        return -1;
    case T_ENUM: {
        const char *list = enum_values((moldau__conf_id_t)i);
        int idx = enum_index(list, text);
        if (idx < 0) {
            moldau__errstr_set(errstr, errsize, "%s: \"%s\" is not one of %s", p->name, text, list);
            return -1;
        }
        *out = idx;
        return 0;
    }
    case T_LIST:
        if (i == MOLDAU__CONF_DEBUG) {
            unsigned mask;
            if (moldau__debug_parse(text, &mask, errstr, errsize))
                return -1;
            *out = mask;
            return 0;
        }
        *out = 0;
        return 0;
    case T_STR:
        *out = 0;
        return 0;
    }
    return -1;
}

static int find(const char *name)
{
    for (size_t i = 0; i < MOLDAU__CONF_COUNT; i++)
        if (!strcmp(props[i].name, name))
            return (int)i;
    return -1;
}

moldau_conf_t *moldau_conf_new(void)
{
    moldau_conf_t *conf = calloc(1, sizeof(*conf));
    if (!conf)
        return NULL;
    for (size_t i = 0; i < MOLDAU__CONF_COUNT; i++)
        if (parse(i, props[i].def, &conf->v[i].parsed, NULL, 0)) /* a bad default is our bug */
            abort();
    return conf;
}

void moldau_conf_destroy(moldau_conf_t *conf)
{
    if (!conf)
        return;
    for (size_t i = 0; i < MOLDAU__CONF_COUNT; i++)
        free_text(i, conf->v[i].text);
    free(conf);
}

moldau_conf_t *moldau_conf_dup(const moldau_conf_t *conf)
{
    moldau_conf_t *dup = calloc(1, sizeof(*dup));
    if (!dup)
        return NULL;
    dup->cbs = conf->cbs;
    for (size_t i = 0; i < MOLDAU__CONF_COUNT; i++) {
        dup->v[i].parsed = conf->v[i].parsed;
        if (conf->v[i].text && !(dup->v[i].text = strdup(conf->v[i].text))) {
            moldau_conf_destroy(dup);
            return NULL;
        }
    }
    return dup;
}

moldau_err_t moldau_conf_set(moldau_conf_t *conf, const char *name, const char *value,
                             char *errstr, size_t errstr_size)
{
    if (!name || !value) {
        moldau__errstr_set(errstr, errstr_size, "configuration name and value must not be NULL");
        return MOLDAU_ERR__BAD_CONF;
    }
    int i = find(name);
    if (i < 0) {
        moldau__errstr_set(errstr, errstr_size, "No such configuration property: \"%s\"", name);
        return MOLDAU_ERR__BAD_CONF;
    }
    int64_t parsed;
    if (parse((size_t)i, value, &parsed, errstr, errstr_size) ||
        refused((size_t)i, value, parsed, errstr, errstr_size))
        return MOLDAU_ERR__BAD_CONF;
    char *copy = strdup(value);
    if (!copy) {
        moldau__errstr_set(errstr, errstr_size, "%s: out of memory", name);
        return MOLDAU_ERR__NO_MEMORY;
    }
    free_text((size_t)i, conf->v[i].text);
    conf->v[i].text = copy;
    conf->v[i].parsed = parsed;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_conf_get(const moldau_conf_t *conf, const char *name, char *dest,
                             size_t *dest_size)
{
    int i = find(name);
    if (i < 0)
        return MOLDAU_ERR__BAD_CONF;
    const char *v = moldau__conf_str(conf, (moldau__conf_id_t)i);
    if (sensitive((size_t)i) && *v)
        v = HIDDEN;
    size_t need = strlen(v) + 1;
    if (dest && *dest_size >= need)
        memcpy(dest, v, need);
    else if (dest && *dest_size) {
        *dest_size = need;
        return MOLDAU_ERR__INVALID_ARG;
    }
    *dest_size = need;
    return MOLDAU_ERR_NONE;
}

void moldau_conf_set_log_cb(moldau_conf_t *conf, moldau_log_cb *cb) { conf->cbs.log = cb; }
void moldau_conf_set_error_cb(moldau_conf_t *conf, moldau_error_cb *cb) { conf->cbs.error = cb; }
void moldau_conf_set_opaque(moldau_conf_t *conf, void *opaque) { conf->cbs.opaque = opaque; }
void moldau_conf_set_oauthbearer_token_refresh_cb(moldau_conf_t *conf,
                                                  moldau_oauthbearer_token_refresh_cb *cb)
{
    conf->cbs.oauthbearer_refresh = cb;
}

const moldau__conf_cbs_t *moldau__conf_cbs(const moldau_conf_t *conf) { return &conf->cbs; }
moldau__conf_cbs_t *moldau__conf_cbs_rw(moldau_conf_t *conf) { return &conf->cbs; }

const char *moldau__conf_str(const moldau_conf_t *conf, moldau__conf_id_t id)
{
    return conf->v[id].text ? conf->v[id].text : props[id].def;
}

int64_t moldau__conf_int(const moldau_conf_t *conf, moldau__conf_id_t id)
{
    return conf->v[id].parsed;
}

int moldau__conf_is_set(const moldau_conf_t *conf, moldau__conf_id_t id)
{
    return conf->v[id].text != NULL;
}

static moldau_conf_prop_info_t prop_info[MOLDAU__CONF_COUNT];
static pthread_once_t prop_info_once = PTHREAD_ONCE_INIT;

static void fill_prop_info(void)
{
    static const char *const type_names[] = {"string", "int", "bool", "enum", "list"};
    static const char *const scope_names[] = {"",         "producer",       "consumer",
                                              "producer, consumer", "admin", "producer, admin",
                                              "consumer, admin",    "*"};
    moldau_conf_prop_info_t *info = prop_info;
    for (size_t i = 0; i < MOLDAU__CONF_COUNT; i++) {
        const prop_t *p = &props[i];
        info[i] = (moldau_conf_prop_info_t){
            p->name, type_names[p->type], p->def, p->min, p->max,
            enum_values((moldau__conf_id_t)i),
            scope_names[p->scope & S_ALL],
            p->doc};
    }
}

const moldau_conf_prop_info_t *moldau_conf_props(size_t *n)
{
    pthread_once(&prop_info_once, fill_prop_info);
    *n = MOLDAU__CONF_COUNT;
    return prop_info;
}
