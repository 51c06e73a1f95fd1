/* The consumer's non-classic codecs (msg_consumer.h): byte vectors written by hand from the
 * JSON schemas, the encoders' refusals, and every truncation of a valid response rejected. */
#include <check.h>

#include "../support/vectors_test.h"

/* ---- requests ----------------------------------------------------------------------------- */

START_TEST(offset_for_leader_epoch_requests)
{
    const moldau_offset_for_leader_epoch_request_partition_t parts[] = {{0, 5, 4}};
    const moldau_offset_for_leader_epoch_request_topic_t topics[] = {{"a", parts, 1}};
    moldau_offset_for_leader_epoch_request_t req = {-1, topics, 1};
    moldau_buf_t w;
    moldau_buf_init(&w);
    /* ReplicaId is ignorable: not written at v2 */
    ck_assert_int_eq(moldau_offset_for_leader_epoch_request_encode(&w, 2, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "00000001 000161 00000001 00000000 00000005 00000004");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_offset_for_leader_epoch_request_encode(&w, 3, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "ffffffff 00000001 000161 00000001 00000000 00000005 00000004");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_offset_for_leader_epoch_request_encode(&w, 4, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "ffffffff 02 0261 02 00000000 00000005 00000004 00 00 00");
    moldau_buf_reset(&w);
    /* v0-1 are gone from Kafka 4.0 */
    ck_assert_int_eq(moldau_offset_for_leader_epoch_request_encode(&w, 1, &req),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(consumer_group_heartbeat_requests)
{
    static const char *const topics[] = {"a"};
    static const int32_t parts[] = {1};
    moldau_consumer_group_topic_partitions_t owned[1] = {{.partitions = parts, .n_partitions = 1}};
    for (int i = 0; i < 16; i++)
        owned[0].topic_id.b[i] = (uint8_t)i;
    moldau_consumer_group_heartbeat_request_t req = MOLDAU_CONSUMER_GROUP_HEARTBEAT_REQUEST_INIT;
    req.group_id = "g";
    req.member_id = "";
    req.subscribed_topic_names = topics;
    req.n_subscribed_topic_names = 1;
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_consumer_group_heartbeat_request_encode(&w, 0, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0267 01 00000000 00 00 ffffffff 02 0261 00 00 00");
    moldau_buf_reset(&w);
    /* Unchanged subscription (null), a regex, owned partitions. */
    req.member_id = "m";
    req.member_epoch = 3;
    req.n_subscribed_topic_names = -1;
    req.subscribed_topic_regex = "x.*";
    req.topic_partitions = owned;
    req.n_topic_partitions = 1;
    ck_assert_int_eq(moldau_consumer_group_heartbeat_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0267 026d 00000003 00 00 ffffffff 00 04782e2a 00"
                   "02 000102030405060708090a0b0c0d0e0f 02 00000001 00 00");
    moldau_buf_reset(&w);
    /* v0 has no regex: dropping it would change the subscription */
    ck_assert_int_eq(moldau_consumer_group_heartbeat_request_encode(&w, 0, &req),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(consumer_group_describe_requests)
{
    static const char *const groups[] = {"g"};
    moldau_consumer_group_describe_request_t req = {groups, 1, 1};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_consumer_group_describe_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "02 0267 01 00");
    moldau_buf_reset(&w);
    req.n_group_ids = -1;
    ck_assert_int_eq(moldau_consumer_group_describe_request_encode(&w, 0, &req),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_buf_free(&w);
}
END_TEST

/* ---- responses ---------------------------------------------------------------------------- */

typedef union any_response {
    moldau_offset_for_leader_epoch_response_t ofle;
    moldau_consumer_group_heartbeat_response_t cgh;
    moldau_consumer_group_describe_response_t cgd;
} any_response_t;

static moldau_err_t decode_any(int16_t key, int16_t v, moldau_reader_t *r, moldau_arena_t *a,
                               void *out)
{
    any_response_t *o = out;
    switch (key) {
    case MOLDAU_API_OFFSET_FOR_LEADER_EPOCH:
        return moldau_offset_for_leader_epoch_response_decode(r, v, a, &o->ofle);
    case MOLDAU_API_CONSUMER_GROUP_HEARTBEAT:
        return moldau_consumer_group_heartbeat_response_decode(r, v, a, &o->cgh);
    case MOLDAU_API_CONSUMER_GROUP_DESCRIBE:
        return moldau_consumer_group_describe_response_decode(r, v, a, &o->cgd);
    }
    ck_abort_msg("no decoder for key %d", key);
    return MOLDAU_ERR__INVALID_ARG;
}

static const test_vector_t responses[] = {
    {MOLDAU_API_OFFSET_FOR_LEADER_EPOCH, 2,
     "00000000 00000001 000161 00000001 0000 00000000 00000004 0000000000000064"},
    {MOLDAU_API_OFFSET_FOR_LEADER_EPOCH, 4,
     "00000000 02 0261 02 0000 00000000 00000004 0000000000000064 00 00 00"},
    /* an assignment: one topic, partitions 0 and 1 */
    {MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, 1,
     "00000000 0000 00 026d 00000001 00001388 01 02 000102030405060708090a0b0c0d0e0f 03 00000000 00000001 00 00 00"},
    /* no new assignment (null) */
    {MOLDAU_API_CONSUMER_GROUP_HEARTBEAT, 0, "00000000 0019 02 78 00 ffffffff 00000000 ff 00"},
    /* one group, one member; MemberType (v1) is 1 */
    {MOLDAU_API_CONSUMER_GROUP_DESCRIBE, 1,
     "00000000 02 0000 00 0267 07 537461626c65 00000003 00000003 08 756e69666f726d"
     "02 026d 00 00 00000002 0263 0268 02 0261 00 02 000102030405060708090a0b0c0d0e0f 0261 02 00000000 00 00 01 00 01 00"
     "80000000 00 00"},
};

TEST_RESPONSE_VECTORS(responses, decode_any, any_response_t)

START_TEST(response_fields)
{
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    decode_whole(1, &a, &o);
    ck_assert_int_eq(o.ofle.topics[0].partitions[0].leader_epoch, 4);
    ck_assert(o.ofle.topics[0].partitions[0].end_offset == 100);
    decode_whole(2, &a, &o);
    ck_assert_str_eq(o.cgh.member_id, "m");
    ck_assert_int_eq(o.cgh.heartbeat_interval_ms, 5000);
    ck_assert_ptr_nonnull(o.cgh.assignment);
    ck_assert_int_eq(o.cgh.assignment->n_topic_partitions, 1);
    ck_assert_int_eq(o.cgh.assignment->topic_partitions[0].topic_id.b[15], 15);
    ck_assert_int_eq(o.cgh.assignment->topic_partitions[0].n_partitions, 2);
    ck_assert_int_eq(o.cgh.assignment->topic_partitions[0].partitions[1], 1);
    decode_whole(3, &a, &o);
    ck_assert_int_eq(o.cgh.error_code, 25);
    ck_assert_str_eq(o.cgh.error_message, "x");
    ck_assert_ptr_null(o.cgh.member_id);
    ck_assert_ptr_null(o.cgh.assignment);
    decode_whole(4, &a, &o);
    const moldau_consumer_group_describe_group_t *g = &o.cgd.groups[0];
    ck_assert_str_eq(g->group_state, "Stable");
    ck_assert_str_eq(g->assignor_name, "uniform");
    ck_assert_int_eq(g->authorized_operations, INT32_MIN);
    ck_assert_int_eq(g->n_members, 1);
    ck_assert_str_eq(g->members[0].client_host, "h");
    ck_assert_str_eq(g->members[0].assignment.topic_partitions[0].topic_name, "a");
    ck_assert_int_eq(g->members[0].target_assignment.n_topic_partitions, 0);
    ck_assert_int_eq(g->members[0].member_type, MOLDAU_CONSUMER_GROUP_MEMBER_TYPE_CONSUMER);
    moldau_arena_free(&a);
}
END_TEST

Suite *moldau_test_msg_consumer_suite(void)
{
    Suite *s = suite_create("msg_consumer");
    TCase *tc = tcase_create("vectors");
    tcase_add_test(tc, offset_for_leader_epoch_requests);
    tcase_add_test(tc, consumer_group_heartbeat_requests);
    tcase_add_test(tc, consumer_group_describe_requests);
    tcase_add_loop_test(tc, response_whole_and_truncated, 0,
                        (int)(sizeof(responses) / sizeof(responses[0])));
    tcase_add_test(tc, response_fields);
    suite_add_tcase(s, tc);
    return s;
}
