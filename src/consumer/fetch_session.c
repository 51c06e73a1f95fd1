/* A broker's incremental fetch session (KIP-227): see fetch_session.h. */
#include "consumer/fetch_session.h"

#include <stdlib.h>
#include <string.h>

struct moldau__fsess_entry {
    char *topic; /* the session's copy; NULL: a free slot */
    moldau_uuid_t topic_id;
    int32_t partition;
    int64_t fetch_offset;
    int32_t leader_epoch, last_fetched_epoch, max_bytes;
    uint32_t seen; /* the build that listed it */
    size_t slot;   /* its index in that build's parts */
};

static int by_id(int16_t version) { return version >= 13; }

static uint64_t hash(int16_t version, const char *topic, const moldau_uuid_t *id,
                     int32_t partition)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    if (by_id(version)) {
        for (size_t i = 0; i < sizeof(id->b); i++)
            h = (h ^ id->b[i]) * 1099511628211ULL;
    } else {
        for (const char *p = topic; *p; p++)
            h = (h ^ (uint8_t)*p) * 1099511628211ULL;
    }
    return (h ^ (uint32_t)partition) * 1099511628211ULL;
}

static int same(int16_t version, const moldau__fsess_entry_t *e, const char *topic,
                const moldau_uuid_t *id, int32_t partition)
{
    return e->partition == partition &&
           (by_id(version) ? !memcmp(&e->topic_id, id, sizeof(*id)) : !strcmp(e->topic, topic));
}

/* The slot of the key, or of the free slot where it would go. cap > n. */
static size_t find(const moldau__fetch_session_t *s, const char *topic, const moldau_uuid_t *id,
                   int32_t partition)
{
    size_t mask = s->cap - 1;
    size_t i = (size_t)hash(s->version, topic, id, partition) & mask;
    while (s->tab[i].topic && !same(s->version, &s->tab[i], topic, id, partition))
        i = (i + 1) & mask;
    return i;
}

static void clear(moldau__fetch_session_t *s)
{
    for (size_t i = 0; i < s->cap; i++) {
        free(s->tab[i].topic);
        s->tab[i].topic = NULL;
    }
    s->n = 0;
}

static int grow(moldau__fetch_session_t *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    moldau__fsess_entry_t *old = s->tab, *tab = calloc(cap, sizeof(*tab));
    if (!tab)
        return -1;
    size_t old_cap = s->cap;
    s->tab = tab;
    s->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].topic)
            s->tab[find(s, old[i].topic, &old[i].topic_id, old[i].partition)] = old[i];
    free(old);
    return 0;
}

/* Removes the entry at i, shifting later entries of its probe run back (no tombstones). */
static void remove_at(moldau__fetch_session_t *s, size_t i)
{
    size_t mask = s->cap - 1;
    free(s->tab[i].topic);
    s->tab[i].topic = NULL;
    s->n--;
    for (size_t j = (i + 1) & mask; s->tab[j].topic; j = (j + 1) & mask) {
        const moldau__fsess_entry_t *e = &s->tab[j];
        size_t k = (size_t)hash(s->version, e->topic, &e->topic_id, e->partition) & mask;
        /* e stays when its home k lies cyclically in (i, j] */
        int stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
        if (!stays) {
            s->tab[i] = s->tab[j];
            s->tab[j].topic = NULL;
            i = j;
        }
    }
}

void moldau__fetch_session_init(moldau__fetch_session_t *s)
{
    memset(s, 0, sizeof(*s));
    s->version = -1;
}

void moldau__fetch_session_free(moldau__fetch_session_t *s)
{
    clear(s);
    free(s->tab);
    moldau__fetch_session_init(s);
}

void moldau__fetch_session_reset(moldau__fetch_session_t *s)
{
    if (s->id)
        s->resets++;
    s->id = 0;
    s->epoch = 0;
}

static int uuid_zero(const moldau_uuid_t *u)
{
    static const moldau_uuid_t zero;
    return !memcmp(u, &zero, sizeof(*u));
}

/* The forgotten partitions (entries the build did not list), grouped by topic, in arena;
 * then out of the table. */
static int forget(moldau__fetch_session_t *s, moldau_arena_t *arena, moldau_fetch_request_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < s->cap; i++)
        k += s->tab[i].topic && s->tab[i].seen != s->build;
    s->last_forgotten = (int32_t)k;
    if (!k)
        return 0;
    moldau_fetch_request_forgotten_topic_t *ft = moldau_arena_calloc(arena, k, sizeof(*ft));
    int32_t *ps = moldau_arena_calloc(arena, k, sizeof(*ps));
    moldau__fsess_entry_t **gone = moldau_arena_calloc(arena, k, sizeof(*gone));
    if (!ft || !ps || !gone)
        return -1;
    size_t n = 0;
    for (size_t i = 0; i < s->cap; i++)
        if (s->tab[i].topic && s->tab[i].seen != s->build)
            gone[n++] = &s->tab[i];
    /* grouped by topic: quadratic in the forgotten topics, which are few */
    size_t n_topics = 0, used = 0;
    char *taken = moldau_arena_calloc(arena, k, 1);
    if (!taken)
        return -1;
    for (size_t i = 0; i < k; i++) {
        if (taken[i])
            continue;
        moldau_fetch_request_forgotten_topic_t *t = &ft[n_topics++];
        if (!(t->topic = moldau_arena_strndup(arena, gone[i]->topic, strlen(gone[i]->topic))))
            return -1;
        t->topic_id = gone[i]->topic_id;
        t->partitions = &ps[used];
        for (size_t j = i; j < k; j++) {
            if (taken[j] || !same(s->version, gone[j], gone[i]->topic, &gone[i]->topic_id,
                                  gone[j]->partition))
                continue;
            taken[j] = 1;
            ps[used++] = gone[j]->partition;
            t->n_partitions++;
        }
    }
    out->forgotten_topics_data = ft;
    out->n_forgotten_topics_data = (int32_t)n_topics;
    /* removal shifts entries: find each again by its key (copied into the request) */
    for (size_t t = 0; t < n_topics; t++)
        for (int32_t j = 0; j < ft[t].n_partitions; j++)
            remove_at(s, find(s, ft[t].topic, &ft[t].topic_id, ft[t].partitions[j]));
    return 0;
}

int moldau__fetch_session_build(moldau__fetch_session_t *s, moldau_arena_t *arena,
                                int16_t version, const moldau__cpart_t *const *parts, size_t n,
                                const moldau__fetch_conf_t *fc, size_t granted,
                                moldau_fetch_request_t *out)
{
    if (version != s->version) {
        moldau__fetch_session_reset(s);
        clear(s);
        s->version = version;
    }
    int full = version < 7 || s->id == 0;
    if (full)
        clear(s);
    s->build++;
    const moldau__cpart_t **send = n ? moldau_arena_calloc(arena, n, sizeof(*send)) : NULL;
    if (n && !send)
        goto fail;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const moldau__cpart_t *p = parts[i];
        if (by_id(version) && uuid_zero(&p->topic_id))
            continue; /* waits for the metadata to name its topic */
        if ((s->n + 1) * 4 > s->cap * 3 && grow(s))
            goto fail;
        size_t at = find(s, p->topic, &p->topic_id, p->partition);
        moldau__fsess_entry_t *e = &s->tab[at];
        if (!e->topic) {
            if (!(e->topic = strdup(p->topic)))
                goto fail;
            e->topic_id = p->topic_id;
            e->partition = p->partition;
            e->fetch_offset = -1;
            s->n++;
        } else if (e->seen == s->build) {
            continue; /* listed twice: once is enough */
        }
        if (full || e->fetch_offset != p->position || e->leader_epoch != p->leader_epoch ||
            e->last_fetched_epoch != p->last_fetched_epoch ||
            e->max_bytes != fc->partition_max_bytes)
            send[k++] = p;
        e->fetch_offset = p->position;
        e->leader_epoch = p->leader_epoch;
        e->last_fetched_epoch = p->last_fetched_epoch;
        e->max_bytes = fc->partition_max_bytes;
        e->seen = s->build;
        e->slot = i;
    }
    int sent = moldau__fetch_request_build(arena, version, send, k, fc, granted, out);
    if (sent < 0 || (!full && forget(s, arena, out)))
        goto fail;
    if (full)
        s->last_forgotten = 0;
    out->session_id = full ? 0 : s->id;
    out->session_epoch = version < 7 ? -1 : full ? 0 : s->epoch;
    s->last_full = full;
    s->last_sent = sent;
    if (full)
        s->full_requests++;
    else
        s->incremental_requests++;
    return sent;
fail:
    moldau__fetch_session_reset(s);
    clear(s);
    return -1;
}

void moldau__fetch_session_answered(moldau__fetch_session_t *s, moldau_err_t err,
                                    int32_t session_id)
{
    if (err || s->version < 7) {
        moldau__fetch_session_reset(s);
        return;
    }
    if (s->last_full) {
        s->id = session_id; /* 0: the broker keeps no session for us; full again */
        s->epoch = 1;
    } else if (session_id != s->id) {
        moldau__fetch_session_reset(s);
    } else {
        s->epoch = s->epoch == INT32_MAX ? 1 : s->epoch + 1;
    }
}

size_t moldau__fetch_session_slot(const moldau__fetch_session_t *s,
                                  const moldau_fetch_response_topic_t *t, int32_t partition)
{
    if (!s->cap || (by_id(s->version) && uuid_zero(&t->topic_id)) ||
        (!by_id(s->version) && !t->topic))
        return SIZE_MAX;
    const moldau__fsess_entry_t *e = &s->tab[find(s, t->topic, &t->topic_id, partition)];
    return e->topic && e->seen == s->build ? e->slot : SIZE_MAX;
}
