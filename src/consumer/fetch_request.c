/* Building a broker's Fetch request from its partitions: see fetch_request.h. */
#include "consumer/fetch_request.h"

#include <string.h>

static int uuid_zero(moldau_uuid_t u)
{
    static const moldau_uuid_t zero;
    return !memcmp(&u, &zero, sizeof(u));
}

static int same_topic(const moldau__cpart_t *a, const moldau__cpart_t *b, int16_t version)
{
    return version >= 13 ? !memcmp(&a->topic_id, &b->topic_id, sizeof(a->topic_id))
                         : !strcmp(a->topic, b->topic);
}

static int32_t cap(int32_t v, size_t granted)
{
    return granted < (size_t)v ? (int32_t)granted : v;
}

int moldau__fetch_request_build(moldau_arena_t *arena, int16_t version,
                                const moldau__cpart_t *const *parts, size_t n,
                                const moldau__fetch_conf_t *fc, size_t granted,
                                moldau_fetch_request_t *out)
{
    moldau_fetch_request_init(out);
    out->min_bytes = fc->min_bytes;
    out->max_wait_ms = fc->max_wait_ms;
    out->max_bytes = cap(fc->max_bytes, granted);
    out->isolation_level = fc->isolation_level;
    out->rack_id = fc->rack_id;
    if (!n)
        return 0;
    /* at most one topic per partition; grouping is quadratic in the topics of one broker,
     * which are few next to its partitions */
    moldau_fetch_request_topic_t *topics = moldau_arena_calloc(arena, n, sizeof(*topics));
    moldau_fetch_request_partition_t *ps = moldau_arena_calloc(arena, n, sizeof(*ps));
    char *taken = moldau_arena_calloc(arena, n, 1);
    if (!topics || !ps || !taken)
        return -1;
    int32_t partition_max = fc->partition_max_bytes;
    size_t n_topics = 0, used = 0;
    for (size_t i = 0; i < n; i++) {
        if (taken[i] || (version >= 13 && uuid_zero(parts[i]->topic_id)))
            continue;
        moldau_fetch_request_topic_t *t = &topics[n_topics++];
        t->topic = parts[i]->topic;
        t->topic_id = parts[i]->topic_id;
        t->partitions = &ps[used];
        for (size_t j = i; j < n; j++) {
            if (taken[j] || !same_topic(parts[i], parts[j], version))
                continue;
            taken[j] = 1;
            moldau_fetch_request_partition_t *p = &ps[used++];
            moldau_fetch_request_partition_init(p);
            p->partition = parts[j]->partition;
            p->fetch_offset = parts[j]->position;
            p->current_leader_epoch = parts[j]->leader_epoch;
            p->last_fetched_epoch = parts[j]->last_fetched_epoch;
            p->partition_max_bytes = partition_max;
            t->n_partitions++;
        }
    }
    out->topics = topics;
    out->n_topics = (int32_t)n_topics;
    return (int)used;
}

const moldau__cpart_t *moldau__fetch_response_part(const moldau__cpart_t *const *parts, size_t n,
                                                   int16_t version,
                                                   const moldau_fetch_response_topic_t *t,
                                                   int32_t partition)
{
    for (size_t i = 0; i < n; i++) {
        const moldau__cpart_t *p = parts[i];
        if (p->partition != partition)
            continue;
        if (version >= 13 ? !uuid_zero(p->topic_id) && !memcmp(&p->topic_id, &t->topic_id, sizeof(p->topic_id))
                          : !strcmp(p->topic, t->topic))
            return p;
    }
    return NULL;
}
