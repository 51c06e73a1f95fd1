/* moldau_admin_reset_group_offsets, as kafka-consumer-groups.sh --reset-offsets: the group
 * must have no members; the partitions' committed offsets, log starts and ends (and offsets
 * by time) give the new offsets, clamped to the log, committed unless dry_run. */
#include <stdlib.h>
#include <string.h>

#include "admin/admin_internal.h"
#include "moldau/protocol.h"

typedef struct reset_call {
    moldau_admin_t *a;
    const moldau_admin_reset_offsets_t *spec;
    moldau_admin_topic_partition_t *tps; /* the partitions to reset */
    int64_t *wanted;                     /* OFFSETS: the offset given */
    size_t n;
    int64_t deadline;
} reset_call_t;

static moldau_err_t check_spec(moldau_admin_t *a, const char *group,
                               const moldau_admin_reset_offsets_t *s)
{
    if (!group || !*group || !s || s->to < MOLDAU_ADMIN_RESET_EARLIEST ||
        s->to > MOLDAU_ADMIN_RESET_OFFSETS) {
        moldau__admin_dbg(a, "ResetOffsets: group or spec NULL, or spec->to unknown");
        return MOLDAU_ERR__INVALID_ARG;
    }
    if (s->to == MOLDAU_ADMIN_RESET_OFFSETS) {
        moldau_err_t err = moldau__admin_check_offsets_args(a, "ResetOffsets", group, s->offsets,
                                                            s->n_offsets, sizeof(*s->offsets), 0);
        for (size_t i = 0; !err && i < s->n_offsets; i++)
            if (s->offsets[i].offset < 0)
                err = MOLDAU_ERR__INVALID_ARG;
        return err;
    }
    if ((s->n_topics && !s->topics) || s->n_topics > INT32_MAX || s->n_topics + s->n_partitions == 0) {
        moldau__admin_dbg(a, "ResetOffsets: no topics nor partitions");
        return MOLDAU_ERR__INVALID_ARG;
    }
    if (s->n_topics && moldau__admin_check_names(a, "ResetOffsets", s->topics, s->n_topics))
        return MOLDAU_ERR__INVALID_ARG;
    return moldau__admin_check_offsets_args(a, "ResetOffsets", group, s->partitions,
                                            s->n_partitions, sizeof(*s->partitions), 1);
}

/* The partitions of the spec into c->tps (topic names the caller's): every partition of its
 * topics (metadata), then its partitions (skipping repeats). */
static moldau_err_t partitions_of(reset_call_t *c)
{
    const moldau_admin_reset_offsets_t *s = c->spec;
    if (s->to == MOLDAU_ADMIN_RESET_OFFSETS) {
        c->tps = calloc(s->n_offsets, sizeof(*c->tps));
        c->wanted = calloc(s->n_offsets, sizeof(*c->wanted));
        if (!c->tps || !c->wanted)
            return MOLDAU_ERR__NO_MEMORY;
        for (size_t i = 0; i < s->n_offsets; i++) {
            c->tps[i] = (moldau_admin_topic_partition_t){s->offsets[i].topic, s->offsets[i].partition};
            c->wanted[i] = s->offsets[i].offset;
        }
        c->n = s->n_offsets;
        return MOLDAU_ERR_NONE;
    }
    moldau_metadata_t *md = NULL;
    moldau_err_t err = MOLDAU_ERR_NONE;
    if (s->n_topics &&
        (err = moldau_client_metadata(c->a->client, s->topics, s->n_topics,
                                      moldau__admin_left(c->deadline), &md)))
        return err;
    size_t cap = s->n_partitions;
    for (int t = 0; md && t < md->n_topics; t++)
        cap += md->topics[t]->n_partitions > 0 ? (size_t)md->topics[t]->n_partitions : 0;
    c->tps = calloc(cap ? cap : 1, sizeof(*c->tps));
    err = c->tps ? MOLDAU_ERR_NONE : MOLDAU_ERR__NO_MEMORY;
    for (size_t i = 0; !err && i < s->n_topics; i++) {
        const moldau_metadata_topic_t *mt = NULL;
        for (int t = 0; !mt && t < md->n_topics; t++)
            if (md->topics[t]->name && strcmp(md->topics[t]->name, s->topics[i]) == 0)
                mt = md->topics[t];
        if (!mt || mt->err || mt->n_partitions == 0) {
            moldau__admin_dbg(c->a, "ResetOffsets: topic %s: %s", s->topics[i],
                              moldau_err_name(mt && mt->err ? mt->err
                                                            : MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION));
            err = mt && mt->err ? mt->err : MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION;
            break;
        }
        for (int p = 0; p < mt->n_partitions && c->n < cap; p++)
            c->tps[c->n++] = (moldau_admin_topic_partition_t){s->topics[i], mt->partitions[p]->id};
    }
    for (size_t i = 0; !err && i < s->n_partitions; i++) {
        size_t j = 0;
        while (j < c->n && !(c->tps[j].partition == s->partitions[i].partition &&
                             strcmp(c->tps[j].topic, s->partitions[i].topic) == 0))
            j++;
        if (j == c->n && c->n < cap)
            c->tps[c->n++] = s->partitions[i];
    }
    moldau_metadata_destroy(md);
    return err;
}

/* MOLDAU_ERR__STATE unless the group is Empty or does not exist. */
static moldau_err_t check_state(reset_call_t *c, const char *group)
{
    moldau_admin_group_descriptions_t *d = NULL;
    const char *groups[] = {group};
    moldau_err_t err =
        moldau_admin_describe_groups(c->a, groups, 1, moldau__admin_left(c->deadline), &d);
    if (err)
        return err;
    const moldau_admin_group_description_t *g = d->items[0];
    if (g->err == MOLDAU_ERR_GROUP_ID_NOT_FOUND)
        err = MOLDAU_ERR_NONE;
    else if (g->err)
        err = g->err;
    else if (strcmp(g->state, "Empty") != 0 && strcmp(g->state, "Dead") != 0) {
        moldau__admin_dbg(c->a, "ResetOffsets: group %s is %s (%zu member(s)), not Empty", group,
                          g->state, g->n_members);
        err = MOLDAU_ERR__STATE;
    }
    moldau_admin_result_free(d);
    return err;
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

moldau_err_t moldau_admin_reset_group_offsets(moldau_admin_t *a, const char *group,
                                              const moldau_admin_reset_offsets_t *spec,
                                              int timeout_ms, moldau_admin_reset_results_t **out)
{
    if (!a || !out)
        return MOLDAU_ERR__INVALID_ARG;
    *out = NULL;
    moldau_err_t err = check_spec(a, group, spec);
    if (err)
        return err;
    reset_call_t c = {.a = a, .spec = spec, .deadline = moldau__admin_deadline(a, timeout_ms)};
    moldau_admin_group_offsets_t *prev = NULL, *done = NULL;
    int64_t *times = NULL, *lo = NULL, *hi = NULL, *at = NULL;
    moldau_err_t *elo = NULL, *ehi = NULL, *eat = NULL;
    moldau_admin_offset_commit_t *commits = NULL;
    moldau_admin_reset_results_t *res = NULL;
    if ((err = check_state(&c, group)) || (err = partitions_of(&c)))
        goto done;
    size_t n = c.n;
    times = calloc(n, sizeof(*times));
    lo = calloc(n, sizeof(*lo));
    hi = calloc(n, sizeof(*hi));
    at = calloc(n, sizeof(*at));
    elo = calloc(n, sizeof(*elo));
    ehi = calloc(n, sizeof(*ehi));
    eat = calloc(n, sizeof(*eat));
    commits = calloc(n, sizeof(*commits));
    res = moldau__admin_result_new(sizeof(*res));
    moldau_admin_reset_result_t **items =
        res ? (moldau_admin_reset_result_t **)moldau__admin_result_items(res, n, sizeof(**items))
            : NULL;
    err = MOLDAU_ERR__NO_MEMORY;
    if (!times || !lo || !hi || !at || !elo || !ehi || !eat || !commits || !items)
        goto done;
    if ((err = moldau_admin_list_group_offsets(a, group, c.tps, n, moldau__admin_left(c.deadline),
                                               &prev)))
        goto done;
    for (size_t i = 0; i < n; i++)
        times[i] = MOLDAU_LIST_OFFSETS_EARLIEST;
    if ((err = moldau__admin_log_offsets(a, c.tps, times, n, moldau__admin_left(c.deadline), lo,
                                         elo)))
        goto done;
    for (size_t i = 0; i < n; i++)
        times[i] = MOLDAU_LIST_OFFSETS_LATEST;
    if ((err = moldau__admin_log_offsets(a, c.tps, times, n, moldau__admin_left(c.deadline), hi,
                                         ehi)))
        goto done;
    if (spec->to == MOLDAU_ADMIN_RESET_TIMESTAMP) {
        for (size_t i = 0; i < n; i++)
            times[i] = spec->timestamp;
        if ((err = moldau__admin_log_offsets(a, c.tps, times, n, moldau__admin_left(c.deadline),
                                             at, eat)))
            goto done;
    }
    size_t n_commits = 0;
    int oom = 0;
    for (size_t i = 0; i < n; i++) {
        moldau_admin_reset_result_t *it = items[i];
        it->topic = moldau__admin_result_str(res, c.tps[i].topic, &oom);
        it->partition = c.tps[i].partition;
        it->previous = prev->items[i]->err ? -1 : prev->items[i]->offset;
        it->err = prev->items[i]->err ? prev->items[i]->err : elo[i] ? elo[i] : ehi[i] ? ehi[i] : eat[i];
        it->offset = -1;
        if (it->err)
            continue;
        int64_t v = hi[i];
        switch (spec->to) {
        case MOLDAU_ADMIN_RESET_EARLIEST:
            v = lo[i];
            break;
        case MOLDAU_ADMIN_RESET_LATEST:
            break;
        case MOLDAU_ADMIN_RESET_TIMESTAMP:
            v = at[i] >= 0 ? at[i] : hi[i]; /* no record that late: the end */
            break;
        case MOLDAU_ADMIN_RESET_SHIFT:
            v = (it->previous >= 0 ? it->previous : hi[i]) + spec->shift;
            break;
        case MOLDAU_ADMIN_RESET_OFFSETS:
            v = c.wanted[i];
            break;
        }
        it->offset = clamp(v, lo[i], hi[i]);
        commits[n_commits++] = (moldau_admin_offset_commit_t){c.tps[i].topic, c.tps[i].partition,
                                                              it->offset, -1, NULL};
    }
    err = oom ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
    if (!err && !spec->dry_run && n_commits) {
        if ((err = moldau_admin_alter_group_offsets(a, group, commits, n_commits,
                                                    moldau__admin_left(c.deadline), &done)))
            goto done;
        for (size_t k = 0; k < done->n_items; k++) {
            if (!done->items[k]->err)
                continue;
            for (size_t i = 0; i < n; i++)
                if (items[i]->partition == done->items[k]->partition && !items[i]->err &&
                    strcmp(items[i]->topic, done->items[k]->topic) == 0) {
                    items[i]->err = done->items[k]->err;
                    items[i]->offset = -1;
                }
        }
    }
    for (size_t i = 0; !err && i < n; i++)
        items[i]->errmsg = moldau__admin_errmsg(items[i]->err, NULL);
    if (!err) {
        res->group_id = moldau__admin_result_str(res, group, &oom);
        res->items = items;
        res->n_items = n;
        err = oom ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR_NONE;
    }
done:
    moldau_admin_result_free(prev);
    moldau_admin_result_free(done);
    free(c.tps);
    free(c.wanted);
    free(times);
    free(lo);
    free(hi);
    free(at);
    free(elo);
    free(ehi);
    free(eat);
    free(commits);
    if (err) {
        moldau_admin_result_free(res);
        return err;
    }
    *out = res;
    return MOLDAU_ERR_NONE;
}
