/* moldau_admin_group_lag: the group's committed offsets (OffsetFetch), the partitions' log
 * ends (ListOffsets latest at their leaders), the difference. */
#include <stdlib.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

moldau_err_t moldau_admin_group_lag(moldau_admin_t *a, const char *group, int timeout_ms,
                                    moldau_admin_group_lags_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    int64_t deadline = moldau__admin_deadline(a, timeout_ms);
    moldau_admin_group_offsets_t *committed = NULL;
    moldau_err_t err = moldau_admin_list_group_offsets(a, group, NULL, 0,
                                                       moldau__admin_left(deadline), &committed);
    if (err)
        return err;
    size_t n = committed->n_items;
    moldau_admin_topic_partition_t *tps = calloc(n ? n : 1, sizeof(*tps));
    int64_t *times = calloc(n ? n : 1, sizeof(*times));
    int64_t *ends = calloc(n ? n : 1, sizeof(*ends));
    moldau_err_t *errs = calloc(n ? n : 1, sizeof(*errs));
    moldau_admin_group_lags_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_group_lag_t **items =
        res ? (moldau_admin_group_lag_t **)moldau__admin_result_items(res, n, sizeof(**items))
            : NULL;
    err = MOLDAU_ERR__NO_MEMORY;
    if (tps && times && ends && errs && items) {
        for (size_t i = 0; i < n; i++) {
            tps[i] = (moldau_admin_topic_partition_t){committed->items[i]->topic,
                                                      committed->items[i]->partition};
            times[i] = MOLDAU_LIST_OFFSETS_LATEST;
        }
        err = n ? moldau__admin_log_offsets(a, tps, times, n, moldau__admin_left(deadline), ends,
                                            errs)
                : MOLDAU_ERR_NONE;
    }
    int oom = 0;
    for (size_t i = 0; !err && i < n; i++) {
        const moldau_admin_group_offset_t *c = committed->items[i];
        moldau_admin_group_lag_t *it = items[i];
        it->topic = moldau__admin_result_str(res, c->topic, &oom);
        it->partition = c->partition;
        it->committed = c->offset;
        it->err = c->err ? c->err : errs[i];
        it->errmsg = moldau__admin_errmsg(it->err, NULL);
        it->log_end = it->err ? -1 : ends[i];
        it->lag = it->err ? -1 : ends[i] > c->offset ? ends[i] - c->offset : 0;
    }
    if (!err && !oom) {
        res->group_id = moldau__admin_result_str(res, group, &oom);
        res->items = items;
        res->n_items = n;
    }
    if (!err && oom)
        err = MOLDAU_ERR__NO_MEMORY;
    moldau_admin_result_free(committed);
    free(tps);
    free(times);
    free(ends);
    free(errs);
    if (err) {
        moldau_admin_result_free(res);
        return err;
    }
    *out = res;
    return MOLDAU_ERR_NONE;
}
