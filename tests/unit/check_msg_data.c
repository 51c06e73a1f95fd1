/* Data-plane codecs (ApiVersions, Metadata, Produce, Fetch, ListOffsets): hand-written byte
 * vectors per version, the ApiVersions error-35 fallback, and decoders that reject every
 * truncation of a valid response. The response vectors double as the fuzz seeds. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"

/* ---- helpers ----------------------------------------------------------------------------- */

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

static void expect_hex(const moldau_buf_t *w, const char *hex)
{
    uint8_t want[1024];
    size_t n = unhex(hex, want, sizeof(want));
    char got[2100] = {0};
    for (size_t i = 0; i < w->len && i * 2 + 2 < sizeof(got); i++)
        snprintf(got + i * 2, 3, "%02x", w->data[i]);
    char exp[2100] = {0};
    for (size_t i = 0; i < n; i++)
        snprintf(exp + i * 2, 3, "%02x", want[i]);
    ck_assert_str_eq(got, exp);
}

static const moldau_uuid_t uuid_a = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}};
static const moldau_uuid_t uuid_b = {
    {17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}};
#define UUID_A "0102030405060708090a0b0c0d0e0f10"
#define UUID_B "1112131415161718191a1b1c1d1e1f20"
#define LOCALHOST_COMPACT "0a 6c6f63616c686f7374"

/* ---- response vectors (also written as fuzz seeds, see tests/fuzz/corpus) ----------------- */

typedef struct resp_vec {
    const char *name;
    int16_t api_key;
    int16_t version;
    const char *hex;
} resp_vec_t;

static const resp_vec_t api_versions_v0 = {
    "api_versions_v0", MOLDAU_API_API_VERSIONS, 0,
    "0000 00000002 0000 0000 000b 0012 0000 0004"};
static const resp_vec_t api_versions_v3 = {
    "api_versions_v3", MOLDAU_API_API_VERSIONS, 3,
    "0000 03 0000 0003 000b 00 0012 0000 0004 00 00000064"
    " 03 00 09 02 03 6d76 0001 0014 00" /* SupportedFeatures: mv 1-20 */
    " 01 08 0000000000000005"           /* FinalizedFeaturesEpoch 5 */
    " 03 01 01"};                       /* ZkMigrationReady */
static const resp_vec_t metadata_v1 = {
    "metadata_v1", MOLDAU_API_METADATA, 1,
    "00000001 00000001 0009 6c6f63616c686f7374 00002384 ffff 00000001"
    " 00000001 0000 0003 666f6f 00 00000001 0000 00000000 00000001 00000001 00000001"
    " 00000001 00000001"};
static const resp_vec_t metadata_v12 = {
    "metadata_v12", MOLDAU_API_METADATA, 12,
    "00000000 02 00000001 " LOCALHOST_COMPACT " 00002384 05 7261636b 00 03 6331 00000001"
    " 03 0000 04 666f6f " UUID_A " 00 02 0000 00000000 00000001 00000007"
    "   03 00000001 00000002 02 00000001 02 00000002 00 00000008 00"
    " 0003 00 " UUID_B " 00 01 80000000 00"
    " 00"};
/* v13: the top-level ErrorCode (REBOOTSTRAP_REQUIRED, 129) after the topics */
static const resp_vec_t metadata_v13 = {
    "metadata_v13", MOLDAU_API_METADATA, 13,
    "00000000 01 03 6331 ffffffff 01 0081 00"};
static const resp_vec_t produce_v3 = {
    "produce_v3", MOLDAU_API_PRODUCE, 3,
    "00000001 0001 74 00000001 00000000 0000 000000000000002a ffffffffffffffff 00000000"};
static const resp_vec_t produce_v10 = {
    "produce_v10", MOLDAU_API_PRODUCE, 10,
    "02 02 74 02 00000000 0006 ffffffffffffffff ffffffffffffffff 0000000000000000"
    " 02 00000003 04 626164 00 00"           /* RecordErrors [3 "bad"], ErrorMessage null */
    " 01 00 09 00000002 00000005 00"         /* CurrentLeader 2 epoch 5 */
    " 00 00000000"
    " 01 00 15 02 00000002 " LOCALHOST_COMPACT " 00002384 00 00"}; /* NodeEndpoints */
/* v13: the topic by id, no name (UNKNOWN_TOPIC_ID, 100) */
static const resp_vec_t produce_v13 = {
    "produce_v13", MOLDAU_API_PRODUCE, 13,
    "02 " UUID_A " 02 00000001 0064 ffffffffffffffff ffffffffffffffff ffffffffffffffff"
    " 01 00 00 00 00000000 00"};
static const resp_vec_t fetch_v4 = {
    "fetch_v4", MOLDAU_API_FETCH, 4,
    "00000000 00000001 0001 74 00000001 00000000 0000 0000000000000064 0000000000000064"
    " ffffffff 00000005 0102030405"};
static const resp_vec_t fetch_v16 = {
    "fetch_v16", MOLDAU_API_FETCH, 16,
    "00000000 0000 0000002a 02 " UUID_A " 03"
    " 00000000 0000 00000000000000c8 00000000000000c8 0000000000000000"
    "   02 0000000000000007 0000000000000032 00 ffffffff 04 aabbcc"
    "   02 00 0d 00000004 000000000000000a 00 01 09 00000003 00000009 00"
    " 00000001 0006 ffffffffffffffff ffffffffffffffff ffffffffffffffff 00 00000002 00"
    "   01 02 0d 0000000000000064 00000003 00"
    " 00"
    " 01 00 15 02 00000003 " LOCALHOST_COMPACT " 00002384 00 00"};
static const resp_vec_t list_offsets_v1 = {
    "list_offsets_v1", MOLDAU_API_LIST_OFFSETS, 1,
    "00000001 0001 74 00000001 00000000 0000 ffffffffffffffff 000000000000000a"};
static const resp_vec_t list_offsets_v6 = {
    "list_offsets_v6", MOLDAU_API_LIST_OFFSETS, 6,
    "00000000 02 02 74 02 00000000 0000 000000000000abcd 000000000000000a 00000005 00 00 00"};

static const resp_vec_t *const all_vecs[] = {
    &api_versions_v0, &api_versions_v3, &metadata_v1, &metadata_v12, &produce_v3,
    &produce_v10,     &fetch_v4,        &fetch_v16,   &list_offsets_v1, &list_offsets_v6,
    &metadata_v13,    &produce_v13,
};
#define N_VECS ((int)(sizeof(all_vecs) / sizeof(all_vecs[0])))

typedef union any_response {
    moldau_api_versions_response_t api_versions;
    moldau_metadata_response_t metadata;
    moldau_produce_response_t produce;
    moldau_fetch_response_t fetch;
    moldau_list_offsets_response_t list_offsets;
} any_response_t;

static moldau_err_t decode_any(int16_t api_key, moldau_reader_t *r, int16_t v, moldau_arena_t *a,
                               any_response_t *out)
{
    switch (api_key) {
    case MOLDAU_API_API_VERSIONS:
        return moldau_api_versions_response_decode(r, v, a, &out->api_versions);
    case MOLDAU_API_METADATA:
        return moldau_metadata_response_decode(r, v, a, &out->metadata);
    case MOLDAU_API_PRODUCE:
        return moldau_produce_response_decode(r, v, a, &out->produce);
    case MOLDAU_API_FETCH:
        return moldau_fetch_response_decode(r, v, a, &out->fetch);
    case MOLDAU_API_LIST_OFFSETS:
        return moldau_list_offsets_response_decode(r, v, a, &out->list_offsets);
    }
    return MOLDAU_ERR__INVALID_ARG;
}

/* The test's input buffer and arena: decoded views point into buf. */
typedef struct decoded {
    uint8_t buf[1024];
    size_t len;
    moldau_arena_t arena;
    moldau_reader_t r;
    any_response_t out;
} decoded_t;

static moldau_err_t decode_hex(decoded_t *d, int16_t api_key, int16_t v, const char *hex)
{
    d->len = unhex(hex, d->buf, sizeof(d->buf));
    moldau_arena_init(&d->arena);
    moldau_reader_init(&d->r, d->buf, d->len);
    return decode_any(api_key, &d->r, v, &d->arena, &d->out);
}

/* Decodes a vector and asserts it was accepted whole. */
static void decode_vec(decoded_t *d, const resp_vec_t *vec)
{
    moldau_err_t err = decode_hex(d, vec->api_key, vec->version, vec->hex);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "%s: %d", vec->name, err);
    ck_assert_uint_eq(moldau_reader_remaining(&d->r), 0);
}

/* ---- ApiVersions ------------------------------------------------------------------------- */

START_TEST(api_versions_request)
{
    moldau_api_versions_request_t req = {"moldau", "0.1.0"};
    moldau_buf_t w;
    moldau_buf_init(&w);
    for (int16_t v = 0; v <= 2; v++) {
        ck_assert_int_eq(moldau_api_versions_request_encode(&w, v, &req), MOLDAU_ERR_NONE);
        ck_assert_uint_eq(w.len, 0);
    }
    ck_assert_int_eq(moldau_api_versions_request_encode(&w, 3, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "07 6d6f6c646175 06 302e312e30 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_api_versions_request_encode(&w, 4, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "07 6d6f6c646175 06 302e312e30 00");

    /* Not nullable: refused, and nothing is left in the writer. */
    moldau_buf_reset(&w);
    moldau_api_versions_request_t bad = {NULL, "1"};
    ck_assert_int_eq(moldau_api_versions_request_encode(&w, 3, &bad), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    ck_assert_int_eq(moldau_api_versions_request_encode(&w, 5, &req),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(api_versions_response_v0)
{
    decoded_t d;
    decode_vec(&d, &api_versions_v0);
    const moldau_api_versions_response_t *o = &d.out.api_versions;
    ck_assert_int_eq(o->error_code, 0);
    ck_assert_int_eq(o->n_api_keys, 2);
    ck_assert_int_eq(o->api_keys[1].api_key, 18);
    ck_assert_int_eq(o->api_keys[1].max_version, 4);
    ck_assert_int_eq(o->throttle_time_ms, 0);
    ck_assert(o->finalized_features_epoch == -1);
    ck_assert_int_eq(o->n_supported_features, 0);
    ck_assert_ptr_eq(moldau_api_versions_response_find(o, 0), &o->api_keys[0]);
    ck_assert_ptr_null(moldau_api_versions_response_find(o, 3));
    moldau_arena_free(&d.arena);
}
END_TEST

START_TEST(api_versions_response_v3)
{
    decoded_t d;
    decode_vec(&d, &api_versions_v3);
    const moldau_api_versions_response_t *o = &d.out.api_versions;
    ck_assert_int_eq(o->n_api_keys, 2);
    ck_assert_int_eq(o->api_keys[0].max_version, 11);
    ck_assert_int_eq(o->throttle_time_ms, 100);
    ck_assert_int_eq(o->n_supported_features, 1);
    ck_assert_str_eq(o->supported_features[0].name, "mv");
    ck_assert_int_eq(o->supported_features[0].min_version, 1);
    ck_assert_int_eq(o->supported_features[0].max_version, 20);
    ck_assert(o->finalized_features_epoch == 5);
    ck_assert_int_eq(o->n_finalized_features, 0);
    ck_assert_int_eq(o->zk_migration_ready, 1);
    moldau_arena_free(&d.arena);
}
END_TEST

/* A broker that does not know v3 answers 35 in the v0 layout: read as v0. */
START_TEST(api_versions_fallback_v0_layout)
{
    decoded_t d;
    const char *hex = "0023 00000001 0012 0000 0002";
    for (int16_t v = 1; v <= 4; v++) {
        ck_assert_int_eq(decode_hex(&d, MOLDAU_API_API_VERSIONS, v, hex), MOLDAU_ERR_NONE);
        const moldau_api_versions_response_t *o = &d.out.api_versions;
        ck_assert_int_eq(o->error_code, MOLDAU_ERR_UNSUPPORTED_VERSION);
        ck_assert_int_eq(o->n_api_keys, 1);
        ck_assert_int_eq(o->api_keys[0].api_key, 18);
        ck_assert_int_eq(o->api_keys[0].max_version, 2);
        ck_assert_int_eq(o->throttle_time_ms, 0);
        ck_assert_uint_eq(moldau_reader_remaining(&d.r), 0);
        moldau_arena_free(&d.arena);
    }
}
END_TEST

/* Error 35 written in the asked-for layout still reads right (only that layout fits). */
START_TEST(api_versions_fallback_own_layout)
{
    decoded_t d;
    ck_assert_int_eq(decode_hex(&d, MOLDAU_API_API_VERSIONS, 3,
                                "0023 02 0012 0000 0004 00 00000007 00"),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(d.out.api_versions.error_code, 35);
    ck_assert_int_eq(d.out.api_versions.n_api_keys, 1);
    ck_assert_int_eq(d.out.api_versions.api_keys[0].max_version, 4);
    ck_assert_int_eq(d.out.api_versions.throttle_time_ms, 7);
    moldau_arena_free(&d.arena);
}
END_TEST

/* A 35 body that parses in no layout (as some brokers send): the error code is enough to ask
 * again with v0, so it is returned without keys. Other malformed bodies stay errors. */
START_TEST(api_versions_fallback_malformed)
{
    decoded_t d;
    ck_assert_int_eq(decode_hex(&d, MOLDAU_API_API_VERSIONS, 3, "0023 ff"), MOLDAU_ERR_NONE);
    ck_assert_int_eq(d.out.api_versions.error_code, 35);
    ck_assert_int_eq(d.out.api_versions.n_api_keys, 0);
    moldau_arena_free(&d.arena);
    ck_assert_int_eq(decode_hex(&d, MOLDAU_API_API_VERSIONS, 0, "0023 ff"),
                     MOLDAU_ERR__BAD_MSG);
    moldau_arena_free(&d.arena);
    ck_assert_int_eq(decode_hex(&d, MOLDAU_API_API_VERSIONS, 3, "0000 ff"),
                     MOLDAU_ERR__BAD_MSG);
    moldau_arena_free(&d.arena);
}
END_TEST

/* ---- Metadata ---------------------------------------------------------------------------- */

START_TEST(metadata_request_v12)
{
    moldau_metadata_request_topic_t topics[2] = {{uuid_a, "foo"}, {uuid_b, NULL}};
    moldau_metadata_request_t req;
    moldau_metadata_request_init(&req);
    req.topics = topics;
    req.n_topics = 2;
    req.include_topic_authorized_operations = 1;
    req.include_cluster_authorized_operations = 1; /* v8-10 only: not written at v12 */
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_metadata_request_encode(&w, 12, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "03 " UUID_A " 04 666f6f 00 " UUID_B " 00 00 01 01 00");

    /* A null name needs v10+. */
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_metadata_request_encode(&w, 9, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(metadata_request_versions)
{
    moldau_metadata_request_t req;
    moldau_metadata_request_init(&req);
    moldau_buf_t w;
    moldau_buf_init(&w);
    /* All topics: empty at v0, null from v1. */
    ck_assert_int_eq(moldau_metadata_request_encode(&w, 0, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "00000000");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_metadata_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "ffffffff");
    moldau_buf_reset(&w);
    req.include_cluster_authorized_operations = 1;
    ck_assert_int_eq(moldau_metadata_request_encode(&w, 8, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "ffffffff 01 01 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_metadata_request_encode(&w, 11, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "00 01 00 00");

    moldau_metadata_request_topic_t topic = {uuid_a, "a"};
    req.topics = &topic;
    req.n_topics = 1;
    req.allow_auto_topic_creation = 0;
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_metadata_request_encode(&w, 4, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "00000001 0001 61 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_metadata_request_encode(&w, 10, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "02 " UUID_A " 02 61 00 00 01 00 00");

    req.topics = NULL; /* a count without elements */
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_metadata_request_encode(&w, 4, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_metadata_request_encode(&w, 14, &req),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(metadata_response_v1)
{
    decoded_t d;
    decode_vec(&d, &metadata_v1);
    const moldau_metadata_response_t *o = &d.out.metadata;
    ck_assert_int_eq(o->n_brokers, 1);
    ck_assert_str_eq(o->brokers[0].host, "localhost");
    ck_assert_int_eq(o->brokers[0].port, 9092);
    ck_assert_ptr_null(o->brokers[0].rack);
    ck_assert_ptr_null(o->cluster_id);
    ck_assert_int_eq(o->controller_id, 1);
    ck_assert_int_eq(o->n_topics, 1);
    ck_assert_str_eq(o->topics[0].name, "foo");
    ck_assert_int_eq(o->topics[0].topic_authorized_operations, INT32_MIN);
    const moldau_metadata_response_partition_t *p = &o->topics[0].partitions[0];
    ck_assert_int_eq(p->leader_id, 1);
    ck_assert_int_eq(p->leader_epoch, -1);
    ck_assert_int_eq(p->n_replica_nodes, 1);
    ck_assert_int_eq(p->isr_nodes[0], 1);
    ck_assert_int_eq(p->n_offline_replicas, 0);
    ck_assert_int_eq(o->cluster_authorized_operations, INT32_MIN);
    moldau_arena_free(&d.arena);
}
END_TEST

START_TEST(metadata_response_v12)
{
    decoded_t d;
    decode_vec(&d, &metadata_v12);
    const moldau_metadata_response_t *o = &d.out.metadata;
    ck_assert_str_eq(o->brokers[0].rack, "rack");
    ck_assert_str_eq(o->cluster_id, "c1");
    ck_assert_int_eq(o->n_topics, 2);
    const moldau_metadata_response_topic_t *t = &o->topics[0];
    ck_assert_mem_eq(t->topic_id.b, uuid_a.b, 16);
    ck_assert_int_eq(t->topic_authorized_operations, 8);
    ck_assert_int_eq(t->partitions[0].leader_epoch, 7);
    ck_assert_int_eq(t->partitions[0].n_replica_nodes, 2);
    ck_assert_int_eq(t->partitions[0].replica_nodes[1], 2);
    ck_assert_int_eq(t->partitions[0].offline_replicas[0], 2);
    t = &o->topics[1];
    ck_assert_int_eq(t->error_code, 3);
    ck_assert_ptr_null(t->name);
    ck_assert_int_eq(t->n_partitions, 0);
    ck_assert_int_eq(t->topic_authorized_operations, INT32_MIN);
    ck_assert_int_eq(o->error_code, 0); /* before v13: none */
    moldau_arena_free(&d.arena);

    /* A null topic name: fine at v12, malformed before. */
    const char *null_name = "00000000 01 00 00000001 02 0000 00 " UUID_A " 00 01 00000000 00 00";
    ck_assert_int_eq(decode_hex(&d, MOLDAU_API_METADATA, 12, null_name), MOLDAU_ERR_NONE);
    moldau_arena_free(&d.arena);
    ck_assert_int_eq(decode_hex(&d, MOLDAU_API_METADATA, 11, null_name), MOLDAU_ERR__BAD_MSG);
    moldau_arena_free(&d.arena);
}
END_TEST

START_TEST(metadata_response_v13)
{
    decoded_t d;
    decode_vec(&d, &metadata_v13);
    const moldau_metadata_response_t *o = &d.out.metadata;
    ck_assert_int_eq(o->n_brokers, 0);
    ck_assert_str_eq(o->cluster_id, "c1");
    ck_assert_int_eq(o->controller_id, -1);
    ck_assert_int_eq(o->n_topics, 0);
    ck_assert_int_eq(o->error_code, 129);
    moldau_arena_free(&d.arena);
}
END_TEST

/* ---- Produce ----------------------------------------------------------------------------- */

START_TEST(produce_request)
{
    static const uint8_t batch[] = {1, 2, 3};
    moldau_produce_request_partition_t part = {0, {batch, 3}};
    moldau_produce_request_topic_t topic = {
        .name = "t", .partition_data = &part, .n_partition_data = 1};
    moldau_produce_request_t req = {NULL, -1, 30000, &topic, 1};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_produce_request_encode(&w, 3, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "ffff ffff 00007530 00000001 0001 74 00000001 00000000 00000003 010203");
    moldau_buf_reset(&w);
    req.transactional_id = "x";
    req.acks = 1;
    ck_assert_int_eq(moldau_produce_request_encode(&w, 9, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "02 78 0001 00007530 02 02 74 02 00000000 04 010203 00 00 00");
    moldau_buf_reset(&w);
    part.records = MOLDAU_BYTES_NULL;
    ck_assert_int_eq(moldau_produce_request_encode(&w, 11, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "02 78 0001 00007530 02 02 74 02 00000000 00 00 00 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_produce_request_encode(&w, 2, &req), MOLDAU_ERR__UNSUPPORTED_VERSION);
    /* v12 is v11's layout; v13 sends the id in the name's place (the name is not sent) */
    ck_assert_int_eq(moldau_produce_request_encode(&w, 12, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "02 78 0001 00007530 02 02 74 02 00000000 00 00 00 00");
    moldau_buf_reset(&w);
    topic.topic_id = uuid_a;
    topic.name = NULL;
    ck_assert_int_eq(moldau_produce_request_encode(&w, 13, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "02 78 0001 00007530 02 " UUID_A " 02 00000000 00 00 00 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_produce_request_encode(&w, 14, &req), MOLDAU_ERR__UNSUPPORTED_VERSION);
    ck_assert_int_eq(moldau_produce_request_encode(&w, 3, &req), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(w.len, 0);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(produce_response_v3)
{
    decoded_t d;
    decode_vec(&d, &produce_v3);
    const moldau_produce_response_t *o = &d.out.produce;
    ck_assert_int_eq(o->n_responses, 1);
    const moldau_produce_response_partition_t *p = &o->responses[0].partition_responses[0];
    ck_assert(p->base_offset == 42);
    ck_assert(p->log_append_time_ms == -1);
    ck_assert(p->log_start_offset == -1);
    ck_assert_ptr_null(p->error_message);
    ck_assert_int_eq(p->current_leader.leader_id, -1);
    ck_assert_int_eq(o->n_node_endpoints, 0);
    moldau_arena_free(&d.arena);
}
END_TEST

START_TEST(produce_response_v13)
{
    decoded_t d;
    decode_vec(&d, &produce_v13);
    const moldau_produce_response_t *o = &d.out.produce;
    ck_assert_int_eq(o->n_responses, 1);
    ck_assert_ptr_null(o->responses[0].name);
    ck_assert_mem_eq(o->responses[0].topic_id.b, uuid_a.b, 16);
    const moldau_produce_response_partition_t *p = &o->responses[0].partition_responses[0];
    ck_assert_int_eq(p->index, 1);
    ck_assert_int_eq(p->error_code, MOLDAU_ERR_UNKNOWN_TOPIC_ID);
    ck_assert_int_eq(p->current_leader.leader_id, -1);
    moldau_arena_free(&d.arena);
}
END_TEST

START_TEST(produce_response_v10)
{
    decoded_t d;
    decode_vec(&d, &produce_v10);
    const moldau_produce_response_t *o = &d.out.produce;
    const moldau_produce_response_partition_t *p = &o->responses[0].partition_responses[0];
    ck_assert_int_eq(p->error_code, MOLDAU_ERR_NOT_LEADER_OR_FOLLOWER);
    ck_assert(p->log_start_offset == 0);
    ck_assert_int_eq(p->n_record_errors, 1);
    ck_assert_int_eq(p->record_errors[0].batch_index, 3);
    ck_assert_str_eq(p->record_errors[0].batch_index_error_message, "bad");
    ck_assert_ptr_null(p->error_message);
    ck_assert_int_eq(p->current_leader.leader_id, 2);
    ck_assert_int_eq(p->current_leader.leader_epoch, 5);
    ck_assert_int_eq(o->n_node_endpoints, 1);
    ck_assert_int_eq(o->node_endpoints[0].node_id, 2);
    ck_assert_str_eq(o->node_endpoints[0].host, "localhost");
    ck_assert_int_eq(o->node_endpoints[0].port, 9092);
    ck_assert_ptr_null(o->node_endpoints[0].rack);
    moldau_arena_free(&d.arena);

    /* At v9 the same tags are unknown and skipped. */
    ck_assert_int_eq(decode_hex(&d, MOLDAU_API_PRODUCE, 9, produce_v10.hex), MOLDAU_ERR_NONE);
    p = &d.out.produce.responses[0].partition_responses[0];
    ck_assert_int_eq(p->current_leader.leader_id, -1);
    ck_assert_int_eq(d.out.produce.n_node_endpoints, 0);
    moldau_arena_free(&d.arena);
}
END_TEST

/* ---- Fetch ------------------------------------------------------------------------------- */

START_TEST(fetch_request_v4)
{
    moldau_fetch_request_partition_t part;
    moldau_fetch_request_partition_init(&part);
    part.fetch_offset = 100;
    part.partition_max_bytes = 1048576;
    moldau_fetch_request_topic_t topic = {"t", {{0}}, &part, 1};
    moldau_fetch_request_t req;
    moldau_fetch_request_init(&req);
    req.max_wait_ms = 500;
    req.min_bytes = 1;
    req.max_bytes = 52428800;
    req.isolation_level = 1;
    req.topics = &topic;
    req.n_topics = 1;
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 4, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "ffffffff 000001f4 00000001 03200000 01 00000001 0001 74 00000001"
                   " 00000000 0000000000000064 00100000");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 3, &req), MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(fetch_request_v13_v17)
{
    moldau_fetch_request_partition_t part;
    moldau_fetch_request_partition_init(&part);
    part.current_leader_epoch = 5;
    part.fetch_offset = 100;
    part.partition_max_bytes = 1048576;
    moldau_fetch_request_topic_t topic = {NULL, uuid_a, &part, 1};
    static const int32_t forget[] = {3};
    moldau_fetch_request_forgotten_topic_t forgotten = {NULL, uuid_b, forget, 1};
    moldau_fetch_request_t req;
    moldau_fetch_request_init(&req);
    req.max_wait_ms = 500;
    req.min_bytes = 1;
    req.max_bytes = 52428800;
    req.isolation_level = 1;
    req.topics = &topic;
    req.n_topics = 1;
    req.forgotten_topics_data = &forgotten;
    req.n_forgotten_topics_data = 1;
    req.rack_id = "r1";
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 13, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "ffffffff 000001f4 00000001 03200000 01 00000000 ffffffff"
                   " 02 " UUID_A " 02 00000000 00000005 0000000000000064 ffffffff"
                   " ffffffffffffffff 00100000 00 00"
                   " 02 " UUID_B " 02 00000003 00 03 7231 00");
    /* v15: no ReplicaId; the default ReplicaState is not written. */
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 15, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "000001f4 00000001 03200000 01 00000000 ffffffff"
                   " 02 " UUID_A " 02 00000000 00000005 0000000000000064 ffffffff"
                   " ffffffffffffffff 00100000 00 00"
                   " 02 " UUID_B " 02 00000003 00 03 7231 00");
    /* v17 with every tagged field set. */
    req.cluster_id = "c";
    req.replica_state.replica_id = 1;
    req.replica_state.replica_epoch = 2;
    part.replica_directory_id = uuid_b;
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 17, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "000001f4 00000001 03200000 01 00000000 ffffffff"
                   " 02 " UUID_A " 02 00000000 00000005 0000000000000064 ffffffff"
                   " ffffffffffffffff 00100000 01 00 10 " UUID_B " 00"
                   " 02 " UUID_B " 02 00000003 00 03 7231"
                   " 02 00 02 0263 01 0d 00000001 0000000000000002 00");
    /* v18: a follower's HighWatermark (tag 1) after ReplicaDirectoryId; v17 drops it. */
    part.high_watermark = 77;
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 18, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "000001f4 00000001 03200000 01 00000000 ffffffff"
                   " 02 " UUID_A " 02 00000000 00000005 0000000000000064 ffffffff"
                   " ffffffffffffffff 00100000 02 00 10 " UUID_B " 01 08 000000000000004d 00"
                   " 02 " UUID_B " 02 00000003 00 03 7231"
                   " 02 00 02 0263 01 0d 00000001 0000000000000002 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 17, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "000001f4 00000001 03200000 01 00000000 ffffffff"
                   " 02 " UUID_A " 02 00000000 00000005 0000000000000064 ffffffff"
                   " ffffffffffffffff 00100000 01 00 10 " UUID_B " 00"
                   " 02 " UUID_B " 02 00000003 00 03 7231"
                   " 02 00 02 0263 01 0d 00000001 0000000000000002 00");
    part.high_watermark = INT64_MAX; /* the default: not written */
    part.replica_directory_id = (moldau_uuid_t){{0}};
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 18, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "000001f4 00000001 03200000 01 00000000 ffffffff"
                   " 02 " UUID_A " 02 00000000 00000005 0000000000000064 ffffffff"
                   " ffffffffffffffff 00100000 00 00"
                   " 02 " UUID_B " 02 00000003 00 03 7231"
                   " 02 00 02 0263 01 0d 00000001 0000000000000002 00");
    part.replica_directory_id = uuid_b;
    /* v12 names topics, and knows ClusterId but not ReplicaState. */
    topic.topic = "t";
    forgotten.topic = "u";
    req.rack_id = NULL; /* the default, "" */
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_fetch_request_encode(&w, 12, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "ffffffff 000001f4 00000001 03200000 01 00000000 ffffffff"
                   " 02 02 74 02 00000000 00000005 0000000000000064 ffffffff"
                   " ffffffffffffffff 00100000 00 00"
                   " 02 02 75 02 00000003 00 01 01 00 02 0263");
    moldau_buf_free(&w);
}
END_TEST

START_TEST(fetch_response_v4)
{
    decoded_t d;
    decode_vec(&d, &fetch_v4);
    const moldau_fetch_response_t *o = &d.out.fetch;
    ck_assert_int_eq(o->n_responses, 1);
    ck_assert_str_eq(o->responses[0].topic, "t");
    const moldau_fetch_response_partition_t *p = &o->responses[0].partitions[0];
    ck_assert(p->high_watermark == 100);
    ck_assert(p->log_start_offset == -1);
    ck_assert_int_eq(p->n_aborted_transactions, -1);
    ck_assert_int_eq(p->preferred_read_replica, -1);
    ck_assert_int_eq(p->records.len, 5);
    /* A view, not a copy: it points at the last 5 bytes of the input. */
    ck_assert_ptr_eq(p->records.data, d.buf + d.len - 5);
    ck_assert_int_eq(p->current_leader.leader_id, -1);
    ck_assert_int_eq(p->diverging_epoch.epoch, -1);
    ck_assert(p->snapshot_id.end_offset == -1);
    moldau_arena_free(&d.arena);
}
END_TEST

START_TEST(fetch_response_v16)
{
    decoded_t d;
    decode_vec(&d, &fetch_v16);
    const moldau_fetch_response_t *o = &d.out.fetch;
    ck_assert_int_eq(o->session_id, 42);
    ck_assert_mem_eq(o->responses[0].topic_id.b, uuid_a.b, 16);
    ck_assert_int_eq(o->responses[0].n_partitions, 2);
    const moldau_fetch_response_partition_t *p = &o->responses[0].partitions[0];
    ck_assert(p->high_watermark == 200);
    ck_assert_int_eq(p->n_aborted_transactions, 1);
    ck_assert(p->aborted_transactions[0].producer_id == 7);
    ck_assert(p->aborted_transactions[0].first_offset == 50);
    ck_assert_int_eq(p->records.len, 3);
    ck_assert_uint_eq(p->records.data[0], 0xaa);
    ck_assert_int_eq(p->diverging_epoch.epoch, 4);
    ck_assert(p->diverging_epoch.end_offset == 10);
    ck_assert_int_eq(p->current_leader.leader_id, 3);
    ck_assert_int_eq(p->current_leader.leader_epoch, 9);
    ck_assert(p->snapshot_id.epoch == -1);
    p = &o->responses[0].partitions[1];
    ck_assert_int_eq(p->error_code, 6);
    ck_assert_int_eq(p->n_aborted_transactions, -1);
    ck_assert_int_eq(p->preferred_read_replica, 2);
    ck_assert_int_eq(p->records.len, -1);
    ck_assert(p->snapshot_id.end_offset == 100);
    ck_assert_int_eq(p->snapshot_id.epoch, 3);
    ck_assert_int_eq(p->current_leader.leader_id, -1);
    ck_assert_int_eq(o->n_node_endpoints, 1);
    ck_assert_int_eq(o->node_endpoints[0].node_id, 3);
    moldau_arena_free(&d.arena);
}
END_TEST

/* ---- ListOffsets ------------------------------------------------------------------------- */

START_TEST(list_offsets_request)
{
    moldau_list_offsets_request_partition_t part = {0, 4, MOLDAU_LIST_OFFSETS_EARLIEST};
    moldau_list_offsets_request_topic_t topic = {"t", &part, 1};
    moldau_list_offsets_request_t req = {-1, 1, &topic, 1, 5000};
    moldau_buf_t w;
    moldau_buf_init(&w);
    ck_assert_int_eq(moldau_list_offsets_request_encode(&w, 1, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "ffffffff 00000001 0001 74 00000001 00000000 fffffffffffffffe");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_list_offsets_request_encode(&w, 4, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "ffffffff 01 00000001 0001 74 00000001 00000000 00000004 fffffffffffffffe");
    moldau_buf_reset(&w);
    part.timestamp = MOLDAU_LIST_OFFSETS_LATEST;
    ck_assert_int_eq(moldau_list_offsets_request_encode(&w, 10, &req), MOLDAU_ERR_NONE);
    expect_hex(&w, "ffffffff 01 02 02 74 02 00000000 00000004 ffffffffffffffff 00 00 00001388 00");
    moldau_buf_reset(&w);
    ck_assert_int_eq(moldau_list_offsets_request_encode(&w, 0, &req),
                     MOLDAU_ERR__UNSUPPORTED_VERSION);
    moldau_buf_free(&w);
}
END_TEST

START_TEST(list_offsets_response)
{
    decoded_t d;
    decode_vec(&d, &list_offsets_v1);
    const moldau_list_offsets_response_partition_t *p = &d.out.list_offsets.topics[0].partitions[0];
    ck_assert(p->timestamp == -1);
    ck_assert(p->offset == 10);
    ck_assert_int_eq(p->leader_epoch, -1);
    ck_assert_int_eq(d.out.list_offsets.throttle_time_ms, 0);
    moldau_arena_free(&d.arena);

    decode_vec(&d, &list_offsets_v6);
    p = &d.out.list_offsets.topics[0].partitions[0];
    ck_assert(p->timestamp == 0xabcd);
    ck_assert(p->offset == 10);
    ck_assert_int_eq(p->leader_epoch, 5);
    moldau_arena_free(&d.arena);
}
END_TEST

/* ---- robustness -------------------------------------------------------------------------- */

/* Every proper prefix of a valid response is rejected, and nothing leaks (ASan/valgrind). */
START_TEST(truncations_rejected)
{
    const resp_vec_t *vec = all_vecs[_i];
    uint8_t full[1024];
    size_t len = unhex(vec->hex, full, sizeof(full));
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *copy = malloc(cut ? cut : 1); /* exact size, so ASan sees any over-read */
        memcpy(copy, full, cut);
        moldau_reader_t r;
        moldau_reader_init(&r, copy, cut);
        moldau_arena_t a;
        moldau_arena_init(&a);
        any_response_t out;
        moldau_err_t err = decode_any(vec->api_key, &r, vec->version, &a, &out);
        ck_assert_msg(err == MOLDAU_ERR__BAD_MSG, "%s cut at %zu: %d", vec->name, cut, err);
        moldau_arena_free(&a);
        free(copy);
    }
}
END_TEST

/* Every response version decodes the empty-ish body of every other without crashing, and
 * versions out of range are refused before reading. */
START_TEST(versions_out_of_range)
{
    static const int16_t keys[] = {MOLDAU_API_API_VERSIONS, MOLDAU_API_METADATA,
                                   MOLDAU_API_PRODUCE, MOLDAU_API_FETCH,
                                   MOLDAU_API_LIST_OFFSETS};
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        const moldau_api_info_t *api = moldau_api_info(keys[k]);
        decoded_t d;
        ck_assert_int_eq(decode_hex(&d, keys[k], (int16_t)(api->min_version - 1), "00"),
                         MOLDAU_ERR__UNSUPPORTED_VERSION);
        moldau_arena_free(&d.arena);
        ck_assert_int_eq(decode_hex(&d, keys[k], (int16_t)(api->max_version + 1), "00"),
                         MOLDAU_ERR__UNSUPPORTED_VERSION);
        moldau_arena_free(&d.arena);
        for (int v = api->min_version; v <= api->max_version; v++)
            for (int i = 0; i < N_VECS; i++) {
                (void)decode_hex(&d, keys[k], (int16_t)v, all_vecs[i]->hex);
                moldau_arena_free(&d.arena);
            }
    }
}
END_TEST

/* A huge array count in a tiny body must fail before allocating. */
START_TEST(hostile_counts)
{
    decoded_t d;
    ck_assert_int_eq(decode_hex(&d, MOLDAU_API_METADATA, 1, "7fffffff 00000000"),
                     MOLDAU_ERR__BAD_MSG);
    moldau_arena_free(&d.arena);
    ck_assert_int_eq(decode_hex(&d, MOLDAU_API_FETCH, 12, "00000000 0000 00000000 ffffffff0f"),
                     MOLDAU_ERR__BAD_MSG);
    moldau_arena_free(&d.arena);
    /* A non-nullable array sent as null. */
    ck_assert_int_eq(decode_hex(&d, MOLDAU_API_LIST_OFFSETS, 1, "ffffffff"),
                     MOLDAU_ERR__BAD_MSG);
    moldau_arena_free(&d.arena);
}
END_TEST

Suite *moldau_test_msg_data_suite(void)
{
    Suite *s = suite_create("msg_data");
    TCase *tc = tcase_create("codec");
    tcase_add_test(tc, api_versions_request);
    tcase_add_test(tc, api_versions_response_v0);
    tcase_add_test(tc, api_versions_response_v3);
    tcase_add_test(tc, api_versions_fallback_v0_layout);
    tcase_add_test(tc, api_versions_fallback_own_layout);
    tcase_add_test(tc, api_versions_fallback_malformed);
    tcase_add_test(tc, metadata_request_v12);
    tcase_add_test(tc, metadata_request_versions);
    tcase_add_test(tc, metadata_response_v1);
    tcase_add_test(tc, metadata_response_v12);
    tcase_add_test(tc, metadata_response_v13);
    tcase_add_test(tc, produce_request);
    tcase_add_test(tc, produce_response_v3);
    tcase_add_test(tc, produce_response_v10);
    tcase_add_test(tc, produce_response_v13);
    tcase_add_test(tc, fetch_request_v4);
    tcase_add_test(tc, fetch_request_v13_v17);
    tcase_add_test(tc, fetch_response_v4);
    tcase_add_test(tc, fetch_response_v16);
    tcase_add_test(tc, list_offsets_request);
    tcase_add_test(tc, list_offsets_response);
    tcase_add_loop_test(tc, truncations_rejected, 0, N_VECS);
    tcase_add_test(tc, versions_out_of_range);
    tcase_add_test(tc, hostile_counts);
    suite_add_tcase(s, tc);
    return s;
}
