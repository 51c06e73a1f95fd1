/* The admin codecs of msg_admin_ext.h: byte vectors written by hand from the JSON schemas, the
 * encoders' refusals of values a version cannot carry, nullable fields, tagged fields skipped,
 * and every truncation of a valid response rejected. */
#include <check.h>

#include "../support/vectors_test.h"

/* Encodes with fn at version v and compares with hex. */
#define EXPECT(fn, v, req, hex)                                                                   \
    do {                                                                                          \
        moldau_buf_reset(&w);                                                                     \
        ck_assert_int_eq(fn(&w, v, req), MOLDAU_ERR_NONE);                                        \
        test_expect_hex(&w, hex);                                                                 \
    } while (0)

/* fn at version v gives err and leaves the writer empty. */
#define REFUSED(fn, v, req, err)                                                                  \
    do {                                                                                          \
        moldau_buf_reset(&w);                                                                     \
        ck_assert_int_eq(fn(&w, v, req), err);                                                    \
        ck_assert_uint_eq(w.len, 0);                                                              \
    } while (0)

/* ---- requests ----------------------------------------------------------------------------- */

START_TEST(delete_records_and_groups_requests)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    const moldau_delete_records_request_partition_t parts[] = {{0, 42}};
    const moldau_delete_records_request_topic_t topics[] = {{"a", parts, 1}};
    moldau_delete_records_request_t dr = {topics, 1, 1000};
    EXPECT(moldau_delete_records_request_encode, 0, &dr,
           "00000001 000161 00000001 00000000 000000000000002a 000003e8");
    EXPECT(moldau_delete_records_request_encode, 2, &dr,
           "02 0261 02 00000000 000000000000002a 00 00 000003e8 00");
    REFUSED(moldau_delete_records_request_encode, 3, &dr, MOLDAU_ERR__UNSUPPORTED_VERSION);

    const char *names[] = {"g"};
    moldau_delete_groups_request_t dg = {names, 1};
    EXPECT(moldau_delete_groups_request_encode, 0, &dg, "00000001 000167");
    EXPECT(moldau_delete_groups_request_encode, 2, &dg, "02 0267 00");
    dg.n_groups_names = -1; /* not nullable */
    REFUSED(moldau_delete_groups_request_encode, 2, &dg, MOLDAU_ERR__INVALID_ARG);

    const moldau_offset_delete_request_partition_t od_parts[] = {{0}};
    const moldau_offset_delete_request_topic_t od_topics[] = {{"a", od_parts, 1}};
    moldau_offset_delete_request_t od = {"g", od_topics, 1};
    EXPECT(moldau_offset_delete_request_encode, 0, &od,
           "000167 00000001 000161 00000001 00000000");
    REFUSED(moldau_offset_delete_request_encode, 1, &od, MOLDAU_ERR__UNSUPPORTED_VERSION);
    od.group_id = NULL;
    REFUSED(moldau_offset_delete_request_encode, 0, &od, MOLDAU_ERR__INVALID_ARG);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(acl_requests)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    /* TOPIC (2), any name, LITERAL (3), any principal, host "h", ALL (2), ALLOW (3) */
    moldau_acl_filter_t f = {2, NULL, 3, NULL, "h", 2, 3};
    EXPECT(moldau_describe_acls_request_encode, 1, &f, "02 ffff 03 ffff 000168 02 03");
    EXPECT(moldau_describe_acls_request_encode, 2, &f, "02 00 03 00 0268 02 03 00");
    REFUSED(moldau_describe_acls_request_encode, 0, &f, MOLDAU_ERR__UNSUPPORTED_VERSION);
    /* USER resources (KIP-554) only from v3 on */
    f.resource_type_filter = MOLDAU_ACL_RESOURCE_USER;
    REFUSED(moldau_describe_acls_request_encode, 2, &f, MOLDAU_ERR__INVALID_ARG);
    EXPECT(moldau_describe_acls_request_encode, 3, &f, "07 00 03 00 0268 02 03 00");

    moldau_delete_acls_request_t dl = {&f, 1};
    REFUSED(moldau_delete_acls_request_encode, 1, &dl, MOLDAU_ERR__INVALID_ARG);
    f.resource_type_filter = 2;
    EXPECT(moldau_delete_acls_request_encode, 2, &dl, "02 02 00 03 00 0268 02 03 00 00");
    EXPECT(moldau_delete_acls_request_encode, 1, &dl, "00000001 02 ffff 03 ffff 000168 02 03");

    moldau_create_acls_request_creation_t c = {2, "t", 3, "p", "*", 2, 3};
    moldau_create_acls_request_t ca = {&c, 1};
    EXPECT(moldau_create_acls_request_encode, 1, &ca,
           "00000001 02 000174 03 000170 00012a 02 03");
    EXPECT(moldau_create_acls_request_encode, 3, &ca, "02 02 0274 03 0270 022a 02 03 00 00");
    c.resource_name = NULL; /* not nullable in a creation */
    REFUSED(moldau_create_acls_request_encode, 3, &ca, MOLDAU_ERR__INVALID_ARG);
    c.resource_name = "t";
    c.resource_type = MOLDAU_ACL_RESOURCE_USER;
    REFUSED(moldau_create_acls_request_encode, 2, &ca, MOLDAU_ERR__INVALID_ARG);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(config_requests)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    /* value NULL: AlterConfigs resets the key to its default, IncrementalAlterConfigs DELETE */
    const moldau_alter_configs_request_config_t cfg[] = {{"k", 1, NULL}};
    const moldau_alter_configs_request_resource_t res[] = {{2, "t", cfg, 1}};
    moldau_alter_configs_request_t req = {res, 1, 1};
    /* AlterConfigs carries no operation */
    EXPECT(moldau_alter_configs_request_encode, 0, &req,
           "00000001 02 000174 00000001 00016b ffff 01");
    EXPECT(moldau_alter_configs_request_encode, 2, &req, "02 02 0274 02 026b 00 00 00 01 00");
    EXPECT(moldau_incremental_alter_configs_request_encode, 0, &req,
           "00000001 02 000174 00000001 00016b 01 ffff 01");
    EXPECT(moldau_incremental_alter_configs_request_encode, 1, &req,
           "02 02 0274 02 026b 01 00 00 00 01 00");
    REFUSED(moldau_incremental_alter_configs_request_encode, 2, &req,
            MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(log_dir_and_leader_requests)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_describe_log_dirs_request_t dld = {NULL, -1}; /* null: every topic */
    EXPECT(moldau_describe_log_dirs_request_encode, 1, &dld, "ffffffff");
    EXPECT(moldau_describe_log_dirs_request_encode, 2, &dld, "00 00");
    static const int32_t p01[] = {0, 1};
    const moldau_describe_log_dirs_request_topic_t dt[] = {{"a", p01, 2}};
    dld = (moldau_describe_log_dirs_request_t){dt, 1};
    EXPECT(moldau_describe_log_dirs_request_encode, 5, &dld,
           "02 0261 03 00000000 00000001 00 00");
    REFUSED(moldau_describe_log_dirs_request_encode, 0, &dld, MOLDAU_ERR__UNSUPPORTED_VERSION);

    moldau_elect_leaders_request_t el = {0, NULL, -1, 60000};
    EXPECT(moldau_elect_leaders_request_encode, 0, &el, "ffffffff 0000ea60");
    el.election_type = 1; /* unclean: v0 cannot ask for it */
    REFUSED(moldau_elect_leaders_request_encode, 0, &el, MOLDAU_ERR__INVALID_ARG);
    EXPECT(moldau_elect_leaders_request_encode, 1, &el, "01 ffffffff 0000ea60");
    const moldau_elect_leaders_request_topic_t et[] = {{"a", p01, 1}};
    el.topic_partitions = et;
    el.n_topic_partitions = 1;
    EXPECT(moldau_elect_leaders_request_encode, 2, &el, "01 02 0261 02 00000000 00 0000ea60 00");
    moldau_buf_free(&w);
}
END_TEST

START_TEST(reassignment_requests)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    const moldau_alter_partition_reassignments_request_partition_t cancel[] = {{0, NULL, -1}};
    const moldau_alter_partition_reassignments_request_topic_t t1[] = {{"a", cancel, 1}};
    moldau_alter_partition_reassignments_request_t apr =
        MOLDAU_ALTER_PARTITION_REASSIGNMENTS_REQUEST_INIT;
    apr.topics = t1;
    apr.n_topics = 1;
    EXPECT(moldau_alter_partition_reassignments_request_encode, 0, &apr,
           "0000ea60 02 0261 02 00000000 00 00 00 00");
    EXPECT(moldau_alter_partition_reassignments_request_encode, 1, &apr,
           "0000ea60 01 02 0261 02 00000000 00 00 00 00");
    static const int32_t replicas[] = {1, 2};
    const moldau_alter_partition_reassignments_request_partition_t move[] = {{0, replicas, 2}};
    const moldau_alter_partition_reassignments_request_topic_t t2[] = {{"a", move, 1}};
    apr.topics = t2;
    apr.allow_replication_factor_change = 0;
    REFUSED(moldau_alter_partition_reassignments_request_encode, 0, &apr,
            MOLDAU_ERR__INVALID_ARG);
    EXPECT(moldau_alter_partition_reassignments_request_encode, 1, &apr,
           "0000ea60 00 02 0261 02 00000000 03 00000001 00000002 00 00 00");

    moldau_list_partition_reassignments_request_t lpr = {1000, NULL, -1};
    EXPECT(moldau_list_partition_reassignments_request_encode, 0, &lpr, "000003e8 00 00");
    const moldau_list_partition_reassignments_request_topic_t lt[] = {{"a", replicas, 1}};
    lpr.topics = lt;
    lpr.n_topics = 1;
    EXPECT(moldau_list_partition_reassignments_request_encode, 0, &lpr,
           "000003e8 02 0261 02 00000001 00 00");
    REFUSED(moldau_list_partition_reassignments_request_encode, 1, &lpr,
            MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_buf_free(&w);
}
END_TEST

/* ---- responses ---------------------------------------------------------------------------- */

typedef union any_response {
    moldau_delete_records_response_t dr;
    moldau_describe_acls_response_t da;
    moldau_create_acls_response_t ca;
    moldau_delete_acls_response_t dla;
    moldau_alter_configs_response_t ac;
    moldau_describe_log_dirs_response_t dld;
    moldau_delete_groups_response_t dg;
    moldau_elect_leaders_response_t el;
    moldau_alter_partition_reassignments_response_t apr;
    moldau_list_partition_reassignments_response_t lpr;
    moldau_offset_delete_response_t od;
} any_response_t;

static moldau_err_t decode_any(int16_t key, int16_t v, moldau_reader_t *r, moldau_arena_t *a,
                               void *out)
{
    any_response_t *o = out;
    switch (key) {
    case MOLDAU_API_DELETE_RECORDS: return moldau_delete_records_response_decode(r, v, a, &o->dr);
    case MOLDAU_API_DESCRIBE_ACLS: return moldau_describe_acls_response_decode(r, v, a, &o->da);
    case MOLDAU_API_CREATE_ACLS: return moldau_create_acls_response_decode(r, v, a, &o->ca);
    case MOLDAU_API_DELETE_ACLS: return moldau_delete_acls_response_decode(r, v, a, &o->dla);
    case MOLDAU_API_ALTER_CONFIGS: return moldau_alter_configs_response_decode(r, v, a, &o->ac);
    case MOLDAU_API_INCREMENTAL_ALTER_CONFIGS:
        return moldau_incremental_alter_configs_response_decode(r, v, a, &o->ac);
    case MOLDAU_API_DESCRIBE_LOG_DIRS:
        return moldau_describe_log_dirs_response_decode(r, v, a, &o->dld);
    case MOLDAU_API_DELETE_GROUPS: return moldau_delete_groups_response_decode(r, v, a, &o->dg);
    case MOLDAU_API_ELECT_LEADERS: return moldau_elect_leaders_response_decode(r, v, a, &o->el);
    case MOLDAU_API_ALTER_PARTITION_REASSIGNMENTS:
        return moldau_alter_partition_reassignments_response_decode(r, v, a, &o->apr);
    case MOLDAU_API_LIST_PARTITION_REASSIGNMENTS:
        return moldau_list_partition_reassignments_response_decode(r, v, a, &o->lpr);
    case MOLDAU_API_OFFSET_DELETE: return moldau_offset_delete_response_decode(r, v, a, &o->od);
    }
    ck_abort_msg("no decoder for key %d", key);
    return MOLDAU_ERR__INVALID_ARG;
}

static const test_vector_t responses[] = {
    /* 0 */ {MOLDAU_API_DELETE_RECORDS, 0,
             "00000000 00000001 000161 00000001 00000000 0000000000000005 0000"},
    /* 1 */ {MOLDAU_API_DELETE_RECORDS, 2,
             "00000000 02 0261 02 00000000 0000000000000005 0000 00 00 00"},
    /* 2 */ {MOLDAU_API_DESCRIBE_ACLS, 1,
             "00000000 0000 ffff 00000001 02 000174 03 00000001 000170 00012a 02 03"},
    /* 3: no resources, then an unknown tag (40, one byte), which is skipped */
    {MOLDAU_API_DESCRIBE_ACLS, 2, "00000000 0000 00 01 01 28 01 aa"},
    /* 4 */ {MOLDAU_API_CREATE_ACLS, 1, "00000000 00000001 001e 000178"},
    /* 5 */ {MOLDAU_API_CREATE_ACLS, 2, "00000000 02 0000 00 00 00"},
    /* 6 */ {MOLDAU_API_DELETE_ACLS, 1,
             "00000000 00000001 0000 ffff 00000001 0000 ffff 02 000174 03 000170 00012a 02 03"},
    /* 7 */ {MOLDAU_API_DELETE_ACLS, 3,
             "00000000 02 0000 00 02 0000 00 07 0275 03 0270 022a 02 03 00 00 00"},
    /* 8 */ {MOLDAU_API_ALTER_CONFIGS, 0, "00000000 00000001 0000 ffff 02 000174"},
    /* 9 */ {MOLDAU_API_ALTER_CONFIGS, 2, "00000000 02 0000 00 02 0274 00 00"},
    /* 10 */ {MOLDAU_API_INCREMENTAL_ALTER_CONFIGS, 1, "00000000 02 0029 0278 02 0274 00 00"},
    /* 11 */ {MOLDAU_API_DESCRIBE_LOG_DIRS, 1,
              "00000000 00000001 0000 0004 2f6c6f67 00000001 000161 00000001"
              "00000000 0000000000000064 0000000000000000 00"},
    /* 12 */ {MOLDAU_API_DESCRIBE_LOG_DIRS, 4,
              "00000000 0000 02 0000 05 2f6c6f67 01 0000000000001000 0000000000000800 00 00"},
    /* 13 */ {MOLDAU_API_DESCRIBE_LOG_DIRS, 5,
              "00000000 0000 02 0000 05 2f6c6f67 01 0000000000001000 0000000000000800 01 00 00"},
    /* 14 */ {MOLDAU_API_DELETE_GROUPS, 0, "00000000 00000001 000167 0045"},
    /* 15 */ {MOLDAU_API_DELETE_GROUPS, 2, "00000000 02 0267 0000 00 00"},
    /* 16 */ {MOLDAU_API_ELECT_LEADERS, 0,
              "00000000 00000001 000161 00000001 00000000 0000 ffff"},
    /* 17 */ {MOLDAU_API_ELECT_LEADERS, 2,
              "00000000 0000 02 0261 02 00000000 0054 0278 00 00 00"},
    /* 18 */ {MOLDAU_API_ALTER_PARTITION_REASSIGNMENTS, 0,
              "00000000 0000 00 02 0261 02 00000000 0000 00 00 00 00"},
    /* 19 */ {MOLDAU_API_ALTER_PARTITION_REASSIGNMENTS, 1, "00000000 00 0000 00 01 00"},
    /* 20 */ {MOLDAU_API_LIST_PARTITION_REASSIGNMENTS, 0,
              "00000000 0000 00 02 0261 02 00000000 03 00000001 00000002 02 00000002"
              "02 00000001 00 00 00"},
    /* 21 */ {MOLDAU_API_OFFSET_DELETE, 0,
              "0000 00000000 00000001 000161 00000001 00000000 0056"},
};

TEST_RESPONSE_VECTORS(responses, decode_any, any_response_t)

START_TEST(response_fields)
{
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    decode_whole(0, &a, &o);
    ck_assert_str_eq(o.dr.topics[0].name, "a");
    ck_assert(o.dr.topics[0].partitions[0].low_watermark == 5);
    decode_whole(2, &a, &o);
    ck_assert_ptr_null(o.da.error_message);
    ck_assert_int_eq(o.da.resources[0].pattern_type, 3);
    ck_assert_str_eq(o.da.resources[0].acls[0].host, "*");
    decode_whole(3, &a, &o);
    ck_assert_int_eq(o.da.n_resources, 0);
    decode_whole(4, &a, &o);
    ck_assert_int_eq(o.ca.results[0].error_code, 30);
    ck_assert_str_eq(o.ca.results[0].error_message, "x");
    decode_whole(7, &a, &o);
    ck_assert_int_eq(o.dla.filter_results[0].matching_acls[0].resource_type, 7);
    ck_assert_str_eq(o.dla.filter_results[0].matching_acls[0].resource_name, "u");
    decode_whole(10, &a, &o);
    ck_assert_int_eq(o.ac.responses[0].error_code, 41);
    ck_assert_str_eq(o.ac.responses[0].resource_name, "t");
    decode_whole(11, &a, &o); /* v1: no top-level error, no sizes: the schema's defaults */
    ck_assert_str_eq(o.dld.results[0].log_dir, "/log");
    ck_assert(o.dld.results[0].topics[0].partitions[0].partition_size == 100);
    ck_assert(o.dld.results[0].total_bytes == -1);
    ck_assert(o.dld.results[0].usable_bytes == -1);
    ck_assert_int_eq(o.dld.results[0].is_cordoned, 0);
    decode_whole(12, &a, &o);
    ck_assert(o.dld.results[0].total_bytes == 4096);
    ck_assert(o.dld.results[0].usable_bytes == 2048);
    ck_assert_int_eq(o.dld.results[0].is_cordoned, 0);
    decode_whole(13, &a, &o);
    ck_assert_int_eq(o.dld.results[0].is_cordoned, 1);
    decode_whole(14, &a, &o);
    ck_assert_int_eq(o.dg.results[0].error_code, 69);
    decode_whole(17, &a, &o);
    ck_assert_int_eq(o.el.replica_election_results[0].partition_result[0].error_code, 84);
    ck_assert_str_eq(o.el.replica_election_results[0].partition_result[0].error_message, "x");
    decode_whole(18, &a, &o); /* v0: the broker always allowed it */
    ck_assert_int_eq(o.apr.allow_replication_factor_change, 1);
    decode_whole(19, &a, &o);
    ck_assert_int_eq(o.apr.allow_replication_factor_change, 0);
    decode_whole(20, &a, &o);
    ck_assert_int_eq(o.lpr.topics[0].partitions[0].n_replicas, 2);
    ck_assert_int_eq(o.lpr.topics[0].partitions[0].adding_replicas[0], 2);
    ck_assert_int_eq(o.lpr.topics[0].partitions[0].removing_replicas[0], 1);
    decode_whole(21, &a, &o);
    ck_assert_int_eq(o.od.topics[0].partitions[0].error_code, 86);
    moldau_arena_free(&a);
}
END_TEST

/* Nulls where the schema has none are malformed. */
START_TEST(response_nulls_refused)
{
    static const test_vector_t bad[] = {
        {MOLDAU_API_DELETE_GROUPS, 0, "00000000 00000001 ffff 0000"},     /* GroupId */
        {MOLDAU_API_DESCRIBE_LOG_DIRS, 1, "00000000 ffffffff"},           /* Results */
        {MOLDAU_API_DESCRIBE_ACLS, 2, "00000000 0000 00 02 02 00 03 01 00 00"}, /* ResourceName */
        {MOLDAU_API_OFFSET_DELETE, 0, "0000 00000000 00000001 ffff 00000000"}, /* Name */
    };
    any_response_t o;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        test_decode_refused(decode_any, &bad[i], &o);
}
END_TEST

Suite *moldau_test_msg_admin_a_suite(void)
{
    Suite *s = suite_create("msg_admin_a");
    TCase *tc = tcase_create("vectors");
    tcase_add_test(tc, delete_records_and_groups_requests);
    tcase_add_test(tc, acl_requests);
    tcase_add_test(tc, config_requests);
    tcase_add_test(tc, log_dir_and_leader_requests);
    tcase_add_test(tc, reassignment_requests);
    tcase_add_loop_test(tc, response_whole_and_truncated, 0,
                        (int)(sizeof(responses) / sizeof(responses[0])));
    tcase_add_test(tc, response_fields);
    tcase_add_test(tc, response_nulls_refused);
    suite_add_tcase(s, tc);
    return s;
}
