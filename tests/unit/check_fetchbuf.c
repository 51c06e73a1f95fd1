/* The consumer's pure parts: the prefetch bound (reserve, settle, release, the oversize
 * response, the wake-up when room comes back) and a fetched partition read into records
 * (every codec, keys, headers, nulls, control batches skipped, the head of a batch before
 * the fetch offset dropped, a partial trailing batch, a CRC mismatch). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consumer/fetch_budget.h"
#include "consumer/fetchbuf.h"

static int woken;
static void on_room(void *opaque) { (*(int *)opaque)++; }

START_TEST(budget_bound)
{
    moldau__fetch_budget_t b;
    ck_assert_int_eq(moldau__fetch_budget_init(&b, 100, 10), 0);
    woken = 0;
    moldau__fetch_budget_on_room(&b, on_room, &woken);
    ck_assert_uint_eq(moldau__fetch_budget_reserve(&b, 60), 60);
    ck_assert_uint_eq(moldau__fetch_budget_reserve(&b, 60), 40); /* what is left */
    ck_assert_uint_eq(moldau__fetch_budget_reserve(&b, 1), 0);
    ck_assert_uint_eq(moldau__fetch_budget_used(&b), 100);
    /* the first response was short, the second an oversize batch the broker sent whole */
    moldau__fetch_budget_settle(&b, 60, 20);
    ck_assert_int_eq(woken, 1);
    moldau__fetch_budget_settle(&b, 40, 150);
    ck_assert_uint_eq(moldau__fetch_budget_used(&b), 170);
    ck_assert_uint_eq(moldau__fetch_budget_reserve(&b, 10), 0);
    moldau__fetch_budget_release(&b, 150);
    ck_assert_int_eq(woken, 2);
    ck_assert_uint_eq(moldau__fetch_budget_used(&b), 20);
    /* room below min_grant grants nothing rather than a useless small fetch */
    ck_assert_uint_eq(moldau__fetch_budget_reserve(&b, 75), 75);
    ck_assert_uint_eq(moldau__fetch_budget_reserve(&b, 100), 0); /* 5 left < 10 */
    moldau__fetch_budget_release(&b, 95);
    ck_assert_uint_eq(moldau__fetch_budget_used(&b), 0);
    ck_assert_uint_eq(moldau__fetch_budget_peak(&b), 170);
    moldau__fetch_budget_destroy(&b);
}
END_TEST

static moldau_bytes_t B(const char *s) { return (moldau_bytes_t){(const uint8_t *)s, (int32_t)strlen(s)}; }

/* Appends a batch of n records from base (values "v<offset>", keys "k<offset>" but null for
 * the first, a header on the second) to set. */
static void add_batch(moldau_buf_t *set, moldau_codec_t codec, int64_t base, int n, int16_t attrs)
{
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, codec, MOLDAU_COMPRESSION_LEVEL_DEFAULT);
    b.base_offset = base;
    b.partition_leader_epoch = 7;
    b.attributes = attrs;
    for (int i = 0; i < n; i++) {
        char k[32], v[32];
        snprintf(k, sizeof(k), "k%lld", (long long)(base + i));
        snprintf(v, sizeof(v), "v%lld", (long long)(base + i));
        moldau_header_t h[2] = {{B("h1"), B("x")}, {B("h2"), MOLDAU_BYTES_NULL}};
        moldau_bytes_t key = i == 0 ? MOLDAU_BYTES_NULL : B(k);
        moldau_bytes_t val = i == 2 ? MOLDAU_BYTES_NULL : B(v);
        if (attrs & MOLDAU_ATTR_CONTROL) {
            static const uint8_t ck[4] = {0, 0, 0, 1};
            key = (moldau_bytes_t){ck, 4};
        }
        ck_assert_int_eq(moldau_batch_builder_append(&b, 1700000000000LL + base + i, key, val,
                                                     i == 1 ? h : NULL, i == 1 ? 2 : 0),
                         MOLDAU_ERR_NONE);
    }
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
    moldau_buf_put(set, data, len);
    moldau_batch_builder_free(&b);
}

static void check_rec(const moldau_consumer_record_t *r, int64_t off, int64_t base)
{
    char k[32], v[32];
    snprintf(k, sizeof(k), "k%lld", (long long)off);
    snprintf(v, sizeof(v), "v%lld", (long long)off);
    ck_assert_str_eq(r->topic, "t");
    ck_assert_int_eq(r->partition, 3);
    ck_assert_int_eq(r->offset, off);
    ck_assert_int_eq(r->timestamp, 1700000000000LL + off);
    ck_assert_int_eq(r->timestamp_type, MOLDAU_TIMESTAMP_CREATE_TIME);
    ck_assert_int_eq(r->leader_epoch, 7);
    int i = (int)(off - base);
    if (i == 0) {
        ck_assert_ptr_null(r->key);
    } else {
        ck_assert_uint_eq(r->key_len, strlen(k));
        ck_assert_int_eq(memcmp(r->key, k, r->key_len), 0);
    }
    if (i == 2) {
        ck_assert_ptr_null(r->value);
    } else {
        ck_assert_uint_eq(r->value_len, strlen(v));
        ck_assert_int_eq(memcmp(r->value, v, r->value_len), 0);
    }
    ck_assert_uint_eq(r->n_headers, i == 1 ? 2 : 0);
    if (i == 1) {
        ck_assert_uint_eq(r->headers[0].key_len, 2);
        ck_assert_int_eq(memcmp(r->headers[0].key, "h1", 2), 0);
        ck_assert_uint_eq(r->headers[0].value_len, 1);
        ck_assert_int_eq(memcmp(r->headers[0].value, "x", 1), 0);
        ck_assert_ptr_null(r->headers[1].value);
    }
}

/* Batches: none 0-2, gzip 3-5, a control batch 6, snappy 7-9, lz4 10-12, zstd 13-15, then
 * half of another batch (cut at the fetch's byte limit). */
static size_t build_set(moldau_buf_t *set, size_t *codec_at)
{
    static const moldau_codec_t codecs[] = {MOLDAU_CODEC_NONE, MOLDAU_CODEC_GZIP,
                                            MOLDAU_CODEC_SNAPPY, MOLDAU_CODEC_LZ4,
                                            MOLDAU_CODEC_ZSTD};
    int64_t off = 0;
    for (int c = 0; c < 5; c++) {
        codec_at[c] = set->len;
        add_batch(set, codecs[c], off, 3, 0);
        off += 3;
        if (c == 1) {
            add_batch(set, MOLDAU_CODEC_NONE, off, 1,
                      MOLDAU_ATTR_CONTROL | MOLDAU_ATTR_TRANSACTIONAL);
            off += 1;
        }
    }
    size_t whole = set->len;
    moldau_buf_t tail;
    moldau_buf_init(&tail);
    add_batch(&tail, MOLDAU_CODEC_NONE, off, 3, 0);
    moldau_buf_put(set, tail.data, tail.len / 2);
    moldau_buf_free(&tail);
    return whole;
}

START_TEST(read_partition)
{
    moldau__fetch_budget_t budget;
    ck_assert_int_eq(moldau__fetch_budget_init(&budget, 1 << 20, 1), 0);
    moldau_buf_t set;
    moldau_buf_init(&set);
    size_t at[5];
    build_set(&set, at);
    size_t len = set.len;
    ck_assert_uint_eq(moldau__fetch_budget_reserve(&budget, 1 << 20), 1 << 20);
    moldau__fetch_budget_settle(&budget, 1 << 20, len);
    moldau__fetchbuf_t *fb = moldau__fetchbuf_new(&set, &budget);
    ck_assert_ptr_nonnull(fb);
    ck_assert_ptr_null(set.data);
    moldau_bytes_t records = {fb->body.data, (int32_t)fb->body.len};

    /* from 4: the head of the gzip batch is dropped, the control record skipped */
    moldau__fetch_records_t out;
    ck_assert_int_eq(moldau__fetchbuf_read_partition(fb, "t", 3, records, 4, 1, 1 << 20, NULL, 0, &out),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(out.n, 11);
    ck_assert_int_eq(out.next_offset, 16);
    int64_t expect[] = {4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    for (size_t i = 0; i < out.n; i++)
        check_rec(&out.recs[i], expect[i], expect[i] < 6 ? 3 : 7 + (expect[i] - 7) / 3 * 3);
    /* decompressed batches are counted in the bound while the buffer lives */
    ck_assert_uint_gt(moldau__fetch_budget_used(&budget), len);

    /* all of it from 0, and nothing from the end */
    ck_assert_int_eq(moldau__fetchbuf_read_partition(fb, "t", 3, records, 0, 1, 1 << 20, NULL, 0, &out),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(out.n, 15);
    check_rec(&out.recs[0], 0, 0);
    ck_assert_int_eq(moldau__fetchbuf_read_partition(fb, "t", 3, records, 16, 1, 1 << 20, NULL, 0, &out),
                     MOLDAU_ERR_NONE);
    ck_assert_uint_eq(out.n, 0);
    ck_assert_int_eq(out.next_offset, 16);

    /* a batch decompressing beyond the limit stops there */
    ck_assert_int_eq(moldau__fetchbuf_read_partition(fb, "t", 3, records, 0, 1, 4, NULL, 0, &out),
                     MOLDAU_ERR__TOO_LARGE);
    ck_assert_uint_eq(out.n, 3);
    ck_assert_int_eq(out.next_offset, 3);

    /* a flipped byte in the snappy batch: its CRC fails, what came before is delivered */
    fb->body.data[at[2] + 70] ^= 0x55;
    ck_assert_int_eq(moldau__fetchbuf_read_partition(fb, "t", 3, records, 0, 1, 1 << 20, NULL, 0, &out),
                     MOLDAU_ERR__CRC);
    ck_assert_uint_eq(out.n, 6);
    ck_assert_int_eq(out.next_offset, 7);

    moldau__fetchbuf_unref(fb);
    ck_assert_uint_eq(moldau__fetch_budget_used(&budget), 0);
    moldau__fetch_budget_destroy(&budget);
}
END_TEST

Suite *moldau_test_fetchbuf_suite(void)
{
    Suite *s = suite_create("fetchbuf");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, budget_bound);
    tcase_add_test(tc, read_partition);
    suite_add_tcase(s, tc);
    return s;
}
