/* The coordinator cache; see coordinator.h. */
#include <stdlib.h>
#include <string.h>

#include "net/cluster_internal.h"

enum { COORD_UNKNOWN, COORD_WANTED, COORD_ASKING, COORD_KNOWN };

struct moldau__coord_entry {
    int8_t key_type;
    int state;
    int32_t node_id;
    char *key;
};

struct moldau__coord_waiter {
    moldau__coord_waiter_t *next;
    moldau__coord_entry_t *entry;
    int64_t deadline;
    moldau__coord_cb cb;
    void *opaque;
};

/* One FindCoordinator request: the entries it asks for (entries live as long as the cluster). */
typedef struct lookup {
    moldau__cluster_t *c;
    int8_t key_type;
    int n;
    moldau__coord_entry_t *entries[];
} lookup_t;

static moldau__coord_entry_t *find(const moldau__cluster_t *c, int8_t key_type, const char *key)
{
    for (int i = 0; i < c->coords.n_entries; i++) {
        moldau__coord_entry_t *e = c->coords.entries[i];
        if (e->key_type == key_type && !strcmp(e->key, key))
            return e;
    }
    return NULL;
}

static void arm_timer(moldau__cluster_t *c)
{
    int64_t first = INT64_MAX;
    for (moldau__coord_waiter_t *w = c->coords.waiters; w; w = w->next)
        if (w->deadline < first)
            first = w->deadline;
    if (first == INT64_MAX)
        moldau__timer_cancel(c->r, &c->coords.timer);
    else if (!moldau__timer_armed(&c->coords.timer) ||
             moldau__timer_deadline(&c->coords.timer) != first)
        moldau__timer_arm(c->r, &c->coords.timer, first);
}

/* Unlinks the waiters that match (entry NULL: deadline passed at `now`; else that entry) and
 * calls them after the list is consistent again, so a callback may ask anew. */
static void wake(moldau__cluster_t *c, moldau__coord_entry_t *entry, int64_t now,
                 moldau_err_t err, int32_t node_id)
{
    moldau__coord_waiter_t *due = NULL, **tail = &due;
    for (moldau__coord_waiter_t **pp = &c->coords.waiters; *pp;) {
        moldau__coord_waiter_t *w = *pp;
        if (entry ? w->entry == entry : w->deadline <= now) {
            *pp = w->next;
            w->next = NULL;
            *tail = w;
            tail = &w->next;
        } else {
            pp = &w->next;
        }
    }
    arm_timer(c);
    while (due) {
        moldau__coord_waiter_t *next = due->next;
        due->cb(err, err ? -1 : node_id, due->opaque);
        free(due);
        due = next;
    }
}

static void on_timer(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    wake(t->opaque, NULL, moldau__now_ms(), MOLDAU_ERR__TIMED_OUT, -1);
}

static void answer(moldau__cluster_t *c, moldau__coord_entry_t *e, moldau_err_t err,
                   int32_t node_id)
{
    if (!err) {
        e->state = COORD_KNOWN;
        e->node_id = node_id;
        moldau__dbg(c->lg, MOLDAU__DBG_METADATA, "COORD", "coordinator of %s %s: node %d",
                    e->key_type ? "transactional id" : "group", e->key, (int)node_id);
    } else {
        e->state = COORD_UNKNOWN;
        moldau__dbg(c->lg, MOLDAU__DBG_METADATA, "COORD", "coordinator of %s %s: %s",
                    e->key_type ? "transactional id" : "group", e->key, moldau_err_name(err));
    }
    wake(c, e, 0, err, node_id);
}

static moldau_err_t encode(moldau_buf_t *w, int16_t version, void *opaque)
{
    lookup_t *l = opaque;
    moldau_find_coordinator_request_t req = {.key_type = l->key_type};
    const char *stack_keys[16], **keys = stack_keys;
    if (version >= 4) {
        if (l->n > 16 && !(keys = malloc((size_t)l->n * sizeof(*keys))))
            return MOLDAU_ERR__NO_MEMORY;
        for (int i = 0; i < l->n; i++)
            keys[i] = l->entries[i]->key;
        req.coordinator_keys = keys;
        req.n_coordinator_keys = l->n;
    } else {
        req.key = l->entries[0]->key; /* the others go again after the answer */
    }
    moldau_err_t err = moldau_find_coordinator_request_encode(w, version, &req);
    if (keys != stack_keys)
        free(keys);
    return err;
}

static void flush_later(moldau__cluster_t *c) { moldau__defer(c->r, &c->coords.flush); }

static void on_response(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                        void *opaque)
{
    lookup_t *l = opaque;
    moldau__cluster_t *c = l->c;
    if (c->destroying) { /* the waiters were failed by moldau__coords_stop */
        free(l);
        return;
    }
    moldau_arena_t a;
    moldau_arena_init(&a);
    moldau_find_coordinator_response_t resp;
    if (!err) {
        moldau_reader_t r;
        moldau_reader_init(&r, body, len);
        err = moldau_find_coordinator_response_decode(&r, version, &a, &resp);
    }
    int answered = 0; /* entries[0..answered) are dealt with below; the rest go again */
    if (err) {
        for (int i = 0; i < l->n; i++)
            answer(c, l->entries[i], err, -1);
        answered = l->n;
    } else if (version < 4) {
        answer(c, l->entries[0], (moldau_err_t)resp.error_code, resp.node_id);
        answered = 1;
    } else {
        for (int i = 0; i < l->n; i++) {
            moldau__coord_entry_t *e = l->entries[i];
            moldau_err_t kerr = MOLDAU_ERR_COORDINATOR_NOT_AVAILABLE; /* a key left out */
            int32_t node = -1;
            for (int32_t j = 0; j < resp.n_coordinators; j++)
                if (resp.coordinators[j].key && !strcmp(resp.coordinators[j].key, e->key)) {
                    kerr = (moldau_err_t)resp.coordinators[j].error_code;
                    node = resp.coordinators[j].node_id;
                    break;
                }
            answer(c, e, kerr, node);
        }
        answered = l->n;
    }
    for (int i = answered; i < l->n; i++) {
        l->entries[i]->state = COORD_WANTED;
        flush_later(c);
    }
    moldau_arena_free(&a);
    free(l);
}

/* Sends one request per key type for the entries wanted (see coordinator.h). */
static void on_flush(moldau__reactor_t *r, moldau__defer_t *d)
{
    (void)r;
    moldau__cluster_t *c = d->opaque;
    for (int8_t type = 0; type <= 1; type++) {
        int n = 0;
        for (int i = 0; i < c->coords.n_entries; i++)
            n += c->coords.entries[i]->key_type == type &&
                 c->coords.entries[i]->state == COORD_WANTED;
        if (!n)
            continue;
        lookup_t *l = malloc(sizeof(*l) + (size_t)n * sizeof(l->entries[0]));
        if (!l) {
            for (int i = 0; i < c->coords.n_entries; i++)
                if (c->coords.entries[i]->key_type == type &&
                    c->coords.entries[i]->state == COORD_WANTED)
                    answer(c, c->coords.entries[i], MOLDAU_ERR__NO_MEMORY, -1);
            continue;
        }
        l->c = c;
        l->key_type = type;
        l->n = 0;
        for (int i = 0; i < c->coords.n_entries; i++) {
            moldau__coord_entry_t *e = c->coords.entries[i];
            if (e->key_type == type && e->state == COORD_WANTED) {
                e->state = COORD_ASKING;
                l->entries[l->n++] = e;
            }
        }
        c->coords.stats.requests++;
        c->coords.stats.keys_sent += l->n;
        moldau_err_t err = moldau__cluster_request_any(
            c, MOLDAU_API_FIND_COORDINATOR, encode, on_response, l,
            moldau__now_ms() + c->opts.request_timeout_ms, 0);
        if (err) {
            for (int i = 0; i < l->n; i++)
                answer(c, l->entries[i], err, -1);
            free(l);
        }
    }
}

moldau_err_t moldau__cluster_coordinator(moldau__cluster_t *c, int8_t key_type, const char *key,
                                         int64_t deadline_ms, moldau__coord_cb cb,
                                         void *opaque, int32_t *node_id)
{
    *node_id = -1;
    moldau__coord_entry_t *e = find(c, key_type, key);
    if (e && e->state == COORD_KNOWN) {
        c->coords.stats.hits++;
        *node_id = e->node_id;
        return MOLDAU_ERR_NONE;
    }
    moldau__coord_waiter_t *w = calloc(1, sizeof(*w));
    if (!w)
        return MOLDAU_ERR__NO_MEMORY;
    if (!e) {
        moldau__coords_t *cs = &c->coords;
        if (cs->n_entries == cs->cap_entries) {
            int cap = cs->cap_entries ? 2 * cs->cap_entries : 8;
            void *grown = realloc(cs->entries, (size_t)cap * sizeof(*cs->entries));
            if (!grown) {
                free(w);
                return MOLDAU_ERR__NO_MEMORY;
            }
            cs->entries = grown;
            cs->cap_entries = cap;
        }
        if (!(e = calloc(1, sizeof(*e))) || !(e->key = strdup(key))) {
            free(e);
            free(w);
            return MOLDAU_ERR__NO_MEMORY;
        }
        e->key_type = key_type;
        e->node_id = -1;
        cs->entries[cs->n_entries++] = e;
    }
    if (e->state == COORD_UNKNOWN) {
        e->state = COORD_WANTED;
        flush_later(c);
    }
    w->entry = e;
    w->deadline = deadline_ms > 0 ? deadline_ms : INT64_MAX;
    w->cb = cb;
    w->opaque = opaque;
    w->next = c->coords.waiters;
    c->coords.waiters = w;
    arm_timer(c);
    return MOLDAU_ERR_NONE;
}

void moldau__cluster_coordinator_invalidate(moldau__cluster_t *c, int8_t key_type,
                                            const char *key)
{
    moldau__coord_entry_t *e = find(c, key_type, key);
    if (e && e->state == COORD_KNOWN) {
        e->state = COORD_UNKNOWN;
        e->node_id = -1;
    }
}

void moldau__cluster_coord_stats(const moldau__cluster_t *c, moldau__coord_stats_t *out)
{
    *out = c->coords.stats;
}

void moldau__coords_init(moldau__cluster_t *c)
{
    moldau__timer_init(&c->coords.timer, on_timer, c);
    moldau__defer_init(&c->coords.flush, on_flush, c);
}

void moldau__coords_stop(moldau__cluster_t *c)
{
    moldau__timer_cancel(c->r, &c->coords.timer);
    moldau__defer_cancel(&c->coords.flush);
    moldau__coord_waiter_t *w = c->coords.waiters;
    c->coords.waiters = NULL;
    while (w) {
        moldau__coord_waiter_t *next = w->next;
        w->cb(MOLDAU_ERR__DESTROYED, -1, w->opaque);
        free(w);
        w = next;
    }
}

void moldau__coords_free(moldau__cluster_t *c)
{
    for (int i = 0; i < c->coords.n_entries; i++) {
        free(c->coords.entries[i]->key);
        free(c->coords.entries[i]);
    }
    free(c->coords.entries);
}
