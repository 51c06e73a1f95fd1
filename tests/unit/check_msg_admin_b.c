/* Cluster-wide admin codecs (msg_cluster.h): byte vectors written by hand from the JSON
 * schemas, the encoders' refusals of values a version cannot carry, nullable fields and
 * structs, tags, and every truncation of a valid response rejected. */
#include <check.h>

#include "../support/vectors_test.h"

/* ---- requests ----------------------------------------------------------------------------- */

START_TEST(describe_cluster_requests)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_describe_cluster_request_t req = MOLDAU_DESCRIBE_CLUSTER_REQUEST_INIT;
    req.include_cluster_authorized_operations = 1;
    ck_assert_int_eq(moldau_describe_cluster_request_encode(&w, 0, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "01 00");
    moldau_buf_reset(&w);
    req.include_cluster_authorized_operations = 0;
    req.endpoint_type = 2;
    ck_assert_int_eq(moldau_describe_cluster_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "00 02 00");
    moldau_buf_reset(&w);
    /* v0 describes brokers only */
    ck_assert_int_eq(moldau_describe_cluster_request_encode(&w, 0, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    req.endpoint_type = 1;
    req.include_fenced_brokers = 1;
    ck_assert_int_eq(moldau_describe_cluster_request_encode(&w, 2, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "00 01 01 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_describe_cluster_request_encode(&w, 1, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_describe_cluster_request_encode(&w, 3, &req),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(list_transactions_requests)
{
    static const char *const states[] = {"Ongoing"};
    static const int64_t pids[] = {5};
    moldau_list_transactions_request_t req = MOLDAU_LIST_TRANSACTIONS_REQUEST_INIT;
    req.state_filters = states;
    req.n_state_filters = 1;
    req.producer_id_filters = pids;
    req.n_producer_id_filters = 1;
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_list_transactions_request_encode(&w, 0, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "02 08 4f6e676f696e67 02 0000000000000005 00");
    moldau_buf_reset(&w);
    req.transactional_id_pattern = "t.*";
    ck_assert_int_eq(moldau_list_transactions_request_encode(&w, 2, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "02 08 4f6e676f696e67 02 0000000000000005 ffffffffffffffff 04 742e2a 00");
    moldau_buf_reset(&w);
    /* a filter the version cannot carry would list more than asked for */
    ck_assert_int_eq(moldau_list_transactions_request_encode(&w, 1, &req), MOLDAU_ERR__INVALID_ARG);
    req = MOLDAU_LIST_TRANSACTIONS_REQUEST_INIT;
    req.duration_filter = 1000;
    ck_assert_int_eq(moldau_list_transactions_request_encode(&w, 0, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    ck_assert_int_eq(moldau_list_transactions_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "01 01 00000000000003e8 00");
    moldau_buf_reset(&w);
    req.n_producer_id_filters = -1; /* not nullable */
    ck_assert_int_eq(moldau_list_transactions_request_encode(&w, 1, &req), MOLDAU_ERR__INVALID_ARG);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(update_features_requests)
{
    moldau_update_features_key_t key = MOLDAU_UPDATE_FEATURES_KEY_INIT("f", 2);
    moldau_update_features_request_t req = MOLDAU_UPDATE_FEATURES_REQUEST_INIT;
    req.feature_updates = &key;
    req.n_feature_updates = 1;
    moldau_buf_t w;
    moldau_buf_init(&w);
    key.allow_downgrade = 1;
    ck_assert_int_eq(moldau_update_features_request_encode(&w, 0, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0000ea60 02 0266 0002 01 00 00");
    moldau_buf_reset(&w);
    /* from v1 the downgrade is said by UpgradeType */
    ck_assert_int_eq(moldau_update_features_request_encode(&w, 1, &req), MOLDAU_ERR__INVALID_ARG);
    key.allow_downgrade = 0;
    key.upgrade_type = 2;
    req.validate_only = 1;
    ck_assert_int_eq(moldau_update_features_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0000ea60 02 0266 0002 02 00 01 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_update_features_request_encode(&w, 0, &req), MOLDAU_ERR__INVALID_ARG);
    req.validate_only = 0;
    ck_assert_int_eq(moldau_update_features_request_encode(&w, 0, &req), MOLDAU_ERR__INVALID_ARG);
    key.upgrade_type = 1;
    req.validate_only = 1;
    ck_assert_int_eq(moldau_update_features_request_encode(&w, 0, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(list_config_resources_and_scram_requests)
{
    static const int8_t types[] = {2, 16};
    moldau_list_config_resources_request_t lcr = {NULL, 0};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_list_config_resources_request_encode(&w, 0, &lcr), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "00");
    moldau_buf_reset(&w);
    lcr.resource_types = types;
    lcr.n_resource_types = 2;
    ck_assert_int_eq(moldau_list_config_resources_request_encode(&w, 1, &lcr), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "03 02 10 00");
    moldau_buf_reset(&w);
    /* v0 (ListClientMetricsResources) cannot ask for types */
    ck_assert_int_eq(moldau_list_config_resources_request_encode(&w, 0, &lcr),
                     MOLDAU_ERR__INVALID_ARG);

    moldau_describe_user_scram_credentials_request_t dus = {NULL, -1}; /* every user */
    ck_assert_int_eq(moldau_describe_user_scram_credentials_request_encode(&w, 0, &dus),
                     MOLDAU_ERR_NONE);
    test_expect_hex(&w, "00 00");
    moldau_buf_reset(&w);
    static const uint8_t salt[] = {0xab, 0xcd}, pw[] = {0x01};
    moldau_scram_credential_upsertion_t up = {"u", 1, 4096, {salt, 2}, {pw, 1}};
    moldau_alter_user_scram_credentials_request_t aus = {NULL, 0, &up, 1};
    ck_assert_int_eq(moldau_alter_user_scram_credentials_request_encode(&w, 0, &aus),
                     MOLDAU_ERR_NONE);
    test_expect_hex(&w, "01 02 0275 01 00001000 03 abcd 02 01 00 00");
    moldau_buf_reset(&w);
    up.salt = MOLDAU_BYTES_NULL; /* not nullable */
    ck_assert_int_eq(moldau_alter_user_scram_credentials_request_encode(&w, 0, &aus),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(describe_topic_partitions_and_quotas_requests)
{
    const moldau_describe_topic_partitions_request_topic_t topics[] = {{"a"}};
    moldau_describe_topic_partitions_request_t req = MOLDAU_DESCRIBE_TOPIC_PARTITIONS_REQUEST_INIT;
    req.topics = topics;
    req.n_topics = 1;
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_describe_topic_partitions_request_encode(&w, 0, &req),
                     MOLDAU_ERR_NONE);
    test_expect_hex(&w, "02 0261 00 000007d0 ff 00"); /* a null cursor: int8 -1 */
    moldau_buf_reset(&w);
    const moldau_describe_topic_partitions_cursor_t cursor = {"a", 3};
    req.cursor = &cursor;
    ck_assert_int_eq(moldau_describe_topic_partitions_request_encode(&w, 0, &req),
                     MOLDAU_ERR_NONE);
    test_expect_hex(&w, "02 0261 00 000007d0 01 0261 00000003 00 00");
    moldau_buf_reset(&w);

    moldau_describe_client_quotas_component_t comp = {"user", 0, NULL};
    moldau_describe_client_quotas_request_t dcq = {&comp, 1, 1};
    ck_assert_int_eq(moldau_describe_client_quotas_request_encode(&w, 0, &dcq), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "00000001 0004 75736572 00 ffff 01");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_describe_client_quotas_request_encode(&w, 1, &dcq), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "02 05 75736572 00 00 00 01 00");
    moldau_buf_reset(&w);
    comp.entity_type = NULL;
    ck_assert_int_eq(moldau_describe_client_quotas_request_encode(&w, 1, &dcq),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

/* ---- responses ---------------------------------------------------------------------------- */

typedef union any_response {
    moldau_describe_client_quotas_response_t dcq;
    moldau_alter_client_quotas_response_t acq;
    moldau_describe_user_scram_credentials_response_t dus;
    moldau_alter_user_scram_credentials_response_t aus;
    moldau_describe_quorum_response_t dq;
    moldau_update_features_response_t uf;
    moldau_describe_cluster_response_t dc;
    moldau_describe_producers_response_t dp;
    moldau_describe_transactions_response_t dtx;
    moldau_list_transactions_response_t ltx;
    moldau_list_config_resources_response_t lcr;
    moldau_describe_topic_partitions_response_t dtp;
} any_response_t;

static moldau_err_t decode_any(int16_t key, int16_t v, moldau_reader_t *r, moldau_arena_t *a,
                               void *out)
{
    any_response_t *o = out;
    switch (key) {
    case MOLDAU_API_DESCRIBE_CLIENT_QUOTAS:
        return moldau_describe_client_quotas_response_decode(r, v, a, &o->dcq);
    case MOLDAU_API_ALTER_CLIENT_QUOTAS:
        return moldau_alter_client_quotas_response_decode(r, v, a, &o->acq);
    case MOLDAU_API_DESCRIBE_USER_SCRAM_CREDENTIALS:
        return moldau_describe_user_scram_credentials_response_decode(r, v, a, &o->dus);
    case MOLDAU_API_ALTER_USER_SCRAM_CREDENTIALS:
        return moldau_alter_user_scram_credentials_response_decode(r, v, a, &o->aus);
    case MOLDAU_API_DESCRIBE_QUORUM: return moldau_describe_quorum_response_decode(r, v, a, &o->dq);
    case MOLDAU_API_UPDATE_FEATURES: return moldau_update_features_response_decode(r, v, a, &o->uf);
    case MOLDAU_API_DESCRIBE_CLUSTER:
        return moldau_describe_cluster_response_decode(r, v, a, &o->dc);
    case MOLDAU_API_DESCRIBE_PRODUCERS:
        return moldau_describe_producers_response_decode(r, v, a, &o->dp);
    case MOLDAU_API_DESCRIBE_TRANSACTIONS:
        return moldau_describe_transactions_response_decode(r, v, a, &o->dtx);
    case MOLDAU_API_LIST_TRANSACTIONS:
        return moldau_list_transactions_response_decode(r, v, a, &o->ltx);
    case MOLDAU_API_LIST_CONFIG_RESOURCES:
        return moldau_list_config_resources_response_decode(r, v, a, &o->lcr);
    case MOLDAU_API_DESCRIBE_TOPIC_PARTITIONS:
        return moldau_describe_topic_partitions_response_decode(r, v, a, &o->dtp);
    }
    ck_abort_msg("no decoder for key %d", key);
    return MOLDAU_ERR__INVALID_ARG;
}

static const test_vector_t responses[] = {
    /* 0 */ {MOLDAU_API_DESCRIBE_CLUSTER, 2,
             "00000000 0000 00 01 0263 00000001 02 00000001 0268 00002384 00 01 00 80000000 00"},
    /* 1: v0 has no endpoint type (1, brokers) */
    {MOLDAU_API_DESCRIBE_CLUSTER, 0, "00000000 0000 00 0263 00000001 01 80000000 00"},
    /* 2 */ {MOLDAU_API_DESCRIBE_QUORUM, 1,
             "0000 02 026d 02 00000000 0000 00000001 00000005 0000000000000064"
             "02 00000001 0000000000000064 0000000000000010 0000000000000011 00 01 00 00 00"},
    /* 3: v0 has no timestamps (-1) */
    {MOLDAU_API_DESCRIBE_QUORUM, 0,
     "0000 02 026d 02 00000000 0000 00000001 00000005 0000000000000064"
     "02 00000001 0000000000000064 00 01 00 00 00"},
    /* 4: v2's nodes */
    {MOLDAU_API_DESCRIBE_QUORUM, 2, "0000 00 01 02 00000001 02 026e 0268 2384 00 00 00"},
    /* 5: null and empty nullable arrays, a next cursor */
    {MOLDAU_API_DESCRIBE_TOPIC_PARTITIONS, 0,
     "00000000 02 0000 0261 00000000000000000000000000000001 00"
     "02 0000 00000000 00000001 00000002 02 00000001 02 00000001 00 01 01 00"
     "80000000 00 01 0261 00000001 00 00"},
    /* 6: no topic, the last page (a null cursor) */
    {MOLDAU_API_DESCRIBE_TOPIC_PARTITIONS, 0, "00000000 01 ff 00"},
    /* 7: with an unknown tag (40, one byte), which is skipped */
    {MOLDAU_API_LIST_TRANSACTIONS, 0,
     "00000000 0000 02 04 666f6f 02 0274 0000000000000007 08 4f6e676f696e67 00 01 28 01 aa"},
    /* 8: classic, null entries */
    {MOLDAU_API_DESCRIBE_CLIENT_QUOTAS, 0, "00000000 0000 ffff ffffffff"},
    /* 9 */ {MOLDAU_API_DESCRIBE_CLIENT_QUOTAS, 1,
             "00000000 0000 00 02 02 05 75736572 00 00 02 026b 3ff8000000000000 00 00 00"},
    /* 10 */ {MOLDAU_API_UPDATE_FEATURES, 1, "00000000 0000 00 02 0266 0000 00 00 00"},
    /* 11: v2 has no per-feature results */
    {MOLDAU_API_UPDATE_FEATURES, 2, "00000000 0000 00 00"},
    /* 12: v0 lists client metrics resources (type 16) */
    {MOLDAU_API_LIST_CONFIG_RESOURCES, 0, "00000000 0000 02 0263 00 00"},
    /* 13 */ {MOLDAU_API_DESCRIBE_PRODUCERS, 0,
              "00000000 02 0261 02 00000000 0000 00 02 0000000000000007 00000001 00000003"
              "0000000000000064 00000002 ffffffffffffffff 00 00 00 00"},
    /* 14 */ {MOLDAU_API_DESCRIBE_TRANSACTIONS, 0,
              "00000000 02 0000 0274 08 4f6e676f696e67 0000ea60 0000000000000001"
              "0000000000000007 0001 02 0261 02 00000000 00 00 00"},
    /* 15: classic */
    {MOLDAU_API_ALTER_CLIENT_QUOTAS, 0, "00000000 00000001 0000 ffff 00000001 0004 75736572 ffff"},
    /* 16 */ {MOLDAU_API_DESCRIBE_USER_SCRAM_CREDENTIALS, 0,
              "00000000 0000 00 02 0275 0000 00 02 01 00001000 00 00 00"},
    /* 17 */ {MOLDAU_API_ALTER_USER_SCRAM_CREDENTIALS, 0, "00000000 02 0275 0000 00 00 00"},
};

TEST_RESPONSE_VECTORS(responses, decode_any, any_response_t)

START_TEST(response_fields)
{
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    decode_whole(0, &a, &o);
    ck_assert_ptr_null(o.dc.error_message);
    ck_assert_str_eq(o.dc.cluster_id, "c");
    ck_assert_int_eq(o.dc.n_brokers, 1);
    ck_assert_int_eq(o.dc.brokers[0].port, 9092);
    ck_assert_ptr_null(o.dc.brokers[0].rack);
    ck_assert_int_eq(o.dc.brokers[0].is_fenced, 1);
    ck_assert_int_eq(o.dc.cluster_authorized_operations, INT32_MIN);
    decode_whole(1, &a, &o);
    ck_assert_int_eq(o.dc.endpoint_type, 1);
    ck_assert_int_eq(o.dc.n_brokers, 0);
    decode_whole(2, &a, &o);
    ck_assert_int_eq(o.dq.topics[0].partitions[0].leader_epoch, 5);
    ck_assert(o.dq.topics[0].partitions[0].current_voters[0].last_caught_up_timestamp == 17);
    ck_assert_int_eq(o.dq.topics[0].partitions[0].n_observers, 0);
    decode_whole(3, &a, &o);
    ck_assert(o.dq.topics[0].partitions[0].current_voters[0].last_fetch_timestamp == -1);
    decode_whole(4, &a, &o);
    ck_assert_int_eq(o.dq.nodes[0].listeners[0].port, 0x2384);
    ck_assert_str_eq(o.dq.nodes[0].listeners[0].host, "h");
    decode_whole(5, &a, &o);
    const moldau_describe_topic_partitions_partition_t *p = &o.dtp.topics[0].partitions[0];
    ck_assert_int_eq(o.dtp.topics[0].topic_id.b[15], 1);
    ck_assert_int_eq(p->leader_epoch, 2);
    ck_assert_int_eq(p->n_eligible_leader_replicas, -1);
    ck_assert_int_eq(p->n_last_known_elr, 0);
    ck_assert_int_eq(p->isr_nodes[0], 1);
    ck_assert_ptr_nonnull(o.dtp.next_cursor);
    ck_assert_str_eq(o.dtp.next_cursor->topic_name, "a");
    ck_assert_int_eq(o.dtp.next_cursor->partition_index, 1);
    decode_whole(6, &a, &o);
    ck_assert_ptr_null(o.dtp.next_cursor);
    decode_whole(7, &a, &o);
    ck_assert_str_eq(o.ltx.unknown_state_filters[0], "foo");
    ck_assert(o.ltx.transaction_states[0].producer_id == 7);
    ck_assert_str_eq(o.ltx.transaction_states[0].transaction_state, "Ongoing");
    decode_whole(8, &a, &o);
    ck_assert_int_eq(o.dcq.n_entries, -1);
    decode_whole(9, &a, &o);
    ck_assert_str_eq(o.dcq.entries[0].entity[0].entity_type, "user");
    ck_assert_ptr_null(o.dcq.entries[0].entity[0].entity_name);
    ck_assert(o.dcq.entries[0].values[0].value == 1.5);
    decode_whole(10, &a, &o);
    ck_assert_str_eq(o.uf.results[0].feature, "f");
    decode_whole(12, &a, &o);
    ck_assert_int_eq(o.lcr.config_resources[0].resource_type, 16);
    decode_whole(13, &a, &o);
    ck_assert(o.dp.topics[0].partitions[0].active_producers[0].current_txn_start_offset == -1);
    ck_assert_int_eq(o.dp.topics[0].partitions[0].active_producers[0].coordinator_epoch, 2);
    decode_whole(14, &a, &o);
    ck_assert_int_eq(o.dtx.transaction_states[0].transaction_timeout_ms, 60000);
    ck_assert_int_eq(o.dtx.transaction_states[0].topics[0].partitions[0], 0);
    decode_whole(16, &a, &o);
    ck_assert_int_eq(o.dus.results[0].credential_infos[0].iterations, 4096);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(response_nulls_refused)
{
    /* DescribeCluster's ClusterId and DescribeTransactions' TransactionState have no null */
    static const test_vector_t bad[] = {
        {MOLDAU_API_DESCRIBE_CLUSTER, 0, "00000000 0000 00 00 00000001 01 80000000 00"},
        {MOLDAU_API_DESCRIBE_TRANSACTIONS, 0,
         "00000000 02 0000 0274 00 0000ea60 0000000000000001 0000000000000007 0001 01 00 00"},
        /* a null array where the version has none */
        {MOLDAU_API_LIST_TRANSACTIONS, 0, "00000000 0000 00 01 00"},
    };
    any_response_t o;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        test_decode_refused(decode_any, &bad[i], &o);
}
END_TEST

Suite *moldau_test_msg_admin_b_suite(void)
{
    Suite *s = suite_create("msg_admin_b");
    TCase *tc = tcase_create("vectors");
    tcase_add_test(tc, describe_cluster_requests);
    tcase_add_test(tc, list_transactions_requests);
    tcase_add_test(tc, update_features_requests);
    tcase_add_test(tc, list_config_resources_and_scram_requests);
    tcase_add_test(tc, describe_topic_partitions_and_quotas_requests);
    tcase_add_loop_test(tc, response_whole_and_truncated, 0,
                        (int)(sizeof(responses) / sizeof(responses[0])));
    tcase_add_test(tc, response_fields);
    tcase_add_test(tc, response_nulls_refused);
    suite_add_tcase(s, tc);
    return s;
}
