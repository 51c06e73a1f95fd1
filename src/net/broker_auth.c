/* SASL on a broker's connection: SaslHandshake v1, then the mechanism's SaslAuthenticate
 * rounds (net/sasl.h makes the messages), and KIP-368 re-authentication before the session
 * the broker granted ends. See broker.h for what a refusal does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/broker_internal.h"
#include "util/clock.h"

/* A handshake answer belongs to the exchange that sent it only if the generation matches: a
 * connection closed under it fails its requests into these callbacks later. */
typedef struct auth_req {
    moldau__broker_t *b;
    int gen;
} auth_req_t;

/* The broker an answer is for, held; NULL (and nothing to do) when the answer is stale: the
 * connection closed (it says why) or the broker is being destroyed. Frees q. */
static moldau__broker_t *answered(auth_req_t *q)
{
    moldau__broker_t *b = q->b;
    int stale = q->gen != b->auth_gen || !b->sasl || b->dead;
    free(q);
    if (stale)
        return NULL;
    moldau__brk_hold(b);
    return b;
}

static const char *mech_name(const moldau__broker_t *b)
{
    return moldau__sasl_mech_name(b->opts.sasl.mechanism);
}

/* Final: the broker refused us. The sentence says which broker, mechanism and user, never a
 * secret. */
static void refused(moldau__broker_t *b, moldau_err_t err, const char *why)
{
    const char *user = b->opts.sasl.username;
    char who[200] = "";
    if (b->opts.sasl.mechanism != MOLDAU__SASL_OAUTHBEARER && user)
        snprintf(who, sizeof(who), " as \"%s\"", user);
    const char *said = moldau__sasl_exchange_server_said(b->sasl);
    if (strstr(why, "\"status\"")) /* the broker's message has the challenge already */
        said = "";
    snprintf(b->auth_reason, sizeof(b->auth_reason),
             "SASL %s authentication%s %sfailed: %s%s%s%s; not retrying this broker%s",
             mech_name(b), who, b->reauth ? "renewal " : "", why, *said ? " (" : "", said,
             *said ? ")" : "",
             b->opts.sasl.mechanism == MOLDAU__SASL_OAUTHBEARER ? " until a new token is set"
                                                                : "");
    b->auth_err = err;
    moldau__brk_handshake_failed(b, err, "%s", b->auth_reason);
}

static void drop_exchange(moldau__broker_t *b)
{
    moldau__sasl_exchange_free(b->sasl);
    b->sasl = NULL;
    if (b->sasl_out.data)
        explicit_bzero(b->sasl_out.data, b->sasl_out.cap);
    moldau_buf_free(&b->sasl_out);
    moldau_buf_init(&b->sasl_out);
}

static const char *api_name(int16_t api_key)
{
    return api_key == MOLDAU_API_SASL_HANDSHAKE ? "SaslHandshake" : "SaslAuthenticate";
}

static int64_t auth_deadline(const moldau__broker_t *b)
{
    return moldau__now_ms() + b->opts.api_versions_timeout_ms;
}

/* Sends one request of the exchange (its answer is stale once auth_gen moves on); a failure
 * to send fails the handshake. */
static void send_auth_req(moldau__broker_t *b, int16_t api_key, moldau__broker_encode_fn encode,
                          moldau__broker_resp_fn cb)
{
    auth_req_t *q = malloc(sizeof(*q));
    moldau_err_t err = MOLDAU_ERR__NO_MEMORY;
    if (q) {
        *q = (auth_req_t){b, b->auth_gen};
        err = moldau__brk_send_internal(b, api_key, encode, cb, q, auth_deadline(b));
    }
    if (err) {
        free(q);
        moldau__brk_handshake_failed(b, err, "cannot send %s: %s", api_name(api_key),
                                     moldau_err_name(err));
    }
}

/* An answer that did not come (err) or does not decode (decode_err) fails the handshake: 1
 * then, 0 when the answer is there to read. */
static int answer_failed(moldau__broker_t *b, int16_t api_key, moldau_err_t err,
                         moldau_err_t decode_err, int16_t version, size_t len)
{
    if (err)
        moldau__brk_handshake_failed(b, err, "%s failed: %s", api_name(api_key),
                                     moldau_err_name(err));
    else if (decode_err)
        moldau__brk_handshake_failed(b, MOLDAU_ERR__BAD_MSG,
                                     "malformed %s v%d response (%zu bytes)", api_name(api_key),
                                     version, len);
    return err || decode_err;
}

/* ---- SaslAuthenticate ------------------------------------------------------------------ */

static void send_authenticate(moldau__broker_t *b);
static void step(moldau__broker_t *b, const uint8_t *in, size_t len);

static moldau_err_t encode_authenticate(moldau_buf_t *w, int16_t version, void *opaque)
{
    auth_req_t *q = opaque;
    moldau_sasl_authenticate_request_t req = {
        {q->b->sasl_out.data, (int32_t)q->b->sasl_out.len}};
    return moldau_sasl_authenticate_request_encode(w, version, &req);
}

static void on_authenticate(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                            void *opaque)
{
    moldau__broker_t *b = answered(opaque);
    if (!b)
        return;
    moldau_arena_t arena;
    moldau_arena_init(&arena);
    moldau_sasl_authenticate_response_t resp;
    moldau_reader_t rd;
    moldau_reader_init(&rd, body, len);
    if (!answer_failed(b, MOLDAU_API_SASL_AUTHENTICATE, err,
                       err ? MOLDAU_ERR_NONE
                           : moldau_sasl_authenticate_response_decode(&rd, version, &arena, &resp),
                       version, len)) {
        if (resp.error_code) {
            char why[256];
            snprintf(why, sizeof(why), "%s%s%s", moldau_err_name((moldau_err_t)resp.error_code),
                     resp.error_message ? ": " : "",
                     resp.error_message ? resp.error_message : "");
            refused(b, (moldau_err_t)resp.error_code, why);
        } else {
            if (resp.session_lifetime_ms > 0) {
                /* KIP-368: renew at a random 85-95% of the session, as the Java client does */
                int64_t at = resp.session_lifetime_ms *
                             (85 + (int64_t)(moldau__rng_next(&b->rng) % 11)) / 100;
                moldau__timer_arm(b->r, &b->reauth_timer, moldau__now_ms() + at);
            }
            int64_t n = resp.auth_bytes.len > 0 ? resp.auth_bytes.len : 0;
            step(b, resp.auth_bytes.data, (size_t)n);
        }
    }
    moldau_arena_free(&arena);
    moldau__brk_release(b);
}

static void send_authenticate(moldau__broker_t *b)
{
    if (moldau__broker_api_version(b, MOLDAU_API_SASL_AUTHENTICATE) < 0) {
        refused(b, MOLDAU_ERR__UNSUPPORTED_FEATURE, "the broker does not offer SaslAuthenticate");
        return;
    }
    send_auth_req(b, MOLDAU_API_SASL_AUTHENTICATE, encode_authenticate, on_authenticate);
}

/* ---- the mechanism's steps --------------------------------------------------------------- */

static void done(moldau__broker_t *b)
{
    int was_reauth = b->reauth;
    drop_exchange(b);
    b->stats.authentications++;
    if (was_reauth)
        b->stats.reauthentications++;
    moldau__dbg(b->opts.logger, MOLDAU__DBG_BROKER, "BROKER", "%s: SASL %s %s", b->name,
                mech_name(b), was_reauth ? "re-authenticated" : "authenticated");
    moldau__brk_ready(b);
}

static void on_token_timeout(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__broker_t *b = t->opaque;
    moldau__sasl_tokens_t *tokens = b->opts.sasl.tokens;
    moldau__sasl_tokens_unwait(tokens, &b->token_waiter);
    moldau__brk_handshake_failed(b, MOLDAU_ERR__TIMED_OUT,
                                 "no usable OAUTHBEARER token within %d ms%s%s%s",
                                 (int)b->opts.api_versions_timeout_ms,
                                 tokens->failure ? " (the last refresh failed: " : " (the "
                                 "application's token refresh callback runs from its poll calls",
                                 tokens->failure ? tokens->failure_reason : "", ")");
}

static void on_token(void *opaque)
{
    moldau__broker_t *b = opaque;
    moldau__timer_cancel(b->r, &b->token_timer);
    if (b->sasl && !b->dead)
        step(b, NULL, 0);
}

/* Feeds the server's message (NULL before the first) to the mechanism; sends its answer or
 * ends the exchange. */
static void step(moldau__broker_t *b, const uint8_t *in, size_t len)
{
    char errstr[256] = "";
    int finished = 0;
    moldau_err_t err =
        moldau__sasl_exchange_step(b->sasl, in, len, &b->sasl_out, &finished, errstr,
                                   sizeof(errstr));
    if (err == MOLDAU_ERR__STATE && b->opts.sasl.tokens) {
        /* no usable token: wait on this connection for the next one, even after a failed
         * refresh (transient: the client retries it), rather than reconnect in a loop */
        moldau__sasl_tokens_wait(b->opts.sasl.tokens, &b->token_waiter);
        if (!moldau__timer_armed(&b->token_timer))
            moldau__timer_arm(b->r, &b->token_timer, auth_deadline(b));
        return;
    }
    if (err == MOLDAU_ERR_SASL_AUTHENTICATION_FAILED || err == MOLDAU_ERR__UNSUPPORTED_FEATURE) {
        refused(b, err == MOLDAU_ERR__UNSUPPORTED_FEATURE ? MOLDAU_ERR_SASL_AUTHENTICATION_FAILED
                                                         : err,
                errstr);
        return;
    }
    if (err) {
        moldau__brk_handshake_failed(b, err, "SASL %s: %s", mech_name(b), errstr);
        return;
    }
    if (finished)
        done(b);
    else
        send_authenticate(b);
}

/* ---- SaslHandshake ------------------------------------------------------------------------- */

static moldau_err_t encode_handshake(moldau_buf_t *w, int16_t version, void *opaque)
{
    auth_req_t *q = opaque;
    moldau_sasl_handshake_request_t req = {mech_name(q->b)};
    return moldau_sasl_handshake_request_encode(w, version, &req);
}

static void on_handshake(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                         void *opaque)
{
    moldau__broker_t *b = answered(opaque);
    if (!b)
        return;
    moldau_arena_t arena;
    moldau_arena_init(&arena);
    moldau_sasl_handshake_response_t resp;
    moldau_reader_t rd;
    moldau_reader_init(&rd, body, len);
    if (!answer_failed(b, MOLDAU_API_SASL_HANDSHAKE, err,
                       err ? MOLDAU_ERR_NONE
                           : moldau_sasl_handshake_response_decode(&rd, version, &arena, &resp),
                       version, len)) {
        if (resp.error_code == MOLDAU_ERR_UNSUPPORTED_SASL_MECHANISM) {
            char why[256];
            size_t at = (size_t)snprintf(why, sizeof(why), "the broker does not enable it; it "
                                                           "enables");
            for (int32_t i = 0; i < resp.n_mechanisms && at < sizeof(why); i++)
                at += (size_t)snprintf(why + at, sizeof(why) - at, "%s %s", i ? "," : "",
                                       resp.mechanisms[i] ? resp.mechanisms[i] : "?");
            if (resp.n_mechanisms <= 0)
                snprintf(why + at, sizeof(why) - at, " none");
            refused(b, MOLDAU_ERR_UNSUPPORTED_SASL_MECHANISM, why);
        } else if (resp.error_code) {
            refused(b, (moldau_err_t)resp.error_code,
                    moldau_err_name((moldau_err_t)resp.error_code));
        } else {
            step(b, NULL, 0);
        }
    }
    moldau_arena_free(&arena);
    moldau__brk_release(b);
}

void moldau__brk_auth_start(moldau__broker_t *b, int reauth)
{
    char errstr[256] = "";
    drop_exchange(b);
    b->auth_gen++;
    b->reauth = reauth;
    if (!reauth)
        moldau__brk_set_state(b, MOLDAU__BROKER_AUTHENTICATING, MOLDAU_ERR_NONE, "");
    if (b->dead || !b->conn)
        return;
    /* v0 handshakes send the tokens raw, outside Kafka's framing: moldau speaks only v1+. */
    if (moldau__broker_api_version(b, MOLDAU_API_SASL_HANDSHAKE) < 1) {
        refused(b, MOLDAU_ERR_UNSUPPORTED_SASL_MECHANISM,
                "the broker offers no SaslHandshake v1 (Kafka 1.0 or later is needed)");
        return;
    }
    if (!(b->sasl = moldau__sasl_exchange_new(&b->opts.sasl, errstr, sizeof(errstr)))) {
        refused(b, MOLDAU_ERR_SASL_AUTHENTICATION_FAILED, errstr);
        return;
    }
    if (reauth)
        moldau__dbg(b->opts.logger, MOLDAU__DBG_BROKER, "BROKER",
                    "%s: SASL session ending: re-authenticating (%d request(s) in flight)",
                    b->name, b->on_conn);
    send_auth_req(b, MOLDAU_API_SASL_HANDSHAKE, encode_handshake, on_handshake);
}

static void on_reauth_timer(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__broker_t *b = t->opaque;
    if (b->state != MOLDAU__BROKER_UP || b->dead || !b->conn)
        return;
    moldau__brk_hold(b);
    moldau__brk_auth_start(b, 1);
    moldau__brk_release(b);
}

void moldau__brk_auth_init(moldau__broker_t *b)
{
    moldau_buf_init(&b->sasl_out);
    moldau__timer_init(&b->reauth_timer, on_reauth_timer, b);
    moldau__timer_init(&b->token_timer, on_token_timeout, b);
    b->token_waiter = (moldau__sasl_token_waiter_t){.fn = on_token, .opaque = b};
}

void moldau__brk_auth_stop(moldau__broker_t *b)
{
    b->auth_gen++;
    b->reauth = 0;
    drop_exchange(b);
    moldau__timer_cancel(b->r, &b->reauth_timer);
    moldau__timer_cancel(b->r, &b->token_timer);
    if (b->opts.sasl.tokens)
        moldau__sasl_tokens_unwait(b->opts.sasl.tokens, &b->token_waiter);
}

void moldau__brk_auth_free(moldau__broker_t *b) { drop_exchange(b); }
