/* Callbacks served by poll keep coming while records do, on the real broker: an asynchronous
 * commit's callback, and the log lines of the client, are served by polls that return
 * records, not only once the application has read everything (a poll returns at once while
 * records are ready, and used to serve nothing else then). Both threading modes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../support/peer_test.h"
#include "../support/topic_test.h"
#include "check_producer.h"
#include "moldau.h"

#define RECORDS 3000

typedef struct seen {
    int commits;
    moldau_err_t err;
    int logs;
} seen_t;

static void on_commit(moldau_consumer_t *c, moldau_err_t err, const moldau_partition_list_t *l,
                      void *opaque)
{
    (void)c, (void)l;
    seen_t *s = opaque;
    s->commits++;
    s->err = err;
}

static void on_log(moldau_client_t *client, int level, const char *facility, const char *message,
                   void *opaque)
{
    (void)client, (void)level, (void)facility, (void)message;
    ((seen_t *)opaque)->logs++;
}

static void run(const char *io_thread)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[160], err[256];
    test_topic_name("cons-cbs", topic, sizeof(topic));
    snprintf(group, sizeof(group), "%s-g", topic);
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    moldau_producer_t *p = tp_new(bootstrap, "linger.ms", "5", NULL);
    for (int i = 0; i < RECORDS; i++) {
        moldau_producer_record_t r = MOLDAU_PRODUCER_RECORD_INIT;
        r.topic = topic;
        r.partition = 0;
        r.value = "v";
        r.value_len = 1;
        ck_assert_int_eq(moldau_produce(p, &r, NULL, NULL), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    moldau_producer_close(p, 10000);

    seen_t s = {0};
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "group.id", group, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "io.thread", io_thread, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "debug", "consumer", err, sizeof(err)), 0);
    moldau_conf_set_offset_commit_cb(conf, on_commit);
    moldau_conf_set_log_cb(conf, on_log);
    moldau_conf_set_opaque(conf, &s);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, topic, 0)->offset = MOLDAU_OFFSET_BEGINNING;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);

    /* wait until a good part of the topic is prefetched, so that polls find records ready */
    const moldau_consumer_record_t *r = NULL;
    moldau_consumer_error_t e;
    for (int tries = 0; !r && tries < 300; tries++)
        r = moldau_consumer_poll(c, 100, &e);
    ck_assert_ptr_nonnull(r);
    int read = 1;
    ck_assert_int_eq(moldau_consumer_commit(c, NULL, 1), MOLDAU_ERR_NONE);
    int logs_before = s.logs;
    /* one record per poll, a pause after each (the application's work), until the callback */
    struct timespec pause = {0, 10 * 1000000L};
    while (!s.commits && read < RECORDS) {
        if (moldau_consumer_poll(c, 0, &e))
            read++;
        nanosleep(&pause, NULL);
    }
    ck_assert_msg(s.commits == 1, "the commit's callback was not served while records came");
    ck_assert_int_eq(s.err, MOLDAU_ERR_NONE);
    ck_assert_msg(read < RECORDS, "every record was read before the callback");
    /* the fetcher logs each Fetch; those lines are served meanwhile too */
    for (int i = 0; i < 100 && read < RECORDS && s.logs == logs_before; i++) {
        if (moldau_consumer_poll(c, 0, &e))
            read++;
        nanosleep(&pause, NULL);
    }
    ck_assert_int_gt(s.logs, logs_before);
    moldau_consumer_close(c);
    test_delete_topic(bootstrap, topic);
}

START_TEST(served_while_records_come_io_thread) { run("true"); }
END_TEST

START_TEST(served_while_records_come_app_driven) { run("false"); }
END_TEST

Suite *moldau_test_consumer_callbacks_kafka_suite(void)
{
    Suite *s = suite_create("consumer_callbacks_kafka");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, served_while_records_come_io_thread);
    tcase_add_test(tc, served_while_records_come_app_driven);
    suite_add_tcase(s, tc);
    return s;
}
