/*
 * The producer benchmark with moldau (include/moldau/producer.h), the same work as
 * producer_rdkafka.c: options and output in common.h.
 *
 * The loop mirrors librdkafka's: moldau_produce() with max.block.ms=0 so a full buffer returns
 * MOLDAU_ERR__QUEUE_FULL at once, then moldau_producer_poll(1) and retry;
 * moldau_producer_poll(0) every 1024 records; moldau_producer_flush() at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau.h"
#include "moldau/producer.h"

#include "../common/conf_moldau.h"

#include "common.h"

static long long delivered, failed;
static const char *first_error;

static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *d, void *app_opaque)
{
    (void)p;
    (void)app_opaque;
    if (d->err == MOLDAU_ERR_NONE) {
        delivered++;
    } else {
        failed++;
        if (!first_error)
            first_error = moldau_err_name(d->err);
    }
}

static moldau_producer_t *make_producer(const bench_opts_t *o)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    if (!conf)
        bench_die("out of memory");
    bench_moldau_set(conf, "bootstrap.servers", o->bootstrap);
    bench_moldau_set(conf, "acks", o->acks);
    bench_moldau_set_ll(conf, "linger.ms", o->linger_ms);
    bench_moldau_set_ll(conf, "batch.size", o->batch_size);
    bench_moldau_set(conf, "compression.type", o->compression);
    bench_moldau_set(conf, "enable.idempotence", o->idempotence ? "true" : "false");
    bench_moldau_set_ll(conf, "buffer.memory", o->buffer_memory);
    bench_moldau_set(conf, "max.block.ms", "0");
    bench_moldau_set_all(conf, o->set_name, o->set_value, o->n_set);
    moldau_conf_set_delivery_cb(conf, on_delivery);
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    if (!p)
        bench_die("moldau_producer_new: %s", err);
    return p;
}

/* Queues record i, polling while the buffer is full. With max.block.ms=0 the first record may
 * also be refused while the topic's metadata is on its way: that is retried for up to 30 s. */
static void produce_one(moldau_producer_t *p, const bench_opts_t *o, long long i, int first)
{
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = o->topic;
    m.value = bench_value(i);
    m.value_len = o->size;
    if (o->keyed)
        m.key = bench_key(i, &m.key_len);
    double deadline = first ? bench_now() + 30 : 0;
    for (;;) {
        moldau_err_t e = moldau_produce(p, &m, NULL, NULL);
        if (e == MOLDAU_ERR_NONE)
            return;
        if (e != MOLDAU_ERR__QUEUE_FULL && !(first && bench_now() < deadline))
            bench_die("moldau_produce: %s", moldau_err_name(e));
        moldau_producer_poll(p, first && e != MOLDAU_ERR__QUEUE_FULL ? 10 : 1);
    }
}

int main(int argc, char **argv)
{
    bench_opts_t o;
    bench_parse(&o, argc, argv, 0);
    bench_make_values(&o);

    moldau_producer_t *p = make_producer(&o);
    const char *version = moldau_version();

    if (o.mode == BENCH_UNSENT) {
        /* Metadata first, as in the throughput mode: with max.block.ms=0 a record for a topic
         * whose metadata is not cached yet fails at once (as Java's send() does). Once it is
         * cached, record 0 is held (its partitions have no leader): no report comes for it. */
        long long before = 0;
        for (int attempt = 0;; attempt++) {
            if (attempt == 300)
                bench_die("unsent: the topic's metadata did not come in 30 s (%s)",
                          first_error ? first_error : "?");
            before = failed;
            produce_one(p, &o, 0, 1);
            moldau_producer_poll(p, 100);
            if (failed == before)
                break;
        }
        failed = 0;
        for (long long i = 1; i < o.messages; i++) {
            produce_one(p, &o, i, 0);
            if ((i & 1023) == 0)
                moldau_producer_poll(p, 0);
        }
        for (int k = 0; k < 10; k++)
            moldau_producer_poll(p, 100);
        long long held = o.messages - delivered - failed;
        bench_print_memory("moldau", version, &o, held, delivered, failed);
        moldau_producer_close(p, 0);
        return 0;
    }

    /* Warm-up: metadata and connections, outside the measured part. With max.block.ms=0 a
     * record for a topic whose metadata is not cached yet fails at once (as Java's send()
     * does); that first attempt makes the producer fetch it, so try again until one lands. */
    for (int attempt = 0; attempt < 300 && delivered == 0; attempt++) {
        failed = 0;
        produce_one(p, &o, 0, 1);
        moldau_producer_flush(p, 30000);
        if (delivered == 0)
            moldau_producer_poll(p, 100);
    }
    if (delivered != 1)
        bench_die("warm-up record not delivered in 30 s (%s)",
                  first_error ? first_error : "timed out");

    if (o.mode == BENCH_IDLE) {
        for (int k = 0; k < 20; k++)
            moldau_producer_poll(p, 100);
        bench_print_memory("moldau", version, &o, 0, delivered, failed);
        moldau_producer_close(p, 10000);
        return 0;
    }

    delivered = failed = 0;
    bench_result_t r = {0};
    double u0, s0, u1, s1;
    bench_measure_begin();
    bench_cpu(&u0, &s0);
    double t0 = bench_now();
    for (long long i = 0; i < o.messages; i++) {
        produce_one(p, &o, i, 0);
        if ((i & 1023) == 0)
            moldau_producer_poll(p, 0);
    }
    moldau_err_t fe = moldau_producer_flush(p, 120000);
    double t1 = bench_now();
    bench_cpu(&u1, &s1);
    bench_measure_end();
    if (fe != MOLDAU_ERR_NONE)
        bench_die("flush: %s", moldau_err_name(fe));

    r.msgs = o.messages;
    r.bytes = bench_payload_bytes(&o);
    r.wall_s = t1 - t0;
    r.user_s = u1 - u0;
    r.sys_s = s1 - s0;
    r.delivered = delivered;
    r.failed = failed;
    r.first_error = first_error;
    bench_print_throughput("moldau", version, &o, &r);
    moldau_producer_close(p, 10000);
    return failed || delivered != o.messages;
}
