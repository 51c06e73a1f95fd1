/* The Produce encoder that leaves the record sets to the caller: w plus the spliced record
 * sets, in order, are byte for byte what the copying encoder writes, at every version; and a
 * frame's gathered pieces (net/frame.h) put them back together from any offset. */
#include <check.h>
#include <string.h>

#include "moldau/protocol.h"
#include "net/frame.h"

typedef struct splices {
    size_t at[8];
    moldau_bytes_t rec[8];
    int n;
    int fail_at; /* -1: never */
} splices_t;

static int record_splice(moldau_buf_t *w, moldau_bytes_t records, void *opaque)
{
    splices_t *s = opaque;
    if (s->n == s->fail_at)
        return -1;
    ck_assert_int_lt(s->n, 8);
    s->at[s->n] = w->len;
    s->rec[s->n++] = records;
    return 0;
}

static uint8_t batch_a[300], batch_b[70], batch_c[5000];

static void request(moldau_produce_request_t *req, moldau_produce_request_topic_t *topics,
                    moldau_produce_request_partition_t *parts)
{
    for (size_t i = 0; i < sizeof(batch_c); i++)
        batch_c[i] = (uint8_t)(i * 13);
    memset(batch_a, 0xa5, sizeof(batch_a));
    memset(batch_b, 0x5a, sizeof(batch_b));
    parts[0] = (moldau_produce_request_partition_t){2, {batch_a, sizeof(batch_a)}};
    parts[1] = (moldau_produce_request_partition_t){0, {NULL, -1}}; /* null: written inline */
    parts[2] = (moldau_produce_request_partition_t){1, {batch_b, sizeof(batch_b)}};
    parts[3] = (moldau_produce_request_partition_t){5, {batch_c, sizeof(batch_c)}};
    parts[4] = (moldau_produce_request_partition_t){6, {batch_a, 0}}; /* empty: inline */
    topics[0] = (moldau_produce_request_topic_t){
        .name = "first", .partition_data = parts, .n_partition_data = 3, .topic_id = {{1, 2, 3}}};
    topics[1] = (moldau_produce_request_topic_t){
        .name = "second", .partition_data = parts + 3, .n_partition_data = 2, .topic_id = {{9}}};
    *req = (moldau_produce_request_t){NULL, -1, 30000, topics, 2};
}

START_TEST(spliced_equals_copied_at_every_version)
{
    moldau_produce_request_t req;
    moldau_produce_request_topic_t topics[2];
    moldau_produce_request_partition_t parts[5];
    request(&req, topics, parts);
    for (int16_t v = 3; v <= 13; v++) {
        moldau_buf_t plain, w, joined;
        moldau_buf_init(&plain);
        moldau_buf_init(&w);
        moldau_buf_init(&joined);
        ck_assert_int_eq(moldau_produce_request_encode(&plain, v, &req), MOLDAU_ERR_NONE);
        splices_t s = {.fail_at = -1};
        ck_assert_int_eq(moldau_produce_request_encode_spliced(&w, v, &req, record_splice, &s),
                         MOLDAU_ERR_NONE);
        ck_assert_int_eq(s.n, 3);
        ck_assert_uint_eq(w.len + sizeof(batch_a) + sizeof(batch_b) + sizeof(batch_c), plain.len);
        size_t own = 0;
        for (int i = 0; i < s.n; i++) {
            moldau_buf_put(&joined, w.data + own, s.at[i] - own);
            moldau_buf_put(&joined, s.rec[i].data, (size_t)s.rec[i].len);
            own = s.at[i];
        }
        moldau_buf_put(&joined, w.data + own, w.len - own);
        ck_assert_uint_eq(joined.len, plain.len);
        ck_assert_msg(memcmp(joined.data, plain.data, plain.len) == 0, "v%d", v);
        moldau_buf_free(&plain);
        moldau_buf_free(&w);
        moldau_buf_free(&joined);
    }
}
END_TEST

START_TEST(a_failed_splice_fails_the_encoding)
{
    moldau_produce_request_t req;
    moldau_produce_request_topic_t topics[2];
    moldau_produce_request_partition_t parts[5];
    request(&req, topics, parts);
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_buf_put(&w, "head", 4);
    splices_t s = {.fail_at = 1};
    ck_assert_int_eq(moldau_produce_request_encode_spliced(&w, 9, &req, record_splice, &s),
                     MOLDAU_ERR__NO_MEMORY);
    ck_assert_uint_eq(w.len, 4); /* cut back as any encoder does */
    moldau_buf_free(&w);
    /* bytes announced without data are refused as by the copying encoder */
    parts[2].records.data = NULL;
    moldau_buf_init(&w);
    s = (splices_t){.fail_at = -1};
    ck_assert_int_eq(moldau_produce_request_encode_spliced(&w, 9, &req, record_splice, &s),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_buf_free(&w);
}
END_TEST

static int frame_splice(moldau_buf_t *w, moldau_bytes_t records, void *opaque)
{
    (void)opaque;
    return moldau__frame_splice(w, records.data, (size_t)records.len);
}

START_TEST(frame_pieces_from_any_offset)
{
    moldau_produce_request_t req;
    moldau_produce_request_topic_t topics[2];
    moldau_produce_request_partition_t parts[5];
    request(&req, topics, parts);
    moldau_buf_t plain;
    moldau_buf_init(&plain);
    ck_assert_int_eq(moldau_produce_request_encode(&plain, 7, &req), MOLDAU_ERR_NONE);
    moldau__frame_t f;
    moldau__frame_init(&f);
    ck_assert_int_eq(moldau_produce_request_encode_spliced(&f.buf, 7, &req, frame_splice, NULL),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(moldau__frame_len(&f), plain.len);
    ck_assert_uint_eq(f.n_segs, 3);
    for (size_t skip = 0; skip < plain.len; skip += 1 + skip / 7) {
        for (int max = 1; max <= 8; max++) {
            struct iovec iov[8];
            int n = moldau__frame_iov(&f, skip, iov, max);
            ck_assert_int_le(n, max);
            size_t at = skip;
            for (int i = 0; i < n; i++) {
                ck_assert_uint_gt(iov[i].iov_len, 0);
                ck_assert(at + iov[i].iov_len <= plain.len);
                ck_assert(memcmp(iov[i].iov_base, plain.data + at, iov[i].iov_len) == 0);
                at += iov[i].iov_len;
            }
            if (max == 8) /* enough for all pieces: up to the end */
                ck_assert_uint_eq(at, plain.len);
        }
    }
    moldau__frame_free(&f);
    ck_assert_uint_eq(moldau__frame_len(&f), 0);
    moldau_buf_free(&plain);
}
END_TEST

Suite *moldau_test_produce_splice_suite(void)
{
    Suite *s = suite_create("produce_splice");
    TCase *tc = tcase_create("splice");
    tcase_add_test(tc, spliced_equals_copied_at_every_version);
    tcase_add_test(tc, a_failed_splice_fails_the_encoding);
    tcase_add_test(tc, frame_pieces_from_any_offset);
    suite_add_tcase(s, tc);
    return s;
}
