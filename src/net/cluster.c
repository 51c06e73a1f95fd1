/* The cluster: bootstrap, the broker set, rebootstrap, routing of requests (see cluster.h).
 * The metadata cache and its refreshes are cluster_metadata.c. */
#include "net/cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/addr.h"
#include "net/cluster_internal.h"

void moldau__cluster_opts_default(moldau__cluster_opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->bootstrap_servers = "";
    o->client_id = "moldau";
    o->request_timeout_ms = 30000;
    o->metadata_max_age_ms = 300000;
    o->retry_backoff_ms = 100;
    o->reconnect_backoff_ms = 50;
    o->reconnect_backoff_max_ms = 1000;
    o->rebootstrap = 1;
    o->allow_auto_create_topics = 1;
    moldau__conn_opts_default(&o->conn);
}

int moldau__err_is_stale_metadata(moldau_err_t err)
{
    switch (err) {
    case MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION:
    case MOLDAU_ERR_LEADER_NOT_AVAILABLE:
    case MOLDAU_ERR_NOT_LEADER_OR_FOLLOWER:
    case MOLDAU_ERR_BROKER_NOT_AVAILABLE:
    case MOLDAU_ERR_REPLICA_NOT_AVAILABLE:
    case MOLDAU_ERR_NOT_CONTROLLER:
    case MOLDAU_ERR_KAFKA_STORAGE_ERROR:
    case MOLDAU_ERR_LISTENER_NOT_FOUND:
    case MOLDAU_ERR_FENCED_LEADER_EPOCH:
    case MOLDAU_ERR_UNKNOWN_LEADER_EPOCH:
    case MOLDAU_ERR_OFFSET_NOT_AVAILABLE:
    case MOLDAU_ERR_UNKNOWN_TOPIC_ID:
    case MOLDAU_ERR_INCONSISTENT_TOPIC_ID:
    case MOLDAU_ERR__UNKNOWN_PARTITION:
        return 1;
    default:
        return 0;
    }
}

/* ---- broker set ---------------------------------------------------------------------------- */

static void on_broker_state(moldau__broker_t *b, moldau__broker_state_t from,
                            moldau__broker_state_t s, moldau_err_t err, const char *reason,
                            void *opaque);

static int room_for_one_more(moldau__cluster_t *c)
{
    if (c->n_brokers < c->cap_brokers)
        return 1;
    int cap = c->cap_brokers ? 2 * c->cap_brokers : 8;
    moldau__broker_t **nb = realloc(c->brokers, (size_t)cap * sizeof(*nb));
    if (!nb)
        return 0;
    c->brokers = nb;
    c->cap_brokers = cap;
    return 1;
}

static moldau__broker_t *add_broker(moldau__cluster_t *c, int32_t id, const char *host,
                                    int port)
{
    if (!room_for_one_more(c))
        return NULL;
    moldau__broker_t *b = moldau__broker_new(c->r, id, host, port, &c->bopts, on_broker_state, c);
    if (b)
        c->brokers[c->n_brokers++] = b;
    return b;
}

moldau__broker_t *moldau__cluster_broker(const moldau__cluster_t *c, int32_t node_id)
{
    for (int i = 0; i < c->n_brokers; i++)
        if (moldau__broker_node_id(c->brokers[i]) == node_id)
            return c->brokers[i];
    return NULL;
}

int moldau__cluster_brokers(const moldau__cluster_t *c, moldau__broker_t ***out)
{
    *out = c->brokers;
    return c->n_brokers;
}

moldau__broker_t *moldau__cluster_any_up(const moldau__cluster_t *c)
{
    moldau__broker_t *best = NULL;
    int load = 0;
    for (int i = 0; i < c->n_brokers; i++) {
        moldau__broker_t *b = c->brokers[i];
        if (moldau__broker_state(b) != MOLDAU__BROKER_UP)
            continue;
        int l = moldau__broker_outstanding(b);
        if (!best || l < load) {
            best = b;
            load = l;
        }
    }
    return best;
}

/* ---- the broker set from bootstrap.servers, and rebootstrap -------------------------------- */

static int same_address(const moldau__broker_t *b, const char *host, int port)
{
    return moldau__broker_port(b) == port && !strcasecmp(moldau__broker_host(b), host);
}

static int have_address(const moldau__cluster_t *c, const char *host, int port)
{
    for (int i = 0; i < c->n_brokers; i++)
        if (same_address(c->brokers[i], host, port))
            return 1;
    return 0;
}

/* Adds the bootstrap.servers entries whose address is not in the broker set yet. Returns how
 * many, or -1 with errstr (a bad entry, out of memory). */
static int add_bootstrap(moldau__cluster_t *c, char *errstr, size_t errstr_size)
{
    int added = 0;
    const char *s = c->bootstrap, *entry;
    size_t len;
    while (moldau__addr_list_next(&s, &entry, &len)) {
        char host[256];
        int port;
        if (moldau__addr_parse(entry, len, host, sizeof(host), &port) < 0) {
            snprintf(errstr, errstr_size,
                     "bootstrap.servers: \"%.*s\" is not host:port (IPv6: [addr]:port)",
                     (int)len, entry);
            return -1;
        }
        if (have_address(c, host, port))
            continue;
        if (!add_broker(c, c->next_bootstrap_id--, host, port)) {
            snprintf(errstr, errstr_size, "out of memory");
            return -1;
        }
        added++;
    }
    return added;
}

/* Adds back and connects the bootstrap entries missing from the broker set (see cluster.h).
 * Returns how many were added. */
static int rebootstrap(moldau__cluster_t *c, const char *why)
{
    if (!c->opts.rebootstrap || c->destroying)
        return 0;
    int first = c->n_brokers;
    char err[128];
    int added = add_bootstrap(c, err, sizeof(err));
    if (added <= 0)
        return 0;
    c->stats.rebootstraps++;
    c->all_down_logged = 0;
    moldau__log(c->lg, MOLDAU_LOG_WARNING, "CLUSTER",
                "%s: rebootstrapping through %d bootstrap.servers address(es)", why, added);
    for (int i = first; i < c->n_brokers; i++)
        moldau__broker_connect(c->brokers[i]);
    return added;
}

/* Makes sure some broker is on its way UP: one connecting is enough, else the next resting
 * one in turn, else a rebootstrap if it adds brokers, else every broker reconnects when its
 * backoff ends. */
static void ensure_connecting(moldau__cluster_t *c)
{
    if (c->destroying || c->n_brokers == 0)
        return;
    for (int i = 0; i < c->n_brokers; i++) {
        moldau__broker_state_t s = moldau__broker_state(c->brokers[i]);
        if (s == MOLDAU__BROKER_UP || s == MOLDAU__BROKER_CONNECTING ||
            s == MOLDAU__BROKER_API_VERSIONS || s == MOLDAU__BROKER_AUTHENTICATING)
            return;
    }
    if (moldau__cluster_auth_error(c, NULL))
        return; /* nothing to connect: every broker refused us */
    for (int i = 0; i < c->n_brokers; i++) {
        int k = (c->next_try + i) % c->n_brokers;
        if (moldau__broker_state(c->brokers[k]) == MOLDAU__BROKER_DOWN) {
            c->next_try = k + 1;
            moldau__broker_connect(c->brokers[k]);
            return;
        }
    }
    c->stats.all_down++;
    if (rebootstrap(c, "every known broker is down") > 0)
        return;
    if (!c->all_down_logged) {
        c->all_down_logged = 1;
        moldau__log(c->lg, MOLDAU_LOG_WARNING, "CLUSTER",
                    "all %d broker(s) are down; retrying each after its backoff", c->n_brokers);
    }
    for (int i = 0; i < c->n_brokers; i++)
        moldau__broker_connect(c->brokers[i]);
}

/* Makes the broker set the one the answer lists (see cluster.h). */
void moldau__cluster_apply_brokers(moldau__cluster_t *c, const moldau_metadata_response_t *md)
{
    if (md->n_brokers <= 0)
        return; /* no broker listed: keep what we have rather than nothing */
    int n_old = c->n_brokers;
    moldau__broker_t **old = malloc((size_t)(n_old ? n_old : 1) * sizeof(*old));
    if (!old)
        return;
    memcpy(old, c->brokers, (size_t)n_old * sizeof(*old));
    c->n_brokers = 0;
    for (int32_t i = 0; i < md->n_brokers; i++) {
        const moldau_metadata_response_broker_t *mb = &md->brokers[i];
        if (mb->node_id < 0 || !mb->host)
            continue;
        moldau__broker_t *b = NULL;
        int at = -1;
        /* The same node at the same address, else a bootstrap entry at its address (its
         * connection is the one that works, say after a rebootstrap), else the same node
         * moved to a new address. */
        int moved = -1;
        for (int k = 0; k < n_old && at < 0; k++)
            if (old[k] && moldau__broker_node_id(old[k]) == mb->node_id) {
                if (same_address(old[k], mb->host, mb->port))
                    at = k;
                else
                    moved = k;
            }
        for (int k = 0; k < n_old && at < 0; k++)
            if (old[k] && moldau__broker_node_id(old[k]) < 0 &&
                same_address(old[k], mb->host, mb->port))
                at = k;
        if (at < 0)
            at = moved;
        if (at >= 0) {
            b = old[at];
            old[at] = NULL;
            if (moldau__broker_node_id(b) < 0) {
                moldau__dbg(c->lg, MOLDAU__DBG_METADATA, "METADATA", "%s is node %d",
                            moldau__broker_name(b), (int)mb->node_id);
                moldau__broker_set_node_id(b, mb->node_id);
            }
            moldau__broker_set_address(b, mb->host, mb->port);
            c->brokers[c->n_brokers++] = b; /* the array holds at least n_old slots */
        } else {
            moldau__dbg(c->lg, MOLDAU__DBG_METADATA, "METADATA", "new broker: node %d %s:%d",
                        (int)mb->node_id, mb->host, (int)mb->port);
            add_broker(c, mb->node_id, mb->host, mb->port);
        }
    }
    c->next_try = 0;
    /* A bootstrap entry that is no listed broker by its address (a DNS name or a load
     * balancer in bootstrap.servers, say) may still be serving requests: it stays until an
     * answer finds it idle, so they complete rather than fail for a reason of ours. */
    for (int k = 0; k < n_old; k++) {
        if (old[k] && moldau__broker_node_id(old[k]) < 0 &&
            moldau__broker_outstanding(old[k]) > 0 && room_for_one_more(c)) {
            c->brokers[c->n_brokers++] = old[k];
            old[k] = NULL;
        }
    }
    /* Destroyed last: their requests fail (TRANSPORT) into callbacks that may route new
     * requests, which must already see the new set. */
    for (int k = 0; k < n_old; k++) {
        if (!old[k])
            continue;
        moldau__dbg(c->lg, MOLDAU__DBG_METADATA, "METADATA", "dropping %s",
                    moldau__broker_name(old[k]));
        moldau__broker_destroy(old[k], MOLDAU_ERR__TRANSPORT);
    }
    free(old);
}

/* ---- requests for any broker ------------------------------------------------------------- */

static void arm_any_timer(moldau__cluster_t *c)
{
    moldau__timer_cancel(c->r, &c->any_timer);
    for (anyreq_t *q = c->any.head; q; q = q->next)
        moldau__timer_arm_earliest(c->r, &c->any_timer, q->deadline);
}

/* Fails every request waiting for any broker with err. */
static void fail_any(moldau__cluster_t *c, moldau_err_t err)
{
    moldau__timer_cancel(c->r, &c->any_timer);
    anyreq_t *q = c->any.head;
    moldau__fifo_init(&c->any);
    while (q) {
        anyreq_t *next = q->next;
        q->cb(err, -1, NULL, 0, q->opaque);
        free(q);
        q = next;
    }
}

/* Hands waiting requests to UP brokers (expired ones fail) and keeps the rest. */
static void dispatch_any(moldau__cluster_t *c, int64_t now)
{
    anyreq_t *q = c->any.head;
    moldau__fifo_init(&c->any);
    while (q) {
        anyreq_t *next = q->next;
        moldau__broker_t *b = moldau__cluster_any_up(c);
        moldau_err_t err = MOLDAU_ERR_NONE;
        if (q->deadline > 0 && q->deadline <= now) {
            err = MOLDAU_ERR__TIMED_OUT;
        } else if (!b) {
            moldau__fifo_push(&c->any, q, next);
            q = next;
            continue;
        } else {
            err = moldau__broker_request(b, q->api_key, q->encode, q->cb, q->opaque,
                                         q->deadline, q->flags);
        }
        if (err)
            q->cb(err, -1, NULL, 0, q->opaque);
        free(q);
        q = next;
    }
    arm_any_timer(c);
}

static void on_any_timer(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    dispatch_any(t->opaque, moldau__now_ms());
}

moldau_err_t moldau__cluster_request_any(moldau__cluster_t *c, int16_t api_key,
                                         moldau__broker_encode_fn encode,
                                         moldau__broker_resp_fn cb, void *opaque,
                                         int64_t deadline_ms, unsigned flags)
{
    moldau__broker_t *b = moldau__cluster_any_up(c);
    if (b)
        return moldau__broker_request(b, api_key, encode, cb, opaque, deadline_ms, flags);
    if (!moldau_api_info(api_key))
        return MOLDAU_ERR__UNSUPPORTED_VERSION;
    moldau_err_t auth = moldau__cluster_auth_error(c, NULL);
    if (auth)
        return auth;
    anyreq_t *q = calloc(1, sizeof(*q));
    if (!q)
        return MOLDAU_ERR__NO_MEMORY;
    q->api_key = api_key;
    q->encode = encode;
    q->cb = cb;
    q->opaque = opaque;
    q->deadline = deadline_ms;
    q->flags = flags;
    moldau__fifo_push(&c->any, q, next);
    moldau__timer_arm_earliest(c->r, &c->any_timer, deadline_ms);
    ensure_connecting(c);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__cluster_request_to_node(moldau__cluster_t *c, int32_t node_id,
                                             int16_t api_key, moldau__broker_encode_fn encode,
                                             moldau__broker_resp_fn cb, void *opaque,
                                             int64_t deadline_ms, unsigned flags)
{
    moldau__broker_t *b = moldau__cluster_broker(c, node_id);
    if (!b)
        return MOLDAU_ERR_BROKER_NOT_AVAILABLE;
    return moldau__broker_request(b, api_key, encode, cb, opaque, deadline_ms, flags);
}

moldau_err_t moldau__cluster_auth_error(const moldau__cluster_t *c, const char **reason)
{
    moldau_err_t first = MOLDAU_ERR_NONE;
    for (int i = 0; i < c->n_brokers; i++) {
        moldau_err_t err = moldau__broker_auth_error(c->brokers[i], first ? NULL : reason);
        if (!err)
            return MOLDAU_ERR_NONE;
        if (!first)
            first = err;
    }
    return first;
}

void moldau__cluster_credentials_changed(moldau__cluster_t *c)
{
    int all_refused = moldau__cluster_auth_error(c, NULL) != MOLDAU_ERR_NONE;
    c->auth_failed_told = 0;
    for (int i = 0; i < c->n_brokers; i++)
        moldau__broker_auth_reset(c->brokers[i]);
    if (all_refused) {
        ensure_connecting(c);
        moldau__cluster_notify(c); /* listeners look again: the refusal is no longer theirs */
    }
}

/* A broker refused us: the application hears of it; when none is left, what waits for any
 * broker fails and the upper layers are told (see moldau__cluster_auth_error). */
static void on_auth_failed(moldau__cluster_t *c, moldau_err_t err, const char *reason)
{
    if (c->opts.on_auth_failure)
        c->opts.on_auth_failure(err, reason, c->opts.auth_failure_opaque);
    moldau_err_t all = moldau__cluster_auth_error(c, NULL);
    if (!all || c->auth_failed_told)
        return;
    c->auth_failed_told = 1;
    fail_any(c, all);
    moldau__cluster_notify(c);
}

static void on_broker_state(moldau__broker_t *b, moldau__broker_state_t from,
                            moldau__broker_state_t s, moldau_err_t err, const char *reason,
                            void *opaque)
{
    (void)b;
    moldau__cluster_t *c = opaque;
    if (c->destroying)
        return;
    if (s == MOLDAU__BROKER_AUTH_FAILED) {
        char why[400];
        snprintf(why, sizeof(why), "%s: %s", moldau__broker_name(b), reason);
        on_auth_failed(c, err, why);
        return;
    }
    /* A lost connection may mean the broker is gone and its partitions have moved: look, as
     * the Java client does on a disconnect (and, with every broker gone, this Metadata request
     * is what leads to a rebootstrap). */
    if (from == MOLDAU__BROKER_UP && s != MOLDAU__BROKER_UP)
        moldau__cluster_refresh(c, "a broker's connection was lost");
    if (s == MOLDAU__BROKER_UP) {
        c->all_down_logged = 0;
        if (c->any.head)
            dispatch_any(c, moldau__now_ms());
    } else if (s == MOLDAU__BROKER_BACKOFF && c->any.head) {
        ensure_connecting(c); /* try the next broker rather than wait for this one */
    }
}

/* ---- life ------------------------------------------------------------------------------- */

moldau__cluster_t *moldau__cluster_new(moldau__reactor_t *r, const moldau__cluster_opts_t *o,
                                       char *errstr, size_t errstr_size)
{
    moldau__cluster_t *c = calloc(1, sizeof(*c));
    if (!c) {
        snprintf(errstr, errstr_size, "out of memory");
        return NULL;
    }
    c->r = r;
    if (o)
        c->opts = *o;
    else
        moldau__cluster_opts_default(&c->opts);
    c->lg = c->opts.logger;
    c->client_id = c->opts.client_id ? strdup(c->opts.client_id) : NULL;
    moldau__broker_opts_default(&c->bopts);
    c->bopts.client_id = c->client_id;
    if (c->opts.software_name)
        c->bopts.software_name = c->opts.software_name;
    if (c->opts.software_version)
        c->bopts.software_version = c->opts.software_version;
    c->bopts.api_versions_timeout_ms = c->opts.request_timeout_ms;
    c->bopts.reconnect_backoff_ms = c->opts.reconnect_backoff_ms;
    c->bopts.reconnect_backoff_max_ms = c->opts.reconnect_backoff_max_ms;
    c->bopts.conn = c->opts.conn;
    c->bopts.sasl = c->opts.sasl;
    c->bopts.logger = c->lg;
    moldau__cluster_metadata_init(c);
    moldau__coords_init(c);
    moldau__timer_init(&c->any_timer, on_any_timer, c);

    c->next_bootstrap_id = -1;
    c->bootstrap = strdup(c->opts.bootstrap_servers ? c->opts.bootstrap_servers : "");
    if (!c->bootstrap || add_bootstrap(c, errstr, errstr_size) < 0) {
        if (!c->bootstrap)
            snprintf(errstr, errstr_size, "out of memory");
        moldau__cluster_destroy(c);
        return NULL;
    }
    if (c->n_brokers == 0 || (o && o->client_id && !c->client_id)) {
        snprintf(errstr, errstr_size, c->n_brokers ? "out of memory"
                                                   : "bootstrap.servers: no broker address");
        moldau__cluster_destroy(c);
        return NULL;
    }
    moldau__cluster_refresh(c, "bootstrap");
    return c;
}

void moldau__cluster_destroy(moldau__cluster_t *c)
{
    if (!c)
        return;
    c->destroying = 1;
    moldau__cluster_metadata_stop(c);
    moldau__coords_stop(c);
    fail_any(c, MOLDAU_ERR__DESTROYED);
    for (int i = 0; i < c->n_brokers; i++)
        moldau__broker_destroy(c->brokers[i], MOLDAU_ERR__DESTROYED);
    free(c->brokers);
    moldau__cluster_metadata_free(c);
    moldau__coords_free(c);
    free(c->bootstrap);
    free(c->client_id);
    free(c);
}
