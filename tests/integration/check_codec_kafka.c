/* The consumer and transaction codecs (msg_consumer.h, msg_txn.h) against the real broker: each
 * request is sent at the highest version both sides speak, over a raw connection (no network
 * layer), and the answer must decode whole. Where the outcome is certain (a join, an unknown
 * group, a transaction from InitProducerId to its abort) the error codes are checked too. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "moldau/protocol.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

typedef moldau_err_t (*enc_fn)(moldau_buf_t *w, int16_t v, const void *req);
typedef moldau_err_t (*dec_fn)(moldau_reader_t *r, int16_t v, moldau_arena_t *a, void *out);

#define WRAP(api, T)                                                                             \
    static moldau_err_t enc_##api(moldau_buf_t *w, int16_t v, const void *req)                   \
    {                                                                                            \
        return moldau_##api##_request_encode(w, v, req);                                         \
    }                                                                                            \
    static moldau_err_t dec_##api(moldau_reader_t *r, int16_t v, moldau_arena_t *a, void *out) \
    {                                                                                            \
        return moldau_##api##_response_decode(r, v, a, out);                                     \
    }
WRAP(api_versions, moldau_api_versions_response_t)
WRAP(find_coordinator, moldau_find_coordinator_response_t)
WRAP(init_producer_id, moldau_init_producer_id_response_t)
WRAP(offset_for_leader_epoch, moldau_offset_for_leader_epoch_response_t)
WRAP(consumer_group_heartbeat, moldau_consumer_group_heartbeat_response_t)
WRAP(consumer_group_describe, moldau_consumer_group_describe_response_t)
WRAP(add_partitions_to_txn, moldau_add_partitions_to_txn_response_t)
WRAP(add_offsets_to_txn, moldau_add_offsets_to_txn_response_t)
WRAP(end_txn, moldau_end_txn_response_t)
WRAP(txn_offset_commit, moldau_txn_offset_commit_response_t)

typedef struct conn {
    int fd;
    int32_t cid;
    moldau_arena_t a; /* every decoded answer, freed at the end */
    moldau_api_versions_response_t av;
} conn_t;

/* One request at `version`; the answer decoded into out. */
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
    /* The frame must outlive the decoded views: keep a copy in the arena. */
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

/* The highest version both speak, or -1 (said on stderr). */
static int16_t version_of(const conn_t *c, int16_t key)
{
    const moldau_api_info_t *ours = moldau_api_info(key);
    const moldau_api_versions_response_api_key_t *theirs =
        moldau_api_versions_response_find(&c->av, key);
    ck_assert_ptr_nonnull(ours);
    int16_t hi = theirs && theirs->max_version < ours->max_version ? theirs->max_version
                                                                   : ours->max_version;
    if (!theirs || hi < theirs->min_version || hi < ours->min_version) {
        fprintf(stderr, "codec_kafka: the broker does not serve %s %d-%d: not tried\n",
                ours->name, ours->min_version, ours->max_version);
        return -1;
    }
    fprintf(stderr, "codec_kafka: %s at v%d\n", ours->name, hi);
    return hi;
}

/* Sends at the negotiated version; returns it, or -1 when the broker lacks the API. */
static int16_t exchange(conn_t *c, int16_t key, enc_fn enc, const void *req, dec_fn dec,
                        void *out)
{
    int16_t v = version_of(c, key);
    if (v >= 0)
        exchange_at(c, key, v, enc, req, dec, out);
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

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Retries while the coordinator is not there yet (NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE,
 * COORDINATOR_LOAD_IN_PROGRESS, CONCURRENT_TRANSACTIONS). */
static int retriable(int16_t err)
{
    return err == 14 || err == 15 || err == 16 || err == 51;
}

/* Asks for the coordinator of `key` until there is one: on a fresh cluster the first ask
 * creates __consumer_offsets or __transaction_state, and until then none is. */
static void find_coordinator(conn_t *c, const char *key, int8_t key_type)
{
    const char *const keys[] = {key};
    moldau_find_coordinator_request_t fc = {.key = key, .key_type = key_type};
    int16_t v = version_of(c, MOLDAU_API_FIND_COORDINATOR);
    ck_assert_int_ge(v, 1);
    if (v >= 4)
        fc = (moldau_find_coordinator_request_t){NULL, key_type, keys, 1};
    moldau_find_coordinator_response_t r;
    int16_t err;
    for (int tries = 0;; tries++) {
        exchange_at(c, MOLDAU_API_FIND_COORDINATOR, v, enc_find_coordinator, &fc,
                    dec_find_coordinator, &r);
        err = v >= 4 ? r.coordinators[0].error_code : r.error_code;
        if (!retriable(err) || tries == 60)
            break;
        sleep_ms(500);
    }
    ck_assert_msg(err == 0, "FindCoordinator %s: error %d", key, err);
}

START_TEST(consumer_apis_decode)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128], member[64], unknown[128];
    test_topic_name("codec-cons", topic, sizeof(topic));
    test_topic_name("codec-group", group, sizeof(group));
    test_topic_name("codec-nogroup", unknown, sizeof(unknown));
    snprintf(member, sizeof(member), "moldau-%d-%ld", (int)getpid(), (long)time(NULL));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    conn_t c;
    conn_open(&c, bootstrap);

    const moldau_offset_for_leader_epoch_request_partition_t p0[] = {{0, -1, 0}};
    const moldau_offset_for_leader_epoch_request_topic_t ot[] = {{topic, p0, 1}};
    moldau_offset_for_leader_epoch_request_t ofle = {-1, ot, 1};
    moldau_offset_for_leader_epoch_response_t ofle_r;
    if (exchange(&c, MOLDAU_API_OFFSET_FOR_LEADER_EPOCH, enc_offset_for_leader_epoch, &ofle,
                 dec_offset_for_leader_epoch, &ofle_r) >= 0) {
        ck_assert_int_eq(ofle_r.n_topics, 1);
        ck_assert_str_eq(ofle_r.topics[0].topic, topic);
        ck_assert_int_eq(ofle_r.topics[0].n_partitions, 1);
        fprintf(stderr, "codec_kafka: OffsetForLeaderEpoch: error %d, epoch %d, end offset %lld\n",
                ofle_r.topics[0].partitions[0].error_code,
                ofle_r.topics[0].partitions[0].leader_epoch,
                (long long)ofle_r.topics[0].partitions[0].end_offset);
    }

    /* Join a KIP-848 group, describe it (and a group that does not exist), leave. */
    const char *const subs[] = {topic};
    moldau_consumer_group_heartbeat_request_t hb = MOLDAU_CONSUMER_GROUP_HEARTBEAT_REQUEST_INIT;
    hb.group_id = group;
    hb.member_id = member;
    hb.rebalance_timeout_ms = 30000;
    hb.subscribed_topic_names = subs;
    hb.n_subscribed_topic_names = 1;
    hb.n_topic_partitions = 0;
    int16_t hv = version_of(&c, MOLDAU_API_CONSUMER_GROUP_HEARTBEAT);
    if (hv < 0) {
        conn_close(&c);
        return; /* Kafka 3.9 serves KIP-848 only when enabled */
    }
    if (hv == 0)
        hb.member_id = ""; /* v0: the coordinator names the member */
    find_coordinator(&c, group, 0);
    moldau_consumer_group_heartbeat_response_t hb_r;
    for (int tries = 0;; tries++) {
        exchange_at(&c, MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, hv, enc_consumer_group_heartbeat,
                    &hb, dec_consumer_group_heartbeat, &hb_r);
        if (!retriable(hb_r.error_code) || tries == 60)
            break;
        sleep_ms(500);
    }
    ck_assert_msg(hb_r.error_code == 0, "ConsumerGroupHeartbeat: error %d (%s)", hb_r.error_code,
                  hb_r.error_message ? hb_r.error_message : "");
    ck_assert_int_gt(hb_r.member_epoch, 0);
    ck_assert_int_gt(hb_r.heartbeat_interval_ms, 0);
    ck_assert_ptr_nonnull(hb_r.member_id);

    const char *const groups[] = {group, unknown};
    moldau_consumer_group_describe_request_t cgd = {groups, 2, 1};
    moldau_consumer_group_describe_response_t cgd_r;
    int16_t dv = version_of(&c, MOLDAU_API_CONSUMER_GROUP_DESCRIBE);
    const moldau_consumer_group_describe_group_t *ours = NULL, *none = NULL;
    for (int tries = 0; dv >= 0; tries++) {
        exchange_at(&c, MOLDAU_API_CONSUMER_GROUP_DESCRIBE, dv, enc_consumer_group_describe,
                    &cgd, dec_consumer_group_describe, &cgd_r);
        ck_assert_int_eq(cgd_r.n_groups, 2);
        /* The coordinator answers per __consumer_offsets partition, not in request order. */
        int mine = strcmp(cgd_r.groups[0].group_id, group) == 0 ? 0 : 1;
        ours = &cgd_r.groups[mine];
        none = &cgd_r.groups[1 - mine];
        /* describe reads what is committed: the join may not be yet */
        if (ours->error_code != 69 || tries == 40)
            break;
        sleep_ms(250);
    }
    if (dv >= 0) {
        ck_assert_str_eq(ours->group_id, group);
        ck_assert_int_eq(ours->error_code, 0);
        ck_assert_ptr_nonnull(ours->group_state); /* Assigning, Reconciling or Stable */
        ck_assert_int_eq(ours->n_members, 1);
        ck_assert_str_eq(ours->members[0].member_id, hb_r.member_id);
        ck_assert_str_eq(ours->members[0].subscribed_topic_names[0], topic);
        if (dv >= 1)
            ck_assert_int_eq(ours->members[0].member_type,
                             MOLDAU_CONSUMER_GROUP_MEMBER_TYPE_CONSUMER);
        ck_assert_str_eq(none->group_id, unknown);
        ck_assert_int_eq(none->error_code, 69); /* GROUP_ID_NOT_FOUND */
    }

    hb.member_id = hb_r.member_id;
    hb.member_epoch = -1;
    exchange_at(&c, MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, hv, enc_consumer_group_heartbeat, &hb,
                dec_consumer_group_heartbeat, &hb_r);
    ck_assert_int_eq(hb_r.error_code, 0);
    ck_assert_int_eq(hb_r.member_epoch, -1);
    conn_close(&c);
}
END_TEST

START_TEST(transaction_apis_decode)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], group[128], txn[128];
    test_topic_name("codec-txn", topic, sizeof(topic));
    test_topic_name("codec-txn-group", group, sizeof(group));
    test_topic_name("codec-txn-id", txn, sizeof(txn));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    conn_t c;
    conn_open(&c, bootstrap);

    find_coordinator(&c, txn, 1);
    find_coordinator(&c, group, 0);
    moldau_init_producer_id_request_t ipi = MOLDAU_INIT_PRODUCER_ID_REQUEST_INIT;
    ipi.transactional_id = txn;
    ipi.transaction_timeout_ms = 60000;
    moldau_init_producer_id_response_t ipi_r;
    for (int tries = 0;; tries++) {
        exchange(&c, MOLDAU_API_INIT_PRODUCER_ID, enc_init_producer_id, &ipi,
                 dec_init_producer_id, &ipi_r);
        if (!retriable(ipi_r.error_code) || tries == 60)
            break;
        sleep_ms(500);
    }
    ck_assert_int_eq(ipi_r.error_code, 0);

    static const int32_t parts[] = {0};
    const moldau_add_partitions_to_txn_topic_t at[] = {{topic, parts, 1}};
    moldau_add_partitions_to_txn_request_t ap = {txn, ipi_r.producer_id, ipi_r.producer_epoch,
                                                 at, 1};
    moldau_add_partitions_to_txn_response_t ap_r;
    ck_assert_int_ge(exchange(&c, MOLDAU_API_ADD_PARTITIONS_TO_TXN, enc_add_partitions_to_txn,
                              &ap, dec_add_partitions_to_txn, &ap_r), 0);
    ck_assert_int_eq(ap_r.n_results_by_topic, 1);
    ck_assert_str_eq(ap_r.results_by_topic[0].name, topic);
    ck_assert_int_eq(ap_r.results_by_topic[0].n_results_by_partition, 1);
    ck_assert_int_eq(ap_r.results_by_topic[0].results_by_partition[0].partition_error_code, 0);

    moldau_add_offsets_to_txn_request_t ao = {txn, ipi_r.producer_id, ipi_r.producer_epoch,
                                              group};
    moldau_add_offsets_to_txn_response_t ao_r;
    ck_assert_int_ge(exchange(&c, MOLDAU_API_ADD_OFFSETS_TO_TXN, enc_add_offsets_to_txn, &ao,
                              dec_add_offsets_to_txn, &ao_r), 0);
    ck_assert_int_eq(ao_r.error_code, 0);

    const moldau_txn_offset_commit_request_partition_t tp[] = {{0, 0, -1, NULL}};
    const moldau_txn_offset_commit_request_topic_t tt[] = {{topic, tp, 1}};
    moldau_txn_offset_commit_request_t toc = MOLDAU_TXN_OFFSET_COMMIT_REQUEST_INIT;
    toc.transactional_id = txn;
    toc.group_id = group;
    toc.producer_id = ipi_r.producer_id;
    toc.producer_epoch = ipi_r.producer_epoch;
    toc.topics = tt;
    toc.n_topics = 1;
    moldau_txn_offset_commit_response_t toc_r;
    ck_assert_int_ge(exchange(&c, MOLDAU_API_TXN_OFFSET_COMMIT, enc_txn_offset_commit, &toc,
                              dec_txn_offset_commit, &toc_r), 0);
    ck_assert_int_eq(toc_r.n_topics, 1);
    ck_assert_str_eq(toc_r.topics[0].name, topic);
    ck_assert_int_eq(toc_r.topics[0].n_partitions, 1);
    ck_assert_int_eq(toc_r.topics[0].partitions[0].error_code, 0);

    moldau_end_txn_request_t et = {txn, ipi_r.producer_id, ipi_r.producer_epoch, 0};
    moldau_end_txn_response_t et_r;
    int16_t ev = exchange(&c, MOLDAU_API_END_TXN, enc_end_txn, &et, dec_end_txn, &et_r);
    ck_assert_int_ge(ev, 0);
    fprintf(stderr, "codec_kafka: EndTxn (abort): error %d, producer id %lld epoch %d\n",
            et_r.error_code, (long long)et_r.producer_id, et_r.producer_epoch);
    ck_assert_int_eq(et_r.error_code, 0);
    if (ev >= 5) /* v5 answers with the producer id and the epoch to use next */
        ck_assert(et_r.producer_id == ipi_r.producer_id);
    else
        ck_assert(et_r.producer_id == -1);
    conn_close(&c);
}
END_TEST

Suite *moldau_test_codec_kafka_suite(void)
{
    Suite *s = suite_create("codec_kafka");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, consumer_apis_decode);
    tcase_add_test(tc, transaction_apis_decode);
    suite_add_tcase(s, tc);
    return s;
}
