/* One request per broker, all at once: the calls whose items go to different brokers (configs
 * of brokers, records of partition leaders). */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"

size_t moldau__admin_distinct_nodes(const int32_t *node_of, size_t n, int32_t *nodes)
{
    size_t n_nodes = 0;
    for (size_t i = 0; i < n; i++) {
        if (node_of[i] == MOLDAU__ADMIN_NO_NODE)
            continue;
        size_t k = 0;
        while (k < n_nodes && nodes[k] != node_of[i])
            k++;
        if (k == n_nodes)
            nodes[n_nodes++] = node_of[i];
    }
    return n_nodes;
}

static int cmp_i32(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return a < b ? -1 : a > b;
}

moldau_err_t moldau__admin_every_broker(moldau_admin_t *a, int64_t deadline, int32_t **ids,
                                        size_t *n)
{
    *ids = NULL;
    *n = 0;
    moldau_metadata_t *md;
    moldau_err_t err = moldau_client_metadata(a->client, NULL, 0, moldau__admin_left(deadline),
                                              &md);
    if (err)
        return err;
    size_t k = md->n_brokers > 0 ? (size_t)md->n_brokers : 0;
    if (k && !(*ids = malloc(k * sizeof(**ids)))) {
        moldau_metadata_destroy(md);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t i = 0; i < k; i++)
        (*ids)[i] = md->brokers[i]->id;
    moldau_metadata_destroy(md);
    if (k)
        qsort(*ids, k, sizeof(**ids), cmp_i32);
    *n = k;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__admin_request_to(moldau__request_t *req, int32_t node)
{
    return node < 0 ? moldau__request_target(req, MOLDAU__TARGET_ANY, -1, NULL)
                    : moldau__request_target(req, MOLDAU__TARGET_NODE, node, NULL);
}

moldau_err_t moldau__admin_fanout(const int32_t *node_of, size_t n, int timeout_ms,
                                  moldau__admin_build_fn build, void *ctx, void *res,
                                  moldau_err_t *err_of, const moldau__response_t **resp_of)
{
    int32_t *nodes = calloc(n, sizeof(*nodes));
    moldau__request_t **reqs = calloc(n, sizeof(*reqs));
    moldau_err_t *errs = calloc(n, sizeof(*errs));
    moldau__response_t **outs = calloc(n, sizeof(*outs));
    moldau_err_t err = MOLDAU_ERR__NO_MEMORY;
    size_t n_nodes = 0, k = 0;
    if (!nodes || !reqs || !errs || !outs)
        goto done;
    n_nodes = moldau__admin_distinct_nodes(node_of, n, nodes);
    for (k = 0; k < n_nodes; k++)
        if (!(reqs[k] = build(ctx, nodes[k])) || moldau__admin_request_to(reqs[k], nodes[k]))
            break;
    if (k < n_nodes) {
        for (size_t j = 0; j <= k; j++)
            moldau__request_destroy(reqs[j]);
        goto done;
    }
    if (n_nodes && (err = moldau__request_sync_many(reqs, n_nodes, timeout_ms, errs, outs)))
        goto done;
    /* the requests' own deadlines may pass just before the wait's: no answer at all is the
     * call's timeout, some brokers' silence their items' */
    err = MOLDAU_ERR__TIMED_OUT;
    for (k = 0; k < n_nodes && err; k++)
        if (errs[k] != MOLDAU_ERR__TIMED_OUT)
            err = MOLDAU_ERR_NONE;
    if (n_nodes && err)
        goto done;
    for (size_t i = 0; i < n; i++) {
        err_of[i] = MOLDAU_ERR_NONE;
        resp_of[i] = NULL;
        if (node_of[i] == MOLDAU__ADMIN_NO_NODE)
            continue;
        for (k = 0; nodes[k] != node_of[i]; k++)
            ;
        err_of[i] = errs[k];
        resp_of[i] = outs[k];
    }
    /* the result holds the responses from here on */
    for (k = 0; k < n_nodes; k++) {
        moldau__response_t *resp = outs[k];
        outs[k] = NULL;
        if (resp && (err = moldau__admin_result_keep(res, resp)))
            goto done;
    }
    err = MOLDAU_ERR_NONE;
done:
    for (k = 0; outs && k < n_nodes; k++)
        moldau__response_free(outs[k]);
    free(nodes);
    free(reqs);
    free(errs);
    free(outs);
    return err;
}

moldau_err_t moldau__admin_check_partitions(moldau_admin_t *a, const char *call,
                                            const moldau_admin_topic_partition_t *tps, size_t n,
                                            int may_be_empty)
{
    if ((!tps && n) || (!n && !may_be_empty) || n > INT32_MAX) {
        moldau__admin_dbg(a, "%s: partitions NULL or none", call);
        return MOLDAU_ERR__INVALID_ARG;
    }
    for (size_t i = 0; i < n; i++) {
        if (!tps[i].topic || !*tps[i].topic || tps[i].partition < 0) {
            moldau__admin_dbg(a, "%s: partitions[%zu] is not valid", call, i);
            return MOLDAU_ERR__INVALID_ARG;
        }
        for (size_t j = 0; j < i; j++)
            if (tps[j].partition == tps[i].partition && !strcmp(tps[j].topic, tps[i].topic)) {
                moldau__admin_dbg(a, "%s: %s [%d] given twice", call, tps[i].topic,
                                  (int)tps[i].partition);
                return MOLDAU_ERR__INVALID_ARG;
            }
    }
    return MOLDAU_ERR_NONE;
}
