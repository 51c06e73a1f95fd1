/* Offsets by time, watermarks and lag (moldau/consumer.h, "offsets by time, watermarks,
 * lag"): the cached values come from the fetcher's answers (fetcher.c), the asked ones from
 * ListOffsets to each partition's leader, sent from the application's thread. */
#include <stdlib.h>
#include <string.h>

#include "client/request.h"
#include "consumer/consumer.h"
#include "util/clock.h"

MOLDAU__REQUEST_CODEC(lo, moldau_list_offsets_request_t, moldau_list_offsets_request_encode,
                      moldau_list_offsets_response_t, moldau_list_offsets_response_decode)

/* One partition asked of its leader: in, where and timestamp; out, offset and err. */
typedef struct ask {
    const char *topic;
    int32_t partition;
    int64_t timestamp;
    int32_t node, leader_epoch;
    int64_t offset;
    moldau_err_t err;
} ask_t;

/* Milliseconds left until deadline, at least 1 (the last request still gets its chance). */
static int left(int64_t deadline)
{
    int64_t l = deadline - moldau__now_ms();
    return l < 1 ? 1 : l > INT32_MAX ? INT32_MAX : (int)l;
}

/* Leaders of asks[0..n) from one Metadata answer; an ask whose partition has none gets its
 * err. */
static moldau_err_t leaders(moldau_consumer_t *c, ask_t *asks, size_t n, int64_t deadline)
{
    const char **topics = calloc(n, sizeof(*topics));
    if (!topics)
        return MOLDAU_ERR__NO_MEMORY;
    size_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (j < nt && strcmp(topics[j], asks[i].topic))
            j++;
        if (j == nt)
            topics[nt++] = asks[i].topic;
    }
    moldau_metadata_t *md = NULL;
    moldau_err_t err = moldau_client_metadata(c->client, topics, nt, left(deadline), &md);
    free(topics);
    if (err)
        return err;
    for (size_t i = 0; i < n; i++) {
        ask_t *a = &asks[i];
        a->node = -1;
        a->err = MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION;
        for (int t = 0; t < md->n_topics; t++) {
            const moldau_metadata_topic_t *mt = md->topics[t];
            if (strcmp(mt->name, a->topic))
                continue;
            a->err = mt->err ? mt->err : MOLDAU_ERR__UNKNOWN_PARTITION;
            for (int p = 0; !mt->err && p < mt->n_partitions; p++) {
                const moldau_metadata_partition_t *mp = mt->partitions[p];
                if (mp->id != a->partition)
                    continue;
                a->err = mp->err ? mp->err
                         : mp->leader < 0 ? MOLDAU_ERR_LEADER_NOT_AVAILABLE
                                          : MOLDAU_ERR_NONE;
                a->node = mp->leader;
                a->leader_epoch = mp->leader_epoch;
            }
        }
    }
    moldau_metadata_destroy(md);
    return MOLDAU_ERR_NONE;
}

/* One ListOffsets request to `node` for the asks of that node without an error yet (each
 * partition once: a partition asked twice goes in another round). */
static moldau_err_t ask_node(moldau_consumer_t *c, ask_t *asks, size_t n, int32_t node,
                             char *done, int64_t deadline)
{
    moldau__request_t *req = moldau__request_new(c->client, MOLDAU_API_LIST_OFFSETS, lo_encode,
                                                 lo_decode, NULL);
    if (!req)
        return MOLDAU_ERR__NO_MEMORY;
    moldau_arena_t *ar = moldau__request_arena(req);
    moldau_list_offsets_request_t *body = moldau_arena_calloc(ar, 1, sizeof(*body));
    moldau_list_offsets_request_topic_t *ts = moldau_arena_calloc(ar, n, sizeof(*ts));
    moldau_list_offsets_request_partition_t *ps = moldau_arena_calloc(ar, n, sizeof(*ps));
    size_t *of = moldau_arena_calloc(ar, n, sizeof(*of)); /* ps[k] is asks[of[k]] */
    if (!body || !ts || !ps || !of) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    size_t nt = 0, np = 0;
    for (size_t i = 0; i < n; i++) {
        if (done[i] || asks[i].node != node)
            continue;
        size_t t = 0;
        while (t < nt && strcmp(ts[t].name, asks[i].topic))
            t++;
        int twice = 0;
        for (size_t k = 0; k < np; k++)
            twice |= asks[of[k]].partition == asks[i].partition &&
                     !strcmp(asks[of[k]].topic, asks[i].topic);
        if (twice)
            continue;
        if (t == nt) { /* a topic's partitions are contiguous: a new topic starts at np */
            ts[nt].name = asks[i].topic;
            ts[nt].partitions = &ps[np];
            nt++;
        } else if (ts[t].partitions + ts[t].n_partitions != &ps[np]) {
            continue; /* another topic came in between: next round */
        }
        ps[np] = (moldau_list_offsets_request_partition_t){asks[i].partition,
                                                           asks[i].leader_epoch,
                                                           asks[i].timestamp};
        ts[t].n_partitions++;
        of[np++] = i;
        done[i] = 1;
    }
    body->replica_id = -1;
    body->isolation_level = c->fc.isolation_level;
    body->topics = ts;
    body->n_topics = (int32_t)nt;
    body->timeout_ms = c->request_timeout_ms;
    moldau__request_set_body(req, body);
    moldau__response_t *resp = NULL;
    moldau_err_t err = moldau__request_target(req, MOLDAU__TARGET_NODE, node, NULL);
    if (err) {
        moldau__request_destroy(req);
        return err;
    }
    /* the answers are matched by name and partition: the request's arena goes with it */
    ask_t **mine = calloc(np ? np : 1, sizeof(*mine));
    if (!mine) {
        moldau__request_destroy(req);
        return MOLDAU_ERR__NO_MEMORY;
    }
    for (size_t k = 0; k < np; k++)
        mine[k] = &asks[of[k]];
    err = moldau__request_sync(req, left(deadline), &resp);
    for (size_t k = 0; k < np; k++)
        mine[k]->err = err ? err : MOLDAU_ERR__BAD_MSG; /* until the answer names it */
    const moldau_list_offsets_response_t *lr = resp ? resp->body : NULL;
    for (int32_t t = 0; !err && lr && t < lr->n_topics; t++)
        for (int32_t j = 0; j < lr->topics[t].n_partitions; j++) {
            const moldau_list_offsets_response_partition_t *rp = &lr->topics[t].partitions[j];
            for (size_t k = 0; k < np; k++)
                if (mine[k]->partition == rp->partition_index &&
                    !strcmp(mine[k]->topic, lr->topics[t].name)) {
                    mine[k]->err = (moldau_err_t)rp->error_code;
                    mine[k]->offset = rp->offset;
                }
        }
    free(mine);
    moldau__response_free(resp);
    return err;
}

/* Asks every element's leader; per-element results in asks. */
static moldau_err_t ask_all(moldau_consumer_t *c, ask_t *asks, size_t n, int timeout_ms)
{
    int64_t deadline = moldau__now_ms() + (timeout_ms < 0 ? c->request_timeout_ms : timeout_ms);
    moldau_err_t err = leaders(c, asks, n, deadline);
    char *done = calloc(n ? n : 1, 1);
    if (!done)
        return MOLDAU_ERR__NO_MEMORY;
    for (size_t i = 0; i < n; i++)
        done[i] = err || asks[i].err;
    /* a round per leader, again while a leader had more than one request's worth */
    for (size_t i = 0; !err && i < n; i++)
        while (!err && !done[i])
            err = ask_node(c, asks, n, asks[i].node, done, deadline);
    free(done);
    return err;
}

moldau_err_t moldau_consumer_offsets_for_times(moldau_consumer_t *c, moldau_partition_list_t *l,
                                               int timeout_ms)
{
    if (!c || !l)
        return MOLDAU_ERR__INVALID_ARG;
    for (size_t i = 0; i < l->n; i++)
        if (!l->elems[i].topic || l->elems[i].offset < 0)
            return MOLDAU_ERR__INVALID_ARG;
    ask_t *asks = calloc(l->n ? l->n : 1, sizeof(*asks));
    if (!asks)
        return MOLDAU_ERR__NO_MEMORY;
    for (size_t i = 0; i < l->n; i++)
        asks[i] = (ask_t){.topic = l->elems[i].topic, .partition = l->elems[i].partition,
                          .timestamp = l->elems[i].offset, .leader_epoch = -1};
    moldau_err_t err = ask_all(c, asks, l->n, timeout_ms);
    for (size_t i = 0; i < l->n; i++) {
        l->elems[i].err = err ? err : asks[i].err;
        if (!l->elems[i].err)
            l->elems[i].offset = asks[i].offset >= 0 ? asks[i].offset : MOLDAU_OFFSET_END;
    }
    free(asks);
    return err;
}

moldau_err_t moldau_consumer_query_watermark_offsets(moldau_consumer_t *c, const char *topic,
                                                     int32_t partition, int64_t *low,
                                                     int64_t *high, int timeout_ms)
{
    if (!c || !topic || !low || !high)
        return MOLDAU_ERR__INVALID_ARG;
    ask_t asks[2] = {{.topic = topic, .partition = partition, .leader_epoch = -1,
                      .timestamp = MOLDAU_LIST_OFFSETS_EARLIEST},
                     {.topic = topic, .partition = partition, .leader_epoch = -1,
                      .timestamp = MOLDAU_LIST_OFFSETS_LATEST}};
    *low = *high = -1;
    moldau_err_t err = ask_all(c, asks, 2, timeout_ms);
    if (!err)
        err = asks[0].err ? asks[0].err : asks[1].err;
    if (!err) {
        *low = asks[0].offset;
        *high = asks[1].offset;
    }
    return err;
}

moldau_err_t moldau_consumer_get_watermark_offsets(moldau_consumer_t *c, const char *topic,
                                                   int32_t partition, int64_t *low,
                                                   int64_t *high)
{
    if (!c || !topic || !low || !high)
        return MOLDAU_ERR__INVALID_ARG;
    pthread_mutex_lock(&c->lock);
    moldau__fpart_t *p = moldau__consumer_find(c, topic, partition);
    if (p) {
        *low = p->log_start_offset;
        *high = p->high_watermark;
    }
    pthread_mutex_unlock(&c->lock);
    return p ? MOLDAU_ERR_NONE : MOLDAU_ERR__UNKNOWN_PARTITION;
}

moldau_err_t moldau_consumer_lag(moldau_consumer_t *c, const char *topic, int32_t partition,
                                 int64_t *lag)
{
    if (!c || !topic || !lag)
        return MOLDAU_ERR__INVALID_ARG;
    pthread_mutex_lock(&c->lock);
    moldau__fpart_t *p = moldau__consumer_find(c, topic, partition);
    if (p) {
        int64_t end = c->fc.isolation_level ? p->last_stable_offset : p->high_watermark;
        *lag = end >= 0 && p->app_position >= 0 ? end - p->app_position : -1;
        if (*lag < -1)
            *lag = 0; /* a position past a stale watermark */
    }
    pthread_mutex_unlock(&c->lock);
    return p ? MOLDAU_ERR_NONE : MOLDAU_ERR__UNKNOWN_PARTITION;
}
