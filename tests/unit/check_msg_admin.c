/* Admin, group-listing and SASL codecs (msg_admin.h) against byte vectors written by hand from
 * the JSON schemas. Vectors use a small notation: hex digits, spaces ignored, 'text' for ASCII.
 * Every response vector is also cut at every length: each cut must be rejected, never crash. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    while (*s) {
        if (*s == ' ') {
            s++;
        } else if (*s == '\'') {
            for (s++; *s && *s != '\''; s++) {
                ck_assert_uint_lt(n, cap);
                out[n++] = (uint8_t)*s;
            }
            ck_assert(*s == '\'');
            s++;
        } else {
            unsigned v;
            ck_assert_int_eq(sscanf(s, "%2x", &v), 1);
            ck_assert_uint_lt(n, cap);
            out[n++] = (uint8_t)v;
            s += 2;
        }
    }
    return n;
}

static void expect_encoded(const moldau_buf_t *w, const char *vec)
{
    uint8_t want[512];
    size_t n = unhex(vec, want, sizeof(want));
    ck_assert_uint_eq(w->len, n);
    ck_assert_mem_eq(w->data, want, n);
}

typedef moldau_err_t (*decode_fn)(moldau_reader_t *, int16_t, moldau_arena_t *, void *);

#define DECODER(fn, T)                                                                            \
    static moldau_err_t fn##__any(moldau_reader_t *r, int16_t v, moldau_arena_t *a, void *out)  \
    {                                                                                             \
        return fn(r, v, a, (T *)out);                                                             \
    }
DECODER(moldau_init_producer_id_response_decode, moldau_init_producer_id_response_t)
DECODER(moldau_create_topics_response_decode, moldau_create_topics_response_t)
DECODER(moldau_delete_topics_response_decode, moldau_delete_topics_response_t)
DECODER(moldau_create_partitions_response_decode, moldau_create_partitions_response_t)
DECODER(moldau_describe_groups_response_decode, moldau_describe_groups_response_t)
DECODER(moldau_list_groups_response_decode, moldau_list_groups_response_t)
DECODER(moldau_describe_configs_response_decode, moldau_describe_configs_response_t)
DECODER(moldau_sasl_handshake_response_decode, moldau_sasl_handshake_response_t)
DECODER(moldau_sasl_authenticate_response_decode, moldau_sasl_authenticate_response_t)

typedef union any_response {
    moldau_init_producer_id_response_t ipi;
    moldau_create_topics_response_t ct;
    moldau_delete_topics_response_t dt;
    moldau_create_partitions_response_t cp;
    moldau_describe_groups_response_t dg;
    moldau_list_groups_response_t lg;
    moldau_describe_configs_response_t dc;
    moldau_sasl_handshake_response_t sh;
    moldau_sasl_authenticate_response_t sa;
} any_response_t;

typedef struct response_vec {
    decode_fn decode;
    int16_t version;
    const char *hex;
} response_vec_t;

#define UUID_HEX "0102030405060708090a0b0c0d0e0f10"

/* Each vector is a complete, valid response body. */
static const response_vec_t responses[] = {
#define V_IPI_V4 0
    {moldau_init_producer_id_response_decode__any, 4,
     "00000064 0000 0000000000001234 0005 00"},
#define V_IPI_V0 1
    {moldau_init_producer_id_response_decode__any, 0,
     "00000000 002f ffffffffffffffff ffff"},
#define V_CT_V7 2
    /* one topic with its id, no error, 3 partitions, RF 1, one config; a tagged
     * TopicConfigErrorCode of 0x0028 */
    {moldau_create_topics_response_decode__any, 7,
     "00000000 02 02't' " UUID_HEX " 0000 00 00000003 0001"
     " 02 0f'cleanup.policy' 08'compact' 00 05 00 00"
     " 01 00 02 0028 00"},
#define V_CT_V5 3
    /* an error with a message and null configs */
    {moldau_create_topics_response_decode__any, 5,
     "00000007 02 03'ab' 0024 07'exists' ffffffff ffff 00 00 00"},
#define V_CT_V2 4
    {moldau_create_topics_response_decode__any, 2, "00000000 00000001 0001'x' 0000 ffff"},
#define V_DT_V6 5
    /* deleted by id: null name */
    {moldau_delete_topics_response_decode__any, 6,
     "00000000 02 00 " UUID_HEX " 0003 05'gone' 00 00"},
#define V_DT_V1 6
    {moldau_delete_topics_response_decode__any, 1, "00000000 00000001 0001't' 0000"},
#define V_CP_V3 7
    {moldau_create_partitions_response_decode__any, 3,
     "00000000 03 02'a' 0000 00 00 02'b' 0025 04'bad' 00 00"},
#define V_CP_V0 8
    {moldau_create_partitions_response_decode__any, 0, "00000000 00000001 0001'a' 0000 ffff"},
#define V_DG_V5 9
    {moldau_describe_groups_response_decode__any, 5,
     "00000000 02 0000 02'g' 07'Stable' 09'consumer' 06'range'"
     " 02 03'm1' 03'i1' 03'c1' 0b'/127.0.0.1' 03 0001 02 aa 00"
     " 00000008 00 00"},
#define V_DG_V0 10
    {moldau_describe_groups_response_decode__any, 0,
     "00000001 0000 0001'g' 0005'Empty' 0000 0000 00000001 0002'm1' 0002'c1' 0001'h'"
     " 00000000 00000001 ab"},
#define V_LG_V5 11
    {moldau_list_groups_response_decode__any, 5,
     "00000000 0000 02 02'g' 09'consumer' 07'Stable' 08'classic' 00 00"},
#define V_LG_V3 12
    {moldau_list_groups_response_decode__any, 3, "00000000 0000 02 02'g' 01 00 00"},
#define V_LG_V0 13
    {moldau_list_groups_response_decode__any, 0, "0000 00000001 0001'g' 0000"},
#define V_DC_V4 14
    /* a topic config with one synonym, its type and documentation */
    {moldau_describe_configs_response_decode__any, 4,
     "00000000 02 0000 00 02 02't' 02 0d'retention.ms' 0a'604800000' 00 05 00"
     " 02 0d'retention.ms' 0a'604800000' 05 00 05 05'docs' 00 00 00"},
#define V_DC_V1 15
    {moldau_describe_configs_response_decode__any, 1,
     "00000000 00000001 0000 ffff 04 0001'1' 00000001 0001'k' ffff 01 04 01 00000000"},
#define V_SH_V1 16
    {moldau_sasl_handshake_response_decode__any, 1,
     "0000 00000002 0005'PLAIN' 000d'SCRAM-SHA-256'"},
#define V_SA_V2 17
    {moldau_sasl_authenticate_response_decode__any, 2, "0000 00 03 6869 0000000000036ee8 00"},
#define V_SA_V0 18
    {moldau_sasl_authenticate_response_decode__any, 0, "003a 0004'nope' 00000000"},
#define V_SA_V1 19
    {moldau_sasl_authenticate_response_decode__any, 1, "0000 ffff 00000001 00 0000000000000064"},
#define V_DG_V6 20
    /* v6 (KIP-1043): an unknown group is GROUP_ID_NOT_FOUND (69), with a message */
    {moldau_describe_groups_response_decode__any, 6,
     "00000000 02 0045 05'gone' 02'g' 01 01 01 01 80000000 00 00"},
};
#define N_RESPONSES ((int)(sizeof(responses) / sizeof(responses[0])))

/* Decodes vector i into out (arena a); the whole input must be consumed. */
static void decode_vec(int i, moldau_arena_t *a, any_response_t *out, uint8_t *buf, size_t cap)
{
    size_t n = unhex(responses[i].hex, buf, cap);
    moldau_reader_t r;
    moldau_reader_init(&r, buf, n);
    memset(out, 0xa5, sizeof(*out)); /* the decoder must set every field */
    ck_assert_int_eq(responses[i].decode(&r, responses[i].version, a, out), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
}

START_TEST(every_vector_decodes_whole)
{
    uint8_t buf[512];
    any_response_t out;
    moldau_arena_t a;
    moldau_arena_init(&a);
    decode_vec(_i, &a, &out, buf, sizeof(buf));
    moldau_arena_free(&a);
}
END_TEST

START_TEST(every_truncation_is_rejected)
{
    uint8_t buf[512];
    size_t n = unhex(responses[_i].hex, buf, sizeof(buf));
    for (size_t cut = 0; cut < n; cut++) {
        /* a copy of exactly `cut` bytes, so ASan sees any read past the end */
        uint8_t *p = malloc(cut ? cut : 1);
        ck_assert_ptr_nonnull(p);
        memcpy(p, buf, cut);
        moldau_reader_t r;
        moldau_reader_init(&r, p, cut);
        moldau_arena_t a;
        moldau_arena_init(&a);
        any_response_t out;
        ck_assert_msg(responses[_i].decode(&r, responses[_i].version, &a, &out) ==
                          MOLDAU_ERR__BAD_MSG,
                      "vector %d accepted at %zu of %zu bytes", _i, cut, n);
        moldau_arena_free(&a);
        free(p);
    }
}
END_TEST

static const uint8_t uuid_bytes[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

START_TEST(init_producer_id_response_fields)
{
    uint8_t buf[512];
    any_response_t out;
    moldau_arena_t a;
    moldau_arena_init(&a);
    decode_vec(V_IPI_V4, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.ipi.throttle_time_ms, 100);
    ck_assert_int_eq(out.ipi.error_code, 0);
    ck_assert(out.ipi.producer_id == 0x1234);
    ck_assert_int_eq(out.ipi.producer_epoch, 5);
    decode_vec(V_IPI_V0, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.ipi.error_code, 47);
    ck_assert(out.ipi.producer_id == -1);
    ck_assert_int_eq(out.ipi.producer_epoch, -1);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(create_topics_response_fields)
{
    uint8_t buf[512];
    any_response_t out;
    moldau_arena_t a;
    moldau_arena_init(&a);
    decode_vec(V_CT_V7, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.ct.n_topics, 1);
    const moldau_create_topics_response_topic_t *t = &out.ct.topics[0];
    ck_assert_str_eq(t->name, "t");
    ck_assert_mem_eq(t->topic_id.b, uuid_bytes, 16);
    ck_assert_ptr_null(t->error_message);
    ck_assert_int_eq(t->topic_config_error_code, 0x28);
    ck_assert_int_eq(t->num_partitions, 3);
    ck_assert_int_eq(t->replication_factor, 1);
    ck_assert_int_eq(t->n_configs, 1);
    ck_assert_str_eq(t->configs[0].name, "cleanup.policy");
    ck_assert_str_eq(t->configs[0].value, "compact");
    ck_assert_int_eq(t->configs[0].read_only, 0);
    ck_assert_int_eq(t->configs[0].config_source, 5);
    ck_assert_int_eq(t->configs[0].is_sensitive, 0);

    decode_vec(V_CT_V5, &a, &out, buf, sizeof(buf));
    t = &out.ct.topics[0];
    ck_assert_int_eq(out.ct.throttle_time_ms, 7);
    ck_assert_str_eq(t->error_message, "exists");
    ck_assert_int_eq(t->error_code, 36);
    ck_assert_int_eq(t->n_configs, -1);
    ck_assert_int_eq(t->topic_config_error_code, 0);

    /* before v5: the schema's defaults */
    decode_vec(V_CT_V2, &a, &out, buf, sizeof(buf));
    t = &out.ct.topics[0];
    ck_assert_str_eq(t->name, "x");
    ck_assert_ptr_null(t->error_message);
    ck_assert_int_eq(t->num_partitions, -1);
    ck_assert_int_eq(t->replication_factor, -1);
    ck_assert_int_eq(t->n_configs, 0);
    static const uint8_t zero[16];
    ck_assert_mem_eq(t->topic_id.b, zero, 16);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(delete_and_create_partitions_response_fields)
{
    uint8_t buf[512];
    any_response_t out;
    moldau_arena_t a;
    moldau_arena_init(&a);
    decode_vec(V_DT_V6, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.dt.n_responses, 1);
    ck_assert_ptr_null(out.dt.responses[0].name);
    ck_assert_mem_eq(out.dt.responses[0].topic_id.b, uuid_bytes, 16);
    ck_assert_int_eq(out.dt.responses[0].error_code, 3);
    ck_assert_str_eq(out.dt.responses[0].error_message, "gone");
    decode_vec(V_DT_V1, &a, &out, buf, sizeof(buf));
    ck_assert_str_eq(out.dt.responses[0].name, "t");
    ck_assert_ptr_null(out.dt.responses[0].error_message);

    decode_vec(V_CP_V3, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.cp.n_results, 2);
    ck_assert_str_eq(out.cp.results[0].name, "a");
    ck_assert_ptr_null(out.cp.results[0].error_message);
    ck_assert_str_eq(out.cp.results[1].name, "b");
    ck_assert_int_eq(out.cp.results[1].error_code, 37);
    ck_assert_str_eq(out.cp.results[1].error_message, "bad");
    moldau_arena_free(&a);
}
END_TEST

START_TEST(group_response_fields)
{
    uint8_t buf[512];
    any_response_t out;
    moldau_arena_t a;
    moldau_arena_init(&a);
    decode_vec(V_DG_V5, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.dg.n_groups, 1);
    const moldau_describe_groups_response_group_t *g = &out.dg.groups[0];
    ck_assert_str_eq(g->group_state, "Stable");
    ck_assert_str_eq(g->protocol_type, "consumer");
    ck_assert_str_eq(g->protocol_data, "range");
    ck_assert_int_eq(g->authorized_operations, 8);
    ck_assert_int_eq(g->n_members, 1);
    ck_assert_str_eq(g->members[0].group_instance_id, "i1");
    ck_assert_str_eq(g->members[0].client_host, "/127.0.0.1");
    ck_assert_int_eq(g->members[0].member_metadata.len, 2);
    ck_assert_int_eq(g->members[0].member_metadata.data[1], 1);
    ck_assert_int_eq(g->members[0].member_assignment.len, 1);
    ck_assert_int_eq(g->members[0].member_assignment.data[0], 0xaa);

    decode_vec(V_DG_V0, &a, &out, buf, sizeof(buf));
    g = &out.dg.groups[0];
    ck_assert_int_eq(out.dg.throttle_time_ms, 0);
    ck_assert_str_eq(g->protocol_type, "");
    ck_assert_int_eq(g->authorized_operations, INT32_MIN);
    ck_assert_ptr_null(g->members[0].group_instance_id);
    ck_assert_int_eq(g->members[0].member_metadata.len, 0);
    ck_assert_int_eq(g->members[0].member_assignment.len, 1);
    ck_assert_int_eq(g->members[0].member_assignment.data[0], 0xab);
    ck_assert_ptr_null(g->error_message);

    decode_vec(V_DG_V6, &a, &out, buf, sizeof(buf));
    g = &out.dg.groups[0];
    ck_assert_int_eq(g->error_code, MOLDAU_ERR_GROUP_ID_NOT_FOUND);
    ck_assert_str_eq(g->error_message, "gone");
    ck_assert_str_eq(g->group_id, "g");
    ck_assert_str_eq(g->group_state, "");
    ck_assert_int_eq(g->n_members, 0);

    decode_vec(V_LG_V5, &a, &out, buf, sizeof(buf));
    ck_assert_str_eq(out.lg.groups[0].group_state, "Stable");
    ck_assert_str_eq(out.lg.groups[0].group_type, "classic");
    decode_vec(V_LG_V3, &a, &out, buf, sizeof(buf));
    ck_assert_str_eq(out.lg.groups[0].protocol_type, "");
    ck_assert_str_eq(out.lg.groups[0].group_state, "");
    ck_assert_str_eq(out.lg.groups[0].group_type, "");
    decode_vec(V_LG_V0, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.lg.throttle_time_ms, 0);
    ck_assert_str_eq(out.lg.groups[0].group_id, "g");
    moldau_arena_free(&a);
}
END_TEST

START_TEST(configs_and_sasl_response_fields)
{
    uint8_t buf[512];
    any_response_t out;
    moldau_arena_t a;
    moldau_arena_init(&a);
    decode_vec(V_DC_V4, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.dc.n_results, 1);
    const moldau_describe_configs_response_result_t *res = &out.dc.results[0];
    ck_assert_ptr_null(res->error_message);
    ck_assert_int_eq(res->resource_type, 2);
    ck_assert_str_eq(res->resource_name, "t");
    ck_assert_int_eq(res->n_configs, 1);
    const moldau_describe_configs_response_config_t *c = &res->configs[0];
    ck_assert_str_eq(c->name, "retention.ms");
    ck_assert_str_eq(c->value, "604800000");
    ck_assert_int_eq(c->config_source, 5);
    ck_assert_int_eq(c->n_synonyms, 1);
    ck_assert_str_eq(c->synonyms[0].name, "retention.ms");
    ck_assert_int_eq(c->synonyms[0].source, 5);
    ck_assert_int_eq(c->config_type, 5);
    ck_assert_str_eq(c->documentation, "docs");

    decode_vec(V_DC_V1, &a, &out, buf, sizeof(buf));
    c = &out.dc.results[0].configs[0];
    ck_assert_str_eq(out.dc.results[0].resource_name, "1");
    ck_assert_ptr_null(c->value);
    ck_assert_int_eq(c->read_only, 1);
    ck_assert_int_eq(c->config_source, 4);
    ck_assert_int_eq(c->is_sensitive, 1);
    ck_assert_int_eq(c->n_synonyms, 0);
    ck_assert_int_eq(c->config_type, 0);
    ck_assert_str_eq(c->documentation, "");

    decode_vec(V_SH_V1, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.sh.n_mechanisms, 2);
    ck_assert_str_eq(out.sh.mechanisms[0], "PLAIN");
    ck_assert_str_eq(out.sh.mechanisms[1], "SCRAM-SHA-256");

    decode_vec(V_SA_V2, &a, &out, buf, sizeof(buf));
    ck_assert_ptr_null(out.sa.error_message);
    ck_assert_int_eq(out.sa.auth_bytes.len, 2);
    ck_assert_mem_eq(out.sa.auth_bytes.data, "hi", 2);
    ck_assert(out.sa.session_lifetime_ms == 225000);
    decode_vec(V_SA_V0, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.sa.error_code, 58);
    ck_assert_str_eq(out.sa.error_message, "nope");
    ck_assert_int_eq(out.sa.auth_bytes.len, 0);
    ck_assert(out.sa.session_lifetime_ms == 0);
    decode_vec(V_SA_V1, &a, &out, buf, sizeof(buf));
    ck_assert_int_eq(out.sa.auth_bytes.len, 1);
    ck_assert(out.sa.session_lifetime_ms == 100);
    moldau_arena_free(&a);
}
END_TEST

/* Inputs a broker must never send: each is rejected as malformed. */
static const response_vec_t malformed[] = {
    /* null GroupId */
    {moldau_list_groups_response_decode__any, 5,
     "00000000 0000 02 00 09'consumer' 07'Stable' 08'classic' 00 00"},
    /* null topic name before v6 */
    {moldau_delete_topics_response_decode__any, 5, "00000000 02 00 0000 00 00 00"},
    /* an array count far beyond the input */
    {moldau_create_topics_response_decode__any, 2, "00000000 7fffffff"},
    {moldau_describe_configs_response_decode__any, 4, "00000000 ffffffff0f"},
    /* a negative count other than -1 */
    {moldau_create_partitions_response_decode__any, 0, "00000000 fffffffe"},
    /* null AuthBytes */
    {moldau_sasl_authenticate_response_decode__any, 0, "0000 ffff ffffffff"},
    /* null Mechanisms */
    {moldau_sasl_handshake_response_decode__any, 1, "0000 ffffffff"},
    /* null Members */
    {moldau_describe_groups_response_decode__any, 5,
     "00000000 02 0000 02'g' 01 01 01 00 00000000 00 00"},
    /* tags out of order */
    {moldau_init_producer_id_response_decode__any, 3,
     "00000000 0000 0000000000000001 0001 02 01 00 00 00"},
    /* a TopicConfigErrorCode shorter than an int16 */
    {moldau_create_topics_response_decode__any, 7,
     "00000000 02 02't' " UUID_HEX " 0000 00 00000003 0001 01 01 00 01 28 00"},
};

START_TEST(malformed_is_rejected)
{
    uint8_t buf[512];
    size_t n = unhex(malformed[_i].hex, buf, sizeof(buf));
    moldau_reader_t r;
    moldau_reader_init(&r, buf, n);
    moldau_arena_t a;
    moldau_arena_init(&a);
    any_response_t out;
    ck_assert_int_eq(malformed[_i].decode(&r, malformed[_i].version, &a, &out),
                     MOLDAU_ERR__BAD_MSG);
    moldau_arena_free(&a);
}
END_TEST

START_TEST(unknown_tags_are_skipped)
{
    /* topic tags: 0 (TopicConfigErrorCode) then an unknown tag 5; an unknown top-level tag 9 */
    uint8_t buf[512];
    size_t n = unhex("00000000 02 02't' " UUID_HEX " 0000 00 00000003 0001 01"
                     " 02 00 02 0011 05 03 aabbcc 01 09 01 ff",
                     buf, sizeof(buf));
    moldau_reader_t r;
    moldau_reader_init(&r, buf, n);
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_create_topics_response_t out;
    ck_assert_int_eq(moldau_create_topics_response_decode(&r, 7, &a, &out), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
    ck_assert_int_eq(out.topics[0].topic_config_error_code, 0x11);
    ck_assert_int_eq(out.topics[0].n_configs, 0);
    moldau_arena_free(&a);
}
END_TEST

/* Runs an encoder into a writer that already holds two bytes, so the test also sees that an
 * encoder appends, and that a refused request leaves the writer as it was. */
#define ENCODE(w, fn, version, req)                                                               \
    (moldau_buf_reset(w), moldau_buf_put(w, "\xab\xcd", 2), fn(w, version, req))

static void expect_body(moldau_buf_t *w, const char *vec)
{
    ck_assert_uint_ge(w->len, 2);
    ck_assert_mem_eq(w->data, "\xab\xcd", 2);
    moldau_buf_t body = {w->data + 2, w->len - 2, w->cap - 2, 0};
    expect_encoded(&body, vec);
}

static void expect_refused(moldau_buf_t *w, moldau_err_t err)
{
    ck_assert_int_eq(err, MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w->len, 2);
}

START_TEST(init_producer_id_request_vectors)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_init_producer_id_request_t req = MOLDAU_INIT_PRODUCER_ID_REQUEST_INIT;
    ck_assert_int_eq(ENCODE(&w, moldau_init_producer_id_request_encode, 0, &req), 0);
    expect_body(&w, "ffff 00000000");
    ck_assert_int_eq(ENCODE(&w, moldau_init_producer_id_request_encode, 2, &req), 0);
    expect_body(&w, "00 00000000 00");
    req.transactional_id = "tx";
    req.transaction_timeout_ms = 60000;
    ck_assert_int_eq(ENCODE(&w, moldau_init_producer_id_request_encode, 4, &req), 0);
    expect_body(&w, "03'tx' 0000ea60 ffffffffffffffff ffff 00");
    req.producer_id = 42;
    req.producer_epoch = 3;
    ck_assert_int_eq(ENCODE(&w, moldau_init_producer_id_request_encode, 5, &req), 0);
    expect_body(&w, "03'tx' 0000ea60 000000000000002a 0003 00");
    /* v2 cannot carry the current producer id: refused, not dropped */
    expect_refused(&w, ENCODE(&w, moldau_init_producer_id_request_encode, 2, &req));
    moldau_buf_free(&w);
}
END_TEST

START_TEST(create_topics_request_vectors)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    static const moldau_create_topics_request_config_t cfg[] = {{"cleanup.policy", "compact"}};
    moldau_create_topics_request_topic_t t = {"t", 3, 1, NULL, 0, cfg, 1};
    moldau_create_topics_request_t req = {&t, 1, 30000, 0};
    ck_assert_int_eq(ENCODE(&w, moldau_create_topics_request_encode, 7, &req), 0);
    expect_body(&w, "02 02't' 00000003 0001 01 02 0f'cleanup.policy' 08'compact' 00 00"
                    " 00007530 00 00");

    static const int32_t brokers[] = {1, 2};
    static const moldau_create_topics_request_assignment_t asg[] = {{0, brokers, 2}};
    moldau_create_topics_request_topic_t t2 = {"ab", -1, -1, asg, 1, NULL, 0};
    moldau_create_topics_request_t req2 = {&t2, 1, 60000, 1};
    ck_assert_int_eq(ENCODE(&w, moldau_create_topics_request_encode, 4, &req2), 0);
    expect_body(&w, "00000001 0002'ab' ffffffff ffff 00000001 00000000 00000002 00000001 00000002"
                    " 00000000 0000ea60 01");

    t2.name = NULL;
    expect_refused(&w, ENCODE(&w, moldau_create_topics_request_encode, 5, &req2));
    t2.name = "ab";
    t2.n_configs = 1; /* a count with no array */
    expect_refused(&w, ENCODE(&w, moldau_create_topics_request_encode, 5, &req2));
    moldau_buf_free(&w);
}
END_TEST

START_TEST(delete_topics_and_create_partitions_request_vectors)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_delete_topics_request_topic_t topics[2] = {{NULL, {{0}}}, {"t", {{0}}}};
    memcpy(topics[0].topic_id.b, uuid_bytes, 16);
    static const char *const names[] = {"a", "bc"};
    moldau_delete_topics_request_t req = {topics, 2, names, 2, 1000};
    /* v6: the names list is ignorable and dropped */
    ck_assert_int_eq(ENCODE(&w, moldau_delete_topics_request_encode, 6, &req), 0);
    expect_body(&w, "03 00 " UUID_HEX " 00 02't' 00000000000000000000000000000000 00 000003e8 00");
    expect_refused(&w, ENCODE(&w, moldau_delete_topics_request_encode, 5, &req));
    req.n_topics = 0;
    ck_assert_int_eq(ENCODE(&w, moldau_delete_topics_request_encode, 3, &req), 0);
    expect_body(&w, "00000002 0001'a' 0002'bc' 000003e8");
    ck_assert_int_eq(ENCODE(&w, moldau_delete_topics_request_encode, 4, &req), 0);
    expect_body(&w, "03 02'a' 03'bc' 000003e8 00");

    moldau_create_partitions_request_topic_t pt = {"t", 4, NULL, -1};
    moldau_create_partitions_request_t preq = {&pt, 1, 500, 1};
    ck_assert_int_eq(ENCODE(&w, moldau_create_partitions_request_encode, 0, &preq), 0);
    expect_body(&w, "00000001 0001't' 00000004 ffffffff 000001f4 01");
    static const int32_t one[] = {1};
    static const moldau_create_partitions_request_assignment_t pa[] = {{one, 1}};
    pt.count = 3;
    pt.assignments = pa;
    pt.n_assignments = 1;
    preq.validate_only = 0;
    ck_assert_int_eq(ENCODE(&w, moldau_create_partitions_request_encode, 2, &preq), 0);
    expect_body(&w, "02 02't' 00000003 02 02 00000001 00 00 000001f4 00 00");
    moldau_buf_free(&w);
}
END_TEST

START_TEST(group_request_vectors)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    static const char *const groups[] = {"g1", "g2"};
    moldau_describe_groups_request_t dg = {groups, 1, 1};
    ck_assert_int_eq(ENCODE(&w, moldau_describe_groups_request_encode, 5, &dg), 0);
    expect_body(&w, "02 03'g1' 01 00");
    ck_assert_int_eq(ENCODE(&w, moldau_describe_groups_request_encode, 3, &dg), 0);
    expect_body(&w, "00000001 0002'g1' 01");
    expect_refused(&w, ENCODE(&w, moldau_describe_groups_request_encode, 2, &dg));
    dg.n_groups = 2;
    dg.include_authorized_operations = 0;
    ck_assert_int_eq(ENCODE(&w, moldau_describe_groups_request_encode, 0, &dg), 0);
    expect_body(&w, "00000002 0002'g1' 0002'g2'");

    moldau_list_groups_request_t lg = {NULL, 0, NULL, 0};
    ck_assert_int_eq(ENCODE(&w, moldau_list_groups_request_encode, 0, &lg), 0);
    expect_body(&w, "");
    ck_assert_int_eq(ENCODE(&w, moldau_list_groups_request_encode, 3, &lg), 0);
    expect_body(&w, "00");
    ck_assert_int_eq(ENCODE(&w, moldau_list_groups_request_encode, 5, &lg), 0);
    expect_body(&w, "01 01 00");
    static const char *const states[] = {"Stable"};
    static const char *const types[] = {"consumer"};
    lg = (moldau_list_groups_request_t){states, 1, types, 1};
    ck_assert_int_eq(ENCODE(&w, moldau_list_groups_request_encode, 5, &lg), 0);
    expect_body(&w, "02 07'Stable' 02 09'consumer' 00");
    expect_refused(&w, ENCODE(&w, moldau_list_groups_request_encode, 4, &lg));
    lg.n_types_filter = 0;
    ck_assert_int_eq(ENCODE(&w, moldau_list_groups_request_encode, 4, &lg), 0);
    expect_body(&w, "02 07'Stable' 00");
    expect_refused(&w, ENCODE(&w, moldau_list_groups_request_encode, 3, &lg));
    moldau_buf_free(&w);
}
END_TEST

START_TEST(configs_and_sasl_request_vectors)
{
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_describe_configs_request_resource_t res = {2, "t", NULL, -1};
    moldau_describe_configs_request_t dc = {&res, 1, 1, 1};
    ck_assert_int_eq(ENCODE(&w, moldau_describe_configs_request_encode, 4, &dc), 0);
    expect_body(&w, "02 02 02't' 00 00 01 01 00");
    expect_refused(&w, ENCODE(&w, moldau_describe_configs_request_encode, 2, &dc));
    static const char *const keys[] = {"a"};
    res = (moldau_describe_configs_request_resource_t){4, "1", keys, 1};
    dc.include_synonyms = 0;
    dc.include_documentation = 0;
    ck_assert_int_eq(ENCODE(&w, moldau_describe_configs_request_encode, 1, &dc), 0);
    expect_body(&w, "00000001 04 0001'1' 00000001 0001'a' 00");

    moldau_sasl_handshake_request_t sh = {"PLAIN"};
    ck_assert_int_eq(ENCODE(&w, moldau_sasl_handshake_request_encode, 1, &sh), 0);
    expect_body(&w, "0005'PLAIN'");
    sh.mechanism = NULL;
    expect_refused(&w, ENCODE(&w, moldau_sasl_handshake_request_encode, 0, &sh));

    moldau_sasl_authenticate_request_t sa = {{(const uint8_t *)"\0u\0p", 4}};
    ck_assert_int_eq(ENCODE(&w, moldau_sasl_authenticate_request_encode, 2, &sa), 0);
    expect_body(&w, "05 00750070 00");
    ck_assert_int_eq(ENCODE(&w, moldau_sasl_authenticate_request_encode, 0, &sa), 0);
    expect_body(&w, "00000004 00750070");
    sa.auth_bytes = MOLDAU_BYTES_NULL;
    expect_refused(&w, ENCODE(&w, moldau_sasl_authenticate_request_encode, 1, &sa));
    moldau_buf_free(&w);
}
END_TEST

START_TEST(strings_longer_than_kafka_allows_are_refused)
{
    static char big[40000];
    memset(big, 'x', sizeof(big) - 1);
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_sasl_handshake_request_t sh = {big};
    expect_refused(&w, ENCODE(&w, moldau_sasl_handshake_request_encode, 1, &sh));
    moldau_init_producer_id_request_t ip = MOLDAU_INIT_PRODUCER_ID_REQUEST_INIT;
    ip.transactional_id = big;
    expect_refused(&w, ENCODE(&w, moldau_init_producer_id_request_encode, 4, &ip));
    ck_assert_int_eq(w.failed, 0);
    moldau_buf_free(&w);
}
END_TEST

/* Versions outside api.c's range: neither direction pretends to speak them. */
static const struct { int16_t key, lo, hi; } ranges[] = {
    {MOLDAU_API_INIT_PRODUCER_ID, 0, 5}, {MOLDAU_API_CREATE_TOPICS, 2, 7},
    {MOLDAU_API_DELETE_TOPICS, 1, 6},    {MOLDAU_API_CREATE_PARTITIONS, 0, 3},
    {MOLDAU_API_DESCRIBE_GROUPS, 0, 6},  {MOLDAU_API_LIST_GROUPS, 0, 5},
    {MOLDAU_API_DESCRIBE_CONFIGS, 1, 4}, {MOLDAU_API_SASL_HANDSHAKE, 0, 1},
    {MOLDAU_API_SASL_AUTHENTICATE, 0, 2},
};

static moldau_err_t encode_empty(int16_t key, moldau_buf_t *w, int16_t v)
{
    static const moldau_init_producer_id_request_t ip = {NULL, 0, -1, -1};
    static const moldau_create_topics_request_t ct;
    static const moldau_delete_topics_request_t dt;
    static const moldau_create_partitions_request_t cp;
    static const moldau_describe_groups_request_t dg;
    static const moldau_list_groups_request_t lg;
    static const moldau_describe_configs_request_t dc;
    static const moldau_sasl_handshake_request_t sh = {"PLAIN"};
    static const moldau_sasl_authenticate_request_t sa = {{NULL, 0}};
    switch (key) {
    case MOLDAU_API_INIT_PRODUCER_ID: return moldau_init_producer_id_request_encode(w, v, &ip);
    case MOLDAU_API_CREATE_TOPICS: return moldau_create_topics_request_encode(w, v, &ct);
    case MOLDAU_API_DELETE_TOPICS: return moldau_delete_topics_request_encode(w, v, &dt);
    case MOLDAU_API_CREATE_PARTITIONS: return moldau_create_partitions_request_encode(w, v, &cp);
    case MOLDAU_API_DESCRIBE_GROUPS: return moldau_describe_groups_request_encode(w, v, &dg);
    case MOLDAU_API_LIST_GROUPS: return moldau_list_groups_request_encode(w, v, &lg);
    case MOLDAU_API_DESCRIBE_CONFIGS: return moldau_describe_configs_request_encode(w, v, &dc);
    case MOLDAU_API_SASL_HANDSHAKE: return moldau_sasl_handshake_request_encode(w, v, &sh);
    default: return moldau_sasl_authenticate_request_encode(w, v, &sa);
    }
}

static decode_fn decoder_for(int16_t key)
{
    switch (key) {
    case MOLDAU_API_INIT_PRODUCER_ID: return moldau_init_producer_id_response_decode__any;
    case MOLDAU_API_CREATE_TOPICS: return moldau_create_topics_response_decode__any;
    case MOLDAU_API_DELETE_TOPICS: return moldau_delete_topics_response_decode__any;
    case MOLDAU_API_CREATE_PARTITIONS: return moldau_create_partitions_response_decode__any;
    case MOLDAU_API_DESCRIBE_GROUPS: return moldau_describe_groups_response_decode__any;
    case MOLDAU_API_LIST_GROUPS: return moldau_list_groups_response_decode__any;
    case MOLDAU_API_DESCRIBE_CONFIGS: return moldau_describe_configs_response_decode__any;
    case MOLDAU_API_SASL_HANDSHAKE: return moldau_sasl_handshake_response_decode__any;
    default: return moldau_sasl_authenticate_response_decode__any;
    }
}

START_TEST(versions_follow_the_api_table)
{
    const moldau_api_info_t *api = moldau_api_info(ranges[_i].key);
    ck_assert_ptr_nonnull(api);
    ck_assert_int_eq(api->min_version, ranges[_i].lo);
    ck_assert_int_eq(api->max_version, ranges[_i].hi);
    moldau_buf_t w;
    moldau_buf_init(&w);
    static const uint8_t zeros[64];
    for (int v = -1; v <= ranges[_i].hi + 1; v++) {
        int inside = v >= ranges[_i].lo && v <= ranges[_i].hi;
        moldau_buf_reset(&w);
        moldau_err_t err = encode_empty(ranges[_i].key, &w, (int16_t)v);
        ck_assert_int_eq(err, inside ? MOLDAU_ERR_NONE : MOLDAU_ERR__UNSUPPORTED_VERSION);
        if (!inside)
            ck_assert_uint_eq(w.len, 0);
        moldau_reader_t r;
        moldau_reader_init(&r, zeros, sizeof(zeros));
        moldau_arena_t a;
        moldau_arena_init(&a);
        any_response_t out;
        err = decoder_for(ranges[_i].key)(&r, (int16_t)v, &a, &out);
        if (!inside)
            ck_assert_int_eq(err, MOLDAU_ERR__UNSUPPORTED_VERSION);
        else
            ck_assert_int_ne(err, MOLDAU_ERR__UNSUPPORTED_VERSION);
        moldau_arena_free(&a);
    }
    moldau_buf_free(&w);
}
END_TEST

Suite *moldau_test_msg_admin_suite(void)
{
    Suite *s = suite_create("msg_admin");
    TCase *tc = tcase_create("responses");
    tcase_add_loop_test(tc, every_vector_decodes_whole, 0, N_RESPONSES);
    tcase_add_loop_test(tc, every_truncation_is_rejected, 0, N_RESPONSES);
    tcase_add_test(tc, init_producer_id_response_fields);
    tcase_add_test(tc, create_topics_response_fields);
    tcase_add_test(tc, delete_and_create_partitions_response_fields);
    tcase_add_test(tc, group_response_fields);
    tcase_add_test(tc, configs_and_sasl_response_fields);
    tcase_add_loop_test(tc, malformed_is_rejected, 0,
                        (int)(sizeof(malformed) / sizeof(malformed[0])));
    tcase_add_test(tc, unknown_tags_are_skipped);
    suite_add_tcase(s, tc);
    tc = tcase_create("requests");
    tcase_add_test(tc, init_producer_id_request_vectors);
    tcase_add_test(tc, create_topics_request_vectors);
    tcase_add_test(tc, delete_topics_and_create_partitions_request_vectors);
    tcase_add_test(tc, group_request_vectors);
    tcase_add_test(tc, configs_and_sasl_request_vectors);
    tcase_add_test(tc, strings_longer_than_kafka_allows_are_refused);
    tcase_add_loop_test(tc, versions_follow_the_api_table, 0,
                        (int)(sizeof(ranges) / sizeof(ranges[0])));
    suite_add_tcase(s, tc);
    return s;
}
