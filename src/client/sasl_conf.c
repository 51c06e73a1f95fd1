/* The sasl.* properties checked and made into net/sasl.h's options (see sasl_conf.h). */
#include "client/sasl_conf.h"

#include <string.h>

#include "util/crypto.h"
#include "util/errstr.h"

#define JAAS_PLAIN "org.apache.kafka.common.security.plain.PlainLoginModule"
#define JAAS_SCRAM "org.apache.kafka.common.security.scram.ScramLoginModule"
#define JAAS_OAUTH "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule"

static int mechanism(const moldau_conf_t *conf, moldau__sasl_mech_t *out, char *errstr,
                     size_t errstr_size)
{
    /* sasl.mechanism wins; librdkafka's sasl.mechanisms counts when only it is set */
    int own = moldau__conf_is_set(conf, MOLDAU__CONF_SASL_MECHANISM) ||
              !moldau__conf_is_set(conf, MOLDAU__CONF_SASL_MECHANISMS);
    moldau__conf_id_t id = own ? MOLDAU__CONF_SASL_MECHANISM : MOLDAU__CONF_SASL_MECHANISMS;
    switch (moldau__conf_int(conf, id)) {
    case MOLDAU__SASL_MECH_PLAIN:
        *out = MOLDAU__SASL_PLAIN;
        return 0;
    case MOLDAU__SASL_MECH_SCRAM_SHA_256:
    case MOLDAU__SASL_MECH_SCRAM_SHA_512:
        if (!moldau__crypto_available()) {
            moldau__errstr_set(errstr, errstr_size,
                               "sasl.mechanism: SCRAM needs a build with OpenSSL (this one was "
                               "built without: make TLS=0)");
            return -1;
        }
        *out = moldau__conf_int(conf, id) == MOLDAU__SASL_MECH_SCRAM_SHA_256
                   ? MOLDAU__SASL_SCRAM_SHA_256
                   : MOLDAU__SASL_SCRAM_SHA_512;
        return 0;
    case MOLDAU__SASL_MECH_OAUTHBEARER:
        *out = MOLDAU__SASL_OAUTHBEARER;
        return 0;
    default:
        moldau__errstr_set(errstr, errstr_size,
                           "%s: GSSAPI (Kerberos, the default) is not supported by moldau: set it "
                           "to PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER",
                           own ? "sasl.mechanism" : "sasl.mechanisms");
        return -1;
    }
}

/* PLAIN, SCRAM: the user and password from sasl.username/sasl.password or the JAAS line. */
static int credentials(moldau__sasl_conf_t *s, const moldau_conf_t *conf, char *errstr,
                       size_t errstr_size)
{
    moldau__sasl_opts_t *o = &s->opts;
    const char *want = o->mechanism == MOLDAU__SASL_PLAIN ? JAAS_PLAIN : JAAS_SCRAM;
    o->username = moldau__conf_str(conf, MOLDAU__CONF_SASL_USERNAME);
    o->password = moldau__conf_str(conf, MOLDAU__CONF_SASL_PASSWORD);
    if (s->jaas.module) {
        if (strcmp(s->jaas.module, want)) {
            moldau__errstr_set(errstr, errstr_size, "sasl.jaas.config: sasl.mechanism %s takes "
                               "%s, not %s", moldau__sasl_mech_name(o->mechanism), want,
                               s->jaas.module);
            return -1;
        }
        if (*o->username || *o->password) {
            moldau__errstr_set(errstr, errstr_size, "sasl.jaas.config and sasl.username or "
                               "sasl.password are both set: set one or the other");
            return -1;
        }
        const char *u = moldau__jaas_get(&s->jaas, "username");
        const char *p = moldau__jaas_get(&s->jaas, "password");
        o->username = u ? u : "";
        o->password = p ? p : "";
    }
    if (!*o->username || !*o->password) {
        moldau__errstr_set(errstr, errstr_size,
                           "sasl.mechanism %s needs a user name and a password: sasl.username "
                           "and sasl.password (or username= and password= in sasl.jaas.config)",
                           moldau__sasl_mech_name(o->mechanism));
        return -1;
    }
    return 0;
}

/* OAUTHBEARER: the application's callback, or unsecured JWTs from one of two spellings. */
static int token_source(moldau__sasl_conf_t *s, const moldau_conf_t *conf, char *errstr,
                        size_t errstr_size)
{
    int app = moldau__conf_cbs(conf)->oauthbearer_refresh != NULL;
    int unsecure = (int)moldau__conf_int(conf, MOLDAU__CONF_ENABLE_SASL_OAUTHBEARER_UNSECURE_JWT);
    if (s->jaas.module && strcmp(s->jaas.module, JAAS_OAUTH)) {
        moldau__errstr_set(errstr, errstr_size, "sasl.jaas.config: sasl.mechanism OAUTHBEARER "
                           "takes %s, not %s", JAAS_OAUTH, s->jaas.module);
        return -1;
    }
    if (app && unsecure) {
        moldau__errstr_set(errstr, errstr_size, "enable.sasl.oauthbearer.unsecure.jwt=true and a "
                           "token refresh callback exclude each other: choose one");
        return -1;
    }
    if (app) {
        s->oauth = MOLDAU__OAUTH_APP;
        return 0;
    }
    s->oauth = MOLDAU__OAUTH_UNSECURED;
    if (unsecure)
        return moldau__unsecured_jwt_from_config(
            moldau__conf_str(conf, MOLDAU__CONF_SASL_OAUTHBEARER_CONFIG), &s->jwt, errstr,
            errstr_size);
    if (s->jaas.module) /* Java's default login callback makes unsecured tokens from these */
        return moldau__unsecured_jwt_from_jaas(&s->jaas, &s->jwt, errstr, errstr_size);
    moldau__errstr_set(errstr, errstr_size,
                       "sasl.mechanism OAUTHBEARER needs tokens: set a token refresh callback "
                       "(moldau_conf_set_oauthbearer_token_refresh_cb), or, for testing, "
                       "enable.sasl.oauthbearer.unsecure.jwt=true with sasl.oauthbearer.config");
    return -1;
}

int moldau__sasl_conf_init(moldau__sasl_conf_t *s, const moldau_conf_t *conf, char *errstr,
                           size_t errstr_size)
{
    memset(s, 0, sizeof(*s));
    int64_t proto = moldau__conf_int(conf, MOLDAU__CONF_SECURITY_PROTOCOL);
    if (proto != MOLDAU__SECURITY_SASL_PLAINTEXT && proto != MOLDAU__SECURITY_SASL_SSL)
        return 0;
    moldau__sasl_mech_t mech;
    if (mechanism(conf, &mech, errstr, errstr_size))
        return -1;
    s->opts.mechanism = mech;
    const char *jaas = moldau__conf_str(conf, MOLDAU__CONF_SASL_JAAS_CONFIG);
    if (*jaas && moldau__jaas_parse(jaas, &s->jaas, errstr, errstr_size))
        return -1;
    return mech == MOLDAU__SASL_OAUTHBEARER ? token_source(s, conf, errstr, errstr_size)
                                            : credentials(s, conf, errstr, errstr_size);
}

void moldau__sasl_conf_free(moldau__sasl_conf_t *s)
{
    moldau__jaas_free(&s->jaas);
    moldau__unsecured_jwt_free(&s->jwt);
    memset(s, 0, sizeof(*s));
}
