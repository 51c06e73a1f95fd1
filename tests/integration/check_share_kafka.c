/* The share-group codecs (msg_share.h) against the real broker, which serves them only with
 * share.version=1 (make check formats 4.x brokers so; mk/brokers.mk). Every request goes at
 * the highest version both sides speak, over a raw connection, and every answer must decode
 * whole. One member joins a share group, is described (raw, and by the admin client), fetches a record it then accepts, and
 * leaves; the group's offsets are then described, altered and deleted. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "moldau.h"
#include "moldau/protocol.h"
#include "../support/admin_test.h"
#include "../support/peer_test.h"
#include "../support/codec_conn_test.h"
#include "../support/topic_test.h"

TEST_CODEC_WRAP(metadata)
TEST_CODEC_WRAP(produce)
TEST_CODEC_WRAP(share_group_heartbeat)
TEST_CODEC_WRAP(share_group_describe)
TEST_CODEC_WRAP(share_fetch)
TEST_CODEC_WRAP(share_acknowledge)
TEST_CODEC_WRAP(describe_share_group_offsets)
TEST_CODEC_WRAP(alter_share_group_offsets)
TEST_CODEC_WRAP(delete_share_group_offsets)

#define TAG "share_kafka"

static moldau_uuid_t topic_id_of(test_conn_t *c, const char *topic)
{
    const moldau_metadata_request_topic_t t[] = {{.name = topic}};
    moldau_metadata_request_t req = {t, 1, 0, 0, 0};
    moldau_metadata_response_t r;
    int16_t v = test_conn_version(c, MOLDAU_API_METADATA);
    ck_assert_int_ge(v, 10);
    test_conn_exchange_at(c, MOLDAU_API_METADATA, v, enc_metadata, &req, dec_metadata, &r);
    ck_assert_int_eq(r.n_topics, 1);
    ck_assert_int_eq(r.topics[0].error_code, 0);
    return r.topics[0].topic_id;
}

static void produce_one(test_conn_t *c, const char *topic, const char *value)
{
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, MOLDAU_CODEC_NONE, MOLDAU_COMPRESSION_LEVEL_DEFAULT);
    moldau_bytes_t key = {NULL, -1}, val = {(const uint8_t *)value, (int32_t)strlen(value)};
    ck_assert_int_eq(moldau_batch_builder_append(&b, (int64_t)time(NULL) * 1000, key, val, NULL, 0),
                     MOLDAU_ERR_NONE);
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
    const moldau_produce_request_partition_t p[] = {{0, {data, (int32_t)len}}};
    const moldau_produce_request_topic_t t[] = {
        {.name = topic, .partition_data = p, .n_partition_data = 1}};
    moldau_produce_request_t req = {NULL, -1, 10000, t, 1};
    moldau_produce_response_t r;
    /* by name: v13 names topics by id, which this raw connection does not look up */
    int16_t v = test_conn_version(c, MOLDAU_API_PRODUCE);
    test_conn_exchange_at(c, MOLDAU_API_PRODUCE, v > 12 ? 12 : v, enc_produce, &req, dec_produce,
                         &r);
    ck_assert_int_eq(r.responses[0].partition_responses[0].error_code, 0);
    moldau_batch_builder_free(&b);
}

/* Heartbeats until the coordinator answers without a retriable error. */
static void heartbeat(test_conn_t *c, int16_t v, const moldau_share_group_heartbeat_request_t *hb,
                      moldau_share_group_heartbeat_response_t *r)
{
    for (int tries = 0;; tries++) {
        test_conn_exchange_at(c, MOLDAU_API_SHARE_GROUP_HEARTBEAT, v, enc_share_group_heartbeat,
                             hb, dec_share_group_heartbeat, r);
        if (!test_coordinator_retriable(r->error_code) || tries == 60)
            break;
        test_sleep_ms(500);
    }
    ck_assert_msg(r->error_code == 0, "ShareGroupHeartbeat: error %d (%s)", r->error_code,
                  r->error_message ? r->error_message : "");
}

START_TEST(share_apis_decode)
{
    TEST_NEED_KAFKA(bootstrap);
    test_conn_t c;
    test_conn_open(&c, bootstrap, TAG);
    int16_t hv = test_conn_version(&c, MOLDAU_API_SHARE_GROUP_HEARTBEAT);
    if (hv < 0) { /* 3.9, or a 4.x broker without share.version=1 */
        fprintf(stderr, TAG ": no share groups on this broker: not tried\n");
        test_conn_close(&c);
        return;
    }
    char topic[128], group[128], unknown[128], member[64];
    test_topic_name("share-topic", topic, sizeof(topic));
    test_topic_name("share-group", group, sizeof(group));
    test_topic_name("share-nogroup", unknown, sizeof(unknown));
    snprintf(member, sizeof(member), "moldau-%d-%ld", (int)getpid(), (long)time(NULL));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    moldau_uuid_t tid = topic_id_of(&c, topic);
    test_conn_find_coordinator(&c, group, MOLDAU_COORDINATOR_KEY_GROUP);

    /* Join, and heartbeat until the partition is assigned. */
    const char *const subs[] = {topic};
    moldau_share_group_heartbeat_request_t hb = MOLDAU_SHARE_GROUP_HEARTBEAT_REQUEST_INIT;
    hb.group_id = group;
    hb.member_id = member;
    hb.subscribed_topic_names = subs;
    hb.n_subscribed_topic_names = 1;
    moldau_share_group_heartbeat_response_t hb_r;
    heartbeat(&c, hv, &hb, &hb_r);
    ck_assert_int_gt(hb_r.member_epoch, 0);
    ck_assert_int_gt(hb_r.heartbeat_interval_ms, 0);
    /* the first assignment may be empty: the topic is new to the coordinator */
    for (int tries = 0; (!hb_r.assignment || !hb_r.assignment->n_topic_partitions) && tries < 60;
         tries++) {
        test_sleep_ms(250);
        hb.member_epoch = hb_r.member_epoch;
        hb.n_subscribed_topic_names = -1; /* unchanged */
        heartbeat(&c, hv, &hb, &hb_r);
    }
    ck_assert_msg(hb_r.assignment, "no assignment");
    ck_assert_int_eq(hb_r.assignment->n_topic_partitions, 1);
    ck_assert(!memcmp(&hb_r.assignment->topic_partitions[0].topic_id, &tid, sizeof(tid)));

    /* Describe the group and one that does not exist. */
    const char *const groups[] = {group, unknown};
    moldau_share_group_describe_request_t sgd = {groups, 2, 1};
    moldau_share_group_describe_response_t sgd_r;
    int16_t dv = test_conn_version(&c, MOLDAU_API_SHARE_GROUP_DESCRIBE);
    ck_assert_int_ge(dv, 1);
    test_conn_exchange_at(&c, MOLDAU_API_SHARE_GROUP_DESCRIBE, dv, enc_share_group_describe, &sgd,
                         dec_share_group_describe, &sgd_r);
    ck_assert_int_eq(sgd_r.n_groups, 2);
    int mine = strcmp(sgd_r.groups[0].group_id, group) == 0 ? 0 : 1; /* any order */
    const moldau_share_group_describe_group_t *ours = &sgd_r.groups[mine];
    ck_assert_int_eq(ours->error_code, 0);
    ck_assert_int_eq(ours->n_members, 1);
    ck_assert_str_eq(ours->members[0].member_id, member);
    ck_assert_str_eq(ours->members[0].subscribed_topic_names[0], topic);
    ck_assert_str_eq(sgd_r.groups[1 - mine].group_id, unknown);
    ck_assert_int_eq(sgd_r.groups[1 - mine].error_code, 69); /* GROUP_ID_NOT_FOUND */

    /* The admin client describes it too (a share group after the consumer and classic
     * passes), and lists it with its type. */
    moldau_admin_t *adm = test_admin_new(bootstrap);
    moldau_admin_group_descriptions_t *gd;
    ck_assert_int_eq(moldau_admin_describe_groups(adm, groups, 2, -1, &gd), MOLDAU_ERR_NONE);
    ck_assert_msg(gd->items[0]->err == MOLDAU_ERR_NONE, "%s", gd->items[0]->errmsg);
    ck_assert_str_eq(gd->items[0]->type, "share");
    ck_assert_uint_eq(gd->items[0]->n_members, 1);
    ck_assert_str_eq(gd->items[0]->members[0]->member_id, member);
    ck_assert_uint_eq(gd->items[0]->members[0]->n_assignment, 1);
    ck_assert_str_eq(gd->items[0]->members[0]->assignment[0]->topic, topic);
    ck_assert_int_eq(gd->items[1]->err, MOLDAU_ERR_GROUP_ID_NOT_FOUND);
    moldau_admin_result_free(gd);
    const char *share_type[] = {"share"};
    moldau_admin_list_groups_options_t lo = MOLDAU_ADMIN_LIST_GROUPS_OPTIONS_INIT;
    lo.types = share_type;
    lo.n_types = 1;
    moldau_admin_group_listings_t *gl;
    ck_assert_int_eq(moldau_admin_list_groups(adm, &lo, -1, &gl), MOLDAU_ERR_NONE);
    int listed = 0;
    for (size_t i = 0; i < gl->n_items; i++)
        listed |= !strcmp(gl->items[i]->group_id, group) && !strcmp(gl->items[i]->type, "share");
    ck_assert(listed);
    moldau_admin_result_free(gl);
    moldau_admin_close(adm);

    /* Open a share session (the share partition starts at the log end: latest), produce one
     * record, fetch until it comes, acquired. */
    const moldau_share_ack_partition_t fp[] = {{0, NULL, 0}};
    const moldau_share_ack_topic_t ft[] = {{tid, fp, 1}};
    moldau_share_fetch_request_t sf = MOLDAU_SHARE_FETCH_REQUEST_INIT;
    sf.group_id = group;
    sf.member_id = member;
    sf.max_wait_ms = 500;
    sf.min_bytes = 1;
    sf.max_records = 100;
    sf.batch_size = 100;
    sf.topics = ft;
    sf.n_topics = 1;
    moldau_share_fetch_response_t sf_r;
    int16_t fv = test_conn_version(&c, MOLDAU_API_SHARE_FETCH);
    ck_assert_int_ge(fv, 1);
    test_conn_exchange_at(&c, MOLDAU_API_SHARE_FETCH, fv, enc_share_fetch, &sf, dec_share_fetch,
                         &sf_r);
    ck_assert_int_eq(sf_r.error_code, 0);
    produce_one(&c, topic, "queued");
    const moldau_share_fetch_response_partition_t *got = NULL;
    for (int tries = 0; !got && tries < 20; tries++) {
        sf.share_session_epoch++;
        sf.n_topics = 0; /* the session holds the partition */
        test_conn_exchange_at(&c, MOLDAU_API_SHARE_FETCH, fv, enc_share_fetch, &sf,
                             dec_share_fetch, &sf_r);
        ck_assert_msg(sf_r.error_code == 0, "ShareFetch: error %d (%s)", sf_r.error_code,
                      sf_r.error_message ? sf_r.error_message : "");
        for (int32_t i = 0; i < sf_r.n_responses; i++)
            for (int32_t j = 0; j < sf_r.responses[i].n_partitions; j++)
                if (sf_r.responses[i].partitions[j].n_acquired_records > 0)
                    got = &sf_r.responses[i].partitions[j];
    }
    ck_assert_msg(got, "ShareFetch: the record never came");
    ck_assert_int_eq(got->error_code, 0);
    ck_assert_int_gt(sf_r.acquisition_lock_timeout_ms, 0);
    ck_assert(got->acquired_records[0].first_offset == 0);
    ck_assert_int_eq(got->acquired_records[0].delivery_count, 1);
    moldau_record_set_t rs;
    moldau_batch_t batch;
    moldau_record_set_init(&rs, got->records.data, (size_t)got->records.len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &batch), 1);
    moldau_record_iter_t it;
    moldau_record_t rec;
    ck_assert_int_eq(moldau_record_iter_init(&it, &batch, NULL, 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau_record_iter_next(&it, &rec), 1);
    ck_assert_int_eq(rec.value.len, 6);
    ck_assert(!memcmp(rec.value.data, "queued", 6));

    /* Accept it, and close the session (epoch -1). */
    const int8_t accept[] = {MOLDAU_SHARE_ACK_ACCEPT};
    const moldau_share_ack_batch_t ab[] = {{0, 0, accept, 1}};
    const moldau_share_ack_partition_t ap[] = {{0, ab, 1}};
    const moldau_share_ack_topic_t at[] = {{tid, ap, 1}};
    moldau_share_acknowledge_request_t sa = {group, member, sf.share_session_epoch + 1, 0, at, 1};
    moldau_share_acknowledge_response_t sa_r;
    int16_t av = test_conn_version(&c, MOLDAU_API_SHARE_ACKNOWLEDGE);
    ck_assert_int_ge(av, 1);
    test_conn_exchange_at(&c, MOLDAU_API_SHARE_ACKNOWLEDGE, av, enc_share_acknowledge, &sa,
                         dec_share_acknowledge, &sa_r);
    ck_assert_int_eq(sa_r.error_code, 0);
    ck_assert_int_eq(sa_r.n_responses, 1);
    ck_assert_int_eq(sa_r.responses[0].partitions[0].error_code, 0);
    sa.share_session_epoch = -1;
    sa.n_topics = 0;
    test_conn_exchange_at(&c, MOLDAU_API_SHARE_ACKNOWLEDGE, av, enc_share_acknowledge, &sa,
                         dec_share_acknowledge, &sa_r);
    fprintf(stderr, TAG ": ShareAcknowledge closing the session: error %d\n", sa_r.error_code);

    /* Leave: the group is empty, so its offsets may be altered and deleted. */
    hb.member_epoch = -1;
    heartbeat(&c, hv, &hb, &hb_r);
    ck_assert_int_eq(hb_r.member_epoch, -1);

    moldau_describe_share_group_offsets_request_group_t dg[] = {{group, NULL, -1}};
    moldau_describe_share_group_offsets_request_t dso = {dg, 1};
    moldau_describe_share_group_offsets_response_t dso_r;
    int16_t ov = test_conn_version(&c, MOLDAU_API_DESCRIBE_SHARE_GROUP_OFFSETS);
    ck_assert_int_ge(ov, 0);
    test_conn_exchange_at(&c, MOLDAU_API_DESCRIBE_SHARE_GROUP_OFFSETS, ov,
                         enc_describe_share_group_offsets, &dso,
                         dec_describe_share_group_offsets, &dso_r);
    ck_assert_int_eq(dso_r.n_groups, 1);
    ck_assert_int_eq(dso_r.groups[0].error_code, 0);
    ck_assert_int_eq(dso_r.groups[0].n_topics, 1);
    ck_assert_str_eq(dso_r.groups[0].topics[0].topic_name, topic);
    const moldau_describe_share_group_offsets_response_partition_t *op =
        &dso_r.groups[0].topics[0].partitions[0];
    fprintf(stderr, TAG ": DescribeShareGroupOffsets: start offset %lld, lag %lld\n",
            (long long)op->start_offset, (long long)op->lag);
    /* 0 or 1: the accepted record moves the start offset once the state is written */
    ck_assert_int_eq(op->error_code, 0);
    ck_assert(op->start_offset == 0 || op->start_offset == 1);

    const moldau_alter_share_group_offsets_request_partition_t alp[] = {{0, 0}};
    const moldau_alter_share_group_offsets_request_topic_t alt[] = {{topic, alp, 1}};
    moldau_alter_share_group_offsets_request_t aso = {group, alt, 1};
    moldau_alter_share_group_offsets_response_t aso_r;
    ck_assert_int_ge(test_conn_version(&c, MOLDAU_API_ALTER_SHARE_GROUP_OFFSETS), 0);
    test_conn_exchange_at(&c, MOLDAU_API_ALTER_SHARE_GROUP_OFFSETS, 0,
                         enc_alter_share_group_offsets, &aso, dec_alter_share_group_offsets,
                         &aso_r);
    ck_assert_msg(aso_r.error_code == 0, "AlterShareGroupOffsets: error %d (%s)",
                  aso_r.error_code, aso_r.error_message ? aso_r.error_message : "");
    ck_assert_int_eq(aso_r.n_responses, 1);
    ck_assert(!memcmp(&aso_r.responses[0].topic_id, &tid, sizeof(tid)));
    ck_assert_int_eq(aso_r.responses[0].partitions[0].error_code, 0);

    const moldau_delete_share_group_offsets_request_topic_t dlt[] = {{topic}};
    moldau_delete_share_group_offsets_request_t dlo = {group, dlt, 1};
    moldau_delete_share_group_offsets_response_t dlo_r;
    ck_assert_int_ge(test_conn_version(&c, MOLDAU_API_DELETE_SHARE_GROUP_OFFSETS), 0);
    test_conn_exchange_at(&c, MOLDAU_API_DELETE_SHARE_GROUP_OFFSETS, 0,
                         enc_delete_share_group_offsets, &dlo, dec_delete_share_group_offsets,
                         &dlo_r);
    ck_assert_msg(dlo_r.error_code == 0, "DeleteShareGroupOffsets: error %d (%s)",
                  dlo_r.error_code, dlo_r.error_message ? dlo_r.error_message : "");
    ck_assert_int_eq(dlo_r.n_responses, 1);
    ck_assert_str_eq(dlo_r.responses[0].topic_name, topic);
    ck_assert_int_eq(dlo_r.responses[0].error_code, 0);
    test_conn_close(&c);
}
END_TEST

Suite *moldau_test_share_kafka_suite(void)
{
    Suite *s = suite_create("share_kafka");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, share_apis_decode);
    suite_add_tcase(s, tc);
    return s;
}
