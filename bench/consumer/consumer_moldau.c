/*
 * The consumer benchmark with moldau (include/moldau/consumer.h), the same work as
 * consumer_rdkafka.c: options and output in consumer_common.h.
 *
 * Throughput: assign partitions 0..P-1 from the beginning (or subscribe, --group), then
 * moldau_consumer_poll_batch(--batch, 100 ms) until every record was handed out; after each
 * pass every partition is seeked back to the beginning. The latency mode adds moldau's
 * producer on a thread of its own, paced.
 *
 * Group mode needs moldau_consumer_subscribe (api.md): mk/bench.mk defines
 * MOLDAU_HAVE_SUBSCRIBE once src/consumer/group_classic.c exists; before, --group says so and
 * exits, and the manual modes build and run as they are.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau.h"
#include "moldau/consumer.h"
#include "moldau/producer.h"

#include "../common/conf_moldau.h"

#include "consumer_common.h"

static moldau_consumer_t *make_consumer(const bench_c_opts_t *o)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    if (!conf)
        bench_die("out of memory");
    bench_moldau_set(conf, "bootstrap.servers", o->bootstrap);
    bench_moldau_set_ll(conf, "queued.max.messages.kbytes", o->queued_kbytes);
    bench_moldau_set_ll(conf, "max.poll.records", o->batch);
    bench_moldau_set(conf, "auto.offset.reset", "earliest");
    if (o->fetch_wait_ms >= 0)
        bench_moldau_set_ll(conf, "fetch.max.wait.ms", o->fetch_wait_ms);
    if (o->group) {
        bench_moldau_set(conf, "group.id", o->group);
        bench_moldau_set(conf, "enable.auto.commit", "false");
    }
    bench_moldau_set_all(conf, o->set_name, o->set_value, o->n_set);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    if (!c)
        bench_die("moldau_consumer_new: %s", err);
    return c;
}

/* Assigns every partition at `offset`, or subscribes in group mode. */
static void start(moldau_consumer_t *c, const bench_c_opts_t *o, int64_t offset)
{
    if (o->group) {
#ifdef MOLDAU_HAVE_SUBSCRIBE
        const char *topics[1] = {o->topic};
        moldau_err_t e = moldau_consumer_subscribe(c, topics, 1);
        if (e != MOLDAU_ERR_NONE)
            bench_die("moldau_consumer_subscribe: %s", moldau_err_name(e));
        return;
#else
        bench_die("--group: moldau_consumer_subscribe is not built yet "
                  "(src/consumer/group_classic.c missing)");
#endif
    }
    moldau_partition_list_t *l = moldau_partition_list_new((size_t)o->partitions);
    if (!l)
        bench_die("out of memory");
    for (int p = 0; p < o->partitions; p++) {
        moldau_topic_partition_t *tp = moldau_partition_list_add(l, o->topic, p);
        if (!tp)
            bench_die("out of memory");
        tp->offset = offset;
    }
    moldau_err_t e = moldau_consumer_assign(c, l);
    moldau_partition_list_destroy(l);
    if (e != MOLDAU_ERR_NONE)
        bench_die("moldau_consumer_assign: %s", moldau_err_name(e));
}

static void rewind_all(moldau_consumer_t *c, const bench_c_opts_t *o)
{
    for (int p = 0; p < o->partitions; p++) {
        moldau_err_t e = moldau_consumer_seek(c, o->topic, p, MOLDAU_OFFSET_BEGINNING);
        if (e != MOLDAU_ERR_NONE)
            bench_die("moldau_consumer_seek: %s", moldau_err_name(e));
    }
}

/* Polls one batch: the number of records, with an error event fatal. */
static int poll_batch(moldau_consumer_t *c, const moldau_consumer_record_t **recs, int max,
                      int timeout_ms)
{
    moldau_consumer_error_t e;
    int n = moldau_consumer_poll_batch(c, recs, max, timeout_ms, &e);
    if (n < 0)
        bench_die("poll: %s [%d]: %s: %s", e.topic ? e.topic : "-", e.partition,
                  moldau_err_name(e.err), e.reason ? e.reason : "");
    return n;
}

static int throughput(const bench_c_opts_t *o)
{
    moldau_consumer_t *c = make_consumer(o);
    const moldau_consumer_record_t **recs = malloc((size_t)o->batch * sizeof(*recs));
    if (!recs)
        bench_die("out of memory");
    bench_c_count_t k = {.want = o->messages * o->passes};
    double deadline = bench_now() + 300;
    int idle = 0;
    start(c, o, MOLDAU_OFFSET_BEGINNING);
    while (k.msgs < k.want) {
        int n = poll_batch(c, recs, o->batch, 100);
        if (n > 0 && !k.started)
            bench_c_first(&k);
        for (int i = 0; i < n; i++)
            k.bytes += (long long)(recs[i]->key_len + recs[i]->value_len);
        k.msgs += n;
        k.pass_msgs += n;
        if (k.pass_msgs >= o->messages && k.msgs < k.want) {
            if (k.pass_msgs > o->messages)
                bench_die("pass read %lld records, the topic holds %lld", k.pass_msgs,
                          o->messages);
            k.pass_msgs = 0;
            rewind_all(c, o);
        }
        idle = n ? 0 : idle + 1;
        if (idle == 50) /* 5 s without a record: say where each partition is */
            for (int p = 0; p < o->partitions; p++) {
                int64_t pos = -9;
                moldau_consumer_position(c, o->topic, p, &pos);
                fprintf(stderr, "consumer_moldau: stalled at %lld of %lld: partition %d at %lld\n",
                        k.msgs, k.want, p, (long long)pos);
            }
        if (n == 0 && bench_now() > deadline)
            bench_die("%lld of %lld records in 300 s", k.msgs, k.want);
    }
    double t1 = bench_now(), u1, s1;
    bench_cpu(&u1, &s1);
    bench_measure_end();
    bench_c_print_throughput("moldau", moldau_version(), o, &k, t1, u1, s1);
    free(recs);
    moldau_consumer_close(c);
    return 0;
}

static int hold(const bench_c_opts_t *o)
{
    moldau_consumer_t *c = make_consumer(o);
    const moldau_consumer_record_t *recs[1];
    long long got = 0;
    start(c, o, MOLDAU_OFFSET_BEGINNING);
    for (int i = 0; i < 300 && got == 0; i++)
        got = poll_batch(c, recs, 1, 100);
    if (!got)
        bench_die("hold: no record in 30 s");
    /* The I/O thread goes on fetching while nothing is polled: up to the bound. */
    struct timespec ts = {(time_t)(o->hold_ms / 1000), (long)(o->hold_ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
    bench_c_print_hold("moldau", moldau_version(), o, got);
    moldau_consumer_close(c);
    return 0;
}

/* ---- latency: moldau's producer on a thread, paced ----------------------------------- */

typedef struct lat_run {
    const bench_c_opts_t *o;
    bench_c_latency_t lat;
    volatile int done;
    moldau_producer_t *p;
} lat_run_t;

static moldau_producer_t *make_producer(const bench_c_opts_t *o)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    if (!conf)
        bench_die("out of memory");
    bench_moldau_set(conf, "bootstrap.servers", o->bootstrap);
    bench_moldau_set(conf, "acks", "1");
    bench_moldau_set_ll(conf, "linger.ms", o->linger_ms);
    bench_moldau_set(conf, "enable.idempotence", "false");
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    if (!p)
        bench_die("moldau_producer_new: %s", err);
    return p;
}

static void *lat_produce(void *arg)
{
    lat_run_t *r = arg;
    const bench_c_opts_t *o = r->o;
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
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.topic = o->topic;
        m.value = value;
        m.value_len = sizeof(value);
        moldau_err_t e = moldau_produce(r->p, &m, NULL, NULL);
        if (e != MOLDAU_ERR_NONE)
            bench_die("moldau_produce: %s", moldau_err_name(e));
        if (i >= warm)
            r->lat.produced++;
        moldau_producer_poll(r->p, 0);
    }
    moldau_producer_flush(r->p, 30000);
    r->done = 1;
    return NULL;
}

static int latency(const bench_c_opts_t *o)
{
    lat_run_t r = {.o = o};
    bench_c_latency_init(&r.lat, o);
    moldau_consumer_t *c = make_consumer(o);
    r.p = make_producer(o);
    const moldau_consumer_record_t **recs = malloc((size_t)o->batch * sizeof(*recs));
    if (!recs)
        bench_die("out of memory");
    start(c, o, MOLDAU_OFFSET_END);
    /* Ready when every partition's end is known: records produced from then on are read. */
    for (int tries = 0;; tries++) {
        int ready = 1;
        for (int p = 0; p < o->partitions && ready; p++) {
            int64_t pos = -1;
            ready = moldau_consumer_position(c, o->topic, p, &pos) == MOLDAU_ERR_NONE && pos >= 0;
        }
        if (ready || o->group)
            break;
        if (tries == 300)
            bench_die("latency: the partitions' ends not known in 30 s");
        poll_batch(c, recs, o->batch, 100);
    }
    pthread_t th;
    pthread_create(&th, NULL, lat_produce, &r);
    double deadline = 0;
    for (;;) {
        int n = poll_batch(c, recs, o->batch, 100);
        for (int i = 0; i < n; i++)
            bench_c_latency_add(&r.lat, recs[i]->value, recs[i]->value_len);
        if (r.done && !deadline)
            deadline = bench_now() + 5;
        if (r.done && (r.lat.received_all >= o->rate * o->seconds || bench_now() > deadline))
            break;
    }
    pthread_join(th, NULL);
    bench_c_print_latency("moldau", moldau_version(), o, &r.lat);
    free(recs);
    moldau_producer_close(r.p, 10000);
    moldau_consumer_close(c);
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
