/*
 * moldau — the admin client's SCRAM user calls (KIP-554): describe, upsert and delete the
 * SCRAM-SHA-256 / SCRAM-SHA-512 credentials brokers authenticate users with. The salted
 * password is made here (PBKDF2, from OpenSSL's libcrypto): a build without OpenSSL
 * (`make TLS=0`) refuses upserts with MOLDAU_ERR__UNSUPPORTED_FEATURE.
 *
 * The rules of moldau/admin.h hold.
 */
#ifndef MOLDAU_ADMIN_USERS_H
#define MOLDAU_ADMIN_USERS_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/admin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum moldau_admin_scram_mechanism {
    MOLDAU_ADMIN_SCRAM_SHA_256 = 1,
    MOLDAU_ADMIN_SCRAM_SHA_512 = 2
} moldau_admin_scram_mechanism_t;

typedef struct moldau_admin_scram_credential_info {
    moldau_admin_scram_mechanism_t mechanism;
    int32_t iterations;
} moldau_admin_scram_credential_info_t;

/* A user's credentials, or why they are missing. */
typedef struct moldau_admin_user_scram_credentials {
    const char *user;
    moldau_err_t err; /* e.g. RESOURCE_NOT_FOUND (no credentials for the user) */
    const char *errmsg;
    moldau_admin_scram_credential_info_t *const *credentials;
    size_t n_credentials;
} moldau_admin_user_scram_credentials_t;

typedef struct moldau_admin_user_scram_credentials_list {
    moldau_admin_user_scram_credentials_t *const *items; /* in the order asked; all: the broker's */
    size_t n_items;
} moldau_admin_user_scram_credentials_list_t;

/* The SCRAM credentials of users (users NULL, n 0: every user that has some)
 * (DescribeUserScramCredentials, any broker). The call's error: e.g.
 * CLUSTER_AUTHORIZATION_FAILED. MOLDAU_ERR__INVALID_ARG for users NULL with a count, a NULL or
 * empty name, or a name given twice. */
moldau_err_t moldau_admin_describe_user_scram_credentials(
    moldau_admin_t *a, const char *const *users, size_t n, int timeout_ms,
    moldau_admin_user_scram_credentials_list_t **out);

/* A credential to set (password not NULL) or delete (password NULL) for one mechanism. An
 * array element: its layout never changes. */
typedef struct moldau_admin_scram_alteration {
    const char *user;
    moldau_admin_scram_mechanism_t mechanism;
    const char *password;   /* NULL: delete the user's credential of this mechanism */
    int32_t iterations;     /* upsert: 0 for 8192; Kafka takes 4096 to 16384 */
} moldau_admin_scram_alteration_t;

/* A user's outcome. */
typedef struct moldau_admin_user_result {
    const char *user;
    moldau_err_t err; /* e.g. RESOURCE_NOT_FOUND (delete of none), UNACCEPTABLE_CREDENTIAL */
    const char *errmsg;
} moldau_admin_user_result_t;

typedef struct moldau_admin_user_results {
    moldau_admin_user_result_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_user_results_t;

/* Upserts and deletes SCRAM credentials (AlterUserScramCredentials, any broker; Kafka takes a
 * user once a request, so a user's second alteration goes in a request after the first), each
 * with a random salt and the password salted here, never sent itself. Its memory is cleared before
 * the call returns. MOLDAU_ERR__INVALID_ARG for NULL or zero items, a NULL or empty user, an
 * unknown mechanism, a negative iteration count; MOLDAU_ERR__UNSUPPORTED_FEATURE for an
 * upsert in a build without OpenSSL. */
moldau_err_t moldau_admin_alter_user_scram_credentials(
    moldau_admin_t *a, const moldau_admin_scram_alteration_t *alts, size_t n, int timeout_ms,
    moldau_admin_user_results_t **out);

#ifdef __cplusplus
}
#endif

#endif
