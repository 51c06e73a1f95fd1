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
#include "../support/peer_test.h"
#include "../support/topic_test.h"

typedef moldau_err_t (*enc_fn)(moldau_buf_t *w, int16_t v, const void *req);
typedef moldau_err_t (*dec_fn)(moldau_reader_t *r, int16_t v, moldau_arena_t *a, void *out);

#define WRAP(api)                                                                                \
    static moldau_err_t enc_##api(moldau_buf_t *w, int16_t v, const void *req)                   \
    {                                                                                            \
        return moldau_##api##_request_encode(w, v, req);                                         \
    }                                                                                            \
    static moldau_err_t dec_##api(moldau_reader_t *r, int16_t v, moldau_arena_t *a, void *out) \
    {                                                                                            \
        return moldau_##api##_response_decode(r, v, a, out);                                     \
    }
WRAP(api_versions)
WRAP(describe_client_quotas)
WRAP(alter_client_quotas)
WRAP(describe_user_scram_credentials)
WRAP(alter_user_scram_credentials)
WRAP(describe_quorum)
WRAP(update_features)
WRAP(describe_cluster)
WRAP(describe_producers)
WRAP(describe_transactions)
WRAP(list_transactions)
WRAP(list_config_resources)
WRAP(describe_topic_partitions)

typedef struct conn {
    int fd;
    int32_t cid;
    moldau_arena_t a; /* every decoded answer, freed at the end */
    moldau_api_versions_response_t av;
} conn_t;

static void exchange_at(conn_t *c, int16_t key, int16_t version, enc_fn enc, const void *req,
                        dec_fn dec, void *out)
{
    moldau_buf_t body, frame;
    moldau_buf_init(&body);
    moldau_buf_init(&frame);
    ck_assert_int_eq(enc(&body, version, req), MOLDAU_ERR_NONE);
    int32_t cid = ++c->cid;
    ck_assert_int_eq(test_send_request(c->fd, key, version, cid, body.data, body.len), 0);
    ck_assert_msg(test_recv_frame(c->fd, &frame) == 0, "api %d v%d: no answer", key, version);
    /* The decoded views point into the frame: keep a copy in the arena. */
    uint8_t *copy = moldau_arena_calloc(&c->a, frame.len ? frame.len : 1, 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, frame.data, frame.len);
    moldau_reader_t r;
    moldau_reader_init(&r, copy, frame.len);
    int32_t got = 0;
    ck_assert_int_eq(moldau_response_header_read(&r, key, version, &got), MOLDAU_ERR_NONE);
    ck_assert_int_eq(got, cid);
    moldau_err_t err = dec(&r, version, &c->a, out);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "api %d v%d: %s", key, version, moldau_err_name(err));
    ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
    moldau_buf_free(&body);
    moldau_buf_free(&frame);
}

/* Sends at the highest version both speak; returns it, or -1 (said on stderr) when the broker
 * does not serve the API. */
static int16_t exchange(conn_t *c, int16_t key, enc_fn enc, const void *req, dec_fn dec,
                        void *out)
{
    const moldau_api_info_t *ours = moldau_api_info(key);
    const moldau_api_versions_response_api_key_t *theirs =
        moldau_api_versions_response_find(&c->av, key);
    ck_assert_ptr_nonnull(ours);
    int16_t v = theirs && theirs->max_version < ours->max_version ? theirs->max_version
                                                                  : ours->max_version;
    if (!theirs || v < theirs->min_version || v < ours->min_version) {
        fprintf(stderr, "codec_cluster_kafka: the broker does not serve %s: not tried\n",
                ours->name);
        return -1;
    }
    exchange_at(c, key, v, enc, req, dec, out);
    fprintf(stderr, "codec_cluster_kafka: %s at v%d\n", ours->name, v);
    return v;
}

static void conn_open(conn_t *c, const char *bootstrap)
{
    memset(c, 0, sizeof(*c));
    moldau_arena_init(&c->a);
    c->fd = test_tcp_connect(bootstrap, 15000);
    ck_assert_msg(c->fd >= 0, "cannot connect to %s", bootstrap);
    moldau_api_versions_request_t req = {0};
    exchange_at(c, MOLDAU_API_API_VERSIONS, 0, enc_api_versions, &req, dec_api_versions, &c->av);
    ck_assert_int_eq(c->av.error_code, 0);
}

static void conn_close(conn_t *c)
{
    close(c->fd);
    moldau_arena_free(&c->a);
}

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
    conn_t c;
    conn_open(&c, bootstrap);

    moldau_describe_cluster_request_t dc = MOLDAU_DESCRIBE_CLUSTER_REQUEST_INIT;
    moldau_describe_cluster_response_t dcr;
    ck_assert_int_ge(exchange(&c, MOLDAU_API_DESCRIBE_CLUSTER, enc_describe_cluster, &dc,
                              dec_describe_cluster, &dcr), 0);
    ck_assert_int_eq(dcr.error_code, 0);
    ck_assert_int_ge(dcr.n_brokers, 1);
    ck_assert_uint_gt(strlen(dcr.cluster_id), 0);
    ck_assert_int_gt(dcr.brokers[0].port, 0);

    const moldau_describe_quorum_request_partition_t qp[] = {{0}};
    const moldau_describe_quorum_request_topic_t qt[] = {{"__cluster_metadata", qp, 1}};
    moldau_describe_quorum_request_t dq = {qt, 1};
    moldau_describe_quorum_response_t dqr;
    if (exchange(&c, MOLDAU_API_DESCRIBE_QUORUM, enc_describe_quorum, &dq, dec_describe_quorum,
                 &dqr) >= 0) {
        ck_assert_int_eq(dqr.error_code, 0);
        ck_assert_int_eq(dqr.n_topics, 1);
        ck_assert_int_eq(dqr.topics[0].n_partitions, 1);
        ck_assert_int_eq(dqr.topics[0].partitions[0].error_code, 0);
        ck_assert_int_ge(dqr.topics[0].partitions[0].n_current_voters, 1);
    }

    moldau_describe_client_quotas_request_t dcq = {NULL, 0, 0};
    moldau_describe_client_quotas_response_t dcqr;
    ck_assert_int_ge(exchange(&c, MOLDAU_API_DESCRIBE_CLIENT_QUOTAS, enc_describe_client_quotas,
                              &dcq, dec_describe_client_quotas, &dcqr), 0);
    ck_assert_int_eq(dcqr.error_code, 0);

    const moldau_client_quota_entity_t ent[] = {{"user", "moldau-quota-test"}};
    const moldau_alter_client_quotas_op_t ops[] = {{"producer_byte_rate", 1048576.0, 0}};
    const moldau_alter_client_quotas_request_entry_t ae[] = {{ent, 1, ops, 1}};
    moldau_alter_client_quotas_request_t acq = {ae, 1, 1}; /* validate only */
    moldau_alter_client_quotas_response_t acqr;
    ck_assert_int_ge(exchange(&c, MOLDAU_API_ALTER_CLIENT_QUOTAS, enc_alter_client_quotas, &acq,
                              dec_alter_client_quotas, &acqr), 0);
    ck_assert_int_eq(acqr.n_entries, 1);
    ck_assert_int_eq(acqr.entries[0].error_code, 0);

    moldau_update_features_request_t uf = MOLDAU_UPDATE_FEATURES_REQUEST_INIT;
    uf.validate_only = 1; /* nothing to update: a well-formed, harmless request */
    moldau_update_features_response_t ufr;
    int16_t v = exchange(&c, MOLDAU_API_UPDATE_FEATURES, enc_update_features, &uf,
                         dec_update_features, &ufr);
    if (v >= 0)
        fprintf(stderr, "codec_cluster_kafka: UpdateFeatures error %d\n", ufr.error_code);

    moldau_list_config_resources_request_t lcr = {NULL, 0};
    moldau_list_config_resources_response_t lcrr;
    if (exchange(&c, MOLDAU_API_LIST_CONFIG_RESOURCES, enc_list_config_resources, &lcr,
                 dec_list_config_resources, &lcrr) >= 0)
        ck_assert_int_eq(lcrr.error_code, 0);
    conn_close(&c);
}
END_TEST

START_TEST(scram_credentials_decode)
{
    TEST_NEED_KAFKA(bootstrap);
    conn_t c;
    conn_open(&c, bootstrap);
    static const uint8_t salt[16] = {1, 2, 3}, pw[32] = {4, 5, 6};
    char user[64];
    test_topic_name("moldau-scram", user, sizeof(user));
    const moldau_scram_credential_upsertion_t up[] = {{user, 1, 4096, {salt, 16}, {pw, 32}}};
    moldau_alter_user_scram_credentials_request_t aus = {NULL, 0, up, 1};
    moldau_alter_user_scram_credentials_response_t ausr;
    ck_assert_int_ge(exchange(&c, MOLDAU_API_ALTER_USER_SCRAM_CREDENTIALS,
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
        ck_assert_int_ge(exchange(&c, MOLDAU_API_DESCRIBE_USER_SCRAM_CREDENTIALS,
                                  enc_describe_user_scram_credentials, &dus,
                                  dec_describe_user_scram_credentials, &dusr), 0);
        ck_assert_int_eq(dusr.error_code, 0);
        ck_assert_int_eq(dusr.n_results, 1);
    } while (dusr.results[0].error_code == 91 && again(&tries));
    ck_assert_int_eq(dusr.results[0].error_code, 0);
    ck_assert_int_eq(dusr.results[0].n_credential_infos, 1);
    ck_assert_int_eq(dusr.results[0].credential_infos[0].mechanism, 1);
    ck_assert_int_eq(dusr.results[0].credential_infos[0].iterations, 4096);
    conn_close(&c);
}
END_TEST

START_TEST(topic_and_transaction_apis_decode)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[64];
    test_topic_name("codec-cluster", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    conn_t c;
    conn_open(&c, bootstrap);

    const moldau_describe_topic_partitions_request_topic_t tt[] = {{topic}};
    moldau_describe_topic_partitions_request_t dtp = MOLDAU_DESCRIBE_TOPIC_PARTITIONS_REQUEST_INIT;
    dtp.topics = tt;
    dtp.n_topics = 1;
    moldau_describe_topic_partitions_response_t dtpr;
    if (exchange(&c, MOLDAU_API_DESCRIBE_TOPIC_PARTITIONS, enc_describe_topic_partitions, &dtp,
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
        ck_assert_int_ge(exchange(&c, MOLDAU_API_DESCRIBE_PRODUCERS, enc_describe_producers, &dp,
                                  dec_describe_producers, &dpr), 0);
        ck_assert_int_eq(dpr.n_topics, 1);
        ck_assert_int_eq(dpr.topics[0].n_partitions, 1);
    } while (dpr.topics[0].partitions[0].error_code == 6 && again(&tries));
    ck_assert_int_eq(dpr.topics[0].partitions[0].error_code, 0);
    ck_assert_int_eq(dpr.topics[0].partitions[0].n_active_producers, 0); /* nothing produced */

    moldau_list_transactions_request_t lt = MOLDAU_LIST_TRANSACTIONS_REQUEST_INIT;
    moldau_list_transactions_response_t ltr;
    ck_assert_int_ge(exchange(&c, MOLDAU_API_LIST_TRANSACTIONS, enc_list_transactions, &lt,
                              dec_list_transactions, &ltr), 0);
    ck_assert_int_eq(ltr.error_code, 0);

    /* No coordinator lookup first: whatever this broker says (not found, not the coordinator,
     * none yet) is one well-formed state. */
    static const char *const ids[] = {"moldau-no-such-txn"};
    moldau_describe_transactions_request_t dt = {ids, 1};
    moldau_describe_transactions_response_t dtr;
    ck_assert_int_ge(exchange(&c, MOLDAU_API_DESCRIBE_TRANSACTIONS, enc_describe_transactions,
                              &dt, dec_describe_transactions, &dtr), 0);
    ck_assert_int_eq(dtr.n_transaction_states, 1);
    ck_assert_int_ne(dtr.transaction_states[0].error_code, 0);
    conn_close(&c);
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
