/* moldau_admin_list_topics and moldau_admin_describe_topics: the client's Metadata call
 * (client/metadata.c), its answer copied into the admin result. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"

static int by_name(const void *x, const void *y)
{
    return strcmp((*(moldau_admin_topic_listing_t *const *)x)->name,
                  (*(moldau_admin_topic_listing_t *const *)y)->name);
}

moldau_err_t moldau_admin_list_topics(moldau_admin_t *a, int include_internal, int timeout_ms,
                                      moldau_admin_topic_listings_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_metadata_t *md;
    moldau_err_t err = moldau_client_metadata(a->client, NULL, 0,
                                              moldau__admin_timeout(a, timeout_ms), &md);
    if (err)
        return err;
    moldau_admin_topic_listings_t *res = moldau__admin_result_new(sizeof(*res));
    size_t n = 0;
    for (int i = 0; i < md->n_topics; i++)
        n += md->topics[i]->err == MOLDAU_ERR_NONE && md->topics[i]->name &&
             (include_internal || !md->topics[i]->is_internal);
    moldau_admin_topic_listing_t **items =
        res ? (moldau_admin_topic_listing_t **)moldau__admin_result_items(res, n, sizeof(**items))
            : NULL;
    int oom = !items;
    size_t k = 0;
    for (int i = 0; !oom && i < md->n_topics; i++) {
        const moldau_metadata_topic_t *t = md->topics[i];
        if (t->err || !t->name || (!include_internal && t->is_internal))
            continue;
        items[k]->name = moldau__admin_result_str(res, t->name, &oom);
        memcpy(items[k]->topic_id, t->topic_id, sizeof(t->topic_id));
        items[k]->is_internal = t->is_internal;
        k++;
    }
    moldau_metadata_destroy(md);
    if (oom) {
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    qsort(items, n, sizeof(*items), by_name);
    res->items = items;
    res->n_items = n;
    *out = res;
    return MOLDAU_ERR_NONE;
}

static const int32_t *copy_ids(moldau_arena_t *arena, const int32_t *ids, int n, int *oom)
{
    if (n <= 0)
        return NULL;
    int32_t *copy = moldau_arena_calloc(arena, (size_t)n, sizeof(*copy));
    if (!copy) {
        *oom = 1;
        return NULL;
    }
    memcpy(copy, ids, (size_t)n * sizeof(*copy));
    return copy;
}

/* item from the metadata's topic t; -1 when out of memory */
static int copy_topic(void *res, moldau_admin_topic_description_t *item,
                      const moldau_metadata_topic_t *t)
{
    moldau_arena_t *arena = moldau__admin_result_arena(res);
    item->err = t->err;
    item->errmsg = moldau__admin_errmsg(t->err, NULL);
    memcpy(item->topic_id, t->topic_id, sizeof(t->topic_id));
    item->is_internal = t->is_internal;
    if (t->err || t->n_partitions <= 0)
        return 0;
    moldau_metadata_partition_t **ps =
        moldau_arena_calloc(arena, (size_t)t->n_partitions, sizeof(*ps));
    if (!ps)
        return -1;
    int oom = 0;
    for (int i = 0; !oom && i < t->n_partitions; i++) {
        const moldau_metadata_partition_t *in = t->partitions[i];
        moldau_metadata_partition_t *p = moldau_arena_calloc(arena, 1, sizeof(*p));
        if (!p)
            return -1;
        *p = *in;
        p->replicas = copy_ids(arena, in->replicas, in->n_replicas, &oom);
        p->isr = copy_ids(arena, in->isr, in->n_isr, &oom);
        p->offline_replicas = copy_ids(arena, in->offline_replicas, in->n_offline_replicas, &oom);
        ps[i] = p;
    }
    item->partitions = ps;
    item->n_partitions = (size_t)t->n_partitions;
    return oom ? -1 : 0;
}

moldau_err_t moldau_admin_describe_topics(moldau_admin_t *a, const char *const *topics,
                                          size_t n_topics, int timeout_ms,
                                          moldau_admin_topic_descriptions_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = moldau__admin_check_names(a, "DescribeTopics", topics, n_topics);
    if (err)
        return err;
    moldau_metadata_t *md;
    err = moldau_client_metadata(a->client, topics, n_topics,
                                              moldau__admin_timeout(a, timeout_ms), &md);
    if (err)
        return err;
    moldau_admin_topic_descriptions_t *res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_topic_description_t **items =
        res ? (moldau_admin_topic_description_t **)moldau__admin_result_items(res, n_topics,
                                                                               sizeof(**items))
            : NULL;
    int oom = !items;
    for (size_t i = 0; !oom && i < n_topics; i++) {
        const moldau_metadata_topic_t *t = NULL;
        for (int j = 0; j < md->n_topics && !t; j++)
            if (md->topics[j]->name && strcmp(md->topics[j]->name, topics[i]) == 0)
                t = md->topics[j];
        items[i]->name = moldau__admin_result_str(res, topics[i], &oom);
        if (!t) {
            items[i]->err = MOLDAU_ERR__BAD_MSG;
            items[i]->errmsg = "the broker's answer left this topic out";
        } else if (copy_topic(res, items[i], t)) {
            oom = 1;
        }
    }
    moldau_metadata_destroy(md);
    if (oom) {
        moldau_admin_result_free(res);
        return MOLDAU_ERR__NO_MEMORY;
    }
    res->items = items;
    res->n_items = n_topics;
    *out = res;
    return MOLDAU_ERR_NONE;
}
