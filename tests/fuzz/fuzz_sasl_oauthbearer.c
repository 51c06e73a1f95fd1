/* libFuzzer target: what OAUTHBEARER parses. The first byte picks the parser, the rest is its
 * text: 0 the broker's error challenge (and the JSON reader under it), 1 sasl.jaas.config then
 * the unsecured JWT its options make, 2 sasl.oauthbearer.config then its JWT, 3 a token and
 * extensions as the application hands them (split at '\n'). Any may be refused; none may
 * crash, leak or read out of bounds. */
#include <stdlib.h>
#include <string.h>

#include "client/oauthbearer_jwt.h"
#include "client/sasl_jaas.h"
#include "net/sasl_oauthbearer.h"

static void build(const moldau__unsecured_jwt_t *j)
{
    int64_t expiry;
    const char *principal;
    free(moldau__unsecured_jwt_build(j, 1700000000000, &expiry, &principal));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *text = malloc(size); /* the rest, NUL-terminated: the parsers take C strings */
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = 0;
    char err[256], why[256];
    switch (data[0] % 4) {
    case 0:
        (void)moldau__oauthbearer_server_error(data + 1, size - 1, why, sizeof(why));
        break;
    case 1: {
        moldau__jaas_t jaas;
        moldau__unsecured_jwt_t j = {0};
        if (!moldau__jaas_parse(text, &jaas, err, sizeof(err)) &&
            !moldau__unsecured_jwt_from_jaas(&jaas, &j, err, sizeof(err)))
            build(&j);
        moldau__unsecured_jwt_free(&j);
        moldau__jaas_free(&jaas);
        break;
    }
    case 2: {
        moldau__unsecured_jwt_t j;
        if (!moldau__unsecured_jwt_from_config(text, &j, err, sizeof(err)))
            build(&j);
        moldau__unsecured_jwt_free(&j);
        break;
    }
    default: {
        const char *parts[8];
        size_t n = 0;
        for (char *p = text, *nl; n < 8; p = nl + 1) {
            parts[n++] = p;
            if (!(nl = strchr(p, '\n')))
                break;
            *nl = 0;
        }
        (void)moldau__oauthbearer_check(parts[0], parts + 1, n - 1, err, sizeof(err));
        break;
    }
    }
    free(text);
    return 0;
}
