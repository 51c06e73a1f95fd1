/* The SCRAM user calls: DescribeUserScramCredentials and AlterUserScramCredentials, one request
 * to any broker each; upserts salted here (util/crypto.h). */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/admin_users.h"
#include "moldau/protocol.h"
#include "util/crypto.h"

MOLDAU__REQUEST_CODEC(dus, moldau_describe_user_scram_credentials_request_t,
                      moldau_describe_user_scram_credentials_request_encode,
                      moldau_describe_user_scram_credentials_response_t,
                      moldau_describe_user_scram_credentials_response_decode)
MOLDAU__REQUEST_CODEC(aus, moldau_alter_user_scram_credentials_request_t,
                      moldau_alter_user_scram_credentials_request_encode,
                      moldau_alter_user_scram_credentials_response_t,
                      moldau_alter_user_scram_credentials_response_decode)

#define SALT_LEN 32
#define DEFAULT_ITERATIONS 8192

moldau_err_t moldau_admin_describe_user_scram_credentials(
    moldau_admin_t *a, const char *const *users, size_t n, int timeout_ms,
    moldau_admin_user_scram_credentials_list_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = n ? moldau__admin_check_names(a, "DescribeUserScramCredentials", users, n)
                         : MOLDAU_ERR_NONE;
    for (size_t i = 0; !err && i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(users[i], users[j])) {
                moldau__admin_dbg(a, "DescribeUserScramCredentials: %s given twice", users[i]);
                err = MOLDAU_ERR__INVALID_ARG;
            }
    if (err)
        return err;
    moldau__request_t *req = moldau__request_new(
        a->client, MOLDAU_API_DESCRIBE_USER_SCRAM_CREDENTIALS, dus_encode, dus_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_describe_user_scram_credentials_request_t *body =
        arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    moldau_describe_user_scram_credentials_user_t *us =
        body && n ? moldau_arena_calloc(arena, n, sizeof(*us)) : NULL;
    if (!body || (n && !us)) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t i = 0; i < n; i++)
        us[i].name = users[i]; /* the caller's: the call waits for the answer */
    body->users = us;
    body->n_users = n ? (int32_t)n : -1; /* null: every user */
    moldau__response_t *resp;
    if ((err = moldau__admin_send_any(a, req, body, timeout_ms, &resp)))
        return err;
    const moldau_describe_user_scram_credentials_response_t *r = resp->body;
    if (r->error_code) {
        moldau__admin_dbg(a, "DescribeUserScramCredentials: %s",
                          r->error_message ? r->error_message : "");
        err = (moldau_err_t)r->error_code;
        moldau__response_free(resp);
        return err;
    }
    size_t m = n ? n : (r->n_results > 0 ? (size_t)r->n_results : 0);
    moldau_admin_user_scram_credentials_list_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_user_scram_credentials_t **items =
        res ? (void *)moldau__admin_result_items(res, m, sizeof(**items)) : NULL;
    if (!res || (m && !items) || moldau__admin_result_keep(res, resp)) {
        if (!res || (m && !items))
            moldau__response_free(resp);
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    int oom = 0;
    for (size_t i = 0; i < m && !oom; i++) {
        const moldau_describe_user_scram_credentials_result_t *ur = NULL;
        if (!n)
            ur = &r->results[i];
        for (int32_t k = 0; n && k < r->n_results && !ur; k++)
            if (r->results[k].user && !strcmp(r->results[k].user, users[i]))
                ur = &r->results[k];
        items[i]->user = n ? moldau__admin_result_str(res, users[i], &oom) : ur->user;
        if (!ur) {
            items[i]->err = MOLDAU_ERR__BAD_MSG;
            items[i]->errmsg = "the broker's answer left this user out";
            continue;
        }
        items[i]->err = (moldau_err_t)ur->error_code;
        items[i]->errmsg = moldau__admin_errmsg(items[i]->err, ur->error_message);
        size_t nc = ur->n_credential_infos > 0 ? (size_t)ur->n_credential_infos : 0;
        moldau_admin_scram_credential_info_t **cs =
            (void *)moldau__admin_result_items(res, nc, sizeof(**cs));
        if (nc && !cs) {
            oom = 1;
            break;
        }
        for (size_t k = 0; k < nc; k++)
            *cs[k] = (moldau_admin_scram_credential_info_t){
                (moldau_admin_scram_mechanism_t)ur->credential_infos[k].mechanism,
                ur->credential_infos[k].iterations};
        items[i]->credentials = cs;
        items[i]->n_credentials = nc;
    }
    if (oom) {
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    res->items = items;
    res->n_items = m;
    *out = res;
    return MOLDAU_ERR_NONE;
}

/* The salted passwords of a call, cleared and freed once the request is written and answered
 * (they are not in the request's arena, which is freed without clearing). */
static void wipe(uint8_t *salted, size_t n)
{
    if (!salted)
        return;
    volatile uint8_t *p = salted; /* a plain memset before free may be optimised away */
    for (size_t i = 0; i < n * 64; i++)
        p[i] = 0;
    free(salted);
}

/* One request for the alterations in[idx[0..k)) (each user once: Kafka refuses a request that
 * names a user twice), their outcomes into items[idx[]]. The call's error, else NONE. */
static moldau_err_t alter_round(moldau_admin_t *a, const moldau_admin_scram_alteration_t *alts,
                                const size_t *idx, size_t k, int64_t deadline, void *res,
                                moldau_admin_user_result_t **items)
{
    size_t n_up = 0;
    for (size_t j = 0; j < k; j++)
        n_up += alts[idx[j]].password != NULL;
    moldau__request_t *req = moldau__request_new(
        a->client, MOLDAU_API_ALTER_USER_SCRAM_CREDENTIALS, aus_encode, aus_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_alter_user_scram_credentials_request_t *body =
        arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    moldau_scram_credential_deletion_t *dels =
        body ? moldau_arena_calloc(arena, k, sizeof(*dels)) : NULL;
    moldau_scram_credential_upsertion_t *ups =
        dels ? moldau_arena_calloc(arena, k, sizeof(*ups)) : NULL;
    uint8_t *secrets = n_up ? calloc(n_up, 64) : NULL;
    moldau_err_t err = MOLDAU_ERR__NO_MEMORY;
    if (!ups || (n_up && !secrets))
        goto fail;
    for (size_t j = 0; j < k; j++) {
        const moldau_admin_scram_alteration_t *x = &alts[idx[j]];
        if (!x->password) {
            dels[body->n_deletions++] = (moldau_scram_credential_deletion_t){x->user,
                                                                             (int8_t)x->mechanism};
            continue;
        }
        uint8_t *salt = moldau_arena_calloc(arena, 1, SALT_LEN);
        uint8_t *salted = secrets + 64 * (size_t)body->n_upsertions;
        size_t len = 0;
        int32_t iters = x->iterations ? x->iterations : DEFAULT_ITERATIONS;
        if (!salt)
            goto fail;
        if ((err = moldau__crypto_random(salt, SALT_LEN)) ||
            (err = moldau__crypto_pbkdf2(x->mechanism == MOLDAU_ADMIN_SCRAM_SHA_512, x->password,
                                         salt, SALT_LEN, iters, salted, &len)))
            goto fail;
        ups[body->n_upsertions++] = (moldau_scram_credential_upsertion_t){
            x->user, (int8_t)x->mechanism, iters, {salt, SALT_LEN}, {salted, (int32_t)len}};
    }
    body->deletions = dels;
    body->upsertions = ups;
    moldau__response_t *resp;
    err = moldau__admin_send_any(a, req, body, moldau__admin_left(deadline), &resp);
    req = NULL;
    wipe(secrets, n_up);
    secrets = NULL;
    if (err)
        return err;
    if ((err = moldau__admin_result_keep(res, resp)))
        return err;
    const moldau_alter_user_scram_credentials_response_t *r = resp->body;
    for (size_t j = 0; j < k; j++) {
        moldau_admin_user_result_t *it = items[idx[j]];
        it->err = MOLDAU_ERR__BAD_MSG;
        it->errmsg = "the broker's answer left this user out";
        for (int32_t q = 0; q < r->n_results; q++)
            if (r->results[q].user && !strcmp(r->results[q].user, alts[idx[j]].user)) {
                it->err = (moldau_err_t)r->results[q].error_code;
                it->errmsg = moldau__admin_errmsg(it->err, r->results[q].error_message);
            }
    }
    return MOLDAU_ERR_NONE;
fail:
    wipe(secrets, n_up);
    moldau__request_destroy(req);
    return err;
}

moldau_err_t moldau_admin_alter_user_scram_credentials(
    moldau_admin_t *a, const moldau_admin_scram_alteration_t *alts, size_t n, int timeout_ms,
    moldau_admin_user_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    size_t n_up = 0;
    int bad = !alts || !n || n > INT32_MAX;
    for (size_t i = 0; !bad && i < n; i++) {
        bad = !alts[i].user || !*alts[i].user || alts[i].iterations < 0 ||
              (alts[i].mechanism != MOLDAU_ADMIN_SCRAM_SHA_256 &&
               alts[i].mechanism != MOLDAU_ADMIN_SCRAM_SHA_512);
        n_up += alts[i].password != NULL;
    }
    if (bad) {
        moldau__admin_dbg(a, "AlterUserScramCredentials: an alteration is missing or not valid");
        return MOLDAU_ERR__INVALID_ARG;
    }
    if (n_up && !moldau__crypto_available()) {
        moldau__admin_dbg(a, "AlterUserScramCredentials: moldau was built without OpenSSL "
                             "(make TLS=0): it cannot salt a password");
        return MOLDAU_ERR__UNSUPPORTED_FEATURE;
    }
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    moldau_admin_user_results_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_user_result_t **items =
        res ? (void *)moldau__admin_result_items(res, n, sizeof(**items)) : NULL;
    int *sent = calloc(n, sizeof(*sent));
    size_t *idx = calloc(n, sizeof(*idx));
    moldau_err_t err = MOLDAU_ERR__NO_MEMORY;
    int oom = !items || !sent || !idx;
    for (size_t i = 0; !oom && i < n; i++)
        items[i]->user = moldau__admin_result_str(res, alts[i].user, &oom);
    if (oom)
        goto done;
    /* rounds: each takes the alterations of users not in it yet, in the order given */
    err = MOLDAU_ERR_NONE;
    for (size_t done_n = 0; done_n < n && !err;) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (sent[i])
                continue;
            int taken = 0;
            for (size_t j = 0; j < k && !taken; j++)
                taken = !strcmp(alts[idx[j]].user, alts[i].user);
            if (!taken) {
                idx[k++] = i;
                sent[i] = 1;
            }
        }
        err = alter_round(a, alts, idx, k, deadline, res, items);
        done_n += k;
    }
    if (err)
        goto done;
    res->items = items;
    res->n_items = n;
    *out = res;
    res = NULL;
done:
    moldau_admin_result_free(res);
    free(sent);
    free(idx);
    return err;
}
