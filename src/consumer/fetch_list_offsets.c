/* The fetcher's ListOffsets (reactor thread): the offsets of partitions that start at
 * BEGINNING or END, or are reset by auto.offset.reset. */
#include <stdlib.h>
#include <string.h>

#include "client/conf.h"
#include "client/request.h"
#include "consumer/fetcher_internal.h"
#include "consumer/offsets.h"
#include "util/clock.h"

/* ---- ListOffsets: BEGINNING, END --------------------------------------------------------- */

MOLDAU__REQUEST_CODEC(lo, moldau_list_offsets_request_t, moldau_list_offsets_request_encode,
                      moldau_list_offsets_response_t, moldau_list_offsets_response_decode)

/* One ListOffsets per broker for all the partitions it leads that need one: a request per
 * partition would put several small answers on one connection back to back, and behind a peer
 * without TCP_NODELAY (librdkafka's mock) each after the first waits for our delayed ACK.
 * A peer whose answer to such a request cannot be read (lo_single) is asked one partition at
 * a time. */
typedef struct lo_ctx {
    moldau__fetcher_t *f;
    uint32_t gen;
    size_t n;
    moldau__req_part_t *rp;
} lo_ctx_t;

/* The answer for one partition of the request, or NULL. */
static const moldau_list_offsets_response_partition_t *
lo_find(const moldau_list_offsets_response_t *lr, const moldau__req_part_t *rp)
{
    for (int32_t t = 0; lr && t < lr->n_topics; t++) {
        if (!lr->topics[t].name || strcmp(lr->topics[t].name, rp->cp.topic) != 0)
            continue;
        for (int32_t i = 0; i < lr->topics[t].n_partitions; i++)
            if (lr->topics[t].partitions[i].partition_index == rp->cp.partition)
                return &lr->topics[t].partitions[i];
    }
    return NULL;
}

/* Whether the answer names exactly the partitions asked for (n entries, each asked). */
static int lo_matches(const moldau_list_offsets_response_t *lr, const lo_ctx_t *x)
{
    size_t total = 0;
    for (int32_t t = 0; lr && t < lr->n_topics; t++)
        total += (size_t)lr->topics[t].n_partitions;
    if (!lr || total != x->n)
        return 0;
    for (size_t i = 0; i < x->n; i++)
        if (!lo_find(lr, &x->rp[i]))
            return 0;
    return 1;
}

static void lo_done(moldau_err_t err, moldau__response_t *resp, void *opaque)
{
    lo_ctx_t *x = opaque;
    moldau__fetcher_t *f = x->f;
    moldau_consumer_t *c = f->c;
    f->outstanding--;
    const moldau_list_offsets_response_t *lr = resp ? resp->body : NULL;
    int failed = 0, stale = 0;
    if (x->n > 1 && (err == MOLDAU_ERR__BAD_MSG || (!err && !lo_matches(lr, x)))) {
        /* librdkafka 2.0.2's mock writes each partition's LeaderEpoch (v4+) in 8 bytes, not
         * 4: one partition alone reads right, several do not. None of such an answer is used,
         * and from now on a request asks for one partition. */
        err = MOLDAU_ERR__BAD_MSG;
        if (!f->lo_single)
            moldau__log(&c->client->logger, MOLDAU_LOG_WARNING, "FETCH",
                        "a ListOffsets answer for %zu partitions could not be read or named "
                        "others: asking one partition a request from now on",
                        x->n);
        f->lo_single = 1;
    }
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < x->n; i++) {
        moldau__fpart_t *p = moldau__fetcher_part_of(c, x->gen, &x->rp[i]);
        if (!p)
            continue;
        p->busy = 0; /* seeked meanwhile: idle, the answer is dropped */
        if (p->epoch != x->rp[i].epoch)
            continue;
        const moldau_list_offsets_response_partition_t *lp = err ? NULL : lo_find(lr, &x->rp[i]);
        moldau_err_t e = err ? err : !lp ? MOLDAU_ERR__BAD_MSG : (moldau_err_t)lp->error_code;
        if (!e && lp->offset >= 0) {
            p->cp.position = lp->offset;
            p->cp.last_fetched_epoch = -1; /* no record fetched before it yet */
            p->reset = 0;
            if (p->app_position < 0)
                p->app_position = lp->offset;
            continue;
        }
        failed = 1;
        if (e && e != MOLDAU_ERR__DESTROYED && moldau__err_is_stale_metadata(e))
            stale = 1;
    }
    pthread_mutex_unlock(&c->lock);
    if (stale)
        moldau__cluster_refresh(f->cluster, "ListOffsets: stale leader");
    if (failed || err)
        moldau__fetcher_retry_later(f);
    else
        moldau__fetcher_schedule(f);
    moldau__response_free(resp);
    free(x->rp);
    free(x);
}

/* One ListOffsets to `node` for the partitions idx[0..n) (lock held). */
void moldau__fetcher_list_offsets(moldau__fetcher_t *f, const size_t *idx, size_t n, int32_t node)
{
    moldau_consumer_t *c = f->c;
    moldau__request_t *req = moldau__request_new(c->client, MOLDAU_API_LIST_OFFSETS, lo_encode,
                                                 lo_decode, NULL);
    lo_ctx_t *x = calloc(1, sizeof(*x));
    moldau__req_part_t *rp = calloc(n, sizeof(*rp));
    if (!req || !x || !rp)
        goto fail;
    moldau_arena_t *a = moldau__request_arena(req);
    moldau_list_offsets_request_t *body = moldau_arena_calloc(a, 1, sizeof(*body));
    moldau_list_offsets_request_topic_t *topics = moldau_arena_calloc(a, n, sizeof(*topics));
    moldau_list_offsets_request_partition_t *lps = moldau_arena_calloc(a, n, sizeof(*lps));
    if (!body || !topics || !lps)
        goto fail;
    /* each topic's partitions together: rp[] follows the same order */
    size_t k = 0;
    int32_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = c->parts[idx[i]]->topic;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(c->parts[idx[j]]->topic, name) == 0;
        if (seen)
            continue;
        moldau_list_offsets_request_topic_t *t = &topics[nt++];
        if (!(t->name = moldau_arena_strndup(a, name, strlen(name))))
            goto fail;
        t->partitions = &lps[k];
        for (size_t j = i; j < n; j++) {
            moldau__fpart_t *p = c->parts[idx[j]];
            if (strcmp(p->topic, name) != 0)
                continue;
            moldau_list_offsets_request_partition_t *lp = &lps[k];
            int64_t where = p->reset;
            if (where == MOLDAU_OFFSET_STORED) /* no group.id: nothing is stored */
                where = c->offset_reset == 0 ? MOLDAU_OFFSET_BEGINNING : MOLDAU_OFFSET_END;
            lp->partition_index = p->cp.partition;
            lp->current_leader_epoch = p->cp.leader_epoch;
            lp->timestamp = where == MOLDAU_OFFSET_BEGINNING ? MOLDAU_LIST_OFFSETS_EARLIEST
                                                             : MOLDAU_LIST_OFFSETS_LATEST;
            rp[k++] = (moldau__req_part_t){idx[j], p->epoch, p->cp};
            t->n_partitions++;
        }
    }
    body->topics = topics;
    body->n_topics = nt;
    body->replica_id = -1;
    body->isolation_level = c->fc.isolation_level;
    body->timeout_ms = c->request_timeout_ms;
    moldau__request_set_body(req, body);
    if (moldau__request_target(req, MOLDAU__TARGET_NODE, node, NULL))
        goto fail;
    x->f = f;
    x->gen = c->gen;
    x->n = n;
    x->rp = rp;
    for (size_t i = 0; i < n; i++)
        c->parts[rp[i].idx]->busy = 1;
    f->outstanding++;
    moldau__request_async(req, c->request_timeout_ms, lo_done, x);
    return;
fail:
    moldau__request_destroy(req);
    free(rp);
    free(x);
    moldau__fetcher_retry_later(f);
}
