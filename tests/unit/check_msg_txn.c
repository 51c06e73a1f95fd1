/* Transaction coordinator codecs (msg_txn.h): byte vectors written by hand from the JSON
 * schemas, the encoders' refusals, and every truncation of a valid response rejected. */
#include <check.h>

#include "../support/vectors_test.h"

/* ---- requests ----------------------------------------------------------------------------- */

START_TEST(add_partitions_to_txn_requests)
{
    static const int32_t parts[] = {0, 2};
    const moldau_add_partitions_to_txn_topic_t topics[] = {{"a", parts, 2}};
    moldau_add_partitions_to_txn_request_t req = {"t", 5, 1, topics, 1};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_add_partitions_to_txn_request_encode(&w, 0, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "000174 0000000000000005 0001 00000001 000161 00000002 00000000 00000002");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_add_partitions_to_txn_request_encode(&w, 3, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0274 0000000000000005 0001 02 0261 03 00000000 00000002 00 00");
    moldau_buf_reset(&w);
    /* v4+ is the brokers' batched form */
    ck_assert_int_eq(moldau_add_partitions_to_txn_request_encode(&w, 4, &req),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    req.transactional_id = NULL;
    ck_assert_int_eq(moldau_add_partitions_to_txn_request_encode(&w, 3, &req),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(add_offsets_and_end_txn_requests)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_add_offsets_to_txn_request_t ao = {"t", 5, 1, "g"};
    ck_assert_int_eq(moldau_add_offsets_to_txn_request_encode(&w, 0, &ao), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "000174 0000000000000005 0001 000167");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_add_offsets_to_txn_request_encode(&w, 4, &ao), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0274 0000000000000005 0001 0267 00");
    moldau_buf_reset(&w);
    moldau_end_txn_request_t et = {"t", 5, 1, 1};
    ck_assert_int_eq(moldau_end_txn_request_encode(&w, 2, &et), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "000174 0000000000000005 0001 01");
    moldau_buf_reset(&w);
    et.committed = 0;
    ck_assert_int_eq(moldau_end_txn_request_encode(&w, 5, &et), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0274 0000000000000005 0001 00 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_end_txn_request_encode(&w, 6, &et), MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(txn_offset_commit_requests)
{
    const moldau_txn_offset_commit_request_partition_t parts[] = {{0, 42, 7, NULL}};
    const moldau_txn_offset_commit_request_topic_t topics[] = {{"a", parts, 1}};
    moldau_txn_offset_commit_request_t req = MOLDAU_TXN_OFFSET_COMMIT_REQUEST_INIT;
    req.transactional_id = "t";
    req.group_id = "g";
    req.producer_id = 5;
    req.producer_epoch = 1;
    req.topics = topics;
    req.n_topics = 1;
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_txn_offset_commit_request_encode(&w, 0, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "000174 000167 0000000000000005 0001 00000001 000161 00000001"
                   "00000000 000000000000002a ffff");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_txn_offset_commit_request_encode(&w, 2, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "000174 000167 0000000000000005 0001 00000001 000161 00000001"
                   "00000000 000000000000002a 00000007 ffff");
    moldau_buf_reset(&w);
    req.generation_id = 3;
    req.member_id = "m";
    ck_assert_int_eq(moldau_txn_offset_commit_request_encode(&w, 5, &req), MOLDAU_ERR_NONE);
    test_expect_hex(&w, "0274 0267 0000000000000005 0001 00000003 026d 00 02 0261 02"
                   "00000000 000000000000002a 00000007 00 00 00 00");
    moldau_buf_reset(&w);
    /* Group metadata below v3 would be lost: refused, the writer left as it was. */
    ck_assert_int_eq(moldau_txn_offset_commit_request_encode(&w, 2, &req),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    req.generation_id = -1;
    ck_assert_int_eq(moldau_txn_offset_commit_request_encode(&w, 2, &req),
                     MOLDAU_ERR__INVALID_ARG);
    req.member_id = "";
    req.group_instance_id = "i";
    ck_assert_int_eq(moldau_txn_offset_commit_request_encode(&w, 1, &req),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

/* ---- responses ---------------------------------------------------------------------------- */

typedef union any_response {
    moldau_add_partitions_to_txn_response_t ap;
    moldau_add_offsets_to_txn_response_t ao;
    moldau_end_txn_response_t et;
    moldau_txn_offset_commit_response_t toc;
} any_response_t;

static moldau_err_t decode_any(int16_t key, int16_t v, moldau_reader_t *r, moldau_arena_t *a,
                               void *out)
{
    any_response_t *o = out;
    switch (key) {
    case MOLDAU_API_ADD_PARTITIONS_TO_TXN:
        return moldau_add_partitions_to_txn_response_decode(r, v, a, &o->ap);
    case MOLDAU_API_ADD_OFFSETS_TO_TXN:
        return moldau_add_offsets_to_txn_response_decode(r, v, a, &o->ao);
    case MOLDAU_API_END_TXN: return moldau_end_txn_response_decode(r, v, a, &o->et);
    case MOLDAU_API_TXN_OFFSET_COMMIT:
        return moldau_txn_offset_commit_response_decode(r, v, a, &o->toc);
    }
    ck_abort_msg("no decoder for key %d", key);
    return MOLDAU_ERR__INVALID_ARG;
}

static const test_vector_t responses[] = {
    {MOLDAU_API_ADD_PARTITIONS_TO_TXN, 0,
     "00000000 00000001 000161 00000002 00000000 0000 00000002 0030"},
    {MOLDAU_API_ADD_PARTITIONS_TO_TXN, 3,
     "00000000 02 0261 03 00000000 0000 00 00000002 0030 00 00 00"},
    {MOLDAU_API_ADD_OFFSETS_TO_TXN, 3, "00000064 0000 00"},
    {MOLDAU_API_END_TXN, 4, "00000000 0000 00"},
    /* with an unknown tag (40, one byte), which is skipped */
    {MOLDAU_API_END_TXN, 5, "00000000 0000 0000000000000006 0002 01 28 01 aa"},
    {MOLDAU_API_TXN_OFFSET_COMMIT, 0, "00000000 00000001 000161 00000001 00000000 0000"},
    {MOLDAU_API_TXN_OFFSET_COMMIT, 3, "00000000 02 0261 02 00000000 0016 00 00 00"},
};

TEST_RESPONSE_VECTORS(responses, decode_any, any_response_t)

START_TEST(response_fields)
{
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    decode_whole(1, &a, &o);
    ck_assert_int_eq(o.ap.n_results_by_topic, 1);
    ck_assert_str_eq(o.ap.results_by_topic[0].name, "a");
    ck_assert_int_eq(o.ap.results_by_topic[0].n_results_by_partition, 2);
    ck_assert_int_eq(o.ap.results_by_topic[0].results_by_partition[1].partition_index, 2);
    ck_assert_int_eq(o.ap.results_by_topic[0].results_by_partition[1].partition_error_code, 48);
    decode_whole(2, &a, &o);
    ck_assert_int_eq(o.ao.throttle_time_ms, 100);
    decode_whole(3, &a, &o); /* v4: no producer id yet, the schema's default */
    ck_assert(o.et.producer_id == -1);
    ck_assert_int_eq(o.et.producer_epoch, -1);
    decode_whole(4, &a, &o);
    ck_assert(o.et.producer_id == 6);
    ck_assert_int_eq(o.et.producer_epoch, 2);
    decode_whole(6, &a, &o);
    ck_assert_str_eq(o.toc.topics[0].name, "a");
    ck_assert_int_eq(o.toc.topics[0].partitions[0].error_code, 22);
    moldau_arena_free(&a);
}
END_TEST

Suite *moldau_test_msg_txn_suite(void)
{
    Suite *s = suite_create("msg_txn");
    TCase *tc = tcase_create("vectors");
    tcase_add_test(tc, add_partitions_to_txn_requests);
    tcase_add_test(tc, add_offsets_and_end_txn_requests);
    tcase_add_test(tc, txn_offset_commit_requests);
    tcase_add_loop_test(tc, response_whole_and_truncated, 0,
                        (int)(sizeof(responses) / sizeof(responses[0])));
    tcase_add_test(tc, response_fields);
    suite_add_tcase(s, tc);
    return s;
}
