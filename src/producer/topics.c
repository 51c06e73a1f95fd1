/* The producer's topics: a hash map by name, each topic with its partition count (from the
 * cluster's metadata), its partitions' availability, its partitioner state, and the records
 * held while its metadata is unknown. See producer.h for the threads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/reactor.h"
#include "producer/producer.h"
#include "producer/sender.h"

static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    while (*s)
        h = (h ^ (uint8_t)*s++) * 16777619u;
    return h;
}

static void want_job(moldau__reactor_t *r, moldau__job_t *job, moldau_err_t err)
{
    (void)r;
    moldau__ptopic_t *t = job->opaque;
    if (err || !t->p->sender)
        return;
    moldau__sender_topic_added(t->p->sender, t);
}

static void dist_serve(moldau__op_t *op, void *ctx);

/* The reasons of held records that expire (Java says "Topic X not present in metadata after
 * N ms"), written after the name: they live as long as the topic, as the report's topic. */
#define REASON_FMT "topic \"%s\" not present in metadata after %lld ms: %s"
#define REASON_UNANSWERED "no broker answered for it"
#define REASON_UNKNOWN "the cluster's answer had no partitions for it (no such topic?)"
/* A topic error no retry mends (not authorised, an invalid name): err says which. */
#define REASON_REFUSED_FMT "the cluster refused topic \"%s\""

static moldau__ptopic_t *topic_new(moldau_producer_t *p, const char *name)
{
    size_t n = strlen(name);
    long long wait = (long long)(p->max_block_ms < p->delivery_timeout_ms
                                     ? p->max_block_ms
                                     : p->delivery_timeout_ms);
    size_t r1 = (size_t)snprintf(NULL, 0, REASON_FMT, name, wait, REASON_UNANSWERED) + 1;
    size_t r2 = (size_t)snprintf(NULL, 0, REASON_FMT, name, wait, REASON_UNKNOWN) + 1;
    size_t r3 = (size_t)snprintf(NULL, 0, REASON_REFUSED_FMT, name) + 1;
    moldau__ptopic_t *t = calloc(1, sizeof(*t) + n + 1 + r1 + r2 + r3);
    if (!t)
        return NULL;
    memcpy(t->name, name, n + 1);
    t->name_len = n;
    char *r = t->name + n + 1;
    snprintf(r, r1, REASON_FMT, name, wait, REASON_UNANSWERED);
    t->reason_unanswered = r;
    snprintf(r + r1, r2, REASON_FMT, name, wait, REASON_UNKNOWN);
    t->reason_unknown = r + r1;
    snprintf(r + r1 + r2, r3, REASON_REFUSED_FMT, name);
    t->reason_refused = r + r1 + r2;
    t->p = p;
    pthread_mutex_init(&t->lock, NULL);
    atomic_init(&t->n_partitions, -1);
    atomic_init(&t->locked_path, 0);
    atomic_init(&t->parts, NULL);
    t->pending_tail = &t->pending;
    uint64_t seed = ((uint64_t)name_hash(name) << 32) ^ (uint64_t)moldau__now_ms() ^
                    (uint64_t)(uintptr_t)t;
    moldau__partitioner_init(&t->part, p->part_kind, p->ignore_keys, p->batch_size, seed);
    t->part.cb = (moldau__partition_cb *)p->part_cb;
    t->part.cb_opaque = p->app_opaque;
    moldau__job_init(&t->want_job, want_job, t);
    moldau__op_init(&t->dist_op, MOLDAU__OP_CALLBACK, dist_serve, NULL);
    return t;
}

_Thread_local moldau__last_topic_t moldau__last_topic;

static moldau__ptopic_t *find(moldau_producer_t *p, const char *name);

moldau__ptopic_t *moldau__ptopic_lookup(moldau_producer_t *p, const char *name)
{
    moldau__ptopic_t *t = find(p, name);
    if (t) {
        moldau__last_topic.serial = p->serial;
        moldau__last_topic.t = t;
    }
    return t;
}

static moldau__ptopic_t *find(moldau_producer_t *p, const char *name)
{
    uint32_t b = name_hash(name) % MOLDAU__PTOPIC_BUCKETS;
    pthread_rwlock_rdlock(&p->topics_lock);
    moldau__ptopic_t *t = p->buckets[b];
    while (t && strcmp(t->name, name))
        t = t->hnext;
    pthread_rwlock_unlock(&p->topics_lock);
    if (t)
        return t;
    pthread_rwlock_wrlock(&p->topics_lock);
    for (t = p->buckets[b]; t && strcmp(t->name, name); t = t->hnext)
        ;
    int fresh = 0;
    if (!t && (t = topic_new(p, name))) {
        t->hnext = p->buckets[b];
        p->buckets[b] = t;
        t->all_next = p->topics;
        p->topics = t;
        fresh = 1;
    }
    pthread_rwlock_unlock(&p->topics_lock);
    if (fresh)
        moldau__reactor_post(p->client->reactor, &t->want_job);
    return t;
}

static void pending_free(moldau__pending_t *pd) { free(pd); }

void moldau__ptopics_destroy(moldau_producer_t *p)
{
    moldau__ptopic_t *t = p->topics;
    while (t) {
        moldau__ptopic_t *next = t->all_next;
        for (moldau__pending_t *pd = t->pending, *pn; pd; pd = pn) {
            pn = pd->next;
            pending_free(pd);
        }
        moldau__pparts_t *a = t->parts_mem;
        for (int32_t i = 0; i < t->cap; i++)
            free(a->at[i]);
        while (a) {
            moldau__pparts_t *older = a->older;
            free(a);
            a = older;
        }
        free(t->available);
        pthread_mutex_destroy(&t->lock);
        free(t);
        t = next;
    }
    p->topics = NULL;
    memset(p->buckets, 0, sizeof(p->buckets));
}

moldau__ppart_t *moldau__ptopic_ppart(moldau_producer_t *p, const char *topic, int32_t partition)
{
    uint32_t b = name_hash(topic) % MOLDAU__PTOPIC_BUCKETS;
    pthread_rwlock_rdlock(&p->topics_lock);
    moldau__ptopic_t *t = p->buckets[b];
    while (t && strcmp(t->name, topic))
        t = t->hnext;
    pthread_rwlock_unlock(&p->topics_lock);
    /* parts only change on the reactor thread, which is the caller */
    if (!t || partition < 0 || partition >= t->cap)
        return NULL;
    return t->parts[partition];
}

/* ---- held records ------------------------------------------------------------------------ */

static void pending_serve(moldau__op_t *op, void *ctx)
{
    (void)ctx;
    moldau__pending_t *pd = (moldau__pending_t *)op;
    moldau_producer_t *p = pd->p;
    moldau_delivery_cb *cb = pd->cb ? pd->cb : p->dr_cb;
    if (cb) {
        moldau_delivery_t d = {.err = pd->err,
                               .status = MOLDAU_DELIVERY_NOT_PERSISTED, /* never sent */
                               .topic = pd->topic->name,
                               .partition = pd->partition,
                               .offset = -1,
                               .timestamp = pd->timestamp,
                               .opaque = pd->opaque,
                               .reason = pd->reason};
        cb(p, &d, p->app_opaque);
    }
    atomic_fetch_add(&p->served, 1);
    atomic_fetch_sub(&p->outstanding, 1);
}

static void pending_destroy(moldau__op_t *op) { pending_free((moldau__pending_t *)op); }

void moldau__pending_fail(moldau__pending_t *pd, moldau_err_t err)
{
    moldau_producer_t *p = pd->p;
    if (pd->reserved) {
        moldau__accum_unreserve(p->acc, pd->reserved);
        pd->reserved = 0;
    }
    pd->err = err;
    moldau__op_init(&pd->op, MOLDAU__OP_DELIVERY, pending_serve, pending_destroy);
    moldau__opq_push(&p->client->ops, &pd->op);
}

moldau_err_t moldau__ptopic_hold(moldau__ptopic_t *t, const moldau_producer_record_t *m,
                                 const moldau_header_t *hdrs, int64_t reserved, int64_t ts,
                                 moldau_delivery_cb *cb, void *opaque, int64_t now_ms)
{
    size_t extra = (m->key ? m->key_len : 0) + (m->value ? m->value_len : 0) +
                   m->n_headers * sizeof(moldau_header_t);
    for (size_t i = 0; i < m->n_headers; i++)
        extra += (size_t)hdrs[i].key.len + (hdrs[i].value.len > 0 ? (size_t)hdrs[i].value.len : 0);
    moldau__pending_t *pd = malloc(sizeof(*pd) + extra);
    if (!pd)
        return MOLDAU_ERR__NO_MEMORY;
    memset(pd, 0, sizeof(*pd));
    uint8_t *at = (uint8_t *)(pd + 1);
    /* headers first: their array wants the struct's alignment */
    pd->headers = m->n_headers ? (moldau_header_t *)at : NULL;
    pd->n_headers = m->n_headers;
    at += m->n_headers * sizeof(moldau_header_t);
    for (size_t i = 0; i < m->n_headers; i++) {
        moldau_header_t *h = &pd->headers[i];
        h->key.len = hdrs[i].key.len;
        h->key.data = at;
        memcpy(at, hdrs[i].key.data, (size_t)hdrs[i].key.len);
        at += hdrs[i].key.len;
        h->value.len = hdrs[i].value.len;
        h->value.data = at;
        if (hdrs[i].value.len > 0) {
            memcpy(at, hdrs[i].value.data, (size_t)hdrs[i].value.len);
            at += hdrs[i].value.len;
        }
    }
    pd->key.len = m->key ? (int32_t)m->key_len : -1;
    pd->key.data = at;
    if (m->key && m->key_len) {
        memcpy(at, m->key, m->key_len);
        at += m->key_len;
    }
    pd->value.len = m->value ? (int32_t)m->value_len : -1;
    pd->value.data = at;
    if (m->value && m->value_len)
        memcpy(at, m->value, m->value_len);
    pd->p = t->p;
    pd->topic = t;
    pd->partition = m->partition;
    pd->produce_ms = now_ms;
    pd->timestamp = ts;
    pd->reserved = reserved;
    pd->cb = cb;
    pd->opaque = opaque;
    *t->pending_tail = pd;
    t->pending_tail = &pd->next;
    atomic_fetch_add(&t->p->n_pending, 1);
    moldau__ptopic_update_path(t);
    return MOLDAU_ERR_NONE;
}

void moldau__ptopic_update_path(moldau__ptopic_t *t)
{
    atomic_store(&t->locked_path, t->pending != NULL || t->err != MOLDAU_ERR_NONE);
}

/* Under t->lock, metadata known: every held record goes to the accumulator in produce order
 * (append_reserved never blocks), or fails. */
static void distribute(moldau__ptopic_t *t)
{
    moldau_producer_t *p = t->p;
    int32_t n = atomic_load(&t->n_partitions);
    moldau__pending_t *pd;
    while ((pd = t->pending)) {
        t->pending = pd->next;
        if (!t->pending)
            t->pending_tail = &t->pending;
        atomic_fetch_sub(&p->n_pending, 1);
        pd->next = NULL;
        int32_t part = pd->partition;
        if (part == MOLDAU_PARTITION_ANY)
            part = moldau__partition(&t->part, t->name, pd->key.len >= 0 ? pd->key.data : NULL,
                                     pd->key.len >= 0 ? (size_t)pd->key.len : 0, n,
                                     t->available, pd->reserved);
        if (part < 0 || part >= n) {
            moldau__pending_fail(pd, MOLDAU_ERR__UNKNOWN_PARTITION);
            continue;
        }
        int closed = 0;
        moldau__accum_record_t rec = {pd->timestamp, pd->key,   pd->value,
                                      pd->headers,   pd->n_headers, (moldau__accum_fn *)pd->cb,
                                      pd->opaque,    pd->reserved};
        pd->reserved = 0; /* append_reserved takes it over, also on failure */
        moldau_err_t err = moldau__accum_append_reserved(p->acc, t->parts[part]->ap, &rec,
                                                         pd->produce_ms, &closed);
        if (closed)
            moldau__partitioner_batch_closed(&t->part, part);
        if (err) {
            moldau__pending_fail(pd, err == MOLDAU_ERR__STATE && atomic_load(&p->closing)
                                         ? MOLDAU_ERR__DESTROYED
                                         : err);
            continue;
        }
        pending_free(pd);
    }
    moldau__ptopic_update_path(t);
}

static void dist_serve(moldau__op_t *op, void *ctx)
{
    (void)ctx;
    moldau__ptopic_t *t = (moldau__ptopic_t *)((char *)op - offsetof(moldau__ptopic_t, dist_op));
    pthread_mutex_lock(&t->lock);
    t->dist_queued = 0;
    if (atomic_load(&t->n_partitions) > 0)
        distribute(t);
    pthread_mutex_unlock(&t->lock);
}

/* Under t->lock: room for n partitions. A new array is published whole (produce reads it
 * without the lock); the old one stays until the topic is freed. */
static int grow(moldau__ptopic_t *t, int32_t n)
{
    if (n <= t->cap)
        return 0;
    uint8_t *av = realloc(t->available, (size_t)n);
    if (!av)
        return -1;
    t->available = av;
    moldau__pparts_t *old = t->parts_mem;
    moldau__pparts_t *a = malloc(sizeof(*a) + (size_t)n * sizeof(a->at[0]));
    if (!a)
        return -1;
    a->older = old;
    if (t->cap)
        memcpy(a->at, old->at, (size_t)t->cap * sizeof(a->at[0]));
    int32_t i;
    for (i = t->cap; i < n; i++) {
        moldau__ppart_t *pp = calloc(1, sizeof(*pp));
        moldau__accum_part_t *ap = pp ? moldau__accum_part(t->p->acc, t->name, i) : NULL;
        if (!ap) {
            free(pp);
            break;
        }
        pp->ap = ap;
        atomic_init(&pp->up, 0);
        pp->index = i;
        pp->leader = -1;
        pp->hole_seq = -1;
        a->at[i] = pp;
        t->available[i] = 0;
    }
    if (i == t->cap) { /* nothing added */
        free(a);
        return -1;
    }
    t->parts_mem = a;
    atomic_store_explicit(&t->parts, a->at, memory_order_release);
    t->cap = i;
    return i < n ? -1 : 0;
}

void moldau__ptopic_apply_metadata(moldau__ptopic_t *t, moldau__cluster_t *cluster)
{
    const moldau_metadata_response_topic_t *mt = moldau__cluster_topic(cluster, t->name);
    /* Every broker refused our credentials: no answer will come, the refusal is the topic's */
    moldau_err_t auth = mt ? MOLDAU_ERR_NONE : moldau__cluster_auth_error(cluster, NULL);
    if (!mt && !auth) { /* not answered yet: a refresh is on its way since the topic is wanted */
        pthread_mutex_lock(&t->lock);
        if (t->err_of_auth) { /* new credentials (a token): records may go again */
            t->err = MOLDAU_ERR_NONE;
            t->err_of_auth = 0;
            moldau__ptopic_update_path(t);
        }
        pthread_mutex_unlock(&t->lock);
        return;
    }
    moldau_err_t terr = mt ? (moldau_err_t)mt->error_code : auth;
    pthread_mutex_lock(&t->lock);
    t->answered = 1;
    if (terr) {
        /* Unknown topics and leader elections pass (max.block.ms decides); an error that
         * no retry fixes (invalid name, not authorised) fails what is held. */
        if (!moldau_err_is_retriable(terr) && terr != MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION) {
            t->err = terr;
            t->err_of_auth = !mt;
            moldau__pending_t *pd;
            while ((pd = t->pending)) {
                t->pending = pd->next;
                atomic_fetch_sub(&t->p->n_pending, 1);
                /* not for a refusal of our credentials (no answer: auth) */
                pd->reason = moldau__err_is_topic_refusal(terr) ? t->reason_refused : NULL;
                moldau__pending_fail(pd, terr);
            }
            t->pending_tail = &t->pending;
            moldau__ptopic_update_path(t);
        }
        pthread_mutex_unlock(&t->lock);
        return;
    }
    t->err = MOLDAU_ERR_NONE;
    t->err_of_auth = 0;
    moldau__ptopic_update_path(t);
    int32_t n = mt->n_partitions;
    if (n <= 0 || grow(t, n)) {
        pthread_mutex_unlock(&t->lock);
        return;
    }
    for (int32_t i = 0; i < mt->n_partitions; i++) {
        const moldau_metadata_response_partition_t *mp = &mt->partitions[i];
        int32_t idx = mp->partition_index;
        if (idx < 0 || idx >= n)
            continue;
        moldau__ppart_t *pp = t->parts[idx];
        int32_t leader = mp->error_code == 0 || mp->error_code == MOLDAU_ERR_REPLICA_NOT_AVAILABLE
                             ? mp->leader_id
                             : -1;
        if (leader >= 0 && !moldau__cluster_broker(cluster, leader))
            leader = -1;
        if (leader != pp->leader) {
            pp->leader = leader;
            moldau__accum_part_set_leader(pp->ap, leader);
        }
        t->available[idx] = leader >= 0;
        atomic_store_explicit(&pp->up, leader >= 0, memory_order_relaxed);
    }
    if (atomic_load(&t->n_partitions) < n)
        atomic_store(&t->n_partitions, n);
    if (t->pending) {
        if (t->p->part_kind == MOLDAU__PART_CUSTOM) {
            /* the application's partitioner runs on the application's thread */
            if (!t->dist_queued) {
                t->dist_queued = 1;
                moldau__opq_push(&t->p->client->ops, &t->dist_op);
            }
        } else {
            distribute(t);
        }
    }
    pthread_mutex_unlock(&t->lock);
}

int64_t moldau__ptopics_expire(moldau_producer_t *p, int64_t now_ms, int all, moldau_err_t err)
{
    int64_t limit = p->max_block_ms < p->delivery_timeout_ms ? p->max_block_ms
                                                             : p->delivery_timeout_ms;
    int64_t next = INT64_MAX;
    pthread_rwlock_rdlock(&p->topics_lock);
    for (moldau__ptopic_t *t = p->topics; t; t = t->all_next) {
        pthread_mutex_lock(&t->lock);
        moldau__pending_t *pd;
        while ((pd = t->pending) && (all || pd->produce_ms + limit <= now_ms)) {
            t->pending = pd->next;
            if (!t->pending)
                t->pending_tail = &t->pending;
            atomic_fetch_sub(&p->n_pending, 1);
            if (all) {
                moldau__pending_fail(pd, err);
                continue;
            }
            /* "unknown topic" only when the cluster said so: silence is a timeout */
            pd->reason = t->answered ? t->reason_unknown : t->reason_unanswered;
            moldau__pending_fail(pd, t->answered ? MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION
                                                 : MOLDAU_ERR__MSG_TIMED_OUT);
        }
        if (pd && pd->produce_ms + limit < next)
            next = pd->produce_ms + limit;
        moldau__ptopic_update_path(t);
        pthread_mutex_unlock(&t->lock);
    }
    pthread_rwlock_unlock(&p->topics_lock);
    return next;
}
