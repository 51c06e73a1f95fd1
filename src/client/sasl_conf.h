/* The sasl.* properties made into the network layer's SASL options (net/sasl.h). */
#ifndef MOLDAU_CLIENT_SASL_CONF_H
#define MOLDAU_CLIENT_SASL_CONF_H

#include <stddef.h>

#include "client/conf.h"
#include "net/sasl.h"

/* security.protocol SASL_*: fills o (its strings point into conf, which must outlive the
 * brokers); otherwise o->mechanism is NONE. Returns 0, or -1 with errstr a sentence naming
 * the property at fault. */
int moldau__sasl_conf_opts(const moldau_conf_t *conf, moldau__sasl_opts_t *o, char *errstr,
                           size_t errstr_size);

#endif
