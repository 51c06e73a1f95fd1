/* producer_sync — one record at a time, waiting for each result (like Java's send().get()).
 * Simple and slow: every record costs a round trip to the broker. Use it where each write
 * must be confirmed before the next step; otherwise see producer_async.c.
 *
 *   producer_sync [bootstrap] [topic]
 *
 * bootstrap defaults to $MOLDAU_BOOTSTRAP, else localhost:9092. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau.h"

int main(int argc, char **argv)
{
    const char *bootstrap = argc > 1 ? argv[1] : getenv("MOLDAU_BOOTSTRAP");
    const char *topic = argc > 2 ? argv[2] : "moldau-example";
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

    int failures = 0;
    for (int i = 0; i < 10; i++) {
        char value[64];
        moldau_producer_record_t m = MOLDAU_PRODUCER_RECORD_INIT;
        m.topic = topic;
        m.value = value;
        m.value_len = (size_t)snprintf(value, sizeof(value), "order %d", i);

        /* waits up to 10 s for this record's delivery report */
        moldau_delivery_t report;
        moldau_err_t err = moldau_produce_sync(p, &m, &report, 10000);
        if (err) {
            fprintf(stderr, "record %d: %s\n", i, moldau_err_str(err));
            failures++;
            continue;
        }
        printf("record %d written to %s [%d] at offset %lld\n", i, report.topic,
               (int)report.partition, (long long)report.offset);
    }
    moldau_producer_close(p, 10000);
    return failures ? 1 : 0;
}
