/* The admin codecs of msg_admin_ext.h against the real broker (one node, no authorizer, as
 * `make check` starts it): each request is sent raw at the highest version both sides speak
 * and its answer must decode whole, with the error codes such a broker gives (SECURITY_DISABLED
 * for the ACL APIs, GROUP_ID_NOT_FOUND for a group that never existed, ...) or real data. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "moldau/protocol.h"
#include "../support/codec_conn_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

TEST_CODEC_WRAP(delete_records)
TEST_CODEC_WRAP(describe_acls)
TEST_CODEC_WRAP(create_acls)
TEST_CODEC_WRAP(delete_acls)
TEST_CODEC_WRAP(alter_configs)
TEST_CODEC_WRAP(incremental_alter_configs)
TEST_CODEC_WRAP(describe_log_dirs)
TEST_CODEC_WRAP(delete_groups)
TEST_CODEC_WRAP(elect_leaders)
TEST_CODEC_WRAP(alter_partition_reassignments)
TEST_CODEC_WRAP(list_partition_reassignments)
TEST_CODEC_WRAP(offset_delete)

enum {
    SECURITY_DISABLED = 54,
    GROUP_ID_NOT_FOUND = 69,
    ELECTION_NOT_NEEDED = 84,
    NO_REASSIGNMENT_IN_PROGRESS = 85,
    RESOURCE_TOPIC = 2
};

#define TAG "codec_admin_a"

START_TEST(acl_apis_without_authorizer)
{
    TEST_NEED_KAFKA(bootstrap);
    test_conn_t c;
    test_conn_open(&c, bootstrap, TAG);
    /* any resource (1), any name, ANY pattern (1), any principal and host, ANY op and perm */
    moldau_acl_filter_t any = {1, NULL, 1, NULL, NULL, 1, 1};
    moldau_describe_acls_response_t da;
    if (test_conn_exchange(&c, MOLDAU_API_DESCRIBE_ACLS, enc_describe_acls, &any,
                           dec_describe_acls, &da) >= 0) {
        ck_assert_int_eq(da.error_code, SECURITY_DISABLED);
        ck_assert_int_eq(da.n_resources, 0);
    }
    /* TOPIC "t", LITERAL, User:moldau from any host, READ (3), ALLOW (3) */
    moldau_create_acls_request_creation_t cr = {RESOURCE_TOPIC, "t", 3, "User:moldau", "*", 3, 3};
    moldau_create_acls_request_t ca = {&cr, 1};
    moldau_create_acls_response_t ca_r;
    if (test_conn_exchange(&c, MOLDAU_API_CREATE_ACLS, enc_create_acls, &ca, dec_create_acls,
                           &ca_r) >= 0) {
        ck_assert_int_eq(ca_r.n_results, 1);
        ck_assert_int_eq(ca_r.results[0].error_code, SECURITY_DISABLED);
    }
    moldau_delete_acls_request_t dl = {&any, 1};
    moldau_delete_acls_response_t dl_r;
    if (test_conn_exchange(&c, MOLDAU_API_DELETE_ACLS, enc_delete_acls, &dl, dec_delete_acls,
                           &dl_r) >= 0) {
        ck_assert_int_eq(dl_r.n_filter_results, 1);
        ck_assert_int_eq(dl_r.filter_results[0].error_code, SECURITY_DISABLED);
        ck_assert_int_eq(dl_r.filter_results[0].n_matching_acls, 0);
    }
    test_conn_close(&c);
}
END_TEST

START_TEST(topic_admin_apis)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("codec-admin", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    test_conn_t c;
    test_conn_open(&c, bootstrap, TAG);

    /* An empty partition: deleting up to the high watermark (-1) leaves the low one at 0. */
    const moldau_delete_records_request_partition_t drp[] = {{0, -1}};
    const moldau_delete_records_request_topic_t drt[] = {{topic, drp, 1}};
    moldau_delete_records_request_t dr = {drt, 1, 30000};
    moldau_delete_records_response_t dr_r;
    if (test_conn_exchange(&c, MOLDAU_API_DELETE_RECORDS, enc_delete_records, &dr,
                           dec_delete_records, &dr_r) >= 0) {
        ck_assert_int_eq(dr_r.n_topics, 1);
        ck_assert_str_eq(dr_r.topics[0].name, topic);
        ck_assert_int_eq(dr_r.topics[0].n_partitions, 1);
        ck_assert_int_eq(dr_r.topics[0].partitions[0].error_code, 0);
        ck_assert(dr_r.topics[0].partitions[0].low_watermark == 0);
    }

    const moldau_alter_configs_request_config_t cfg[] = {{"retention.ms", 0, "3600000"}};
    const moldau_alter_configs_request_resource_t res[] = {{RESOURCE_TOPIC, topic, cfg, 1}};
    moldau_alter_configs_request_t ac = {res, 1, 1}; /* validate only */
    moldau_alter_configs_response_t ac_r;
    if (test_conn_exchange(&c, MOLDAU_API_ALTER_CONFIGS, enc_alter_configs, &ac,
                           dec_alter_configs, &ac_r) >= 0) {
        ck_assert_int_eq(ac_r.n_responses, 1);
        ck_assert_msg(ac_r.responses[0].error_code == 0, "AlterConfigs: error %d (%s)",
                      ac_r.responses[0].error_code,
                      ac_r.responses[0].error_message ? ac_r.responses[0].error_message : "");
        ck_assert_str_eq(ac_r.responses[0].resource_name, topic);
    }
    ac.validate_only = 0; /* SET (0) for real */
    if (test_conn_exchange(&c, MOLDAU_API_INCREMENTAL_ALTER_CONFIGS,
                           enc_incremental_alter_configs, &ac, dec_incremental_alter_configs,
                           &ac_r) >= 0) {
        ck_assert_int_eq(ac_r.n_responses, 1);
        ck_assert_msg(ac_r.responses[0].error_code == 0, "IncrementalAlterConfigs: error %d (%s)",
                      ac_r.responses[0].error_code,
                      ac_r.responses[0].error_message ? ac_r.responses[0].error_message : "");
        ck_assert_int_eq(ac_r.responses[0].resource_type, RESOURCE_TOPIC);
    }

    static const int32_t p0[] = {0};
    const moldau_describe_log_dirs_request_topic_t dlt[] = {{topic, p0, 1}};
    moldau_describe_log_dirs_request_t dld = {dlt, 1};
    moldau_describe_log_dirs_response_t dld_r;
    int16_t v = test_conn_exchange(&c, MOLDAU_API_DESCRIBE_LOG_DIRS, enc_describe_log_dirs,
                                   &dld, dec_describe_log_dirs, &dld_r);
    if (v >= 0) {
        ck_assert_int_eq(dld_r.error_code, 0);
        ck_assert_int_ge(dld_r.n_results, 1);
        const moldau_describe_log_dirs_response_result_t *d = &dld_r.results[0];
        ck_assert_int_eq(d->error_code, 0);
        ck_assert_ptr_nonnull(d->log_dir);
        ck_assert_int_gt((int)strlen(d->log_dir), 0);
        ck_assert_int_eq(d->n_topics, 1);
        ck_assert_str_eq(d->topics[0].name, topic);
        ck_assert_int_eq(d->topics[0].n_partitions, 1);
        ck_assert_int_eq(d->topics[0].partitions[0].partition_index, 0);
        ck_assert_int_eq(d->topics[0].partitions[0].is_future_key, 0);
        if (v >= 4)
            ck_assert(d->total_bytes > 0 && d->usable_bytes >= 0);
        fprintf(stderr, TAG ": DescribeLogDirs: %s, partition size %lld, total %lld bytes\n",
                d->log_dir, (long long)d->topics[0].partitions[0].partition_size,
                (long long)d->total_bytes);
    }

    /* One node: the leader is already the preferred replica. */
    const moldau_elect_leaders_request_topic_t elt[] = {{topic, p0, 1}};
    moldau_elect_leaders_request_t el = {0, elt, 1, 30000};
    moldau_elect_leaders_response_t el_r;
    if (test_conn_exchange(&c, MOLDAU_API_ELECT_LEADERS, enc_elect_leaders, &el,
                           dec_elect_leaders, &el_r) >= 0) {
        ck_assert_int_eq(el_r.error_code, 0);
        ck_assert_int_eq(el_r.n_replica_election_results, 1);
        ck_assert_str_eq(el_r.replica_election_results[0].topic, topic);
        ck_assert_int_eq(el_r.replica_election_results[0].n_partition_result, 1);
        ck_assert_int_eq(el_r.replica_election_results[0].partition_result[0].error_code,
                         ELECTION_NOT_NEEDED);
    }

    /* Cancelling (null replicas) what is not going on. */
    const moldau_alter_partition_reassignments_request_partition_t rp[] = {{0, NULL, -1}};
    const moldau_alter_partition_reassignments_request_topic_t rt[] = {{topic, rp, 1}};
    moldau_alter_partition_reassignments_request_t apr =
        MOLDAU_ALTER_PARTITION_REASSIGNMENTS_REQUEST_INIT;
    apr.topics = rt;
    apr.n_topics = 1;
    moldau_alter_partition_reassignments_response_t apr_r;
    if (test_conn_exchange(&c, MOLDAU_API_ALTER_PARTITION_REASSIGNMENTS,
                           enc_alter_partition_reassignments, &apr,
                           dec_alter_partition_reassignments, &apr_r) >= 0) {
        ck_assert_int_eq(apr_r.error_code, 0);
        ck_assert_int_eq(apr_r.n_responses, 1);
        ck_assert_int_eq(apr_r.responses[0].n_partitions, 1);
        ck_assert_int_eq(apr_r.responses[0].partitions[0].error_code,
                         NO_REASSIGNMENT_IN_PROGRESS);
    }

    const moldau_list_partition_reassignments_request_topic_t lt[] = {{topic, p0, 1}};
    moldau_list_partition_reassignments_request_t lpr = {30000, lt, 1};
    moldau_list_partition_reassignments_response_t lpr_r;
    if (test_conn_exchange(&c, MOLDAU_API_LIST_PARTITION_REASSIGNMENTS,
                           enc_list_partition_reassignments, &lpr,
                           dec_list_partition_reassignments, &lpr_r) >= 0) {
        ck_assert_int_eq(lpr_r.error_code, 0);
        ck_assert_int_eq(lpr_r.n_topics, 0); /* nothing in flight */
    }
    test_conn_close(&c);
}
END_TEST

START_TEST(group_admin_apis)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128];
    test_topic_name("codec-admin-od", topic, sizeof(topic));
    test_topic_name("codec-admin-nogroup", group, sizeof(group));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    test_conn_t c;
    test_conn_open(&c, bootstrap, TAG);
    test_conn_find_coordinator(&c, group, 0);

    const char *const names[] = {group};
    moldau_delete_groups_request_t dg = {names, 1};
    moldau_delete_groups_response_t dg_r;
    for (int tries = 0;; tries++) {
        if (test_conn_exchange(&c, MOLDAU_API_DELETE_GROUPS, enc_delete_groups, &dg,
                               dec_delete_groups, &dg_r) < 0)
            break;
        ck_assert_int_eq(dg_r.n_results, 1);
        ck_assert_str_eq(dg_r.results[0].group_id, group);
        if (!test_coordinator_retriable(dg_r.results[0].error_code) || tries == 60) {
            ck_assert_int_eq(dg_r.results[0].error_code, GROUP_ID_NOT_FOUND);
            break;
        }
        test_sleep_ms(500);
    }

    const moldau_offset_delete_request_partition_t op[] = {{0}};
    const moldau_offset_delete_request_topic_t ot[] = {{topic, op, 1}};
    moldau_offset_delete_request_t od = {group, ot, 1};
    moldau_offset_delete_response_t od_r;
    for (int tries = 0;; tries++) {
        if (test_conn_exchange(&c, MOLDAU_API_OFFSET_DELETE, enc_offset_delete, &od,
                               dec_offset_delete, &od_r) < 0)
            break;
        if (!test_coordinator_retriable(od_r.error_code) || tries == 60) {
            ck_assert_int_eq(od_r.error_code, GROUP_ID_NOT_FOUND);
            break;
        }
        test_sleep_ms(500);
    }
    test_conn_close(&c);
}
END_TEST

Suite *moldau_test_codec_admin_a_suite(void)
{
    Suite *s = suite_create("codec_admin_a");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, acl_apis_without_authorizer);
    tcase_add_test(tc, topic_admin_apis);
    tcase_add_test(tc, group_admin_apis);
    suite_add_tcase(s, tc);
    return s;
}
