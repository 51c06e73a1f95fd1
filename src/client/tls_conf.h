/* The TLS context a client's connections share, from its ssl.* properties. */
#ifndef MOLDAU_CLIENT_TLS_CONF_H
#define MOLDAU_CLIENT_TLS_CONF_H

#include <stddef.h>

#include "client/conf.h"
#include "net/tls.h"

/* security.protocol=SSL or SASL_SSL: *ctx is a new context (the caller unrefs it); otherwise NULL. Returns
 * 0, or -1 with errstr a sentence naming the property at fault. */
int moldau__tls_conf_ctx(const moldau_conf_t *conf, moldau__tls_ctx_t **ctx, char *errstr,
                         size_t errstr_size);

#endif
