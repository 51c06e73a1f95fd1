/* A broker's Fetch request built from the partitions it leads: grouped by topic (names before
 * v13, ids from v13, a partition without an id left out), sizes capped by the prefetch room,
 * encodable; response topics mapped back to the partitions. */
#include <check.h>
#include <string.h>

#include "consumer/fetch_request.h"
#include "consumer/fetch_session.h"

static moldau_uuid_t id(uint8_t b)
{
    moldau_uuid_t u = {{0}};
    u.b[15] = b;
    return u;
}

START_TEST(build_and_map)
{
    moldau__cpart_t a0 = {"a", 0, id(1), 10, 3, -1}, b1 = {"b", 1, id(2), 20, -1, -1},
                    a2 = {"a", 2, id(1), 30, 3, 2}, c0 = {"c", 0, {{0}}, 40, -1, -1};
    const moldau__cpart_t *parts[] = {&a0, &b1, &a2, &c0};
    moldau__fetch_conf_t fc = {.min_bytes = 1, .max_wait_ms = 500, .max_bytes = 52428800,
                               .partition_max_bytes = 1048576, .isolation_level = 0};
    moldau_arena_t arena;
    moldau_arena_init(&arena);
    moldau_fetch_request_t req;

    /* v12: by name, every partition, sizes as configured when the room is larger */
    ck_assert_int_eq(moldau__fetch_request_build(&arena, 12, parts, 4, &fc, 1 << 30, &req), 4);
    ck_assert_int_eq(req.n_topics, 3);
    ck_assert_str_eq(req.topics[0].topic, "a");
    ck_assert_int_eq(req.topics[0].n_partitions, 2);
    ck_assert_int_eq(req.topics[0].partitions[0].partition, 0);
    ck_assert_int_eq(req.topics[0].partitions[0].fetch_offset, 10);
    ck_assert_int_eq(req.topics[0].partitions[0].current_leader_epoch, 3);
    ck_assert_int_eq(req.topics[0].partitions[1].fetch_offset, 30);
    ck_assert_int_eq(req.topics[0].partitions[1].last_fetched_epoch, 2);
    ck_assert_str_eq(req.topics[1].topic, "b");
    ck_assert_str_eq(req.topics[2].topic, "c");
    ck_assert_int_eq(req.max_bytes, 52428800);
    ck_assert_int_eq(req.topics[1].partitions[0].partition_max_bytes, 1048576);
    ck_assert_int_eq(req.max_wait_ms, 500);
    ck_assert_int_eq(req.replica_id, -1);
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 12, &req), MOLDAU_ERR_NONE);

    /* v13: by id; "c" has none yet and waits; the room caps the request's size */
    ck_assert_int_eq(moldau__fetch_request_build(&arena, 13, parts, 4, &fc, 4096, &req), 3);
    ck_assert_int_eq(req.n_topics, 2);
    ck_assert_int_eq(req.topics[0].topic_id.b[15], 1);
    ck_assert_int_eq(req.topics[1].topic_id.b[15], 2);
    ck_assert_int_eq(req.max_bytes, 4096);
    ck_assert_int_eq(req.topics[0].partitions[1].partition_max_bytes, 1048576);
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 13, &req), MOLDAU_ERR_NONE);
    moldau_buf_free(&w);

    ck_assert_int_eq(moldau__fetch_request_build(&arena, 13, parts, 0, &fc, 4096, &req), 0);

    moldau_fetch_response_topic_t by_name = {.topic = "a"}, by_id = {.topic = "", .topic_id = id(2)};
    ck_assert_ptr_eq(moldau__fetch_response_part(parts, 4, 12, &by_name, 2), &a2);
    ck_assert_ptr_null(moldau__fetch_response_part(parts, 4, 12, &by_name, 1));
    ck_assert_ptr_eq(moldau__fetch_response_part(parts, 4, 13, &by_id, 1), &b1);
    ck_assert_ptr_null(moldau__fetch_response_part(parts, 4, 13, &by_name, 0));
    moldau_arena_free(&arena);
}
END_TEST

/* KIP-227: a full request opens the session, then only changed partitions go, the left-out
 * ones as forgotten; an error resets to a full request; epochs count up. */
START_TEST(session_incremental)
{
    moldau__cpart_t a0 = {"a", 0, id(1), 10, 3, -1}, a1 = {"a", 1, id(1), 20, 3, -1},
                    b0 = {"b", 0, id(2), 30, 3, -1};
    const moldau__cpart_t *parts[] = {&a0, &a1, &b0};
    moldau__fetch_conf_t fc = {.min_bytes = 1, .max_wait_ms = 500, .max_bytes = 1 << 20,
                               .partition_max_bytes = 1 << 16};
    moldau__fetch_session_t s;
    moldau__fetch_session_init(&s);
    moldau_arena_t arena;
    moldau_arena_init(&arena);
    moldau_fetch_request_t req;
    ck_assert_int_eq(moldau__fetch_session_build(&s, &arena, 13, parts, 3, &fc, 1 << 20, &req), 3);
    ck_assert_int_eq(req.session_id, 0);
    ck_assert_int_eq(req.session_epoch, 0);
    moldau__fetch_session_answered(&s, MOLDAU_ERR_NONE, 77);
    moldau_fetch_response_topic_t rt = {.topic = "", .topic_id = id(2)};
    ck_assert_uint_eq(moldau__fetch_session_slot(&s, &rt, 0), 2);
    /* nothing changed: an empty incremental request */
    ck_assert_int_eq(moldau__fetch_session_build(&s, &arena, 13, parts, 3, &fc, 1 << 20, &req), 0);
    ck_assert_int_eq(req.session_id, 77);
    ck_assert_int_eq(req.session_epoch, 1);
    ck_assert_int_eq(req.n_forgotten_topics_data, 0);
    moldau__fetch_session_answered(&s, MOLDAU_ERR_NONE, 77);
    /* a1 moved, b0 left out */
    a1.position = 25;
    ck_assert_int_eq(moldau__fetch_session_build(&s, &arena, 13, parts, 2, &fc, 1 << 20, &req), 1);
    ck_assert_int_eq(req.session_epoch, 2);
    ck_assert_int_eq(req.topics[0].partitions[0].partition, 1);
    ck_assert_int_eq(req.topics[0].partitions[0].fetch_offset, 25);
    ck_assert_int_eq(req.n_forgotten_topics_data, 1);
    ck_assert_int_eq(req.forgotten_topics_data[0].topic_id.b[15], 2);
    ck_assert_uint_eq(moldau__fetch_session_slot(&s, &rt, 0), SIZE_MAX);
    /* a session error: full again on a new session */
    moldau__fetch_session_answered(&s, MOLDAU_ERR_FETCH_SESSION_ID_NOT_FOUND, 0);
    ck_assert_int_eq(moldau__fetch_session_build(&s, &arena, 13, parts, 3, &fc, 1 << 20, &req), 3);
    ck_assert_int_eq(req.session_id, 0);
    ck_assert_int_eq(req.session_epoch, 0);
    moldau__fetch_session_free(&s);
    moldau_arena_free(&arena);
}
END_TEST

Suite *moldau_test_fetch_request_suite(void)
{
    Suite *s = suite_create("fetch_request");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, build_and_map);
    tcase_add_test(tc, session_incremental);
    suite_add_tcase(s, tc);
    return s;
}
