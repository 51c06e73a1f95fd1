/* Consumers for tests; see consumer_test.h. */
#include "consumer_test.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set(moldau_conf_t *conf, const char *k, const char *v)
{
    char err[512];
    ck_assert_msg(moldau_conf_set(conf, k, v, err, sizeof(err)) == 0, "%s=%s: %s", k, v, err);
}

/* The common part: defaults, then the caller's settings through `more`. */
static moldau_consumer_t *make(const char *bootstrap, moldau_offset_commit_cb *cb, void *opaque,
                               void (*more)(moldau_conf_t *, void *), void *arg)
{
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    set(conf, "bootstrap.servers", bootstrap);
    set(conf, "log.level", "3");
    if (getenv("MOLDAU_TEST_DEBUG")) /* e.g. MOLDAU_TEST_DEBUG=consumer,broker */
        set(conf, "debug", getenv("MOLDAU_TEST_DEBUG"));
    if (cb)
        moldau_conf_set_offset_commit_cb(conf, cb);
    if (opaque)
        moldau_conf_set_opaque(conf, opaque);
    more(conf, arg);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    return c;
}

static void set_array(moldau_conf_t *conf, void *arg)
{
    const char *const *kv = arg;
    for (size_t i = 0; kv && kv[i]; i += 2)
        set(conf, kv[i], kv[i + 1]);
}

static void set_va(moldau_conf_t *conf, void *arg)
{
    va_list *ap = arg;
    const char *k;
    while ((k = va_arg(*ap, const char *))) {
        const char *v = va_arg(*ap, const char *);
        set(conf, k, v);
    }
}

moldau_consumer_t *test_consumer_newv(const char *bootstrap, const char *const *kv,
                                      moldau_offset_commit_cb *cb, void *opaque)
{
    return make(bootstrap, cb, opaque, set_array, (void *)kv);
}

moldau_consumer_t *test_consumer_new(const char *bootstrap, ...)
{
    va_list ap;
    va_start(ap, bootstrap);
    moldau_consumer_t *c = make(bootstrap, NULL, NULL, set_va, &ap);
    va_end(ap);
    return c;
}

moldau_consumer_t *test_consumer_new_cb(const char *bootstrap, moldau_offset_commit_cb *cb,
                                        void *opaque, ...)
{
    va_list ap;
    va_start(ap, opaque);
    moldau_consumer_t *c = make(bootstrap, cb, opaque, set_va, &ap);
    va_end(ap);
    return c;
}

void test_consumer_assign(moldau_consumer_t *c, const char *topic, int n, int64_t offset)
{
    moldau_partition_list_t *l = moldau_partition_list_new(0);
    for (int i = 0; i < n; i++)
        moldau_partition_list_add(l, topic, i)->offset = offset;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
}

void test_consumer_committed(moldau_consumer_t *c, const char *topic, int n, int64_t *out,
                             int timeout_ms)
{
    moldau_partition_list_t *l = moldau_partition_list_new(0);
    for (int i = 0; i < n; i++)
        moldau_partition_list_add(l, topic, i);
    moldau_err_t err = moldau_consumer_committed(c, l, timeout_ms);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "committed(): %s", moldau_err_name(err));
    for (int i = 0; i < n; i++) {
        ck_assert_msg(l->elems[i].err == MOLDAU_ERR_NONE, "committed() of %s [%d]: %s", topic, i,
                      moldau_err_name(l->elems[i].err));
        out[i] = l->elems[i].offset;
    }
    moldau_partition_list_destroy(l);
}

void test_produce_ids(const char *bootstrap, const char *topic, int partitions, int from, int n,
                      const char *const *kv)
{
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    set(conf, "bootstrap.servers", bootstrap);
    set(conf, "log.level", "3");
    set(conf, "linger.ms", "5");
    for (size_t i = 0; kv && kv[i]; i += 2)
        set(conf, kv[i], kv[i + 1]);
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(p != NULL, "%s", err);
    for (int i = from; i < from + n; i++) {
        char v[32];
        moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
        r.topic = topic;
        r.partition = partitions > 1 ? i % partitions : 0;
        r.value = v;
        r.value_len = (size_t)snprintf(v, sizeof(v), "%d", i);
        ck_assert_int_eq(moldau_produce(p, &r, NULL, NULL), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);
}

int test_record_id(const moldau_consumer_record_t *r)
{
    char v[32];
    if (!r->value || !r->value_len || r->value_len >= sizeof(v))
        return -1;
    memcpy(v, r->value, r->value_len);
    v[r->value_len] = 0;
    return atoi(v);
}

void test_consume_ids(moldau_consumer_t *c, int *next, int until)
{
    const moldau_consumer_record_t *recs[100];
    for (int tries = 0; *next < until && tries < 300; tries++) {
        moldau_consumer_error_t e;
        int want = until - *next < 100 ? until - *next : 100; /* never past until */
        int n = moldau_consumer_poll_batch(c, recs, want, 100, &e);
        ck_assert_msg(n >= 0, "error event %s: %s", moldau_err_name(e.err),
                      e.reason ? e.reason : "");
        for (int i = 0; i < n; i++) {
            ck_assert_int_eq(test_record_id(recs[i]), *next);
            ck_assert_int_eq(recs[i]->offset, *next);
            (*next)++;
        }
    }
    ck_assert_int_eq(*next, until);
}
