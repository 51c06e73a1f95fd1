/* consumer_group — a member of a consumer group printing every record it gets (the first
 * program of every Kafka tutorial). Start it twice with the same group: the topic's
 * partitions are split between the two; stop one and the other takes them all.
 *
 *   consumer_group [bootstrap] [topic] [group]
 *
 * Offsets are committed automatically (enable.auto.commit, every auto.commit.interval.ms) and
 * once more when it stops. A new group starts at the beginning of the topic
 * (auto.offset.reset=earliest; the default, latest, would wait for new records). Ctrl-C
 * stops it cleanly: the consumer commits, leaves the group (the others get its partitions at
 * once instead of after session.timeout.ms) and closes.
 *
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
    stop = 1; /* poll returns within its timeout; the loop sees this */
}

/* Told on this thread, during poll, whenever the group moves partitions to or from us. */
static void on_rebalance(moldau_consumer_t *c, moldau_rebalance_event_t event,
                         const moldau_partition_list_t *parts, void *opaque)
{
    (void)c, (void)opaque;
    const char *what = event == MOLDAU_REBALANCE_ASSIGNED  ? "assigned"
                       : event == MOLDAU_REBALANCE_REVOKED ? "revoked"
                                                           : "lost";
    printf("%s:", what);
    for (size_t i = 0; i < parts->n; i++)
        printf(" %s[%d]", parts->elems[i].topic, (int)parts->elems[i].partition);
    printf("\n");
}

int main(int argc, char **argv)
{
    const char *bootstrap = argc > 1 ? argv[1] : getenv("MOLDAU_BOOTSTRAP");
    const char *topic = argc > 2 ? argv[2] : "moldau-example";
    const char *group = argc > 3 ? argv[3] : "moldau-example-group";
    char errstr[256];

    moldau_conf_t *conf = moldau_conf_new();
    if (moldau_conf_set(conf, "bootstrap.servers", bootstrap ? bootstrap : "localhost:9092",
                        errstr, sizeof(errstr)) ||
        moldau_conf_set(conf, "group.id", group, errstr, sizeof(errstr)) ||
        moldau_conf_set(conf, "auto.offset.reset", "earliest", errstr, sizeof(errstr))) {
        fprintf(stderr, "%s\n", errstr);
        return 1;
    }
    moldau_conf_set_rebalance_cb(conf, on_rebalance); /* optional: moldau assigns by itself */
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
        moldau_consumer_error_t e;
        /* waits up to 500 ms; the record stays valid until the next poll */
        const moldau_consumer_record_t *r = moldau_consumer_poll(c, 500, &e);
        if (!r) {
            if (e.err) /* e.g. the topic does not exist: reported, polling goes on */
                fprintf(stderr, "error: %s\n", e.reason);
            continue;
        }
        /* keys and values are bytes, not NUL-terminated strings */
        printf("%s[%d] offset %lld: key %.*s, value %.*s\n", r->topic, (int)r->partition,
               (long long)r->offset, r->key ? (int)r->key_len : 4,
               r->key ? (const char *)r->key : "null", r->value ? (int)r->value_len : 4,
               r->value ? (const char *)r->value : "null");
    }
    /* commits what was printed, tells the group we leave, frees everything */
    moldau_consumer_close(c);
    return 0;
}
