/* consumer_commit — a group member that commits only after it has processed its records
 * (at-least-once). Automatic commits (consumer_group.c) may commit a record the program has
 * been handed but not finished with when it crashes; here the offsets go to the group only
 * once the work is done, so after a crash the next owner of a partition starts at the first
 * record not yet processed. A crash between processing and committing means those records
 * are processed again: make processing idempotent, or accept the repeat.
 *
 *   consumer_commit [bootstrap] [topic] [group]
 *
 * Ctrl-C: the last batch is committed, then the consumer leaves the group and closes.
 * bootstrap defaults to $MOLDAU_BOOTSTRAP, else localhost:9092. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau.h"

static volatile sig_atomic_t stop;

static void on_sigint(int sig)
{
    (void)sig;
    stop = 1;
}

/* Partitions are about to be taken away (another member joined, say): commit what was
 * processed, so that their next owner does not repeat it. Called during poll, before the
 * partitions go. */
static void on_rebalance(moldau_consumer_t *c, moldau_rebalance_event_t event,
                         const moldau_partition_list_t *parts, void *opaque)
{
    (void)parts, (void)opaque;
    if (event == MOLDAU_REBALANCE_REVOKED) {
        moldau_err_t err = moldau_consumer_commit(c, NULL, 0);
        if (err)
            fprintf(stderr, "commit before revoke: %s\n", moldau_err_str(err));
    }
}

/* The application's work. Here: print it. */
static void process(const moldau_consumer_record_t *r)
{
    printf("%s[%d] offset %lld: %.*s\n", r->topic, (int)r->partition, (long long)r->offset,
           r->value ? (int)r->value_len : 4, r->value ? (const char *)r->value : "null");
}

int main(int argc, char **argv)
{
    const char *bootstrap = argc > 1 ? argv[1] : getenv("MOLDAU_BOOTSTRAP");
    const char *topic = argc > 2 ? argv[2] : "moldau-example";
    const char *group = argc > 3 ? argv[3] : "moldau-example-commit";
    char errstr[256];

    moldau_conf_t *conf = moldau_conf_new();
    if (moldau_conf_set(conf, "bootstrap.servers", bootstrap ? bootstrap : "localhost:9092",
                        errstr, sizeof(errstr)) ||
        moldau_conf_set(conf, "group.id", group, errstr, sizeof(errstr)) ||
        moldau_conf_set(conf, "enable.auto.commit", "false", errstr, sizeof(errstr)) ||
        moldau_conf_set(conf, "auto.offset.reset", "earliest", errstr, sizeof(errstr))) {
        fprintf(stderr, "%s\n", errstr);
        return 1;
    }
    moldau_conf_set_rebalance_cb(conf, on_rebalance);
    moldau_consumer_t *c = moldau_consumer_new(conf, errstr, sizeof(errstr));
    moldau_conf_destroy(conf);
    if (!c) {
        fprintf(stderr, "cannot create the consumer: %s\n", errstr);
        return 1;
    }
    const char *topics[] = {topic};
    moldau_err_t err = moldau_consumer_subscribe(c, topics, 1);
    if (err) {
        fprintf(stderr, "subscribe: %s\n", moldau_err_str(err));
        moldau_consumer_close(c);
        return 1;
    }
    signal(SIGINT, on_sigint);
    setvbuf(stdout, NULL, _IOLBF, 0); /* each record at once, even into a pipe or a file */

    while (!stop) {
        const moldau_consumer_record_t *recs[100];
        moldau_consumer_error_t e;
        int n = moldau_consumer_poll_batch(c, recs, 100, 500, &e);
        if (n < 0) {
            fprintf(stderr, "error: %s\n", e.reason);
            continue;
        }
        for (int i = 0; i < n; i++)
            process(recs[i]);
        /* NULL: the positions after the records poll handed out, i.e. everything processed.
         * Synchronous: returns once the group coordinator has them (or an error). */
        if (n > 0 && (err = moldau_consumer_commit(c, NULL, 0)))
            fprintf(stderr, "commit: %s (the records may be processed again)\n",
                    moldau_err_str(err));
    }
    /* everything processed was committed above; close leaves the group */
    moldau_consumer_close(c);
    return 0;
}
