/* The sender: ready batches → one ProduceRequest per leader → per-partition results. See
 * sender.h; idempotence decisions are in idempotence.c. */
#include <stdlib.h>
#include <string.h>

#include "net/cluster.h"
#include "producer/sender.h"
#include "util/backoff.h"

#define SENDER_MAX_NODES 256

typedef struct preq {
    moldau__sender_t *s;
    int32_t node;
    moldau__accum_batch_t *batches; /* through ->next */
    size_t n;
    int16_t acks;
    /* the request's topics as encoded (names and, from v13, ids; no partitions): the
     * response names topics by id from v13 */
    moldau_produce_request_topic_t *topics;
    int32_t n_topics;
} preq_t;

static void preq_free(preq_t *q)
{
    free(q->topics);
    free(q);
}

static void sender_unref(moldau__sender_t *s)
{
    if (--s->refs == 0) {
        free(s->retrying);
        free(s);
    }
}

static void schedule(moldau__sender_t *s)
{
    if (!s->dead)
        moldau__defer(s->r, &s->run);
}

/* ---- results ------------------------------------------------------------------------------ */

static void flight_del(moldau__ppart_t *pp, int32_t seq)
{
    for (int i = 0; i < pp->n_flight; i++)
        if (pp->flight_seq[i] == seq) {
            pp->flight_seq[i] = pp->flight_seq[--pp->n_flight];
            return;
        }
}

static int earlier_unresolved(const moldau__ppart_t *pp, int32_t seq)
{
    if (pp->hole_seq >= 0 && pp->hole_seq < seq)
        return 1;
    for (int i = 0; i < pp->n_flight; i++)
        if (pp->flight_seq[i] < seq)
            return 1;
    return 0;
}

static void retry_later(moldau__sender_t *s, moldau__ppart_t *pp, moldau__accum_batch_t *b,
                        int64_t now)
{
    if (pp) {
        if (b->base_sequence >= 0 && (pp->hole_seq < 0 || b->base_sequence < pp->hole_seq))
            pp->hole_seq = b->base_sequence;
        /* +-20% jitter so that producers retrying together spread out */
        int64_t at = now + moldau__backoff_ms(s->conf.retry_backoff_ms,
                                              s->conf.retry_backoff_max_ms, b->attempts, 20,
                                              &s->rng);
        if (!pp->retrying || at > pp->retry_at)
            pp->retry_at = at;
        pp->retrying = 1;
        moldau__accum_part_mute(pp->ap, 1);
        if (!pp->in_retry_list) {
            if (s->n_retrying == s->cap_retrying) {
                size_t cap = s->cap_retrying ? s->cap_retrying * 2 : 16;
                moldau__ppart_t **r = realloc(s->retrying, cap * sizeof(*r));
                if (r) {
                    s->retrying = r;
                    s->cap_retrying = cap;
                }
            }
            if (s->n_retrying < s->cap_retrying) {
                s->retrying[s->n_retrying++] = pp;
                pp->in_retry_list = 1;
            } else { /* no memory for the list: do not leave the partition muted */
                pp->retrying = 0;
                moldau__accum_part_mute(pp->ap, 0);
            }
        }
    }
    s->stats.batches_retried++;
    moldau__accum_requeue(s->acc, b);
}

/* Whether a failed attempt may nonetheless have been written: every answer but those a
 * partition's leader gives before appending, and every transport error (the request may have
 * been written before the connection went). */
static int maybe_written(moldau_err_t err)
{
    switch (err) {
    case MOLDAU_ERR_CORRUPT_MESSAGE:
    case MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION:
    case MOLDAU_ERR_UNKNOWN_TOPIC_ID: /* v13: the id is looked up before anything else */
    case MOLDAU_ERR_LEADER_NOT_AVAILABLE:
    case MOLDAU_ERR_NOT_LEADER_OR_FOLLOWER:
    case MOLDAU_ERR_NOT_ENOUGH_REPLICAS: /* checked before the append */
    case MOLDAU_ERR_FENCED_LEADER_EPOCH:
    case MOLDAU_ERR_UNKNOWN_LEADER_EPOCH:
    case MOLDAU_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER:
    case MOLDAU_ERR_UNKNOWN_PRODUCER_ID:
    case MOLDAU_ERR_INVALID_PRODUCER_EPOCH:
        return 0;
    default:
        return 1;
    }
}

/* What the sender knows of a batch being in the log (its reports' status): raised, never
 * lowered, and left alone once the batch was reported (the application may be reading it). */
static void raise_persisted(moldau__accum_batch_t *b, moldau_delivery_status_t st)
{
    if (!b->reported && b->persisted < st)
        b->persisted = st;
}

static void fail_batch(moldau__sender_t *s, moldau__accum_batch_t *b, moldau_err_t err)
{
    s->stats.batches_failed++;
    int stamped = b->base_sequence >= 0 && !b->reported;
    moldau__dbg(s->lg, MOLDAU__DBG_PRODUCER, "producer", "%s [%d]: batch of %d failed: %s",
                b->topic, (int)b->partition, (int)b->count, moldau_err_name(err));
    moldau__accum_complete(s->acc, b, err, -1, -1);
    if (stamped) /* a gap in the partition's sequences */
        moldau__idem_request_bump(s, "a batch failed for good");
}

/* One batch's result. leader: the response's CurrentLeader hint (NULL: none). */
static void batch_result(moldau__sender_t *s, moldau__accum_batch_t *b, moldau_err_t err,
                         int64_t base_offset, int64_t log_append_time,
                         const moldau_leader_id_and_epoch_t *leader, int64_t now)
{
    moldau__ppart_t *pp = moldau__ptopic_ppart(s->p, b->topic, b->partition);
    int idem = s->idem.state != MOLDAU__IDEM_OFF;
    if (pp && b->base_sequence >= 0)
        flight_del(pp, b->base_sequence);
    if (pp && pp->first_wait && b->base_sequence == 0) {
        pp->first_wait = 0;
        if (!pp->retrying)
            moldau__accum_part_mute(pp->ap, 0);
    }
    if (idem && err == MOLDAU_ERR_DUPLICATE_SEQUENCE_NUMBER)
        err = MOLDAU_ERR_NONE; /* the broker already has it */
    if (!err) {
        if (pp && pp->hole_seq >= 0 && b->base_sequence >= pp->hole_seq)
            pp->hole_seq = -1;
        raise_persisted(b, s->conf.acks ? MOLDAU_DELIVERY_PERSISTED
                                        : MOLDAU_DELIVERY_POSSIBLY_PERSISTED);
        moldau__accum_complete(s->acc, b, MOLDAU_ERR_NONE, base_offset, log_append_time);
        return;
    }
    if (idem && (err == MOLDAU_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER ||
                 err == MOLDAU_ERR_UNKNOWN_PRODUCER_ID)) {
        if (b->reported) { /* expired meanwhile: only let go */
            moldau__accum_requeue(s->acc, b);
            moldau__idem_request_bump(s, "expired batch");
            return;
        }
        if (pp && earlier_unresolved(pp, b->base_sequence)) {
            retry_later(s, pp, b, now); /* an earlier batch was lost and goes again first */
            return;
        }
        if (err == MOLDAU_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER && b->unsure && !s->idem.bump) {
            /* B is next in line (every earlier sequence of the epoch acknowledged) and an
             * attempt of B may have been written: the broker's last sequence is past the
             * acknowledged ones, and only B's own attempt can have put it there (acks=all
             * keeps acknowledged batches). So B is in the log, and the broker no longer knows
             * it as a duplicate (it keeps the last five batches; one, after a restart). A
             * new epoch would write it twice: it is delivered, offset unknown (the report
             * says PERSISTED with offset -1, which acks=0 never gives). */
            moldau__log(s->lg, MOLDAU_LOG_NOTICE, "producer",
                        "%s [%d]: batch of %d at sequence %d: %s after an attempt that ended in "
                        "%s: it is in the log; delivered, offset unknown",
                        b->topic, (int)b->partition, (int)b->count, (int)b->base_sequence,
                        moldau_err_name(err), moldau_err_name(b->unsure));
            s->stats.batches_inferred++;
            b->unsure = MOLDAU_ERR_NONE;
            if (pp && pp->hole_seq >= 0 && b->base_sequence >= pp->hole_seq)
                pp->hole_seq = -1;
            raise_persisted(b, MOLDAU_DELIVERY_PERSISTED);
            moldau__accum_complete(s->acc, b, MOLDAU_ERR_NONE, -1, -1);
            return;
        }
        /* Nothing explains it: new epoch, then B goes again with fresh sequences. A batch
         * never written under its sequence (every attempt refused) is safe to re-stamp; an
         * unsure one (a bump already pending, or UNKNOWN_PRODUCER_ID) stays unsure and fails
         * at the bump rather than risk a second copy. */
        retry_later(s, pp, b, now);
        moldau__idem_request_bump(s, moldau_err_name(err));
        return;
    }
    if (maybe_written(err)) {
        raise_persisted(b, MOLDAU_DELIVERY_POSSIBLY_PERSISTED);
        if (idem && b->base_sequence >= 0)
            b->unsure = err; /* a bump fails it rather than re-stamp it (docs/idempotence.md) */
    }
    int retriable = moldau_err_is_retriable(err) || err == MOLDAU_ERR__BAD_MSG;
    if (retriable && moldau__err_is_stale_metadata(err)) {
        if (leader && leader->leader_id >= 0 && pp &&
            moldau__cluster_broker(s->cluster, leader->leader_id)) {
            pp->leader = leader->leader_id; /* KIP-951: retry at the new leader at once */
            moldau__accum_part_set_leader(pp->ap, leader->leader_id);
        }
        moldau__cluster_refresh(s->cluster, moldau_err_name(err));
    }
    if (retriable && !s->closed && b->attempts <= s->conf.retries &&
        !moldau__accum_batch_expired(s->acc, b, now)) {
        moldau__dbg(s->lg, MOLDAU__DBG_PRODUCER, "producer",
                    "%s [%d]: batch of %d (attempt %d) retried: %s", b->topic, (int)b->partition,
                    (int)b->count, b->attempts, moldau_err_name(err));
        retry_later(s, pp, b, now);
        return;
    }
    if (retriable && moldau__accum_batch_expired(s->acc, b, now))
        err = MOLDAU_ERR__MSG_TIMED_OUT;
    fail_batch(s, b, err);
}

/* ---- requests ----------------------------------------------------------------------------- */

static int splice_batch(moldau_buf_t *w, moldau_bytes_t records, void *opaque)
{
    (void)opaque;
    return moldau__frame_splice(w, records.data, (size_t)records.len);
}

static moldau_err_t produce_encode(moldau_buf_t *w, int16_t version, void *opaque)
{
    preq_t *q = opaque;
    if (q->s->dead)
        return MOLDAU_ERR__DESTROYED; /* the batches are gone */
    moldau_produce_request_topic_t *topics = calloc(q->n, sizeof(*topics));
    moldau_produce_request_partition_t *parts = calloc(q->n, sizeof(*parts));
    int32_t *tix = calloc(q->n, sizeof(*tix));
    moldau_err_t err = MOLDAU_ERR__NO_MEMORY;
    if (!topics || !parts || !tix)
        goto out;
    /* group by topic (a handful of topics per request: quadratic is fine) */
    int32_t nt = 0;
    size_t i = 0;
    for (moldau__accum_batch_t *b = q->batches; b; b = b->next, i++) {
        int32_t t = 0;
        while (t < nt && strcmp(topics[t].name, b->topic))
            t++;
        if (t == nt)
            topics[nt++].name = b->topic;
        topics[t].n_partition_data++;
        tix[i] = t;
    }
    int32_t at = 0;
    for (int32_t t = 0; t < nt; t++) {
        topics[t].partition_data = &parts[at];
        at += topics[t].n_partition_data;
        topics[t].n_partition_data = 0;
    }
    i = 0;
    for (moldau__accum_batch_t *b = q->batches; b; b = b->next, i++) {
        moldau_produce_request_topic_t *t = &topics[tix[i]];
        moldau_produce_request_partition_t *pd =
            (moldau_produce_request_partition_t *)&t->partition_data[t->n_partition_data++];
        pd->index = b->partition;
        pd->records.data = b->data;
        pd->records.len = (int32_t)b->len;
    }
    if (version >= 13) { /* KIP-516: topics by id, from the metadata cache */
        for (int32_t t = 0; t < nt; t++) {
            const moldau_metadata_response_topic_t *mt =
                moldau__cluster_topic(q->s->cluster, topics[t].name);
            static const moldau_uuid_t zero;
            if (!mt || !memcmp(mt->topic_id.b, zero.b, sizeof(zero.b))) {
                /* no id known (yet): retried after a refresh, as the broker's own answer */
                err = MOLDAU_ERR_UNKNOWN_TOPIC_ID;
                goto out;
            }
            topics[t].topic_id = mt->topic_id;
        }
    }
    moldau_produce_request_t req = {NULL, q->acks, q->s->conf.request_timeout_ms, topics, nt};
    /* the batches are written from where they are: they live until the response */
    err = moldau_produce_request_encode_spliced(w, version, &req, splice_batch, NULL);
    if (!err) { /* kept for the response (names and ids only) */
        for (int32_t t = 0; t < nt; t++)
            topics[t].partition_data = NULL;
        free(q->topics);
        q->topics = topics;
        q->n_topics = nt;
        topics = NULL;
    }
out:
    free(topics);
    free(parts);
    free(tix);
    return err;
}

/* The topic's id as the request sent it (v13+), or NULL. */
static const moldau_uuid_t *request_topic_id(const preq_t *q, const char *topic)
{
    for (int32_t t = 0; t < q->n_topics; t++)
        if (!strcmp(q->topics[t].name, topic))
            return &q->topics[t].topic_id;
    return NULL;
}

static const moldau_produce_response_partition_t *
find_partition(const moldau_produce_response_t *resp, int16_t version, const preq_t *q,
               const char *topic, int32_t partition)
{
    const moldau_uuid_t *id = version >= 13 ? request_topic_id(q, topic) : NULL;
    if (version >= 13 && !id)
        return NULL;
    for (int32_t t = 0; t < resp->n_responses; t++) {
        const moldau_produce_response_topic_t *rt = &resp->responses[t];
        int other = id ? memcmp(rt->topic_id.b, id->b, sizeof(id->b)) != 0
                       : !rt->name || strcmp(rt->name, topic) != 0;
        if (other)
            continue;
        for (int32_t i = 0; i < rt->n_partition_responses; i++)
            if (rt->partition_responses[i].index == partition)
                return &rt->partition_responses[i];
    }
    return NULL;
}

static void produce_response(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                             void *opaque)
{
    preq_t *q = opaque;
    moldau__sender_t *s = q->s;
    if (s->dead) {
        preq_free(q);
        sender_unref(s);
        return;
    }
    int64_t now = moldau__now_ms();
    s->batches_in_flight -= (int64_t)q->n;
    s->stats.responses++;
    moldau_arena_t arena;
    moldau_arena_init(&arena);
    moldau_produce_response_t resp;
    if (!err && q->acks != 0) {
        moldau_reader_t r;
        moldau_reader_init(&r, body, len);
        err = moldau_produce_response_decode(&r, version, &arena, &resp);
    }
    moldau__dbg(s->lg, MOLDAU__DBG_PRODUCER, "producer", "node %d: Produce v%d response: %zu batches%s%s",
                (int)q->node, (int)version, q->n, err ? ", " : "", err ? moldau_err_name(err) : "");
    moldau__accum_batch_t *b = q->batches, *next;
    for (; b; b = next) {
        next = b->next;
        if (err) { /* the whole request: outcome unknown, retriable as far as it goes */
            batch_result(s, b, err, -1, -1, NULL, now);
        } else if (q->acks == 0) {
            batch_result(s, b, MOLDAU_ERR_NONE, -1, -1, NULL, now);
        } else {
            const moldau_produce_response_partition_t *pr =
                find_partition(&resp, version, q, b->topic, b->partition);
            if (!pr)
                batch_result(s, b, MOLDAU_ERR__BAD_MSG, -1, -1, NULL, now);
            else
                batch_result(s, b, (moldau_err_t)pr->error_code, pr->base_offset,
                             pr->log_append_time_ms, &pr->current_leader, now);
        }
    }
    moldau_arena_free(&arena);
    preq_free(q);
    schedule(s);
    sender_unref(s);
}

static void send_batches(moldau__sender_t *s, int32_t node, moldau__accum_batch_t *list, size_t n,
                         int64_t now)
{
    preq_t *q = malloc(sizeof(*q));
    moldau_err_t err = MOLDAU_ERR__NO_MEMORY;
    if (q) {
        q->s = s;
        q->node = node;
        q->batches = list;
        q->n = n;
        q->acks = s->conf.acks;
        q->topics = NULL;
        q->n_topics = 0;
        err = moldau__cluster_request_to_node(
            s->cluster, node, MOLDAU_API_PRODUCE, produce_encode, produce_response, q,
            now + s->conf.request_timeout_ms, q->acks == 0 ? MOLDAU__BROKER_NO_RESPONSE : 0);
    }
    for (moldau__accum_batch_t *b = list; b; b = b->next) {
        moldau__ppart_t *pp = moldau__ptopic_ppart(s->p, b->topic, b->partition);
        if (pp && b->base_sequence >= 0 && pp->n_flight < 8)
            pp->flight_seq[pp->n_flight++] = b->base_sequence;
        /* A broker with no state for this producer id and epoch on the partition accepts any
         * sequence: were the first batch lost (a leader change), a later one could land
         * before it. So the first batch of an epoch goes alone. */
        if (pp && b->base_sequence == 0) {
            pp->first_wait = 1;
            moldau__accum_part_mute(pp->ap, 1);
        }
    }
    s->batches_in_flight += (int64_t)n;
    moldau__dbg(s->lg, MOLDAU__DBG_PRODUCER, "producer", "node %d: Produce request: %zu batches%s%s",
                (int)node, n, err ? ", not sent: " : "", err ? moldau_err_name(err) : "");
    if (!err) {
        s->refs++;
        s->stats.requests++;
        s->stats.batches_sent += n;
        return;
    }
    preq_free(q);
    /* not sent (the node left the cluster, no topic id yet, no memory): as a failed request;
     * a broker that refused our credentials says so, and that is final for the batches */
    s->batches_in_flight -= (int64_t)n;
    moldau__broker_t *broker = moldau__cluster_broker(s->cluster, node);
    moldau_err_t refused = broker ? moldau__broker_auth_error(broker, NULL) : MOLDAU_ERR_NONE;
    if (refused)
        err = refused;
    else if (err != MOLDAU_ERR_BROKER_NOT_AVAILABLE && err != MOLDAU_ERR_UNKNOWN_TOPIC_ID)
        err = MOLDAU_ERR__TRANSPORT;
    moldau__accum_batch_t *next;
    for (moldau__accum_batch_t *b = list; b; b = next) {
        next = b->next;
        batch_result(s, b, err, -1, -1, NULL, now);
    }
}

/* ---- the run ------------------------------------------------------------------------------ */

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* Partitions whose retry may go now: every in-flight batch answered, backoff passed. */
static int64_t unmute_retries(moldau__sender_t *s, int64_t now)
{
    int64_t next = INT64_MAX;
    for (size_t i = 0; i < s->n_retrying;) {
        moldau__ppart_t *pp = s->retrying[i];
        if (moldau__accum_part_in_flight(pp->ap) == 0 && now >= pp->retry_at) {
            pp->retrying = 0;
            pp->in_retry_list = 0;
            if (!pp->first_wait)
                moldau__accum_part_mute(pp->ap, 0);
            s->retrying[i] = s->retrying[--s->n_retrying];
            continue;
        }
        if (moldau__accum_part_in_flight(pp->ap) == 0)
            next = min64(next, pp->retry_at);
        i++;
    }
    return next;
}

static void sender_run(moldau__reactor_t *r, moldau__defer_t *d)
{
    (void)r;
    moldau__sender_t *s = d->opaque;
    if (s->dead)
        return;
    int64_t now = moldau__now_ms();
    int64_t next = INT64_MAX;
    if (atomic_load(&s->p->n_pending)) {
        /* records wait for a topic's metadata: keep asking (an unknown or leaderless topic
         * is not refreshed otherwise) */
        int64_t again =
            moldau__cluster_refresh_soon(s->cluster, "records wait for topic metadata");
        next = min64(next, moldau__ptopics_expire(s->p, now, 0, MOLDAU_ERR_NONE));
        if (atomic_load(&s->p->n_pending))
            next = min64(next, again);
    }
    if (s->closed)
        return;
    if (s->idem.state == MOLDAU__IDEM_FATAL)
        moldau__accum_purge(s->acc, s->idem.fatal, 0);
    /* every broker refused our credentials: nothing queued can go, so it fails now with the
     * refusal (as the Java client aborts its batches) rather than at delivery.timeout.ms */
    moldau_err_t refused = moldau__cluster_auth_error(s->cluster, NULL);
    if (refused)
        moldau__accum_purge(s->acc, refused, 0);
    next = min64(next, unmute_retries(s, now));
    next = min64(next, moldau__idem_run(s, now, s->batches_in_flight));

    int32_t nodes[SENDER_MAX_NODES];
    moldau__accum_ready_t rd = {.nodes = nodes, .max_nodes = SENDER_MAX_NODES};
    moldau__accum_ready(s->acc, now, s->conf.max_in_flight, &rd);
    if (rd.next_expiry_ms <= now) {
        if (moldau__accum_expire(s->acc, now, 1))
            moldau__idem_request_bump(s, "batches expired");
        rd.nodes = nodes;
        moldau__accum_ready(s->acc, now, s->conf.max_in_flight, &rd);
    }
    if (rd.unknown_leader)
        moldau__cluster_refresh_soon(s->cluster, "partitions without a leader");
    next = min64(next, rd.next_ready_ms);
    next = min64(next, rd.next_expiry_ms);
    if (rd.unknown_leader)
        next = min64(next, now + s->conf.retry_backoff_ms);
    if (moldau__idem_can_drain(&s->idem)) {
        int64_t pid = s->idem.state == MOLDAU__IDEM_READY ? s->idem.producer_id : -1;
        int16_t epoch = s->idem.state == MOLDAU__IDEM_READY ? s->idem.producer_epoch : -1;
        for (size_t i = 0; i < rd.n_nodes; i++) {
            moldau__broker_t *b = moldau__cluster_broker(s->cluster, nodes[i]);
            if (b && moldau__broker_outstanding(b) >= s->conf.max_in_flight)
                continue; /* a response will run us again */
            moldau__accum_batch_t *list = NULL;
            size_t n = moldau__accum_drain(s->acc, nodes[i], now, (size_t)s->conf.max_request_size,
                                           s->conf.max_in_flight, pid, epoch, &list);
            if (n)
                send_batches(s, nodes[i], list, n, now);
        }
    }
    if (next == INT64_MAX)
        moldau__timer_cancel(s->r, &s->timer);
    else
        moldau__timer_arm(s->r, &s->timer, next);
}

static void on_timer(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    schedule(t->opaque);
}

static void wake_job(moldau__reactor_t *r, moldau__job_t *job, moldau_err_t err)
{
    (void)r;
    moldau__sender_t *s = job->opaque;
    atomic_store(&s->wake_posted, 0);
    if (s->dead)
        sender_unref(s); /* the reference moldau__sender_destroy left for this job */
    else if (!err)
        schedule(s);
}

void moldau__sender_wakeup(void *opaque)
{
    moldau__sender_t *s = opaque;
    if (!atomic_exchange(&s->wake_posted, 1))
        moldau__reactor_post(s->r, &s->wake_job);
}

static void on_metadata(moldau__cluster_t *c, void *opaque)
{
    moldau__sender_t *s = opaque;
    moldau_producer_t *p = s->p;
    pthread_rwlock_rdlock(&p->topics_lock);
    for (moldau__ptopic_t *t = p->topics; t; t = t->all_next)
        if (t->wanted)
            moldau__ptopic_apply_metadata(t, c);
    pthread_rwlock_unlock(&p->topics_lock);
    schedule(s);
}

/* ---- life cycle --------------------------------------------------------------------------- */

moldau__sender_t *moldau__sender_new(moldau_producer_t *p, const moldau__sender_conf_t *conf)
{
    moldau__sender_t *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->p = p;
    s->acc = p->acc;
    s->cluster = p->client->cluster;
    s->r = p->client->reactor;
    s->lg = p->logger;
    s->conf = *conf;
    if (s->conf.max_in_flight < 1)
        s->conf.max_in_flight = 1;
    s->refs = 1;
    moldau__rng_init_unique(&s->rng);
    moldau__defer_init(&s->run, sender_run, s);
    moldau__timer_init(&s->timer, on_timer, s);
    moldau__job_init(&s->wake_job, wake_job, s);
    atomic_init(&s->wake_posted, 0);
    moldau__idem_init(&s->idem, conf->idempotence);
    s->listener.fn = on_metadata;
    s->listener.opaque = s;
    moldau__cluster_listen(s->cluster, &s->listener);
    return s;
}

void moldau__sender_topic_added(moldau__sender_t *s, moldau__ptopic_t *t)
{
    if (s->dead || t->wanted)
        return;
    if (moldau__cluster_want_topic(s->cluster, t->name) == MOLDAU_ERR_NONE)
        t->wanted = 1;
    moldau__ptopic_apply_metadata(t, s->cluster);
    schedule(s);
}

void moldau__sender_close(moldau__sender_t *s, moldau_err_t err)
{
    s->closed = 1;
    moldau__accum_close_begin(s->acc);
    moldau__accum_purge(s->acc, err, 1);
    moldau__ptopics_expire(s->p, moldau__now_ms(), 1, err);
}

void moldau__sender_destroy(moldau__sender_t *s)
{
    if (!s)
        return;
    moldau__cluster_unlisten(s->cluster, &s->listener);
    moldau_producer_t *p = s->p;
    pthread_rwlock_rdlock(&p->topics_lock);
    for (moldau__ptopic_t *t = p->topics; t; t = t->all_next)
        if (t->wanted) {
            moldau__cluster_unwant_topic(s->cluster, t->name);
            t->wanted = 0;
        }
    pthread_rwlock_unlock(&p->topics_lock);
    moldau__timer_cancel(s->r, &s->timer);
    moldau__defer_cancel(&s->run);
    s->dead = 1;
    if (atomic_load(&s->wake_posted))
        s->refs++; /* the posted job still points here; it lets go when it runs */
    sender_unref(s);
}

void moldau__sender_stats(moldau__sender_t *s, moldau__sender_stats_t *out) { *out = s->stats; }
