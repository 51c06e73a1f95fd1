/* The classic protocol's leader (reactor thread): the members' subscriptions decoded, the
 * assignor run over their topics once the metadata knows them all, the assignments encoded
 * for SyncGroup; and the member's own subscription payload (Kafka's "consumer" protocol
 * layout, so other clients' members can share the group) and the refusals of its topics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consumer/group_classic.h"

/* ---- the subscription payload ----------------------------------------------------------- */

/* Groups a sorted partition list by topic for the consumer protocol (in arena a). */
static int by_topic(const moldau_partition_list_t *l, moldau_arena_t *a,
                    moldau_consumer_protocol_topic_partition_t **out, int32_t *n_out)
{
    size_t n = l ? l->n : 0;
    moldau_consumer_protocol_topic_partition_t *v = moldau_arena_calloc(a, n + 1, sizeof(*v));
    int32_t *parts = moldau_arena_calloc(a, n + 1, sizeof(*parts));
    if (!v || !parts)
        return -1;
    int32_t k = 0;
    for (size_t i = 0; i < n; i++) {
        /* the lists are built grouped by topic (sorted by the assignor, or from one) */
        if (!k || strcmp(v[k - 1].topic, l->elems[i].topic)) {
            v[k].topic = l->elems[i].topic;
            v[k].partitions = &parts[i];
            k++;
        }
        parts[i] = l->elems[i].partition;
        v[k - 1].n_partitions++;
    }
    *out = v;
    *n_out = k;
    return 0;
}

static int32_t sub_version(const moldau__membership_t *m) { return m->g->cooperative ? 2 : 0; }

int moldau__classic_encode_subscription(moldau__membership_t *m, moldau_arena_t *a,
                                        moldau_bytes_t *out)
{
    moldau_consumer_protocol_subscription_t s = {0};
    s.topics = (const char *const *)m->topics;
    s.n_topics = (int32_t)m->n_topics;
    s.user_data = MOLDAU_BYTES_NULL;
    s.generation_id = m->generation;
    if (m->g->cooperative) {
        moldau_consumer_protocol_topic_partition_t *tp;
        if (by_topic(m->owned, a, &tp, &s.n_owned_partitions))
            return -1;
        s.owned_partitions = tp;
    }
    moldau_buf_t w;
    moldau_buf_init(&w);
    if (moldau_consumer_protocol_subscription_encode(&w, (int16_t)sub_version(m), &s) ||
        w.failed) {
        moldau_buf_free(&w);
        return -1;
    }
    uint8_t *data = moldau_arena_calloc(a, w.len + 1, 1);
    if (data)
        memcpy(data, w.data, w.len);
    *out = (moldau_bytes_t){data, (int32_t)w.len};
    moldau_buf_free(&w);
    return data ? 0 : -1;
}

/* ---- the leader's assignment --------------------------------------------------------- */

static const moldau__assignor_t *assignor_of(const moldau__membership_t *m, const char *name)
{
    for (size_t i = 0; name && i < m->g->n_assignors; i++)
        if (!strcmp(m->g->assignors[i]->name, name))
            return m->g->assignors[i];
    return NULL;
}

/* The group's topics in the metadata cache (0: some are missing, the leader waits). */
static int topics_known(moldau__membership_t *m, char **topics, size_t n)
{
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        const moldau_metadata_response_topic_t *t = moldau__cluster_topic(m->cluster, topics[i]);
        if (!t)
            ok = 0;
    }
    return ok;
}

void moldau__classic_unwant_group_topics(moldau__membership_t *m)
{
    for (size_t i = 0; i < m->n_group_topics; i++)
        moldau__cluster_unwant_topic(m->cluster, m->group_topics[i]);
    moldau__classic_free_topics(m->group_topics, m->n_group_topics);
    free(m->counts);
    m->group_topics = NULL;
    m->counts = NULL;
    m->n_group_topics = 0;
}

int32_t moldau__classic_count_of(moldau__membership_t *m, const char *topic)
{
    const moldau_metadata_response_topic_t *t = moldau__cluster_topic(m->cluster, topic);
    return t && !t->error_code ? t->n_partitions : 0;
}

/* Runs the assignor on the JoinGroup members and sends SyncGroup (leader). */
void moldau__classic_lead(moldau__membership_t *m)
{
    const moldau_join_group_response_t *jr = m->join_resp->body;
    const moldau__assignor_t *as = assignor_of(m, jr->protocol_name);
    moldau_arena_t a;
    moldau_arena_init(&a);
    int32_t n = jr->n_members;
    moldau__assignor_member_t *mem = moldau_arena_calloc(&a, (size_t)n + 1, sizeof(*mem));
    int16_t version = MOLDAU_CONSUMER_PROTOCOL_MAX_VERSION;
    char **topics = NULL;
    size_t n_topics = 0, cap = 0;
    int bad = !as || !mem;
    for (int32_t i = 0; !bad && i < n; i++) {
        const moldau_join_group_response_member_t *jm = &jr->members[i];
        moldau_consumer_protocol_subscription_t *s = moldau_arena_calloc(&a, 1, sizeof(*s));
        moldau_reader_t r;
        moldau_reader_init(&r, jm->metadata.data, jm->metadata.len > 0 ? (size_t)jm->metadata.len : 0);
        if (!s)
            bad = 1;
        else if (moldau_consumer_protocol_subscription_decode(&r, &a, s)) {
            /* a member whose subscription does not parse gets nothing (Java would fail the
             * whole round; one bad member should not stop the others) */
            memset(s, 0, sizeof(*s));
            s->generation_id = -1;
            moldau__log(&m->client->logger, MOLDAU_LOG_WARNING, "group",
                        "group %s: member %s sent a subscription that does not parse",
                        m->c->group_id, jm->member_id);
        }
        if (!bad && s->version < version)
            version = s->version < 0 ? 0 : s->version;
        if (!bad && moldau__assignor_member_from_subscription(&mem[i], jm->member_id,
                                                              jm->group_instance_id, s, &a))
            bad = 1;
        for (int32_t t = 0; !bad && t < s->n_topics; t++) {
            int seen = 0;
            for (size_t k = 0; k < n_topics && !seen; k++)
                seen = !strcmp(topics[k], s->topics[t]);
            if (seen || !s->topics[t])
                continue;
            if (n_topics == cap) {
                size_t nc = cap ? cap * 2 : 16;
                char **nv = realloc(topics, nc * sizeof(*nv));
                if (!nv) {
                    bad = 1;
                    break;
                }
                topics = nv;
                cap = nc;
            }
            if (!(topics[n_topics] = strdup(s->topics[t])))
                bad = 1;
            else
                n_topics++;
        }
    }
    if (bad) {
        moldau__classic_free_topics(topics, n_topics);
        moldau_arena_free(&a);
        moldau__response_free(m->join_resp);
        m->join_resp = NULL;
        if (!as)
            return moldau__classic_fatal(m, MOLDAU_ERR_INCONSISTENT_GROUP_PROTOCOL,
                         "the group chose an assignor this member does not offer");
        return moldau__classic_retry_soon(m);
    }
    /* the leader needs the metadata of every member's topics */
    moldau__classic_unwant_group_topics(m);
    for (size_t i = 0; i < n_topics; i++)
        moldau__cluster_want_topic(m->cluster, topics[i]);
    m->group_topics = topics;
    m->n_group_topics = n_topics;
    if (!topics_known(m, topics, n_topics) && m->meta_waits < 3) {
        m->meta_waits++;
        moldau__cluster_refresh(m->cluster, "the group leader needs its members' topics");
        moldau_arena_free(&a);
        return; /* the metadata listener calls moldau__classic_lead() again */
    }
    m->counts = calloc(n_topics + 1, sizeof(*m->counts));
    moldau__assignor_topic_t *at = moldau_arena_calloc(&a, n_topics + 1, sizeof(*at));
    moldau__assignor_assignment_t *out = NULL;
    moldau_sync_group_request_assignment_t *sa = moldau_arena_calloc(&a, (size_t)n + 1, sizeof(*sa));
    bad = !m->counts || !at || !sa;
    for (size_t i = 0; !bad && i < n_topics; i++) {
        at[i].name = topics[i];
        at[i].n_partitions = m->counts[i] = moldau__classic_count_of(m, topics[i]);
    }
    moldau__assignor_input_t in = {mem, n, at, (int32_t)n_topics};
    if (!bad && as->assign(&in, &a, &out))
        bad = 1;
    moldau__dbg(&m->client->logger, MOLDAU__DBG_CGRP, "CGRP",
                "group %s: leader of generation %d: %s over %d member(s), %zu topic(s)%s",
                m->c->group_id, (int)m->generation, as->name, (int)n, n_topics,
                bad ? ": failed" : "");
    for (int32_t i = 0; !bad && i < n; i++) {
        moldau_partition_list_t l = {0};
        moldau_topic_partition_t *e = moldau_arena_calloc(&a, (size_t)out[i].n_partitions + 1, sizeof(*e));
        bad = !e;
        for (int32_t p = 0; !bad && p < out[i].n_partitions; p++) {
            e[p].topic = (char *)out[i].partitions[p].topic;
            e[p].partition = out[i].partitions[p].partition;
        }
        l.elems = e;
        l.n = (size_t)out[i].n_partitions;
        moldau_consumer_protocol_assignment_t ca = {0};
        moldau_consumer_protocol_topic_partition_t *tp;
        if (bad || by_topic(&l, &a, &tp, &ca.n_assigned_partitions)) {
            bad = 1;
            break;
        }
        ca.assigned_partitions = tp;
        ca.user_data = MOLDAU_BYTES_NULL;
        moldau_buf_t w;
        moldau_buf_init(&w);
        if (moldau_consumer_protocol_assignment_encode(&w, version, &ca) || w.failed) {
            moldau_buf_free(&w);
            bad = 1;
            break;
        }
        uint8_t *d = moldau_arena_calloc(&a, w.len + 1, 1);
        if (d)
            memcpy(d, w.data, w.len);
        sa[i].member_id = jr->members[i].member_id;
        sa[i].assignment = (moldau_bytes_t){d, (int32_t)w.len};
        moldau_buf_free(&w);
        bad = !d;
    }
    if (!bad)
        moldau__classic_send_sync(m, sa, n);
    moldau_arena_free(&a);
    moldau__response_free(m->join_resp);
    m->join_resp = NULL;
    if (bad)
        moldau__classic_retry_soon(m);
}

/* ---- the member's own topics ------------------------------------------------------------ */

void moldau__classic_tell_refused(moldau__membership_t *m)
{
    for (size_t i = 0; m->wanted_told && i < m->n_wanted; i++) {
        const moldau_metadata_response_topic_t *t = moldau__cluster_topic(m->cluster, m->wanted[i]);
        if (!t)
            continue; /* not answered yet */
        moldau_err_t err = (moldau_err_t)t->error_code;
        if (!moldau__err_is_topic_refusal(err))
            err = MOLDAU_ERR_NONE;
        if (err && err != m->wanted_told[i])
            moldau__consumer_topic_error(m->c, m->wanted[i], err,
                                         "the cluster refused subscribed topic \"%s\"",
                                         m->wanted[i]);
        m->wanted_told[i] = err;
    }
}
