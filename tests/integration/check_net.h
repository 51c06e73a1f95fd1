/* Shared by the check_net*.c suites: a reactor, a connection to a badpeer, and a record of
 * every request's outcome, so tests can assert "each callback exactly once, in order". */
#ifndef MOLDAU_TESTS_CHECK_NET_H
#define MOLDAU_TESTS_CHECK_NET_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../support/badpeer_test.h"
#include "moldau/protocol.h"
#include "net/conn.h"
#include "net/reactor.h"

#define NET_MAX_REQ 512
/* How long NET_RUN_UNTIL waits before it fails the test: a guard so a bug shows as a clear
 * failure rather than a hang, not a timing assertion (everything it waits for takes
 * milliseconds). */
#define NET_GIVE_UP_MS 20000

typedef struct net_harness net_harness_t;

typedef struct {
    net_harness_t *h;
    int idx;
    int calls;
    moldau_err_t err;
    int order;       /* completion order */
    int after_close; /* the closed callback had run when this request completed */
    uint8_t *body;   /* copy */
    size_t len;
    int32_t corr;
} net_rec_t;

struct net_harness {
    moldau__reactor_t *r;
    moldau__conn_t *c;
    badpeer_t *bp;
    int connected, closed;
    moldau_err_t close_err;
    char reason[512];
    int done, n_sent;
    net_rec_t rec[NET_MAX_REQ];
    int destroy_in_response; /* destroy the connection from this request's callback, or -1 */
    int destroy_in_closed;
    int take_in_response;    /* take the response buffer of this request, or -1 */
    moldau_buf_t taken;
    const uint8_t *taken_body;
};

static inline void net_on_connected(moldau__conn_t *c, void *opaque)
{
    net_harness_t *h = opaque;
    ck_assert_ptr_eq(c, h->c);
    ck_assert_int_eq(moldau__conn_state(c), MOLDAU__CONN_UP);
    h->connected++;
}

static inline void net_on_closed(moldau__conn_t *c, moldau_err_t err, const char *reason,
                                 void *opaque)
{
    net_harness_t *h = opaque;
    ck_assert_ptr_eq(c, h->c);
    ck_assert_int_eq(moldau__conn_state(c), MOLDAU__CONN_CLOSED);
    h->closed++;
    h->close_err = err;
    snprintf(h->reason, sizeof(h->reason), "%s", reason);
    if (h->destroy_in_closed) {
        moldau__conn_destroy(c);
        h->c = NULL;
    }
}

static inline void net_on_response(moldau_err_t err, const uint8_t *body, size_t len,
                                   void *opaque)
{
    net_rec_t *rec = opaque;
    net_harness_t *h = rec->h;
    rec->calls++;
    rec->err = err;
    rec->order = h->done++;
    rec->after_close = h->closed;
    if (err == MOLDAU_ERR_NONE && body) {
        rec->body = malloc(len + 1);
        memcpy(rec->body, body, len);
        rec->len = len;
    } else {
        ck_assert_ptr_null(body);
        ck_assert_uint_eq(len, 0);
    }
    if (rec->idx == h->take_in_response) {
        ck_assert_int_eq(moldau__conn_take_response(h->c, &h->taken), 0);
        h->taken_body = body;
    }
    if (rec->idx == h->destroy_in_response && h->c) {
        moldau__conn_destroy(h->c);
        h->c = NULL;
    }
}

/* A frame for api key/version with `payload` as its body. */
static inline void net_frame(moldau_buf_t *w, int16_t key, int16_t version, const void *payload,
                             size_t len)
{
    moldau_buf_init(w);
    size_t at = moldau_frame_begin(w);
    ck_assert_int_eq(moldau_request_header_write(w, key, version, 0, "moldau-test"),
                     MOLDAU_ERR_NONE);
    moldau_buf_put(w, payload, len);
    moldau_frame_end(w, at);
}

static inline moldau_err_t net_send_ex(net_harness_t *h, int16_t key, int16_t version,
                                       const void *payload, size_t len, int64_t deadline,
                                       unsigned flags)
{
    ck_assert_int_lt(h->n_sent, NET_MAX_REQ);
    net_rec_t *rec = &h->rec[h->n_sent];
    rec->h = h;
    rec->idx = h->n_sent;
    moldau_buf_t w;
    net_frame(&w, key, version, payload, len);
    moldau_err_t err = moldau__conn_send(h->c, &w, deadline, flags, net_on_response, rec,
                                         &rec->corr);
    ck_assert_ptr_null(w.data); /* taken over in every case */
    h->n_sent++;
    return err;
}

/* ApiVersions v0 (classic headers) for even i, Metadata v9 (flexible headers) for odd i. */
static inline moldau_err_t net_send(net_harness_t *h, const char *payload, int64_t deadline)
{
    int odd = h->n_sent % 2;
    return net_send_ex(h, odd ? MOLDAU_API_METADATA : MOLDAU_API_API_VERSIONS, odd ? 9 : 0,
                       payload, strlen(payload), deadline, 0);
}

static inline void net_connect(net_harness_t *h, const char *host, int port,
                               const moldau__conn_opts_t *opts)
{
    moldau__conn_cbs_t cbs = {.connected = net_on_connected, .closed = net_on_closed,
                              .opaque = h};
    h->c = moldau__conn_new(h->r, host, port, opts, &cbs);
    ck_assert_ptr_nonnull(h->c);
}

/* A harness with a reactor and nothing else yet. */
static inline void net_init(net_harness_t *h)
{
    memset(h, 0, sizeof(*h));
    h->destroy_in_response = h->take_in_response = -1;
    char err[256];
    h->r = moldau__reactor_new(err, sizeof(err));
    ck_assert_msg(h->r != NULL, "%s", err);
}

/* A reactor, a badpeer with the script, a connection to it (opts NULL: defaults). */
static inline void net_start(net_harness_t *h, const badpeer_step_t *script, size_t n,
                             badpeer_action_t after, const moldau__conn_opts_t *opts)
{
    net_init(h);
    h->bp = badpeer_start(script, n, after);
    net_connect(h, "127.0.0.1", badpeer_port(h->bp), opts);
}

#define NET_RUN_UNTIL(h, cond)                                                                   \
    do {                                                                                         \
        int64_t give_up_ = moldau__now_ms() + NET_GIVE_UP_MS;                                    \
        while (!(cond) && moldau__now_ms() < give_up_)                                           \
            ck_assert_int_ge(moldau__reactor_run_once((h)->r, 100), 0);                         \
        ck_assert_msg((cond), "gave up waiting for: %s", #cond);                                 \
    } while (0)

/* Every request sent has completed exactly once. */
static inline void net_assert_all_once(net_harness_t *h)
{
    ck_assert_int_eq(h->done, h->n_sent);
    for (int i = 0; i < h->n_sent; i++)
        ck_assert_msg(h->rec[i].calls == 1, "request %d completed %d times", i, h->rec[i].calls);
}

static inline void net_finish(net_harness_t *h)
{
    moldau__conn_destroy(h->c);
    h->c = NULL;
    for (int i = 0; i < h->n_sent; i++)
        ck_assert_int_le(h->rec[i].calls, 1);
    badpeer_stop(h->bp);
    moldau__reactor_destroy(h->r);
    for (int i = 0; i < h->n_sent; i++)
        free(h->rec[i].body);
    moldau_buf_free(&h->taken);
}

#endif
