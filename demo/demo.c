/* moldau-demo — what `make demo` runs (scripts/demo.sh) against a local broker:
 *
 *   moldau-demo BOOTSTRAP TOPIC PARTITIONS RECORDS
 *
 * 0. The admin client creates TOPIC with PARTITIONS partitions (an existing one is used as it is).
 * 1. Two consumers (each on a thread of its own) subscribe to TOPIC in one new group and wait
 *    until the group has split the partitions between them; they pause those partitions, so
 *    that nothing is read before the records are all written.
 * 2. A producer writes RECORDS keyed records (key "user-<i mod 1000>": same key, same
 *    partition; the value holds the record's number), with a progress line, and flushes.
 * 3. The consumers resume and read until every record came back (or 120 s passed), with
 *    automatic offset commits; they commit and leave the group as they close.
 * Then the figures: each side's throughput, the records each member and each partition got,
 * and the check that every record came back exactly once and every key stayed on one
 * partition. Exit 0 when it did, 1 when not, 2 for bad usage. Public API only. */
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "moldau.h"

#define MEMBERS 2
#define KEYS 1000
#define VALUE_SIZE 100
#define MAX_PARTITIONS 256
#define CONSUME_BOUND_S 120

static const char *bootstrap, *topic;
static char group[128];
static int partitions;
static long records;

/* what the members share: one byte per record (how often it came), the key's partition */
static _Atomic unsigned char *seen;
static atomic_int key_partition[KEYS];
static atomic_long distinct, duplicates, key_moved, bad_values;
static atomic_int joined, go;

typedef struct member {
    int id;
    moldau_consumer_t *c;
    pthread_t thread;
    long count;
    long per_partition[MAX_PARTITIONS];
    char error[256];
} member_t;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int conf_set(moldau_conf_t *conf, const char *name, const char *value)
{
    char errstr[256];
    if (moldau_conf_set(conf, name, value, errstr, sizeof(errstr)) == MOLDAU_ERR_NONE)
        return 0;
    fprintf(stderr, "moldau-demo: %s\n", errstr);
    return -1;
}

/* ---- the topic ----------------------------------------------------------------------- */

static int create_topic(void)
{
    moldau_conf_t *conf = moldau_conf_new();
    char errstr[256];
    if (!conf || conf_set(conf, "bootstrap.servers", bootstrap)) {
        moldau_conf_destroy(conf);
        return -1;
    }
    moldau_admin_t *a = moldau_admin_new(conf, errstr, sizeof(errstr));
    moldau_conf_destroy(conf);
    if (!a) {
        fprintf(stderr, "moldau-demo: cannot create the admin client: %s\n", errstr);
        return -1;
    }
    moldau_admin_new_topic_t t = MOLDAU_ADMIN_NEW_TOPIC_INIT;
    t.name = topic;
    t.num_partitions = partitions;
    moldau_admin_create_topics_result_t *r = NULL;
    moldau_err_t err = moldau_admin_create_topics(a, &t, 1, 0, 30000, &r);
    int rc = 0;
    if (err) {
        fprintf(stderr, "moldau-demo: creating %s: %s\n", topic, moldau_err_str(err));
        rc = -1;
    } else if (r->items[0]->err == MOLDAU_ERR_TOPIC_ALREADY_EXISTS) {
        printf("  %s exists already: used as it is\n", topic);
    } else if (r->items[0]->err) {
        fprintf(stderr, "moldau-demo: creating %s: %s\n", topic, r->items[0]->errmsg);
        rc = -1;
    } else {
        printf("  created %s: %d partitions, replication factor %d\n", topic,
               (int)r->items[0]->num_partitions, (int)r->items[0]->replication_factor);
    }
    moldau_admin_result_free(r);
    moldau_admin_close(a);
    return rc;
}

/* ---- producing ------------------------------------------------------------------------- */

static long delivered, failed;

static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *d, void *opaque)
{
    (void)p, (void)opaque;
    if (!d->err)
        delivered++;
    else if (failed++ < 5)
        fprintf(stderr, "moldau-demo: a record failed: %s\n", moldau_err_str(d->err));
}

static void progress(const char *what, long done, long total, double t0, int last)
{
    double dt = now_s() - t0;
    fprintf(stderr, "\r  %s %ld / %ld records (%.0f%%), %.2f M records/s%s", what, done, total,
            total ? 100.0 * (double)done / (double)total : 100.0,
            dt > 0 ? (double)done / dt / 1e6 : 0.0, last ? "\n" : "");
}

static int produce(double *seconds)
{
    moldau_conf_t *conf = moldau_conf_new();
    char errstr[256];
    if (!conf || conf_set(conf, "bootstrap.servers", bootstrap) ||
        conf_set(conf, "linger.ms", "5") || conf_set(conf, "compression.type", "lz4")) {
        moldau_conf_destroy(conf);
        return -1;
    }
    moldau_conf_set_delivery_cb(conf, on_delivery);
    moldau_producer_t *p = moldau_producer_new(conf, errstr, sizeof(errstr));
    moldau_conf_destroy(conf);
    if (!p) {
        fprintf(stderr, "moldau-demo: cannot create the producer: %s\n", errstr);
        return -1;
    }
    char value[VALUE_SIZE];
    memset(value, '.', sizeof(value));
    double t0 = now_s(), shown = t0;
    for (long i = 0; i < records; i++) {
        char key[32];
        snprintf(key, sizeof(key), "user-%ld", i % KEYS);
        int n = snprintf(value, sizeof(value), "%ld ", i);
        value[n] = '.'; /* the number, then dots to VALUE_SIZE */
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.topic = topic;
        m.key = key;
        m.key_len = strlen(key);
        m.value = value;
        m.value_len = sizeof(value);
        moldau_err_t err;
        /* a full buffer.memory: serve the delivery reports and try again */
        while ((err = moldau_produce(p, &m, NULL, NULL)) == MOLDAU_ERR__QUEUE_FULL)
            moldau_producer_poll(p, 10);
        if (err) {
            fprintf(stderr, "moldau-demo: produce: %s\n", moldau_err_str(err));
            break;
        }
        if ((i & 0x3fff) == 0) {
            moldau_producer_poll(p, 0);
            if (now_s() - shown >= 0.25) {
                shown = now_s();
                progress("produced", i, records, t0, 0);
            }
        }
    }
    moldau_err_t err = moldau_producer_flush(p, 60000);
    *seconds = now_s() - t0;
    progress("produced", delivered, records, t0, 1);
    moldau_producer_close(p, 10000);
    if (err)
        fprintf(stderr, "moldau-demo: flush: %s\n", moldau_err_str(err));
    return delivered == records ? 0 : -1;
}

/* ---- consuming ------------------------------------------------------------------------- */

static moldau_consumer_t *consumer_new(void)
{
    moldau_conf_t *conf = moldau_conf_new();
    char errstr[256];
    if (!conf || conf_set(conf, "bootstrap.servers", bootstrap) ||
        conf_set(conf, "group.id", group) || conf_set(conf, "auto.offset.reset", "earliest")) {
        moldau_conf_destroy(conf);
        return NULL;
    }
    moldau_consumer_t *c = moldau_consumer_new(conf, errstr, sizeof(errstr));
    moldau_conf_destroy(conf);
    if (!c)
        fprintf(stderr, "moldau-demo: cannot create a consumer: %s\n", errstr);
    return c;
}

static void take(member_t *m, const moldau_consumer_record_t *r)
{
    m->count++;
    if (r->partition >= 0 && r->partition < MAX_PARTITIONS)
        m->per_partition[r->partition]++;
    char num[24];
    size_t n = r->value_len < sizeof(num) - 1 ? r->value_len : sizeof(num) - 1;
    memcpy(num, r->value ? r->value : "", r->value ? n : 0);
    num[r->value ? n : 0] = '\0';
    char *end;
    long i = strtol(num, &end, 10);
    if (end == num || *end != ' ' || i < 0 || i >= records) {
        atomic_fetch_add(&bad_values, 1);
        return;
    }
    if (atomic_fetch_add(&seen[i], 1) == 0)
        atomic_fetch_add(&distinct, 1);
    else
        atomic_fetch_add(&duplicates, 1);
    int k = (int)(i % KEYS), expected = -1;
    if (!atomic_compare_exchange_strong(&key_partition[k], &expected, r->partition) &&
        expected != r->partition)
        atomic_fetch_add(&key_moved, 1);
}

static void *member_run(void *opaque)
{
    member_t *m = opaque;
    const moldau_consumer_record_t *recs[500];
    moldau_consumer_error_t e;
    int paused = 0;
    double deadline = now_s() + CONSUME_BOUND_S;
    /* join: poll until the group gave this member partitions, then hold them paused */
    while (!paused && now_s() < deadline) {
        if (moldau_consumer_poll_batch(m->c, recs, 500, 200, &e) < 0 && e.err)
            snprintf(m->error, sizeof(m->error), "%s", e.reason);
        moldau_partition_list_t *a = NULL;
        if (moldau_consumer_assignment(m->c, &a) == MOLDAU_ERR_NONE && a && a->n) {
            moldau_consumer_pause(m->c, a);
            paused = 1;
            atomic_fetch_add(&joined, 1);
        }
        moldau_partition_list_destroy(a);
    }
    while (!atomic_load(&go) && now_s() < deadline) /* stay in the group meanwhile */
        moldau_consumer_poll_batch(m->c, recs, 500, 100, &e);
    moldau_partition_list_t *a = NULL;
    if (moldau_consumer_assignment(m->c, &a) == MOLDAU_ERR_NONE && a)
        moldau_consumer_resume(m->c, a);
    moldau_partition_list_destroy(a);
    while (atomic_load(&distinct) < records && now_s() < deadline) {
        int n = moldau_consumer_poll_batch(m->c, recs, 500, 200, &e);
        if (n < 0) {
            snprintf(m->error, sizeof(m->error), "%s", e.reason);
            continue;
        }
        for (int i = 0; i < n; i++)
            take(m, recs[i]);
    }
    moldau_consumer_close(m->c); /* commits, leaves the group */
    return NULL;
}

static void print_member(const member_t *m)
{
    printf("  member %d: %ld records from", m->id, m->count);
    for (int p = 0; p < partitions && p < MAX_PARTITIONS; p++)
        if (m->per_partition[p])
            printf(" p%d=%ld", p, m->per_partition[p]);
    printf("\n");
    if (m->error[0])
        printf("  member %d reported: %s\n", m->id, m->error);
}

int main(int argc, char **argv)
{
    if (argc != 5 || atoi(argv[3]) < 1 || atoi(argv[3]) > MAX_PARTITIONS || atol(argv[4]) < 1) {
        fprintf(stderr, "usage: moldau-demo BOOTSTRAP TOPIC PARTITIONS RECORDS\n");
        return 2;
    }
    bootstrap = argv[1];
    topic = argv[2];
    partitions = atoi(argv[3]);
    records = atol(argv[4]);
    snprintf(group, sizeof(group), "%s-group", topic);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (!(seen = calloc((size_t)records, 1)))
        return 1;
    for (int k = 0; k < KEYS; k++)
        atomic_init(&key_partition[k], -1);

    printf("\n== the admin client creates topic %s with %d partitions\n", topic, partitions);
    if (create_topic())
        return 1;
    printf("\n== two consumers join group %s\n", group);
    member_t m[MEMBERS];
    for (int i = 0; i < MEMBERS; i++) {
        memset(&m[i], 0, sizeof(m[i]));
        m[i].id = i + 1;
        const char *topics[] = {topic};
        if (!(m[i].c = consumer_new()) || moldau_consumer_subscribe(m[i].c, topics, 1))
            return 1;
    }
    for (int i = 0; i < MEMBERS; i++)
        pthread_create(&m[i].thread, NULL, member_run, &m[i]);
    for (double t = now_s(); atomic_load(&joined) < MEMBERS && now_s() - t < 60;)
        usleep(20000);
    printf("  %d of %d members hold partitions (paused until the records are written)\n",
           atomic_load(&joined), MEMBERS);

    printf("\n== producing %ld keyed records of %d bytes (lz4, linger.ms=5, acks=all)\n",
           records, VALUE_SIZE);
    double produce_s = 0;
    int produced_ok = produce(&produce_s) == 0;

    printf("\n== consuming them back with the group\n");
    double t0 = now_s();
    atomic_store(&go, 1);
    for (double shown = t0; atomic_load(&distinct) < records && now_s() - t0 < CONSUME_BOUND_S;) {
        usleep(20000);
        if (now_s() - shown >= 0.25) {
            shown = now_s();
            progress("consumed", atomic_load(&distinct), records, t0, 0);
        }
    }
    double consume_s = now_s() - t0;
    progress("consumed", atomic_load(&distinct), records, t0, 1);
    for (int i = 0; i < MEMBERS; i++)
        pthread_join(m[i].thread, NULL);

    printf("\n== figures\n");
    double mb = (double)records * (VALUE_SIZE + 8) / 1e6;
    printf("  produced: %ld records in %.2f s: %.2f M records/s, %.0f MB/s\n", delivered,
           produce_s, (double)delivered / produce_s / 1e6, mb / produce_s);
    printf("  consumed: %ld records in %.2f s: %.2f M records/s, %.0f MB/s\n",
           atomic_load(&distinct), consume_s, (double)atomic_load(&distinct) / consume_s / 1e6,
           mb / consume_s);
    for (int i = 0; i < MEMBERS; i++)
        print_member(&m[i]);
    printf("  per partition:");
    for (int p = 0; p < partitions; p++) {
        long n = 0;
        for (int i = 0; i < MEMBERS; i++)
            n += m[i].per_partition[p];
        printf(" p%d=%ld", p, n);
    }
    printf("\n");
    long missing = records - atomic_load(&distinct);
    int ok = produced_ok && !missing && !atomic_load(&duplicates) && !atomic_load(&key_moved) &&
             !atomic_load(&bad_values) && atomic_load(&joined) == MEMBERS;
    if (ok)
        printf("  exactly once: each of the %ld records came back once, each key from one "
               "partition\n", records);
    else
        printf("  FAILED: %ld missing, %ld duplicates, %ld records of a key on another "
               "partition, %ld unreadable values, %d of %d members joined, %ld of %ld "
               "delivered\n", missing, atomic_load(&duplicates), atomic_load(&key_moved),
               atomic_load(&bad_values), atomic_load(&joined), MEMBERS, delivered, records);
    free((void *)seen);
    return ok ? 0 : 1;
}
