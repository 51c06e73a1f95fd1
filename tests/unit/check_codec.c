/* The rules every message codec shares (src/protocol/codec.h), checked once per rule through
 * messages of each family, plus the helpers' own corner cases (arena exhaustion) that no
 * byte vector can reach. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"
#include "protocol/codec.h"

/* Hex to bytes; spaces are for the reader. Returns the length. */
static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    for (const char *p = hex; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned v;
        ck_assert_msg(sscanf(p, "%2x", &v) == 1, "bad hex at %s", p);
        ck_assert_uint_lt(n, cap);
        out[n++] = (uint8_t)v;
        p += 2;
    }
    return n;
}

typedef moldau_err_t (*decode_fn)(moldau_reader_t *r, int16_t version, moldau_arena_t *a,
                                  void *out);

#define DECODER(name, type)                                                                       \
    static moldau_err_t name##__any(moldau_reader_t *r, int16_t v, moldau_arena_t *a, void *out) \
    {                                                                                             \
        return name(r, v, a, (type *)out);                                                        \
    }
DECODER(moldau_join_group_response_decode, moldau_join_group_response_t)
DECODER(moldau_sync_group_response_decode, moldau_sync_group_response_t)
DECODER(moldau_find_coordinator_response_decode, moldau_find_coordinator_response_t)
DECODER(moldau_metadata_response_decode, moldau_metadata_response_t)
DECODER(moldau_describe_groups_response_decode, moldau_describe_groups_response_t)

static moldau_err_t assignment_decode__any(moldau_reader_t *r, int16_t v, moldau_arena_t *a,
                                           void *out)
{
    (void)v;
    return moldau_consumer_protocol_assignment_decode(r, a, out);
}

/* A response with a null where the schema has none, next to the same response with a value
 * there: the first is malformed, the second decodes. */
static const struct {
    const char *what;
    decode_fn decode;
    int16_t version;
    const char *with_null;
    const char *with_value;
} nulls[] = {
    {"JoinGroup v0 Leader", moldau_join_group_response_decode__any, 0,
     "0000 00000001 0001 72 ffff 0001 6d 00000000",
     "0000 00000001 0001 72 0001 6c 0001 6d 00000000"},
    {"JoinGroup v6 ProtocolName (nullable from v7)", moldau_join_group_response_decode__any, 6,
     "00000000 0000 00000001 00 02 6c 02 6d 01 00", "00000000 0000 00000001 02 72 02 6c 02 6d 01 00"},
    {"JoinGroup v0 member Metadata", moldau_join_group_response_decode__any, 0,
     "0000 00000001 0001 72 0001 6c 0001 6d 00000001 0001 6d ffffffff",
     "0000 00000001 0001 72 0001 6c 0001 6d 00000001 0001 6d 00000000"},
    {"SyncGroup v0 Assignment", moldau_sync_group_response_decode__any, 0, "0000 ffffffff",
     "0000 00000000"},
    {"FindCoordinator v0 Host", moldau_find_coordinator_response_decode__any, 0,
     "0000 00000001 ffff 00002384", "0000 00000001 0000 00002384"},
    {"ConsumerProtocolAssignment Topic", assignment_decode__any, 0,
     "0000 00000001 ffff 00000000 ffffffff", "0000 00000001 0001 74 00000000 ffffffff"},
    {"Metadata v1 broker Host", moldau_metadata_response_decode__any, 1,
     "00000001 00000001 ffff 00002384 ffff 00000001 00000000",
     "00000001 00000001 0000 00002384 ffff 00000001 00000000"},
    {"DescribeGroups v0 ClientId", moldau_describe_groups_response_decode__any, 0,
     "00000001 0000 0001 67 0000 0000 0000 00000001 0001 6d ffff 0000 00000000 00000000",
     "00000001 0000 0001 67 0000 0000 0000 00000001 0001 6d 0000 0000 00000000 00000000"},
};

START_TEST(a_null_where_the_schema_has_none_is_malformed)
{
    uint8_t buf[256] = {0};
    union {
        moldau_join_group_response_t jg;
        moldau_sync_group_response_t sg;
        moldau_find_coordinator_response_t fc;
        moldau_consumer_protocol_assignment_t ca;
        moldau_metadata_response_t md;
        moldau_describe_groups_response_t dg;
    } out;
    for (int with_value = 0; with_value <= 1; with_value++) {
        size_t n = unhex(with_value ? nulls[_i].with_value : nulls[_i].with_null, buf,
                         sizeof(buf));
        moldau_reader_t r;
        moldau_reader_init(&r, buf, n);
        moldau_arena_t a;
        moldau_arena_init(&a);
        moldau_err_t err = nulls[_i].decode(&r, nulls[_i].version, &a, &out);
        ck_assert_msg(err == (with_value ? MOLDAU_ERR_NONE : MOLDAU_ERR__BAD_MSG),
                      "%s (%s): %d", nulls[_i].what, with_value ? "value" : "null", err);
        if (with_value)
            ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
        moldau_arena_free(&a);
    }
}
END_TEST

START_TEST(an_over_long_string_is_refused_in_every_family)
{
    char *big = malloc(INT16_MAX + 2);
    ck_assert_ptr_nonnull(big);
    memset(big, 'x', INT16_MAX + 1);
    big[INT16_MAX + 1] = '\0';
    moldau_buf_t w;
    moldau_buf_init(&w);

    moldau_produce_request_topic_t topic = {.name = big};
    moldau_produce_request_t produce = {.acks = -1, .topic_data = &topic, .n_topic_data = 1};
    moldau_heartbeat_request_t hb = {.group_id = big, .member_id = "m"};
    moldau_sasl_handshake_request_t sh = {.mechanism = big};
    for (int fam = 0; fam < 3; fam++) {
        moldau_buf_reset(&w);
        moldau_buf_put(&w, "\xab\xcd", 2);
        moldau_err_t err = fam == 0   ? moldau_produce_request_encode(&w, 9, &produce)
                           : fam == 1 ? moldau_heartbeat_request_encode(&w, 4, &hb)
                                      : moldau_sasl_handshake_request_encode(&w, 1, &sh);
        ck_assert_int_eq(err, MOLDAU_ERR__INVALID_ARG);
        ck_assert_uint_eq(w.len, 2); /* nothing left behind */
        ck_assert_int_eq(w.failed, 0);
    }
    /* one byte shorter is fine */
    big[INT16_MAX] = '\0';
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_heartbeat_request_encode(&w, 0, &hb), MOLDAU_ERR_NONE);
    moldau_buf_free(&w);
    free(big);
}
END_TEST

START_TEST(a_refused_value_wins_over_a_failed_writer)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_buf_put(&w, "\xab\xcd", 2);
    w.failed = 1; /* as if an allocation had failed */
    moldau_heartbeat_request_t hb = {.group_id = NULL, .member_id = "m"};
    ck_assert_int_eq(moldau_heartbeat_request_encode(&w, 0, &hb), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 2);
    hb.group_id = "g";
    ck_assert_int_eq(moldau_heartbeat_request_encode(&w, 0, &hb), MOLDAU_ERR__NO_MEMORY);
    ck_assert_uint_eq(w.len, 2);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(an_empty_body_leaves_the_buffer_allocated)
{
    /* ApiVersions v0 (data), ListGroups v0 (admin): callers may memcpy from w.data. */
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_api_versions_request_t av = {0};
    ck_assert_int_eq(moldau_api_versions_request_encode(&w, 0, &av), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(w.len, 0);
    ck_assert_ptr_nonnull(w.data);
    moldau_buf_free(&w);
    moldau_list_groups_request_t lg = {0};
    ck_assert_int_eq(moldau_list_groups_request_encode(&w, 0, &lg), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(w.len, 0);
    ck_assert_ptr_nonnull(w.data);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(an_empty_array_decodes_as_null_count_zero)
{
    /* CreatePartitions v0 (admin), OffsetCommit v2 (group), ListOffsets v1 (data) */
    static const uint8_t empty_i32_i32[] = {0, 0, 0, 0, 0, 0, 0, 0};
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_reader_t r;
    moldau_create_partitions_response_t cp;
    moldau_reader_init(&r, empty_i32_i32, 8);
    ck_assert_int_eq(moldau_create_partitions_response_decode(&r, 0, &a, &cp), MOLDAU_ERR_NONE);
    ck_assert_int_eq(cp.n_results, 0);
    ck_assert_ptr_null(cp.results);
    moldau_offset_commit_response_t oc;
    moldau_reader_init(&r, empty_i32_i32, 4);
    ck_assert_int_eq(moldau_offset_commit_response_decode(&r, 2, &a, &oc), MOLDAU_ERR_NONE);
    ck_assert_int_eq(oc.n_topics, 0);
    ck_assert_ptr_null(oc.topics);
    moldau_list_offsets_response_t lo;
    moldau_reader_init(&r, empty_i32_i32, 4);
    ck_assert_int_eq(moldau_list_offsets_response_decode(&r, 1, &a, &lo), MOLDAU_ERR_NONE);
    ck_assert_int_eq(lo.n_topics, 0);
    ck_assert_ptr_null(lo.topics);
    moldau_arena_free(&a);
}
END_TEST

/* ---- the helpers themselves: what no valid or malformed input can reach ------------------- */

START_TEST(an_exhausted_arena_is_no_memory_not_bad_msg)
{
    static const uint8_t two[] = {0, 0, 0, 2, 1, 2};
    moldau_reader_t r;
    moldau_reader_init(&r, two, sizeof(two));
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau__dec_t d;
    ck_assert_int_eq(moldau__dec_begin(&d, &r, &a, MOLDAU_API_METADATA, 0), MOLDAU_ERR_NONE);
    int32_t n = 7;
    /* two elements of half the address space: the arena must refuse */
    ck_assert_ptr_null(moldau__dec_arr(&d, 1, SIZE_MAX / 2, &n));
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(moldau__dec_end(&d), MOLDAU_ERR__NO_MEMORY);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(a_failed_string_copy_is_told_from_bad_input)
{
    /* moldau__dec_str_failed gets the reader as it was before the string: a length the input
     * held means the copy failed; a length past the end means malformed input. */
    static const uint8_t whole[] = {0, 3, 'a', 'b', 'c'};
    static const uint8_t cut[] = {0, 5, 'a'};
    static const uint8_t compact[] = {4, 'a', 'b', 'c'};
    struct {
        const uint8_t *p;
        size_t n;
        int flex, nomem;
    } cases[] = {{whole, sizeof(whole), 0, 1}, {cut, sizeof(cut), 0, 0},
                 {compact, sizeof(compact), 1, 1}, {compact, 2, 1, 0}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        moldau_reader_t r, before;
        moldau_reader_init(&r, cases[i].p, cases[i].n);
        moldau__dec_t d;
        moldau__dec_init(&d, &r, NULL, cases[i].flex, 0);
        before = r;
        moldau__dec_str_failed(&d, &before);
        ck_assert_msg(d.nomem == cases[i].nomem, "case %zu", i);
    }
}
END_TEST

Suite *moldau_test_codec_suite(void)
{
    Suite *s = suite_create("codec");
    TCase *tc = tcase_create("rules");
    tcase_add_loop_test(tc, a_null_where_the_schema_has_none_is_malformed, 0,
                        sizeof(nulls) / sizeof(nulls[0]));
    tcase_add_test(tc, an_over_long_string_is_refused_in_every_family);
    tcase_add_test(tc, a_refused_value_wins_over_a_failed_writer);
    tcase_add_test(tc, an_empty_body_leaves_the_buffer_allocated);
    tcase_add_test(tc, an_empty_array_decodes_as_null_count_zero);
    tcase_add_test(tc, an_exhausted_arena_is_no_memory_not_bad_msg);
    tcase_add_test(tc, a_failed_string_copy_is_told_from_bad_input);
    suite_add_tcase(s, tc);
    return s;
}
