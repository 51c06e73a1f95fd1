/* Idempotence: InitProducerId for the first id and for epoch bumps. See idempotence.h. */
#include <stdio.h>
#include <stdlib.h>

#include "client/client.h"
#include "net/cluster.h"
#include "producer/sender.h"
#include "util/backoff.h"

void moldau__idem_init(moldau__idem_t *id, int enabled)
{
    id->state = enabled ? MOLDAU__IDEM_NEED_ID : MOLDAU__IDEM_OFF;
    id->producer_id = -1;
    id->producer_epoch = -1;
    id->bump = 0;
    id->retry_at = 0;
    id->attempts = 0;
    id->fatal = MOLDAU_ERR_NONE;
}

int moldau__idem_can_drain(const moldau__idem_t *id)
{
    return id->state == MOLDAU__IDEM_OFF || id->state == MOLDAU__IDEM_READY;
}

void moldau__idem_request_bump(moldau__sender_t *s, const char *why)
{
    moldau__idem_t *id = &s->idem;
    if (id->state != MOLDAU__IDEM_READY)
        return; /* off, fatal, or an id is being fetched anyway (sequences reset then too) */
    moldau__log(s->lg, MOLDAU_LOG_NOTICE, "producer",
                "producer id %lld epoch %d: bumping the epoch (%s)", (long long)id->producer_id,
                (int)id->producer_epoch, why);
    id->state = MOLDAU__IDEM_NEED_ID;
    id->bump = 1;
    id->attempts = 0;
    id->retry_at = 0;
}

typedef struct ipid_call {
    moldau__sender_t *s;
    int64_t producer_id;
    int16_t producer_epoch;
} ipid_call_t;

static moldau_err_t ipid_encode(moldau_buf_t *w, int16_t version, void *opaque)
{
    ipid_call_t *c = opaque;
    if (c->s->dead)
        return MOLDAU_ERR__DESTROYED;
    moldau_init_producer_id_request_t req = MOLDAU_INIT_PRODUCER_ID_REQUEST_INIT;
    req.transaction_timeout_ms = -1; /* not transactional: the broker ignores it */
    if (version >= 3) { /* KIP-360: the same id with the next epoch */
        req.producer_id = c->producer_id;
        req.producer_epoch = c->producer_epoch;
    }
    return moldau_init_producer_id_request_encode(w, version, &req);
}

static void ipid_response(moldau_err_t err, int16_t version, const uint8_t *body, size_t len,
                          void *opaque)
{
    ipid_call_t *c = opaque;
    moldau__sender_t *s = c->s;
    int asked_bump = c->producer_id >= 0;
    free(c);
    if (s->dead) {
        if (--s->refs == 0) { /* as sender_unref */
            free(s->retrying);
            free(s);
        }
        return;
    }
    s->refs--;
    moldau__idem_t *id = &s->idem;
    moldau_init_producer_id_response_t resp = {0};
    if (!err) {
        moldau_arena_t a;
        moldau_arena_init(&a);
        moldau_reader_t r;
        moldau_reader_init(&r, body, len);
        err = moldau_init_producer_id_response_decode(&r, version, &a, &resp);
        moldau_arena_free(&a);
        if (!err)
            err = (moldau_err_t)resp.error_code;
    }
    int64_t now = moldau__now_ms();
    if (!err) {
        moldau__log(s->lg, MOLDAU_LOG_INFO, "producer", "producer id %lld epoch %d%s",
                    (long long)resp.producer_id, (int)resp.producer_epoch,
                    id->bump ? " (epoch bump)" : "");
        id->producer_id = resp.producer_id;
        id->producer_epoch = resp.producer_epoch;
        id->state = MOLDAU__IDEM_READY;
        id->attempts = 0;
        s->stats.init_producer_id++;
        /* Nothing is in flight now. A queued batch that may already be in the log under its
         * old stamp must not be re-stamped (it would be written twice): it fails, once. */
        size_t n = moldau__accum_fail_unsure(s->acc);
        if (n) {
            s->stats.batches_failed += n;
            moldau__log(s->lg, MOLDAU_LOG_WARNING, "producer",
                        "%zu batches whose earlier attempt may have been written failed rather "
                        "than go again under the new producer id/epoch", n);
        }
        /* a new id or epoch: every partition starts again at sequence 0 (queued batches are
         * re-stamped in queue order as they are drained) */
        moldau__accum_reset_sequences(s->acc);
        moldau_producer_t *p = s->p;
        pthread_rwlock_rdlock(&p->topics_lock);
        for (moldau__ptopic_t *t = p->topics; t; t = t->all_next)
            for (int32_t i = 0; i < t->cap; i++)
                t->parts[i]->hole_seq = -1;
        pthread_rwlock_unlock(&p->topics_lock);
        id->bump = 0;
    } else if (asked_bump && (err == MOLDAU_ERR_INVALID_PRODUCER_ID_MAPPING ||
                              err == MOLDAU_ERR_INVALID_PRODUCER_EPOCH ||
                              err == MOLDAU_ERR_UNKNOWN_PRODUCER_ID ||
                              err == MOLDAU_ERR_PRODUCER_FENCED)) {
        /* The broker will not bump this id (older brokers, librdkafka's mock): a new id
         * resets the sequences just as well. */
        moldau__log(s->lg, MOLDAU_LOG_NOTICE, "producer",
                    "epoch bump refused (%s): asking for a new producer id",
                    moldau_err_name(err));
        id->producer_id = -1;
        id->producer_epoch = -1;
        id->state = MOLDAU__IDEM_NEED_ID;
        id->retry_at = now;
    } else if (moldau_err_is_retriable(err) || err == MOLDAU_ERR_COORDINATOR_NOT_AVAILABLE ||
               err == MOLDAU_ERR_NOT_COORDINATOR ||
               err == MOLDAU_ERR_COORDINATOR_LOAD_IN_PROGRESS || err == MOLDAU_ERR__BAD_MSG) {
        int64_t b = moldau__backoff_base(s->conf.retry_backoff_ms, s->conf.retry_backoff_max_ms,
                                         id->attempts);
        moldau__dbg(s->lg, MOLDAU__DBG_PRODUCER, "producer",
                    "InitProducerId failed (%s), again in %lld ms", moldau_err_name(err),
                    (long long)b);
        id->state = MOLDAU__IDEM_NEED_ID;
        id->retry_at = now + b;
    } else if (moldau__cluster_auth_error(s->cluster, NULL)) {
        /* every broker refused our credentials (told already): not the producer's fault, and
         * new ones (an OAUTHBEARER token) may come; until then asking costs no connection */
        id->state = MOLDAU__IDEM_NEED_ID;
        id->retry_at = now + s->conf.retry_backoff_max_ms;
    } else {
        /* e.g. CLUSTER_AUTHORIZATION_FAILED: the principal may write to no topic (Kafka 2.8+
         * lets WRITE on any topic do, KIP-679) nor has IDEMPOTENT_WRITE on the cluster */
        char why[384];
        snprintf(why, sizeof(why),
                 "the idempotent producer cannot get a producer id (InitProducerId: %s: %s)%s; "
                 "every record fails with it",
                 moldau_err_name(err), moldau_err_str(err),
                 err == MOLDAU_ERR_CLUSTER_AUTHORIZATION_FAILED
                     ? ": the principal needs WRITE on a topic or IDEMPOTENT_WRITE on the cluster"
                     : "");
        moldau__log(s->lg, MOLDAU_LOG_ERR, "producer", "%s", why);
        id->state = MOLDAU__IDEM_FATAL;
        id->fatal = err;
        moldau__client_error(s->p->client, err, why);
    }
    moldau__defer(s->r, &s->run);
}

int64_t moldau__idem_run(moldau__sender_t *s, int64_t now_ms, int64_t batches_in_flight)
{
    moldau__idem_t *id = &s->idem;
    if (id->state != MOLDAU__IDEM_NEED_ID)
        return INT64_MAX;
    if (id->bump && batches_in_flight > 0)
        return INT64_MAX; /* their answers run us again */
    if (now_ms < id->retry_at)
        return id->retry_at;
    ipid_call_t *c = malloc(sizeof(*c));
    if (!c)
        return now_ms + 100;
    c->s = s;
    c->producer_id = id->bump ? id->producer_id : -1;
    c->producer_epoch = id->bump ? id->producer_epoch : -1;
    id->attempts++;
    moldau_err_t err = moldau__cluster_request_any(s->cluster, MOLDAU_API_INIT_PRODUCER_ID,
                                                   ipid_encode, ipid_response, c,
                                                   now_ms + s->conf.request_timeout_ms, 0);
    moldau__dbg(s->lg, MOLDAU__DBG_PRODUCER, "producer", "InitProducerId%s%s%s",
                id->bump ? " (epoch bump)" : "", err ? ": " : "", err ? moldau_err_name(err) : "");
    if (err) {
        free(c);
        if (err == MOLDAU_ERR__UNSUPPORTED_FEATURE) {
            id->state = MOLDAU__IDEM_FATAL;
            id->fatal = err;
            return INT64_MAX;
        }
        id->retry_at = now_ms + (moldau__cluster_auth_error(s->cluster, NULL)
                                     ? s->conf.retry_backoff_max_ms
                                     : s->conf.retry_backoff_ms);
        return id->retry_at;
    }
    s->refs++;
    id->state = MOLDAU__IDEM_REQUESTING;
    return INT64_MAX;
}
