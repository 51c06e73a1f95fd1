/* The admin client's topic calls against the real broker, with their per-topic errors. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

static moldau_admin_t *admin_new(const char *bootstrap)
{
    char err[256];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "3", err, sizeof(err)), 0);
    moldau_admin_t *a = moldau_admin_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(a != NULL, "%s", err);
    return a;
}

static int topic_exists(moldau_admin_t *a, const char *topic)
{
    moldau_metadata_t *md;
    const char *topics[] = {topic};
    ck_assert_int_eq(moldau_client_metadata(moldau_admin_client(a), topics, 1, 30000, &md), 0);
    int exists = md->n_topics == 1 && md->topics[0]->err == MOLDAU_ERR_NONE;
    moldau_metadata_destroy(md);
    return exists;
}

START_TEST(delete_topics_reports_each_topic)
{
    TEST_NEED_KAFKA(bootstrap);
    char t1[128], t2[128], unknown[128];
    test_topic_name("admin-del", t1, sizeof(t1));
    test_topic_name("admin-del", t2, sizeof(t2));
    test_topic_name("admin-del-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, t1, 2), 0);
    ck_assert_int_eq(test_create_topic(bootstrap, t2, 1), 0);
    moldau_admin_t *a = admin_new(bootstrap);

    const char *names[] = {t1, unknown, t2};
    moldau_admin_topic_results_t *r = NULL;
    moldau_err_t err = moldau_admin_delete_topics(a, names, 3, -1, &r);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_uint_eq(r->n_items, 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(r->items[i]->name, names[i]);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_ptr_null(r->items[0]->errmsg);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_ptr_nonnull(r->items[1]->errmsg);
    ck_assert_msg(r->items[2]->err == MOLDAU_ERR_NONE, "%s", r->items[2]->errmsg);
    moldau_admin_result_free(r);

    /* gone from the metadata, eventually */
    int gone = 0;
    for (int i = 0; i < 100 && !gone; i++) {
        gone = !topic_exists(a, t1) && !topic_exists(a, t2);
        if (!gone)
            usleep(100 * 1000);
    }
    ck_assert_msg(gone, "deleted topics still in the metadata after 10 s");
    moldau_admin_close(a);
}
END_TEST

START_TEST(delete_topics_refuses_bad_arguments)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = admin_new(bootstrap);
    moldau_admin_topic_results_t *r = (void *)1;
    const char *empty[] = {""};
    ck_assert_int_eq(moldau_admin_delete_topics(a, empty, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(moldau_admin_delete_topics(a, NULL, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

START_TEST(delete_topics_times_out_without_brokers)
{
    char err[256];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", "127.0.0.1:1", err, sizeof(err)),
                     0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "2", err, sizeof(err)), 0);
    moldau_admin_t *a = moldau_admin_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_ptr_nonnull(a);
    const char *names[] = {"t"};
    moldau_admin_topic_results_t *r = (void *)1;
    ck_assert_int_eq(moldau_admin_delete_topics(a, names, 1, 500, &r), MOLDAU_ERR__TIMED_OUT);
    ck_assert_ptr_null(r);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_topics_kafka_suite(void)
{
    Suite *s = suite_create("admin_topics_kafka");
    TCase *tc = tcase_create("admin_topics_kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, delete_topics_reports_each_topic);
    tcase_add_test(tc, delete_topics_refuses_bad_arguments);
    tcase_add_test(tc, delete_topics_times_out_without_brokers);
    suite_add_tcase(s, tc);
    return s;
}
