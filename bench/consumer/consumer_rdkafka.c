/*
 * The consumer benchmark with librdkafka (built against Debian's header; run on 2.16.0 or
 * 2.0.2, see ../run-consumer.sh): the reference consumer_moldau.c is compared with. Options and
 * output: consumer_common.h.
 *
 * Its batch path, the counterpart of moldau_consumer_poll_batch: the high-level consumer,
 * rd_kafka_assign (or rd_kafka_subscribe, --group) and rd_kafka_consume_batch_queue on the
 * consumer queue, --batch messages per call, each rd_kafka_message_destroy'ed; after each pass
 * rd_kafka_seek_partitions to the beginning. queued.min.messages is lifted (its default,
 * 100,000, would bound the prefetch by count before queued.max.messages.kbytes does, which
 * moldau does not have). group.id is set in manual mode too (nothing joins: assign only).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

#include "../common/conf_rdkafka.h"

#include "consumer_common.h"

static rd_kafka_t *make_consumer(const bench_c_opts_t *o)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[512], group[64];
    bench_rd_set(conf, "bootstrap.servers", o->bootstrap);
    bench_rd_set_ll(conf, "queued.max.messages.kbytes", o->queued_kbytes);
    bench_rd_set(conf, "queued.min.messages", "10000000");
    bench_rd_set(conf, "auto.offset.reset", "earliest");
    if (o->fetch_wait_ms >= 0)
        bench_rd_set_ll(conf, "fetch.wait.max.ms", o->fetch_wait_ms);
    bench_rd_set(conf, "enable.auto.commit", "false");
    bench_rd_set(conf, "enable.auto.offset.store", "false");
    snprintf(group, sizeof(group), "moldau-bench-%ld", (long)getpid());
    bench_rd_set(conf, "group.id", o->group ? o->group : group);
    bench_rd_set_all(conf, o->set_name, o->set_value, o->n_set);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
    if (!rk)
        bench_die("rd_kafka_new: %s", err);
    return rk;
}

static rd_kafka_topic_partition_list_t *all_partitions(const bench_c_opts_t *o, int64_t offset)
{
    rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(o->partitions);
    for (int p = 0; p < o->partitions; p++)
        rd_kafka_topic_partition_list_add(l, o->topic, p)->offset = offset;
    return l;
}

static void start(rd_kafka_t *rk, const bench_c_opts_t *o, int64_t offset)
{
    rd_kafka_resp_err_t e;
    rd_kafka_topic_partition_list_t *l;
    if (o->group) {
        l = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(l, o->topic, RD_KAFKA_PARTITION_UA);
        e = rd_kafka_subscribe(rk, l);
    } else {
        l = all_partitions(o, offset);
        e = rd_kafka_assign(rk, l);
    }
    rd_kafka_topic_partition_list_destroy(l);
    if (e)
        bench_die("assign/subscribe: %s", rd_kafka_err2name(e));
}

static void rewind_all(rd_kafka_t *rk, const bench_c_opts_t *o)
{
    rd_kafka_topic_partition_list_t *l = all_partitions(o, RD_KAFKA_OFFSET_BEGINNING);
    rd_kafka_error_t *e = rd_kafka_seek_partitions(rk, l, 10000);
    if (e)
        bench_die("rd_kafka_seek_partitions: %s", rd_kafka_error_string(e));
    for (int i = 0; i < l->cnt; i++)
        if (l->elems[i].err)
            bench_die("seek %d: %s", l->elems[i].partition, rd_kafka_err2name(l->elems[i].err));
    rd_kafka_topic_partition_list_destroy(l);
}

/* Consumes one batch into msgs: the count; an error message is fatal. */
static int poll_batch(rd_kafka_queue_t *q, rd_kafka_message_t **msgs, int max, int timeout_ms)
{
    ssize_t n = rd_kafka_consume_batch_queue(q, timeout_ms, msgs, (size_t)max);
    if (n < 0)
        bench_die("consume_batch: %s", rd_kafka_err2name(rd_kafka_last_error()));
    for (ssize_t i = 0; i < n; i++)
        if (msgs[i]->err)
            bench_die("consume: %s [%d]: %s", msgs[i]->rkt ? rd_kafka_topic_name(msgs[i]->rkt)
                                                           : "-",
                      msgs[i]->partition, rd_kafka_message_errstr(msgs[i]));
    return (int)n;
}

static int throughput(const bench_c_opts_t *o)
{
    rd_kafka_t *rk = make_consumer(o);
    rd_kafka_queue_t *q = rd_kafka_queue_get_consumer(rk);
    rd_kafka_message_t **msgs = malloc((size_t)o->batch * sizeof(*msgs));
    if (!msgs)
        bench_die("out of memory");
    bench_c_count_t k = {.want = o->messages * o->passes};
    double deadline = bench_now() + 300;
    start(rk, o, RD_KAFKA_OFFSET_BEGINNING);
    while (k.msgs < k.want) {
        int n = poll_batch(q, msgs, o->batch, 100);
        if (n > 0 && !k.started)
            bench_c_first(&k);
        for (int i = 0; i < n; i++) {
            k.bytes += (long long)(msgs[i]->key_len + msgs[i]->len);
            rd_kafka_message_destroy(msgs[i]);
        }
        k.msgs += n;
        k.pass_msgs += n;
        if (k.pass_msgs >= o->messages && k.msgs < k.want) {
            if (k.pass_msgs > o->messages)
                bench_die("pass read %lld records, the topic holds %lld", k.pass_msgs,
                          o->messages);
            k.pass_msgs = 0;
            rewind_all(rk, o);
        }
        if (n == 0 && bench_now() > deadline)
            bench_die("%lld of %lld records in 300 s", k.msgs, k.want);
    }
    double t1 = bench_now(), u1, s1;
    bench_cpu(&u1, &s1);
    bench_measure_end();
    bench_c_print_throughput("librdkafka", rd_kafka_version_str(), o, &k, t1, u1, s1);
    free(msgs);
    rd_kafka_queue_destroy(q);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return 0;
}

static int hold(const bench_c_opts_t *o)
{
    rd_kafka_t *rk = make_consumer(o);
    rd_kafka_queue_t *q = rd_kafka_queue_get_consumer(rk);
    rd_kafka_message_t *m[1];
    long long got = 0;
    start(rk, o, RD_KAFKA_OFFSET_BEGINNING);
    for (int i = 0; i < 300 && got == 0; i++)
        got = poll_batch(q, m, 1, 100);
    if (!got)
        bench_die("hold: no record in 30 s");
    rd_kafka_message_destroy(m[0]);
    /* librdkafka's broker threads go on fetching: up to queued.max.messages.kbytes. */
    struct timespec ts = {(time_t)(o->hold_ms / 1000), (long)(o->hold_ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
    bench_c_print_hold("librdkafka", rd_kafka_version_str(), o, got);
    rd_kafka_queue_destroy(q);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return 0;
}

/* ---- latency: librdkafka's producer on a thread, paced -------------------------------- */

typedef struct lat_run {
    const bench_c_opts_t *o;
    bench_c_latency_t lat;
    volatile int done;
    rd_kafka_t *p;
} lat_run_t;

static rd_kafka_t *make_producer(const bench_c_opts_t *o)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[512];
    bench_rd_set(conf, "bootstrap.servers", o->bootstrap);
    bench_rd_set(conf, "acks", "1");
    bench_rd_set_ll(conf, "linger.ms", o->linger_ms);
    bench_rd_set(conf, "enable.idempotence", "false");
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    if (!rk)
        bench_die("rd_kafka_new: %s", err);
    return rk;
}

static void *lat_produce(void *arg)
{
    lat_run_t *r = arg;
    const bench_c_opts_t *o = r->o;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(r->p, o->topic, NULL);
    char value[100];
    memset(value, 'x', sizeof(value));
    long long total = o->rate * o->seconds, warm = o->rate;
    int64_t t0 = bench_c_stamp();
    for (long long i = 0; i < total; i++) {
        bench_c_pace(t0, i, o->rate);
        int64_t now = bench_c_stamp();
        if (i == warm)
            __atomic_store_n(&r->lat.measure_from, now, __ATOMIC_RELEASE);
        bench_c_stamp_value(value, sizeof(value), now);
        if (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, value,
                             sizeof(value), NULL, 0, NULL) == -1)
            bench_die("rd_kafka_produce: %s", rd_kafka_err2name(rd_kafka_last_error()));
        if (i >= warm)
            r->lat.produced++;
        rd_kafka_poll(r->p, 0);
    }
    rd_kafka_flush(r->p, 30000);
    rd_kafka_topic_destroy(rkt);
    r->done = 1;
    return NULL;
}

static int latency(const bench_c_opts_t *o)
{
    lat_run_t r = {.o = o};
    bench_c_latency_init(&r.lat, o);
    rd_kafka_t *rk = make_consumer(o);
    rd_kafka_queue_t *q = rd_kafka_queue_get_consumer(rk);
    r.p = make_producer(o);
    rd_kafka_message_t **msgs = malloc((size_t)o->batch * sizeof(*msgs));
    if (!msgs)
        bench_die("out of memory");
    start(rk, o, RD_KAFKA_OFFSET_END);
    /* librdkafka tells no position before a message: give it a second to find the ends (the
     * warm-up second of the producer covers the rest). */
    double ready = bench_now() + 1;
    while (bench_now() < ready)
        for (int n = poll_batch(q, msgs, o->batch, 100); n > 0; n--)
            rd_kafka_message_destroy(msgs[n - 1]);
    pthread_t th;
    pthread_create(&th, NULL, lat_produce, &r);
    double deadline = 0;
    for (;;) {
        /* rd_kafka_consume_batch_queue waits until the batch is full or the timeout passes,
         * which at 10,000 records/s adds up to 50 ms to every record: wait for one record as
         * moldau_consumer_poll_batch does, then take what else is there without waiting */
        rd_kafka_message_t *first = rd_kafka_consume_queue(q, 100);
        int n = 0;
        if (first) {
            if (first->err)
                bench_die("consume: %s", rd_kafka_message_errstr(first));
            msgs[0] = first;
            n = 1 + poll_batch(q, msgs + 1, o->batch - 1, 0);
        }
        for (int i = 0; i < n; i++) {
            bench_c_latency_add(&r.lat, msgs[i]->payload, msgs[i]->len);
            rd_kafka_message_destroy(msgs[i]);
        }
        if (r.done && !deadline)
            deadline = bench_now() + 5;
        if (r.done && (r.lat.received_all >= o->rate * o->seconds || bench_now() > deadline))
            break;
    }
    pthread_join(th, NULL);
    bench_c_print_latency("librdkafka", rd_kafka_version_str(), o, &r.lat);
    free(msgs);
    rd_kafka_destroy(r.p);
    rd_kafka_queue_destroy(q);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return 0;
}

int main(int argc, char **argv)
{
    bench_c_opts_t o;
    bench_c_parse(&o, argc, argv);
    switch (o.mode) {
    case BENCH_C_HOLD:
        return hold(&o);
    case BENCH_C_LATENCY:
        return latency(&o);
    default:
        return throughput(&o);
    }
}
