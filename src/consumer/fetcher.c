/*
 * The fetcher (reactor thread): one Fetch in flight per broker for the assigned partitions it
 * leads (or that it reads from a replica the leader named: KIP-392), offsets resolved through
 * ListOffsets (BEGINNING, END, auto.offset.reset), responses kept whole and handed to poll as
 * record views (fetchbuf.c), errors turned into metadata refreshes, resets or error events.
 * Each broker has an incremental fetch session (fetch_session.h). Each partition sends the
 * leader epoch of its last fetched record (Fetch v12+), so the leader itself answers when our
 * position lies past its log for that epoch (a truncation after a leader change, KIP-320),
 * which moldau__fetcher_truncated() settles: no record is ever skipped or handed out twice silently.
 *
 * It looks again (run()) after every answer, an assignment or seek, a metadata update, room
 * coming back in the prefetch bound, and retry.backoff.ms after a failure. Partition state is
 * under the consumer's lock, taken briefly; requests are built from copies, and answers find
 * their partitions again by (assignment generation, index, seek epoch), so an assign or seek
 * while a request is in flight only makes its answer be dropped.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "client/conf.h"
#include "client/request.h"
#include "consumer/fetcher_internal.h"
#include "consumer/offsets.h"
#include "consumer/validate.h"
#include "util/clock.h"

typedef struct fetch_ctx {
    moldau__fetcher_t *f;
    int32_t node;
    uint32_t gen;
    size_t reserved;
    size_t wire; /* the request's max_bytes: the reservation over the inflation seen */
    size_t n;
    moldau__req_part_t *parts;
    const moldau__cpart_t **ptrs;
    moldau_arena_t arena;
    int built;           /* req built against the node's session (once: it moves the session) */
    int16_t version;
    moldau_fetch_request_t req;
} fetch_ctx_t;

void moldau__fetcher_schedule(moldau__fetcher_t *f)
{
    if (!f->stopped)
        moldau__defer(f->reactor, &f->run);
}

void moldau__fetcher_kick(moldau__fetcher_t *f) { moldau__fetcher_schedule(f); }

void moldau__fetcher_retry_later(moldau__fetcher_t *f)
{
    if (!f->stopped && !moldau__timer_armed(&f->retry))
        moldau__timer_arm(f->reactor, &f->retry,
                          moldau__now_ms() + (f->c->retry_backoff_ms > 0 ? f->c->retry_backoff_ms : 1));
}

static moldau__fnode_t *node_of(moldau__fetcher_t *f, int32_t node)
{
    for (size_t i = 0; i < f->n_nodes; i++)
        if (f->nodes[i].node == node)
            return &f->nodes[i];
    if (f->n_nodes == f->cap_nodes) {
        size_t cap = f->cap_nodes ? f->cap_nodes * 2 : 8;
        moldau__fnode_t *v = realloc(f->nodes, cap * sizeof(*v));
        if (!v)
            return NULL;
        f->nodes = v;
        f->cap_nodes = cap;
    }
    f->nodes[f->n_nodes] = (moldau__fnode_t){.node = node};
    moldau__fetch_session_init(&f->nodes[f->n_nodes].sess);
    return &f->nodes[f->n_nodes++];
}

/* The partition a request was for, if still assigned (lock held). */
moldau__fpart_t *moldau__fetcher_part_of(moldau_consumer_t *c, uint32_t gen, const moldau__req_part_t *rp)
{
    return gen == c->gen && rp->idx < c->n_parts ? c->parts[rp->idx] : NULL;
}

/* The same, if not seeked since: only then does the answer apply. */
moldau__fpart_t *moldau__fetcher_part_again(moldau_consumer_t *c, uint32_t gen, const moldau__req_part_t *rp)
{
    moldau__fpart_t *p = moldau__fetcher_part_of(c, gen, rp);
    return p && p->epoch == rp->epoch ? p : NULL;
}

/* ---- Fetch ----------------------------------------------------------------------------- */

static moldau_err_t fetch_encode(moldau_buf_t *w, int16_t version, void *opaque)
{
    fetch_ctx_t *x = opaque;
    if (x->built)
        return version == x->version ? moldau_fetch_request_encode(w, version, &x->req)
                                     : MOLDAU_ERR__STATE;
    moldau__fnode_t *fn = node_of(x->f, x->node);
    moldau_consumer_t *c = x->f->c;
    if (!fn || moldau__fetch_session_build(&fn->sess, &x->arena, version, x->ptrs, x->n, &c->fc,
                                           x->wire, &x->req) < 0)
        return MOLDAU_ERR__NO_MEMORY;
    x->built = 1;
    x->version = version;
    size_t before = w->len;
    moldau_err_t err = moldau_fetch_request_encode(w, version, &x->req);
    /* one line per Fetch: what the session saves shows here (and tests read it) */
    moldau__dbg(&c->client->logger, MOLDAU__DBG_CONSUMER, "FETCH",
                "node %d: Fetch v%d session %d epoch %d %s: %d partitions sent, %d forgotten, "
                "%zu in session, %zu bytes",
                x->node, version, x->req.session_id, x->req.session_epoch,
                fn->sess.last_full ? "full" : "incremental", fn->sess.last_sent,
                fn->sess.last_forgotten, fn->sess.n, w->len - before);
    return err;
}

static void ctx_free(fetch_ctx_t *x)
{
    moldau_arena_free(&x->arena);
    free(x->parts);
    free(x->ptrs);
    free(x);
}

/* Marks the request's partitions idle again (lock held). */
static void unbusy(moldau_consumer_t *c, fetch_ctx_t *x)
{
    for (size_t i = 0; i < x->n; i++) {
        moldau__fpart_t *p = moldau__fetcher_part_of(c, x->gen, &x->parts[i]);
        if (p)
            p->busy = 0;
    }
}

static void push_records(moldau_consumer_t *c, moldau__fetchbuf_t *fb, const moldau__req_part_t *rp,
                         uint32_t gen, const moldau__fetch_records_t *fr)
{
    moldau__recs_op_t *r = calloc(1, sizeof(*r));
    if (!r)
        return;
    moldau__op_init(&r->op, MOLDAU__OP_FETCH, NULL, moldau__recs_op_destroy);
    moldau__fetchbuf_ref(fb);
    r->fb = fb;
    r->recs = fr->recs;
    r->n = fr->n;
    r->next_offset = fr->next_offset;
    r->gen = gen;
    r->epoch = rp->epoch;
    r->part = rp->idx;
    moldau__opq_push(&c->records, &r->op);
}


/* The leader says its log for our last fetched epoch ends at `end` (epoch end_epoch): below
 * the position, the records from `end` on that we fetched were truncated away (an unclean
 * leader election, KIP-320). What the application has not seen yet is dropped and fetched
 * again; when it has seen records past `end`, that is an error event
 * (MOLDAU_ERR__LOG_TRUNCATION), or with auto.offset.reset earliest/latest a reset to `end`,
 * as the Java client seeks to the divergence point. Lock held. */
void moldau__fetcher_truncated(moldau__fetcher_t *f, size_t idx, moldau__fpart_t *p,
                               int64_t end, int32_t end_epoch)
{
    moldau_consumer_t *c = f->c;
    moldau__logger_t *lg = &c->client->logger;
    if (end < 0 || end >= p->cp.position) {
        /* the leader's log holds our position under an older epoch: fetch on from there */
        p->cp.last_fetched_epoch = end_epoch;
        return;
    }
    int64_t seen = p->app_position >= 0 ? p->app_position : p->cp.position;
    p->epoch++; /* records fetched past the truncation point are dropped */
    p->cp.last_fetched_epoch = end_epoch;
    if (seen <= end) {
        p->cp.position = seen;
        p->app_position = seen;
        moldau__log(lg, MOLDAU_LOG_INFO, "FETCH",
                    "%s [%d]: log truncated at offset %lld (leader epoch %d): records fetched "
                    "past it dropped, fetching again from %lld",
                    p->topic, (int)p->cp.partition, (long long)end, (int)end_epoch,
                    (long long)seen);
        return;
    }
    if (c->offset_reset == 2) {
        p->cp.position = seen;
        moldau__consumer_error(c, idx, MOLDAU_ERR__LOG_TRUNCATION, seen,
                               "the log was truncated at offset %lld (leader epoch %d), below "
                               "the position %lld: the records from %lld on that were "
                               "returned are gone (auto.offset.reset is none)",
                               (long long)end, (int)end_epoch, (long long)seen,
                               (long long)end);
        return;
    }
    moldau__log(lg, MOLDAU_LOG_WARNING, "FETCH",
                "%s [%d]: log truncated at offset %lld (leader epoch %d), below the position "
                "%lld: reset to %lld",
                p->topic, (int)p->cp.partition, (long long)end, (int)end_epoch,
                (long long)seen, (long long)end);
    p->cp.position = end;
    p->app_position = end;
}

/* Applies one partition's answer. Returns 1 when the partition waits for fresher metadata:
 * the next Fetch then waits retry.backoff.ms rather than asking the old leader again at once. */
static int partition_answer(moldau__fetcher_t *f, fetch_ctx_t *x, moldau__fetchbuf_t *fb,
                            const moldau__req_part_t *rp, const moldau_fetch_response_partition_t *rsp)
{
    moldau_consumer_t *c = f->c;
    moldau__fpart_t *p = moldau__fetcher_part_again(c, x->gen, rp);
    if (!p || p->cp.position != rp->cp.position)
        return 0; /* seeked or reassigned meanwhile */
    moldau_err_t err = (moldau_err_t)rsp->error_code;
    int from_replica = p->read_replica >= 0 && p->read_replica == x->node;
    if (err == MOLDAU_ERR_NONE) {
        /* cached for get_watermark_offsets and lag; an incremental answer leaves out the
         * partitions whose watermarks did not move */
        if (rsp->high_watermark >= 0)
            p->high_watermark = rsp->high_watermark;
        if (rsp->last_stable_offset >= 0)
            p->last_stable_offset = rsp->last_stable_offset;
        if (rsp->log_start_offset >= 0)
            p->log_start_offset = rsp->log_start_offset;
        if (rsp->preferred_read_replica >= 0 && rsp->preferred_read_replica != x->node) {
            /* KIP-392: the leader names a closer replica (and sends no records) */
            p->read_replica = rsp->preferred_read_replica;
            p->read_replica_until = moldau__now_ms() + f->metadata_max_age_ms;
        }
        if (rsp->diverging_epoch.epoch >= 0 || rsp->diverging_epoch.end_offset >= 0) {
            moldau__fetcher_truncated(f, rp->idx, p, rsp->diverging_epoch.end_offset,
                                      rsp->diverging_epoch.epoch);
            return 0;
        }
        moldau__fetch_records_t fr;
        moldau__fetchbuf_read_partition(fb, p->topic, p->cp.partition, rsp->records,
                                        rp->cp.position, c->check_crcs, (size_t)INT32_MAX,
                                        c->fc.isolation_level ? rsp->aborted_transactions : NULL,
                                        c->fc.isolation_level ? rsp->n_aborted_transactions : 0,
                                        &fr);
        /* records, or only batches skipped (control, aborted): the application's position
         * moves past them once it has taken what came before */
        if (fr.n || fr.next_offset > rp->cp.position)
            push_records(c, fb, rp, x->gen, &fr);
        p->cp.position = fr.next_offset;
        if (fr.last_epoch >= 0)
            p->cp.last_fetched_epoch = fr.last_epoch;
        if (fr.err)
            moldau__consumer_error(c, rp->idx, fr.err, fr.next_offset,
                                   "a fetched batch at offset %lld could not be read: %s",
                                   (long long)fr.next_offset, moldau_err_str(fr.err));
        return 0;
    }
    if (from_replica) {
        /* any error of the replica sends us back to the leader (as Java, which also asks the
         * leader before resetting an offset out of range on a follower) */
        p->read_replica = -1;
        return 0;
    }
    if (err == MOLDAU_ERR_OFFSET_OUT_OF_RANGE) {
        if (c->offset_reset == 2) {
            moldau__consumer_error(c, rp->idx, err, rp->cp.position,
                                   "offset %lld is out of range and auto.offset.reset is none",
                                   (long long)rp->cp.position);
        } else {
            p->reset = c->offset_reset == 0 ? MOLDAU_OFFSET_BEGINNING : MOLDAU_OFFSET_END;
            p->app_position = p->reset; /* nothing was returned from the old position */
        }
        return 0;
    }
    if (moldau__err_is_stale_metadata(err)) {
        moldau__cluster_refresh(f->cluster, "Fetch: stale leader");
        return 1;
    }
    moldau__consumer_error(c, rp->idx, err, rp->cp.position, "Fetch failed: %s",
                           moldau_err_str(err));
    return 0;
}

/* A session error: the next Fetch is full on a new session, at once. */
static int session_error(moldau_err_t err)
{
    return err == MOLDAU_ERR_FETCH_SESSION_ID_NOT_FOUND ||
           err == MOLDAU_ERR_INVALID_FETCH_SESSION_EPOCH;
}

/* held/wire x16, in [16, 16 * 64]: past 64 a Fetch would ask for too little to progress */
static unsigned inflation_x16(size_t held, size_t wire)
{
    size_t r = held / wire >= 64 ? 16 * 64 : held * 16 / wire;
    return r < 16 ? 16 : (unsigned)r;
}

static void fetch_done(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                       void *opaque)
{
    fetch_ctx_t *x = opaque;
    moldau__fetcher_t *f = x->f;
    moldau_consumer_t *c = f->c;
    f->outstanding--;
    moldau__fnode_t *fn = node_of(f, x->node);
    if (fn)
        fn->in_flight = 0;
    moldau__fetchbuf_t *fb = NULL;
    moldau_fetch_response_t resp;
    moldau_err_t decode_err = MOLDAU_ERR_NONE;
    if (!err) {
        moldau_buf_t buf;
        moldau_buf_init(&buf);
        moldau__broker_t *b = moldau__cluster_broker(f->cluster, x->node);
        if (!b || moldau__broker_take_response(b, &buf)) {
            err = MOLDAU_ERR__NO_MEMORY;
        } else {
            moldau__fetch_budget_settle(&c->budget, x->reserved, buf.len);
            x->reserved = 0;
            if (!(fb = moldau__fetchbuf_new(&buf, &c->budget)))
                err = MOLDAU_ERR__NO_MEMORY;
            else
                fb->pool = &c->rbuf_pool;
        }
    }
    if (x->reserved)
        moldau__fetch_budget_settle(&c->budget, x->reserved, 0);
    if (fb) {
        moldau_reader_t r;
        moldau_reader_init(&r, body, len);
        memset(&resp, 0, sizeof(resp));
        err = decode_err = moldau_fetch_response_decode(&r, version, &fb->arena, &resp);
        if (!err && resp.error_code)
            err = (moldau_err_t)resp.error_code;
    }
    /* the session moves only with an answer to the request built against it */
    if (fn && x->built)
        moldau__fetch_session_answered(&fn->sess, err, err ? 0 : resp.session_id);
    else if (fn)
        moldau__fetch_session_reset(&fn->sess);
    int stale = 0;
    pthread_mutex_lock(&c->lock);
    unbusy(c, x);
    /* an answer of an older assignment is dropped whole: its partitions' topic names (which
     * its cps point at) may be freed already */
    if (fb && !err && fn && x->gen == c->gen) {
        for (int32_t t = 0; t < resp.n_responses; t++) {
            const moldau_fetch_response_topic_t *rt = &resp.responses[t];
            for (int32_t i = 0; i < rt->n_partitions; i++) {
                size_t slot = moldau__fetch_session_slot(&fn->sess, rt,
                                                         rt->partitions[i].partition_index);
                if (slot < x->n)
                    stale |= partition_answer(f, x, fb, &x->parts[slot], &rt->partitions[i]);
            }
        }
    } else if (err) {
        /* a replica that fails sends its partitions back to the leader */
        for (size_t i = 0; i < x->n; i++) {
            moldau__fpart_t *p = moldau__fetcher_part_of(c, x->gen, &x->parts[i]);
            if (p && p->read_replica == x->node)
                p->read_replica = -1;
        }
        if (decode_err && decode_err != MOLDAU_ERR__DESTROYED)
            moldau__consumer_error(c, SIZE_MAX, decode_err, -1,
                                   "a Fetch response of node %d could not be read (%s): "
                                   "fetching again",
                                   (int)x->node, moldau_err_str(decode_err));
    }
    pthread_mutex_unlock(&c->lock);
    if (fb && fb->read_wire)
        f->inflate_x16 = inflation_x16(fb->read_wire + fb->read_held, fb->read_wire);
    moldau__fetchbuf_unref(fb);
    if (err && err != MOLDAU_ERR__DESTROYED) {
        if (session_error(err)) {
            moldau__dbg(&c->client->logger, MOLDAU__DBG_CONSUMER, "FETCH",
                        "node %d: fetch session lost (%s): the next Fetch is full",
                        (int)x->node, moldau_err_name(err));
            moldau__fetcher_schedule(f);
        } else {
            if (moldau__err_is_stale_metadata(err) || err == MOLDAU_ERR__TRANSPORT ||
                err == MOLDAU_ERR_FETCH_SESSION_TOPIC_ID_ERROR)
                moldau__cluster_refresh(f->cluster, "Fetch failed");
            moldau__fetcher_retry_later(f);
        }
    } else if (stale) {
        moldau__fetcher_retry_later(f);
    } else {
        moldau__fetcher_schedule(f);
    }
    ctx_free(x);
}

static void send_fetch(moldau__fetcher_t *f, int32_t node, moldau__req_part_t *parts, size_t n,
                       size_t want)
{
    moldau_consumer_t *c = f->c;
    moldau__fnode_t *fn = node_of(f, node);
    fetch_ctx_t *x = calloc(1, sizeof(*x));
    /* no more than the answer can hold: max.partition.fetch.bytes for each partition (an
     * oversized first batch is settled at its real size); room reserved beyond it would sit
     * idle while the answer is on its way, and other brokers' Fetches would wait for it */
    unsigned inflate = f->inflate_x16 ? f->inflate_x16 : 16;
    size_t part_max = (size_t)c->fc.partition_max_bytes / 16 * inflate;
    if (part_max > 0 && n < want / part_max)
        want = n * part_max;
    size_t granted = moldau__fetch_budget_reserve(&c->budget, want);
    if (!fn || !x || !granted) {
        free(x);
        free(parts);
        if (granted)
            moldau__fetch_budget_settle(&c->budget, granted, 0);
        return; /* no room: the budget's on_room runs us again */
    }
    x->f = f;
    x->node = node;
    x->gen = c->gen;
    x->reserved = granted;
    /* what the answer becomes once decompressed and read must fit the reservation; at least
     * the smallest grant, so that a partition always progresses */
    x->wire = granted / inflate * 16;
    if (x->wire < c->budget.min_grant)
        x->wire = granted < c->budget.min_grant ? granted : c->budget.min_grant;
    x->n = n;
    x->parts = parts;
    moldau_arena_init(&x->arena);
    if (!(x->ptrs = calloc(n, sizeof(*x->ptrs)))) {
        moldau__fetch_budget_settle(&c->budget, granted, 0);
        ctx_free(x);
        return;
    }
    /* the request may be encoded after an assign or unassign freed the partitions' names
     * (a broker not connected yet): it names its topics with its own copies */
    for (size_t i = 0; i < n; i++) {
        const char *t = parts[i].cp.topic;
        if (i && !strcmp(t, parts[i - 1].cp.topic))
            parts[i].cp.topic = parts[i - 1].cp.topic;
        else if (!(parts[i].cp.topic = moldau_arena_strndup(&x->arena, t, strlen(t)))) {
            moldau__fetch_budget_settle(&c->budget, granted, 0);
            ctx_free(x);
            return;
        }
        x->ptrs[i] = &parts[i].cp;
    }
    /* the broker holds the request up to fetch.max.wait.ms: the deadline allows for it */
    int64_t deadline = moldau__now_ms() + c->request_timeout_ms + c->fc.max_wait_ms;
    moldau_err_t err = moldau__cluster_request_to_node(f->cluster, node, MOLDAU_API_FETCH,
                                                       fetch_encode, fetch_done, x, deadline, 0);
    if (err) {
        moldau__fetch_budget_settle(&c->budget, granted, 0);
        ctx_free(x);
        moldau__fetcher_retry_later(f);
        return;
    }
    f->outstanding++;
    fn->in_flight = 1;
    for (size_t i = 0; i < n; i++)
        c->parts[parts[i].idx]->busy = 1;
}

/* ---- the loop ---------------------------------------------------------------------------- */

static void run(moldau__reactor_t *r, moldau__defer_t *d)
{
    (void)r;
    moldau__fetcher_t *f = d->opaque;
    moldau_consumer_t *c = f->c;
    if (f->stopped)
        return;
    int64_t now = moldau__now_ms();
    pthread_mutex_lock(&c->lock);
    size_t n = c->n_parts;
    int32_t *leader = n ? calloc(2 * n, sizeof(*leader)) : NULL;
    int32_t *listing = leader ? leader + n : NULL; /* the node a ListOffsets of i goes to */
    size_t *idx = n ? calloc(n, sizeof(*idx)) : NULL;
    char *to_list = n ? calloc(n, 1) : NULL;
    if (n && (!leader || !idx || !to_list)) {
        pthread_mutex_unlock(&c->lock);
        free(leader);
        free(idx);
        free(to_list);
        moldau__fetcher_retry_later(f);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        moldau__fpart_t *p = c->parts[i];
        leader[i] = listing[i] = -1;
        moldau__broker_t *b;
        int32_t epoch;
        if (p->busy && p->reset && p->reset != MOLDAU_OFFSET_STORED && !p->stopped &&
            !p->paused && !moldau__cluster_leader(f->cluster, p->topic, p->cp.partition, &b,
                                                 &epoch))
            listing[i] = moldau__broker_node_id(b); /* its ListOffsets is in flight */
        if (p->busy || p->stopped || p->paused)
            continue;
        moldau_err_t err = moldau__cluster_leader(f->cluster, p->topic, p->cp.partition, &b, &epoch);
        if (err && moldau__err_is_topic_refusal(err)) {
            /* no refresh mends it: told once, tried again on each metadata update (the
             * listener runs us), e.g. once an ACL is granted */
            if (p->unknown_reported != (int)err) { /* the error told, here */
                p->unknown_reported = (int)err;
                moldau__consumer_error(c, i, err, p->cp.position,
                                       "the cluster refused topic \"%s\"", p->topic);
                p->stopped = 0;
            }
            continue;
        }
        if (err) {
            moldau__cluster_refresh_soon(f->cluster, "no leader for a partition");
            /* reported once the cluster answered about the topic: a topic just wanted is
             * not in the cache yet, which is no error */
            if ((err == MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION ||
                 err == MOLDAU_ERR__UNKNOWN_PARTITION) &&
                moldau__cluster_topic(f->cluster, p->topic) && !p->unknown_reported) {
                p->unknown_reported = 1;
                moldau__consumer_error(c, i, err, p->cp.position, "%s",
                                       err == MOLDAU_ERR__UNKNOWN_PARTITION
                                           ? "the topic has no such partition"
                                           : "the topic is not known to the cluster");
                p->stopped = 0; /* retried on every refresh, reported once */
            }
            moldau__fetcher_retry_later(f);
            continue;
        }
        p->unknown_reported = 0;
        if (moldau__validate_due(c, i, epoch, moldau__broker_node_id(b)))
            continue; /* a new leader epoch: the position is validated first (validate.c) */
        p->cp.leader_epoch = epoch;
        const moldau_metadata_response_topic_t *mt = moldau__cluster_topic(f->cluster, p->topic);
        if (mt)
            p->cp.topic_id = mt->topic_id;
        if (p->reset == MOLDAU_OFFSET_STORED && c->offsets) { /* the group's committed offset */
            moldau__offsets_fetch_committed(c, i);
            continue;
        }
        if (p->reset) { /* sent below, one request per broker */
            listing[i] = moldau__broker_node_id(b);
            to_list[i] = 1;
            continue;
        }
        leader[i] = moldau__broker_node_id(b);
        if (p->read_replica >= 0) { /* KIP-392, until metadata.max.age.ms passes */
            if (now >= p->read_replica_until || !moldau__cluster_broker(f->cluster, p->read_replica))
                p->read_replica = -1;
            else
                leader[i] = p->read_replica;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (!to_list[i])
            continue;
        size_t k = 0;
        for (size_t j = i; j < n && !(k && f->lo_single); j++)
            if (to_list[j] && listing[j] == listing[i]) {
                to_list[j] = 0;
                idx[k++] = j;
            }
        moldau__fetcher_list_offsets(f, idx, k, listing[i]);
    }
    /* Each broker's Fetch asks for its share of the prefetch bound, not for all of it, and
     * the brokers take turns in being first: otherwise the first broker's Fetch would take
     * all the room whenever the application holds most of it, and the others would starve. */
    size_t brokers = 0;
    unsigned run_id = ++f->runs;
    for (size_t i = 0; i < f->n_nodes; i++)
        if (f->nodes[i].in_flight) {
            f->nodes[i].counted = run_id;
            brokers++;
        }
    for (size_t i = 0; i < n; i++) {
        moldau__fnode_t *fn = leader[i] >= 0 ? node_of(f, leader[i]) : NULL;
        if (fn && fn->counted != run_id) {
            fn->counted = run_id;
            brokers++;
        }
    }
    size_t want = (size_t)c->fc.max_bytes, share = c->budget.max / (brokers ? brokers : 1);
    if (share < c->budget.min_grant)
        share = c->budget.min_grant;
    if (want > share)
        want = share;
    /* one Fetch per broker with none in flight, for the partitions it leads; not while a
     * ListOffsets to it is in flight: that answer comes at once and the Fetch then carries
     * those partitions too (sent before it, it would hold them back up to fetch.max.wait.ms,
     * and behind a peer without TCP_NODELAY its small answer waits for our delayed ACK) */
    size_t first = n ? f->first++ % n : 0;
    for (size_t o = 0; o < n; o++) {
        size_t i = (first + o) % n;
        if (leader[i] < 0)
            continue;
        int32_t node = leader[i];
        moldau__fnode_t *fn = node_of(f, node);
        int resolving = 0;
        for (size_t j = 0; j < n && !resolving; j++)
            resolving = listing[j] == node;
        size_t k = 0;
        moldau__req_part_t *parts = fn && !fn->in_flight && !resolving ? calloc(n, sizeof(*parts)) : NULL;
        for (size_t j = 0; j < n; j++) { /* in the assignment's order (the session's) */
            if (leader[j] != node)
                continue;
            leader[j] = -1;
            if (parts) {
                moldau__fpart_t *p = c->parts[j];
                parts[k++] = (moldau__req_part_t){j, p->epoch, p->cp};
            }
        }
        if (parts)
            send_fetch(f, node, parts, k, want);
    }
    pthread_mutex_unlock(&c->lock);
    free(leader);
    free(idx);
    free(to_list);
}

static void retry_fired(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__fetcher_schedule(t->opaque);
}

static void metadata_updated(moldau__cluster_t *cl, void *opaque)
{
    moldau__fetcher_t *f = opaque;
    /* every broker refused our credentials: poll hears it once (group or not), again after
     * new credentials were refused too */
    const char *reason = "";
    moldau_err_t refused = moldau__cluster_auth_error(cl, &reason);
    if (refused && !f->refusal_told) {
        moldau_consumer_t *c = f->c;
        pthread_mutex_lock(&c->lock);
        moldau__consumer_error(c, SIZE_MAX, refused, -1, "%s", reason);
        pthread_mutex_unlock(&c->lock);
    }
    f->refusal_told = refused != MOLDAU_ERR_NONE;
    moldau__fetcher_schedule(f);
}

static void room_job(moldau__reactor_t *r, moldau__job_t *job, moldau_err_t err)
{
    (void)r;
    moldau__fetcher_t *f = job->opaque;
    atomic_store(&f->room_posted, 0);
    if (!err)
        moldau__fetcher_schedule(f);
}

void moldau__fetcher_room(void *opaque)
{
    moldau__fetcher_t *f = opaque;
    int expected = 0;
    if (atomic_compare_exchange_strong(&f->room_posted, &expected, 1))
        moldau__reactor_post(f->reactor, &f->room_job);
}

moldau__fetcher_t *moldau__fetcher_new(moldau_consumer_t *c)
{
    moldau__fetcher_t *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    f->c = c;
    f->cluster = c->client->cluster;
    f->reactor = c->client->reactor;
    moldau__defer_init(&f->run, run, f);
    moldau__timer_init(&f->retry, retry_fired, f);
    moldau__job_init(&f->room_job, room_job, f);
    atomic_init(&f->room_posted, 0);
    f->metadata_max_age_ms = moldau__conf_int(c->client->conf, MOLDAU__CONF_METADATA_MAX_AGE_MS);
    c->fc.rack_id = moldau__conf_str(c->client->conf, MOLDAU__CONF_CLIENT_RACK);
    f->listener.fn = metadata_updated;
    f->listener.opaque = f;
    moldau__cluster_listen(f->cluster, &f->listener);
    return f;
}

void moldau__fetcher_assigned(moldau__fetcher_t *f, moldau__fpart_t **old, size_t n_old)
{
    moldau_consumer_t *c = f->c;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n_parts; i++)
        moldau__cluster_want_topic(f->cluster, c->parts[i]->topic);
    pthread_mutex_unlock(&c->lock);
    for (size_t i = 0; i < n_old; i++)
        moldau__cluster_unwant_topic(f->cluster, old[i]->topic);
    moldau__fetcher_schedule(f);
}

void moldau__fetcher_stop(moldau__fetcher_t *f)
{
    moldau_consumer_t *c = f->c;
    f->stopped = 1;
    moldau__defer_cancel(&f->run);
    moldau__timer_cancel(f->reactor, &f->retry);
    moldau__cluster_unlisten(f->cluster, &f->listener);
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < c->n_parts; i++)
        moldau__cluster_unwant_topic(f->cluster, c->parts[i]->topic);
    pthread_mutex_unlock(&c->lock);
}

void moldau__fetcher_free(moldau__fetcher_t *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n_nodes; i++)
        moldau__fetch_session_free(&f->nodes[i].sess);
    free(f->nodes);
    free(f);
}
