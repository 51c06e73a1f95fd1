/* Name lookups on helper threads (see lookup.h). */
#include "net/lookup.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct moldau__lookup {
    pthread_mutex_t lock;   /* guards refs and cancelled: both threads use them */
    int refs;               /* the requester's (until called back or cancelled), the thread's
                             * (passed on to the posted job) */
    int cancelled;
    moldau__reactor_t *r;
    moldau__job_t job;
    moldau__resolve_fn resolve;
    void *resolve_opaque;
    char *host;
    int port, family;
    moldau__lookup_fn cb;
    void *opaque;
    /* the outcome, written by the helper thread before it posts the job */
    moldau_err_t err;
    moldau__addrs_t addrs;
    char errstr[256];
};

static atomic_int threads;

int moldau__lookup_threads(void) { return atomic_load(&threads); }

static void unref(moldau__lookup_t *l)
{
    pthread_mutex_lock(&l->lock);
    int left = --l->refs;
    pthread_mutex_unlock(&l->lock);
    if (left > 0)
        return;
    moldau__addrs_free(&l->addrs);
    pthread_mutex_destroy(&l->lock);
    free(l->host);
    free(l);
}

/* Reactor thread: the helper thread's answer (or the reactor's end, err set). */
static void on_answer(moldau__reactor_t *r, moldau__job_t *job, moldau_err_t err)
{
    (void)r;
    moldau__lookup_t *l = job->opaque;
    pthread_mutex_lock(&l->lock);
    int cancelled = l->cancelled;
    pthread_mutex_unlock(&l->lock);
    if (!cancelled) {
        if (err) { /* the reactor went first, against the contract: still answer once */
            l->err = err;
            snprintf(l->errstr, sizeof(l->errstr), "cannot resolve %s: shutting down", l->host);
        }
        l->cb(l->err, &l->addrs, l->errstr, l->opaque);
        unref(l); /* the requester's: the lookup is over */
    }
    unref(l); /* the job's */
}

static void *run(void *arg)
{
    moldau__lookup_t *l = arg;
    l->err = l->resolve(l->resolve_opaque, l->host, l->port, l->family, &l->addrs, l->errstr,
                        sizeof(l->errstr));
    /* Posting under the lock: a cancel either came before (no post, and the reactor may be
     * gone) or waits until the job is queued (the job then sees it). After the unlock, l
     * belongs to the job: not another touch. */
    pthread_mutex_lock(&l->lock);
    int cancelled = l->cancelled;
    if (!cancelled)
        moldau__reactor_post(l->r, &l->job);
    pthread_mutex_unlock(&l->lock);
    if (cancelled)
        unref(l);
    atomic_fetch_sub(&threads, 1);
    return NULL;
}

moldau__lookup_t *moldau__lookup_start(moldau__reactor_t *r, moldau__resolve_fn resolve,
                                       void *resolve_opaque, const char *host, int port,
                                       int family, moldau__lookup_fn cb, void *opaque)
{
    moldau__lookup_t *l = calloc(1, sizeof(*l));
    if (!l)
        return NULL;
    if (!(l->host = strdup(host)) || pthread_mutex_init(&l->lock, NULL) != 0) {
        free(l->host);
        free(l);
        return NULL;
    }
    l->refs = 2;
    l->r = r;
    l->resolve = resolve ? resolve : moldau__addr_resolve;
    l->resolve_opaque = resolve_opaque;
    l->port = port;
    l->family = family;
    l->cb = cb;
    l->opaque = opaque;
    moldau__job_init(&l->job, on_answer, l);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* The helper takes no signals: they stay with the application's threads. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    atomic_fetch_add(&threads, 1);
    pthread_t t;
    int rc = pthread_create(&t, &attr, run, l);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        atomic_fetch_sub(&threads, 1);
        pthread_mutex_destroy(&l->lock);
        free(l->host);
        free(l);
        return NULL;
    }
    return l;
}

void moldau__lookup_cancel(moldau__lookup_t *l)
{
    if (!l)
        return;
    pthread_mutex_lock(&l->lock);
    l->cancelled = 1;
    pthread_mutex_unlock(&l->lock);
    unref(l);
}
