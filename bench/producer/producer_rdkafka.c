/*
 * The producer benchmark with librdkafka (Debian's, through pkg-config rdkafka): the reference
 * that producer_moldau.c is compared with. Options and output: common.h.
 *
 * The idiomatic fast path: rd_kafka_produce() on a topic handle with RD_KAFKA_MSG_F_COPY
 * (moldau copies too), rd_kafka_poll(0) every 1024 records, rd_kafka_poll(1) and retry when the
 * queue is full, then rd_kafka_flush(). Also: --create-topic T --partitions P makes the topic
 * (replication factor 1) through the Admin API, for the real broker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

#include "../common/conf_rdkafka.h"

#include "common.h"

static long long delivered, failed;
static const char *first_error;
/* BENCH_RDKAFKA_PRODUCEV=1: rd_kafka_producev() with the topic's name per record, the shape of
 * moldau's API, instead of rd_kafka_produce() on a topic handle. */
static int use_producev;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
    (void)rk;
    (void)opaque;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        delivered++;
    } else {
        failed++;
        if (!first_error)
            first_error = rd_kafka_err2name(m->err);
    }
}

static rd_kafka_t *make_producer(const bench_opts_t *o)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char err[512];
    bench_rd_set(conf, "bootstrap.servers", o->bootstrap);
    bench_rd_set(conf, "acks", o->acks);
    bench_rd_set_ll(conf, "linger.ms", o->linger_ms);
    bench_rd_set_ll(conf, "batch.size", o->batch_size);
    bench_rd_set(conf, "compression.type", o->compression);
    bench_rd_set(conf, "enable.idempotence", o->idempotence ? "true" : "false");
    /* buffer.memory is counted in bytes only: lift librdkafka's separate count limit (100,000
     * by default) out of the way. */
    bench_rd_set_ll(conf, "queue.buffering.max.kbytes", o->buffer_memory / 1024);
    bench_rd_set(conf, "queue.buffering.max.messages", "2147483647");
    bench_rd_set_all(conf, o->set_name, o->set_value, o->n_set);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
    if (!rk)
        bench_die("rd_kafka_new: %s", err);
    return rk;
}

static int create_topic(const bench_opts_t *o)
{
    rd_kafka_t *rk = make_producer(o);
    char err[512];
    rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(o->create_topic, o->partitions, 1, err,
                                                    sizeof(err));
    if (!nt)
        bench_die("NewTopic: %s", err);
    rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &nt, 1, NULL, q);
    rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 30000);
    if (!ev)
        bench_die("CreateTopics: no answer in 30 s");
    if (rd_kafka_event_error(ev))
        bench_die("CreateTopics: %s", rd_kafka_event_error_string(ev));
    size_t n;
    const rd_kafka_topic_result_t **res =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
    for (size_t i = 0; i < n; i++) {
        rd_kafka_resp_err_t e = rd_kafka_topic_result_error(res[i]);
        if (e && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
            bench_die("CreateTopics %s: %s", rd_kafka_topic_result_name(res[i]),
                      rd_kafka_err2str(e));
    }
    rd_kafka_event_destroy(ev);
    rd_kafka_NewTopic_destroy(nt);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
    printf("{\"created\":\"%s\",\"partitions\":%d}\n", o->create_topic, o->partitions);
    return 0;
}

/* Queues record i, polling while the queue is full. */
static void produce_one(rd_kafka_t *rk, rd_kafka_topic_t *rkt, const bench_opts_t *o, long long i)
{
    size_t key_len = 0;
    const char *key = o->keyed ? bench_key(i, &key_len) : NULL;
    for (;;) {
        rd_kafka_resp_err_t e;
        if (use_producev)
            e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(o->topic),
                                  RD_KAFKA_V_VALUE((void *)bench_value(i), o->size),
                                  RD_KAFKA_V_KEY(key, key_len),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        else if (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                                  (void *)bench_value(i), o->size, key, key_len, NULL) == -1)
            e = rd_kafka_last_error();
        else
            e = RD_KAFKA_RESP_ERR_NO_ERROR;
        if (!e)
            return;
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            bench_die("rd_kafka_produce: %s", rd_kafka_err2name(e));
        rd_kafka_poll(rk, 1);
    }
}

int main(int argc, char **argv)
{
    bench_opts_t o;
    bench_parse(&o, argc, argv, 1);
    if (o.create_topic)
        return create_topic(&o);
    bench_make_values(&o);
    const char *pv = getenv("BENCH_RDKAFKA_PRODUCEV");
    use_producev = pv && !strcmp(pv, "1");

    rd_kafka_t *rk = make_producer(&o);
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, o.topic, NULL);
    const char *version = rd_kafka_version_str();

    if (o.mode == BENCH_UNSENT) {
        for (long long i = 0; i < o.messages; i++) {
            produce_one(rk, rkt, &o, i);
            if ((i & 1023) == 0)
                rd_kafka_poll(rk, 0);
        }
        for (int k = 0; k < 10; k++)
            rd_kafka_poll(rk, 100);
        long long held = o.messages - delivered - failed;
        bench_print_memory("librdkafka", version, &o, held, delivered, failed);
        rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_poll(rk, 0);
        rd_kafka_topic_destroy(rkt);
        rd_kafka_destroy(rk);
        return 0;
    }

    /* Warm-up: metadata and connections, outside the measured part. */
    produce_one(rk, rkt, &o, 0);
    if (rd_kafka_flush(rk, 30000) != RD_KAFKA_RESP_ERR_NO_ERROR || delivered != 1)
        bench_die("warm-up record not delivered in 30 s (%s)",
                  first_error ? first_error : "timed out");

    if (o.mode == BENCH_IDLE) {
        for (int k = 0; k < 20; k++)
            rd_kafka_poll(rk, 100);
        bench_print_memory("librdkafka", version, &o, 0, delivered, failed);
        rd_kafka_topic_destroy(rkt);
        rd_kafka_destroy(rk);
        return 0;
    }

    delivered = failed = 0;
    bench_result_t r = {0};
    double u0, s0, u1, s1;
    bench_measure_begin();
    bench_cpu(&u0, &s0);
    double t0 = bench_now();
    for (long long i = 0; i < o.messages; i++) {
        produce_one(rk, rkt, &o, i);
        if ((i & 1023) == 0)
            rd_kafka_poll(rk, 0);
    }
    rd_kafka_resp_err_t fe = rd_kafka_flush(rk, 120000);
    double t1 = bench_now();
    bench_cpu(&u1, &s1);
    bench_measure_end();
    if (fe)
        bench_die("flush: %s", rd_kafka_err2name(fe));

    r.msgs = o.messages;
    r.bytes = bench_payload_bytes(&o);
    r.wall_s = t1 - t0;
    r.user_s = u1 - u0;
    r.sys_s = s1 - s0;
    r.delivered = delivered;
    r.failed = failed;
    r.first_error = first_error;
    bench_print_throughput("librdkafka", version, &o, &r);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    return failed || delivered != o.messages;
}
