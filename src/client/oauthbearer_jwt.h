/*
 * Unsecured JWTs (RFC 7519 with "alg":"none"), the tokens Kafka's default OAUTHBEARER
 * validator accepts: for tests and development, never production. What they say comes from
 * librdkafka's sasl.oauthbearer.config ("principal=alice scope=a,b lifeSeconds=60
 * extension_traceId=x") or from the Java client's OAuthBearerLoginModule options
 * (unsecuredLoginStringClaim_sub="alice", ...).
 */
#ifndef MOLDAU_CLIENT_OAUTHBEARER_JWT_H
#define MOLDAU_CLIENT_OAUTHBEARER_JWT_H

#include <stddef.h>
#include <stdint.h>

#include "client/sasl_jaas.h"

typedef enum { MOLDAU__CLAIM_STRING, MOLDAU__CLAIM_NUMBER, MOLDAU__CLAIM_LIST } moldau__claim_kind_t;

typedef struct moldau__claim {
    char *name;
    moldau__claim_kind_t kind;
    char *value;   /* LIST: the items, each ended by delim */
    char delim;
} moldau__claim_t;

typedef struct moldau__unsecured_jwt {
    char *principal_claim; /* "sub" unless said otherwise */
    int64_t life_s;        /* 3600 unless said otherwise */
    moldau__claim_t *claims;
    size_t n_claims;
    char **extensions;     /* key, value, ... */
    size_t n_extensions;   /* strings */
} moldau__unsecured_jwt_t;

/* From sasl.oauthbearer.config: space-separated name=value; principal (required),
 * principalClaimName, scope (comma-separated), scopeClaimName, lifeSeconds, extension_NAME.
 * 0, or -1 with a sentence (j is freed by the caller either way). */
int moldau__unsecured_jwt_from_config(const char *config, moldau__unsecured_jwt_t *j,
                                      char *errstr, size_t errstr_size);
/* From OAuthBearerLoginModule's options: unsecuredLoginStringClaim_NAME,
 * unsecuredLoginNumberClaim_NAME, unsecuredLoginListClaim_NAME (first character the
 * delimiter), unsecuredLoginPrincipalClaimName, unsecuredLoginLifetimeSeconds,
 * unsecuredLoginExtension_NAME. The principal's claim is required. */
int moldau__unsecured_jwt_from_jaas(const moldau__jaas_t *jaas, moldau__unsecured_jwt_t *j,
                                    char *errstr, size_t errstr_size);
/* A token issued at now_ms (wall clock): header.payload. (no signature), malloc'd; its expiry
 * (ms since the epoch) in *expiry_ms and its principal in *principal (valid while j lives).
 * NULL when out of memory. */
char *moldau__unsecured_jwt_build(const moldau__unsecured_jwt_t *j, int64_t now_ms,
                                  int64_t *expiry_ms, const char **principal);
void moldau__unsecured_jwt_free(moldau__unsecured_jwt_t *j);

#endif
