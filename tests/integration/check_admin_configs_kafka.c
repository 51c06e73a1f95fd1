/* The admin client's config calls against the real broker: topics, brokers and groups, with
 * per-resource errors. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

static const moldau_admin_config_entry_t *entry(const moldau_admin_config_resource_result_t *r,
                                                const char *name)
{
    for (size_t i = 0; i < r->n_entries; i++)
        if (strcmp(r->entries[i]->name, name) == 0)
            return r->entries[i];
    return NULL;
}

/* Waits until the topic's config `name` has the value `want` (NULL: any) and is_default
 * `want_default` (-1: either): a change reaches the broker that describes it through the
 * metadata log, a moment later. */
static void wait_topic_config(moldau_admin_t *a, const char *topic, const char *name,
                              const char *want, int want_default)
{
    moldau_admin_config_resource_t res = MOLDAU_ADMIN_CONFIG_RESOURCE_INIT;
    res.type = MOLDAU_ADMIN_RESOURCE_TOPIC;
    res.name = topic;
    char value[256] = "";
    for (int i = 0; i < 100; i++) {
        moldau_admin_config_resource_results_t *r;
        ck_assert_int_eq(moldau_admin_describe_configs(a, &res, 1, 0, -1, &r), 0);
        int ok = 0;
        /* a topic just created may not have reached this broker yet */
        if (r->items[0]->err != MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION) {
            ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
            const moldau_admin_config_entry_t *e = entry(r->items[0], name);
            ck_assert_ptr_nonnull(e);
            ck_assert_uint_eq(e->n_synonyms, 0); /* not asked for */
            snprintf(value, sizeof(value), "%s", e->value ? e->value : "");
            ok = (!want || strcmp(value, want) == 0) &&
                 (want_default < 0 || e->is_default == want_default);
        }
        moldau_admin_result_free(r);
        if (ok)
            return;
        usleep(100 * 1000);
    }
    ck_abort_msg("%s of %s: %s after 10 s, not %s", name, topic, value, want ? want : "default");
}

/* A topic with cleanup.policy=compact and retention.ms=100000 set on it. */
static void create_configured_topic(moldau_admin_t *a, const char *t)
{
    moldau_admin_config_t cfg[] = {{"cleanup.policy", "compact"}, {"retention.ms", "100000"}};
    moldau_admin_new_topic_t nt = MOLDAU_ADMIN_NEW_TOPIC_INIT;
    nt.name = t;
    nt.num_partitions = 1;
    nt.configs = cfg;
    nt.n_configs = 2;
    moldau_admin_create_topics_result_t *r;
    ck_assert_int_eq(moldau_admin_create_topics(a, &nt, 1, 0, -1, &r), 0);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    moldau_admin_result_free(r);
    wait_topic_config(a, t, "retention.ms", "100000", 0);
}

START_TEST(describe_configs_of_topics_brokers_and_groups)
{
    TEST_NEED_KAFKA(bootstrap);
    char t[128], unknown[128], broker[16];
    test_topic_name("admin-dc", t, sizeof(t));
    test_topic_name("admin-dc-none", unknown, sizeof(unknown));
    moldau_admin_t *a = test_admin_new(bootstrap);
    create_configured_topic(a, t);
    snprintf(broker, sizeof(broker), "%d", (int)test_admin_broker_id(a));

    moldau_admin_config_resource_t res[4] = {
        MOLDAU_ADMIN_CONFIG_RESOURCE_INIT, MOLDAU_ADMIN_CONFIG_RESOURCE_INIT,
        MOLDAU_ADMIN_CONFIG_RESOURCE_INIT, MOLDAU_ADMIN_CONFIG_RESOURCE_INIT};
    res[0].type = MOLDAU_ADMIN_RESOURCE_TOPIC;
    res[0].name = t;
    res[1].type = MOLDAU_ADMIN_RESOURCE_TOPIC;
    res[1].name = unknown;
    res[2].type = MOLDAU_ADMIN_RESOURCE_BROKER;
    res[2].name = broker;
    res[3].type = MOLDAU_ADMIN_RESOURCE_GROUP;
    res[3].name = "admin-dc-group";
    moldau_admin_config_resource_results_t *r = NULL;
    moldau_err_t err = moldau_admin_describe_configs(a, res, 4, 1, -1, &r);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_uint_eq(r->n_items, 4);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(r->items[i]->type, res[i].type);
        ck_assert_str_eq(r->items[i]->name, res[i].name);
    }

    const moldau_admin_config_resource_result_t *topic = r->items[0];
    ck_assert_msg(topic->err == MOLDAU_ERR_NONE, "%s", topic->errmsg);
    ck_assert_ptr_null(topic->errmsg);
    const moldau_admin_config_entry_t *e = entry(topic, "retention.ms");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->value, "100000");
    ck_assert_int_eq(e->source, MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_TOPIC);
    ck_assert_int_eq(e->is_default, 0);
    ck_assert_int_eq(e->is_read_only, 0);
    ck_assert_int_eq(e->is_sensitive, 0);
    /* synonyms: the value in force first */
    ck_assert_uint_ge(e->n_synonyms, 1);
    ck_assert_str_eq(e->synonyms[0]->name, "retention.ms");
    ck_assert_str_eq(e->synonyms[0]->value, "100000");
    ck_assert_int_eq(e->synonyms[0]->source, MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_TOPIC);
    e = entry(topic, "segment.bytes");
    ck_assert_ptr_nonnull(e);
    ck_assert_int_ne(e->source, MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_TOPIC);
    e = entry(topic, "max.compaction.lag.ms");
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(e->is_default, 1);
    ck_assert_int_eq(e->source, MOLDAU_ADMIN_CONFIG_SOURCE_DEFAULT);

    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_ptr_nonnull(r->items[1]->errmsg);
    ck_assert_uint_eq(r->items[1]->n_entries, 0);

    const moldau_admin_config_resource_result_t *b = r->items[2];
    ck_assert_msg(b->err == MOLDAU_ERR_NONE, "%s", b->errmsg);
    e = entry(b, "broker.id");
    ck_assert_msg(e == NULL || strcmp(e->value, broker) == 0, "broker.id %s", e->value);
    e = entry(b, "node.id");
    ck_assert_ptr_nonnull(e);
    ck_assert_str_eq(e->value, broker);
    ck_assert_int_eq(e->is_read_only, 1);
    ck_assert_uint_gt(b->n_entries, 100);

    const moldau_admin_config_resource_result_t *g = r->items[3];
    ck_assert_msg(g->err == MOLDAU_ERR_NONE, "%s", g->errmsg);
    ck_assert_ptr_nonnull(entry(g, "consumer.session.timeout.ms"));
    moldau_admin_result_free(r);

    /* a broker's loggers (to that broker) and the cluster-wide broker defaults (any broker:
     * only what was set dynamically, none here) */
    moldau_admin_config_resource_t more[2] = {MOLDAU_ADMIN_CONFIG_RESOURCE_INIT,
                                              MOLDAU_ADMIN_CONFIG_RESOURCE_INIT};
    more[0].type = MOLDAU_ADMIN_RESOURCE_BROKER_LOGGER;
    more[0].name = broker;
    more[1].type = MOLDAU_ADMIN_RESOURCE_BROKER;
    more[1].name = "";
    ck_assert_int_eq(moldau_admin_describe_configs(a, more, 2, 0, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_uint_gt(r->items[0]->n_entries, 0);
    for (size_t i = 0; i < r->items[0]->n_entries; i++)
        ck_assert_ptr_nonnull(r->items[0]->entries[i]->value); /* a level, e.g. INFO */
    ck_assert_msg(r->items[1]->err == MOLDAU_ERR_NONE, "%s", r->items[1]->errmsg);
    for (size_t i = 0; i < r->items[1]->n_entries; i++)
        ck_assert_int_eq(r->items[1]->entries[i]->source,
                         MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER);
    moldau_admin_result_free(r);

    /* a broker that does not exist fails its own resource only */
    res[1].type = MOLDAU_ADMIN_RESOURCE_BROKER;
    res[1].name = "424242";
    err = moldau_admin_describe_configs(a, res, 2, 0, 5000, &r);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_uint_gt(r->items[0]->n_entries, 0);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_BROKER_NOT_AVAILABLE);
    ck_assert_ptr_nonnull(r->items[1]->errmsg);
    moldau_admin_result_free(r);
    moldau_admin_close(a);
}
END_TEST

START_TEST(incremental_alter_configs_applies_each_op)
{
    TEST_NEED_KAFKA(bootstrap);
    char t[128], unknown[128];
    test_topic_name("admin-iac", t, sizeof(t));
    test_topic_name("admin-iac-none", unknown, sizeof(unknown));
    moldau_admin_t *a = test_admin_new(bootstrap);
    create_configured_topic(a, t);

    moldau_admin_config_op_t set_ops[] = {
        {"retention.ms", MOLDAU_ADMIN_CONFIG_OP_SET, "200000"},
        {"cleanup.policy", MOLDAU_ADMIN_CONFIG_OP_APPEND, "delete"}};
    moldau_admin_config_op_t bad_ops[] = {{"retention.ms", MOLDAU_ADMIN_CONFIG_OP_SET, "abc"}};
    moldau_admin_alter_config_t alter[3] = {MOLDAU_ADMIN_ALTER_CONFIG_INIT,
                                            MOLDAU_ADMIN_ALTER_CONFIG_INIT,
                                            MOLDAU_ADMIN_ALTER_CONFIG_INIT};
    alter[0].type = MOLDAU_ADMIN_RESOURCE_TOPIC;
    alter[0].name = t;
    alter[0].ops = set_ops;
    alter[0].n_ops = 2;
    alter[1].type = MOLDAU_ADMIN_RESOURCE_TOPIC;
    alter[1].name = unknown;
    alter[1].ops = set_ops;
    alter[1].n_ops = 1;

    /* validate only: nothing changes */
    moldau_admin_config_resource_results_t *r = NULL;
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, alter, 1, 1, -1, &r), 0);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    moldau_admin_result_free(r);
    usleep(300 * 1000);
    wait_topic_config(a, t, "retention.ms", "100000", 0);

    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, alter, 2, 0, -1, &r), 0);
    ck_assert_uint_eq(r->n_items, 2);
    ck_assert_str_eq(r->items[0]->name, t);
    ck_assert_int_eq(r->items[0]->type, MOLDAU_ADMIN_RESOURCE_TOPIC);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_ptr_null(r->items[0]->errmsg);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
    ck_assert_ptr_nonnull(r->items[1]->errmsg);
    moldau_admin_result_free(r);
    wait_topic_config(a, t, "retention.ms", "200000", 0);
    wait_topic_config(a, t, "cleanup.policy", "compact,delete", 0);

    /* SUBTRACT and DELETE; a bad value beside them fails alone */
    moldau_admin_config_op_t undo_ops[] = {
        {"cleanup.policy", MOLDAU_ADMIN_CONFIG_OP_SUBTRACT, "compact"},
        {"retention.ms", MOLDAU_ADMIN_CONFIG_OP_DELETE, NULL}};
    char t2[128];
    test_topic_name("admin-iac-bad", t2, sizeof(t2));
    create_configured_topic(a, t2);
    alter[0].ops = undo_ops;
    alter[1].name = t2;
    alter[1].ops = bad_ops;
    alter[1].n_ops = 1;
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, alter, 2, 0, -1, &r), 0);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_INVALID_CONFIG);
    ck_assert_ptr_nonnull(r->items[1]->errmsg);
    moldau_admin_result_free(r);
    wait_topic_config(a, t, "cleanup.policy", "delete", 0);
    wait_topic_config(a, t, "retention.ms", NULL, 1);
    wait_topic_config(a, t2, "retention.ms", "100000", 0); /* the bad change made none */
    moldau_admin_close(a);
}
END_TEST

/* Waits until the broker's config `name` has `want` (NULL: any value) and its source is
 * (dynamic) or is not (!dynamic) DYNAMIC_BROKER: the broker applies a change from the
 * metadata log a moment later. Returns the value. */
static const char *broker_config(moldau_admin_t *a, const char *broker, const char *name,
                                 const char *want, int dynamic)
{
    static char value[256];
    moldau_admin_config_resource_t res = MOLDAU_ADMIN_CONFIG_RESOURCE_INIT;
    res.type = MOLDAU_ADMIN_RESOURCE_BROKER;
    res.name = broker;
    for (int i = 0; i < 100; i++) {
        moldau_admin_config_resource_results_t *r;
        ck_assert_int_eq(moldau_admin_describe_configs(a, &res, 1, 0, -1, &r), 0);
        ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
        const moldau_admin_config_entry_t *e = entry(r->items[0], name);
        ck_assert_ptr_nonnull(e);
        snprintf(value, sizeof(value), "%s", e->value ? e->value : "");
        int is_dynamic = e->source == MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_BROKER;
        moldau_admin_result_free(r);
        if (is_dynamic == dynamic && (!want || strcmp(value, want) == 0))
            return value;
        usleep(100 * 1000);
    }
    ck_abort_msg("%s of broker %s: still %s after 10 s", name, broker, value);
    return NULL;
}

START_TEST(incremental_alter_configs_of_a_broker)
{
    TEST_NEED_KAFKA(bootstrap);
    char broker[16];
    moldau_admin_t *a = test_admin_new(bootstrap);
    snprintf(broker, sizeof(broker), "%d", (int)test_admin_broker_id(a));
    moldau_admin_config_op_t set[] = {
        {"log.cleaner.backoff.ms", MOLDAU_ADMIN_CONFIG_OP_SET, "15001"}};
    moldau_admin_config_op_t del[] = {
        {"log.cleaner.backoff.ms", MOLDAU_ADMIN_CONFIG_OP_DELETE, NULL}};
    moldau_admin_alter_config_t alter = MOLDAU_ADMIN_ALTER_CONFIG_INIT;
    alter.type = MOLDAU_ADMIN_RESOURCE_BROKER;
    alter.name = broker;
    alter.ops = set;
    alter.n_ops = 1;
    moldau_admin_config_resource_results_t *r = NULL;
    char before[256];
    snprintf(before, sizeof(before), "%s",
             broker_config(a, broker, "log.cleaner.backoff.ms", NULL, 0));
    ck_assert_str_ne(before, "15001");
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, &alter, 1, 0, -1, &r), 0);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    moldau_admin_result_free(r);
    broker_config(a, broker, "log.cleaner.backoff.ms", "15001", 1);

    alter.ops = del;
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, &alter, 1, 0, -1, &r), 0);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    moldau_admin_result_free(r);
    broker_config(a, broker, "log.cleaner.backoff.ms", before, 0);
    moldau_admin_close(a);
}
END_TEST

/* A new admin client's first call may name a broker by id before any metadata came: it is
 * looked up, not refused as unknown (BROKER_NOT_AVAILABLE). */
START_TEST(describe_a_broker_first_thing)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *probe = test_admin_new(bootstrap);
    char id[16];
    snprintf(id, sizeof(id), "%d", (int)test_admin_broker_id(probe));
    moldau_admin_close(probe);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_config_resource_t res = MOLDAU_ADMIN_CONFIG_RESOURCE_INIT;
    res.type = MOLDAU_ADMIN_RESOURCE_BROKER;
    res.name = id;
    moldau_admin_config_resource_results_t *r;
    ck_assert_int_eq(moldau_admin_describe_configs(a, &res, 1, 0, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_uint_gt(r->items[0]->n_entries, 0);
    moldau_admin_result_free(r);
    moldau_admin_close(a);
}
END_TEST

START_TEST(config_calls_refuse_bad_arguments)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_config_resource_results_t *r = (void *)1;
    moldau_admin_config_resource_t res[2] = {MOLDAU_ADMIN_CONFIG_RESOURCE_INIT,
                                             MOLDAU_ADMIN_CONFIG_RESOURCE_INIT};
    ck_assert_int_eq(moldau_admin_describe_configs(a, NULL, 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    res[0].type = MOLDAU_ADMIN_RESOURCE_TOPIC;
    res[0].name = "t";
    ck_assert_int_eq(moldau_admin_describe_configs(a, res, 0, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_describe_configs(a, res, 2, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG); /* res[1]: no type, no name */
    res[1] = res[0];
    ck_assert_int_eq(moldau_admin_describe_configs(a, res, 2, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG); /* twice */
    res[1].type = MOLDAU_ADMIN_RESOURCE_BROKER;
    res[1].name = "one";
    ck_assert_int_eq(moldau_admin_describe_configs(a, res, 2, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    res[1].type = 3;
    res[1].name = "x";
    ck_assert_int_eq(moldau_admin_describe_configs(a, res, 2, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    res[1].type = MOLDAU_ADMIN_RESOURCE_TOPIC;
    res[1].name = "";
    ck_assert_int_eq(moldau_admin_describe_configs(a, res, 2, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);

    moldau_admin_config_op_t ops[] = {{"retention.ms", MOLDAU_ADMIN_CONFIG_OP_SET, NULL}};
    moldau_admin_alter_config_t alter = MOLDAU_ADMIN_ALTER_CONFIG_INIT;
    alter.type = MOLDAU_ADMIN_RESOURCE_TOPIC;
    alter.name = "t";
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, &alter, 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG); /* no ops */
    alter.ops = ops;
    alter.n_ops = 1;
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, &alter, 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG); /* SET without a value */
    ops[0].value = "1";
    ops[0].op = 7;
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, &alter, 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ops[0].op = MOLDAU_ADMIN_CONFIG_OP_SET;
    ops[0].name = NULL;
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, &alter, 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, NULL, 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_configs_kafka_suite(void)
{
    Suite *s = suite_create("admin_configs_kafka");
    TCase *tc = tcase_create("admin_configs_kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, describe_configs_of_topics_brokers_and_groups);
    tcase_add_test(tc, incremental_alter_configs_applies_each_op);
    tcase_add_test(tc, incremental_alter_configs_of_a_broker);
    tcase_add_test(tc, config_calls_refuse_bad_arguments);
    tcase_add_test(tc, describe_a_broker_first_thing);
    suite_add_tcase(s, tc);
    return s;
}
