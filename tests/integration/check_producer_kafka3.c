/* Exactly once on a real 3-node Kafka, which checks producer sequences (the mock does not):
 * 200,000 records with ids, idempotence on, acks=all, five requests in flight per connection,
 * while brokers are stopped (controlled: leaders move at once), killed (SIGKILL: connections
 * drop mid-request, acks=all requests time out on the broker until the dead follower leaves
 * the ISR) and started again. Every record gets exactly one successful report, and reading the
 * topic back (kcat) finds every id exactly once, in the partition its report named, in order
 * per partition.
 *
 * The suite starts its own cluster (tests/support/kafka.sh start --brokers 3, KAFKA_VERSION
 * as for the rest of the run) in an unchecked fixture, so that it is stopped even when the
 * test fails; about 50 s in all. Without java or Kafka's jars it skips loudly (fails under
 * CI=true). */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../support/k3_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"
#include "check_producer.h"
#include "producer/producer.h"
#include "producer/sender.h"

static test_k3_t k3;

static void k3_start(void) { test_k3_start(&k3, "producer_kafka3"); }

static void k3_stop(void) { test_k3_stop(&k3); }

/* ---- faults, on a thread of their own while the test produces -------------------------------- */

typedef struct fault {
    int at_ms;          /* after the start of production, at the earliest */
    const char *what;   /* kafka.sh subcommand and arguments after --dir DIR */
} fault_t;

static const fault_t k3_faults[] = {
    {2000, "broker-stop NODE 2"},       /* controlled: its leaderships move at once */
    {4000, "broker-start NODE 2"},
    {5000, "broker-stop NODE 3 --kill"}, /* dropped connections, acks=all stalls */
    {8000, "broker-start NODE 3"},
    {9000, "broker-stop NODE 1"},
    {10000, "broker-start NODE 1"},
};
#define N_FAULTS (sizeof(k3_faults) / sizeof(k3_faults[0]))

typedef struct fault_run {
    int64_t t0;
    atomic_int started; /* commands begun */
    int failed;       /* index + 1 of the first command that failed */
    int64_t done_ms;  /* when the last one finished, after t0 */
} fault_run_t;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *run_faults(void *arg)
{
    fault_run_t *fr = arg;
    for (size_t i = 0; i < N_FAULTS; i++) {
        int64_t wait = fr->t0 + k3_faults[i].at_ms - mono_ms();
        if (wait > 0)
            usleep((useconds_t)wait * 1000);
        char sub[128], cmd[2048];
        snprintf(sub, sizeof(sub), "%s", k3_faults[i].what);
        char *node = strstr(sub, "NODE ");
        memmove(node, node + 5, strlen(node + 5) + 1); /* "broker-stop 2 --kill" */
        char *sp = strchr(sub, ' ');
        *sp = 0; /* subcommand | node [--kill] */
        snprintf(cmd, sizeof(cmd), "bash '%s' %s --dir '%s' %s >> '%s/faults.log' 2>&1",
                 k3.script, sub, k3.dir, sp + 1, k3.dir);
        fprintf(stderr, "producer_kafka3: %5lld ms: %s %s\n", (long long)(mono_ms() - fr->t0),
                sub, sp + 1);
        atomic_fetch_add(&fr->started, 1);
        if (system(cmd) != 0 && !fr->failed)
            fr->failed = (int)i + 1;
    }
    fr->done_ms = mono_ms() - fr->t0;
    return NULL;
}

/* ---- the test ------------------------------------------------------------------------------- */

enum { K_N = 200000, K_PARTS = 6, K_PRODUCE_MS = 15000 };

/* Reads the topic back; on a duplicate or a misplaced record it names the offsets involved
 * (the copy read first, this one, and the one the delivery report gave). */
static void read_back(const char *topic, const tp_reports_t *r, int *seen)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "kcat -b '%s' -C -t '%s' -o beginning -e -q -f '%%p %%o %%s\\n' 2>/dev/null",
             k3.bootstrap, topic);
    FILE *f = popen(cmd, "r");
    ck_assert_msg(f != NULL, "cannot run kcat");
    int64_t *first = calloc(K_N, sizeof(*first));
    long last[K_PARTS];
    for (int i = 0; i < K_PARTS; i++)
        last[i] = -1;
    char line[128];
    int part;
    long long off;
    long id;
    while (fgets(line, sizeof(line), f)) {
        ck_assert_msg(sscanf(line, "%d %lld %ld", &part, &off, &id) == 3, "read back: %s", line);
        ck_assert_msg(id >= 0 && id < K_N && part >= 0 && part < K_PARTS, "%d %ld", part, id);
        ck_assert_msg(++seen[id] == 1,
                      "id %ld read twice: partition %d, offsets %lld and %lld (reported %lld)",
                      id, part, (long long)first[id], off, (long long)r->offset[id]);
        first[id] = off;
        ck_assert_msg(r->partition[id] == part, "id %ld in partition %d, reported in %d", id,
                      part, (int)r->partition[id]);
        ck_assert_msg(id > last[part], "partition %d: %ld after %ld", part, id, last[part]);
        last[part] = id;
    }
    pclose(f);
    free(first);
}

START_TEST(exactly_once_through_broker_failures)
{
    if (!k3.up) {
        test_peer_missing(__func__, "a 3-node Kafka (tests/support/kafka.sh start --brokers 3)");
        return;
    }
    if (system("kcat -V > /dev/null 2>&1") != 0) {
        test_peer_missing(__func__, "kcat");
        return;
    }
    char topic[128];
    test_topic_name("producer-k3", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic_rf(k3.bootstrap, topic, K_PARTS, 3), 0);
    moldau_producer_t *p = tp_new(k3.bootstrap, "acks", "all",
                                  "max.in.flight.requests.per.connection", "5",
                                  "linger.ms", "5", "batch.size", "4096",
                                  "request.timeout.ms", "5000", "retry.backoff.ms", "50",
                                  "retry.backoff.max.ms", "500", NULL);
    tp_reports_t r;
    tp_reports_init(&r, K_N);
    tp_current = &r;
    moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
    m.topic = topic;
    char val[32];
    m.value = val;

    fault_run_t fr = {mono_ms(), 0, 0, 0};
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, run_faults, &fr), 0);
    /* Paced, so that records flow through every fault: chunk c of 1000 goes at the earliest
     * at t0 + c * K_PRODUCE_MS / chunks, and once the faults up to its share have begun
     * (restarts take 3 to 10 s). */
    const int chunks = K_N / 1000;
    for (size_t i = 0; i < K_N; i++) {
        if (i % 1000 == 0) {
            int c = (int)(i / 1000);
            int64_t due = fr.t0 + (int64_t)c * K_PRODUCE_MS / chunks;
            while (mono_ms() < due ||
                   atomic_load(&fr.started) < (int)((size_t)c * N_FAULTS / (size_t)chunks))
                moldau_producer_poll(p, 10);
        }
        m.value_len = (size_t)snprintf(val, sizeof(val), "%zu", i);
        moldau_err_t err = moldau_produce(p, &m, tp_on_delivery, tp_id(i));
        ck_assert_msg(err == MOLDAU_ERR_NONE, "record %zu: %s", i, moldau_err_name(err));
    }
    pthread_join(th, NULL);
    ck_assert_msg(fr.failed == 0, "fault %d (%s) failed: see %s/faults.log", fr.failed,
                  fr.failed ? k3_faults[fr.failed - 1].what : "", k3.dir);
    ck_assert_int_eq(moldau_producer_flush(p, 120000), MOLDAU_ERR_NONE);
    int64_t flushed = mono_ms() - fr.t0;
    tp_assert_once(&r, K_N);
    for (size_t i = 0; i < K_N; i++)
        ck_assert_msg(r.err[i] == 0, "record %zu: %s", i, moldau_err_name(r.err[i]));
    moldau__sender_stats_t st;
    moldau__sender_stats(p->sender, &st);
    fprintf(stderr,
            "producer_kafka3: faults done at %lld ms, flushed at %lld ms: %llu requests, "
            "%llu batches, %llu retried, %llu failed, %llu producer ids/epochs, %llu known "
            "written by a sequence error\n",
            (long long)fr.done_ms, (long long)flushed, (unsigned long long)st.requests,
            (unsigned long long)st.batches_sent, (unsigned long long)st.batches_retried,
            (unsigned long long)st.batches_failed, (unsigned long long)st.init_producer_id,
            (unsigned long long)st.batches_inferred);
    ck_assert_uint_gt(st.batches_retried, 0); /* the faults did hit */
    moldau_producer_close(p, 10000);

    int *seen = calloc(K_N, sizeof(*seen));
    read_back(topic, &r, seen);
    for (size_t i = 0; i < K_N; i++)
        ck_assert_msg(seen[i] == 1, "id %zu read %d times", i, seen[i]);
    free(seen);
    tp_reports_free(&r);
}
END_TEST

Suite *moldau_test_producer_kafka3_suite(void)
{
    Suite *s = suite_create("producer_kafka3");
    TCase *tc = tcase_create("kafka3");
    tcase_set_timeout(tc, 300);
    tcase_add_unchecked_fixture(tc, k3_start, k3_stop);
    tcase_add_test(tc, exactly_once_through_broker_failures);
    suite_add_tcase(s, tc);
    return s;
}
