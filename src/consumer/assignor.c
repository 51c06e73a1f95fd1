/* The assignors' shared indexing, the lookup by name and the subscription adapter. */
#include <stdlib.h>
#include <string.h>

#include "consumer/assignor_internal.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Java's MemberInfo order: static members first, by group.instance.id; then dynamic ones by
 * member id. Two static members with one instance id (a fenced one) fall back to member id. */
static const moldau__assignor_member_t *sort_members;
static int cmp_member(const void *a, const void *b)
{
    const moldau__assignor_member_t *x = &sort_members[*(const int32_t *)a];
    const moldau__assignor_member_t *y = &sort_members[*(const int32_t *)b];
    if (x->instance_id && y->instance_id) {
        int c = strcmp(x->instance_id, y->instance_id);
        if (c)
            return c;
    } else if (x->instance_id) {
        return -1;
    } else if (y->instance_id) {
        return 1;
    }
    return strcmp(x->member_id, y->member_id);
}

int32_t moldau__assignor_topic_index(const moldau__assignor_ctx_t *c, const char *name)
{
    const char **p = bsearch(&name, c->topic_names, (size_t)c->n_topics, sizeof(*p), cmp_str);
    return p ? (int32_t)(p - c->topic_names) : -1;
}

moldau_err_t moldau__assignor_ctx_init(moldau__assignor_ctx_t *c, const moldau__assignor_input_t *in)
{
    memset(c, 0, sizeof(*c));
    c->in = in;
    if (in->n_members < 0 || in->n_topics < 0 || (in->n_members && !in->members) ||
        (in->n_topics && !in->topics))
        return MOLDAU_ERR__INVALID_ARG;
    for (int32_t i = 0; i < in->n_topics; i++)
        if (!in->topics[i].name)
            return MOLDAU_ERR__INVALID_ARG;
    for (int32_t m = 0; m < in->n_members; m++) {
        const moldau__assignor_member_t *mm = &in->members[m];
        if (!mm->member_id || mm->n_topics < 0 || mm->n_owned < 0 ||
            (mm->n_topics && !mm->topics) || (mm->n_owned && !mm->owned))
            return MOLDAU_ERR__INVALID_ARG;
        for (int32_t t = 0; t < mm->n_topics; t++)
            if (!mm->topics[t])
                return MOLDAU_ERR__INVALID_ARG;
    }
    moldau_arena_init(&c->scratch);
    size_t nt = (size_t)in->n_topics + 1, nm = (size_t)in->n_members + 1;
    c->topic_names = moldau_arena_calloc(&c->scratch, nt, sizeof(*c->topic_names));
    c->n_parts = moldau_arena_calloc(&c->scratch, nt, sizeof(*c->n_parts));
    c->first = moldau_arena_calloc(&c->scratch, nt, sizeof(*c->first));
    c->order = moldau_arena_calloc(&c->scratch, nm, sizeof(*c->order));
    if (!c->topic_names || !c->n_parts || !c->first || !c->order)
        goto nomem;
    /* Topics with partitions, sorted, a name listed twice kept once (its first count). */
    int32_t n = 0;
    for (int32_t i = 0; i < in->n_topics; i++)
        if (in->topics[i].n_partitions > 0)
            c->topic_names[n++] = in->topics[i].name;
    qsort(c->topic_names, (size_t)n, sizeof(*c->topic_names), cmp_str);
    int32_t u = 0;
    for (int32_t i = 0; i < n; i++)
        if (u == 0 || strcmp(c->topic_names[u - 1], c->topic_names[i]) != 0)
            c->topic_names[u++] = c->topic_names[i];
    c->n_topics = u;
    for (int32_t i = 0; i < in->n_topics; i++) {
        int32_t t = in->topics[i].n_partitions > 0 ? moldau__assignor_topic_index(c, in->topics[i].name) : -1;
        if (t >= 0 && c->n_parts[t] == 0)
            c->n_parts[t] = in->topics[i].n_partitions;
    }
    int64_t total = 0;
    for (int32_t t = 0; t < c->n_topics; t++) {
        c->first[t] = (int32_t)total;
        total += c->n_parts[t];
        if (total > INT32_MAX / 2) {
            moldau_arena_free(&c->scratch);
            return MOLDAU_ERR__INVALID_ARG;
        }
    }
    c->n_total = (int32_t)total;
    c->topic_of = moldau_arena_calloc(&c->scratch, (size_t)total + 1, sizeof(*c->topic_of));
    c->subscribed = moldau_arena_calloc(&c->scratch, nm * nt, 1);
    c->owner = moldau_arena_calloc(&c->scratch, (size_t)total + 1, sizeof(*c->owner));
    if (!c->topic_of || !c->subscribed || !c->owner)
        goto nomem;
    for (int32_t g = 0; g < c->n_total; g++)
        c->owner[g] = -1;
    for (int32_t t = 0; t < c->n_topics; t++)
        for (int32_t p = 0; p < c->n_parts[t]; p++)
            c->topic_of[c->first[t] + p] = t;
    for (int32_t m = 0; m < in->n_members; m++) {
        c->order[m] = m;
        for (int32_t i = 0; i < in->members[m].n_topics; i++) {
            int32_t t = moldau__assignor_topic_index(c, in->members[m].topics[i]);
            if (t >= 0)
                c->subscribed[(size_t)m * (size_t)c->n_topics + (size_t)t] = 1;
        }
    }
    /* qsort has no context argument in C11: the comparator reads a file-scope pointer, so
     * this is not thread-safe; assignors run on the reactor thread only. */
    sort_members = in->members;
    qsort(c->order, (size_t)in->n_members, sizeof(*c->order), cmp_member);
    sort_members = NULL;
    return MOLDAU_ERR_NONE;
nomem:
    moldau_arena_free(&c->scratch);
    return MOLDAU_ERR__NO_MEMORY;
}

void moldau__assignor_ctx_free(moldau__assignor_ctx_t *c)
{
    moldau_arena_free(&c->scratch);
}

static moldau_err_t output(moldau__assignor_ctx_t *c, moldau_arena_t *a,
                           moldau__assignor_assignment_t **out)
{
    const int32_t *owner = c->owner;
    int32_t nm = c->in->n_members;
    moldau__assignor_assignment_t *res = moldau_arena_calloc(a, (size_t)nm + 1, sizeof(*res));
    int32_t *count = moldau_arena_calloc(&c->scratch, (size_t)nm + 1, sizeof(*count));
    if (!res || !count)
        return MOLDAU_ERR__NO_MEMORY;
    for (int32_t g = 0; g < c->n_total; g++)
        if (owner[g] >= 0)
            count[owner[g]]++;
    for (int32_t m = 0; m < nm; m++) {
        res[m].partitions = moldau_arena_calloc(a, (size_t)count[m] + 1, sizeof(moldau__assignor_tp_t));
        if (!res[m].partitions)
            return MOLDAU_ERR__NO_MEMORY;
    }
    /* Ascending global indices are topic-name then partition order: the lists come out sorted. */
    for (int32_t g = 0; g < c->n_total; g++) {
        if (owner[g] < 0)
            continue;
        moldau__assignor_assignment_t *r = &res[owner[g]];
        moldau__assignor_tp_t *tp = (moldau__assignor_tp_t *)&r->partitions[r->n_partitions++];
        int32_t t = c->topic_of[g];
        tp->topic = c->topic_names[t];
        tp->partition = g - c->first[t];
    }
    *out = res;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__assignor_ctx_output(moldau__assignor_ctx_t *c, moldau_arena_t *a,
                                         moldau__assignor_assignment_t **out)
{
    moldau_err_t err = output(c, a, out);
    moldau__assignor_ctx_free(c);
    return err;
}

static const moldau__assignor_t assignors[] = {
    {"range", MOLDAU__REBALANCE_EAGER, moldau__assignor_range},
    {"roundrobin", MOLDAU__REBALANCE_EAGER, moldau__assignor_roundrobin},
    {"cooperative-sticky", MOLDAU__REBALANCE_COOPERATIVE, moldau__assignor_cooperative_sticky},
};
static const char *const java_names[] = {
    "org.apache.kafka.clients.consumer.RangeAssignor",
    "org.apache.kafka.clients.consumer.RoundRobinAssignor",
    "org.apache.kafka.clients.consumer.CooperativeStickyAssignor",
};

const moldau__assignor_t *moldau__assignor_find(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof(assignors) / sizeof(assignors[0]); i++)
        if (strcmp(name, assignors[i].name) == 0 || strcmp(name, java_names[i]) == 0)
            return &assignors[i];
    return NULL;
}

moldau_err_t moldau__assignor_member_from_subscription(
    moldau__assignor_member_t *m, const char *member_id, const char *instance_id,
    const moldau_consumer_protocol_subscription_t *s, moldau_arena_t *a)
{
    memset(m, 0, sizeof(*m));
    m->member_id = member_id;
    m->instance_id = instance_id;
    m->rack_id = s->rack_id;
    m->topics = s->topics;
    m->n_topics = s->n_topics;
    m->generation = -1;
    int64_t n = 0;
    for (int32_t i = 0; i < s->n_owned_partitions; i++)
        n += s->owned_partitions[i].n_partitions;
    moldau__assignor_tp_t *owned = moldau_arena_calloc(a, (size_t)n + 1, sizeof(*owned));
    if (!owned)
        return MOLDAU_ERR__NO_MEMORY;
    for (int32_t i = 0; i < s->n_owned_partitions; i++)
        for (int32_t j = 0; j < s->owned_partitions[i].n_partitions; j++) {
            owned[m->n_owned].topic = s->owned_partitions[i].topic;
            owned[m->n_owned++].partition = s->owned_partitions[i].partitions[j];
        }
    m->owned = owned;
    if (s->version >= 2) {
        m->generation = s->generation_id;
    } else if (s->user_data.data && s->user_data.len >= 4) {
        /* cooperative-sticky's v0 user data: an int32 generation, big-endian. */
        const unsigned char *d = s->user_data.data;
        m->generation = (int32_t)((uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
                                  (uint32_t)d[2] << 8 | (uint32_t)d[3]);
    }
    return MOLDAU_ERR_NONE;
}
