/* Consumer-group codecs: hand-written byte vectors (the layouts read off the JSON schemas),
 * the encoders' refusals, the consumer protocol payloads as librdkafka and Java write them,
 * and every truncation of a valid response being rejected. */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"

/* ---- helpers ------------------------------------------------------------------------------ */

/* Hex digits, spaces ignored, into out; returns the byte count. */
static size_t from_hex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;
    for (const char *p = hex; *p; p++) {
        if (isspace((unsigned char)*p))
            continue;
        int v = isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10;
        if (hi < 0) {
            hi = v;
        } else {
            ck_assert_uint_lt(n, cap);
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    ck_assert_int_eq(hi, -1);
    return n;
}

static void expect_hex(const moldau_buf_t *w, size_t from, const char *hex)
{
    uint8_t want[1024];
    size_t n = from_hex(hex, want, sizeof(want));
    ck_assert_int_eq(w->failed, 0);
    ck_assert_uint_eq(w->len - from, n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(w->data[from + i] == want[i], "byte %zu: got %02x want %02x", i,
                      w->data[from + i], want[i]);
}

static int bytes_eq(moldau_bytes_t b, const char *hex)
{
    uint8_t want[256];
    size_t n = from_hex(hex, want, sizeof(want));
    return b.len == (int32_t)n && (n == 0 || memcmp(b.data, want, n) == 0);
}

/* ---- response vectors: decoded whole, and every prefix rejected --------------------------- */

typedef union any_response {
    moldau_find_coordinator_response_t fc;
    moldau_join_group_response_t jg;
    moldau_sync_group_response_t sg;
    moldau_heartbeat_response_t hb;
    moldau_leave_group_response_t lg;
    moldau_offset_commit_response_t oc;
    moldau_offset_fetch_response_t of;
    moldau_consumer_protocol_subscription_t sub;
    moldau_consumer_protocol_assignment_t asg;
} any_response_t;

#define KEY_SUBSCRIPTION (-1)
#define KEY_ASSIGNMENT (-2)

static moldau_err_t decode_any(int16_t key, int16_t v, moldau_reader_t *r, moldau_arena_t *a,
                               any_response_t *o)
{
    switch (key) {
    case MOLDAU_API_FIND_COORDINATOR: return moldau_find_coordinator_response_decode(r, v, a, &o->fc);
    case MOLDAU_API_JOIN_GROUP: return moldau_join_group_response_decode(r, v, a, &o->jg);
    case MOLDAU_API_SYNC_GROUP: return moldau_sync_group_response_decode(r, v, a, &o->sg);
    case MOLDAU_API_HEARTBEAT: return moldau_heartbeat_response_decode(r, v, a, &o->hb);
    case MOLDAU_API_LEAVE_GROUP: return moldau_leave_group_response_decode(r, v, a, &o->lg);
    case MOLDAU_API_OFFSET_COMMIT: return moldau_offset_commit_response_decode(r, v, a, &o->oc);
    case MOLDAU_API_OFFSET_FETCH: return moldau_offset_fetch_response_decode(r, v, a, &o->of);
    case KEY_SUBSCRIPTION: return moldau_consumer_protocol_subscription_decode(r, a, &o->sub);
    case KEY_ASSIGNMENT: return moldau_consumer_protocol_assignment_decode(r, a, &o->asg);
    }
    ck_abort_msg("no decoder for key %d", key);
    return MOLDAU_ERR__INVALID_ARG;
}

static const struct {
    int16_t key, version;
    const char *hex;
} responses[] = {
    {MOLDAU_API_FIND_COORDINATOR, 0, "0000 00000001 000168 00002384"},
    {MOLDAU_API_FIND_COORDINATOR, 2, "00000000 000f ffff ffffffff 0000 ffffffff"},
    {MOLDAU_API_FIND_COORDINATOR, 4,
     "00000000 03 0267 00000001 0268 00002384 0000 00 00"
     "03 7478 00000002 03 6832 00002385 000f 02 78 00 00"},
    {MOLDAU_API_JOIN_GROUP, 0, "0000 00000001 0005 72616e6765 0000 0000 00000000"},
    {MOLDAU_API_JOIN_GROUP, 5,
     "00000064 0000 00000007 0005 72616e6765 0003 6d2d31 0003 6d2d31 00000002"
     "0003 6d2d31 0003 692d31 00000002 abcd"
     "0003 6d2d32 ffff 00000000"},
    {MOLDAU_API_JOIN_GROUP, 9,
     "00000000 0000 00000003 09 636f6e73756d6572 06 72616e6765 02 6d 01 02 6d"
     "02 02 6d 00 03 abcd 00 00"},
    {MOLDAU_API_SYNC_GROUP, 0, "0000 00000002 0000"},
    {MOLDAU_API_SYNC_GROUP, 5, "00000000 0000 09 636f6e73756d6572 06 72616e6765 04 000102 00"},
    {MOLDAU_API_HEARTBEAT, 0, "001b"},
    {MOLDAU_API_HEARTBEAT, 4, "00000000 0000 00"},
    {MOLDAU_API_LEAVE_GROUP, 3, "00000000 0000 00000001 00016d 000169 0000"},
    {MOLDAU_API_LEAVE_GROUP, 4, "00000000 0000 02 026d 00 0019 00 00"},
    {MOLDAU_API_OFFSET_COMMIT, 2, "00000001 000174 00000002 00000000 0000 00000001 0003"},
    {MOLDAU_API_OFFSET_COMMIT, 8, "00000000 02 0274 02 00000000 0000 00 00 00"},
    {MOLDAU_API_OFFSET_FETCH, 1, "00000001 000174 00000001 00000000 000000000000002a 0000 0000"},
    {MOLDAU_API_OFFSET_FETCH, 7,
     "00000000 02 0274 02 00000000 000000000000002a 00000005 00 0000 00 00 0000 00"},
    {MOLDAU_API_OFFSET_FETCH, 8,
     "00000000 02 0267 02 0274 02 00000000 000000000000002a 00000005 026d 0000 00 00 0010 00 00"},
    /* v10: the topic by id (KIP-848) */
    {MOLDAU_API_OFFSET_FETCH, 10,
     "00000000 02 0267 02 ab0000000000000000000000000000cd 02 00000000 000000000000002a"
     " 00000005 026d 0000 00 00 0000 00 00"},
    {KEY_SUBSCRIPTION, 0, "0000 00000002 000161 00026262 00000000"},
    {KEY_SUBSCRIPTION, 3,
     "0003 00000001 000161 ffffffff 00000001 000161 00000002 00000000 00000001 00000005"
     "0004 72616b31"},
    {KEY_ASSIGNMENT, 0, "0000 00000001 000161 00000001 00000003 00000002 beef"},
    /* (find_hex takes the first vector of a version, so these come last.) Arrays whose elements are as small as the version allows: the count bound must let
     * them through. */
    {MOLDAU_API_JOIN_GROUP, 1, "0000 00000001 0000 0000 0000 00000001 0000 00000000"},
    {MOLDAU_API_OFFSET_FETCH, 1, "00000001 0000 00000001 00000000 0000000000000000 0000 0000"},
    {KEY_SUBSCRIPTION, 1, "0001 00000000 ffffffff 00000001 0000 00000000"},
};

START_TEST(response_whole_and_truncated)
{
    uint8_t buf[512];
    size_t n = from_hex(responses[_i].hex, buf, sizeof(buf));
    int16_t key = responses[_i].key, v = responses[_i].version;
    for (size_t len = 0; len <= n; len++) {
        /* A copy of exactly len bytes, so ASan sees any read past the end. */
        uint8_t *copy = malloc(len ? len : 1);
        memcpy(copy, buf, len);
        moldau_reader_t r;
        moldau_reader_init(&r, copy, len);
        moldau_arena_t a;
        moldau_arena_init(&a);
        any_response_t out;
        moldau_err_t err = decode_any(key, v, &r, &a, &out);
        if (len == n) {
            ck_assert_msg(err == MOLDAU_ERR_NONE, "key %d v%d: %d", key, v, err);
            ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
        } else {
            ck_assert_msg(err == MOLDAU_ERR__BAD_MSG, "key %d v%d: prefix %zu of %zu accepted",
                          key, v, len, n);
        }
        moldau_arena_free(&a);
        free(copy);
    }
}
END_TEST

static moldau_err_t decode_hex(int16_t key, int16_t v, const char *hex, uint8_t *buf,
                               moldau_arena_t *a, any_response_t *out)
{
    size_t n = from_hex(hex, buf, 512);
    moldau_reader_t r;
    moldau_reader_init(&r, buf, n);
    moldau_err_t err = decode_any(key, v, &r, a, out);
    ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
    return err;
}

static const char *find_hex(int16_t key, int16_t v)
{
    for (size_t i = 0; i < sizeof(responses) / sizeof(responses[0]); i++)
        if (responses[i].key == key && responses[i].version == v)
            return responses[i].hex;
    ck_abort_msg("no vector");
    return NULL;
}

START_TEST(join_group_v5_response_fields)
{
    uint8_t buf[512];
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    ck_assert_int_eq(decode_hex(MOLDAU_API_JOIN_GROUP, 5, find_hex(MOLDAU_API_JOIN_GROUP, 5),
                                buf, &a, &o),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(o.jg.throttle_time_ms, 100);
    ck_assert_int_eq(o.jg.error_code, 0);
    ck_assert_int_eq(o.jg.generation_id, 7);
    ck_assert_ptr_null(o.jg.protocol_type); /* v7+ only */
    ck_assert_str_eq(o.jg.protocol_name, "range");
    ck_assert_str_eq(o.jg.leader, "m-1");
    ck_assert_str_eq(o.jg.member_id, "m-1");
    ck_assert_int_eq(o.jg.skip_assignment, 0);
    ck_assert_int_eq(o.jg.n_members, 2);
    ck_assert_str_eq(o.jg.members[0].member_id, "m-1");
    ck_assert_str_eq(o.jg.members[0].group_instance_id, "i-1");
    ck_assert(bytes_eq(o.jg.members[0].metadata, "abcd"));
    ck_assert_str_eq(o.jg.members[1].member_id, "m-2");
    ck_assert_ptr_null(o.jg.members[1].group_instance_id);
    ck_assert(bytes_eq(o.jg.members[1].metadata, ""));
    ck_assert_ptr_nonnull(o.jg.members[1].metadata.data); /* empty, not null */
    moldau_arena_free(&a);
}
END_TEST

START_TEST(join_group_v9_response_fields)
{
    uint8_t buf[512];
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    ck_assert_int_eq(decode_hex(MOLDAU_API_JOIN_GROUP, 9, find_hex(MOLDAU_API_JOIN_GROUP, 9),
                                buf, &a, &o),
                     MOLDAU_ERR_NONE);
    ck_assert_str_eq(o.jg.protocol_type, "consumer");
    ck_assert_str_eq(o.jg.protocol_name, "range");
    ck_assert_int_eq(o.jg.skip_assignment, 1);
    ck_assert_int_eq(o.jg.n_members, 1);
    ck_assert_ptr_null(o.jg.members[0].group_instance_id);
    ck_assert(bytes_eq(o.jg.members[0].metadata, "abcd"));
    moldau_arena_free(&a);
}
END_TEST

START_TEST(find_coordinator_both_shapes)
{
    uint8_t buf[512];
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    int16_t k = MOLDAU_API_FIND_COORDINATOR;
    ck_assert_int_eq(decode_hex(k, 0, find_hex(k, 0), buf, &a, &o), MOLDAU_ERR_NONE);
    ck_assert_int_eq(o.fc.node_id, 1);
    ck_assert_str_eq(o.fc.host, "h");
    ck_assert_int_eq(o.fc.port, 9092);
    ck_assert_int_eq(o.fc.n_coordinators, 0);
    ck_assert_int_eq(decode_hex(k, 2, find_hex(k, 2), buf, &a, &o), MOLDAU_ERR_NONE);
    ck_assert_int_eq(o.fc.error_code, MOLDAU_ERR_COORDINATOR_NOT_AVAILABLE);
    ck_assert_ptr_null(o.fc.error_message);
    ck_assert_int_eq(o.fc.node_id, -1);
    ck_assert_int_eq(decode_hex(k, 4, find_hex(k, 4), buf, &a, &o), MOLDAU_ERR_NONE);
    ck_assert_ptr_null(o.fc.host);
    ck_assert_int_eq(o.fc.n_coordinators, 2);
    ck_assert_str_eq(o.fc.coordinators[0].key, "g");
    ck_assert_int_eq(o.fc.coordinators[0].port, 9092);
    ck_assert_ptr_null(o.fc.coordinators[0].error_message);
    ck_assert_str_eq(o.fc.coordinators[1].key, "tx");
    ck_assert_str_eq(o.fc.coordinators[1].host, "h2");
    ck_assert_int_eq(o.fc.coordinators[1].error_code, 15);
    ck_assert_str_eq(o.fc.coordinators[1].error_message, "x");
    moldau_arena_free(&a);
}
END_TEST

START_TEST(offset_fetch_response_shapes)
{
    uint8_t buf[512];
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    int16_t k = MOLDAU_API_OFFSET_FETCH;
    ck_assert_int_eq(decode_hex(k, 1, find_hex(k, 1), buf, &a, &o), MOLDAU_ERR_NONE);
    ck_assert_int_eq(o.of.n_topics, 1);
    ck_assert_int_eq(o.of.topics[0].partitions[0].committed_offset, 42);
    ck_assert_int_eq(o.of.topics[0].partitions[0].committed_leader_epoch, -1); /* default */
    ck_assert_str_eq(o.of.topics[0].partitions[0].metadata, "");
    ck_assert_int_eq(o.of.error_code, 0);
    ck_assert_int_eq(o.of.n_groups, 0);
    ck_assert_int_eq(decode_hex(k, 7, find_hex(k, 7), buf, &a, &o), MOLDAU_ERR_NONE);
    ck_assert_int_eq(o.of.topics[0].partitions[0].committed_leader_epoch, 5);
    ck_assert_ptr_null(o.of.topics[0].partitions[0].metadata);
    ck_assert_int_eq(decode_hex(k, 8, find_hex(k, 8), buf, &a, &o), MOLDAU_ERR_NONE);
    ck_assert_int_eq(o.of.n_topics, 0);
    ck_assert_int_eq(o.of.n_groups, 1);
    ck_assert_str_eq(o.of.groups[0].group_id, "g");
    ck_assert_int_eq(o.of.groups[0].error_code, 16);
    ck_assert_str_eq(o.of.groups[0].topics[0].name, "t");
    ck_assert_str_eq(o.of.groups[0].topics[0].partitions[0].metadata, "m");
    ck_assert_int_eq(o.of.groups[0].topics[0].partitions[0].committed_leader_epoch, 5);
    ck_assert_int_eq(decode_hex(k, 10, find_hex(k, 10), buf, &a, &o), MOLDAU_ERR_NONE);
    ck_assert_ptr_null(o.of.groups[0].topics[0].name);
    ck_assert_int_eq(o.of.groups[0].topics[0].topic_id.b[0], 0xab);
    ck_assert_int_eq(o.of.groups[0].topics[0].topic_id.b[15], 0xcd);
    ck_assert_int_eq(o.of.groups[0].topics[0].partitions[0].committed_offset, 42);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(null_non_nullable_array_is_malformed)
{
    /* OffsetCommit v2 response with a null Topics array. */
    static const uint8_t b[] = {0xff, 0xff, 0xff, 0xff};
    moldau_reader_t r;
    moldau_reader_init(&r, b, sizeof(b));
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_offset_commit_response_t o;
    ck_assert_int_eq(moldau_offset_commit_response_decode(&r, 2, &a, &o), MOLDAU_ERR__BAD_MSG);
    moldau_arena_free(&a);
}
END_TEST

/* ---- requests ----------------------------------------------------------------------------- */

START_TEST(offset_fetch_v8_request)
{
    static const int32_t parts[] = {0, 1};
    const moldau_offset_fetch_request_topic_t topics[] = {
        {.name = "t", .partition_indexes = parts, .n_partition_indexes = 2}};
    const moldau_offset_fetch_request_group_t groups[] = {
        {"g1", NULL, -1, topics, 1},
        {"g2", NULL, -1, NULL, -1}, /* all topics */
    };
    moldau_offset_fetch_request_t req = {.groups = groups, .n_groups = 2, .require_stable = 1};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_offset_fetch_request_encode(&w, 8, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0,
               "03 036731 02 0274 03 00000000 00000001 00 00"
               "036732 00 00"
               "01 00");
    /* v9 adds the member id and epoch per group. */
    moldau_buf_reset(&w);
    const moldau_offset_fetch_request_group_t g9[] = {{"g", "m", 5, NULL, -1}};
    req.groups = g9;
    req.n_groups = 1;
    req.require_stable = 0;
    ck_assert_int_eq(moldau_offset_fetch_request_encode(&w, 9, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "02 0267 026d 00000005 00 00 00 00");
    /* v10 names the topics by id; the name is not sent */
    const moldau_offset_fetch_request_topic_t t10[] = {
        {.partition_indexes = parts, .n_partition_indexes = 1, .topic_id = {{0xab, [15] = 0xcd}}}};
    const moldau_offset_fetch_request_group_t g10[] = {{"g", "m", 5, t10, 1}};
    req.groups = g10;
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_offset_fetch_request_encode(&w, 10, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "02 0267 026d 00000005 02 ab0000000000000000000000000000cd 02 00000000 00"
                      " 00 00 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_offset_fetch_request_encode(&w, 11, &req),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(offset_fetch_single_group_requests)
{
    static const int32_t parts[] = {3};
    const moldau_offset_fetch_request_topic_t topics[] = {
        {.name = "t", .partition_indexes = parts, .n_partition_indexes = 1}};
    moldau_offset_fetch_request_t req = {.group_id = "g", .topics = topics, .n_topics = 1};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_offset_fetch_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "000167 00000001 000174 00000001 00000003");
    moldau_buf_reset(&w);
    req.n_topics = -1; /* all topics: v2+ only */
    ck_assert_int_eq(moldau_offset_fetch_request_encode(&w, 1, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    ck_assert_int_eq(moldau_offset_fetch_request_encode(&w, 2, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "000167 ffffffff");
    moldau_buf_reset(&w);
    req.require_stable = 1;
    ck_assert_int_eq(moldau_offset_fetch_request_encode(&w, 6, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_offset_fetch_request_encode(&w, 7, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "0267 00 01 00");
    moldau_buf_reset(&w);
    /* The single-group shape cannot be sent at v8. */
    ck_assert_int_eq(moldau_offset_fetch_request_encode(&w, 8, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(join_group_requests)
{
    static const uint8_t meta[] = {0xab, 0xcd};
    const moldau_join_group_request_protocol_t protos[] = {{"range", {meta, 2}}};
    moldau_join_group_request_t req = {
        .group_id = "g", .session_timeout_ms = 10000, .rebalance_timeout_ms = 60000,
        .member_id = "", .group_instance_id = "i", .protocol_type = "consumer",
        .protocols = protos, .n_protocols = 1, .reason = "r"};
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_w_i32(&w, 0x11223344); /* something already in the buffer survives a refusal */
    ck_assert_int_eq(moldau_join_group_request_encode(&w, 5, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 4,
               "000167 00002710 0000ea60 0000 000169 0008 636f6e73756d6572"
               "00000001 0005 72616e6765 00000002 abcd");
    w.len = 4;
    ck_assert_int_eq(moldau_join_group_request_encode(&w, 4, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 4);
    ck_assert_int_eq(w.data[0], 0x11);
    ck_assert_int_eq(moldau_join_group_request_encode(&w, 8, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 4,
               "0267 00002710 0000ea60 01 0269 09 636f6e73756d6572"
               "02 06 72616e6765 03 abcd 00 0272 00");
    w.len = 4;
    req.group_instance_id = NULL;
    ck_assert_int_eq(moldau_join_group_request_encode(&w, 0, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 4, "000167 00002710 0000 0008 636f6e73756d6572 00000001 0005 72616e6765"
                      "00000002 abcd");
    w.len = 4;
    req.member_id = NULL; /* non-nullable */
    ck_assert_int_eq(moldau_join_group_request_encode(&w, 0, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 4);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(find_coordinator_requests)
{
    const char *keys[] = {"g", "h"};
    moldau_find_coordinator_request_t req = {.key = "g"};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_find_coordinator_request_encode(&w, 0, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "000167");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_find_coordinator_request_encode(&w, 3, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "0267 00 00");
    moldau_buf_reset(&w);
    req.key_type = MOLDAU_COORDINATOR_KEY_TRANSACTION;
    ck_assert_int_eq(moldau_find_coordinator_request_encode(&w, 0, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_find_coordinator_request_encode(&w, 4, &req), MOLDAU_ERR__INVALID_ARG);
    req.key = NULL;
    req.key_type = 0;
    req.coordinator_keys = keys;
    req.n_coordinator_keys = 2;
    ck_assert_int_eq(moldau_find_coordinator_request_encode(&w, 2, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    ck_assert_int_eq(moldau_find_coordinator_request_encode(&w, 6, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "00 03 0267 0268 00");
    moldau_buf_free(&w);
}
END_TEST

START_TEST(offset_commit_requests)
{
    const moldau_offset_commit_request_partition_t parts[] = {{0, 42, 7, NULL}};
    const moldau_offset_commit_request_topic_t topics[] = {
        {.name = "t", .partitions = parts, .n_partitions = 1, .topic_id = {{0xab, [15] = 0xcd}}}};
    moldau_offset_commit_request_t req = {
        .group_id = "g", .generation_id_or_member_epoch = 1, .member_id = "m",
        .retention_time_ms = -1, .topics = topics, .n_topics = 1};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_offset_commit_request_encode(&w, 2, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "000167 00000001 00016d ffffffffffffffff 00000001 000174 00000001"
                      "00000000 000000000000002a ffff");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_offset_commit_request_encode(&w, 6, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "000167 00000001 00016d 00000001 000174 00000001"
                      "00000000 000000000000002a 00000007 ffff");
    moldau_buf_reset(&w);
    req.group_instance_id = "i";
    ck_assert_int_eq(moldau_offset_commit_request_encode(&w, 6, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_offset_commit_request_encode(&w, 8, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "0267 00000001 026d 0269 02 0274 02 00000000 000000000000002a 00000007"
                      "00 00 00 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_offset_commit_request_encode(&w, 1, &req),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    /* v10: the topic by id, in the name's place (KIP-848) */
    ck_assert_int_eq(moldau_offset_commit_request_encode(&w, 10, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "0267 00000001 026d 0269 02 ab0000000000000000000000000000cd 02 00000000"
                      "000000000000002a 00000007 00 00 00 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_offset_commit_request_encode(&w, 11, &req),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(leave_sync_heartbeat_requests)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_leave_group_request_t lg = {.group_id = "g", .member_id = "m"};
    ck_assert_int_eq(moldau_leave_group_request_encode(&w, 0, &lg), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "000167 00016d");
    moldau_buf_reset(&w);
    const moldau_leave_group_request_member_t members[] = {{"m", "i", "bye"}, {"n", NULL, NULL}};
    lg = (moldau_leave_group_request_t){.group_id = "g", .members = members, .n_members = 2};
    ck_assert_int_eq(moldau_leave_group_request_encode(&w, 2, &lg), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_leave_group_request_encode(&w, 3, &lg), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "000167 00000002 00016d 000169 00016e ffff");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_leave_group_request_encode(&w, 5, &lg), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "0267 03 026d 0269 04627965 00 026e 00 00 00 00");
    moldau_buf_reset(&w);

    static const uint8_t asg[] = {0, 0};
    const moldau_sync_group_request_assignment_t as[] = {{"m", {asg, 2}}};
    moldau_sync_group_request_t sg = {.group_id = "g", .generation_id = 3, .member_id = "m",
                                      .protocol_type = "consumer", .protocol_name = "range",
                                      .assignments = as, .n_assignments = 1};
    ck_assert_int_eq(moldau_sync_group_request_encode(&w, 0, &sg), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "000167 00000003 00016d 00000001 00016d 00000002 0000");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_sync_group_request_encode(&w, 5, &sg), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "0267 00000003 026d 00 09636f6e73756d6572 0672616e6765"
                      "02 026d 03 0000 00 00");
    moldau_buf_reset(&w);
    sg.group_instance_id = "i";
    ck_assert_int_eq(moldau_sync_group_request_encode(&w, 2, &sg), MOLDAU_ERR__INVALID_ARG);

    moldau_heartbeat_request_t hb = {.group_id = "g", .generation_id = 1, .member_id = "m",
                                     .group_instance_id = "i"};
    ck_assert_int_eq(moldau_heartbeat_request_encode(&w, 2, &hb), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_heartbeat_request_encode(&w, 4, &hb), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "0267 00000001 026d 0269 00");
    moldau_buf_free(&w);
}
END_TEST

START_TEST(unsupported_versions)
{
    moldau_reader_t r;
    moldau_reader_init(&r, "", 0);
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_offset_fetch_response_t of;
    moldau_join_group_response_t jg;
    moldau_heartbeat_response_t hb;
    ck_assert_int_eq(moldau_offset_fetch_response_decode(&r, 0, &a, &of),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    ck_assert_int_eq(moldau_join_group_response_decode(&r, 10, &a, &jg),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    ck_assert_int_eq(moldau_heartbeat_response_decode(&r, -1, &a, &hb),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_consumer_protocol_subscription_t s = {0};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_consumer_protocol_subscription_encode(&w, 4, &s),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
    moldau_arena_free(&a);
}
END_TEST

/* ---- consumer protocol payloads ----------------------------------------------------------- */

START_TEST(subscription_v0_as_librdkafka_writes_it)
{
    /* librdkafka writes empty (not null) UserData when its assignor has none, because Kafka
     * 0.9 brokers could not parse null bytes. */
    uint8_t buf[512];
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    const char *hex = find_hex(KEY_SUBSCRIPTION, 0);
    ck_assert_int_eq(decode_hex(KEY_SUBSCRIPTION, 0, hex, buf, &a, &o), MOLDAU_ERR_NONE);
    ck_assert_int_eq(o.sub.version, 0);
    ck_assert_int_eq(o.sub.n_topics, 2);
    ck_assert_str_eq(o.sub.topics[0], "a");
    ck_assert_str_eq(o.sub.topics[1], "bb");
    ck_assert_int_eq(o.sub.user_data.len, 0);
    ck_assert_int_eq(o.sub.n_owned_partitions, 0);
    ck_assert_int_eq(o.sub.generation_id, -1);
    ck_assert_ptr_null(o.sub.rack_id);
    /* and moldau writes the same bytes back */
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_consumer_protocol_subscription_encode(&w, 0, &o.sub), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, hex);
    moldau_buf_free(&w);
    moldau_arena_free(&a);
}
END_TEST

/* Payloads as other clients write them (recorded from the Java client 3.9's ConsumerProtocol,
 * kafka-python 2.0 and librdkafka 2.x's layout). moldau must read each and, from what it
 * read, write the very same bytes, so those clients read moldau's as their own. */
static const struct {
    int16_t key, version;
    const char *hex;
} foreign_payloads[] = {
    /* Java: topics [a, bb], user data {9}, owned a:[0,2], generation 12, rack "r1" */
    {KEY_SUBSCRIPTION, 0, "0000 00000002 000161 00026262 00000001 09"},
    {KEY_SUBSCRIPTION, 1, "0001 00000002 000161 00026262 00000001 09 00000001 000161 00000002"
                          "00000000 00000002"},
    {KEY_SUBSCRIPTION, 2, "0002 00000002 000161 00026262 00000001 09 00000001 000161 00000002"
                          "00000000 00000002 0000000c"},
    {KEY_SUBSCRIPTION, 3, "0003 00000002 000161 00026262 00000001 09 00000001 000161 00000002"
                          "00000000 00000002 0000000c 00027231"},
    /* Java: topics [a] and nothing else (null user data, generation -1, no rack) */
    {KEY_SUBSCRIPTION, 0, "0000 00000001 000161 ffffffff"},
    {KEY_SUBSCRIPTION, 3, "0003 00000001 000161 ffffffff 00000000 ffffffff ffff"},
    /* kafka-python: empty user data */
    {KEY_SUBSCRIPTION, 0, "0000 00000002 000161 00026262 00000000"},
    /* librdkafka 2.x: v3, empty user data, no owned partitions, generation -1, no rack */
    {KEY_SUBSCRIPTION, 3, "0003 00000001 000161 00000000 00000000 ffffffff ffff"},
    /* Java: a:[3], b:[0], null user data */
    {KEY_ASSIGNMENT, 0, "0000 00000002 000161 00000001 00000003 000162 00000001 00000000 ffffffff"},
    {KEY_ASSIGNMENT, 3, "0003 00000002 000161 00000001 00000003 000162 00000001 00000000 ffffffff"},
    /* kafka-python: a:[3,1], empty user data */
    {KEY_ASSIGNMENT, 0, "0000 00000001 000161 00000002 00000003 00000001 00000000"},
};

START_TEST(foreign_payloads_both_ways)
{
    uint8_t buf[512];
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t o;
    int16_t key = foreign_payloads[_i].key;
    const char *hex = foreign_payloads[_i].hex;
    ck_assert_int_eq(decode_hex(key, 0, hex, buf, &a, &o), MOLDAU_ERR_NONE);
    moldau_buf_t w;
    moldau_buf_init(&w);
    if (key == KEY_SUBSCRIPTION) {
        ck_assert_int_eq(o.sub.version, foreign_payloads[_i].version);
        ck_assert_int_eq(moldau_consumer_protocol_subscription_encode(&w, o.sub.version, &o.sub),
                         MOLDAU_ERR_NONE);
    } else {
        ck_assert_int_eq(o.asg.version, foreign_payloads[_i].version);
        ck_assert_int_eq(moldau_consumer_protocol_assignment_encode(&w, o.asg.version, &o.asg),
                         MOLDAU_ERR_NONE);
    }
    expect_hex(&w, 0, hex);
    moldau_buf_free(&w);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(subscription_v1_with_empty_owned_partitions)
{
    /* librdkafka 1.4+ (cooperative-capable) sends v1 with an empty OwnedPartitions array. */
    uint8_t buf[64];
    size_t n = from_hex("0001 00000001 000161 00000000 00000000", buf, sizeof(buf));
    moldau_reader_t r;
    moldau_reader_init(&r, buf, n);
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_consumer_protocol_subscription_t s;
    ck_assert_int_eq(moldau_consumer_protocol_subscription_decode(&r, &a, &s), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
    ck_assert_int_eq(s.version, 1);
    ck_assert_int_eq(s.n_owned_partitions, 0);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(subscription_round_trip_every_version)
{
    static const int32_t p[] = {0, 2};
    const char *topics[] = {"a", "b"};
    const moldau_consumer_protocol_topic_partition_t owned[] = {{"a", p, 2}};
    static const uint8_t ud[] = {9};
    moldau_consumer_protocol_subscription_t in = {
        .topics = topics, .n_topics = 2, .user_data = {ud, 1}, .owned_partitions = owned,
        .n_owned_partitions = 1, .generation_id = 12, .rack_id = "r1"};
    for (int16_t v = 0; v <= 3; v++) {
        moldau_buf_t w;
        moldau_buf_init(&w);
        ck_assert_int_eq(moldau_consumer_protocol_subscription_encode(&w, v, &in),
                         MOLDAU_ERR_NONE);
        moldau_reader_t r;
        moldau_reader_init(&r, w.data, w.len);
        moldau_arena_t a;
        moldau_arena_init(&a);
        moldau_consumer_protocol_subscription_t out;
        ck_assert_int_eq(moldau_consumer_protocol_subscription_decode(&r, &a, &out),
                         MOLDAU_ERR_NONE);
        ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
        ck_assert_int_eq(out.version, v);
        ck_assert_int_eq(out.n_topics, 2);
        ck_assert_str_eq(out.topics[1], "b");
        ck_assert(bytes_eq(out.user_data, "09"));
        ck_assert_int_eq(out.n_owned_partitions, v >= 1 ? 1 : 0);
        if (v >= 1) {
            ck_assert_str_eq(out.owned_partitions[0].topic, "a");
            ck_assert_int_eq(out.owned_partitions[0].n_partitions, 2);
            ck_assert_int_eq(out.owned_partitions[0].partitions[1], 2);
        }
        ck_assert_int_eq(out.generation_id, v >= 2 ? 12 : -1);
        if (v >= 3)
            ck_assert_str_eq(out.rack_id, "r1");
        else
            ck_assert_ptr_null(out.rack_id);
        moldau_arena_free(&a);
        moldau_buf_free(&w);
    }
}
END_TEST

START_TEST(payload_newer_version_read_leniently)
{
    /* A v7 subscription from a future client: v3 layout, then fields we do not know. */
    uint8_t buf[128];
    size_t n = from_hex("0007 00000001 000161 ffffffff 00000000 00000009 ffff  0102030405", buf,
                        sizeof(buf));
    moldau_reader_t r;
    moldau_reader_init(&r, buf, n);
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_consumer_protocol_subscription_t s;
    ck_assert_int_eq(moldau_consumer_protocol_subscription_decode(&r, &a, &s), MOLDAU_ERR_NONE);
    ck_assert_int_eq(s.version, 7);
    ck_assert_int_eq(s.user_data.len, -1);
    ck_assert_int_eq(s.generation_id, 9);
    ck_assert_ptr_null(s.rack_id);
    ck_assert_uint_eq(moldau_reader_remaining(&r), 5); /* left for the caller to ignore */

    moldau_consumer_protocol_assignment_t as;
    n = from_hex("0004 00000000 ffffffff 00", buf, sizeof(buf));
    moldau_reader_init(&r, buf, n);
    ck_assert_int_eq(moldau_consumer_protocol_assignment_decode(&r, &a, &as), MOLDAU_ERR_NONE);
    ck_assert_int_eq(as.version, 4);
    ck_assert_int_eq(as.n_assigned_partitions, 0);

    /* A negative version is no version at all. */
    n = from_hex("ffff 00000000 ffffffff", buf, sizeof(buf));
    moldau_reader_init(&r, buf, n);
    ck_assert_int_eq(moldau_consumer_protocol_assignment_decode(&r, &a, &as), MOLDAU_ERR__BAD_MSG);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(assignment_round_trip)
{
    static const int32_t p0[] = {3, 1}, p1[] = {0};
    const moldau_consumer_protocol_topic_partition_t tps[] = {{"a", p0, 2}, {"b", p1, 1}};
    moldau_consumer_protocol_assignment_t in = {.assigned_partitions = tps,
                                                .n_assigned_partitions = 2,
                                                .user_data = MOLDAU_BYTES_NULL};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_consumer_protocol_assignment_encode(&w, 3, &in), MOLDAU_ERR_NONE);
    expect_hex(&w, 0, "0003 00000002 000161 00000002 00000003 00000001 000162 00000001 00000000"
                      "ffffffff");
    moldau_reader_t r;
    moldau_reader_init(&r, w.data, w.len);
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_consumer_protocol_assignment_t out;
    ck_assert_int_eq(moldau_consumer_protocol_assignment_decode(&r, &a, &out), MOLDAU_ERR_NONE);
    ck_assert_int_eq(out.version, 3);
    ck_assert_int_eq(out.n_assigned_partitions, 2);
    ck_assert_str_eq(out.assigned_partitions[1].topic, "b");
    ck_assert_int_eq(out.assigned_partitions[0].partitions[0], 3);
    ck_assert_int_eq(out.user_data.len, -1);
    moldau_arena_free(&a);
    /* a NULL topic name is refused and nothing is left behind */
    moldau_buf_reset(&w);
    const moldau_consumer_protocol_topic_partition_t bad[] = {{NULL, p1, 1}};
    in.assigned_partitions = bad;
    in.n_assigned_partitions = 1;
    ck_assert_int_eq(moldau_consumer_protocol_assignment_encode(&w, 0, &in),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

Suite *moldau_test_msg_group_suite(void)
{
    Suite *s = suite_create("msg_group");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, response_whole_and_truncated, 0,
                        sizeof(responses) / sizeof(responses[0]));
    tcase_add_test(tc, join_group_v5_response_fields);
    tcase_add_test(tc, join_group_v9_response_fields);
    tcase_add_test(tc, find_coordinator_both_shapes);
    tcase_add_test(tc, offset_fetch_response_shapes);
    tcase_add_test(tc, null_non_nullable_array_is_malformed);
    tcase_add_test(tc, offset_fetch_v8_request);
    tcase_add_test(tc, offset_fetch_single_group_requests);
    tcase_add_test(tc, join_group_requests);
    tcase_add_test(tc, find_coordinator_requests);
    tcase_add_test(tc, offset_commit_requests);
    tcase_add_test(tc, leave_sync_heartbeat_requests);
    tcase_add_test(tc, unsupported_versions);
    tcase_add_test(tc, subscription_v0_as_librdkafka_writes_it);
    tcase_add_loop_test(tc, foreign_payloads_both_ways, 0,
                        sizeof(foreign_payloads) / sizeof(foreign_payloads[0]));
    tcase_add_test(tc, subscription_v1_with_empty_owned_partitions);
    tcase_add_test(tc, subscription_round_trip_every_version);
    tcase_add_test(tc, payload_newer_version_read_leniently);
    tcase_add_test(tc, assignment_round_trip);
    suite_add_tcase(s, tc);
    return s;
}
