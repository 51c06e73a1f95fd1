/* moldau_admin_describe_transactions: DescribeTransactions, one request per transactional id to
 * its coordinator, all at once. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/admin_state.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(dt, moldau_describe_transactions_request_t,
                      moldau_describe_transactions_request_encode,
                      moldau_describe_transactions_response_t,
                      moldau_describe_transactions_response_decode)

static moldau__request_t *request_for(moldau_admin_t *a, const char *id)
{
    moldau__request_t *req = moldau__request_new(a->client, MOLDAU_API_DESCRIBE_TRANSACTIONS,
                                                 dt_encode, dt_decode, NULL);
    moldau_arena_t *arena = req ? moldau__request_arena(req) : NULL;
    moldau_describe_transactions_request_t *body =
        arena ? moldau_arena_calloc(arena, 1, sizeof(*body)) : NULL;
    const char **ids = body ? moldau_arena_calloc(arena, 1, sizeof(*ids)) : NULL;
    if (!ids || !(ids[0] = moldau_arena_strndup(arena, id, strlen(id))) ||
        moldau__request_target(req, MOLDAU__TARGET_TXN, -1, id)) {
        moldau__request_destroy(req);
        return NULL;
    }
    body->transactional_ids = ids;
    body->n_transactional_ids = 1;
    moldau__request_set_body(req, body);
    return req;
}

/* Item i from its answer (resp NULL: err is local); -1 when out of memory. */
static int fill(void *res, moldau_admin_transaction_description_t *d, moldau_err_t err,
                const moldau__response_t *resp)
{
    const moldau_describe_transactions_response_t *r = resp ? resp->body : NULL;
    const moldau_describe_transactions_state_t *st = NULL;
    for (int32_t k = 0; r && k < r->n_transaction_states && !st; k++)
        if (r->transaction_states[k].transactional_id &&
            !strcmp(r->transaction_states[k].transactional_id, d->transactional_id))
            st = &r->transaction_states[k];
    d->coordinator = resp ? resp->node_id : -1;
    d->producer_id = -1;
    d->producer_epoch = -1;
    d->start_time_ms = -1;
    d->err = err ? err : !st ? MOLDAU_ERR__BAD_MSG : (moldau_err_t)st->error_code;
    d->errmsg = moldau__admin_errmsg(d->err, !err && !st ? "the answer did not name it" : NULL);
    if (d->err)
        return 0;
    d->state = st->transaction_state;
    d->producer_id = st->producer_id;
    d->producer_epoch = st->producer_epoch;
    d->timeout_ms = st->transaction_timeout_ms;
    d->start_time_ms = st->transaction_start_time_ms;
    size_t nt = st->n_topics > 0 ? (size_t)st->n_topics : 0;
    moldau_admin_transaction_topic_t **ts = (void *)moldau__admin_result_items(res, nt, sizeof(**ts));
    if (nt && !ts)
        return -1;
    for (size_t t = 0; t < nt; t++)
        *ts[t] = (moldau_admin_transaction_topic_t){
            st->topics[t].topic, st->topics[t].partitions,
            st->topics[t].n_partitions > 0 ? (size_t)st->topics[t].n_partitions : 0};
    d->topics = ts;
    d->n_topics = nt;
    return 0;
}

moldau_err_t moldau_admin_describe_transactions(moldau_admin_t *a, const char *const *ids,
                                                size_t n_ids, int timeout_ms,
                                                moldau_admin_transaction_descriptions_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = moldau__admin_check_names(a, "DescribeTransactions", ids, n_ids);
    if (err)
        return err;
    for (size_t i = 0; i < n_ids; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(ids[i], ids[j])) {
                moldau__admin_dbg(a, "DescribeTransactions: %s given twice", ids[i]);
                return MOLDAU_ERR__INVALID_ARG;
            }
    moldau__request_t **reqs = calloc(n_ids, sizeof(*reqs));
    moldau_err_t *errs = calloc(n_ids, sizeof(*errs));
    moldau__response_t **resps = calloc(n_ids, sizeof(*resps));
    moldau_admin_transaction_descriptions_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_transaction_description_t **items =
        res ? (void *)moldau__admin_result_items(res, n_ids, sizeof(**items)) : NULL;
    err = MOLDAU_ERR__NO_MEMORY;
    size_t built = 0;
    if (!reqs || !errs || !resps || !items)
        goto done;
    for (; built < n_ids; built++)
        if (!(reqs[built] = request_for(a, ids[built])))
            break;
    if (built < n_ids) {
        for (size_t i = 0; i < built; i++)
            moldau__request_destroy(reqs[i]);
        goto done;
    }
    if ((err = moldau__request_sync_many(reqs, n_ids, moldau__admin_timeout(a, timeout_ms), errs,
                                         resps)))
        goto done;
    int oom = 0;
    for (size_t i = 0; i < n_ids; i++) {
        items[i]->transactional_id = moldau__admin_result_str(res, ids[i], &oom);
        if (oom)
            break;
        moldau__response_t *resp = resps[i];
        resps[i] = NULL;
        if (resp && moldau__admin_result_keep(res, resp)) {
            oom = 1;
            break;
        }
        if (fill(res, items[i], errs[i], resp)) {
            oom = 1;
            break;
        }
    }
    err = MOLDAU_ERR__NO_MEMORY;
    if (oom)
        goto done;
    res->items = items;
    res->n_items = n_ids;
    *out = res;
    res = NULL;
    err = MOLDAU_ERR_NONE;
done:
    for (size_t i = 0; resps && i < n_ids; i++)
        moldau__response_free(resps[i]);
    moldau_admin_result_free(res);
    free(reqs);
    free(errs);
    free(resps);
    return err;
}
