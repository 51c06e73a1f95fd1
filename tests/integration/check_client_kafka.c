/* The client handle against the real broker, in both threading modes: bootstrap past a dead
 * address and by host name, metadata for an existing and an unknown topic, and the API
 * versions it chose. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "moldau.h"
#include "moldau/protocol.h" /* API keys and their versions */
#include "../support/peer_test.h"
#include "../support/topic_test.h"

static moldau_client_t *make(const char *bootstrap, int threaded)
{
    char servers[512], err[256];
    /* a closed port first: bootstrap must go on to the next entry */
    snprintf(servers, sizeof(servers), "127.0.0.1:1,%s", bootstrap);
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", servers, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "io.thread", threaded ? "true" : "false", err,
                                     sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "3", err, sizeof(err)), 0);
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    return c;
}

START_TEST(metadata_of_existing_and_unknown_topics)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], unknown[128];
    test_topic_name("client-md", topic, sizeof(topic));
    test_topic_name("client-md-none", unknown, sizeof(unknown));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 3), 0);
    moldau_client_t *c = make(bootstrap, _i);
    const char *topics[] = {topic, unknown};
    moldau_metadata_t *md = NULL;
    moldau_err_t err = moldau_client_metadata(c, topics, 2, 30000, &md);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_int_ge(md->n_brokers, 1);
    ck_assert_int_eq(md->n_topics, 2);
    int seen = 0;
    for (int32_t i = 0; i < md->n_topics; i++) {
        const moldau_metadata_topic_t *t = md->topics[i];
        if (!strcmp(t->name, topic)) {
            seen |= 1;
            ck_assert_int_eq(t->err, 0);
            ck_assert_int_eq(t->is_internal, 0);
            ck_assert_int_eq(t->n_partitions, 3);
            static const uint8_t zero[16];
            ck_assert(memcmp(t->topic_id, zero, 16) != 0); /* Metadata v10+ */
            for (int p = 0; p < t->n_partitions; p++) {
                const moldau_metadata_partition_t *mp = t->partitions[p];
                ck_assert_int_eq(mp->id, p);
                ck_assert_int_eq(mp->err, 0);
                ck_assert_int_eq(mp->leader, md->brokers[0]->id);
                ck_assert_int_ge(mp->leader_epoch, 0);
                ck_assert_int_eq(mp->n_replicas, 1);
                ck_assert_int_eq(mp->replicas[0], mp->leader);
                ck_assert_int_eq(mp->n_isr, 1);
                ck_assert_int_eq(mp->n_offline_replicas, 0);
            }
        } else if (!strcmp(t->name, unknown)) {
            seen |= 2;
            ck_assert_int_eq(t->err, MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION);
        }
    }
    ck_assert_int_eq(seen, 3);
    int32_t node = md->brokers[0]->id;
    ck_assert_ptr_nonnull(md->brokers[0]->host);
    ck_assert_int_gt(md->brokers[0]->port, 0);
    ck_assert_int_eq(md->controller_id >= 0, 1);
    ck_assert_ptr_nonnull(md->cluster_id);
    moldau_metadata_destroy(md);

    /* all topics: ours is among them, and the unknown one was not created by asking */
    ck_assert_int_eq(moldau_client_metadata(c, NULL, 0, 30000, &md), MOLDAU_ERR_NONE);
    seen = 0;
    for (int32_t i = 0; i < md->n_topics; i++)
        seen |= (!strcmp(md->topics[i]->name, topic) ? 1 : 0) |
                (!strcmp(md->topics[i]->name, unknown) ? 2 : 0);
    ck_assert_int_eq(seen, 1);
    moldau_metadata_destroy(md);

    /* the versions chosen with this broker (Kafka 4.x and 3.9 both have these) */
    static const struct { int16_t key; const char *name; } apis[] = {
        {MOLDAU_API_API_VERSIONS, "ApiVersions"}, {MOLDAU_API_METADATA, "Metadata"},
        {MOLDAU_API_PRODUCE, "Produce"},         {MOLDAU_API_FETCH, "Fetch"},
        {MOLDAU_API_LIST_OFFSETS, "ListOffsets"}, {MOLDAU_API_JOIN_GROUP, "JoinGroup"},
        {MOLDAU_API_OFFSET_COMMIT, "OffsetCommit"}, {MOLDAU_API_INIT_PRODUCER_ID, "InitProducerId"},
    };
    for (size_t i = 0; i < sizeof(apis) / sizeof(apis[0]); i++) {
        int v = moldau_client_api_version(c, node, apis[i].key);
        const moldau_api_info_t *info = moldau_api_info(apis[i].key);
        fprintf(stderr, "client(%s): %s v%d\n", _i ? "thread" : "app-driven", apis[i].name, v);
        /* the broker connection may not be the one that answered; -1 means not connected yet */
        if (v >= 0)
            ck_assert(v >= info->min_version && v <= info->max_version);
    }
    /* a broker of Kafka 3.x/4.x is flexible for Metadata: 12 (3.9), 13 (4.3, our top) */
    int mv = moldau_client_api_version(c, node, MOLDAU_API_METADATA);
    ck_assert_msg(mv == -1 || mv == 12 || mv == 13, "Metadata v%d", mv);
    moldau_client_close(c);
}
END_TEST

/* A broker named by a host name: looked up on a helper thread (net/lookup.h), in both modes
 * (in the application-driven one its answer comes back through the client's own loop). The
 * broker calls itself 127.0.0.1, so the bootstrap entry is no listed broker by its address:
 * the request it serves when the first answer comes must still complete. */
START_TEST(bootstrap_by_host_name)
{
    TEST_NEED_KAFKA(bootstrap);
    const char *port = strrchr(bootstrap, ':');
    ck_assert_ptr_nonnull(port);
    char byname[64];
    snprintf(byname, sizeof(byname), "localhost%s", port);
    moldau_client_t *c = make(byname, _i);
    moldau_metadata_t *md = NULL;
    moldau_err_t err = moldau_client_metadata(c, NULL, 0, 30000, &md);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s", moldau_err_name(err));
    ck_assert_int_ge(md->n_brokers, 1);
    moldau_metadata_destroy(md);
    moldau_client_close(c);
}
END_TEST

START_TEST(metadata_times_out_without_brokers)
{
    char err[256];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", "127.0.0.1:1", err, sizeof(err)),
                     0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "2", err, sizeof(err)), 0);
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_ptr_nonnull(c);
    moldau_metadata_t *md = (void *)1;
    ck_assert_int_eq(moldau_client_metadata(c, NULL, 0, 300, &md), MOLDAU_ERR__TIMED_OUT);
    ck_assert_ptr_null(md);
    moldau_client_close(c); /* the pending request is failed and freed by the cluster */
}
END_TEST

Suite *moldau_test_client_kafka_suite(void)
{
    Suite *s = suite_create("client_kafka");
    TCase *tc = tcase_create("client_kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, metadata_of_existing_and_unknown_topics, 0, 2);
    tcase_add_loop_test(tc, bootstrap_by_host_name, 0, 2);
    tcase_add_test(tc, metadata_times_out_without_brokers);
    suite_add_tcase(s, tc);
    return s;
}
