/* The ssl.* properties made into a TLS context (net/tls.h), once per client. */
#include "client/tls_conf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *str(const moldau_conf_t *conf, moldau__conf_id_t id)
{
    return moldau__conf_str(conf, id);
}

int moldau__tls_conf_ctx(const moldau_conf_t *conf, moldau__tls_ctx_t **ctx, char *errstr,
                         size_t errstr_size)
{
    *ctx = NULL;
    int64_t proto = moldau__conf_int(conf, MOLDAU__CONF_SECURITY_PROTOCOL);
    if (proto != MOLDAU__SECURITY_SSL && proto != MOLDAU__SECURITY_SASL_SSL)
        return 0;
    const char *ca_file = str(conf, MOLDAU__CONF_SSL_TRUSTSTORE_LOCATION);
    const char *ca_type = str(conf, MOLDAU__CONF_SSL_TRUSTSTORE_TYPE);
    if (!*ca_file) { /* librdkafka's name, a PEM file */
        ca_file = str(conf, MOLDAU__CONF_SSL_CA_LOCATION);
        ca_type = "PEM";
    } else if (*str(conf, MOLDAU__CONF_SSL_CA_LOCATION)) {
        snprintf(errstr, errstr_size,
                 "ssl.truststore.location and ssl.ca.location are both set: give one");
        return -1;
    }
    const char *verify = str(conf, MOLDAU__CONF_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM);
    if (*verify && strcasecmp(verify, "https")) {
        snprintf(errstr, errstr_size,
                 "ssl.endpoint.identification.algorithm: \"%s\" is not https or empty", verify);
        return -1;
    }
    moldau__tls_conf_t c = {
        .truststore_location = ca_file,
        .truststore_type = ca_type,
        .truststore_password = str(conf, MOLDAU__CONF_SSL_TRUSTSTORE_PASSWORD),
        .truststore_pem = str(conf, MOLDAU__CONF_SSL_TRUSTSTORE_CERTIFICATES),
        .keystore_location = str(conf, MOLDAU__CONF_SSL_KEYSTORE_LOCATION),
        .keystore_type = str(conf, MOLDAU__CONF_SSL_KEYSTORE_TYPE),
        .keystore_password = str(conf, MOLDAU__CONF_SSL_KEYSTORE_PASSWORD),
        .keystore_key = str(conf, MOLDAU__CONF_SSL_KEYSTORE_KEY),
        .keystore_chain = str(conf, MOLDAU__CONF_SSL_KEYSTORE_CERTIFICATE_CHAIN),
        .key_location = str(conf, MOLDAU__CONF_SSL_KEY_LOCATION),
        .key_password = str(conf, MOLDAU__CONF_SSL_KEY_PASSWORD),
        .certificate_location = str(conf, MOLDAU__CONF_SSL_CERTIFICATE_LOCATION),
        .verify_host = *verify != '\0',
        .enabled_protocols = str(conf, MOLDAU__CONF_SSL_ENABLED_PROTOCOLS),
        .cipher_suites = str(conf, MOLDAU__CONF_SSL_CIPHER_SUITES),
    };
    if (!(*ctx = moldau__tls_ctx_new(&c, errstr, errstr_size)))
        return -1;
    return 0;
}
