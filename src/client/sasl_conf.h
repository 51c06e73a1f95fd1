/* The sasl.* properties made into the network layer's SASL options (net/sasl.h), once per
 * client: sasl.mechanism (or librdkafka's sasl.mechanisms), sasl.username and sasl.password
 * or their Java spelling in sasl.jaas.config, and where OAUTHBEARER tokens come from. */
#ifndef MOLDAU_CLIENT_SASL_CONF_H
#define MOLDAU_CLIENT_SASL_CONF_H

#include <stddef.h>

#include "client/conf.h"
#include "client/oauthbearer_jwt.h"
#include "client/sasl_jaas.h"
#include "net/sasl.h"

typedef enum {
    MOLDAU__OAUTH_NONE = 0,   /* not OAUTHBEARER */
    MOLDAU__OAUTH_APP,        /* the application's refresh callback */
    MOLDAU__OAUTH_UNSECURED   /* unsecured JWTs from jwt below */
} moldau__oauth_source_t;

typedef struct moldau__sasl_conf {
    moldau__sasl_opts_t opts;   /* strings point into conf or jaas; tokens: the client sets */
    moldau__jaas_t jaas;        /* sasl.jaas.config parsed (empty when not set) */
    moldau__oauth_source_t oauth;
    moldau__unsecured_jwt_t jwt;
} moldau__sasl_conf_t;

/* Fills s from conf (which must outlive it). security.protocol other than SASL_*:
 * opts.mechanism NONE. Returns 0, or -1 with errstr a sentence naming the property at fault;
 * s is to be freed either way. */
int moldau__sasl_conf_init(moldau__sasl_conf_t *s, const moldau_conf_t *conf, char *errstr,
                           size_t errstr_size);
void moldau__sasl_conf_free(moldau__sasl_conf_t *s);

#endif
