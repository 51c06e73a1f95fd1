/* A client's OAUTHBEARER token and its refreshes (see oauthbearer.h), and the public calls of
 * moldau/oauthbearer.h. */
#include "client/oauthbearer.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/client.h"
#include "client/log.h"
#include "net/sasl_oauthbearer.h"
#include "util/clock.h"
#include "util/errstr.h"

#define RENEW_PERCENT 80
#define RETRY_MS 10000

struct moldau__oauth {
    moldau_client_t *c;
    const moldau__sasl_conf_t *s;
    moldau__sasl_tokens_t tokens; /* reactor thread */
    moldau__timer_t timer;        /* the next refresh */
    int stopped;                  /* reactor thread */
    atomic_int asked;             /* a refresh op waits for the application */
};

/* ---- refreshes ----------------------------------------------------------------------------- */

typedef struct refresh_op {
    moldau__op_t op;
    moldau__oauth_t *o;
} refresh_op_t;

static void refresh_op_serve(moldau__op_t *op, void *ctx)
{
    moldau__oauth_t *o = ((refresh_op_t *)op)->o;
    (void)ctx;
    atomic_store(&o->asked, 0);
    moldau_client_t *c = o->c;
    c->cbs.oauthbearer_refresh(c, moldau__conf_str(c->conf, MOLDAU__CONF_SASL_OAUTHBEARER_CONFIG),
                               c->cbs.opaque);
}

static void refresh_op_destroy(moldau__op_t *op) { free(op); }

static void apply_token(moldau__oauth_t *o, const char *value, int64_t expiry_ms,
                        const char *principal, const char *const *ext, size_t n);
static void apply_failure(moldau__oauth_t *o, const char *reason);

static void refresh(moldau__oauth_t *o)
{
    if (o->stopped)
        return;
    if (o->s->oauth == MOLDAU__OAUTH_UNSECURED) {
        int64_t expiry;
        const char *principal;
        char *jwt = moldau__unsecured_jwt_build(&o->s->jwt, moldau__wall_ms(), &expiry,
                                                &principal);
        if (!jwt) {
            apply_failure(o, "out of memory for an unsecured JWT");
            return;
        }
        apply_token(o, jwt, expiry, principal, (const char *const *)o->s->jwt.extensions,
                    o->s->jwt.n_extensions);
        explicit_bzero(jwt, strlen(jwt));
        free(jwt);
        return;
    }
    if (atomic_exchange(&o->asked, 1))
        return; /* the application has not served the last one yet */
    refresh_op_t *op = malloc(sizeof(*op));
    if (!op) {
        atomic_store(&o->asked, 0);
        moldau__timer_arm(o->c->reactor, &o->timer, moldau__now_ms() + RETRY_MS);
        return;
    }
    moldau__op_init(&op->op, MOLDAU__OP_CALLBACK, refresh_op_serve, refresh_op_destroy);
    op->o = o;
    moldau__dbg(&o->c->logger, MOLDAU__DBG_BROKER, "OAUTHBEARER", "asking the application "
                "for a token");
    moldau__opq_push(&o->c->ops, &op->op);
}

static void on_timer(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    refresh(t->opaque);
}

static void apply_token(moldau__oauth_t *o, const char *value, int64_t expiry_ms,
                        const char *principal, const char *const *ext, size_t n)
{
    if (moldau__sasl_tokens_set(&o->tokens, value, expiry_ms, principal, ext, n)) {
        apply_failure(o, "out of memory for the token");
        return;
    }
    int64_t left = expiry_ms - moldau__wall_ms();
    int64_t renew = left > 0 ? left * RENEW_PERCENT / 100 : 0;
    moldau__dbg(&o->c->logger, MOLDAU__DBG_BROKER, "OAUTHBEARER",
                "token for principal \"%s\" set, valid %lld ms more; renewing in %lld ms",
                principal ? principal : "", (long long)left, (long long)renew);
    moldau__timer_arm(o->c->reactor, &o->timer, moldau__now_ms() + renew);
    if (o->c->cluster)
        moldau__cluster_credentials_changed(o->c->cluster);
}

static void apply_failure(moldau__oauth_t *o, const char *reason)
{
    char why[300];
    snprintf(why, sizeof(why), "OAUTHBEARER token refresh failed: %s; retrying in %d s", reason,
             RETRY_MS / 1000);
    moldau__log(&o->c->logger, MOLDAU_LOG_WARNING, "OAUTHBEARER", "%s", why);
    moldau__client_error(o->c, MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, why);
    moldau__sasl_tokens_fail(&o->tokens, reason);
    moldau__timer_arm(o->c->reactor, &o->timer, moldau__now_ms() + RETRY_MS);
}

/* ---- life cycle ---------------------------------------------------------------------------- */

moldau__oauth_t *moldau__oauth_new(moldau_client_t *c, const moldau__sasl_conf_t *s)
{
    moldau__oauth_t *o = calloc(1, sizeof(*o));
    if (!o)
        return NULL;
    o->c = c;
    o->s = s;
    moldau__sasl_tokens_init(&o->tokens);
    moldau__timer_init(&o->timer, on_timer, o);
    atomic_init(&o->asked, 0);
    return o;
}

moldau__sasl_tokens_t *moldau__oauth_tokens(moldau__oauth_t *o) { return &o->tokens; }

void moldau__oauth_start(moldau__oauth_t *o) { refresh(o); }

void moldau__oauth_stop(moldau__oauth_t *o)
{
    o->stopped = 1;
    moldau__timer_cancel(o->c->reactor, &o->timer);
}

void moldau__oauth_free(moldau__oauth_t *o)
{
    if (!o)
        return;
    moldau__sasl_tokens_free(&o->tokens);
    free(o);
}

/* ---- the application's calls --------------------------------------------------------------- */

/* What the application hands over, applied on the reactor's thread (run_sync). */
typedef struct token_set {
    moldau__oauth_t *o;
    const char *value, *principal; /* value NULL: a failure, its reason in principal */
    int64_t expiry_ms;
    const char *const *ext;
    size_t n;
} token_set_t;

static void token_set_run(void *arg)
{
    token_set_t *t = arg;
    if (t->o->stopped)
        return;
    if (t->value)
        apply_token(t->o, t->value, t->expiry_ms, t->principal, t->ext, t->n);
    else
        apply_failure(t->o, t->principal);
}

static moldau__oauth_t *oauth_of(moldau_client_t *c, char *errstr, size_t errstr_size)
{
    if (!c->oauth || c->sasl.oauth != MOLDAU__OAUTH_APP) {
        moldau__errstr_set(errstr, errstr_size,
                           !c->oauth ? "the client does not use sasl.mechanism=OAUTHBEARER"
                                     : "the client makes its own unsecured tokens "
                                       "(enable.sasl.oauthbearer.unsecure.jwt)");
        return NULL;
    }
    return c->oauth;
}

moldau_err_t moldau_oauthbearer_set_token(moldau_client_t *c, const char *token_value,
                                          int64_t md_lifetime_ms, const char *md_principal_name,
                                          const char *const *extensions, size_t extension_size,
                                          char *errstr, size_t errstr_size)
{
    moldau__oauth_t *o = oauth_of(c, errstr, errstr_size);
    if (!o)
        return MOLDAU_ERR__STATE;
    if (moldau__oauthbearer_check(token_value, extensions, extension_size, errstr,
                                  errstr_size))
        return MOLDAU_ERR__INVALID_ARG;
    int64_t now = moldau__wall_ms();
    if (md_lifetime_ms <= now) {
        moldau__errstr_set(errstr, errstr_size,
                           "md_lifetime_ms %lld is not in the future (now %lld: milliseconds "
                           "since the epoch)", (long long)md_lifetime_ms, (long long)now);
        return MOLDAU_ERR__INVALID_ARG;
    }
    /* applied before returning, so that what the application does next uses it (the store
     * copies everything) */
    token_set_t t = {o, token_value, md_principal_name ? md_principal_name : "", md_lifetime_ms,
                     extensions, extension_size};
    moldau__client_run_sync(c, token_set_run, &t);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_oauthbearer_set_token_failure(moldau_client_t *c, const char *errstr)
{
    moldau__oauth_t *o = oauth_of(c, NULL, 0);
    if (!o)
        return MOLDAU_ERR__STATE;
    if (!errstr || !*errstr)
        return MOLDAU_ERR__INVALID_ARG;
    token_set_t t = {o, NULL, errstr, 0, NULL, 0};
    moldau__client_run_sync(c, token_set_run, &t);
    return MOLDAU_ERR_NONE;
}
