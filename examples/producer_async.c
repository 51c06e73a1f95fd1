/* producer_async — the usual way to produce: queue records without waiting, let a delivery
 * callback tell how each one went, and flush before exiting.
 *
 *   producer_async [bootstrap] [topic] [count]
 *
 * bootstrap defaults to $MOLDAU_BOOTSTRAP, else localhost:9092. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "moldau.h"

static long delivered, failed;

/* Called from moldau_producer_poll()/flush() on this thread, once per record. */
static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *d, void *opaque)
{
    (void)p;
    (void)opaque;
    if (d->err) {
        if (failed++ < 5) /* do not flood the terminal when the broker is away */
            fprintf(stderr, "record %ld failed: %s\n", (long)(intptr_t)d->opaque,
                    moldau_err_str(d->err));
    } else {
        delivered++;
    }
}

int main(int argc, char **argv)
{
    const char *bootstrap = argc > 1 ? argv[1] : getenv("MOLDAU_BOOTSTRAP");
    const char *topic = argc > 2 ? argv[2] : "moldau-example";
    long count = argc > 3 ? atol(argv[3]) : 100000;
    char errstr[256];

    moldau_conf_t *conf = moldau_conf_new();
    if (moldau_conf_set(conf, "bootstrap.servers", bootstrap ? bootstrap : "localhost:9092",
                        errstr, sizeof(errstr)) ||
        moldau_conf_set(conf, "linger.ms", "5", errstr, sizeof(errstr))) {
        fprintf(stderr, "%s\n", errstr);
        return 1;
    }
    moldau_conf_set_delivery_cb(conf, on_delivery); /* for records produced without a callback */
    moldau_producer_t *p = moldau_producer_new(conf, errstr, sizeof(errstr));
    moldau_conf_destroy(conf); /* the producer keeps its own copy */
    if (!p) {
        fprintf(stderr, "cannot create the producer: %s\n", errstr);
        return 1;
    }

    char value[100];
    memset(value, 'x', sizeof(value));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < count; i++) {
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.topic = topic;
        m.value = value;
        m.value_len = sizeof(value);
        /* the opaque comes back in the delivery report: here, the record's number */
        moldau_err_t err = moldau_produce(p, &m, NULL, (void *)(intptr_t)i);
        if (err == MOLDAU_ERR__QUEUE_FULL) { /* buffer.memory full: let reports drain, retry */
            moldau_producer_poll(p, 100);
            i--;
            continue;
        }
        if (err) {
            fprintf(stderr, "produce: %s\n", moldau_err_str(err));
            break;
        }
        moldau_producer_poll(p, 0); /* serve the reports that are ready, without waiting */
    }
    /* everything out, every report served, before we go */
    if (moldau_producer_flush(p, 30000))
        fprintf(stderr, "flush timed out: %zu records outstanding\n",
                moldau_producer_outstanding(p));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%ld delivered, %ld failed in %.2f s (%.0f msgs/s)\n", delivered, failed, secs,
           secs > 0 ? (double)delivered / secs : 0.0);
    moldau_producer_close(p, 10000);
    return failed ? 1 : 0;
}
