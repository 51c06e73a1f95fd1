/* The cluster-wide admin codecs (msg_cluster.h) against the real broker: each request is sent
 * at the highest version both sides speak, over a raw connection (no network layer), and the
 * answer must decode whole. Where the outcome is certain on the test cluster (one broker, no
 * authorizer) the errors and data are checked too. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "moldau/protocol.h"
#include "../support/codec_conn_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

TEST_CODEC_WRAP(describe_client_quotas)
TEST_CODEC_WRAP(alter_client_quotas)
TEST_CODEC_WRAP(describe_user_scram_credentials)
TEST_CODEC_WRAP(alter_user_scram_credentials)
TEST_CODEC_WRAP(describe_quorum)
TEST_CODEC_WRAP(update_features)
TEST_CODEC_WRAP(describe_cluster)
TEST_CODEC_WRAP(describe_producers)
TEST_CODEC_WRAP(describe_transactions)
TEST_CODEC_WRAP(list_transactions)
TEST_CODEC_WRAP(list_config_resources)
TEST_CODEC_WRAP(describe_topic_partitions)

/* Waits a little before asking again: what a request just changed reaches the broker through
 * the metadata log, and a new partition's replica needs a moment to become its leader. */
static int again(int *tries)
{
    struct timespec ts = {0, 100 * 1000000L};
    nanosleep(&ts, NULL);
    return ++*tries < 100;
}

START_TEST(cluster_apis_decode)
{
    TEST_NEED_KAFKA(bootstrap);
    test_conn_t c;
    test_conn_open(&c, bootstrap, "codec_cluster_kafka");

    moldau_describe_cluster_request_t dc = MOLDAU_DESCRIBE_CLUSTER_REQUEST_INIT;
    moldau_describe_cluster_response_t dcr;
    ck_assert_int_ge(test_conn_exchange(&c, MOLDAU_API_DESCRIBE_CLUSTER, enc_describe_cluster, &dc,
                              dec_describe_cluster, &dcr), 0);
    ck_assert_int_eq(dcr.error_code, 0);
    ck_assert_int_ge(dcr.n_brokers, 1);
    ck_assert_uint_gt(strlen(dcr.cluster_id), 0);
    ck_assert_int_gt(dcr.brokers[0].port, 0);

    const moldau_describe_quorum_request_partition_t qp[] = {{0}};
    const moldau_describe_quorum_request_topic_t qt[] = {{"__cluster_metadata", qp, 1}};
    moldau_describe_quorum_request_t dq = {qt, 1};
    moldau_describe_quorum_response_t dqr;
    if (test_conn_exchange(&c, MOLDAU_API_DESCRIBE_QUORUM, enc_describe_quorum, &dq, dec_describe_quorum,
                 &dqr) >= 0) {
        ck_assert_int_eq(dqr.error_code, 0);
        ck_assert_int_eq(dqr.n_topics, 1);
        ck_assert_int_eq(dqr.topics[0].n_partitions, 1);
        ck_assert_int_eq(dqr.topics[0].partitions[0].error_code, 0);
        ck_assert_int_ge(dqr.topics[0].partitions[0].n_current_voters, 1);
    }

    moldau_describe_client_quotas_request_t dcq = {NULL, 0, 0};
    moldau_describe_client_quotas_response_t dcqr;
    ck_assert_int_ge(test_conn_exchange(&c, MOLDAU_API_DESCRIBE_CLIENT_QUOTAS, enc_describe_client_quotas,
                              &dcq, dec_describe_client_quotas, &dcqr), 0);
    ck_assert_int_eq(dcqr.error_code, 0);

    const moldau_client_quota_entity_t ent[] = {{"user", "moldau-quota-test"}};
    const moldau_alter_client_quotas_op_t ops[] = {{"producer_byte_rate", 1048576.0, 0}};
    const moldau_alter_client_quotas_request_entry_t ae[] = {{ent, 1, ops, 1}};
    moldau_alter_client_quotas_request_t acq = {ae, 1, 1}; /* validate only */
    moldau_alter_client_quotas_response_t acqr;
    ck_assert_int_ge(test_conn_exchange(&c, MOLDAU_API_ALTER_CLIENT_QUOTAS, enc_alter_client_quotas, &acq,
                              dec_alter_client_quotas, &acqr), 0);
    ck_assert_int_eq(acqr.n_entries, 1);
    ck_assert_int_eq(acqr.entries[0].error_code, 0);

    moldau_update_features_request_t uf = MOLDAU_UPDATE_FEATURES_REQUEST_INIT;
    uf.validate_only = 1; /* nothing to update: a well-formed, harmless request */
    moldau_update_features_response_t ufr;
    int16_t v = test_conn_exchange(&c, MOLDAU_API_UPDATE_FEATURES, enc_update_features, &uf,
                         dec_update_features, &ufr);
    if (v >= 0)
        fprintf(stderr, "codec_cluster_kafka: UpdateFeatures error %d\n", ufr.error_code);

    moldau_list_config_resources_request_t lcr = {NULL, 0};
    moldau_list_config_resources_response_t lcrr;
    if (test_conn_exchange(&c, MOLDAU_API_LIST_CONFIG_RESOURCES, enc_list_config_resources, &lcr,
                 dec_list_config_resources, &lcrr) >= 0)
        ck_assert_int_eq(lcrr.error_code, 0);
    test_conn_close(&c);
}
END_TEST

START_TEST(scram_credentials_decode)
{
    TEST_NEED_KAFKA(bootstrap);
    test_conn_t c;
    test_conn_open(&c, bootstrap, "codec_cluster_kafka");
    static const uint8_t salt[16] = {1, 2, 3}, pw[32] = {4, 5, 6};
    char user[64];
    test_topic_name("moldau-scram", user, sizeof(user));
    const moldau_scram_credential_upsertion_t up[] = {{user, 1, 4096, {salt, 16}, {pw, 32}}};
    moldau_alter_user_scram_credentials_request_t aus = {NULL, 0, up, 1};
    moldau_alter_user_scram_credentials_response_t ausr;
    ck_assert_int_ge(test_conn_exchange(&c, MOLDAU_API_ALTER_USER_SCRAM_CREDENTIALS,
                              enc_alter_user_scram_credentials, &aus,
                              dec_alter_user_scram_credentials, &ausr), 0);
    ck_assert_int_eq(ausr.n_results, 1);
    ck_assert_str_eq(ausr.results[0].user, user);
    ck_assert_int_eq(ausr.results[0].error_code, 0);

    const moldau_describe_user_scram_credentials_user_t users[] = {{user}};
    moldau_describe_user_scram_credentials_request_t dus = {users, 1};
    moldau_describe_user_scram_credentials_response_t dusr;
    int tries = 0;
    do { /* RESOURCE_NOT_FOUND until the upsertion reached this broker */
        ck_assert_int_ge(test_conn_exchange(&c, MOLDAU_API_DESCRIBE_USER_SCRAM_CREDENTIALS,
                                  enc_describe_user_scram_credentials, &dus,
                                  dec_describe_user_scram_credentials, &dusr), 0);
        ck_assert_int_eq(dusr.error_code, 0);
        ck_assert_int_eq(dusr.n_results, 1);
    } while (dusr.results[0].error_code == 91 && again(&tries));
    ck_assert_int_eq(dusr.results[0].error_code, 0);
    ck_assert_int_eq(dusr.results[0].n_credential_infos, 1);
    ck_assert_int_eq(dusr.results[0].credential_infos[0].mechanism, 1);
    ck_assert_int_eq(dusr.results[0].credential_infos[0].iterations, 4096);
    test_conn_close(&c);
}
END_TEST

START_TEST(topic_and_transaction_apis_decode)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[64];
    test_topic_name("codec-cluster", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    test_conn_t c;
    test_conn_open(&c, bootstrap, "codec_cluster_kafka");

    const moldau_describe_topic_partitions_request_topic_t tt[] = {{topic}};
    moldau_describe_topic_partitions_request_t dtp = MOLDAU_DESCRIBE_TOPIC_PARTITIONS_REQUEST_INIT;
    dtp.topics = tt;
    dtp.n_topics = 1;
    moldau_describe_topic_partitions_response_t dtpr;
    if (test_conn_exchange(&c, MOLDAU_API_DESCRIBE_TOPIC_PARTITIONS, enc_describe_topic_partitions, &dtp,
                 dec_describe_topic_partitions, &dtpr) >= 0) {
        ck_assert_int_eq(dtpr.n_topics, 1);
        ck_assert_int_eq(dtpr.topics[0].error_code, 0);
        ck_assert_str_eq(dtpr.topics[0].name, topic);
        ck_assert_int_eq(dtpr.topics[0].n_partitions, 2);
        ck_assert_int_ge(dtpr.topics[0].partitions[0].n_replica_nodes, 1);
        ck_assert_ptr_null(dtpr.next_cursor);
    }

    static const int32_t parts[] = {0};
    const moldau_describe_producers_request_topic_t pt[] = {{topic, parts, 1}};
    moldau_describe_producers_request_t dp = {pt, 1};
    moldau_describe_producers_response_t dpr;
    int tries = 0;
    do { /* NOT_LEADER_OR_FOLLOWER while the new partition's leader is not ready */
        ck_assert_int_ge(test_conn_exchange(&c, MOLDAU_API_DESCRIBE_PRODUCERS, enc_describe_producers, &dp,
                                  dec_describe_producers, &dpr), 0);
        ck_assert_int_eq(dpr.n_topics, 1);
        ck_assert_int_eq(dpr.topics[0].n_partitions, 1);
    } while (dpr.topics[0].partitions[0].error_code == 6 && again(&tries));
    ck_assert_int_eq(dpr.topics[0].partitions[0].error_code, 0);
    ck_assert_int_eq(dpr.topics[0].partitions[0].n_active_producers, 0); /* nothing produced */

    moldau_list_transactions_request_t lt = MOLDAU_LIST_TRANSACTIONS_REQUEST_INIT;
    moldau_list_transactions_response_t ltr;
    ck_assert_int_ge(test_conn_exchange(&c, MOLDAU_API_LIST_TRANSACTIONS, enc_list_transactions, &lt,
                              dec_list_transactions, &ltr), 0);
    ck_assert_int_eq(ltr.error_code, 0);

    /* No coordinator lookup first: whatever this broker says (not found, not the coordinator,
     * none yet) is one well-formed state. */
    static const char *const ids[] = {"moldau-no-such-txn"};
    moldau_describe_transactions_request_t dt = {ids, 1};
    moldau_describe_transactions_response_t dtr;
    ck_assert_int_ge(test_conn_exchange(&c, MOLDAU_API_DESCRIBE_TRANSACTIONS, enc_describe_transactions,
                              &dt, dec_describe_transactions, &dtr), 0);
    ck_assert_int_eq(dtr.n_transaction_states, 1);
    ck_assert_int_ne(dtr.transaction_states[0].error_code, 0);
    test_conn_close(&c);
}
END_TEST

Suite *moldau_test_codec_cluster_kafka_suite(void)
{
    Suite *s = suite_create("codec_cluster_kafka");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, cluster_apis_decode);
    tcase_add_test(tc, scram_credentials_decode);
    tcase_add_test(tc, topic_and_transaction_apis_decode);
    suite_add_tcase(s, tc);
    return s;
}
