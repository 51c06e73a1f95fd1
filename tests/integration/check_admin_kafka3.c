/* The admin client on a real 3-node Kafka: the calls that go to a given broker (configs of a
 * broker, DeleteRecords to each partition's leader) reach the right one, and replica
 * assignments land where they were asked to. The suite starts its own cluster
 * (tests/support/k3_test.h) in an unchecked fixture; without java or Kafka's jars it skips
 * loudly (fails under CI=true). */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/consumer_test.h"
#include "../support/k3_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

static test_k3_t k3;

static void k3_start(void) { test_k3_start(&k3, "admin_kafka3"); }

static void k3_stop(void) { test_k3_stop(&k3); }

/* The three broker ids, sorted. */
static void broker_ids(moldau_admin_t *a, int32_t ids[3])
{
    moldau_admin_cluster_description_t *d;
    ck_assert_int_eq(moldau_admin_describe_cluster(a, -1, &d), 0);
    ck_assert_uint_eq(d->n_brokers, 3);
    for (size_t i = 0; i < 3; i++)
        ids[i] = d->brokers[i]->id;
    moldau_admin_result_free(d);
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (ids[j] < ids[i]) {
                int32_t t = ids[i];
                ids[i] = ids[j];
                ids[j] = t;
            }
}

/* Waits until `topic` shows n partitions, all led; returns its description. */
static moldau_admin_topic_descriptions_t *wait_described(moldau_admin_t *a, const char *topic,
                                                         size_t n)
{
    for (int i = 0; i < 100; i++) {
        moldau_admin_topic_descriptions_t *r;
        ck_assert_int_eq(moldau_admin_describe_topics(a, &topic, 1, -1, &r), 0);
        int ok = r->items[0]->err == MOLDAU_ERR_NONE && r->items[0]->n_partitions == n;
        for (size_t p = 0; ok && p < n; p++)
            ok = r->items[0]->partitions[p]->leader >= 0;
        if (ok)
            return r;
        moldau_admin_result_free(r);
        usleep(100 * 1000);
    }
    ck_abort_msg("%s: not %zu led partitions after 10 s", topic, n);
    return NULL;
}

START_TEST(assignments_and_leaders_across_brokers)
{
    if (!k3.up) {
        test_peer_missing(__func__, "a 3-node Kafka (tests/support/kafka.sh start --brokers 3)");
        return;
    }
    moldau_admin_t *a = test_admin_new(k3.bootstrap);
    int32_t b[3];
    broker_ids(a, b);
    char t[128];
    test_topic_name("admin-k3", t, sizeof(t));

    /* partition p on brokers b[p] (preferred leader) and b[p+1] */
    int32_t pairs[6][2] = {{b[0], b[1]}, {b[1], b[2]}, {b[2], b[0]},
                           {b[2], b[1]}, {b[1], b[0]}, {b[0], b[2]}};
    moldau_admin_replicas_t as[6];
    for (int p = 0; p < 6; p++)
        as[p] = (moldau_admin_replicas_t){pairs[p], 2};
    moldau_admin_new_topic_t nt = MOLDAU_ADMIN_NEW_TOPIC_INIT;
    nt.name = t;
    nt.assignment = as;
    nt.n_assignment = 3;
    moldau_admin_create_topics_result_t *cr;
    ck_assert_int_eq(moldau_admin_create_topics(a, &nt, 1, 0, -1, &cr), 0);
    ck_assert_msg(cr->items[0]->err == MOLDAU_ERR_NONE, "%s", cr->items[0]->errmsg);
    ck_assert_int_eq(cr->items[0]->num_partitions, 3);
    ck_assert_int_eq(cr->items[0]->replication_factor, 2);
    moldau_admin_result_free(cr);

    /* three more, placed as asked; a replica count unlike the topic's is refused */
    moldau_admin_new_partitions_t np = MOLDAU_ADMIN_NEW_PARTITIONS_INIT;
    np.topic = t;
    np.total_count = 6;
    np.assignment = &as[3];
    np.n_assignment = 3;
    moldau_admin_replicas_t one[3] = {{&b[0], 1}, {&b[1], 1}, {&b[2], 1}};
    moldau_admin_new_partitions_t bad = np;
    bad.assignment = one;
    moldau_admin_topic_results_t *pr;
    ck_assert_int_eq(moldau_admin_create_partitions(a, &bad, 1, 1, -1, &pr), 0);
    ck_assert_int_eq(pr->items[0]->err, MOLDAU_ERR_INVALID_REPLICA_ASSIGNMENT);
    moldau_admin_result_free(pr);
    ck_assert_int_eq(moldau_admin_create_partitions(a, &np, 1, 0, -1, &pr), 0);
    ck_assert_msg(pr->items[0]->err == MOLDAU_ERR_NONE, "%s", pr->items[0]->errmsg);
    moldau_admin_result_free(pr);

    moldau_admin_topic_descriptions_t *d = wait_described(a, t, 6);
    for (int p = 0; p < 6; p++) {
        const moldau_metadata_partition_t *mp = d->items[0]->partitions[p];
        ck_assert_int_eq(mp->n_replicas, 2);
        ck_assert_int_eq(mp->replicas[0], pairs[p][0]);
        ck_assert_int_eq(mp->replicas[1], pairs[p][1]);
        ck_assert_int_eq(mp->leader, pairs[p][0]); /* the preferred leader, all brokers up */
    }
    moldau_admin_result_free(d);

    /* DeleteRecords: six partitions, their leaders on all three brokers */
    test_produce_ids(k3.bootstrap, t, 6, 0, 60, NULL); /* 10 records in each */
    moldau_admin_delete_records_t dr[6];
    for (int p = 0; p < 6; p++)
        dr[p] = (moldau_admin_delete_records_t){t, p, p + 1};
    moldau_admin_delete_records_results_t *rr;
    ck_assert_int_eq(moldau_admin_delete_records(a, dr, 6, -1, &rr), 0);
    for (int p = 0; p < 6; p++) {
        ck_assert_msg(rr->items[p]->err == MOLDAU_ERR_NONE, "[%d] %s", p, rr->items[p]->errmsg);
        ck_assert_int_eq(rr->items[p]->low_watermark, p + 1);
    }
    moldau_admin_result_free(rr);
    moldau_consumer_t *c = test_consumer_new(k3.bootstrap, NULL);
    for (int p = 0; p < 6; p++) {
        int64_t low, high;
        ck_assert_int_eq(moldau_consumer_query_watermark_offsets(c, t, p, &low, &high, 10000), 0);
        ck_assert_int_eq(low, p + 1);
        ck_assert_int_eq(high, 10);
    }
    moldau_consumer_close(c);
    moldau_admin_close(a);
}
END_TEST

/* The broker config `name` of each broker in one DescribeConfigs call (one request per
 * broker): values into v[3] (sizes 32), and whether each is set dynamically. */
static void broker_configs(moldau_admin_t *a, const int32_t b[3], const char *name,
                           char v[3][32], int dynamic[3])
{
    char ids[3][16];
    moldau_admin_config_resource_t res[3];
    for (int i = 0; i < 3; i++) {
        snprintf(ids[i], sizeof(ids[i]), "%d", (int)b[i]);
        res[i] = (moldau_admin_config_resource_t)MOLDAU_ADMIN_CONFIG_RESOURCE_INIT;
        res[i].type = MOLDAU_ADMIN_RESOURCE_BROKER;
        res[i].name = ids[i];
    }
    moldau_admin_config_resource_results_t *r;
    ck_assert_int_eq(moldau_admin_describe_configs(a, res, 3, 0, -1, &r), 0);
    for (int i = 0; i < 3; i++) {
        const moldau_admin_config_resource_result_t *item = r->items[i];
        ck_assert_msg(item->err == MOLDAU_ERR_NONE, "broker %s: %s", ids[i], item->errmsg);
        ck_assert_str_eq(item->name, ids[i]);
        int found = 0;
        for (size_t j = 0; j < item->n_entries; j++) {
            const moldau_admin_config_entry_t *e = item->entries[j];
            /* each broker answered for itself */
            if (strcmp(e->name, "node.id") == 0)
                ck_assert_str_eq(e->value, ids[i]);
            if (strcmp(e->name, name) == 0) {
                snprintf(v[i], 32, "%s", e->value ? e->value : "");
                dynamic[i] = e->source == MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_BROKER;
                found = 1;
            }
        }
        ck_assert_msg(found, "broker %s has no %s", ids[i], name);
    }
    moldau_admin_result_free(r);
}

START_TEST(broker_configs_go_to_their_broker)
{
    if (!k3.up) {
        test_peer_missing(__func__, "a 3-node Kafka (tests/support/kafka.sh start --brokers 3)");
        return;
    }
    moldau_admin_t *a = test_admin_new(k3.bootstrap);
    int32_t b[3];
    broker_ids(a, b);
    const char *name = "log.cleaner.backoff.ms";
    char v[3][32], before[32];
    int dyn[3];
    broker_configs(a, b, name, v, dyn);
    snprintf(before, sizeof(before), "%s", v[1]);
    ck_assert_str_ne(before, "15002");

    /* set on the middle broker only */
    char id[16];
    snprintf(id, sizeof(id), "%d", (int)b[1]);
    moldau_admin_config_op_t set[] = {{name, MOLDAU_ADMIN_CONFIG_OP_SET, "15002"}};
    moldau_admin_alter_config_t alter = MOLDAU_ADMIN_ALTER_CONFIG_INIT;
    alter.type = MOLDAU_ADMIN_RESOURCE_BROKER;
    alter.name = id;
    alter.ops = set;
    alter.n_ops = 1;
    moldau_admin_config_resource_results_t *r;
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, &alter, 1, 0, -1, &r), 0);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    moldau_admin_result_free(r);
    int seen = 0;
    for (int i = 0; i < 100 && !seen; i++) {
        broker_configs(a, b, name, v, dyn);
        seen = dyn[1] && strcmp(v[1], "15002") == 0;
        if (!seen)
            usleep(100 * 1000);
    }
    ck_assert_msg(seen, "broker %s: %s still %s", id, name, v[1]);
    ck_assert_int_eq(dyn[0], 0);
    ck_assert_int_eq(dyn[2], 0);
    ck_assert_str_ne(v[0], "15002");
    ck_assert_str_ne(v[2], "15002");

    moldau_admin_config_op_t del[] = {{name, MOLDAU_ADMIN_CONFIG_OP_DELETE, NULL}};
    alter.ops = del;
    ck_assert_int_eq(moldau_admin_incremental_alter_configs(a, &alter, 1, 0, -1, &r), 0);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    moldau_admin_result_free(r);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_kafka3_suite(void)
{
    Suite *s = suite_create("admin_kafka3");
    TCase *tc = tcase_create("kafka3");
    tcase_set_timeout(tc, 180);
    tcase_add_unchecked_fixture(tc, k3_start, k3_stop);
    tcase_add_test(tc, assignments_and_leaders_across_brokers);
    tcase_add_test(tc, broker_configs_go_to_their_broker);
    suite_add_tcase(s, tc);
    return s;
}
