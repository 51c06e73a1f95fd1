/* The record accumulator, driven as the sender and the producer will drive it: time is a
 * parameter, the sink collects reported batches, and every test counts reports per record to
 * prove exactly one each. */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "moldau/protocol.h"
#include "producer/accumulator.h"

#define MAX_RECS 4096

/* ---- a sink that serves reports at once ---------------------------------------------------- */

typedef struct sink {
    moldau__accum_t *acc;
    pthread_mutex_t lock;
    int reports[MAX_RECS]; /* per record id (the record's opaque) */
    moldau_err_t last_err[MAX_RECS];
    int64_t offset[MAX_RECS];
    size_t batches;
} sink_t;

static sink_t S;

static void sink_fn(moldau__accum_batch_t *b, void *opaque)
{
    sink_t *s = opaque;
    pthread_mutex_lock(&s->lock);
    for (int32_t i = 0; i < b->count; i++) {
        intptr_t id = (intptr_t)b->recs[i].opaque;
        ck_assert(id >= 0 && id < MAX_RECS);
        s->reports[id]++;
        s->last_err[id] = b->err;
        s->offset[id] = moldau__accum_batch_offset(b, i);
    }
    s->batches++;
    pthread_mutex_unlock(&s->lock);
    moldau__accum_batch_destroy(s->acc, b);
}

static int wakeups;
static void wake_fn(void *opaque)
{
    (void)opaque;
    wakeups++;
}

static moldau__accum_conf_t base_conf(void)
{
    moldau__accum_conf_t c = {
        .linger_ms = 5,
        .batch_size = 16384,
        .buffer_memory = 32 << 20,
        .max_block_ms = 0,
        .max_request_size = 1 << 20,
        .delivery_timeout_ms = 120000,
        .codec = MOLDAU_CODEC_NONE,
        .level = MOLDAU_COMPRESSION_LEVEL_DEFAULT,
    };
    return c;
}

static moldau__accum_t *make(const moldau__accum_conf_t *c)
{
    memset(&S, 0, sizeof(S));
    pthread_mutex_init(&S.lock, NULL);
    S.acc = moldau__accum_new(c, sink_fn, &S);
    ck_assert_ptr_nonnull(S.acc);
    wakeups = 0;
    moldau__accum_set_wakeup(S.acc, wake_fn, NULL);
    return S.acc;
}

static void done(moldau__accum_t *acc)
{
    moldau__accum_purge(acc, MOLDAU_ERR__DESTROYED, 1);
    moldau__accum_destroy(acc);
    pthread_mutex_destroy(&S.lock);
}

static uint8_t value100[100];

static moldau_err_t put(moldau__accum_t *acc, moldau__accum_part_t *p, int id, size_t vlen,
                        int64_t now)
{
    static uint8_t big[1 << 16];
    moldau_bytes_t k = {(const uint8_t *)"k", 1};
    moldau_bytes_t v = {vlen <= sizeof(value100) ? value100 : big, (int32_t)vlen};
    return moldau__accum_append(acc, p, 1700000000000 + id, k, v, NULL, 0, NULL,
                                (void *)(intptr_t)id, now, NULL);
}

static void assert_each_reported_once(int n)
{
    for (int i = 0; i < n; i++)
        ck_assert_msg(S.reports[i] == 1, "record %d reported %d times", i, S.reports[i]);
}

/* Completes every batch of the list with consecutive offsets from *next_offset. */
static void complete_all(moldau__accum_t *acc, moldau__accum_batch_t *list, int64_t *next_offset)
{
    while (list) {
        moldau__accum_batch_t *b = list;
        list = b->next;
        int64_t base = next_offset ? *next_offset : -1;
        if (next_offset)
            *next_offset += b->count;
        moldau__accum_complete(acc, b, MOLDAU_ERR_NONE, base, -1);
    }
}

static size_t list_len(const moldau__accum_batch_t *b)
{
    size_t n = 0;
    for (; b; b = b->next)
        n++;
    return n;
}

/* ---- batching: batch.size, linger.ms, flush ------------------------------------------------ */

START_TEST(closes_when_full)
{
    moldau__accum_conf_t c = base_conf();
    c.linger_ms = 1000000;
    c.batch_size = 1024;
    moldau__accum_t *acc = make(&c);
    moldau__accum_part_t *p = moldau__accum_part(acc, "t", 0);
    ck_assert_ptr_eq(p, moldau__accum_part(acc, "t", 0));
    moldau__accum_part_set_leader(p, 1);
    for (int i = 0; i < 100; i++)
        ck_assert_int_eq(put(acc, p, i, 100, 0), MOLDAU_ERR_NONE);
    moldau__accum_stats_t st;
    moldau__accum_stats(acc, &st);
    ck_assert_uint_eq(st.records_appended, 100);
    /* a 100-byte value with a 1-byte key is a 109-byte record: 8 per 1024-byte batch */
    ck_assert_uint_ge(st.closed_full, 12);
    ck_assert_uint_le(st.closed_full, 13);
    ck_assert_uint_eq(st.batches_created, st.closed_full + (100 % 8 ? 1 : 0));
    ck_assert_int_eq(wakeups, 1); /* coalesced until the sender looks */
    int32_t nodes[4];
    moldau__accum_ready_t r = {.nodes = nodes, .max_nodes = 4};
    moldau__accum_ready(acc, 0, 0, &r);
    ck_assert_uint_eq(r.n_nodes, 1);
    ck_assert_int_eq(nodes[0], 1);
    ck_assert_int_eq(r.next_ready_ms, 1000000);
    ck_assert_int_eq(r.next_expiry_ms, 120000);
    int64_t off = 0;
    size_t drained = 0;
    moldau__accum_batch_t *list;
    while (moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &list)) {
        ck_assert_uint_eq(list_len(list), 1); /* one partition: one batch per request */
        ck_assert_uint_le(list->len, 1024);
        drained++;
        complete_all(acc, list, &off);
    }
    ck_assert_uint_eq(drained, st.closed_full); /* the open one waits for its linger */
    ck_assert_int_eq(off, (int64_t)st.closed_full * 8);
    for (int i = 0; i < off; i++)
        ck_assert_int_eq(S.offset[i], i);
    done(acc);
    assert_each_reported_once(100);
}
END_TEST

START_TEST(ready_after_linger)
{
    moldau__accum_conf_t c = base_conf();
    c.linger_ms = 50;
    c.batch_size = 1 << 20;
    moldau__accum_t *acc = make(&c);
    moldau__accum_part_t *p = moldau__accum_part(acc, "t", 3);
    moldau__accum_part_set_leader(p, 2);
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(put(acc, p, i, 100, 1000 + i), MOLDAU_ERR_NONE);
    ck_assert_int_eq(wakeups, 1); /* the first batch brought a linger deadline */
    int32_t nodes[4];
    moldau__accum_ready_t r = {.nodes = nodes, .max_nodes = 4};
    moldau__accum_ready(acc, 1000, 0, &r);
    ck_assert_uint_eq(r.n_nodes, 0);
    ck_assert_int_eq(r.next_ready_ms, 1050);
    ck_assert_int_eq(moldau__accum_next_ready_deadline(acc, 1049), 1050);
    moldau__accum_batch_t *list;
    ck_assert_uint_eq(moldau__accum_drain(acc, 2, 1049, 1 << 20, 0, -1, -1, &list), 0);
    moldau__accum_ready(acc, 1050, 0, &r);
    ck_assert_uint_eq(r.n_nodes, 1);
    ck_assert_int_eq(nodes[0], 2);
    ck_assert_uint_eq(moldau__accum_drain(acc, 3, 1050, 1 << 20, 0, -1, -1, &list), 0);
    ck_assert_uint_eq(moldau__accum_drain(acc, 2, 1050, 1 << 20, 0, -1, -1, &list), 1);
    ck_assert_int_eq(list->count, 10);
    ck_assert_int_eq(list->partition, 3);
    ck_assert_str_eq(list->topic, "t");
    /* the batch on the wire: 10 records, CRC right */
    moldau_record_set_t rs;
    moldau_batch_t bt;
    moldau_record_set_init(&rs, list->data, list->len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &bt), 1);
    ck_assert_int_eq(bt.records_count, 10);
    ck_assert_int_eq(bt.base_timestamp, 1700000000000);
    moldau__accum_stats_t st;
    moldau__accum_stats(acc, &st);
    ck_assert_uint_eq(st.closed_linger, 1);
    ck_assert_uint_eq(st.closed_full, 0);
    moldau__accum_complete(acc, list, MOLDAU_ERR_NONE, 500, 1234);
    ck_assert_int_eq(S.offset[9], 509);
    moldau__accum_ready(acc, 2000, 0, &r);
    ck_assert_int_eq(r.next_ready_ms, INT64_MAX);
    ck_assert_int_eq(r.next_expiry_ms, INT64_MAX);
    done(acc);
    assert_each_reported_once(10);
}
END_TEST

START_TEST(flush_makes_all_ready)
{
    moldau__accum_conf_t c = base_conf();
    c.linger_ms = 1000000;
    moldau__accum_t *acc = make(&c);
    moldau__accum_part_t *p[3];
    for (int i = 0; i < 3; i++) {
        p[i] = moldau__accum_part(acc, i == 2 ? "u" : "t", i);
        moldau__accum_part_set_leader(p[i], i == 2 ? 8 : 7);
        for (int j = 0; j < 5; j++)
            ck_assert_int_eq(put(acc, p[i], i * 5 + j, 100, 10), MOLDAU_ERR_NONE);
    }
    int32_t nodes[4];
    moldau__accum_ready_t r = {.nodes = nodes, .max_nodes = 4};
    moldau__accum_ready(acc, 10, 0, &r);
    ck_assert_uint_eq(r.n_nodes, 0);
    int w = wakeups;
    moldau__accum_flush_begin(acc);
    ck_assert_int_eq(wakeups, w + 1);
    moldau__accum_ready(acc, 10, 0, &r);
    ck_assert_uint_eq(r.n_nodes, 2);
    moldau__accum_batch_t *list;
    ck_assert_uint_eq(moldau__accum_drain(acc, 7, 10, 1 << 20, 0, -1, -1, &list), 2);
    complete_all(acc, list, NULL);
    ck_assert_uint_eq(moldau__accum_drain(acc, 8, 10, 1 << 20, 0, -1, -1, &list), 1);
    complete_all(acc, list, NULL);
    moldau__accum_flush_end(acc);
    moldau__accum_stats_t st;
    moldau__accum_stats(acc, &st);
    ck_assert_uint_eq(st.closed_flush, 3);
    ck_assert_uint_eq(st.closed_linger, 0);
    ck_assert_int_eq(st.outstanding, 0);
    ck_assert_int_eq(st.bytes_buffered, 0);
    ck_assert_int_eq(S.offset[0], -1); /* acks=0 style: no offset */
    done(acc);
    assert_each_reported_once(15);
}
END_TEST

/* ---- limits ------------------------------------------------------------------------------ */

START_TEST(max_request_size_refused)
{
    moldau__accum_conf_t c = base_conf();
    c.max_request_size = 1000;
    moldau__accum_t *acc = make(&c);
    moldau__accum_part_t *p = moldau__accum_part(acc, "t", 0);
    ck_assert_int_eq(put(acc, p, 0, 2000, 0), MOLDAU_ERR_MESSAGE_TOO_LARGE);
    ck_assert_int_eq(put(acc, p, 1, 1000, 0), MOLDAU_ERR_MESSAGE_TOO_LARGE);
    ck_assert_int_eq(put(acc, p, 2, 800, 0), MOLDAU_ERR_NONE);
    moldau__accum_stats_t st;
    moldau__accum_stats(acc, &st);
    ck_assert_uint_eq(st.records_appended, 1);
    done(acc);
    ck_assert_int_eq(S.reports[0], 0); /* refused: never reported */
    ck_assert_int_eq(S.reports[1], 0);
    ck_assert_int_eq(S.reports[2], 1);
}
END_TEST

START_TEST(buffer_full_at_once)
{
    moldau__accum_conf_t c = base_conf();
    c.buffer_memory = 1000;
    c.batch_size = 300;
    moldau__accum_t *acc = make(&c);
    moldau__accum_part_t *p = moldau__accum_part(acc, "t", 0);
    moldau__accum_part_set_leader(p, 1);
    int n = 0;
    while (put(acc, p, n, 100, 0) == MOLDAU_ERR_NONE)
        n++;
    int rsize = (int)moldau_record_max_size(1, 100, NULL, 0); /* what a record counts */
    ck_assert_int_eq(n, 1000 / rsize);
    ck_assert_int_eq(put(acc, p, n, 100, 0), MOLDAU_ERR__QUEUE_FULL);
    moldau__accum_stats_t st;
    moldau__accum_stats(acc, &st);
    ck_assert_int_eq(st.bytes_buffered, n * rsize);
    moldau__accum_batch_t *list;
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &list), 1);
    int freed = list->count;
    complete_all(acc, list, NULL);
    for (int i = 0; i < freed; i++)
        ck_assert_int_eq(put(acc, p, n + i, 100, 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(put(acc, p, n + freed, 100, 0), MOLDAU_ERR__QUEUE_FULL);
    done(acc);
    assert_each_reported_once(n + freed);
}
END_TEST

typedef struct blocker {
    moldau__accum_t *acc;
    moldau__accum_part_t *p;
    int id;
    atomic_int finished;
    moldau_err_t err;
} blocker_t;

static void *blocked_append(void *arg)
{
    blocker_t *b = arg;
    b->err = put(b->acc, b->p, b->id, 100, 0);
    atomic_store(&b->finished, 1);
    return NULL;
}

static void wait_blocked(moldau__accum_t *acc, int n)
{
    moldau__accum_stats_t st;
    for (;;) {
        moldau__accum_stats(acc, &st);
        if (st.blocked == n)
            return;
        usleep(1000);
    }
}

START_TEST(blocked_until_completion)
{
    moldau__accum_conf_t c = base_conf();
    c.buffer_memory = 1000;
    c.batch_size = 300;
    c.max_block_ms = 600000; /* a test failure, not the timeout, ends the wait */
    moldau__accum_t *acc = make(&c);
    moldau__accum_part_t *p = moldau__accum_part(acc, "t", 0);
    moldau__accum_part_set_leader(p, 1);
    int rsize = (int)moldau_record_max_size(1, 100, NULL, 0);
    int n = 1000 / rsize;
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(put(acc, p, i, 100, 0), MOLDAU_ERR_NONE);
    blocker_t b = {.acc = acc, .p = p, .id = n};
    atomic_init(&b.finished, 0);
    pthread_t t;
    pthread_create(&t, NULL, blocked_append, &b);
    wait_blocked(acc, 1);
    ck_assert_int_eq(atomic_load(&b.finished), 0);
    moldau__accum_batch_t *list;
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &list), 1);
    complete_all(acc, list, NULL); /* frees space: the producer thread goes on */
    pthread_join(t, NULL);
    ck_assert_int_eq(b.err, MOLDAU_ERR_NONE);

    /* close releases a blocked producer with a refusal */
    moldau__accum_stats_t st;
    for (moldau__accum_stats(acc, &st); st.bytes_buffered + rsize <= 1000;
         moldau__accum_stats(acc, &st))
        ck_assert_int_eq(put(acc, p, ++n, 100, 0), MOLDAU_ERR_NONE);
    n++;
    blocker_t b2 = {.acc = acc, .p = p, .id = n};
    atomic_init(&b2.finished, 0);
    pthread_create(&t, NULL, blocked_append, &b2);
    wait_blocked(acc, 1);
    moldau__accum_close_begin(acc);
    pthread_join(t, NULL);
    ck_assert_int_eq(b2.err, MOLDAU_ERR__STATE);
    ck_assert_int_eq(put(acc, p, n, 100, 0), MOLDAU_ERR__STATE);
    done(acc);
    assert_each_reported_once(n);
    ck_assert_int_eq(S.reports[n], 0);
}
END_TEST

/* ---- drain ------------------------------------------------------------------------------- */

START_TEST(drain_bounds)
{
    moldau__accum_conf_t c = base_conf();
    c.batch_size = 600;
    c.linger_ms = 1000000;
    moldau__accum_t *acc = make(&c);
    moldau__accum_part_t *p[3];
    int id = 0;
    for (int i = 0; i < 3; i++) {
        p[i] = moldau__accum_part(acc, "t", i);
        moldau__accum_part_set_leader(p[i], 1);
        for (int j = 0; j < 12; j++) /* 4 per batch: 3 closed batches each */
            ck_assert_int_eq(put(acc, p[i], id++, 100, 0), MOLDAU_ERR_NONE);
    }
    moldau__accum_batch_t *list, *inflight = NULL;
    /* one batch per partition, however much room */
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &list), 3);
    int seen[3] = {0};
    for (moldau__accum_batch_t *b = list; b; b = b->next)
        seen[b->partition]++;
    ck_assert(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
    inflight = list;
    /* room for one: the first goes, whatever its size */
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1, 0, -1, -1, &list), 1);
    int x = list->partition; /* now 2 in flight, 0 queued */
    complete_all(acc, list, NULL);
    /* in-flight limit 1: every partition has one in flight */
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 1, -1, -1, &list), 0);
    ck_assert_int_eq(moldau__accum_part_in_flight(p[0]), 1);
    int32_t nodes[2];
    moldau__accum_ready_t r = {.nodes = nodes, .max_nodes = 2};
    moldau__accum_ready(acc, 0, 1, &r);
    ck_assert_uint_eq(r.n_nodes, 0);
    moldau__accum_ready(acc, 0, 2, &r);
    ck_assert_uint_eq(r.n_nodes, 1);
    /* muted partitions and other leaders are skipped */
    int other = (x + 1) % 3, third = (x + 2) % 3;
    moldau__accum_part_mute(p[other], 1);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 2, -1, -1, &list), 2);
    ck_assert(list->partition != other && list->next->partition != other);
    complete_all(acc, list, NULL);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 2, -1, -1, &list), 1);
    ck_assert_int_eq(list->partition, third);
    complete_all(acc, list, NULL);
    moldau__accum_part_mute(p[other], 0);
    moldau__accum_part_set_leader(p[other], 2);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 2, -1, -1, &list), 0);
    ck_assert_uint_eq(moldau__accum_drain(acc, 2, 0, 1 << 20, 2, -1, -1, &list), 1);
    ck_assert_int_eq(list->partition, other);
    complete_all(acc, list, NULL);
    complete_all(acc, inflight, NULL);
    moldau__accum_part_set_leader(p[other], 1);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &list), 1);
    ck_assert_int_eq(list->partition, other); /* its third */
    complete_all(acc, list, NULL);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(moldau__accum_part_in_flight(p[i]), 0);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &list), 0);
    /* max_bytes: exactly two batches' worth */
    for (int j = 0; j < 8; j++) {
        ck_assert_int_eq(put(acc, p[0], id++, 100, 0), MOLDAU_ERR_NONE);
        ck_assert_int_eq(put(acc, p[1], id++, 100, 0), MOLDAU_ERR_NONE);
        ck_assert_int_eq(put(acc, p[2], id++, 100, 0), MOLDAU_ERR_NONE);
    }
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &list), 3);
    size_t cost = list->len + 1 + MOLDAU__ACCUM_REQUEST_OVERHEAD; /* all batches alike */
    complete_all(acc, list, NULL);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 2 * cost, 0, -1, -1, &list), 2);
    complete_all(acc, list, NULL);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 2 * cost - 1, 0, -1, -1, &list), 1);
    complete_all(acc, list, NULL);
    done(acc);
    assert_each_reported_once(id);
}
END_TEST

static void check_stamp(const moldau__accum_batch_t *b, int64_t pid, int16_t epoch, int32_t seq)
{
    moldau_record_set_t rs;
    moldau_batch_t bt;
    moldau_record_set_init(&rs, b->data, b->len);
    ck_assert_int_eq(moldau_record_set_next(&rs, &bt), 1); /* CRC checked */
    ck_assert_int_eq(bt.producer_id, pid);
    ck_assert_int_eq(bt.producer_epoch, epoch);
    ck_assert_int_eq(bt.base_sequence, seq);
    ck_assert_int_eq(b->base_sequence, seq);
}

START_TEST(sequences_and_ordered_retries)
{
    moldau__accum_conf_t c = base_conf();
    c.batch_size = 600;
    c.linger_ms = 1000000;
    c.codec = MOLDAU_CODEC_LZ4; /* a retry is not compressed again, only re-stamped */
    moldau__accum_t *acc = make(&c);
    moldau__accum_part_t *p0 = moldau__accum_part(acc, "t", 0);
    moldau__accum_part_t *p1 = moldau__accum_part(acc, "t", 1);
    moldau__accum_part_set_leader(p0, 1);
    moldau__accum_part_set_leader(p1, 1);
    int id = 0;
    for (int j = 0; j < 16; j++) { /* 4 batches of 4 each */
        ck_assert_int_eq(put(acc, p0, id++, 100, 0), MOLDAU_ERR_NONE);
        ck_assert_int_eq(put(acc, p1, id++, 100, 0), MOLDAU_ERR_NONE);
    }
    moldau__accum_batch_t *l1, *l2;
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 5, 42, 3, &l1), 2);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 5, 42, 3, &l2), 2);
    moldau__accum_batch_t *a1 = l1->partition == 0 ? l1 : l1->next;
    moldau__accum_batch_t *a2 = l2->partition == 0 ? l2 : l2->next;
    moldau__accum_batch_t *b1 = l1->partition == 1 ? l1 : l1->next;
    moldau__accum_batch_t *b2 = l2->partition == 1 ? l2 : l2->next;
    check_stamp(a1, 42, 3, 0);
    check_stamp(a2, 42, 3, 4);
    check_stamp(b1, 42, 3, 0);
    check_stamp(b2, 42, 3, 4);
    ck_assert_int_eq(moldau__accum_part_sequence(p0), 8);
    /* both of partition 0 fail retriably; re-queued in any order, they go out in sequence */
    moldau__accum_part_mute(p0, 1);
    moldau__accum_requeue(acc, a2);
    moldau__accum_requeue(acc, a1);
    moldau__accum_part_mute(p0, 0);
    moldau__accum_complete(acc, b1, MOLDAU_ERR_NONE, 0, -1);
    moldau__accum_complete(acc, b2, MOLDAU_ERR_NONE, 4, -1);
    moldau__accum_batch_t *l;
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 5, 42, 3, &l), 2);
    moldau__accum_batch_t *r1 = l->partition == 0 ? l : l->next;
    ck_assert_ptr_eq(r1, a1);
    check_stamp(r1, 42, 3, 0); /* same sequence on retry */
    ck_assert_int_eq(r1->attempts, 2);
    complete_all(acc, l->partition == 0 ? l->next : l, NULL); /* p1's third batch */
    l->next = NULL;
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 5, 42, 3, &l), 2);
    moldau__accum_batch_t *r2 = l->partition == 0 ? l : l->next;
    ck_assert_ptr_eq(r2, a2);
    check_stamp(r2, 42, 3, 4);
    moldau__accum_batch_t *b4 = l->partition == 1 ? l : l->next;
    int64_t off0 = 0;
    moldau__accum_complete(acc, r1, MOLDAU_ERR_NONE, off0, -1);
    moldau__accum_complete(acc, b4, MOLDAU_ERR_NONE, 12, -1);
    /* an epoch bump: the retry is re-stamped with new sequences, new batches follow it */
    moldau__accum_requeue(acc, r2);
    moldau__accum_reset_sequences(acc);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 5, 42, 4, &l), 1);
    ck_assert_ptr_eq(l, a2);
    check_stamp(l, 42, 4, 0);
    moldau__accum_batch_t *n1;
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 5, 42, 4, &n1), 1);
    check_stamp(n1, 42, 4, 4);
    moldau__accum_complete(acc, l, MOLDAU_ERR_NONE, 4, -1);
    moldau__accum_complete(acc, n1, MOLDAU_ERR_NONE, 8, -1);
    done(acc);
    assert_each_reported_once(id);
    /* partition 0's records (even ids) got offsets in produce order */
    for (int i = 0; i < 16; i++)
        ck_assert_int_eq(S.offset[2 * i], i < 12 ? i : -1);
}
END_TEST

/* ---- expiry and purge -------------------------------------------------------------------- */

START_TEST(expiry_reports_once)
{
    moldau__accum_conf_t c = base_conf();
    c.batch_size = 600;
    c.linger_ms = 1000000;
    c.delivery_timeout_ms = 1000;
    moldau__accum_t *acc = make(&c);
    moldau__accum_part_t *p = moldau__accum_part(acc, "t", 0);
    moldau__accum_part_set_leader(p, 1);
    int id = 0;
    for (int j = 0; j < 10; j++) /* 2 full batches, an open one of 2 */
        ck_assert_int_eq(put(acc, p, id++, 100, 100), MOLDAU_ERR_NONE);
    moldau__accum_batch_t *fl;
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 100, 1 << 20, 0, -1, -1, &fl), 1);
    for (int j = 0; j < 3; j++) /* younger: open batch of 5, created at 600 */
        ck_assert_int_eq(put(acc, p, id++, 100, 600), MOLDAU_ERR_NONE);
    int32_t nodes[2];
    moldau__accum_ready_t r = {.nodes = nodes, .max_nodes = 2};
    moldau__accum_ready(acc, 100, 0, &r);
    ck_assert_int_eq(r.next_expiry_ms, 1100);
    ck_assert(!moldau__accum_batch_expired(acc, fl, 1099));
    ck_assert(moldau__accum_batch_expired(acc, fl, 1100));
    ck_assert_uint_eq(moldau__accum_expire(acc, 1099, 1), 0);
    /* queued and open batches from t=100: the in-flight one only when asked */
    ck_assert_uint_eq(moldau__accum_expire(acc, 1100, 0), 2);
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(S.reports[i], i < 4 ? 0 : 1);
    ck_assert_int_eq(S.last_err[9], MOLDAU_ERR__MSG_TIMED_OUT);
    ck_assert_uint_eq(moldau__accum_expire(acc, 1100, 1), 1);
    ck_assert_int_eq(S.reports[0], 1);
    ck_assert_int_eq(moldau__accum_part_in_flight(p), 1); /* its request is still out */
    moldau__accum_complete(acc, fl, MOLDAU_ERR_NONE, 0, -1); /* the late response: no report */
    ck_assert_int_eq(moldau__accum_part_in_flight(p), 0);
    ck_assert_int_eq(S.reports[0], 1);
    ck_assert_int_eq(S.last_err[0], MOLDAU_ERR__MSG_TIMED_OUT);
    moldau__accum_ready(acc, 1100, 0, &r);
    ck_assert_int_eq(r.next_expiry_ms, 1600);
    ck_assert_uint_eq(moldau__accum_expire(acc, 1600, 1), 1);
    moldau__accum_stats_t st;
    moldau__accum_stats(acc, &st);
    ck_assert_int_eq(st.outstanding, 0);
    ck_assert_int_eq(st.bytes_buffered, 0);
    ck_assert_uint_eq(st.records_reported, (uint64_t)id);
    done(acc);
    assert_each_reported_once(id);
}
END_TEST

START_TEST(purge_reports_once)
{
    moldau__accum_conf_t c = base_conf();
    c.batch_size = 600;
    c.linger_ms = 1000000;
    moldau__accum_t *acc = make(&c);
    moldau__accum_part_t *p = moldau__accum_part(acc, "t", 0);
    moldau__accum_part_t *q = moldau__accum_part(acc, "u", 0);
    moldau__accum_part_set_leader(p, 1);
    int id = 0;
    for (int j = 0; j < 14; j++) {
        ck_assert_int_eq(put(acc, p, id++, 100, 0), MOLDAU_ERR_NONE);
        ck_assert_int_eq(put(acc, q, id++, 100, 0), MOLDAU_ERR_NONE); /* no leader */
    }
    moldau__accum_batch_t *a, *b, *d;
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &a), 1);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &b), 1);
    ck_assert_uint_eq(moldau__accum_drain(acc, 1, 0, 1 << 20, 0, -1, -1, &d), 1);
    moldau__accum_complete(acc, a, MOLDAU_ERR_NONE, 0, -1);
    moldau__accum_close_begin(acc);
    int32_t nodes[2];
    moldau__accum_ready_t r = {.nodes = nodes, .max_nodes = 2};
    moldau__accum_ready(acc, 0, 0, &r);
    ck_assert_int_eq(r.unknown_leader, 1);
    /* 3 batches of q and its open one, p's open one, b and d in flight */
    ck_assert_uint_eq(moldau__accum_purge(acc, MOLDAU_ERR__DESTROYED, 1), 7);
    ck_assert_uint_eq(moldau__accum_purge(acc, MOLDAU_ERR__DESTROYED, 1), 0);
    moldau__accum_requeue(acc, b); /* the sender lets go: nothing more is reported */
    moldau__accum_complete(acc, d, MOLDAU_ERR_NONE, 4, -1);
    for (int i = 0; i < id; i++)
        ck_assert_int_eq(S.last_err[i], i % 2 == 0 && i < 8 ? MOLDAU_ERR_NONE
                                                           : MOLDAU_ERR__DESTROYED);
    moldau__accum_stats_t st;
    moldau__accum_stats(acc, &st);
    ck_assert_int_eq(st.outstanding, 0);
    ck_assert_int_eq(st.bytes_buffered, 0);
    done(acc);
    assert_each_reported_once(id);
}
END_TEST

/* ---- stress: producers, a sender, exactly once, order kept -------------------------------- */

#define ST_THREADS 4
#define ST_PARTS 8

typedef struct stress {
    moldau__accum_t *acc;
    moldau__accum_part_t *parts[ST_PARTS];
    int per_thread;
    uint8_t *seen[ST_THREADS];            /* reports per record */
    int64_t next_offset[ST_PARTS];        /* the "broker" */
    int64_t expect_offset[ST_PARTS];      /* the next report's offset, per partition */
    int32_t last_seq[ST_PARTS][ST_THREADS];
    atomic_int producers_done;
    long errors;
} stress_t;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Runs on the sender thread (the only one completing): checks as it goes. */
static void stress_sink(moldau__accum_batch_t *b, void *opaque)
{
    stress_t *s = opaque;
    int part = b->partition;
    for (int32_t i = 0; i < b->count; i++) {
        uintptr_t v = (uintptr_t)b->recs[i].opaque;
        int t = (int)(v >> 24), seq = (int)(v & 0xffffff);
        if (b->err || s->seen[t][seq]++ || seq <= s->last_seq[part][t] ||
            moldau__accum_batch_offset(b, i) != s->expect_offset[part])
            s->errors++;
        s->last_seq[part][t] = seq;
        s->expect_offset[part]++;
    }
    moldau__accum_batch_destroy(s->acc, b);
}

typedef struct producer_arg {
    stress_t *s;
    int t;
} producer_arg_t;

static void *stress_producer(void *arg)
{
    producer_arg_t *a = arg;
    stress_t *s = a->s;
    uint64_t rng = 0x9e3779b97f4a7c15ull * (uint64_t)(a->t + 1);
    for (int i = 0; i < s->per_thread; i++) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        moldau__accum_part_t *p = s->parts[rng % ST_PARTS];
        moldau_bytes_t v = {value100, (int32_t)(rng % 100) + 1};
        moldau_bytes_t k = {NULL, -1};
        moldau_err_t err = moldau__accum_append(s->acc, p, i, k, v, NULL, 0, NULL,
                                                (void *)(((uintptr_t)a->t << 24) | (uintptr_t)i),
                                                mono_ms(), NULL);
        if (err)
            __atomic_fetch_add(&s->errors, 1, __ATOMIC_RELAXED);
    }
    atomic_fetch_add(&s->producers_done, 1);
    return NULL;
}

START_TEST(stress_exactly_once_in_order)
{
    int total = 1000000;
#if defined(__SANITIZE_ADDRESS__)
    total = 100000;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    total = 100000;
#endif
#endif
    if (getenv("MOLDAU_STRESS_RECORDS"))
        total = atoi(getenv("MOLDAU_STRESS_RECORDS"));
    stress_t *s = calloc(1, sizeof(*s));
    s->per_thread = total / ST_THREADS;
    moldau__accum_conf_t c = base_conf();
    c.linger_ms = 2;
    c.batch_size = 4096;
    c.buffer_memory = 256 << 10; /* small: producers block on it */
    c.max_block_ms = 600000;
    s->acc = moldau__accum_new(&c, stress_sink, s);
    for (int i = 0; i < ST_PARTS; i++) {
        s->parts[i] = moldau__accum_part(s->acc, "stress", i);
        moldau__accum_part_set_leader(s->parts[i], i % 3);
        for (int t = 0; t < ST_THREADS; t++)
            s->last_seq[i][t] = -1;
    }
    for (int t = 0; t < ST_THREADS; t++)
        s->seen[t] = calloc((size_t)s->per_thread, 1);
    pthread_t th[ST_THREADS];
    producer_arg_t args[ST_THREADS];
    for (int t = 0; t < ST_THREADS; t++) {
        args[t] = (producer_arg_t){s, t};
        pthread_create(&th[t], NULL, stress_producer, &args[t]);
    }
    /* The sender: one batch per partition in flight, one in ten fails and is retried. */
    uint64_t rng = 88172645463325252ull;
    int flushing = 0;
    size_t retries = 0;
    for (;;) {
        if (!flushing && atomic_load(&s->producers_done) == ST_THREADS) {
            moldau__accum_flush_begin(s->acc);
            flushing = 1;
        }
        if (flushing && moldau__accum_outstanding(s->acc) == 0)
            break;
        int64_t now = mono_ms();
        for (int node = 0; node < 3; node++) {
            moldau__accum_batch_t *l;
            moldau__accum_drain(s->acc, node, now, 1 << 20, 1, 1000, 0, &l);
            while (l) {
                moldau__accum_batch_t *b = l;
                l = b->next;
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                if (rng % 10 == 0) {
                    moldau__accum_requeue(s->acc, b);
                    retries++;
                    continue;
                }
                int64_t base = s->next_offset[b->partition];
                s->next_offset[b->partition] += b->count;
                moldau__accum_complete(s->acc, b, MOLDAU_ERR_NONE, base, -1);
            }
        }
    }
    moldau__accum_flush_end(s->acc);
    for (int t = 0; t < ST_THREADS; t++)
        pthread_join(th[t], NULL);
    ck_assert_int_eq(s->errors, 0);
    for (int t = 0; t < ST_THREADS; t++)
        for (int i = 0; i < s->per_thread; i++)
            ck_assert_msg(s->seen[t][i] == 1, "record %d/%d reported %d times", t, i,
                          s->seen[t][i]);
    int64_t sum = 0;
    for (int i = 0; i < ST_PARTS; i++) {
        ck_assert_int_eq(s->expect_offset[i], s->next_offset[i]);
        ck_assert_int_eq(moldau__accum_part_sequence(s->parts[i]), s->next_offset[i]);
        sum += s->next_offset[i];
    }
    ck_assert_int_eq(sum, (int64_t)s->per_thread * ST_THREADS);
    ck_assert_uint_gt(retries, 0);
    moldau__accum_stats_t st;
    moldau__accum_stats(s->acc, &st);
    ck_assert_int_eq(st.bytes_buffered, 0);
    ck_assert_uint_eq(st.records_reported, (uint64_t)sum);
    moldau__accum_destroy(s->acc);
    for (int t = 0; t < ST_THREADS; t++)
        free(s->seen[t]);
    free(s);
}
END_TEST

Suite *moldau_test_accumulator_suite(void)
{
    Suite *s = suite_create("accumulator");
    TCase *tc = tcase_create("logic");
    tcase_add_test(tc, closes_when_full);
    tcase_add_test(tc, ready_after_linger);
    tcase_add_test(tc, flush_makes_all_ready);
    tcase_add_test(tc, max_request_size_refused);
    tcase_add_test(tc, buffer_full_at_once);
    tcase_add_test(tc, blocked_until_completion);
    tcase_add_test(tc, drain_bounds);
    tcase_add_test(tc, sequences_and_ordered_retries);
    tcase_add_test(tc, expiry_reports_once);
    tcase_add_test(tc, purge_reports_once);
    suite_add_tcase(s, tc);
    TCase *st = tcase_create("stress");
    tcase_set_timeout(st, 300);
    tcase_add_test(st, stress_exactly_once_in_order);
    suite_add_tcase(s, st);
    return s;
}
