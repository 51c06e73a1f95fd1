/* producer_keyed — records with keys: the same key always goes to the same partition (the
 * Java client's murmur2 partitioner, so Java, librdkafka's murmur2_random and moldau agree),
 * which keeps each key's records in order. Prints where each key went.
 *
 *   producer_keyed [bootstrap] [topic]
 *
 * bootstrap defaults to $MOLDAU_BOOTSTRAP, else localhost:9092. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau.h"

/* The opaque given to moldau_produce() comes back here: the key, for printing. */
static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *d, void *app_opaque)
{
    (void)p;
    (void)app_opaque;
    const char *key = d->opaque;
    if (d->err)
        fprintf(stderr, "%-8s failed: %s\n", key, moldau_err_str(d->err));
    else
        printf("%-8s -> partition %d, offset %lld\n", key, (int)d->partition,
               (long long)d->offset);
}

int main(int argc, char **argv)
{
    const char *bootstrap = argc > 1 ? argv[1] : getenv("MOLDAU_BOOTSTRAP");
    const char *topic = argc > 2 ? argv[2] : "moldau-example";
    static const char *const keys[] = {"alice", "bob", "carol", "dave", "erin", "frank"};
    char errstr[256];

    moldau_conf_t *conf = moldau_conf_new();
    if (moldau_conf_set(conf, "bootstrap.servers", bootstrap ? bootstrap : "localhost:9092",
                        errstr, sizeof(errstr))) {
        fprintf(stderr, "%s\n", errstr);
        return 1;
    }
    moldau_producer_t *p = moldau_producer_new(conf, errstr, sizeof(errstr));
    moldau_conf_destroy(conf);
    if (!p) {
        fprintf(stderr, "cannot create the producer: %s\n", errstr);
        return 1;
    }

    /* two rounds: each key lands on the same partition both times */
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
            moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
            m.topic = topic;
            m.key = keys[i];
            m.key_len = strlen(keys[i]);
            m.value = "event";
            m.value_len = 5;
            moldau_err_t err = moldau_produce(p, &m, on_delivery, (void *)keys[i]);
            if (err)
                fprintf(stderr, "%s: %s\n", keys[i], moldau_err_str(err));
        }
    moldau_producer_flush(p, 10000); /* the reports are printed from here */
    moldau_producer_close(p, 10000);
    return 0;
}
