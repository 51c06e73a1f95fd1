/*
 * The classic group protocol (reactor thread): JoinGroup (again with the member id when v4+
 * asks for it), SyncGroup (the leader's assignment is group_leader.c), a Heartbeat every
 * heartbeat.interval.ms, the poll-interval watch, and the errors handled as Java's AbstractCoordinator and
 * ConsumerCoordinator handle them. The coordinator is the request helper's
 * MOLDAU__TARGET_GROUP, which finds it and retries its errors (NOT_COORDINATOR,
 * COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS, a lost connection).
 *
 * Assignment changes reach the application's side as ops (group_internal.h). Eager members
 * revoke everything before they join (REVOKE_ALL, then revoked() sends the JoinGroup);
 * cooperative ones (KIP-429) join with their owned partitions, revoke only what moved, and
 * rejoin once that is done so that the partitions can go to their new owners.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/request.h"
#include "consumer/group_classic.h"
#include "util/clock.h"


static void join(moldau__membership_t *m);
static void maybe_join(moldau__membership_t *m);
static void leave_async(moldau__membership_t *m, const char *reason);

void moldau__classic_free_topics(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int set_member_id(moldau__membership_t *m, const char *id)
{
    char *s = strdup(id ? id : "");
    if (!s)
        return -1;
    free(m->member_id);
    m->member_id = s;
    return 0;
}

/* The identity offset commits carry (under c->lock). */
static void publish_identity(moldau__membership_t *m)
{
    moldau_consumer_t *c = m->c;
    char *id = strdup(m->generation >= 0 ? m->member_id : "");
    pthread_mutex_lock(&c->lock);
    if (id) {
        free(c->member_id);
        c->member_id = id;
    }
    c->generation_id = m->generation;
    pthread_mutex_unlock(&c->lock);
}

void moldau__classic_fatal(moldau__membership_t *m, moldau_err_t err, const char *what)
{
    m->state = ST_FATAL;
    moldau__timer_cancel(m->reactor, &m->hb_timer);
    moldau__timer_cancel(m->reactor, &m->retry_timer);
    m->generation = -1;
    publish_identity(m);
    pthread_mutex_lock(&m->c->lock);
    moldau__consumer_error(m->c, SIZE_MAX, err, -1, "group %s: %s: %s", m->c->group_id, what,
                           moldau_err_str(err));
    pthread_mutex_unlock(&m->c->lock);
}

static int is_fatal(moldau_err_t err)
{
    return err == MOLDAU_ERR_FENCED_INSTANCE_ID || err == MOLDAU_ERR_GROUP_AUTHORIZATION_FAILED ||
           err == MOLDAU_ERR_INVALID_SESSION_TIMEOUT ||
           err == MOLDAU_ERR_INCONSISTENT_GROUP_PROTOCOL ||
           err == MOLDAU_ERR_GROUP_MAX_SIZE_REACHED || err == MOLDAU_ERR_INVALID_GROUP_ID ||
           err == MOLDAU_ERR_UNSUPPORTED_VERSION;
}

/* The partitions of `a` not in `b` (a new list, or NULL when out of memory). */
static moldau_partition_list_t *minus(const moldau_partition_list_t *a,
                                      const moldau_partition_list_t *b)
{
    moldau_partition_list_t *l = moldau_partition_list_new(a ? a->n : 0);
    for (size_t i = 0; l && a && i < a->n; i++) {
        int found = 0;
        for (size_t j = 0; b && j < b->n && !found; j++)
            found = b->elems[j].partition == a->elems[i].partition &&
                    !strcmp(b->elems[j].topic, a->elems[i].topic);
        if (!found && !moldau_partition_list_add(l, a->elems[i].topic, a->elems[i].partition)) {
            moldau_partition_list_destroy(l);
            return NULL;
        }
    }
    return l;
}

/* The generation is gone: what the member owned is lost (others may own it already). */
static void lose(moldau__membership_t *m, int reset_member_id)
{
    m->generation = -1;
    if (reset_member_id)
        set_member_id(m, "");
    publish_identity(m);
    moldau__timer_cancel(m->reactor, &m->hb_timer);
    /* even with nothing owned: an ASSIGN op may still wait for the application */
    moldau__group_lose(m->g);
    moldau_partition_list_destroy(m->owned);
    m->owned = NULL;
}

void moldau__classic_retry_soon(moldau__membership_t *m)
{
    m->state = ST_IDLE;
    m->rejoin_needed = 1;
    int64_t backoff = m->c->retry_backoff_ms << (m->attempts < 5 ? m->attempts : 5);
    m->attempts++;
    moldau__timer_arm(m->reactor, &m->retry_timer, moldau__now_ms() + backoff);
}

static void want_join(moldau__membership_t *m)
{
    m->rejoin_needed = 1;
    maybe_join(m);
}

/* ---- heartbeats ------------------------------------------------------------------------ */

MOLDAU__REQUEST_CODEC(hb, moldau_heartbeat_request_t, moldau_heartbeat_request_encode,
                      moldau_heartbeat_response_t, moldau_heartbeat_response_decode)

static moldau_err_t hb_error(const void *body, int16_t version)
{
    (void)version;
    return (moldau_err_t)((const moldau_heartbeat_response_t *)body)->error_code;
}

static void hb_arm(moldau__membership_t *m)
{
    moldau__timer_arm(m->reactor, &m->hb_timer, moldau__now_ms() + m->g->heartbeat_interval_ms);
}

static void hb_done(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    moldau__membership_t *m = opaque;
    moldau__response_free(resp);
    m->hb_in_flight = 0;
    if (err)
        moldau__dbg(&m->client->logger, MOLDAU__DBG_CGRP, "CGRP", "group %s: Heartbeat: %s",
                    m->c->group_id, moldau_err_name(err));
    if (m->state != ST_STABLE && m->state != ST_WAIT_REVOKE)
        return;
    if (m->hb_generation != m->generation)
        err = MOLDAU_ERR_NONE; /* of the generation before: this one is not in question */
    switch (err) {
    case MOLDAU_ERR_NONE:
        break;
    case MOLDAU_ERR_REBALANCE_IN_PROGRESS:
        want_join(m);
        break;
    case MOLDAU_ERR_ILLEGAL_GENERATION:
    case MOLDAU_ERR_UNKNOWN_MEMBER_ID:
        if (m->state == ST_WAIT_REVOKE)
            break; /* the join to come finds out */
        lose(m, err == MOLDAU_ERR_UNKNOWN_MEMBER_ID);
        m->state = ST_IDLE;
        want_join(m);
        return;
    default:
        if (is_fatal(err))
            return moldau__classic_fatal(m, err, "Heartbeat");
        break; /* the coordinator moved or did not answer: the next one looks again */
    }
    if (m->state == ST_STABLE || m->state == ST_WAIT_REVOKE)
        hb_arm(m);
}

static void hb_fire(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__membership_t *m = t->opaque;
    if ((m->state != ST_STABLE && m->state != ST_WAIT_REVOKE) || m->hb_in_flight)
        return;
    moldau_consumer_t *c = m->c;
    moldau__request_t *req =
        moldau__request_new(m->client, MOLDAU_API_HEARTBEAT, hb_encode, hb_decode, hb_error);
    if (!req)
        return hb_arm(m);
    moldau_arena_t *a = moldau__request_arena(req);
    moldau_heartbeat_request_t *b = moldau_arena_calloc(a, 1, sizeof(*b));
    if (!b || !(b->member_id = moldau_arena_strndup(a, m->member_id, strlen(m->member_id))) ||
        moldau__request_target(req, MOLDAU__TARGET_GROUP, -1, c->group_id)) {
        moldau__request_destroy(req);
        return hb_arm(m);
    }
    b->group_id = c->group_id;
    b->generation_id = m->generation;
    b->group_instance_id = c->group_instance_id;
    moldau__request_set_body(req, b);
    m->hb_in_flight = 1;
    m->hb_generation = m->generation;
    int32_t timeout = m->g->session_timeout_ms < c->request_timeout_ms ? m->g->session_timeout_ms
                                                                       : c->request_timeout_ms;
    moldau__request_async(req, timeout, hb_done, m);
}

/* ---- max.poll.interval.ms ------------------------------------------------------------- */

static void poll_arm(moldau__membership_t *m)
{
    int64_t at = atomic_load(&m->c->last_poll_ms) + m->g->max_poll_interval_ms;
    moldau__timer_arm(m->reactor, &m->poll_timer, at);
}

static void poll_fire(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__membership_t *m = t->opaque;
    if (m->state == ST_STOPPED || m->state == ST_FATAL || m->state == ST_IDLE)
        return;
    int64_t idle = moldau__now_ms() - atomic_load(&m->c->last_poll_ms);
    if (idle < m->g->max_poll_interval_ms)
        return poll_arm(m);
    /* as Java: the member leaves (a dynamic one says so with LeaveGroup, a static one lets
     * its session run out) and rejoins once the application polls again */
    moldau__log(&m->client->logger, MOLDAU_LOG_WARNING, "group",
                "group %s: no poll for %lld ms (max.poll.interval.ms %d): leaving the group",
                m->c->group_id, (long long)idle, (int)m->g->max_poll_interval_ms);
    if (!m->c->group_instance_id && *m->member_id)
        leave_async(m, "consumer poll timeout has expired");
    moldau__group_op_t *op = moldau__group_op_new(MOLDAU__GROUP_POLL_EXPIRED);
    lose(m, 1);
    m->state = ST_IDLE;
    m->rejoin_needed = 0;
    moldau__timer_cancel(m->reactor, &m->retry_timer);
    if (op) {
        op->rejoin = 1;
        snprintf(op->reason, sizeof(op->reason),
                 "group %s: the application did not poll for %lld ms (max.poll.interval.ms "
                 "%d): the member left the group and rejoins",
                 m->c->group_id, (long long)idle, (int)m->g->max_poll_interval_ms);
        moldau__group_push(m->g, op);
    }
}

/* ---- LeaveGroup (poll timeout, unsubscribe) --------------------------------------- */

static void leave_done(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    (void)err;
    (void)opaque;
    moldau__response_free(resp);
}

static void leave_async(moldau__membership_t *m, const char *reason)
{
    moldau__request_t *req = moldau__group_leave_request(m->c, m->member_id, reason);
    if (req)
        moldau__request_async(req, m->c->request_timeout_ms / 2, leave_done, m);
}

/* ---- SyncGroup ---------------------------------------------------------------------- */

/* An error answer whose other fields do not decode (librdkafka's mock writes nulls where
 * the schema has none) still says its error: only the error is used then, so it is kept.
 * throttle_from: the first version with ThrottleTimeMs before the error code. */
static int16_t error_only(moldau_reader_t copy, int16_t version, int16_t throttle_from)
{
    if (version >= throttle_from)
        moldau_r_i32(&copy);
    int16_t code = moldau_r_i16(&copy);
    return copy.err ? 0 : code;
}

MOLDAU__REQUEST_ENCODER(sync_encode, moldau_sync_group_request_t,
                        moldau_sync_group_request_encode)

static moldau_err_t sync_decode(moldau_reader_t *r, int16_t version, moldau_arena_t *arena,
                                void **out)
{
    moldau_sync_group_response_t *resp = moldau_arena_calloc(arena, 1, sizeof(*resp));
    if (!resp)
        return MOLDAU_ERR__NO_MEMORY;
    *out = resp;
    moldau_reader_t copy = *r;
    moldau_err_t err = moldau_sync_group_response_decode(r, version, arena, resp);
    int16_t code = err == MOLDAU_ERR__BAD_MSG ? error_only(copy, version, 1) : 0;
    if (!code)
        return err;
    *resp = (moldau_sync_group_response_t){.error_code = code, .assignment = MOLDAU_BYTES_NULL};
    return MOLDAU_ERR_NONE;
}



static moldau_err_t sync_error(const void *body, int16_t version)
{
    (void)version;
    return (moldau_err_t)((const moldau_sync_group_response_t *)body)->error_code;
}

/* The assignment SyncGroup gave, as a list (NULL: it did not parse, *err says why). */
static moldau_partition_list_t *parse_assignment(moldau_bytes_t b, moldau_err_t *err)
{
    moldau_partition_list_t *l = moldau_partition_list_new(0);
    if (!l) {
        *err = MOLDAU_ERR__NO_MEMORY;
        return NULL;
    }
    if (b.len <= 0)
        return l; /* nothing assigned */
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_reader_t r;
    moldau_reader_init(&r, b.data, (size_t)b.len);
    moldau_consumer_protocol_assignment_t as;
    memset(&as, 0, sizeof(as));
    *err = moldau_consumer_protocol_assignment_decode(&r, &a, &as);
    for (int32_t t = 0; !*err && t < as.n_assigned_partitions; t++) {
        const moldau_consumer_protocol_topic_partition_t *tp = &as.assigned_partitions[t];
        for (int32_t p = 0; !*err && p < tp->n_partitions; p++)
            if (!tp->topic || !*tp->topic || tp->partitions[p] < 0)
                *err = MOLDAU_ERR__BAD_MSG;
            else if (!moldau_partition_list_add(l, tp->topic, tp->partitions[p]))
                *err = MOLDAU_ERR__NO_MEMORY;
    }
    moldau_arena_free(&a);
    if (*err) {
        moldau_partition_list_destroy(l);
        return NULL;
    }
    return l;
}

static void sync_done(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    moldau__membership_t *m = opaque;
    if (m->state != ST_SYNCING) {
        moldau__response_free(resp);
        return;
    }
    const moldau_sync_group_response_t *sr = resp ? resp->body : NULL;
    moldau_partition_list_t *now = NULL;
    moldau__dbg(&m->client->logger, MOLDAU__DBG_CGRP, "CGRP",
                "group %s: SyncGroup: %s (%d bytes of assignment)", m->c->group_id,
                moldau_err_name(err), sr ? (int)sr->assignment.len : -1);
    if (!err && sr) {
        moldau_err_t perr = MOLDAU_ERR_NONE;
        if (!(now = parse_assignment(sr->assignment, &perr))) {
            moldau__response_free(resp);
            pthread_mutex_lock(&m->c->lock);
            moldau__consumer_error(m->c, SIZE_MAX, perr, -1,
                                   "group %s: the assignment of generation %d does not parse: "
                                   "%s; rejoining",
                                   m->c->group_id, (int)m->generation, moldau_err_str(perr));
            pthread_mutex_unlock(&m->c->lock);
            lose(m, 0);
            return moldau__classic_retry_soon(m);
        }
    }
    moldau__response_free(resp);
    switch (err) {
    case MOLDAU_ERR_NONE:
        break;
    case MOLDAU_ERR_REBALANCE_IN_PROGRESS:
        m->state = ST_IDLE;
        return want_join(m);
    case MOLDAU_ERR_ILLEGAL_GENERATION:
    case MOLDAU_ERR_UNKNOWN_MEMBER_ID:
        lose(m, err == MOLDAU_ERR_UNKNOWN_MEMBER_ID);
        m->state = ST_IDLE;
        return want_join(m);
    default:
        if (is_fatal(err))
            return moldau__classic_fatal(m, err, "SyncGroup");
        if (err == MOLDAU_ERR__DESTROYED)
            return;
        return moldau__classic_retry_soon(m);
    }
    m->attempts = 0;
    m->state = ST_STABLE;
    moldau__dbg(&m->client->logger, MOLDAU__DBG_CGRP, "CGRP",
                "group %s: generation %d: %zu partitions assigned", m->c->group_id,
                (int)m->generation, now ? now->n : 0);
    publish_identity(m);
    moldau__group_op_t *op = moldau__group_op_new(MOLDAU__GROUP_ASSIGN);
    if (op) {
        op->losses = m->g->losses; /* written on this thread only */
        op->revoked = minus(m->owned, now);
        op->added = minus(now, m->owned);
        /* cooperative: what moved away goes to its new owner in a rebalance after ours */
        op->rejoin = m->g->cooperative && op->revoked && op->revoked->n;
        moldau__group_push(m->g, op);
    }
    moldau_partition_list_destroy(m->owned);
    m->owned = now;
    hb_arm(m);
    poll_arm(m);
    if (m->rejoin_needed)
        maybe_join(m);
}

void moldau__classic_send_sync(moldau__membership_t *m,
                               const moldau_sync_group_request_assignment_t *as, int32_t n)
{
    moldau_consumer_t *c = m->c;
    moldau__request_t *req =
        moldau__request_new(m->client, MOLDAU_API_SYNC_GROUP, sync_encode, sync_decode, sync_error);
    if (!req)
        return moldau__classic_retry_soon(m);
    moldau_arena_t *a = moldau__request_arena(req);
    moldau_sync_group_request_t *b = moldau_arena_calloc(a, 1, sizeof(*b));
    moldau_sync_group_request_assignment_t *v = moldau_arena_calloc(a, (size_t)n + 1, sizeof(*v));
    int bad = !b || !v || !(b->member_id = moldau_arena_strndup(a, m->member_id,
                                                                 strlen(m->member_id)));
    for (int32_t i = 0; !bad && i < n; i++) {
        uint8_t *d = moldau_arena_calloc(a, (size_t)as[i].assignment.len + 1, 1);
        v[i].member_id = moldau_arena_strndup(a, as[i].member_id, strlen(as[i].member_id));
        if (!d || !v[i].member_id)
            bad = 1;
        else
            memcpy(d, as[i].assignment.data, (size_t)as[i].assignment.len);
        v[i].assignment = (moldau_bytes_t){d, as[i].assignment.len};
    }
    if (bad || moldau__request_target(req, MOLDAU__TARGET_GROUP, -1, c->group_id)) {
        moldau__request_destroy(req);
        return moldau__classic_retry_soon(m);
    }
    b->group_id = c->group_id;
    b->generation_id = m->generation;
    b->group_instance_id = c->group_instance_id;
    b->protocol_type = "consumer";
    b->protocol_name = m->protocol;
    b->assignments = v;
    b->n_assignments = n;
    moldau__request_set_body(req, b);
    m->state = ST_SYNCING;
    moldau__request_async(req, c->request_timeout_ms, sync_done, m);
}

/* ---- JoinGroup ---------------------------------------------------------------------- */

MOLDAU__REQUEST_ENCODER(jg_encode, moldau_join_group_request_t, moldau_join_group_request_encode)

static moldau_err_t jg_decode(moldau_reader_t *r, int16_t version, moldau_arena_t *arena,
                              void **out)
{
    moldau_join_group_response_t *resp = moldau_arena_calloc(arena, 1, sizeof(*resp));
    if (!resp)
        return MOLDAU_ERR__NO_MEMORY;
    *out = resp;
    moldau_reader_t copy = *r;
    moldau_err_t err = moldau_join_group_response_decode(r, version, arena, resp);
    int16_t code = err == MOLDAU_ERR__BAD_MSG ? error_only(copy, version, 2) : 0;
    if (!code)
        return err;
    *resp = (moldau_join_group_response_t){.error_code = code, .generation_id = -1};
    return MOLDAU_ERR_NONE;
}

static moldau_err_t jg_error(const void *body, int16_t version)
{
    (void)version;
    return (moldau_err_t)((const moldau_join_group_response_t *)body)->error_code;
}

static void join_done(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    moldau__membership_t *m = opaque;
    if (m->state != ST_JOINING) {
        moldau__response_free(resp);
        return;
    }
    const moldau_join_group_response_t *jr = resp ? resp->body : NULL;
    moldau__dbg(&m->client->logger, MOLDAU__DBG_CGRP, "CGRP",
                "group %s: JoinGroup: %s (generation %d, member %s, leader %s, protocol %s)",
                m->c->group_id, moldau_err_name(err), jr ? (int)jr->generation_id : -1,
                jr && jr->member_id ? jr->member_id : "-", jr && jr->leader ? jr->leader : "-",
                jr && jr->protocol_name ? jr->protocol_name : "-");
    switch (err) {
    case MOLDAU_ERR_NONE:
        break;
    case MOLDAU_ERR_MEMBER_ID_REQUIRED: /* v4+: join again with the id the broker gave */
        set_member_id(m, jr ? jr->member_id : "");
        moldau__response_free(resp);
        return join(m);
    case MOLDAU_ERR_UNKNOWN_MEMBER_ID:
    case MOLDAU_ERR_ILLEGAL_GENERATION:
        moldau__response_free(resp);
        lose(m, err == MOLDAU_ERR_UNKNOWN_MEMBER_ID);
        return join(m);
    case MOLDAU_ERR_REBALANCE_IN_PROGRESS:
        moldau__response_free(resp);
        return join(m);
    default:
        moldau__response_free(resp);
        if (is_fatal(err))
            return moldau__classic_fatal(m, err, "JoinGroup");
        if (err == MOLDAU_ERR__DESTROYED)
            return;
        return moldau__classic_retry_soon(m);
    }
    m->generation = jr->generation_id;
    set_member_id(m, jr->member_id);
    snprintf(m->protocol, sizeof(m->protocol), "%s", jr->protocol_name ? jr->protocol_name : "");
    m->state = ST_SYNCING;
    int leader = jr->leader && !strcmp(jr->leader, jr->member_id);
    if (!leader || jr->skip_assignment) {
        /* a follower, or a static leader rejoining (KIP-814): the coordinator keeps the
         * assignment; a leader still watches its topics' partition counts */
        moldau__response_free(resp);
        if (!leader)
            moldau__classic_unwant_group_topics(m);
        return moldau__classic_send_sync(m, NULL, 0);
    }
    /* the members' metadata are views into the response's bytes, which go when this
     * callback returns: the leader may wait for metadata, so they move into its arena */
    moldau_join_group_response_t *jw = resp->body;
    for (int32_t i = 0; i < jw->n_members; i++) {
        moldau_bytes_t *b = &jw->members[i].metadata;
        uint8_t *d = b->len > 0 ? moldau_arena_calloc(&resp->arena, (size_t)b->len, 1) : NULL;
        if (d)
            memcpy(d, b->data, (size_t)b->len);
        *b = d ? (moldau_bytes_t){d, b->len} : MOLDAU_BYTES_NULL;
    }
    m->join_resp = resp;
    m->meta_waits = 0;
    moldau__classic_lead(m);
}

static void join(moldau__membership_t *m)
{
    moldau_consumer_t *c = m->c;
    moldau__group_t *g = m->g;
    char **topics;
    size_t n;
    if (moldau__group_topics(g, &topics, &n))
        return moldau__classic_retry_soon(m);
    moldau__classic_free_topics(m->topics, m->n_topics);
    m->topics = topics;
    m->n_topics = n;
    m->rejoin_needed = 0;
    m->token++;
    moldau__request_t *req =
        moldau__request_new(m->client, MOLDAU_API_JOIN_GROUP, jg_encode, jg_decode, jg_error);
    if (!req)
        return moldau__classic_retry_soon(m);
    moldau_arena_t *a = moldau__request_arena(req);
    moldau_join_group_request_t *b = moldau_arena_calloc(a, 1, sizeof(*b));
    moldau_join_group_request_protocol_t *p =
        moldau_arena_calloc(a, g->n_assignors + 1, sizeof(*p));
    moldau_bytes_t meta;
    if (!b || !p || moldau__classic_encode_subscription(m, a, &meta) ||
        !(b->member_id = moldau_arena_strndup(a, m->member_id, strlen(m->member_id))) ||
        moldau__request_target(req, MOLDAU__TARGET_GROUP, -1, c->group_id)) {
        moldau__request_destroy(req);
        return moldau__classic_retry_soon(m);
    }
    for (size_t i = 0; i < g->n_assignors; i++) {
        p[i].name = g->assignors[i]->name;
        p[i].metadata = meta;
    }
    b->group_id = c->group_id;
    b->session_timeout_ms = g->session_timeout_ms;
    b->rebalance_timeout_ms = g->max_poll_interval_ms;
    b->group_instance_id = c->group_instance_id;
    b->protocol_type = "consumer";
    b->protocols = p;
    b->n_protocols = (int32_t)g->n_assignors;
    moldau__request_set_body(req, b);
    m->state = ST_JOINING;
    moldau__timer_cancel(m->reactor, &m->hb_timer);
    /* the coordinator holds a JoinGroup until every member rejoined (up to the rebalance
     * timeout, max.poll.interval.ms): the answer may take that long, plus a margin, as in
     * Java; cut at request.timeout.ms, the connection would be closed under a healthy
     * coordinator and the join start over */
    int64_t timeout = (int64_t)g->max_poll_interval_ms + 5000;
    if (timeout < c->request_timeout_ms)
        timeout = c->request_timeout_ms;
    int t = timeout > INT32_MAX ? INT32_MAX : (int)timeout;
    moldau__request_set_attempt_timeout(req, t);
    moldau__request_async(req, t, join_done, m);
}

static void maybe_join(moldau__membership_t *m)
{
    if (m->state == ST_JOINING || m->state == ST_SYNCING || m->state == ST_WAIT_REVOKE ||
        m->state == ST_FATAL || m->state == ST_STOPPED || !m->rejoin_needed)
        return;
    if (!m->g->subscribed) {
        m->rejoin_needed = 0;
        return;
    }
    moldau__timer_cancel(m->reactor, &m->retry_timer);
    if (!m->g->cooperative && m->owned && m->owned->n) {
        /* eager: everything is given up (callback, commit) before the JoinGroup */
        moldau__group_op_t *op = moldau__group_op_new(MOLDAU__GROUP_REVOKE_ALL);
        if (!op)
            return moldau__classic_retry_soon(m);
        m->state = ST_WAIT_REVOKE;
        op->token = ++m->token;
        moldau__group_push(m->g, op);
        return;
    }
    join(m);
}

/* ---- the protocol's entry points ---------------------------------------------------- */

static void retry_fire(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    moldau__membership_t *m = t->opaque;
    if (m->state == ST_IDLE)
        maybe_join(m);
}

static int same_topics(char **a, size_t na, char **b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]))
            return 0;
    return 1;
}

static void metadata_updated(moldau__cluster_t *cl, void *opaque)
{
    (void)cl;
    moldau__membership_t *m = opaque;
    moldau__classic_tell_refused(m);
    if (m->state == ST_SYNCING && m->join_resp)
        return moldau__classic_lead(m); /* the leader was waiting for its members' topics */
    if (m->state != ST_STABLE)
        return;
    /* a regex matching other topics now changes the subscription */
    if (moldau__group_has_regex(m->g)) {
        char **topics;
        size_t n;
        if (!moldau__group_topics(m->g, &topics, &n)) {
            int same = same_topics(topics, n, m->topics, m->n_topics);
            moldau__classic_free_topics(topics, n);
            if (!same)
                return want_join(m);
        }
    }
    /* the leader rebalances when a topic of the group gains partitions (or appears) */
    for (size_t i = 0; i < m->n_group_topics; i++)
        if (m->counts && moldau__classic_count_of(m, m->group_topics[i]) != m->counts[i])
            return want_join(m);
}

static moldau__membership_t *classic_create(moldau__group_t *g)
{
    moldau__membership_t *m = calloc(1, sizeof(*m));
    if (!m || !(m->member_id = strdup(""))) {
        free(m);
        return NULL;
    }
    m->g = g;
    m->c = g->c;
    m->client = g->c->client;
    m->cluster = m->client->cluster;
    m->reactor = m->client->reactor;
    m->generation = -1;
    m->state = ST_IDLE;
    moldau__timer_init(&m->hb_timer, hb_fire, m);
    moldau__timer_init(&m->retry_timer, retry_fire, m);
    moldau__timer_init(&m->poll_timer, poll_fire, m);
    m->listener.fn = metadata_updated;
    m->listener.opaque = m;
    moldau__cluster_listen(m->cluster, &m->listener);
    return m;
}

static void unwant_own(moldau__membership_t *m)
{
    for (size_t i = 0; i < m->n_wanted; i++)
        moldau__cluster_unwant_topic(m->cluster, m->wanted[i]);
    moldau__classic_free_topics(m->wanted, m->n_wanted);
    m->wanted = NULL;
    m->n_wanted = 0;
    free(m->wanted_told);
    m->wanted_told = NULL;
}

static void classic_subscription_changed(moldau__membership_t *m)
{
    moldau__cluster_want_all_topics(m->cluster, moldau__group_has_regex(m->g));
    /* the member's own topics are wanted for as long as they are subscribed */
    unwant_own(m);
    if (!moldau__group_topics(m->g, &m->wanted, &m->n_wanted)) {
        for (size_t i = 0; i < m->n_wanted; i++)
            moldau__cluster_want_topic(m->cluster, m->wanted[i]);
        m->wanted_told = calloc(m->n_wanted ? m->n_wanted : 1, sizeof(*m->wanted_told));
        moldau__classic_tell_refused(m); /* refused already (in the cache from before) */
    }
    if (!m->g->subscribed) {
        /* unsubscribed (the application already gave its partitions up): leave */
        if (*m->member_id && !m->c->group_instance_id && m->state != ST_FATAL)
            leave_async(m, "the consumer unsubscribed");
        moldau__timer_cancel(m->reactor, &m->hb_timer);
        moldau__timer_cancel(m->reactor, &m->retry_timer);
        moldau_partition_list_destroy(m->owned);
        m->owned = NULL;
        m->generation = -1;
        set_member_id(m, "");
        publish_identity(m);
        if (m->state != ST_FATAL)
            m->state = ST_IDLE;
        m->rejoin_needed = 0;
        return;
    }
    if (m->state == ST_FATAL)
        m->state = ST_IDLE; /* a new subscription starts again */
    want_join(m);
}

static void classic_revoked(moldau__membership_t *m, uint64_t token)
{
    if (m->state != ST_WAIT_REVOKE || token != m->token)
        return;
    moldau_partition_list_destroy(m->owned);
    m->owned = NULL;
    join(m);
}

static void classic_rejoin(moldau__membership_t *m)
{
    if (m->state == ST_IDLE)
        poll_arm(m);
    want_join(m);
}

static void classic_commit_failed(moldau__membership_t *m, moldau_err_t err,
                                  int32_t generation)
{
    /* a commit sent in the generation before (the member rejoined while it was on its way)
     * says nothing of this one: losing it would drop an assignment just got (as Java, which
     * resets only when the generation is unchanged) */
    if (m->state != ST_STABLE ||
        (generation != m->generation && err != MOLDAU_ERR_FENCED_INSTANCE_ID))
        return;
    if (err == MOLDAU_ERR_REBALANCE_IN_PROGRESS)
        return want_join(m);
    if (err == MOLDAU_ERR_ILLEGAL_GENERATION || err == MOLDAU_ERR_UNKNOWN_MEMBER_ID) {
        lose(m, err == MOLDAU_ERR_UNKNOWN_MEMBER_ID);
        m->state = ST_IDLE;
        return want_join(m);
    }
    if (err == MOLDAU_ERR_FENCED_INSTANCE_ID)
        moldau__classic_fatal(m, err, "OffsetCommit");
}

static void classic_stop(moldau__membership_t *m, int *leave, char **member_id)
{
    /* a static member keeps its place for session.timeout.ms (KIP-345): no LeaveGroup */
    *leave = !m->c->group_instance_id && *m->member_id && m->state != ST_FATAL;
    *member_id = strdup(m->member_id);
    m->state = ST_STOPPED;
    moldau__timer_cancel(m->reactor, &m->hb_timer);
    moldau__timer_cancel(m->reactor, &m->retry_timer);
    moldau__timer_cancel(m->reactor, &m->poll_timer);
    moldau__cluster_unlisten(m->cluster, &m->listener);
    moldau__cluster_want_all_topics(m->cluster, 0);
    unwant_own(m);
    moldau__classic_unwant_group_topics(m);
    moldau__response_free(m->join_resp);
    m->join_resp = NULL;
}

static void classic_destroy(moldau__membership_t *m)
{
    moldau__classic_free_topics(m->topics, m->n_topics);
    moldau__classic_free_topics(m->wanted, m->n_wanted);
    free(m->wanted_told);
    moldau__classic_free_topics(m->group_topics, m->n_group_topics);
    free(m->counts);
    moldau__response_free(m->join_resp);
    moldau_partition_list_destroy(m->owned);
    free(m->member_id);
    free(m);
}

const moldau__membership_ops_t moldau__membership_classic = {
    .name = "classic",
    .create = classic_create,
    .subscription_changed = classic_subscription_changed,
    .revoked = classic_revoked,
    .rejoin = classic_rejoin,
    .commit_failed = classic_commit_failed,
    .stop = classic_stop,
    .destroy = classic_destroy,
};
