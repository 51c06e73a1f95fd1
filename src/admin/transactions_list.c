/* moldau_admin_list_transactions: ListTransactions to every broker at once (each lists the
 * transactional ids it coordinates). */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/admin_state.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(lt, moldau_list_transactions_request_t,
                      moldau_list_transactions_request_encode,
                      moldau_list_transactions_response_t, moldau_list_transactions_response_decode)

typedef struct lt_call {
    moldau_admin_t *a;
    const char *const *states;
    size_t n_states;
} lt_call_t;

static moldau__request_t *request_for(void *ctx, int32_t node)
{
    (void)node;
    const lt_call_t *c = ctx;
    moldau__request_t *req = moldau__request_new(c->a->client, MOLDAU_API_LIST_TRANSACTIONS,
                                                 lt_encode, lt_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_list_transactions_request_t *body =
        arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    const char **states = body && c->n_states
                              ? moldau_arena_calloc(arena, c->n_states, sizeof(*states))
                              : NULL;
    if (!body || (c->n_states && !states)) {
        moldau__request_destroy(req);
        return NULL;
    }
    *body = MOLDAU_LIST_TRANSACTIONS_REQUEST_INIT;
    for (size_t i = 0; i < c->n_states; i++)
        states[i] = c->states[i]; /* the caller's: the call waits for every answer */
    body->state_filters = states;
    body->n_state_filters = (int32_t)c->n_states;
    moldau__request_set_body(req, body);
    return req;
}

static int by_id(const void *x, const void *y)
{
    const moldau_admin_transaction_listing_t *a = *(moldau_admin_transaction_listing_t *const *)x;
    const moldau_admin_transaction_listing_t *b = *(moldau_admin_transaction_listing_t *const *)y;
    return strcmp(a->transactional_id ? a->transactional_id : "",
                  b->transactional_id ? b->transactional_id : "");
}

moldau_err_t moldau_admin_list_transactions(moldau_admin_t *a, const char *const *states,
                                            size_t n_states, int timeout_ms,
                                            moldau_admin_transaction_listings_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    int bad = (!states && n_states) || n_states > INT32_MAX;
    for (size_t i = 0; !bad && i < n_states; i++)
        bad = !states[i] || !*states[i];
    if (bad) {
        moldau__admin_dbg(a, "ListTransactions: states NULL with a count, or an empty state");
        return MOLDAU_ERR__INVALID_ARG;
    }
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    int32_t *nodes = NULL;
    size_t n = 0;
    moldau_err_t err = moldau__admin_every_broker(a, deadline, &nodes, &n);
    if (err)
        return err;
    moldau_err_t *err_of = calloc(n ? n : 1, sizeof(*err_of));
    const moldau__response_t **resp_of = calloc(n ? n : 1, sizeof(*resp_of));
    moldau_admin_transaction_listings_t *res = moldau__admin_result_new(sizeof(*res));
    lt_call_t c = {a, states, n_states};
    err = MOLDAU_ERR__NO_MEMORY;
    if (!err_of || !resp_of || !res)
        goto done;
    if ((err = moldau__admin_fanout(nodes, n, moldau__admin_left(deadline), request_for, &c,
                                    res, err_of, resp_of)))
        goto done;
    size_t n_txn = 0, n_failed = 0;
    for (size_t i = 0; i < n; i++) {
        const moldau_list_transactions_response_t *r = resp_of[i] ? resp_of[i]->body : NULL;
        if (err_of[i] || !r || r->error_code)
            n_failed++;
        else
            n_txn += r->n_transaction_states > 0 ? (size_t)r->n_transaction_states : 0;
    }
    err = MOLDAU_ERR__NO_MEMORY;
    moldau_admin_transaction_listing_t **items =
        (void *)moldau__admin_result_items(res, n_txn, sizeof(**items));
    moldau_arena_t *arena = moldau__admin_result_arena(res);
    int32_t *fb = n_failed ? moldau_arena_calloc(arena, n_failed, sizeof(*fb)) : NULL;
    moldau_err_t *fe = n_failed ? moldau_arena_calloc(arena, n_failed, sizeof(*fe)) : NULL;
    if ((n_txn && !items) || (n_failed && (!fb || !fe)))
        goto done;
    size_t k = 0, f = 0;
    for (size_t i = 0; i < n; i++) {
        const moldau_list_transactions_response_t *r = resp_of[i] ? resp_of[i]->body : NULL;
        if (err_of[i] || !r || r->error_code) {
            fb[f] = nodes[i];
            fe[f++] = err_of[i] ? err_of[i] : !r ? MOLDAU_ERR__BAD_MSG : (moldau_err_t)r->error_code;
            continue;
        }
        for (int32_t j = 0; j < r->n_transaction_states; j++, k++)
            *items[k] = (moldau_admin_transaction_listing_t){
                r->transaction_states[j].transactional_id, r->transaction_states[j].producer_id,
                r->transaction_states[j].transaction_state, nodes[i]};
    }
    if (n_txn)
        qsort(items, n_txn, sizeof(*items), by_id);
    res->items = items;
    res->n_items = n_txn;
    res->failed_brokers = fb;
    res->failed_errs = fe;
    res->n_failed = n_failed;
    *out = res;
    res = NULL;
    err = MOLDAU_ERR_NONE;
done:
    moldau_admin_result_free(res);
    free(err_of);
    free(resp_of);
    free(nodes);
    return err;
}
