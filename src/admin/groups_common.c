/* What the calls on groups by id share: their argument check and one request per group to
 * its coordinator, all at once (a coordinator is found per group id, so the request
 * machinery finds it again and resends when it moves). */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"

moldau_err_t moldau__admin_check_groups(moldau_admin_t *a, const char *call,
                                        const char *const *groups, size_t n)
{
    if (!groups || n == 0 || n > INT32_MAX) {
        moldau__admin_dbg(a, "%s: groups NULL or n_groups 0", call);
        return MOLDAU_ERR__INVALID_ARG;
    }
    for (size_t i = 0; i < n; i++) {
        if (!groups[i] || !*groups[i]) {
            moldau__admin_dbg(a, "%s: groups[%zu] NULL or empty", call, i);
            return MOLDAU_ERR__INVALID_ARG;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(groups[i], groups[j]) == 0) {
                moldau__admin_dbg(a, "%s: group %s given twice", call, groups[i]);
                return MOLDAU_ERR__INVALID_ARG;
            }
    }
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__admin_code_err(int16_t code) { return (moldau_err_t)code; }

moldau_err_t moldau__admin_per_group(const char *const *groups, size_t n, const int *send,
                                     int timeout_ms, moldau__admin_group_build_fn build,
                                     void *ctx, void *res, moldau_err_t *err_of,
                                     const moldau__response_t **resp_of)
{
    moldau__request_t **reqs = calloc(n, sizeof(*reqs));
    size_t *item_of = calloc(n, sizeof(*item_of));
    moldau_err_t *errs = calloc(n, sizeof(*errs));
    moldau__response_t **outs = calloc(n, sizeof(*outs));
    moldau_err_t err = MOLDAU_ERR__NO_MEMORY;
    size_t n_reqs = 0;
    if (!reqs || !item_of || !errs || !outs)
        goto done;
    for (size_t i = 0; i < n; i++) {
        err_of[i] = MOLDAU_ERR_NONE;
        resp_of[i] = NULL;
        if (send && !send[i])
            continue;
        moldau__request_t *req = build(ctx, i);
        if (!req || moldau__request_target(req, MOLDAU__TARGET_GROUP, -1, groups[i])) {
            moldau__request_destroy(req);
            for (size_t k = 0; k < n_reqs; k++)
                moldau__request_destroy(reqs[k]);
            n_reqs = 0;
            goto done;
        }
        item_of[n_reqs] = i;
        reqs[n_reqs++] = req;
    }
    if (n_reqs == 0) {
        err = MOLDAU_ERR_NONE;
        goto done;
    }
    if ((err = moldau__request_sync_many(reqs, n_reqs, timeout_ms, errs, outs))) {
        n_reqs = 0; /* nothing to keep */
        goto done;
    }
    /* a request's own deadline may pass just before the wait's: only silence from every
     * coordinator is the call's timeout */
    err = MOLDAU_ERR__TIMED_OUT;
    for (size_t k = 0; k < n_reqs && err; k++)
        if (errs[k] != MOLDAU_ERR__TIMED_OUT)
            err = MOLDAU_ERR_NONE;
    if (err)
        goto done;
    for (size_t k = 0; k < n_reqs; k++) {
        err_of[item_of[k]] = errs[k];
        resp_of[item_of[k]] = outs[k];
        moldau__response_t *resp = outs[k];
        outs[k] = NULL;
        if (resp && (err = moldau__admin_result_keep(res, resp)))
            goto done;
    }
done:
    for (size_t k = 0; outs && k < n_reqs; k++)
        moldau__response_free(outs[k]);
    free(reqs);
    free(item_of);
    free(errs);
    free(outs);
    return err;
}
