/*
 * Offsets of the consumer's group: manual commits (sync and async), committed(), automatic
 * commits every auto.commit.interval.ms and the synchronous ones before a revoke and at
 * close. The requests themselves are jobs on the reactor (offsets_req.c); results of
 * asynchronous commits reach the application as ops on the client's queue, served by poll.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/conf.h"
#include "consumer/group.h"
#include "consumer/offsets_internal.h"

void moldau_conf_set_offset_commit_cb(moldau_conf_t *conf, moldau_offset_commit_cb *cb)
{
    moldau__conf_cbs_rw(conf)->offset_commit = (moldau__conf_fn *)cb;
}

static moldau__fpart_t *find_part(moldau_consumer_t *c, const char *topic, int32_t partition)
{
    for (size_t i = 0; i < c->n_parts; i++)
        if (c->parts[i]->cp.partition == partition && !strcmp(c->parts[i]->topic, topic))
            return c->parts[i];
    return NULL;
}

/* A commit job of the positions of the assigned partitions (those in `only` when not NULL);
 * changed: only positions not committed yet. NULL when out of memory. Lock held. */
static moldau__ofs_job_t *positions_job(moldau_consumer_t *c, const moldau_partition_list_t *only,
                                        int changed)
{
    moldau__ofs_job_t *j = moldau__ofs_job_new(c, 1, c->n_parts);
    for (size_t i = 0; j && i < c->n_parts; i++) {
        moldau__fpart_t *p = c->parts[i];
        if (p->app_position < 0 || (changed && p->app_position == p->committed))
            continue;
        int listed = !only;
        for (size_t k = 0; !listed && k < only->n; k++)
            listed = only->elems[k].partition == p->cp.partition &&
                     !strcmp(only->elems[k].topic, p->topic);
        if (listed && moldau__ofs_job_add(j, p->topic, p->cp.partition, p->app_position,
                                          p->app_epoch)) {
            moldau__ofs_job_free(j);
            j = NULL;
        }
    }
    return j;
}

/* Automatic commits only in a stable generation, or outside any group membership (a manual
 * assignment: member id ""); a member between generations would only be refused. Lock
 * held. */
static int may_auto_commit(const moldau_consumer_t *c)
{
    return c->generation_id >= 0 || !c->member_id[0];
}

static int group_error(moldau_err_t err)
{
    return err == MOLDAU_ERR_REBALANCE_IN_PROGRESS || err == MOLDAU_ERR_ILLEGAL_GENERATION ||
           err == MOLDAU_ERR_UNKNOWN_MEMBER_ID || err == MOLDAU_ERR_FENCED_INSTANCE_ID;
}

/* Reactor thread: what a commit's answer tells the consumer (the offsets now committed) and
 * the membership (a generation it no longer has). */
static void commit_answered(moldau__ofs_job_t *j)
{
    moldau_consumer_t *c = j->c;
    moldau_err_t gerr = MOLDAU_ERR_NONE;
    pthread_mutex_lock(&c->lock);
    for (size_t i = 0; i < j->list->n; i++) {
        const moldau_topic_partition_t *e = &j->list->elems[i];
        moldau__fpart_t *p = e->err ? NULL : find_part(c, e->topic, e->partition);
        if (p)
            p->committed = e->offset;
        if (group_error(e->err))
            gerr = e->err;
    }
    pthread_mutex_unlock(&c->lock);
    if (gerr)
        moldau__group_commit_failed(c, gerr, j->generation_id);
}

/* ---- asynchronous results: ops on the client's queue ------------------------------------- */

typedef struct commit_op {
    moldau__op_t op;
    moldau__ofs_job_t *j;
} commit_op_t;

static void commit_op_serve(moldau__op_t *op, void *ctx)
{
    (void)ctx;
    moldau__ofs_job_t *j = ((commit_op_t *)op)->j;
    moldau__offsets_t *o = j->c->offsets;
    o->cb(j->c, j->err, j->list, o->opaque);
}

static void commit_op_destroy(moldau__op_t *op)
{
    moldau__ofs_job_free(((commit_op_t *)op)->j);
    free(op);
}

static void async_done(moldau__ofs_job_t *j)
{
    moldau_consumer_t *c = j->c;
    moldau__offsets_t *o = c->offsets;
    if (j->opaque) /* the automatic commit */
        o->auto_in_flight = 0;
    commit_answered(j);
    commit_op_t *op = o->cb && j->err != MOLDAU_ERR__DESTROYED ? calloc(1, sizeof(*op)) : NULL;
    if (j->err && j->err != MOLDAU_ERR__DESTROYED && !o->cb)
        moldau__log(&c->client->logger, MOLDAU_LOG_WARNING, "COMMIT",
                    "group %s: committing offsets failed: %s", c->group_id,
                    moldau_err_name(j->err));
    if (!op)
        return moldau__ofs_job_free(j);
    moldau__op_init(&op->op, MOLDAU__OP_CALLBACK, commit_op_serve, commit_op_destroy);
    op->j = j;
    moldau__opq_push(&c->client->ops, &op->op);
}

static void auto_commit_fired(moldau__reactor_t *r, moldau__timer_t *t)
{
    moldau__offsets_t *o = t->opaque;
    moldau_consumer_t *c = o->c;
    if (o->closed)
        return;
    moldau__timer_arm(r, t, moldau__now_ms() + (o->interval_ms > 0 ? o->interval_ms : 1));
    if (o->auto_in_flight) /* the coordinator is slow: no pile of commits behind it */
        return;
    pthread_mutex_lock(&c->lock);
    moldau__ofs_job_t *j = may_auto_commit(c) ? positions_job(c, NULL, 1) : NULL;
    pthread_mutex_unlock(&c->lock);
    if (!j)
        return;
    if (!j->list->n)
        return moldau__ofs_job_free(j);
    j->done = async_done;
    j->opaque = o; /* marks the automatic commit */
    o->auto_in_flight = 1;
    moldau__ofs_job_start(j);
}

/* ---- synchronous jobs ------------------------------------------------------------------ */

static void job_call_free(moldau__call_t *call) { moldau__ofs_job_free((moldau__ofs_job_t *)call); }

static void sync_done(moldau__ofs_job_t *j)
{
    if (j->commit)
        commit_answered(j);
    moldau__call_complete(&j->call);
}

/* Runs j and waits up to timeout_ms. Returns 1 with the results in j (release j->call after
 * reading them), or 0 on timeout (j is freed when it ends). */
static int run_sync(moldau__ofs_job_t *j, int timeout_ms)
{
    moldau__call_init(&j->call, j->c->client, job_call_free);
    j->done = sync_done;
    j->timeout_ms = timeout_ms;
    moldau__ofs_job_post(j);
    if (moldau__call_wait(&j->call, timeout_ms, 0))
        return 1;
    moldau__call_release(&j->call);
    return 0;
}

static moldau_err_t commit_sync(moldau__ofs_job_t *j, int timeout_ms)
{
    if (!run_sync(j, timeout_ms))
        return MOLDAU_ERR__TIMED_OUT;
    moldau_err_t err = j->err;
    moldau__call_release(&j->call);
    return err;
}

/* ---- the public calls ------------------------------------------------------------------ */

moldau_err_t moldau_consumer_commit(moldau_consumer_t *c, const moldau_partition_list_t *offsets,
                                    int async)
{
    if (!c->offsets)
        return MOLDAU_ERR__STATE;
    for (size_t i = 0; offsets && i < offsets->n; i++)
        if (!offsets->elems[i].topic || offsets->elems[i].offset < 0 ||
            offsets->elems[i].partition < 0)
            return MOLDAU_ERR__INVALID_ARG;
    moldau__ofs_job_t *j;
    pthread_mutex_lock(&c->lock);
    if (!offsets) {
        j = positions_job(c, NULL, 0);
    } else if ((j = moldau__ofs_job_new(c, 1, offsets->n))) {
        for (size_t i = 0; i < offsets->n; i++) {
            const moldau_topic_partition_t *e = &offsets->elems[i];
            moldau__fpart_t *p = find_part(c, e->topic, e->partition);
            int32_t epoch = p && p->app_position == e->offset ? p->app_epoch : -1;
            if (moldau__ofs_job_add(j, e->topic, e->partition, e->offset, epoch)) {
                moldau__ofs_job_free(j);
                j = NULL;
                break;
            }
        }
    }
    pthread_mutex_unlock(&c->lock);
    if (!j)
        return MOLDAU_ERR__NO_MEMORY;
    if (!async)
        return commit_sync(j, c->request_timeout_ms);
    j->done = async_done;
    moldau__ofs_job_post(j);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau_consumer_committed(moldau_consumer_t *c, moldau_partition_list_t *l,
                                       int timeout_ms)
{
    if (!l)
        return MOLDAU_ERR__INVALID_ARG;
    if (!c->offsets)
        return MOLDAU_ERR__STATE;
    moldau__ofs_job_t *j = moldau__ofs_job_new(c, 0, l->n);
    for (size_t i = 0; j && i < l->n; i++)
        if (!l->elems[i].topic || moldau__ofs_job_add(j, l->elems[i].topic, l->elems[i].partition,
                                                      MOLDAU_OFFSET_INVALID, -1)) {
            moldau__ofs_job_free(j);
            return l->elems[i].topic ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR__INVALID_ARG;
        }
    if (!j)
        return MOLDAU_ERR__NO_MEMORY;
    j->retry_unstable = 1;
    if (!run_sync(j, timeout_ms))
        return MOLDAU_ERR__TIMED_OUT;
    for (size_t i = 0; i < l->n; i++) {
        l->elems[i].offset = j->list->elems[i].offset;
        l->elems[i].err = j->list->elems[i].err;
    }
    moldau_err_t err = j->err;
    moldau__call_release(&j->call);
    return err;
}

moldau_err_t moldau__offsets_commit_positions_sync(moldau_consumer_t *c,
                                                   const moldau_partition_list_t *only,
                                                   int timeout_ms)
{
    moldau__offsets_t *o = c->offsets;
    if (!o || !o->auto_commit)
        return MOLDAU_ERR_NONE;
    pthread_mutex_lock(&c->lock);
    moldau__ofs_job_t *j = may_auto_commit(c) ? positions_job(c, only, 1) : NULL;
    int none = !may_auto_commit(c);
    pthread_mutex_unlock(&c->lock);
    if (!j)
        return none ? MOLDAU_ERR_NONE : MOLDAU_ERR__NO_MEMORY;
    if (!j->list->n) {
        moldau__ofs_job_free(j);
        return MOLDAU_ERR_NONE;
    }
    return commit_sync(j, timeout_ms);
}

/* ---- life cycle ------------------------------------------------------------------------ */

static void offsets_start(void *arg)
{
    moldau__offsets_t *o = arg;
    moldau__offsets_stored_init(o);
    moldau__timer_init(&o->auto_timer, auto_commit_fired, o);
    if (o->auto_commit)
        moldau__timer_arm(o->c->client->reactor, &o->auto_timer,
                          moldau__now_ms() + (o->interval_ms > 0 ? o->interval_ms : 1));
}

moldau_err_t moldau__offsets_init(moldau_consumer_t *c, char *errstr, size_t errstr_size)
{
    if (!c->group_id)
        return MOLDAU_ERR_NONE;
    moldau__offsets_t *o = calloc(1, sizeof(*o));
    if (!o) {
        snprintf(errstr, errstr_size, "out of memory");
        return MOLDAU_ERR__NO_MEMORY;
    }
    const moldau_conf_t *conf = c->client->conf;
    o->c = c;
    o->auto_commit = (int)moldau__conf_int(conf, MOLDAU__CONF_ENABLE_AUTO_COMMIT);
    o->interval_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_AUTO_COMMIT_INTERVAL_MS);
    o->cb = (moldau_offset_commit_cb *)c->client->cbs.offset_commit;
    o->opaque = c->client->cbs.opaque;
    c->offsets = o;
    moldau__client_run_sync(c->client, offsets_start, o);
    return MOLDAU_ERR_NONE;
}

static void offsets_stop(void *arg)
{
    moldau__offsets_t *o = arg;
    moldau__timer_cancel(o->c->client->reactor, &o->auto_timer);
    moldau__offsets_stored_close(o);
    moldau__ofs_jobs_close(o);
}

void moldau__offsets_close(moldau_consumer_t *c)
{
    moldau__offsets_t *o = c->offsets;
    if (!o)
        return;
    if (o->auto_commit) {
        moldau_err_t err = moldau__offsets_commit_positions_sync(c, NULL, c->request_timeout_ms);
        if (err)
            moldau__log(&c->client->logger, MOLDAU_LOG_WARNING, "COMMIT",
                        "group %s: the commit at close failed: %s", c->group_id,
                        moldau_err_name(err));
    }
    moldau__client_run_sync(c->client, offsets_stop, o);
}

void moldau__offsets_free(moldau__offsets_t *o) { free(o); }
