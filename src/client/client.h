/* The client handle as the producer, consumer and admin see it. */
#ifndef MOLDAU_CLIENT_CLIENT_H
#define MOLDAU_CLIENT_CLIENT_H

#include <pthread.h>
#include <stdatomic.h>

#include "client/conf.h"
#include "client/opq.h"
#include "client/sasl_conf.h"
#include "moldau/client.h"
#include "net/cluster.h"
#include "net/reactor.h"
#include "util/log.h"

struct moldau_client {
    moldau_conf_t *conf;           /* the client's own copy */
    moldau__conf_cbs_t cbs;
    moldau__reactor_t *reactor;
    moldau__cluster_t *cluster;    /* created and destroyed on the reactor's thread */
    moldau__tls_ctx_t *tls;        /* security.protocol=SSL: what every connection uses */
    moldau__sasl_conf_t sasl;      /* security.protocol=SASL_*: from conf */
    struct moldau__oauth *oauth;   /* sasl.mechanism=OAUTHBEARER: the token (oauthbearer.h) */
    moldau__logger_t logger;       /* emit: the application's log callback (queued) or stderr */
    moldau__opq_t ops;             /* to the application */
    int threaded;                  /* io.thread */
    pthread_t thread;
    atomic_int stopping;
    moldau__job_t stop_job;
    int ops_fd;                    /* threaded: eventfd readable while ops wait */
    pthread_mutex_t drive_lock;    /* application-driven: one thread runs the reactor at a time */
    pthread_mutex_t sig_lock;      /* moldau__client_signal → moldau__client_wait */
    pthread_cond_t sig_cond;
    uint64_t sig_seq;
    struct moldau__request *requests; /* request.c's live requests (reactor thread) */
    int requests_closed;              /* set as the cluster goes (request.c) */
};

/* Runs fn(arg) on the reactor's thread and waits for it to return: at once in
 * application-driven mode (the caller is that thread), through a posted job otherwise. For
 * short setup and teardown steps of the layers above (never from a reactor callback). */
void moldau__client_run_sync(moldau_client_t *c, void (*fn)(void *arg), void *arg);

/* Waits until done(arg) is true or timeout_ms passes (-1: forever): in application-driven mode
 * by running the reactor, otherwise by sleeping until moldau__client_signal(). When serve_ops is
 * set, the application's callbacks are served meanwhile. Returns 1 when done, 0 on timeout. */
int moldau__client_wait(moldau_client_t *c, int (*done)(void *arg), void *arg, int timeout_ms,
                        int serve_ops);

/* Queues err and reason (copied) for the application's error callback, served by its next
 * poll; nothing without one. For errors of the client as a whole (logged where they arose).
 * Any thread. */
void moldau__client_error(moldau_client_t *c, moldau_err_t err, const char *reason);

/* Wakes moldau__client_wait (any thread): call after changing what its done() looks at. */
void moldau__client_signal(moldau_client_t *c);

#endif
