/* The sasl.* properties checked and made into net/sasl.h's options, once per client. */
#include "client/sasl_conf.h"

#include <stdio.h>
#include <string.h>

#include "util/crypto.h"

int moldau__sasl_conf_opts(const moldau_conf_t *conf, moldau__sasl_opts_t *o, char *errstr,
                           size_t errstr_size)
{
    memset(o, 0, sizeof(*o));
    int64_t proto = moldau__conf_int(conf, MOLDAU__CONF_SECURITY_PROTOCOL);
    if (proto != MOLDAU__SECURITY_SASL_PLAINTEXT && proto != MOLDAU__SECURITY_SASL_SSL)
        return 0;
    /* sasl.mechanism wins; librdkafka's sasl.mechanisms counts when only it is set */
    int64_t mech = moldau__conf_is_set(conf, MOLDAU__CONF_SASL_MECHANISM) ||
                           !moldau__conf_is_set(conf, MOLDAU__CONF_SASL_MECHANISMS)
                       ? moldau__conf_int(conf, MOLDAU__CONF_SASL_MECHANISM)
                       : moldau__conf_int(conf, MOLDAU__CONF_SASL_MECHANISMS);
    switch (mech) {
    case MOLDAU__SASL_MECH_PLAIN:
        o->mechanism = MOLDAU__SASL_PLAIN;
        break;
    case MOLDAU__SASL_MECH_SCRAM_SHA_256:
    case MOLDAU__SASL_MECH_SCRAM_SHA_512:
        if (!moldau__crypto_available()) {
            snprintf(errstr, errstr_size, "sasl.mechanism: SCRAM needs a build with OpenSSL "
                                          "(this one was built without: make TLS=0)");
            return -1;
        }
        o->mechanism = mech == MOLDAU__SASL_MECH_SCRAM_SHA_256 ? MOLDAU__SASL_SCRAM_SHA_256
                                                               : MOLDAU__SASL_SCRAM_SHA_512;
        break;
    case MOLDAU__SASL_MECH_GSSAPI:
        snprintf(errstr, errstr_size,
                 "sasl.mechanism: GSSAPI (Kerberos, the default) is not supported by moldau: "
                 "set sasl.mechanism to PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
        return -1;
    default:
        snprintf(errstr, errstr_size,
                 "sasl.mechanism: %s is not supported yet: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 are",
                 moldau__conf_str(conf, moldau__conf_is_set(conf, MOLDAU__CONF_SASL_MECHANISM)
                                            ? MOLDAU__CONF_SASL_MECHANISM
                                            : MOLDAU__CONF_SASL_MECHANISMS));
        return -1;
    }
    if (*moldau__conf_str(conf, MOLDAU__CONF_SASL_JAAS_CONFIG)) {
        snprintf(errstr, errstr_size,
                 "sasl.jaas.config is not supported yet: set sasl.username and sasl.password");
        return -1;
    }
    o->username = moldau__conf_str(conf, MOLDAU__CONF_SASL_USERNAME);
    o->password = moldau__conf_str(conf, MOLDAU__CONF_SASL_PASSWORD);
    if (!*o->username || !*o->password) {
        snprintf(errstr, errstr_size, "sasl.mechanism %s needs sasl.username and sasl.password",
                 moldau__sasl_mech_name(o->mechanism));
        return -1;
    }
    return 0;
}
