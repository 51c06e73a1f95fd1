/* Errors the application must see, on the real broker: a topic deleted under a consumer that
 * reads it comes out of poll as an error event naming the topic and the partition (after the
 * records that were there), not as silence; the consumer stays usable, and the records of
 * another topic it reads keep coming. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/consumer_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"
#include "check_producer.h"
#include "moldau.h"

START_TEST(deleted_topic_is_an_event)
{
    TEST_NEED_KAFKA(bootstrap);
    char gone[128], stays[128], err[256];
    test_topic_name("cons-deleted", gone, sizeof(gone));
    test_topic_name("cons-stays", stays, sizeof(stays));
    ck_assert_int_eq(test_create_topic(bootstrap, gone, 1), 0);
    ck_assert_int_eq(test_create_topic(bootstrap, stays, 1), 0);
    test_produce_ids(bootstrap, gone, 1, 0, 10, NULL);
    test_produce_ids(bootstrap, stays, 1, 0, 10, NULL);

    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "3", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "allow.auto.create.topics", "false", err, sizeof(err)),
                     0);
    /* metadata refreshes often enough that the deletion is seen within the test's bound */
    ck_assert_int_eq(moldau_conf_set(conf, "metadata.max.age.ms", "1000", err,
                                     sizeof(err)), 0);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    moldau_partition_list_t *l = moldau_partition_list_new(2);
    moldau_partition_list_add(l, gone, 0)->offset = MOLDAU_OFFSET_BEGINNING;
    moldau_partition_list_add(l, stays, 0)->offset = MOLDAU_OFFSET_BEGINNING;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);

    int got_gone = 0, got_stays = 0, tries;
    moldau_consumer_error_t e;
    for (tries = 0; (got_gone < 10 || got_stays < 10) && tries < 300; tries++) {
        const moldau_consumer_record_t *r = moldau_consumer_poll(c, 100, &e);
        ck_assert_msg(r || !e.err, "error before the deletion: %s", e.reason ? e.reason : "");
        if (r && !strcmp(r->topic, gone))
            ck_assert_int_eq(r->offset, got_gone++);
        else if (r)
            ck_assert_int_eq(r->offset, got_stays++);
    }
    ck_assert_int_eq(got_gone, 10);
    ck_assert_int_eq(got_stays, 10);

    ck_assert_int_eq(test_delete_topic(bootstrap, gone), 0);
    int events = 0;
    for (tries = 0; !events && tries < 600; tries++) {
        const moldau_consumer_record_t *r = moldau_consumer_poll(c, 100, &e);
        ck_assert_msg(!r, "a record after the deletion: %s[%d] at %lld", r ? r->topic : "",
                      r ? (int)r->partition : -1, r ? (long long)r->offset : -1LL);
        if (e.err) {
            ck_assert_msg(e.err == MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION ||
                              e.err == MOLDAU_ERR_UNKNOWN_TOPIC_ID,
                          "unexpected error %s: %s", moldau_err_name(e.err),
                          e.reason ? e.reason : "");
            ck_assert_ptr_nonnull(e.topic);
            ck_assert_str_eq(e.topic, gone);
            ck_assert_int_eq(e.partition, 0);
            events++;
        }
    }
    ck_assert_msg(events > 0, "no error event within the bound after the topic was deleted");

    /* the other topic reads on */
    test_produce_ids(bootstrap, stays, 1, 10, 5, NULL);
    for (tries = 0; got_stays < 15 && tries < 300; tries++) {
        const moldau_consumer_record_t *r = moldau_consumer_poll(c, 100, &e);
        if (r) {
            ck_assert_str_eq(r->topic, stays);
            ck_assert_int_eq(r->offset, got_stays++);
        }
    }
    ck_assert_int_eq(got_stays, 15);
    moldau_consumer_close(c);
    test_delete_topic(bootstrap, stays);
}
END_TEST

Suite *moldau_test_consumer_errors_kafka_suite(void)
{
    Suite *s = suite_create("consumer_errors_kafka");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, deleted_topic_is_an_event);
    suite_add_tcase(s, tc);
    return s;
}
