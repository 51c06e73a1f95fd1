/* Shared by the producer's integration tests: a producer from "name=value" pairs, and a
 * delivery-report collector that proves exactly one report per record. */
#ifndef MOLDAU_CHECK_PRODUCER_H
#define MOLDAU_CHECK_PRODUCER_H

#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau.h"

/* NULL-terminated name, value, name, value, ... */
static inline moldau_producer_t *tp_new(const char *bootstrap, ...)
{
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "3", err, sizeof(err)), 0);
    if (getenv("MOLDAU_TEST_DEBUG")) /* e.g. MOLDAU_TEST_DEBUG=producer,broker */
        ck_assert_int_eq(moldau_conf_set(conf, "debug", getenv("MOLDAU_TEST_DEBUG"), err,
                                         sizeof(err)), 0);
    va_list ap;
    va_start(ap, bootstrap);
    const char *k;
    while ((k = va_arg(ap, const char *))) {
        const char *v = va_arg(ap, const char *);
        ck_assert_msg(moldau_conf_set(conf, k, v, err, sizeof(err)) == 0, "%s", err);
    }
    va_end(ap);
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(p != NULL, "%s", err);
    return p;
}

/* One slot per record id (the record's opaque is its id + 1, so 0 is never an id). */
typedef struct tp_reports {
    size_t n;
    int *count;          /* reports per id */
    moldau_err_t *err;
    int32_t *partition;
    int64_t *offset;
    int64_t *timestamp;
    moldau_delivery_status_t *status;
    const char **reason; /* the report's: lives as long as the producer */
    size_t total, failed;
} tp_reports_t;

static inline void tp_reports_init(tp_reports_t *r, size_t n)
{
    memset(r, 0, sizeof(*r));
    r->n = n;
    r->count = calloc(n, sizeof(*r->count));
    r->err = calloc(n, sizeof(*r->err));
    r->partition = calloc(n, sizeof(*r->partition));
    r->offset = calloc(n, sizeof(*r->offset));
    r->timestamp = calloc(n, sizeof(*r->timestamp));
    r->status = calloc(n, sizeof(*r->status));
    r->reason = calloc(n, sizeof(*r->reason));
}

static inline void tp_reports_free(tp_reports_t *r)
{
    free(r->count);
    free(r->err);
    free(r->partition);
    free(r->offset);
    free(r->timestamp);
    free(r->status);
    free(r->reason);
}

static inline void *tp_id(size_t id) { return (void *)(uintptr_t)(id + 1); }

/* The delivery callback: the conf opaque is not used, the records' opaque is tp_id(i), and the
 * collector is a file-scope pointer set by the test (callbacks run on the test's thread). */
static tp_reports_t *tp_current;

static inline void tp_on_delivery(moldau_producer_t *p, const moldau_delivery_t *d, void *o)
{
    (void)p;
    (void)o;
    tp_reports_t *r = tp_current;
    uintptr_t id = (uintptr_t)d->opaque;
    ck_assert_msg(id >= 1 && id <= r->n, "report with a foreign opaque %p", d->opaque);
    id--;
    r->count[id]++;
    r->err[id] = d->err;
    r->partition[id] = d->partition;
    r->offset[id] = d->offset;
    r->timestamp[id] = d->timestamp;
    r->status[id] = d->status;
    r->reason[id] = d->reason;
    /* the contract of moldau_delivery_t: offset -1 whenever err is set, and nothing failed
     * is in the log for sure */
    if (d->err)
        ck_assert_msg(d->offset == -1 && d->status != MOLDAU_DELIVERY_PERSISTED,
                      "%s: offset %lld, status %d", moldau_err_name(d->err),
                      (long long)d->offset, (int)d->status);
    else if (d->offset >= 0)
        ck_assert_int_eq(d->status, MOLDAU_DELIVERY_PERSISTED);
    r->total++;
    if (d->err)
        r->failed++;
}

/* Every id in [0, n) got exactly one report. */
static inline void tp_assert_once(const tp_reports_t *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(r->count[i] == 1, "record %zu: %d reports", i, r->count[i]);
    ck_assert_uint_eq(r->total, n);
}

#endif
