/*
 * sasl.jaas.config, the Java client's spelling of SASL settings: one login module, its flag,
 * its options, a ';'. Only what moldau reads of it is interpreted elsewhere (sasl_conf.c:
 * PlainLoginModule's and ScramLoginModule's username and password, OAuthBearerLoginModule's
 * unsecuredLogin* options); this is the syntax. Errors say where, never what a value holds.
 */
#ifndef MOLDAU_CLIENT_SASL_JAAS_H
#define MOLDAU_CLIENT_SASL_JAAS_H

#include <stddef.h>

typedef struct moldau__jaas {
    char *module;   /* the login module's class name */
    char **options; /* key, value, key, value ... (values unquoted) */
    size_t n;       /* strings, twice the options */
} moldau__jaas_t;

/* Parses text into j (zeroed first; the caller frees it with moldau__jaas_free, also on
 * error). 0, or -1 with a sentence. */
int moldau__jaas_parse(const char *text, moldau__jaas_t *j, char *errstr, size_t errstr_size);
/* The option's value, or NULL. Valid until moldau__jaas_free. */
const char *moldau__jaas_get(const moldau__jaas_t *j, const char *key);
/* Frees what it holds, values wiped (they hold passwords). */
void moldau__jaas_free(moldau__jaas_t *j);

#endif
