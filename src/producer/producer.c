/* The producer's public API: configuration checks, produce, delivery reports, flush, close.
 * The reactor side is sender.c; topics and held records are topics.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/call.h"
#include "producer/producer.h"
#include "producer/sender.h"
#include "util/clock.h"

/* ---- configuration ------------------------------------------------------------------------ */

/* The Java client's rules for enable.idempotence: what it needs is adjusted when left at the
 * default, and refused with the property's name when set otherwise. */
static int check_conf(moldau_conf_t *conf, char *errstr, size_t errstr_size)
{
    if (*moldau__conf_str(conf, MOLDAU__CONF_TRANSACTIONAL_ID)) {
        snprintf(errstr, errstr_size, "transactional.id: transactions are not supported yet");
        return -1;
    }
    if (moldau__conf_int(conf, MOLDAU__CONF_PARTITIONER) == MOLDAU__PARTITIONER_CUSTOM &&
        !moldau__conf_cbs(conf)->partitioner) {
        snprintf(errstr, errstr_size,
                 "partitioner=custom needs moldau_conf_set_partitioner_cb() first");
        return -1;
    }
    /* A record must be able to linger and then wait for one response before it times out
     * (Java's rule): a setting that cannot is an error, the default is raised to fit. */
    int64_t linger = moldau__conf_int(conf, MOLDAU__CONF_LINGER_MS);
    int64_t request_timeout = moldau__conf_int(conf, MOLDAU__CONF_REQUEST_TIMEOUT_MS);
    int64_t delivery_timeout = moldau__conf_int(conf, MOLDAU__CONF_DELIVERY_TIMEOUT_MS);
    if (delivery_timeout < linger + request_timeout) {
        if (moldau__conf_is_set(conf, MOLDAU__CONF_DELIVERY_TIMEOUT_MS)) {
            snprintf(errstr, errstr_size,
                     "delivery.timeout.ms (%lld) must be at least linger.ms + "
                     "request.timeout.ms (%lld)",
                     (long long)delivery_timeout, (long long)(linger + request_timeout));
            return -1;
        }
        char v[24], e[128];
        snprintf(v, sizeof(v), "%lld", (long long)(linger + request_timeout));
        if (moldau_conf_set(conf, "delivery.timeout.ms", v, e, sizeof(e))) {
            snprintf(errstr, errstr_size, "delivery.timeout.ms: %s", e);
            return -1;
        }
    }
    if (!moldau__conf_int(conf, MOLDAU__CONF_ENABLE_IDEMPOTENCE))
        return 0;
    int explicit_idem = moldau__conf_is_set(conf, MOLDAU__CONF_ENABLE_IDEMPOTENCE);
    int64_t acks = moldau__conf_int(conf, MOLDAU__CONF_ACKS);
    int64_t inflight = moldau__conf_int(conf, MOLDAU__CONF_MAX_IN_FLIGHT);
    int64_t retries = moldau__conf_int(conf, MOLDAU__CONF_RETRIES);
    int bad_acks = acks != MOLDAU__ACKS_ALL && acks != MOLDAU__ACKS_ALL_NUM;
    const char *what = bad_acks ? "acks must be all (-1)"
                       : inflight > 5 ? "max.in.flight.requests.per.connection must be at most 5"
                       : retries == 0 ? "retries must be above 0"
                                      : NULL;
    if (!what)
        return 0;
    if (explicit_idem) {
        snprintf(errstr, errstr_size, "enable.idempotence=true: %s (set it false to allow this)",
                 what);
        return -1;
    }
    /* idempotence only by default: the application's explicit choice wins, as in Java */
    char e[128];
    moldau_conf_set(conf, "enable.idempotence", "false", e, sizeof(e));
    return 0;
}

/* ---- delivery reports --------------------------------------------------------------------- */

static void serve_batch(moldau_producer_t *p, moldau__accum_batch_t *b)
{
    moldau_delivery_t d = {.err = b->err,
                           .status = b->persisted,
                           .topic = b->topic,
                           .partition = b->partition};
    /* a Produce answer refusing the topic (e.g. DESCRIBE allowed, WRITE not): named, as when
     * the metadata refuses it */
    if (moldau__err_is_topic_refusal(b->err)) {
        moldau__ptopic_t *t = moldau__ptopic_lookup(p, b->topic);
        d.reason = t ? t->reason_refused : NULL;
    }
    for (int32_t i = 0; i < b->count; i++) {
        moldau_delivery_cb *cb = (moldau_delivery_cb *)b->recs[i].cb;
        if (!cb)
            cb = p->dr_cb;
        if (!cb)
            continue;
        d.offset = moldau__accum_batch_offset(b, i);
        d.timestamp = moldau__accum_batch_timestamp(b, i);
        d.opaque = b->recs[i].opaque;
        cb(p, &d, p->app_opaque);
    }
    int32_t n = b->count;
    moldau__accum_batch_destroy(p->acc, b);
    atomic_fetch_add(&p->served, (uint64_t)n);
    atomic_fetch_sub(&p->outstanding, n);
}

static void reports_serve(moldau__op_t *op, void *ctx)
{
    (void)ctx;
    moldau_producer_t *p = (moldau_producer_t *)((char *)op - offsetof(moldau_producer_t, rep_op));
    pthread_mutex_lock(&p->rep_lock);
    moldau__accum_batch_t *list = p->rep_head;
    p->rep_head = NULL;
    p->rep_tail = &p->rep_head;
    p->rep_queued = 0; /* the sink may queue the op again while we serve */
    pthread_mutex_unlock(&p->rep_lock);
    while (list) {
        moldau__accum_batch_t *next = list->sink_next;
        serve_batch(p, list);
        list = next;
    }
}

void moldau__producer_sink(moldau__accum_batch_t *batch, void *opaque)
{
    moldau_producer_t *p = opaque;
    batch->sink_next = NULL;
    pthread_mutex_lock(&p->rep_lock);
    *p->rep_tail = batch;
    p->rep_tail = &batch->sink_next;
    int push = !p->rep_queued;
    p->rep_queued = 1;
    pthread_mutex_unlock(&p->rep_lock);
    if (push)
        moldau__opq_push(&p->client->ops, &p->rep_op);
}

/* ---- life cycle --------------------------------------------------------------------------- */

typedef struct setup {
    moldau_producer_t *p;
    moldau__sender_conf_t sc;
} setup_t;

static void sender_create(void *arg)
{
    setup_t *s = arg;
    s->p->sender = moldau__sender_new(s->p, &s->sc);
}

static void sender_destroy(void *arg)
{
    moldau_producer_t *p = arg;
    moldau__sender_t *s = p->sender;
    p->sender = NULL;
    moldau__sender_destroy(s);
}

static void sender_close(void *arg)
{
    moldau_producer_t *p = arg;
    if (p->sender)
        moldau__sender_close(p->sender, MOLDAU_ERR__DESTROYED);
}

static void free_producer(moldau_producer_t *p)
{
    /* The client first: its connections may still be writing batches' bytes (requests are
     * spliced from them, not copied), and its last jobs may look at topics. */
    moldau_client_close(p->client);
    moldau__ptopics_destroy(p);
    moldau__accum_destroy(p->acc);
    pthread_rwlock_destroy(&p->topics_lock);
    pthread_mutex_destroy(&p->rep_lock);
    free(p);
}

moldau_producer_t *moldau_producer_new(const moldau_conf_t *conf_in, char *errstr,
                                       size_t errstr_size)
{
    moldau_conf_t *conf = moldau_conf_dup(conf_in);
    if (!conf) {
        snprintf(errstr, errstr_size, "out of memory");
        return NULL;
    }
    if (check_conf(conf, errstr, errstr_size)) {
        moldau_conf_destroy(conf);
        return NULL;
    }
    moldau_producer_t *p = calloc(1, sizeof(*p));
    if (!p) {
        moldau_conf_destroy(conf);
        snprintf(errstr, errstr_size, "out of memory");
        return NULL;
    }
    const moldau__conf_cbs_t *cbs = moldau__conf_cbs(conf);
    p->dr_cb = (moldau_delivery_cb *)cbs->delivery;       /* stored by conf_cbs.c */
    p->part_cb = (moldau_partitioner_cb *)cbs->partitioner;
    p->app_opaque = cbs->opaque;
    static atomic_uint_fast64_t serials;
    p->serial = atomic_fetch_add(&serials, 1) + 1;
    p->part_kind = (moldau__partitioner_kind_t)moldau__conf_int(conf, MOLDAU__CONF_PARTITIONER);
    p->ignore_keys = (int)moldau__conf_int(conf, MOLDAU__CONF_PARTITIONER_IGNORE_KEYS);
    p->batch_size = moldau__conf_int(conf, MOLDAU__CONF_BATCH_SIZE);
    p->max_block_ms = moldau__conf_int(conf, MOLDAU__CONF_MAX_BLOCK_MS);
    p->delivery_timeout_ms = moldau__conf_int(conf, MOLDAU__CONF_DELIVERY_TIMEOUT_MS);
    p->max_request_size = moldau__conf_int(conf, MOLDAU__CONF_MAX_REQUEST_SIZE);
    p->buffer_memory = moldau__conf_int(conf, MOLDAU__CONF_BUFFER_MEMORY);
    pthread_rwlock_init(&p->topics_lock, NULL);
    pthread_mutex_init(&p->rep_lock, NULL);
    p->rep_tail = &p->rep_head;
    moldau__op_init(&p->rep_op, MOLDAU__OP_DELIVERY, reports_serve, NULL);
    atomic_init(&p->outstanding, 0);
    atomic_init(&p->n_pending, 0);
    atomic_init(&p->served, 0);
    atomic_init(&p->closing, 0);

    static const moldau_codec_t codecs[] = {MOLDAU_CODEC_NONE, MOLDAU_CODEC_GZIP,
                                            MOLDAU_CODEC_SNAPPY, MOLDAU_CODEC_LZ4,
                                            MOLDAU_CODEC_ZSTD};
    moldau__accum_conf_t ac = {
        .linger_ms = moldau__conf_int(conf, MOLDAU__CONF_LINGER_MS),
        .batch_size = p->batch_size,
        .buffer_memory = p->buffer_memory,
        .max_block_ms = p->max_block_ms,
        .max_request_size = p->max_request_size,
        .delivery_timeout_ms = p->delivery_timeout_ms,
        .codec = codecs[moldau__conf_int(conf, MOLDAU__CONF_COMPRESSION_TYPE)],
        .level = MOLDAU_COMPRESSION_LEVEL_DEFAULT,
        .clock = moldau__now_ms,
    };
    int64_t acks = moldau__conf_int(conf, MOLDAU__CONF_ACKS);
    setup_t setup = {p, {
        .acks = acks == MOLDAU__ACKS_0 ? 0 : acks == MOLDAU__ACKS_1 ? 1 : -1,
        .request_timeout_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_REQUEST_TIMEOUT_MS),
        .retries = moldau__conf_int(conf, MOLDAU__CONF_RETRIES),
        .retry_backoff_ms = moldau__conf_int(conf, MOLDAU__CONF_RETRY_BACKOFF_MS),
        .retry_backoff_max_ms = moldau__conf_int(conf, MOLDAU__CONF_RETRY_BACKOFF_MAX_MS),
        .max_in_flight = (int)moldau__conf_int(conf, MOLDAU__CONF_MAX_IN_FLIGHT),
        .idempotence = (int)moldau__conf_int(conf, MOLDAU__CONF_ENABLE_IDEMPOTENCE),
        .max_request_size = p->max_request_size,
    }};
    if (setup.sc.retry_backoff_max_ms < setup.sc.retry_backoff_ms)
        setup.sc.retry_backoff_max_ms = setup.sc.retry_backoff_ms;
    if (!(p->acc = moldau__accum_new(&ac, moldau__producer_sink, p))) {
        snprintf(errstr, errstr_size, "out of memory");
        goto fail;
    }
    if (!(p->client = moldau_client_new(conf, errstr, errstr_size)))
        goto fail;
    p->logger = &p->client->logger;
    moldau__client_run_sync(p->client, sender_create, &setup);
    if (!p->sender) {
        snprintf(errstr, errstr_size, "out of memory");
        goto fail;
    }
    moldau__accum_set_wakeup(p->acc, moldau__sender_wakeup, p->sender);
    moldau_conf_destroy(conf);
    return p;
fail:
    moldau_conf_destroy(conf);
    free_producer(p);
    return NULL;
}

moldau_client_t *moldau_producer_client(moldau_producer_t *p) { return p->client; }

size_t moldau_producer_outstanding(moldau_producer_t *p)
{
    int64_t n = atomic_load(&p->outstanding);
    return n > 0 ? (size_t)n : 0;
}

/* ---- produce ------------------------------------------------------------------------------ */

void moldau_producer_record_init(moldau_producer_record_t *r)
{
    *r = (moldau_producer_record_t)MOLDAU_PRODUCER_RECORD_INIT;
}

/* A record accepted only to fail (its topic has a permanent error): one report. */
static moldau_err_t accept_failed(moldau__ptopic_t *t, const moldau_producer_record_t *m,
                                  int64_t ts, moldau_delivery_cb *cb, void *opaque,
                                  moldau_err_t err)
{
    moldau__pending_t *pd = calloc(1, sizeof(*pd));
    if (!pd)
        return MOLDAU_ERR__NO_MEMORY;
    pd->p = t->p;
    pd->topic = t;
    pd->partition = m->partition;
    pd->timestamp = ts;
    pd->cb = cb;
    pd->opaque = opaque;
    pd->reason = moldau__err_is_topic_refusal(err) ? t->reason_refused : NULL;
    atomic_fetch_add(&t->p->outstanding, 1);
    moldau__pending_fail(pd, err);
    return MOLDAU_ERR_NONE;
}

#define STACK_HEADERS 16

/* The topic's lock: a record held until its metadata is known, failed with the topic's
 * error, or partitioned by a partitioner that needs serialising. */
static moldau_err_t produce_locked(moldau_producer_t *p, moldau__ptopic_t *t,
                                   const moldau_producer_record_t *m, const moldau_header_t *hdrs,
                                   moldau_bytes_t key, moldau_bytes_t value, int64_t rsize,
                                   int64_t ts, moldau_delivery_cb *cb, void *opaque)
{
    moldau_err_t err;
    pthread_mutex_lock(&t->lock);
    if (t->err) {
        moldau_err_t terr = t->err;
        pthread_mutex_unlock(&t->lock);
        moldau__accum_unreserve(p->acc, rsize);
        return accept_failed(t, m, ts, cb, opaque, terr);
    }
    int32_t n = atomic_load_explicit(&t->n_partitions, memory_order_relaxed);
    if (n < 0 || t->pending) { /* metadata unknown (or older records still held: keep order) */
        atomic_fetch_add(&p->outstanding, 1);
        err = moldau__ptopic_hold(t, m, hdrs, rsize, ts, cb, opaque, moldau__now_ms());
        pthread_mutex_unlock(&t->lock);
        if (err) {
            atomic_fetch_sub(&p->outstanding, 1);
            moldau__accum_unreserve(p->acc, rsize);
        } else {
            moldau__sender_wakeup(p->sender); /* its timer covers the held record's deadline */
        }
        return err;
    }
    int32_t part = m->partition;
    if (part == MOLDAU_PARTITION_ANY)
        part = moldau__partition(&t->part, t->name, m->key, m->key_len, n, t->available, rsize);
    if (part < 0 || part >= n) {
        pthread_mutex_unlock(&t->lock);
        moldau__accum_unreserve(p->acc, rsize);
        return MOLDAU_ERR__UNKNOWN_PARTITION;
    }
    int closed = 0;
    atomic_fetch_add(&p->outstanding, 1);
    moldau__accum_record_t rec = {ts,     key, value, hdrs, m->n_headers, (moldau__accum_fn *)cb,
                                  opaque, rsize};
    err = moldau__accum_append_reserved(p->acc, t->parts[part]->ap, &rec, MOLDAU__ACCUM_NOW,
                                        &closed);
    if (closed)
        moldau__partitioner_batch_closed(&t->part, part);
    pthread_mutex_unlock(&t->lock);
    if (err)
        atomic_fetch_sub(&p->outstanding, 1);
    return err;
}

static moldau_err_t produce(moldau_producer_t *p, const moldau_producer_record_t *m,
                            const moldau_header_t *hdrs, moldau_delivery_cb *cb, void *opaque)
{
    moldau_bytes_t key = {m->key, m->key ? (int32_t)m->key_len : -1};
    moldau_bytes_t value = {m->value, m->value ? (int32_t)m->value_len : -1};
    int64_t rsize = (int64_t)moldau_record_max_size(key.len, value.len, hdrs, m->n_headers);
    moldau__ptopic_t *t = moldau__ptopic_get(p, m->topic);
    if (!t)
        return MOLDAU_ERR__NO_MEMORY;
    if (rsize + MOLDAU_BATCH_HEADER_SIZE + MOLDAU__ACCUM_REQUEST_OVERHEAD +
                (int64_t)t->name_len > p->max_request_size ||
        rsize > p->buffer_memory)
        return MOLDAU_ERR_MESSAGE_TOO_LARGE;
    int32_t n = atomic_load_explicit(&t->n_partitions, memory_order_acquire);
    if (m->partition != MOLDAU_PARTITION_ANY && n >= 0 && m->partition >= n)
        return MOLDAU_ERR__UNKNOWN_PARTITION;
    int64_t ts = m->timestamp ? m->timestamp : moldau__wall_ms();
    /* reserve before any lock: blocking here must not hold up the reactor */
    moldau_err_t err = moldau__accum_reserve(p->acc, rsize);
    if (err)
        return err;
    /* The common case needs no topic lock: metadata known (n never shrinks and the
     * partition array it covers is never freed), nothing held, a lock-free partition. */
    if (n < 0 || atomic_load_explicit(&t->locked_path, memory_order_acquire))
        return produce_locked(p, t, m, hdrs, key, value, rsize, ts, cb, opaque);
    int32_t part = m->partition;
    moldau__ppart_t *pp;
    if (part == MOLDAU_PARTITION_ANY) {
        part = moldau__partition_fast(&t->part, m->key, m->key_len, n, rsize);
        if (part < 0)
            return produce_locked(p, t, m, hdrs, key, value, rsize, ts, cb, opaque);
        pp = t->parts[part];
        /* a sticky partition that lost its leader: redrawn under the lock */
        if ((!m->key || t->part.ignore_keys) &&
            !atomic_load_explicit(&pp->up, memory_order_relaxed))
            return produce_locked(p, t, m, hdrs, key, value, rsize, ts, cb, opaque);
    } else {
        pp = t->parts[part];
    }
    int closed = 0;
    atomic_fetch_add_explicit(&p->outstanding, 1, memory_order_relaxed);
    moldau__accum_record_t rec = {ts,     key, value, hdrs, m->n_headers, (moldau__accum_fn *)cb,
                                  opaque, rsize};
    err = moldau__accum_append_reserved(p->acc, pp->ap, &rec, MOLDAU__ACCUM_NOW, &closed);
    if (closed)
        moldau__partitioner_batch_closed(&t->part, part);
    if (err)
        atomic_fetch_sub(&p->outstanding, 1);
    return err;
}

static moldau_err_t produce_with_headers(moldau_producer_t *p, const moldau_producer_record_t *m,
                                         moldau_delivery_cb *cb, void *opaque);

moldau_err_t moldau_produce(moldau_producer_t *p, const moldau_producer_record_t *m,
                            moldau_delivery_cb *cb, void *opaque)
{
    if (atomic_load_explicit(&p->closing, memory_order_relaxed))
        return MOLDAU_ERR__STATE;
    if (!m || !m->topic || !*m->topic || (m->n_headers && !m->headers) ||
        m->partition < MOLDAU_PARTITION_ANY || m->key_len > INT32_MAX ||
        m->value_len > INT32_MAX)
        return MOLDAU_ERR__INVALID_ARG;
    if (!m->n_headers)
        return produce(p, m, NULL, cb, opaque);
    return produce_with_headers(p, m, cb, opaque);
}

static moldau_err_t produce_with_headers(moldau_producer_t *p, const moldau_producer_record_t *m,
                                         moldau_delivery_cb *cb, void *opaque)
{
    moldau_header_t stack_hdrs[STACK_HEADERS], *hdrs = stack_hdrs;
    if (m->n_headers > STACK_HEADERS && !(hdrs = malloc(m->n_headers * sizeof(*hdrs))))
        return MOLDAU_ERR__NO_MEMORY;
    moldau_err_t err = MOLDAU_ERR_NONE;
    for (size_t i = 0; i < m->n_headers && !err; i++) {
        const moldau_record_header_t *h = &m->headers[i];
        size_t klen = h->key ? (h->key_len ? h->key_len : strlen(h->key)) : 0;
        if (!h->key || klen > INT32_MAX || h->value_len > INT32_MAX) {
            err = MOLDAU_ERR__INVALID_ARG;
            break;
        }
        hdrs[i].key.data = (const uint8_t *)h->key;
        hdrs[i].key.len = (int32_t)klen;
        hdrs[i].value.data = h->value;
        hdrs[i].value.len = h->value ? (int32_t)h->value_len : -1;
    }
    if (!err)
        err = produce(p, m, hdrs, cb, opaque);
    if (hdrs != stack_hdrs)
        free(hdrs);
    return err;
}

/* ---- poll, flush, sync -------------------------------------------------------------------- */

int moldau_producer_poll(moldau_producer_t *p, int timeout_ms)
{
    uint64_t before = atomic_load(&p->served);
    moldau_client_poll(p->client, timeout_ms);
    return (int)(atomic_load(&p->served) - before);
}

static int none_outstanding(void *arg)
{
    return atomic_load(&((moldau_producer_t *)arg)->outstanding) <= 0;
}

moldau_err_t moldau_producer_flush(moldau_producer_t *p, int timeout_ms)
{
    moldau__accum_flush_begin(p->acc);
    int done = moldau__client_wait(p->client, none_outstanding, p, timeout_ms, 1);
    moldau__accum_flush_end(p->acc);
    return done ? MOLDAU_ERR_NONE : MOLDAU_ERR__TIMED_OUT;
}

/* produce_sync's state: the record's callback completes it (see client/call.h). */
typedef struct sync_call {
    moldau__call_t call;
    moldau_delivery_t report;
} sync_call_t;

static void sync_free(moldau__call_t *call) { free(call); }

static void sync_cb(moldau_producer_t *p, const moldau_delivery_t *d, void *app_opaque)
{
    (void)p;
    (void)app_opaque;
    sync_call_t *s = d->opaque;
    s->report = *d;
    moldau__call_complete(&s->call);
}

moldau_err_t moldau_produce_sync(moldau_producer_t *p, const moldau_producer_record_t *m,
                                 moldau_delivery_t *report, int timeout_ms)
{
    sync_call_t *s = calloc(1, sizeof(*s));
    if (!s)
        return MOLDAU_ERR__NO_MEMORY;
    moldau__call_init(&s->call, p->client, sync_free);
    moldau_err_t err = moldau_produce(p, m, sync_cb, s);
    if (err) {
        free(s);
        return err;
    }
    /* sent at once rather than after linger.ms: someone is waiting for it */
    moldau__accum_flush_begin(p->acc);
    int done = moldau__call_wait(&s->call, timeout_ms, 1);
    moldau__accum_flush_end(p->acc);
    if (done) {
        err = s->report.err;
        if (report) {
            *report = s->report;
            report->opaque = NULL;
        }
    } else {
        err = MOLDAU_ERR__TIMED_OUT;
    }
    moldau__call_release(&s->call);
    return err;
}

void moldau_producer_close(moldau_producer_t *p, int timeout_ms)
{
    if (!p)
        return;
    atomic_store(&p->closing, 1);
    moldau_producer_flush(p, timeout_ms);
    /* what is left fails with _DESTROYED, and those reports are served here too */
    moldau__client_run_sync(p->client, sender_close, p);
    moldau__client_wait(p->client, none_outstanding, p, -1, 1);
    moldau__accum_set_wakeup(p->acc, NULL, NULL);
    moldau__client_run_sync(p->client, sender_destroy, p);
    free_producer(p);
}
