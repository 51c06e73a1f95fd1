/* The consumer's public API: construction, assignment, seek and position, poll. The fetching
 * itself runs on the reactor (fetcher.c). */
#include "consumer/consumer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/conf.h"
#include "consumer/group.h"
#include "consumer/offsets.h"
#include "consumer/validate.h"
#include "util/clock.h"

/* ---- partition lists ------------------------------------------------------------------- */

moldau_partition_list_t *moldau_partition_list_new(size_t size)
{
    moldau_partition_list_t *l = calloc(1, sizeof(*l));
    if (l && size && !(l->elems = calloc(size, sizeof(*l->elems)))) {
        free(l);
        return NULL;
    }
    if (l)
        l->cap = size;
    return l;
}

moldau_topic_partition_t *moldau_partition_list_add(moldau_partition_list_t *l, const char *topic,
                                                    int32_t partition)
{
    if (!topic)
        return NULL;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        moldau_topic_partition_t *e = realloc(l->elems, cap * sizeof(*e));
        if (!e)
            return NULL;
        l->elems = e;
        l->cap = cap;
    }
    moldau_topic_partition_t *e = &l->elems[l->n];
    memset(e, 0, sizeof(*e));
    if (!(e->topic = strdup(topic)))
        return NULL;
    e->partition = partition;
    e->offset = MOLDAU_OFFSET_STORED;
    l->n++;
    return e;
}

void moldau_partition_list_destroy(moldau_partition_list_t *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->elems[i].topic);
    free(l->elems);
    free(l);
}

/* ---- ops ------------------------------------------------------------------------------- */

void moldau__recs_op_destroy(moldau__op_t *op)
{
    moldau__recs_op_t *r = (moldau__recs_op_t *)op;
    moldau__fetchbuf_unref(r->fb);
    free(r);
}

/* Queues r (its error filled but for the texts) as an error event: the topic's name (NULL:
 * none) and the reason share the op's text. */
static void push_error(moldau_consumer_t *c, moldau__recs_op_t *r, const char *topic,
                       const char *fmt, va_list ap)
{
    moldau__op_init(&r->op, MOLDAU__OP_ERROR, NULL, moldau__recs_op_destroy);
    size_t at = 0;
    if (topic) {
        snprintf(r->text, sizeof(r->text), "%s", topic);
        r->error.topic = r->text;
        at = strlen(r->text) + 1;
    }
    if (at < sizeof(r->text)) {
        vsnprintf(r->text + at, sizeof(r->text) - at, fmt, ap);
        r->error.reason = r->text + at;
    }
    moldau__opq_push(&c->records, &r->op);
}

void moldau__consumer_error(moldau_consumer_t *c, size_t part, moldau_err_t err, int64_t offset,
                            const char *fmt, ...)
{
    moldau__recs_op_t *r = calloc(1, sizeof(*r));
    if (!r)
        return;
    r->gen = c->gen;
    r->part = part;
    r->error.err = err;
    r->error.partition = -1;
    r->error.offset = offset;
    const char *topic = NULL;
    if (part < c->n_parts) {
        moldau__fpart_t *p = c->parts[part];
        p->stopped = 1;
        r->epoch = p->epoch;
        r->error.partition = p->cp.partition;
        topic = p->topic;
    }
    va_list ap;
    va_start(ap, fmt);
    push_error(c, r, topic, fmt, ap);
    va_end(ap);
}

void moldau__consumer_topic_error(moldau_consumer_t *c, const char *topic, moldau_err_t err,
                                  const char *fmt, ...)
{
    moldau__recs_op_t *r = calloc(1, sizeof(*r));
    if (!r)
        return;
    r->part = SIZE_MAX; /* of no partition: current whatever the assignment (see poll) */
    r->error.err = err;
    r->error.partition = -1;
    r->error.offset = -1;
    va_list ap;
    va_start(ap, fmt);
    push_error(c, r, topic, fmt, ap);
    va_end(ap);
}

/* ---- construction ---------------------------------------------------------------------- */

static void fetcher_create(void *arg)
{
    moldau_consumer_t *c = arg;
    c->fetcher = moldau__fetcher_new(c);
    if (c->fetcher && !(c->validator = moldau__validator_new(c))) {
        moldau__fetcher_stop(c->fetcher);
        moldau__fetcher_free(c->fetcher);
        c->fetcher = NULL;
    }
}

static void fetcher_stop(void *arg)
{
    moldau_consumer_t *c = arg;
    if (c->fetcher)
        moldau__fetcher_stop(c->fetcher);
    moldau__validator_stop(c->validator);
}

static void free_parts(moldau__fpart_t **parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(parts[i]->topic);
        free(parts[i]);
    }
    free(parts);
}

static void free_consumer(moldau_consumer_t *c)
{
    moldau_consumer_release(c);
    if (c->cur)
        moldau__recs_op_destroy(&c->cur->op);
    if (c->pending_err)
        moldau__recs_op_destroy(&c->pending_err->op);
    if (c->pending_op && c->pending_op->destroy)
        c->pending_op->destroy(c->pending_op);
    c->cur = c->pending_err = NULL;
    c->pending_op = NULL;
    /* every answer has come once the client is closed (answers still push records): then
     * the queue and the fetcher can go */
    moldau_client_close(c->client);
    moldau__opq_destroy(&c->records);
    moldau__fetcher_free(c->fetcher);
    moldau__validator_free(c->validator);
    moldau__group_free(c->group);
    moldau__offsets_free(c->offsets);
    free_parts(c->parts, c->n_parts);
    free(c->held);
    free(c->group_id);
    free(c->group_instance_id);
    free(c->member_id);
    moldau__fetch_budget_destroy(&c->budget);
    moldau__rbuf_pool_destroy(&c->rbuf_pool); /* last: the records above returned theirs */
    pthread_mutex_destroy(&c->lock);
    free(c);
}

moldau_consumer_t *moldau_consumer_new(const moldau_conf_t *conf, char *errstr,
                                       size_t errstr_size)
{
    moldau_consumer_t *c = calloc(1, sizeof(*c));
    if (!c) {
        snprintf(errstr, errstr_size, "out of memory");
        return NULL;
    }
    c->fc.min_bytes = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_FETCH_MIN_BYTES);
    c->fc.max_wait_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_FETCH_MAX_WAIT_MS);
    c->fc.max_bytes = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_FETCH_MAX_BYTES);
    c->fc.partition_max_bytes =
        (int32_t)moldau__conf_int(conf, MOLDAU__CONF_MAX_PARTITION_FETCH_BYTES);
    c->fc.isolation_level = (int8_t)moldau__conf_int(conf, MOLDAU__CONF_ISOLATION_LEVEL);
    c->check_crcs = (int)moldau__conf_int(conf, MOLDAU__CONF_CHECK_CRCS);
    c->offset_reset = (int)moldau__conf_int(conf, MOLDAU__CONF_AUTO_OFFSET_RESET);
    c->max_poll_records = (int)moldau__conf_int(conf, MOLDAU__CONF_MAX_POLL_RECORDS);
    c->request_timeout_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_REQUEST_TIMEOUT_MS);
    c->retry_backoff_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_RETRY_BACKOFF_MS);
    size_t bound = (size_t)moldau__conf_int(conf, MOLDAU__CONF_QUEUED_MAX_MESSAGES_KBYTES) * 1024;
    /* a Fetch for less than a partition's share would mostly return partial batches */
    size_t min_grant = (size_t)c->fc.partition_max_bytes < bound / 4
                           ? (size_t)c->fc.partition_max_bytes
                           : bound / 4;
    const char *group_id = moldau__conf_str(conf, MOLDAU__CONF_GROUP_ID);
    const char *instance_id = moldau__conf_str(conf, MOLDAU__CONF_GROUP_INSTANCE_ID);
    c->generation_id = -1;
    atomic_init(&c->last_poll_ms, moldau__now_ms());
    if (!(c->member_id = strdup("")) || (*group_id && !(c->group_id = strdup(group_id))) ||
        (*instance_id && !(c->group_instance_id = strdup(instance_id)))) {
        snprintf(errstr, errstr_size, "out of memory");
        free(c->member_id);
        free(c->group_id);
        free(c);
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    /* an eighth of the prefetch bound (16 MiB at most) kept for reuse: a few responses' worth */
    size_t pool_max = bound / 8 < ((size_t)16 << 20) ? bound / 8 : (size_t)16 << 20;
    moldau__rbuf_pool_init(&c->rbuf_pool, pool_max);
    if (moldau__opq_init(&c->records) || moldau__fetch_budget_init(&c->budget, bound, min_grant)) {
        snprintf(errstr, errstr_size, "out of memory");
        free(c->member_id);
        free(c->group_id);
        free(c->group_instance_id);
        free(c);
        return NULL;
    }
    if (!(c->client = moldau_client_new(conf, errstr, errstr_size))) {
        free(c->member_id);
        free(c->group_id);
        free(c->group_instance_id);
        moldau__opq_destroy(&c->records);
        moldau__fetch_budget_destroy(&c->budget);
        moldau__rbuf_pool_destroy(&c->rbuf_pool);
        pthread_mutex_destroy(&c->lock);
        free(c);
        return NULL;
    }
    moldau__reactor_set_rbuf_pool(c->client->reactor, &c->rbuf_pool);
    /* a record queued wakes a poll waiting in moldau__client_wait on the client's queue */
    moldau__opq_link(&c->records, &c->client->ops);
    moldau__client_run_sync(c->client, fetcher_create, c);
    if (!c->fetcher) {
        snprintf(errstr, errstr_size, "out of memory");
        free_consumer(c);
        return NULL;
    }
    moldau__fetch_budget_on_room(&c->budget, moldau__fetcher_room, c->fetcher);
    if (moldau__offsets_init(c, errstr, errstr_size) || moldau__group_init(c, errstr, errstr_size)) {
        moldau_consumer_close(c);
        return NULL;
    }
    return c;
}

void moldau_consumer_close(moldau_consumer_t *c)
{
    if (!c)
        return;
    moldau__offsets_close(c);
    moldau__group_close(c);
    moldau__fetch_budget_on_room(&c->budget, NULL, NULL);
    moldau__client_run_sync(c->client, fetcher_stop, c);
    free_consumer(c);
}

moldau_client_t *moldau_consumer_client(moldau_consumer_t *c) { return c->client; }

/* ---- assignment ------------------------------------------------------------------------ */

typedef struct assign_call {
    moldau_consumer_t *c;
    moldau__fpart_t **old;
    size_t n_old;
} assign_call_t;

static void assigned(void *arg)
{
    assign_call_t *a = arg;
    moldau__fetcher_assigned(a->c->fetcher, a->old, a->n_old);
}

static int valid_offset(int64_t o)
{
    return o >= 0 || o == MOLDAU_OFFSET_BEGINNING || o == MOLDAU_OFFSET_END ||
           o == MOLDAU_OFFSET_STORED;
}

static void set_start(moldau__fpart_t *p, int64_t offset)
{
    p->epoch++;
    p->cp.last_fetched_epoch = -1; /* a position given without its record's epoch */
    p->stopped = 0;
    p->unknown_reported = 0;
    p->awaiting = 0; /* a position without an epoch: nothing to validate */
    p->app_position = offset;
    p->app_epoch = -1; /* a seek names no epoch (Java's seek(offset)) */
    if (offset >= 0) {
        p->cp.position = offset;
        p->reset = 0;
    } else {
        p->reset = offset;
    }
}

moldau_err_t moldau_consumer_assign(moldau_consumer_t *c, const moldau_partition_list_t *l)
{
    size_t n = l ? l->n : 0;
    for (size_t i = 0; i < n; i++)
        if (!l->elems[i].topic || !*l->elems[i].topic || l->elems[i].partition < 0 ||
            !valid_offset(l->elems[i].offset))
            return MOLDAU_ERR__INVALID_ARG;
    moldau__fpart_t **parts = n ? calloc(n, sizeof(*parts)) : NULL;
    if (n && !parts)
        return MOLDAU_ERR__NO_MEMORY;
    for (size_t i = 0; i < n; i++) {
        moldau__fpart_t *p = calloc(1, sizeof(*p));
        if (!p || !(p->topic = strdup(l->elems[i].topic))) {
            free(p);
            free_parts(parts, i);
            return MOLDAU_ERR__NO_MEMORY;
        }
        p->cp.topic = p->topic;
        p->cp.partition = l->elems[i].partition;
        p->cp.leader_epoch = -1;
        p->high_watermark = p->last_stable_offset = p->log_start_offset = -1;
        p->read_replica = -1;
        p->committed_epoch = -1;
        p->committed = -1;
        set_start(p, l->elems[i].offset);
        parts[i] = p;
    }
    pthread_mutex_lock(&c->lock);
    assign_call_t a = {c, c->parts, c->n_parts};
    c->parts = parts;
    c->n_parts = n;
    c->gen++;
    pthread_mutex_unlock(&c->lock);
    moldau__client_run_sync(c->client, assigned, &a);
    free_parts(a.old, a.n_old);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_consumer_unassign(moldau_consumer_t *c)
{
    return moldau_consumer_assign(c, NULL);
}

static int listed(const moldau_partition_list_t *l, const char *topic, int32_t partition)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (l->elems[i].partition == partition && !strcmp(l->elems[i].topic, topic))
            return 1;
    return 0;
}

/* An op of generation `from` follows its partition to the new generation and index, or is
 * dropped (returns NULL) when its partition was removed. Ops of other generations are left
 * to poll, which drops them. Lock held. */
static moldau__recs_op_t *remap_op(moldau_consumer_t *c, moldau__recs_op_t *r, uint32_t from,
                                   const size_t *remap, size_t n_old)
{
    if (!r || r->gen != from || r->part == SIZE_MAX)
        return r;
    if (r->part >= n_old || remap[r->part] == SIZE_MAX) {
        moldau__recs_op_destroy(&r->op);
        return NULL;
    }
    r->part = remap[r->part];
    r->gen = c->gen;
    return r;
}

/* Moves the queued records of kept partitions to the new generation (lock held, application
 * thread: nobody else takes from the queue; the reactor's pushes wait for the lock). */
static void remap_queue(moldau_consumer_t *c, uint32_t from, const size_t *remap, size_t n_old)
{
    moldau__op_t *head = NULL, **tail = &head;
    for (moldau__op_t *op; (op = moldau__opq_pop(&c->records, 0));) {
        op->next = NULL;
        if (op->type == MOLDAU__OP_FETCH || op->type == MOLDAU__OP_ERROR) {
            moldau__recs_op_t *r = remap_op(c, (moldau__recs_op_t *)op, from, remap, n_old);
            if (!r)
                continue;
        }
        *tail = op;
        tail = &op->next;
    }
    while (head) {
        moldau__op_t *next = head->next;
        moldau__opq_push(&c->records, head);
        head = next;
    }
    c->cur = remap_op(c, c->cur, from, remap, n_old);
    c->pending_err = remap_op(c, c->pending_err, from, remap, n_old);
}

moldau_err_t moldau__consumer_change(moldau_consumer_t *c, const moldau_partition_list_t *add,
                                     const moldau_partition_list_t *remove)
{
    size_t n_add = add ? add->n : 0;
    for (size_t i = 0; i < n_add; i++)
        if (!add->elems[i].topic || !*add->elems[i].topic || add->elems[i].partition < 0 ||
            !valid_offset(add->elems[i].offset))
            return MOLDAU_ERR__INVALID_ARG;
    pthread_mutex_lock(&c->lock);
    size_t n_old = c->n_parts, n = 0;
    moldau__fpart_t **parts = calloc(n_old + n_add + 1, sizeof(*parts));
    moldau__fpart_t **removed = calloc(n_old + 1, sizeof(*removed));
    moldau__fpart_t **old = calloc(n_old + 1, sizeof(*old));
    size_t *remap = calloc(n_old + 1, sizeof(*remap));
    size_t n_removed = 0;
    if (!parts || !removed || !old || !remap)
        goto nomem;
    for (size_t i = 0; i < n_old; i++) {
        moldau__fpart_t *p = c->parts[i];
        old[i] = p;
        if (listed(remove, p->topic, p->cp.partition)) {
            removed[n_removed++] = p;
            remap[i] = SIZE_MAX;
        } else {
            remap[i] = n;
            parts[n++] = p;
        }
    }
    size_t n_kept = n;
    for (size_t i = 0; i < n_add; i++) {
        const moldau_topic_partition_t *e = &add->elems[i];
        if (moldau__consumer_find(c, e->topic, e->partition) && !listed(remove, e->topic, e->partition))
            continue;
        int dup = 0;
        for (size_t j = n_kept; j < n; j++)
            dup |= parts[j]->cp.partition == e->partition && !strcmp(parts[j]->topic, e->topic);
        if (dup)
            continue;
        moldau__fpart_t *p = calloc(1, sizeof(*p));
        if (!p || !(p->topic = strdup(e->topic))) {
            free(p);
            for (size_t j = n_kept; j < n; j++) {
                free(parts[j]->topic);
                free(parts[j]);
            }
            goto nomem;
        }
        p->cp.topic = p->topic;
        p->cp.partition = e->partition;
        p->cp.leader_epoch = -1;
        p->high_watermark = p->last_stable_offset = p->log_start_offset = -1;
        p->read_replica = -1;
        p->committed_epoch = -1;
        p->committed = -1;
        set_start(p, e->offset);
        parts[n++] = p;
    }
    uint32_t from = c->gen;
    free(c->parts);
    c->parts = parts;
    c->n_parts = n;
    c->gen++;
    /* answers to requests of the old generation are dropped, without marking their
     * partitions idle: the kept ones are idle again now (a Fetch in flight holds its broker
     * until its answer; nothing of it is applied, so the position stays where it was) */
    for (size_t i = 0; i < n_kept; i++)
        parts[i]->busy = 0;
    remap_queue(c, from, remap, n_old);
    pthread_mutex_unlock(&c->lock);
    /* the fetcher wants the topics of every partition now assigned and drops those of all
     * the previous ones */
    assign_call_t a = {c, old, n_old};
    moldau__client_run_sync(c->client, assigned, &a);
    free(old);
    free(remap);
    free_parts(removed, n_removed);
    return MOLDAU_ERR_NONE;
nomem:
    pthread_mutex_unlock(&c->lock);
    free(parts);
    free(removed);
    free(old);
    free(remap);
    return MOLDAU_ERR__NO_MEMORY;
}

moldau_partition_list_t *moldau__consumer_assigned(moldau_consumer_t *c)
{
    pthread_mutex_lock(&c->lock);
    moldau_partition_list_t *l = moldau_partition_list_new(c->n_parts);
    for (size_t i = 0; l && i < c->n_parts; i++) {
        moldau_topic_partition_t *e =
            moldau_partition_list_add(l, c->parts[i]->topic, c->parts[i]->cp.partition);
        if (!e) {
            moldau_partition_list_destroy(l);
            l = NULL;
            break;
        }
        e->offset = c->parts[i]->app_position;
    }
    pthread_mutex_unlock(&c->lock);
    return l;
}

moldau__fpart_t *moldau__consumer_find(moldau_consumer_t *c, const char *topic, int32_t partition)
{
    for (size_t i = 0; i < c->n_parts; i++)
        if (c->parts[i]->cp.partition == partition && !strcmp(c->parts[i]->topic, topic))
            return c->parts[i];
    return NULL;
}

static void kick(void *arg)
{
    moldau_consumer_t *c = arg;
    moldau__fetcher_kick(c->fetcher);
}

moldau_err_t moldau_consumer_seek(moldau_consumer_t *c, const char *topic, int32_t partition,
                                  int64_t offset)
{
    if (!topic || !valid_offset(offset))
        return MOLDAU_ERR__INVALID_ARG;
    pthread_mutex_lock(&c->lock);
    moldau__fpart_t *p = moldau__consumer_find(c, topic, partition);
    if (p)
        set_start(p, offset);
    pthread_mutex_unlock(&c->lock);
    if (!p)
        return MOLDAU_ERR__UNKNOWN_PARTITION;
    /* records of the old epoch, fetched or queued, are dropped by poll */
    moldau__client_run_sync(c->client, kick, c);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_consumer_position(moldau_consumer_t *c, const char *topic,
                                      int32_t partition, int64_t *offset)
{
    if (!topic || !offset)
        return MOLDAU_ERR__INVALID_ARG;
    pthread_mutex_lock(&c->lock);
    moldau__fpart_t *p = moldau__consumer_find(c, topic, partition);
    if (p)
        *offset = p->app_position;
    pthread_mutex_unlock(&c->lock);
    return p ? MOLDAU_ERR_NONE : MOLDAU_ERR__UNKNOWN_PARTITION;
}

static moldau_err_t set_paused(moldau_consumer_t *c, moldau_partition_list_t *l, int paused)
{
    if (!l)
        return MOLDAU_ERR__INVALID_ARG;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < l->n; i++) {
        moldau__fpart_t *p = l->elems[i].topic ? moldau__consumer_find(c, l->elems[i].topic,
                                                      l->elems[i].partition)
                                               : NULL;
        l->elems[i].err = p ? MOLDAU_ERR_NONE : MOLDAU_ERR__UNKNOWN_PARTITION;
        if (!p || p->paused == paused)
            continue;
        p->paused = paused;
        if (paused && p->app_position >= 0) {
            /* what was fetched beyond the application's position is dropped (a new epoch)
             * and fetched again on resume */
            p->epoch++;
            p->cp.position = p->app_position;
            p->cp.last_fetched_epoch = p->app_epoch;
            p->reset = 0;
        }
    }
    pthread_mutex_unlock(&c->lock);
    moldau__client_run_sync(c->client, kick, c);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_consumer_pause(moldau_consumer_t *c, moldau_partition_list_t *l)
{
    return set_paused(c, l, 1);
}

moldau_err_t moldau_consumer_resume(moldau_consumer_t *c, moldau_partition_list_t *l)
{
    return set_paused(c, l, 0);
}

/* ---- poll ------------------------------------------------------------------------------ */

void moldau_consumer_release(moldau_consumer_t *c)
{
    for (size_t i = 0; i < c->n_held; i++)
        moldau__recs_op_destroy(&c->held[i]->op);
    c->n_held = 0;
}

static int hold(moldau_consumer_t *c, moldau__recs_op_t *r)
{
    if (c->n_held == c->cap_held) {
        size_t cap = c->cap_held ? c->cap_held * 2 : 16;
        moldau__recs_op_t **h = realloc(c->held, cap * sizeof(*h));
        if (!h)
            return -1;
        c->held = h;
        c->cap_held = cap;
    }
    c->held[c->n_held++] = r;
    return 0;
}

/* Milliseconds left until deadline (-1: none), never negative. */
static int left_ms(int64_t deadline)
{
    if (deadline < 0)
        return -1;
    int64_t left = deadline - moldau__now_ms();
    return left < 0 ? 0 : left > INT32_MAX ? INT32_MAX : (int)left;
}

static int ready(void *arg)
{
    moldau_consumer_t *c = arg;
    return c->cur || c->pending_err || c->pending_op || moldau__opq_len(&c->records) > 0;
}

/* Whether the op still belongs to the assignment and its partition's seek epoch (an error of
 * no partition always does), and the group generation it was fetched in is not lost. */
static int current(moldau_consumer_t *c, const moldau__recs_op_t *r)
{
    if (r->part == SIZE_MAX)
        return 1;
    return !moldau__group_records_held(c) && r->gen == c->gen && r->part < c->n_parts && c->parts[r->part]->epoch == r->epoch;
}

int moldau_consumer_poll_batch(moldau_consumer_t *c, const moldau_consumer_record_t **recs,
                               int max, int timeout_ms, moldau_consumer_error_t *error)
{
    moldau_consumer_release(c);
    memset(error, 0, sizeof(*error));
    atomic_store(&c->last_poll_ms, moldau__now_ms());
    if (max > c->max_poll_records)
        max = c->max_poll_records;
    if (max <= 0)
        return 0;
    int64_t deadline = timeout_ms < 0 ? -1 : moldau__now_ms() + timeout_ms;
    int n = 0;
    /* application-driven: a poll with timeout 0 (after the descriptor was readable) must run
     * the reactor once, which the wait below skips when its time is up; and in both modes
     * the callbacks and logs queued for the application are served on every poll, since the
     * wait returns at once (serving nothing) while records are ready */
    if (!c->client->threaded || moldau__opq_len(&c->client->ops))
        moldau_client_poll(c->client, 0);
wait:
    moldau__client_wait(c->client, ready, c, left_ms(deadline), 1);
    while (n < max) {
        moldau__recs_op_t *r = c->cur;
        if (!r && (r = c->pending_err))
            c->pending_err = NULL;
        moldau__op_t *op = NULL;
        if (!r && !(op = c->pending_op) && !(op = moldau__opq_pop(&c->records, 0)))
            break;
        if (op && op->type == MOLDAU__OP_REBALANCE) {
            /* a rebalance: after the records already taken (of the assignment before it),
             * served with no lock held (its callback may commit synchronously) */
            c->pending_op = n ? op : NULL;
            if (n)
                break;
            moldau__group_serve(c, op);
            continue;
        }
        if (op)
            r = (moldau__recs_op_t *)op;
        c->cur = NULL;
        pthread_mutex_lock(&c->lock);
        if (!current(c, r)) { /* of an old assignment or before a seek */
            pthread_mutex_unlock(&c->lock);
            moldau__recs_op_destroy(&r->op);
            continue;
        }
        if (r->op.type == MOLDAU__OP_ERROR) {
            pthread_mutex_unlock(&c->lock);
            if (n) { /* the records first, the error on the next poll */
                c->pending_err = r;
                break;
            }
            *error = r->error;
            if (hold(c, r))
                moldau__recs_op_destroy(&r->op);
            return -1;
        }
        while (n < max && r->next < r->n)
            recs[n++] = &r->recs[r->next++];
        moldau__fpart_t *p = c->parts[r->part];
        if (r->next) {
            p->app_position = r->recs[r->next - 1].offset + 1;
            p->app_epoch = r->recs[r->next - 1].leader_epoch;
        }
        if (r->next == r->n && r->next_offset > p->app_position)
            p->app_position = r->next_offset; /* as Java: past skipped control records */
        pthread_mutex_unlock(&c->lock);
        if (!r->n)
            moldau__recs_op_destroy(&r->op);
        else if (r->next < r->n)
            c->cur = r; /* its buffer lives: the records returned stay valid */
        else if (hold(c, r)) {
            c->cur = r; /* out of memory: kept (exhausted) until the next poll */
            break;
        }
    }
    /* what was ready may all have been dropped (of an old assignment or epoch) */
    if (!n && left_ms(deadline) != 0)
        goto wait;
    return n;
}

const moldau_consumer_record_t *moldau_consumer_poll(moldau_consumer_t *c, int timeout_ms,
                                                     moldau_consumer_error_t *error)
{
    const moldau_consumer_record_t *r = NULL;
    return moldau_consumer_poll_batch(c, &r, 1, timeout_ms, error) == 1 ? r : NULL;
}
