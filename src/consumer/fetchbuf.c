/* A Fetch response kept whole, and its records read as views: see fetchbuf.h. */
#include "consumer/fetchbuf.h"

#include "consumer/aborted.h"

#include <stdlib.h>
#include <string.h>

struct moldau__fetchbuf_keep {
    struct moldau__fetchbuf_keep *next;
    void *block;
    size_t cap; /* its size, for the pool (0: freed, not pooled) */
};

moldau__fetchbuf_t *moldau__fetchbuf_new(moldau_buf_t *body, moldau__fetch_budget_t *budget)
{
    moldau__fetchbuf_t *fb = calloc(1, sizeof(*fb));
    if (!fb) {
        if (budget)
            moldau__fetch_budget_release(budget, body->len);
        moldau_buf_free(body);
        return NULL;
    }
    atomic_init(&fb->refs, 1);
    fb->body = *body;
    moldau_buf_init(body);
    moldau_arena_init(&fb->arena);
    fb->budget = budget;
    fb->accounted = fb->body.len;
    return fb;
}

void moldau__fetchbuf_ref(moldau__fetchbuf_t *fb) { atomic_fetch_add(&fb->refs, 1); }

void moldau__fetchbuf_unref(moldau__fetchbuf_t *fb)
{
    if (!fb || atomic_fetch_sub(&fb->refs, 1) != 1)
        return;
    for (struct moldau__fetchbuf_keep *k = fb->kept; k; k = k->next) {
        if (fb->pool && k->cap) {
            moldau_buf_t b = {.data = k->block, .len = 0, .cap = k->cap, .failed = 0};
            moldau__rbuf_pool_put(fb->pool, &b);
        } else {
            free(k->block);
        }
    }
    moldau_arena_free(&fb->arena); /* the keep nodes were in it */
    if (fb->pool)
        moldau__rbuf_pool_put(fb->pool, &fb->body);
    else
        moldau_buf_free(&fb->body);
    if (fb->budget)
        moldau__fetch_budget_release(fb->budget, fb->accounted);
    free(fb);
}

/* Makes a malloc'd block of cap bytes the fetchbuf's (freed with it, or put back into its
 * pool). -1 when out of memory (the block is freed). */
static int keep(moldau__fetchbuf_t *fb, void *block, size_t cap)
{
    struct moldau__fetchbuf_keep *k = moldau_arena_calloc(&fb->arena, 1, sizeof(*k));
    if (!k) {
        free(block);
        return -1;
    }
    k->block = block;
    k->cap = cap;
    k->next = fb->kept;
    fb->kept = k;
    return 0;
}

static void account(moldau__fetchbuf_t *fb, size_t n)
{
    fb->accounted += n;
    if (fb->budget)
        moldau__fetch_budget_settle(fb->budget, 0, n);
}

/* The growing array of a partition's records (malloc'd or from the pool, kept by the
 * fetchbuf at the end). */
typedef struct recs {
    moldau_consumer_record_t *v;
    size_t n, cap;
    moldau__rbuf_pool_t *pool;
} recs_t;

static moldau_consumer_record_t *recs_push(recs_t *r)
{
    if (r->n == r->cap) {
        if (!r->v && r->pool) {
            moldau_buf_t b;
            moldau_buf_init(&b);
            moldau__rbuf_pool_get(r->pool, &b, 64 * sizeof(*r->v));
            if (b.cap >= 64 * sizeof(*r->v)) {
                r->v = (moldau_consumer_record_t *)(void *)b.data;
                r->cap = b.cap / sizeof(*r->v);
                return &r->v[r->n++];
            }
            moldau_buf_free(&b);
        }
        size_t cap = r->cap ? r->cap * 2 : 64;
        moldau_consumer_record_t *v = realloc(r->v, cap * sizeof(*v));
        if (!v)
            return NULL;
        r->v = v;
        r->cap = cap;
    }
    return &r->v[r->n++];
}

static const void *view(moldau_bytes_t b, size_t *len)
{
    *len = b.len > 0 ? (size_t)b.len : 0;
    return b.len < 0 ? NULL : b.data ? (const void *)b.data : (const void *)"";
}

static moldau_err_t fill_headers(moldau__fetchbuf_t *fb, const moldau_record_t *rec,
                                 moldau_consumer_record_t *out)
{
    out->headers = NULL;
    out->n_headers = 0;
    if (rec->n_headers <= 0)
        return MOLDAU_ERR_NONE;
    moldau_record_header_t *h = moldau_arena_calloc(&fb->arena, (size_t)rec->n_headers,
                                                    sizeof(*h));
    if (!h)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_header_iter_t it;
    moldau_header_t hd;
    size_t n = 0;
    moldau_header_iter_init(&it, rec);
    while (n < (size_t)rec->n_headers && moldau_header_iter_next(&it, &hd)) {
        size_t klen;
        const void *k = view(hd.key, &klen);
        h[n].key = k ? k : "";
        h[n].key_len = klen;
        h[n].value = view(hd.value, &h[n].value_len);
        n++;
    }
    out->headers = h;
    out->n_headers = n;
    return MOLDAU_ERR_NONE;
}

/* The records of one batch from fetch_offset on. */
static moldau_err_t read_batch(moldau__fetchbuf_t *fb, const char *topic, int32_t partition,
                               const moldau_batch_t *b, int64_t fetch_offset, int check_crcs,
                               size_t max_decompressed, recs_t *out)
{
    moldau_buf_t dbuf;
    moldau_buf_init(&dbuf);
    if (b->codec != MOLDAU_CODEC_NONE && fb->pool) /* decompressed into a buffer used before */
        moldau__rbuf_pool_get(fb->pool, &dbuf, (size_t)b->records_len * 4);
    moldau_record_iter_t it;
    moldau_err_t err = moldau_record_iter_init(&it, b, &dbuf, max_decompressed);
    if (err) {
        moldau_buf_free(&dbuf);
        return err;
    }
    it.check_crc = check_crcs;
    if (dbuf.data) { /* the records are views into it from here on */
        account(fb, dbuf.cap);
        if (keep(fb, dbuf.data, dbuf.cap))
            return MOLDAU_ERR__NO_MEMORY;
    }
    moldau_timestamp_type_t tt = b->magic == 0        ? MOLDAU_TIMESTAMP_NONE
                                 : b->log_append_time ? MOLDAU_TIMESTAMP_LOG_APPEND_TIME
                                                      : MOLDAU_TIMESTAMP_CREATE_TIME;
    moldau_record_t rec;
    size_t first = out->n;
    while (moldau_record_iter_next(&it, &rec)) {
        if (rec.offset < fetch_offset)
            continue;
        moldau_consumer_record_t *r = recs_push(out);
        if (!r)
            return MOLDAU_ERR__NO_MEMORY;
        r->topic = topic;
        r->partition = partition;
        r->offset = rec.offset;
        r->timestamp = tt == MOLDAU_TIMESTAMP_NONE ? -1 : rec.timestamp;
        r->timestamp_type = tt;
        r->leader_epoch = b->partition_leader_epoch;
        r->key = view(rec.key, &r->key_len);
        r->value = view(rec.value, &r->value_len);
        if ((err = fill_headers(fb, &rec, r)))
            return err;
    }
    if (it.err) /* a batch is delivered whole or not at all */
        out->n = first;
    return it.err;
}

moldau_err_t moldau__fetchbuf_read_partition(moldau__fetchbuf_t *fb, const char *topic_in,
                                             int32_t partition, moldau_bytes_t records,
                                             int64_t fetch_offset, int check_crcs,
                                             size_t max_decompressed,
                                             const moldau_fetch_response_aborted_transaction_t *aborted,
                                             int32_t n_aborted, moldau__fetch_records_t *out)
{
    memset(out, 0, sizeof(*out));
    out->next_offset = fetch_offset;
    out->last_epoch = -1;
    const char *topic = moldau_arena_strndup(&fb->arena, topic_in, strlen(topic_in));
    moldau__aborted_t ab;
    if (!topic || moldau__aborted_init(&ab, &fb->arena, aborted, n_aborted))
        return out->err = MOLDAU_ERR__NO_MEMORY;
    recs_t rs = {.v = NULL, .n = 0, .cap = 0, .pool = fb->pool};
    moldau_record_set_t set;
    moldau_batch_t b;
    moldau_record_set_init(&set, records.data, records.len > 0 ? (size_t)records.len : 0);
    set.check_crc = check_crcs;
    moldau_err_t err = MOLDAU_ERR_NONE;
    size_t held_before = fb->accounted;
    while (!err && moldau_record_set_next(&set, &b)) {
        int64_t next = moldau_batch_next_offset(&b);
        if (next <= fetch_offset) /* before the fetch offset: an old batch the broker sent */
            continue;
        /* a compressed answer grows as it is read: the bound holds by leaving the rest */
        if (fb->read_wire && fb->budget && moldau__fetch_budget_full(fb->budget)) {
            out->cut = 1;
            break;
        }
        /* control batches (transaction markers) are never the application's, nor are the
         * batches of aborted transactions */
        int skip = moldau__aborted_skip(&ab, &b);
        if (skip < 0)
            err = MOLDAU_ERR__NO_MEMORY;
        else if (!skip)
            err = read_batch(fb, topic, partition, &b, fetch_offset, check_crcs,
                             max_decompressed, &rs);
        if (!err) {
            out->next_offset = next > out->next_offset ? next : out->next_offset;
            out->last_epoch = b.partition_leader_epoch;
            fb->read_wire += b.size;
        }
    }
    moldau__aborted_free(&ab);
    if (!err)
        err = set.err;
    if (rs.v && keep(fb, rs.v, rs.cap * sizeof(*rs.v))) {
        rs.n = 0;
        err = MOLDAU_ERR__NO_MEMORY;
    } else if (rs.v) {
        account(fb, rs.cap * sizeof(*rs.v));
    }
    fb->read_held += fb->accounted - held_before;
    out->recs = rs.v;
    out->n = rs.n;
    return out->err = err;
}
