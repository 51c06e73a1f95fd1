/* The share-group codecs (msg_share.h): byte vectors written by hand from the JSON schemas,
 * the encoders' refusals, ShareFetch's records as a view into the input, unknown tags skipped,
 * and every truncation of a valid response rejected. */
#include <check.h>
#include <stdlib.h>

#include "../support/vectors_test.h"

#define UUID "000102030405060708090a0b0c0d0e0f"

static moldau_uuid_t test_uuid(void)
{
    moldau_uuid_t u;
    for (int i = 0; i < 16; i++)
        u.b[i] = (uint8_t)i;
    return u;
}

/* ---- requests ----------------------------------------------------------------------------- */

START_TEST(share_group_heartbeat_requests)
{
    static const char *const topics[] = {"a"};
    moldau_share_group_heartbeat_request_t req = MOLDAU_SHARE_GROUP_HEARTBEAT_REQUEST_INIT;
    req.group_id = "g";
    req.member_id = "m";
    req.subscribed_topic_names = topics;
    req.n_subscribed_topic_names = 1;
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_share_group_heartbeat_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0267 026d 00000000 00 02 0261 00");
    moldau_buf_reset(&w);
    /* a rack; the subscription unchanged (null, the INIT default) */
    req.member_epoch = 1;
    req.rack_id = "r";
    req.n_subscribed_topic_names = -1;
    ck_assert_int_eq(moldau_share_group_heartbeat_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0267 026d 00000001 0272 00 00");
    moldau_buf_reset(&w);
    /* v0 was 4.0's early access: no broker serves it */
    ck_assert_int_eq(moldau_share_group_heartbeat_request_encode(&w, 0, &req),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    req.group_id = NULL; /* not nullable */
    ck_assert_int_eq(moldau_share_group_heartbeat_request_encode(&w, 1, &req),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(share_group_describe_requests)
{
    static const char *const groups[] = {"g"};
    moldau_share_group_describe_request_t req = {groups, 1, 1};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_share_group_describe_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "02 0267 01 00");
    moldau_buf_reset(&w);
    req.n_group_ids = -1;
    ck_assert_int_eq(moldau_share_group_describe_request_encode(&w, 1, &req),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_buf_free(&w);
}
END_TEST

static const int8_t accept[] = {MOLDAU_SHARE_ACK_ACCEPT};
static const moldau_share_ack_batch_t batches[] = {{10, 12, accept, 1}};
static const moldau_share_ack_partition_t ack_parts[] = {{0, batches, 1}};

#define ACK_TOPICS "02 " UUID " 02 00000000 02 000000000000000a 000000000000000c 02 01 00 00 00"

START_TEST(share_fetch_requests)
{
    moldau_share_ack_topic_t topics[] = {{test_uuid(), ack_parts, 1}};
    moldau_share_fetch_request_t req = MOLDAU_SHARE_FETCH_REQUEST_INIT;
    req.group_id = "g";
    req.member_id = "m";
    req.share_session_epoch = 1;
    req.max_wait_ms = 500;
    req.min_bytes = 1;
    req.max_records = 100;
    req.batch_size = 50;
    req.share_acquire_mode = MOLDAU_SHARE_ACQUIRE_RECORD_LIMIT;
    req.topics = topics;
    req.n_topics = 1;
    moldau_buf_t w;
    moldau_buf_init(&w);
    /* ShareAcquireMode is ignorable: not written at v1 */
    ck_assert_int_eq(moldau_share_fetch_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0267 026d 00000001 000001f4 00000001 7fffffff 00000064 00000032 "
                        ACK_TOPICS " 01 00");
    moldau_buf_reset(&w);
    req.is_renew_ack = 1;
    ck_assert_int_eq(moldau_share_fetch_request_encode(&w, 2, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0267 026d 00000001 000001f4 00000001 7fffffff 00000064 00000032 01 01 "
                        ACK_TOPICS " 01 00");
    moldau_buf_reset(&w);
    /* v1 cannot say "these are renewals": refused, not dropped */
    ck_assert_int_eq(moldau_share_fetch_request_encode(&w, 1, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    /* null group and member ids are allowed; forgotten topics */
    static const int32_t parts[] = {3};
    moldau_share_topic_partitions_t forgotten[] = {{test_uuid(), parts, 1}};
    req = MOLDAU_SHARE_FETCH_REQUEST_INIT;
    req.forgotten_topics_data = forgotten;
    req.n_forgotten_topics_data = 1;
    ck_assert_int_eq(moldau_share_fetch_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "00 00 00000000 00000000 00000000 7fffffff 00000000 00000000 01 "
                        "02 " UUID " 02 00000003 00 00");
    moldau_buf_reset(&w);
    req.n_topics = -1; /* Topics is not nullable */
    ck_assert_int_eq(moldau_share_fetch_request_encode(&w, 1, &req), MOLDAU_ERR__INVALID_ARG);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(share_acknowledge_requests)
{
    moldau_share_ack_topic_t topics[] = {{test_uuid(), ack_parts, 1}};
    moldau_share_acknowledge_request_t req = {NULL, "m", 2, 0, topics, 1};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_share_acknowledge_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "00 026d 00000002 " ACK_TOPICS " 00");
    moldau_buf_reset(&w);
    req.is_renew_ack = 1;
    ck_assert_int_eq(moldau_share_acknowledge_request_encode(&w, 2, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "00 026d 00000002 01 " ACK_TOPICS " 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_share_acknowledge_request_encode(&w, 1, &req),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    /* an acknowledgement batch with types but no pointer */
    moldau_share_ack_batch_t bad[] = {{1, 1, NULL, 1}};
    moldau_share_ack_partition_t bad_parts[] = {{0, bad, 1}};
    topics[0].partitions = bad_parts;
    req.is_renew_ack = 0;
    ck_assert_int_eq(moldau_share_acknowledge_request_encode(&w, 1, &req),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(share_group_offsets_requests)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    /* Describe: a null topic list asks for every topic of the group */
    moldau_describe_share_group_offsets_request_group_t groups[] = {{"g", NULL, -1}};
    moldau_describe_share_group_offsets_request_t d = {groups, 1};
    ck_assert_int_eq(moldau_describe_share_group_offsets_request_encode(&w, 0, &d),
                     MOLDAU_ERR_NONE);
    test_expect_hex(&w, "02 0267 00 00 00");
    moldau_buf_reset(&w);
    static const int32_t parts[] = {0, 1};
    moldau_describe_share_group_offsets_request_topic_t topics[] = {{"t", parts, 2}};
    groups[0].topics = topics;
    groups[0].n_topics = 1;
    ck_assert_int_eq(moldau_describe_share_group_offsets_request_encode(&w, 1, &d),
                     MOLDAU_ERR_NONE);
    test_expect_hex(&w, "02 0267 02 0274 03 00000000 00000001 00 00 00");
    moldau_buf_reset(&w);
    /* Alter */
    moldau_alter_share_group_offsets_request_partition_t ap[] = {{0, 5}};
    moldau_alter_share_group_offsets_request_topic_t at[] = {{"t", ap, 1}};
    moldau_alter_share_group_offsets_request_t a = {"g", at, 1};
    ck_assert_int_eq(moldau_alter_share_group_offsets_request_encode(&w, 0, &a), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0267 02 0274 02 00000000 0000000000000005 00 00 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_alter_share_group_offsets_request_encode(&w, 1, &a),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    /* Delete */
    moldau_delete_share_group_offsets_request_topic_t dt[] = {{"t"}};
    moldau_delete_share_group_offsets_request_t del = {"g", dt, 1};
    ck_assert_int_eq(moldau_delete_share_group_offsets_request_encode(&w, 0, &del),
                     MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0267 02 0274 00 00");
    moldau_buf_reset(&w);
    dt[0].topic_name = NULL;
    ck_assert_int_eq(moldau_delete_share_group_offsets_request_encode(&w, 0, &del),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_buf_free(&w);
}
END_TEST

/* ---- responses ---------------------------------------------------------------------------- */

typedef union any_response {
    moldau_share_group_heartbeat_response_t sgh;
    moldau_share_group_describe_response_t sgd;
    moldau_share_fetch_response_t sf;
    moldau_share_acknowledge_response_t sa;
    moldau_describe_share_group_offsets_response_t dsgo;
    moldau_alter_share_group_offsets_response_t asgo;
    moldau_delete_share_group_offsets_response_t dlsgo;
} any_response_t;

static moldau_err_t decode_any(int16_t key, int16_t v, moldau_reader_t *r, moldau_arena_t *a,
                               void *out)
{
    any_response_t *o = out;
    switch (key) {
    case MOLDAU_API_SHARE_GROUP_HEARTBEAT:
        return moldau_share_group_heartbeat_response_decode(r, v, a, &o->sgh);
    case MOLDAU_API_SHARE_GROUP_DESCRIBE:
        return moldau_share_group_describe_response_decode(r, v, a, &o->sgd);
    case MOLDAU_API_SHARE_FETCH:
        return moldau_share_fetch_response_decode(r, v, a, &o->sf);
    case MOLDAU_API_SHARE_ACKNOWLEDGE:
        return moldau_share_acknowledge_response_decode(r, v, a, &o->sa);
    case MOLDAU_API_DESCRIBE_SHARE_GROUP_OFFSETS:
        return moldau_describe_share_group_offsets_response_decode(r, v, a, &o->dsgo);
    case MOLDAU_API_ALTER_SHARE_GROUP_OFFSETS:
        return moldau_alter_share_group_offsets_response_decode(r, v, a, &o->asgo);
    case MOLDAU_API_DELETE_SHARE_GROUP_OFFSETS:
        return moldau_delete_share_group_offsets_response_decode(r, v, a, &o->dlsgo);
    }
    ck_abort_msg("no decoder for key %d", key);
    return MOLDAU_ERR__INVALID_ARG;
}

/* ShareFetch v2: one partition with 4 bytes of records, offsets 10-12 acquired once, the new
 * leader's endpoint. The records start at byte SF_RECORDS_AT. */
#define SF_V2                                                                                    \
    "00000000 0000 00 00007530 02 " UUID " 02 00000000 0000 00 0000 00 00000001 00000005 00 "    \
    "05 deadbeef 02 000000000000000a 000000000000000c 0001 00 00 00 "                              \
    "02 00000001 0268 00002384 00 00 00"
#define SF_RECORDS_AT 49

static const test_vector_t responses[] = {
    /* 0: an assignment: one topic, partitions 0 and 1 */
    {MOLDAU_API_SHARE_GROUP_HEARTBEAT, 1,
     "00000000 0000 00 026d 00000001 00001388 01 02 " UUID " 03 00000000 00000001 00 00 00"},
    /* 1: no new assignment (null), an error */
    {MOLDAU_API_SHARE_GROUP_HEARTBEAT, 1, "00000000 0019 02 78 00 ffffffff 00000000 ff 00"},
    /* 2: one group, one member */
    {MOLDAU_API_SHARE_GROUP_DESCRIBE, 1,
     "00000000 02 0000 00 0267 07 537461626c65 00000003 00000003 07 73696d706c65 "
     "02 026d 00 00000002 0263 0268 02 0261 02 " UUID " 0261 02 00000000 00 00 00 "
     "80000000 00 00"},
    /* 3 */
    {MOLDAU_API_SHARE_FETCH, 2, SF_V2},
    /* 4: v1 (the same layout), no partitions, no endpoints */
    {MOLDAU_API_SHARE_FETCH, 1, "00000000 0000 00 00007530 01 01 00"},
    /* 5: v1 has no AcquisitionLockTimeoutMs */
    {MOLDAU_API_SHARE_ACKNOWLEDGE, 1,
     "00000000 0000 00 02 " UUID " 02 00000000 0000 00 ffffffff ffffffff 00 00 00 01 00"},
    /* 6: v2 has it; an unknown tag (42, one byte) at the top level is skipped */
    {MOLDAU_API_SHARE_ACKNOWLEDGE, 2, "00000000 0000 00 00007530 01 01 01 2a 01 ff"},
    /* 7: v1 with Lag 3 */
    {MOLDAU_API_DESCRIBE_SHARE_GROUP_OFFSETS, 1,
     "00000000 02 0267 02 0274 " UUID " 02 00000000 0000000000000005 00000000 "
     "0000000000000003 0000 00 00 00 0000 00 00 00"},
    /* 8: v0: no Lag */
    {MOLDAU_API_DESCRIBE_SHARE_GROUP_OFFSETS, 0,
     "00000000 02 0267 02 0274 " UUID " 02 00000000 0000000000000005 00000000 "
     "0000 00 00 00 0000 00 00 00"},
    /* 9 */
    {MOLDAU_API_ALTER_SHARE_GROUP_OFFSETS, 0,
     "00000000 0000 00 02 0274 " UUID " 02 00000000 0000 00 00 00 00"},
    /* 10: GROUP_ID_NOT_FOUND (69) for the topic */
    {MOLDAU_API_DELETE_SHARE_GROUP_OFFSETS, 0,
     "00000000 0000 00 02 0274 " UUID " 0045 02 78 00 00"},
};

TEST_RESPONSE_VECTORS(responses, decode_any, any_response_t)

START_TEST(response_fields)
{
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    decode_whole(0, &a, &o);
    ck_assert_str_eq(o.sgh.member_id, "m");
    ck_assert_int_eq(o.sgh.heartbeat_interval_ms, 5000);
    ck_assert_ptr_nonnull(o.sgh.assignment);
    ck_assert_int_eq(o.sgh.assignment->n_topic_partitions, 1);
    ck_assert_int_eq(o.sgh.assignment->topic_partitions[0].topic_id.b[15], 15);
    ck_assert_int_eq(o.sgh.assignment->topic_partitions[0].partitions[1], 1);
    decode_whole(1, &a, &o);
    ck_assert_int_eq(o.sgh.error_code, 25);
    ck_assert_str_eq(o.sgh.error_message, "x");
    ck_assert_ptr_null(o.sgh.member_id);
    ck_assert_ptr_null(o.sgh.assignment);
    decode_whole(2, &a, &o);
    const moldau_share_group_describe_group_t *g = &o.sgd.groups[0];
    ck_assert_str_eq(g->group_state, "Stable");
    ck_assert_str_eq(g->assignor_name, "simple");
    ck_assert_int_eq(g->authorized_operations, INT32_MIN);
    ck_assert_ptr_null(g->members[0].rack_id);
    ck_assert_str_eq(g->members[0].subscribed_topic_names[0], "a");
    ck_assert_str_eq(g->members[0].assignment.topic_partitions[0].topic_name, "a");
    decode_whole(3, &a, &o);
    ck_assert_int_eq(o.sf.acquisition_lock_timeout_ms, 30000);
    const moldau_share_fetch_response_partition_t *p = &o.sf.responses[0].partitions[0];
    ck_assert_int_eq(p->current_leader.leader_id, 1);
    ck_assert_int_eq(p->current_leader.leader_epoch, 5);
    ck_assert_int_eq(p->records.len, 4);
    ck_assert_int_eq(p->n_acquired_records, 1);
    ck_assert(p->acquired_records[0].last_offset == 12);
    ck_assert_int_eq(p->acquired_records[0].delivery_count, 1);
    ck_assert_int_eq(o.sf.n_node_endpoints, 1);
    ck_assert_str_eq(o.sf.node_endpoints[0].host, "h");
    ck_assert_int_eq(o.sf.node_endpoints[0].port, 9092);
    decode_whole(5, &a, &o);
    ck_assert_int_eq(o.sa.acquisition_lock_timeout_ms, 0);
    ck_assert_int_eq(o.sa.responses[0].partitions[0].current_leader.leader_id, -1);
    decode_whole(6, &a, &o);
    ck_assert_int_eq(o.sa.acquisition_lock_timeout_ms, 30000);
    decode_whole(7, &a, &o);
    ck_assert(o.dsgo.groups[0].topics[0].partitions[0].lag == 3);
    ck_assert(o.dsgo.groups[0].topics[0].partitions[0].start_offset == 5);
    decode_whole(8, &a, &o);
    ck_assert(o.dsgo.groups[0].topics[0].partitions[0].lag == -1);
    decode_whole(10, &a, &o);
    ck_assert_int_eq(o.dlsgo.responses[0].error_code, 69);
    ck_assert_str_eq(o.dlsgo.responses[0].error_message, "x");
    moldau_arena_free(&a);
}
END_TEST

/* The records are a view into the input (no copy), and never null at v1+. */
START_TEST(share_fetch_records_view)
{
    uint8_t buf[256];
    size_t n = test_from_hex(SF_V2, buf, sizeof(buf));
    ck_assert_int_eq(buf[SF_RECORDS_AT], 0xde);
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_reader_t r;
    moldau_reader_init(&r, buf, n);
    moldau_share_fetch_response_t out;
    ck_assert_int_eq(moldau_share_fetch_response_decode(&r, 2, &a, &out), MOLDAU_ERR_NONE);
    ck_assert_ptr_eq(out.responses[0].partitions[0].records.data, buf + SF_RECORDS_AT);
    /* the same with the records' length byte 0: a null, which only v0 had */
    buf[SF_RECORDS_AT - 1] = 0x00;
    memmove(buf + SF_RECORDS_AT, buf + SF_RECORDS_AT + 4, n - SF_RECORDS_AT - 4);
    moldau_reader_init(&r, buf, n - 4);
    ck_assert_int_eq(moldau_share_fetch_response_decode(&r, 2, &a, &out), MOLDAU_ERR__BAD_MSG);
    /* and empty records (length byte 1) are fine */
    buf[SF_RECORDS_AT - 1] = 0x01;
    moldau_reader_init(&r, buf, n - 4);
    ck_assert_int_eq(moldau_share_fetch_response_decode(&r, 2, &a, &out), MOLDAU_ERR_NONE);
    ck_assert_int_eq(out.responses[0].partitions[0].records.len, 0);
    moldau_arena_free(&a);
}
END_TEST

Suite *moldau_test_msg_share_suite(void)
{
    Suite *s = suite_create("msg_share");
    TCase *tc = tcase_create("vectors");
    tcase_add_test(tc, share_group_heartbeat_requests);
    tcase_add_test(tc, share_group_describe_requests);
    tcase_add_test(tc, share_fetch_requests);
    tcase_add_test(tc, share_acknowledge_requests);
    tcase_add_test(tc, share_group_offsets_requests);
    tcase_add_loop_test(tc, response_whole_and_truncated, 0,
                        (int)(sizeof(responses) / sizeof(responses[0])));
    tcase_add_test(tc, response_fields);
    tcase_add_test(tc, share_fetch_records_view);
    suite_add_tcase(s, tc);
    return s;
}
