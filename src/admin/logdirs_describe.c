/* moldau_admin_describe_log_dirs: DescribeLogDirs (every topic) to each broker asked, all at
 * once. */
#include <stdlib.h>

#include "admin/admin_internal.h"
#include "moldau/admin_state.h"
#include "moldau/protocol.h"

MOLDAU__REQUEST_CODEC(dl, moldau_describe_log_dirs_request_t,
                      moldau_describe_log_dirs_request_encode,
                      moldau_describe_log_dirs_response_t,
                      moldau_describe_log_dirs_response_decode)

static moldau__request_t *request_for(void *ctx, int32_t node)
{
    (void)node;
    moldau_admin_t *a = ctx;
    moldau__request_t *req = moldau__request_new(a->client, MOLDAU_API_DESCRIBE_LOG_DIRS,
                                                 dl_encode, dl_decode, NULL);
    moldau_describe_log_dirs_request_t *body =
        req ? moldau_arena_calloc(moldau__request_arena(req), 1, sizeof(*body)) : NULL;
    if (!body) {
        moldau__request_destroy(req);
        return NULL;
    }
    body->n_topics = -1; /* every topic */
    moldau__request_set_body(req, body);
    return req;
}

/* Fills one broker's item from its answer; -1 when out of memory. */
static int fill(void *res, moldau_admin_broker_log_dirs_t *item,
                const moldau_describe_log_dirs_response_t *r)
{
    size_t nd = r->n_results > 0 ? (size_t)r->n_results : 0;
    moldau_admin_log_dir_t **dirs = (void *)moldau__admin_result_items(res, nd, sizeof(**dirs));
    if (nd && !dirs)
        return -1;
    for (size_t d = 0; d < nd; d++) {
        const moldau_describe_log_dirs_response_result_t *rr = &r->results[d];
        size_t nr = 0;
        for (int32_t t = 0; t < rr->n_topics; t++)
            nr += rr->topics[t].n_partitions > 0 ? (size_t)rr->topics[t].n_partitions : 0;
        moldau_admin_replica_info_t **reps =
            (void *)moldau__admin_result_items(res, nr, sizeof(**reps));
        if (nr && !reps)
            return -1;
        size_t k = 0;
        for (int32_t t = 0; t < rr->n_topics; t++)
            for (int32_t p = 0; p < rr->topics[t].n_partitions; p++, k++) {
                const moldau_describe_log_dirs_response_partition_t *rp =
                    &rr->topics[t].partitions[p];
                *reps[k] = (moldau_admin_replica_info_t){rr->topics[t].name, rp->partition_index,
                                                         rp->partition_size, rp->offset_lag,
                                                         rp->is_future_key};
            }
        dirs[d]->path = rr->log_dir;
        dirs[d]->err = (moldau_err_t)rr->error_code;
        dirs[d]->errmsg = moldau__admin_errmsg(dirs[d]->err, NULL);
        dirs[d]->total_bytes = rr->total_bytes;
        dirs[d]->usable_bytes = rr->usable_bytes;
        dirs[d]->replicas = reps;
        dirs[d]->n_replicas = nr;
    }
    item->dirs = dirs;
    item->n_dirs = nd;
    return 0;
}

moldau_err_t moldau_admin_describe_log_dirs(moldau_admin_t *a, const int32_t *brokers,
                                            size_t n_brokers, int timeout_ms,
                                            moldau_admin_log_dirs_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    if (!brokers && n_brokers) {
        moldau__admin_dbg(a, "DescribeLogDirs: brokers NULL with n_brokers %zu", n_brokers);
        return MOLDAU_ERR__INVALID_ARG;
    }
    for (size_t i = 0; i < n_brokers; i++)
        for (size_t j = 0; j <= i; j++)
            if (brokers[i] < 0 || (j < i && brokers[j] == brokers[i])) {
                moldau__admin_dbg(a, "DescribeLogDirs: broker %d below 0 or given twice",
                                  (int)brokers[i]);
                return MOLDAU_ERR__INVALID_ARG;
            }
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    int32_t *all = NULL;
    moldau_err_t err = MOLDAU_ERR_NONE;
    if (!n_brokers) {
        if ((err = moldau__admin_every_broker(a, deadline, &all, &n_brokers)))
            return err;
        brokers = all;
    }
    size_t n = n_brokers;
    moldau_err_t *err_of = calloc(n ? n : 1, sizeof(*err_of));
    const moldau__response_t **resp_of = calloc(n ? n : 1, sizeof(*resp_of));
    moldau_admin_log_dirs_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_broker_log_dirs_t **items =
        res ? (void *)moldau__admin_result_items(res, n, sizeof(**items)) : NULL;
    err = MOLDAU_ERR__NO_MEMORY;
    if (!err_of || !resp_of || (n && !items))
        goto done;
    if ((err = moldau__admin_fanout(brokers, n, moldau__admin_left(deadline), request_for, a,
                                    res, err_of, resp_of)))
        goto done;
    err = MOLDAU_ERR__NO_MEMORY;
    for (size_t i = 0; i < n; i++) {
        const moldau_describe_log_dirs_response_t *r = resp_of[i] ? resp_of[i]->body : NULL;
        items[i]->broker = brokers[i];
        items[i]->err = err_of[i] ? err_of[i]
                        : !r      ? MOLDAU_ERR__BAD_MSG
                                  : (moldau_err_t)r->error_code;
        items[i]->errmsg = moldau__admin_errmsg(items[i]->err, NULL);
        if (!items[i]->err && fill(res, items[i], r))
            goto done;
    }
    res->items = items;
    res->n_items = n;
    *out = res;
    res = NULL;
    err = MOLDAU_ERR_NONE;
done:
    moldau_admin_result_free(res);
    free(err_of);
    free(resp_of);
    free(all);
    return err;
}
