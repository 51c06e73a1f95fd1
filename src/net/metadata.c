/* The metadata cache: sorted for lookups, merged so leader epochs never go backwards. */
#include "net/metadata.h"

#include <stdlib.h>
#include <string.h>

void moldau__mdcache_init(moldau__mdcache_t *m)
{
    memset(m, 0, sizeof(*m));
    moldau_arena_init(&m->arena);
}

void moldau__mdcache_free(moldau__mdcache_t *m)
{
    moldau_arena_free(&m->arena);
    memset(m, 0, sizeof(*m));
}

/* Unnamed topics (an unknown topic id, v12+) sort first; no lookup finds them. */
static int cmp_topic(const void *a, const void *b)
{
    const moldau_metadata_response_topic_t *x = a, *y = b;
    if (!x->name || !y->name)
        return (x->name != NULL) - (y->name != NULL);
    return strcmp(x->name, y->name);
}

static int cmp_partition(const void *a, const void *b)
{
    const moldau_metadata_response_partition_t *x = a, *y = b;
    return (x->partition_index > y->partition_index) - (x->partition_index < y->partition_index);
}

const moldau_metadata_response_topic_t *moldau__md_topic(const moldau_metadata_response_t *md,
                                                          const char *name)
{
    if (!md || !name || md->n_topics <= 0)
        return NULL;
    moldau_metadata_response_topic_t key;
    memset(&key, 0, sizeof(key));
    key.name = name;
    return bsearch(&key, md->topics, (size_t)md->n_topics, sizeof(key), cmp_topic);
}

const moldau_metadata_response_partition_t *
moldau__md_partition(const moldau_metadata_response_topic_t *t, int32_t partition)
{
    if (!t || t->n_partitions <= 0)
        return NULL;
    /* Brokers send partitions in order, so the index is usually the position. */
    if (partition >= 0 && partition < t->n_partitions &&
        t->partitions[partition].partition_index == partition)
        return &t->partitions[partition];
    moldau_metadata_response_partition_t key;
    memset(&key, 0, sizeof(key));
    key.partition_index = partition;
    return bsearch(&key, t->partitions, (size_t)t->n_partitions, sizeof(key), cmp_partition);
}

static int copy_ids(moldau_arena_t *a, int32_t **dst, const int32_t *src, int32_t n)
{
    *dst = NULL;
    if (n <= 0 || !src)
        return 0;
    *dst = moldau_arena_calloc(a, (size_t)n, sizeof(int32_t));
    if (!*dst)
        return -1;
    memcpy(*dst, src, (size_t)n * sizeof(int32_t));
    return 0;
}

/* The cached partition, copied into the new answer's arena. */
static int keep_old(moldau_arena_t *a, moldau_metadata_response_partition_t *p,
                    const moldau_metadata_response_partition_t *old)
{
    *p = *old;
    return copy_ids(a, &p->replica_nodes, old->replica_nodes, old->n_replica_nodes) ||
                   copy_ids(a, &p->isr_nodes, old->isr_nodes, old->n_isr_nodes) ||
                   copy_ids(a, &p->offline_replicas, old->offline_replicas,
                            old->n_offline_replicas)
               ? -1
               : 0;
}

int moldau__mdcache_replace(moldau__mdcache_t *m, moldau_arena_t *a,
                            const moldau_metadata_response_t *md)
{
    moldau_metadata_response_t next = *md;
    if (next.n_topics > 0)
        qsort(next.topics, (size_t)next.n_topics, sizeof(*next.topics), cmp_topic);
    int kept = 0;
    for (int32_t i = 0; i < next.n_topics; i++) {
        moldau_metadata_response_topic_t *t = &next.topics[i];
        if (t->n_partitions > 0)
            qsort(t->partitions, (size_t)t->n_partitions, sizeof(*t->partitions),
                  cmp_partition);
        const moldau_metadata_response_topic_t *old =
            m->valid ? moldau__md_topic(&m->md, t->name) : NULL;
        if (!old || t->error_code)
            continue;
        /* a topic deleted and created again under its name (a new id): its leader epochs
         * start afresh and are not comparable with the old topic's */
        if (memcmp(old->topic_id.b, t->topic_id.b, sizeof(t->topic_id.b)))
            continue;
        for (int32_t j = 0; j < t->n_partitions; j++) {
            moldau_metadata_response_partition_t *p = &t->partitions[j];
            const moldau_metadata_response_partition_t *op =
                moldau__md_partition(old, p->partition_index);
            if (!op || p->leader_epoch < 0 || op->leader_epoch <= p->leader_epoch)
                continue;
            if (keep_old(a, p, op) < 0) {
                moldau_arena_free(a);
                return -1;
            }
            kept++;
        }
    }
    moldau_arena_free(&m->arena);
    m->arena = *a;
    moldau_arena_init(a);
    m->md = next;
    m->valid = 1;
    return kept;
}
