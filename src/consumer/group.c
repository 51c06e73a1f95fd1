/* Group membership, the application's side: configuration, subscription (names, regexes),
 * the rebalance ops served by poll (the callback told, the change applied by moldau itself, as
 * Java does), close. The protocol itself runs on the reactor (group_classic.c). */
#include "consumer/group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/conf.h"
#include "client/request.h"
#include "consumer/group_internal.h"
#include "consumer/offsets.h"

/* ---- ops ------------------------------------------------------------------------------- */

static void op_destroy(moldau__op_t *op)
{
    moldau__group_op_t *g = (moldau__group_op_t *)op;
    moldau_partition_list_destroy(g->added);
    moldau_partition_list_destroy(g->revoked);
    free(g);
}

moldau__group_op_t *moldau__group_op_new(moldau__group_op_kind_t kind)
{
    moldau__group_op_t *g = calloc(1, sizeof(*g));
    if (!g)
        return NULL;
    moldau__op_init(&g->op, MOLDAU__OP_REBALANCE, NULL, op_destroy);
    g->kind = kind;
    return g;
}

void moldau__group_push(moldau__group_t *g, moldau__group_op_t *op)
{
    moldau__opq_push(&g->c->records, &op->op);
}

int moldau__group_lose(moldau__group_t *g)
{
    moldau__group_op_t *op = moldau__group_op_new(MOLDAU__GROUP_LOST);
    if (!op)
        return -1;
    pthread_mutex_lock(&g->c->lock);
    op->losses = ++g->losses;
    pthread_mutex_unlock(&g->c->lock);
    moldau__group_push(g, op);
    return 0;
}

int moldau__group_records_held(moldau_consumer_t *c)
{
    return c->group && c->group->losses != c->group->losses_served;
}

/* ---- the subscription ------------------------------------------------------------------ */

static void sub_clear(moldau__group_t *g)
{
    for (size_t i = 0; i < g->n_names; i++)
        free(g->names[i]);
    for (size_t i = 0; i < g->n_regexes; i++)
        regfree(&g->regexes[i]);
    free(g->names);
    free(g->regexes);
    g->names = NULL;
    g->regexes = NULL;
    g->n_names = g->n_regexes = 0;
    g->subscribed = 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_topic(char ***v, size_t *n, size_t *cap, const char *t)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        char **nv = realloc(*v, nc * sizeof(*nv));
        if (!nv)
            return -1;
        *v = nv;
        *cap = nc;
    }
    if (!((*v)[*n] = strdup(t)))
        return -1;
    (*n)++;
    return 0;
}

int moldau__group_has_regex(moldau__group_t *g)
{
    pthread_mutex_lock(&g->c->lock);
    int r = g->n_regexes > 0;
    pthread_mutex_unlock(&g->c->lock);
    return r;
}

int moldau__group_topics(moldau__group_t *g, char ***out, size_t *n_out)
{
    char **v = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    const moldau_metadata_response_t *md = moldau__cluster_metadata(g->c->client->cluster);
    pthread_mutex_lock(&g->c->lock);
    for (size_t i = 0; i < g->n_names && !rc; i++)
        rc = add_topic(&v, &n, &cap, g->names[i]);
    for (int32_t t = 0; md && g->n_regexes && t < md->n_topics && !rc; t++) {
        const char *name = md->topics[t].name;
        if (!name || md->topics[t].is_internal)
            continue;
        for (size_t i = 0; i < g->n_regexes; i++)
            if (!regexec(&g->regexes[i], name, 0, NULL, 0)) {
                rc = add_topic(&v, &n, &cap, name);
                break;
            }
    }
    pthread_mutex_unlock(&g->c->lock);
    if (n)
        qsort(v, n, sizeof(*v), cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (k && !strcmp(v[k - 1], v[i]))
            free(v[i]);
        else
            v[k++] = v[i];
    }
    if (rc) {
        for (size_t i = 0; i < k; i++)
            free(v[i]);
        free(v);
        return -1;
    }
    *out = v;
    *n_out = k;
    return 0;
}

static void sub_changed(void *arg)
{
    moldau__group_t *g = arg;
    if (g->m)
        g->ops->subscription_changed(g->m);
}

moldau_err_t moldau_consumer_subscribe(moldau_consumer_t *c, const char *const *topics, size_t n)
{
    moldau__group_t *g = c->group;
    if (!g || (n && !topics))
        return MOLDAU_ERR__INVALID_ARG;
    char **names = calloc(n + 1, sizeof(*names));
    regex_t *regexes = calloc(n + 1, sizeof(*regexes));
    size_t n_names = 0, n_regexes = 0;
    moldau_err_t err = names && regexes ? MOLDAU_ERR_NONE : MOLDAU_ERR__NO_MEMORY;
    for (size_t i = 0; i < n && !err; i++) {
        if (!topics[i] || !*topics[i])
            err = MOLDAU_ERR__INVALID_ARG;
        else if (topics[i][0] == '^')
            err = regcomp(&regexes[n_regexes], topics[i], REG_EXTENDED | REG_NOSUB)
                      ? MOLDAU_ERR__INVALID_ARG
                      : (n_regexes++, MOLDAU_ERR_NONE);
        else if (!(names[n_names] = strdup(topics[i])))
            err = MOLDAU_ERR__NO_MEMORY;
        else
            n_names++;
    }
    pthread_mutex_lock(&c->lock);
    if (!err && !g->subscribed && c->n_parts)
        err = MOLDAU_ERR__INVALID_ARG; /* assigned by hand */
    if (!err) {
        sub_clear(g);
        g->names = names;
        g->n_names = n_names;
        g->regexes = regexes;
        g->n_regexes = n_regexes;
        g->subscribed = 1;
    }
    pthread_mutex_unlock(&c->lock);
    if (err) {
        for (size_t i = 0; i < n_names; i++)
            free(names[i]);
        for (size_t i = 0; i < n_regexes; i++)
            regfree(&regexes[i]);
        free(names);
        free(regexes);
        return err;
    }
    moldau__client_run_sync(c->client, sub_changed, g);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_consumer_unsubscribe(moldau_consumer_t *c)
{
    moldau__group_t *g = c->group;
    if (!g)
        return MOLDAU_ERR__INVALID_ARG;
    moldau_partition_list_t *all = moldau__consumer_assigned(c);
    if (!all)
        return MOLDAU_ERR__NO_MEMORY;
    pthread_mutex_lock(&c->lock);
    int was = g->subscribed;
    sub_clear(g);
    pthread_mutex_unlock(&c->lock);
    if (was) {
        if (all->n && g->cb)
            g->cb(c, MOLDAU_REBALANCE_REVOKED, all, g->opaque);
        if (all->n && g->auto_commit)
            moldau__offsets_commit_positions_sync(c, all, c->request_timeout_ms);
        moldau__consumer_change(c, NULL, all);
        moldau__client_run_sync(c->client, sub_changed, g);
    }
    moldau_partition_list_destroy(all);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_consumer_assignment(moldau_consumer_t *c, moldau_partition_list_t **out)
{
    if (!out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = moldau__consumer_assigned(c);
    return *out ? MOLDAU_ERR_NONE : MOLDAU_ERR__NO_MEMORY;
}

void moldau_conf_set_rebalance_cb(moldau_conf_t *conf, moldau_rebalance_cb *cb)
{
    moldau__conf_cbs_rw(conf)->rebalance = (moldau__conf_fn *)cb;
}

/* ---- rebalance ops, on the application's thread ----------------------------------------- */

static void tell(moldau__group_t *g, moldau_rebalance_event_t ev,
                 const moldau_partition_list_t *l)
{
    if (g->cb)
        g->cb(g->c, ev, l, g->opaque);
}

/* Revokes `l` (NULL: everything assigned): the callback first, then the auto-commit, then
 * the partitions go. */
static void revoke(moldau__group_t *g, const moldau_partition_list_t *l, int lost)
{
    moldau_consumer_t *c = g->c;
    moldau_partition_list_t *all = l ? NULL : moldau__consumer_assigned(c);
    if (!l)
        l = all;
    if (l && l->n) {
        tell(g, lost ? MOLDAU_REBALANCE_LOST : MOLDAU_REBALANCE_REVOKED, l);
        if (!lost && g->auto_commit)
            moldau__offsets_commit_positions_sync(c, l, c->request_timeout_ms);
        moldau__consumer_change(c, NULL, l);
    }
    moldau_partition_list_destroy(all);
}

typedef struct token_call {
    moldau__group_t *g;
    uint64_t token;
} token_call_t;

static void revoked_on_reactor(void *arg)
{
    token_call_t *t = arg;
    if (t->g->m)
        t->g->ops->revoked(t->g->m, t->token);
}

static void rejoin_on_reactor(void *arg)
{
    moldau__group_t *g = arg;
    if (g->m)
        g->ops->rejoin(g->m);
}

void moldau__group_serve(moldau_consumer_t *c, moldau__op_t *op)
{
    moldau__group_op_t *o = (moldau__group_op_t *)op;
    moldau__group_t *g = c->group;
    switch (o->kind) {
    case MOLDAU__GROUP_REVOKE_ALL: {
        revoke(g, NULL, 0);
        token_call_t t = {g, o->token};
        moldau__client_run_sync(c->client, revoked_on_reactor, &t);
        break;
    }
    case MOLDAU__GROUP_ASSIGN:
        pthread_mutex_lock(&c->lock);
        int stale = o->losses != g->losses;
        pthread_mutex_unlock(&c->lock);
        if (stale) { /* of a generation lost since: the LOST op after it takes everything */
            o->rejoin = 0;
            break;
        }
        if (o->revoked && o->revoked->n)
            revoke(g, o->revoked, 0);
        if (o->added) {
            for (size_t i = 0; i < o->added->n; i++)
                o->added->elems[i].offset = MOLDAU_OFFSET_STORED;
            moldau__consumer_change(c, o->added, NULL);
            tell(g, MOLDAU_REBALANCE_ASSIGNED, o->added);
        }
        break;
    case MOLDAU__GROUP_LOST:
        /* everything: an ASSIGN skipped as stale may have left partitions the reactor
         * no longer counted as owned */
        revoke(g, NULL, 1);
        pthread_mutex_lock(&c->lock);
        if (o->losses > g->losses_served)
            g->losses_served = o->losses;
        pthread_mutex_unlock(&c->lock);
        break;
    case MOLDAU__GROUP_POLL_EXPIRED:
        revoke(g, o->revoked, 1);
        pthread_mutex_lock(&c->lock);
        moldau__consumer_error(c, SIZE_MAX, MOLDAU_ERR__TIMED_OUT, -1, "%s", o->reason);
        pthread_mutex_unlock(&c->lock);
        break;
    }
    if (o->rejoin)
        moldau__client_run_sync(c->client, rejoin_on_reactor, g);
    op_destroy(op);
}

/* ---- life cycle ------------------------------------------------------------------------ */

static int parse_assignors(moldau__group_t *g, const char *list, char *errstr,
                           size_t errstr_size)
{
    const char *p = list;
    int eager = 0;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t len = strcspn(p, ", ");
        if (!len)
            break;
        char name[256];
        snprintf(name, sizeof(name), "%.*s", (int)len, p);
        p += len;
        const moldau__assignor_t *a = moldau__assignor_find(name);
        if (!a) {
            snprintf(errstr, errstr_size,
                     "partition.assignment.strategy: unknown or unsupported assignor \"%s\"",
                     name);
            return -1;
        }
        if (g->n_assignors == sizeof(g->assignors) / sizeof(g->assignors[0])) {
            snprintf(errstr, errstr_size, "partition.assignment.strategy: too many assignors");
            return -1;
        }
        g->assignors[g->n_assignors++] = a;
        eager |= a->protocol == MOLDAU__REBALANCE_EAGER;
    }
    if (!g->n_assignors) {
        snprintf(errstr, errstr_size, "partition.assignment.strategy: no assignor");
        return -1;
    }
    g->cooperative = !eager;
    return 0;
}

static void create_on_reactor(void *arg)
{
    moldau__group_t *g = arg;
    g->m = g->ops->create(g);
}

moldau_err_t moldau__group_init(moldau_consumer_t *c, char *errstr, size_t errstr_size)
{
    if (!c->group_id)
        return MOLDAU_ERR_NONE;
    const moldau_conf_t *conf = c->client->conf;
    moldau__group_t *g = calloc(1, sizeof(*g));
    if (!g) {
        snprintf(errstr, errstr_size, "out of memory");
        return MOLDAU_ERR__NO_MEMORY;
    }
    g->c = c;
    g->ops = &moldau__membership_classic;
    g->cb = (moldau_rebalance_cb *)c->client->cbs.rebalance;
    g->opaque = c->client->cbs.opaque;
    g->auto_commit = (int)moldau__conf_int(conf, MOLDAU__CONF_ENABLE_AUTO_COMMIT);
    g->session_timeout_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_SESSION_TIMEOUT_MS);
    g->heartbeat_interval_ms =
        (int32_t)moldau__conf_int(conf, MOLDAU__CONF_HEARTBEAT_INTERVAL_MS);
    g->max_poll_interval_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_MAX_POLL_INTERVAL_MS);
    c->group = g;
    if (parse_assignors(g, moldau__conf_str(conf, MOLDAU__CONF_PARTITION_ASSIGNMENT_STRATEGY),
                        errstr, errstr_size))
        return MOLDAU_ERR__BAD_CONF;
    if (g->heartbeat_interval_ms >= g->session_timeout_ms) {
        snprintf(errstr, errstr_size,
                 "heartbeat.interval.ms: must be lower than session.timeout.ms");
        return MOLDAU_ERR__BAD_CONF;
    }
    moldau__client_run_sync(c->client, create_on_reactor, g);
    if (!g->m) {
        snprintf(errstr, errstr_size, "out of memory");
        return MOLDAU_ERR__NO_MEMORY;
    }
    return MOLDAU_ERR_NONE;
}

typedef struct stop_call {
    moldau__group_t *g;
    int leave;
    char *member_id;
} stop_call_t;

static void stop_on_reactor(void *arg)
{
    stop_call_t *s = arg;
    if (s->g->m)
        s->g->ops->stop(s->g->m, &s->leave, &s->member_id);
}

MOLDAU__REQUEST_CODEC(leave, moldau_leave_group_request_t, moldau_leave_group_request_encode,
                      moldau_leave_group_response_t, moldau_leave_group_response_decode)

/* LeaveGroup v3+ names members in a batch, older versions one member: the request carries
 * both shapes and each version is encoded from its own (the encoder refuses the other one,
 * rather than drop it silently). */
static moldau_err_t leave_encode_any(moldau_buf_t *w, int16_t version, const void *body)
{
    moldau_leave_group_request_t req = *(const moldau_leave_group_request_t *)body;
    if (version >= 3) {
        req.member_id = NULL;
    } else {
        req.members = NULL;
        req.n_members = 0;
    }
    return leave_encode(w, version, &req);
}

moldau__request_t *moldau__group_leave_request(moldau_consumer_t *c, const char *member_id,
                                               const char *reason)
{
    moldau__request_t *req = moldau__request_new(c->client, MOLDAU_API_LEAVE_GROUP,
                                                 leave_encode_any, leave_decode, NULL);
    if (!req)
        return NULL;
    moldau_arena_t *a = moldau__request_arena(req);
    moldau_leave_group_request_t *body = moldau_arena_calloc(a, 1, sizeof(*body));
    moldau_leave_group_request_member_t *m = moldau_arena_calloc(a, 1, sizeof(*m));
    if (!body || !m ||
        !(body->group_id = moldau_arena_strndup(a, c->group_id, strlen(c->group_id))) ||
        !(m->member_id = moldau_arena_strndup(a, member_id, strlen(member_id))) ||
        !(m->reason = moldau_arena_strndup(a, reason, strlen(reason))) ||
        moldau__request_target(req, MOLDAU__TARGET_GROUP, -1, c->group_id)) {
        moldau__request_destroy(req);
        return NULL;
    }
    body->member_id = m->member_id;
    body->members = m;
    body->n_members = 1;
    moldau__request_set_body(req, body);
    return req;
}

/* At close: within request.timeout.ms / 2 whatever the coordinator does. */
static void send_leave(moldau_consumer_t *c, const char *member_id)
{
    moldau__request_t *req = moldau__group_leave_request(c, member_id, "the consumer is closing");
    moldau__response_t *resp = NULL;
    if (req)
        moldau__request_sync(req, c->request_timeout_ms / 2, &resp);
    moldau__response_free(resp);
}

void moldau__group_close(moldau_consumer_t *c)
{
    moldau__group_t *g = c->group;
    if (!g)
        return;
    /* the offsets' final commit ran before: the callback is told, the partitions go */
    moldau_partition_list_t *all = moldau__consumer_assigned(c);
    if (all && all->n) {
        tell(g, MOLDAU_REBALANCE_REVOKED, all);
        moldau__consumer_change(c, NULL, all);
    }
    moldau_partition_list_destroy(all);
    stop_call_t s = {g, 0, NULL};
    moldau__client_run_sync(c->client, stop_on_reactor, &s);
    if (s.leave && s.member_id && *s.member_id)
        send_leave(c, s.member_id);
    free(s.member_id);
    pthread_mutex_lock(&c->lock);
    c->generation_id = -1;
    pthread_mutex_unlock(&c->lock);
}

void moldau__group_free(moldau__group_t *g)
{
    if (!g)
        return;
    if (g->m)
        g->ops->destroy(g->m);
    sub_clear(g);
    free(g);
}

void moldau__group_commit_failed(moldau_consumer_t *c, moldau_err_t err, int32_t generation)
{
    moldau__group_t *g = c->group;
    if (g && g->m)
        g->ops->commit_failed(g->m, err, generation);
}
