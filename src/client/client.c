/* The client handle: the reactor on an I/O thread of its own, or driven from the application's
 * calls; logs routed to the application's callback through the op queue (so it runs on the
 * application's thread) or to stderr. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "client/call.h"
#include "client/client.h"
#include "client/log.h"
#include "client/request.h"
#include "client/sasl_conf.h"
#include "client/tls_conf.h"
#include "moldau/version.h"

/* ---- logs --------------------------------------------------------------------------------- */

typedef struct log_op {
    moldau__op_t op;
    moldau_client_t *client;
    int level;
    char facility[24];
    char message[]; /* NUL-terminated */
} log_op_t;

static void log_op_serve(moldau__op_t *op, void *ctx)
{
    log_op_t *l = (log_op_t *)op;
    (void)ctx;
    if (l->client->cbs.log)
        l->client->cbs.log(l->client, l->level, l->facility, l->message, l->client->cbs.opaque);
}

static void log_op_destroy(moldau__op_t *op) { free(op); }

static void client_log_emit(moldau__logger_t *lg, int level, const char *facility,
                            const char *message)
{
    moldau_client_t *c = (moldau_client_t *)((char *)lg - offsetof(moldau_client_t, logger));
    if (!c->cbs.log) {
        moldau__log_stderr(lg, level, facility, message);
        return;
    }
    size_t n = strlen(message);
    log_op_t *l = malloc(sizeof(*l) + n + 1);
    if (!l) /* a log line is not worth failing for; say so where it cannot be lost */
        return moldau__log_stderr(lg, level, facility, message);
    moldau__op_init(&l->op, MOLDAU__OP_LOG, log_op_serve, log_op_destroy);
    l->client = c;
    l->level = level;
    snprintf(l->facility, sizeof(l->facility), "%s", facility);
    memcpy(l->message, message, n + 1);
    moldau__opq_push(&c->ops, &l->op);
}

/* ---- the I/O thread ----------------------------------------------------------------------- */

static void *io_thread_main(void *arg)
{
    moldau_client_t *c = arg;
    while (!atomic_load(&c->stopping))
        if (moldau__reactor_run_once(c->reactor, -1) < 0 && errno != EINTR) {
            moldau__log(&c->logger, MOLDAU_LOG_CRIT, "client", "event loop failed: %s",
                        strerror(errno));
            break;
        }
    return NULL;
}

static void stop_job_fn(moldau__reactor_t *r, moldau__job_t *job, moldau_err_t err)
{
    (void)r;
    (void)job;
    (void)err; /* the flag was set before posting; the job only wakes the loop */
}

static void ops_ready(void *opaque)
{
    moldau_client_t *c = opaque;
    uint64_t one = 1;
    if (write(c->ops_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
        moldau__log_stderr(&c->logger, MOLDAU_LOG_ERR, "client", "cannot signal the op fd");
}

/* ---- errors of the client as a whole, to the error callback ------------------------------ */

typedef struct error_op {
    moldau__op_t op;
    moldau_client_t *client;
    moldau_err_t err;
    char reason[];
} error_op_t;

static void error_op_serve(moldau__op_t *op, void *ctx)
{
    error_op_t *e = (error_op_t *)op;
    (void)ctx;
    if (e->client->cbs.error)
        e->client->cbs.error(e->client, e->err, e->reason, e->client->cbs.opaque);
}

static void error_op_destroy(moldau__op_t *op) { free(op); }

void moldau__client_error(moldau_client_t *c, moldau_err_t err, const char *reason)
{
    if (!c->cbs.error)
        return;
    size_t n = strlen(reason);
    error_op_t *e = malloc(sizeof(*e) + n + 1);
    if (!e)
        return;
    moldau__op_init(&e->op, MOLDAU__OP_CALLBACK, error_op_serve, error_op_destroy);
    e->client = c;
    e->err = err;
    memcpy(e->reason, reason, n + 1);
    moldau__opq_push(&c->ops, &e->op);
}

static void on_auth_failure(moldau_err_t err, const char *reason, void *opaque)
{
    moldau__client_error(opaque, err, reason);
}

/* ---- the cluster ------------------------------------------------------------------------- */

/* The properties below src/client become plain options here (no strings below this layer). */
static void cluster_opts_from_conf(const moldau_client_t *c, moldau__cluster_opts_t *o)
{
    const moldau_conf_t *conf = c->conf;
    moldau__cluster_opts_default(o);
    o->bootstrap_servers = moldau__conf_str(conf, MOLDAU__CONF_BOOTSTRAP_SERVERS);
    o->client_id = moldau__conf_str(conf, MOLDAU__CONF_CLIENT_ID);
    o->software_name = "moldau";
    o->software_version = MOLDAU_VERSION_STR;
    o->request_timeout_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_REQUEST_TIMEOUT_MS);
    o->metadata_max_age_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_METADATA_MAX_AGE_MS);
    o->retry_backoff_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_RETRY_BACKOFF_MS);
    o->rebootstrap = moldau__conf_int(conf, MOLDAU__CONF_METADATA_RECOVERY_STRATEGY) ==
                     MOLDAU__RECOVERY_REBOOTSTRAP;
    o->reconnect_backoff_ms = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_RECONNECT_BACKOFF_MS);
    o->reconnect_backoff_max_ms =
        (int32_t)moldau__conf_int(conf, MOLDAU__CONF_RECONNECT_BACKOFF_MAX_MS);
    o->allow_auto_create_topics =
        (int)moldau__conf_int(conf, MOLDAU__CONF_ALLOW_AUTO_CREATE_TOPICS);
    o->conn.connect_timeout_ms =
        (int32_t)moldau__conf_int(conf, MOLDAU__CONF_SOCKET_CONNECTION_SETUP_TIMEOUT_MS);
    o->conn.max_in_flight = (int32_t)moldau__conf_int(conf, MOLDAU__CONF_MAX_IN_FLIGHT);
    o->conn.max_response_size =
        (int32_t)moldau__conf_int(conf, MOLDAU__CONF_RECEIVE_MESSAGE_MAX_BYTES);
    o->conn.send_buffer_bytes =
        (int32_t)moldau__conf_int(conf, MOLDAU__CONF_SOCKET_SEND_BUFFER_BYTES);
    o->conn.receive_buffer_bytes =
        (int32_t)moldau__conf_int(conf, MOLDAU__CONF_SOCKET_RECEIVE_BUFFER_BYTES);
    o->conn.tls = c->tls;
    o->logger = (moldau__logger_t *)&c->logger;
    moldau__sasl_conf_opts(conf, &o->sasl, NULL, 0); /* checked by moldau_client_new */
    o->on_auth_failure = on_auth_failure;
    o->auth_failure_opaque = (void *)c;
}

typedef struct cluster_setup {
    moldau_client_t *client;
    char *errstr;
    size_t errstr_size;
} cluster_setup_t;

static void cluster_create(void *arg)
{
    cluster_setup_t *s = arg;
    moldau__cluster_opts_t o;
    cluster_opts_from_conf(s->client, &o);
    s->client->cluster = moldau__cluster_new(s->client->reactor, &o, s->errstr, s->errstr_size);
}

static void cluster_destroy(void *arg)
{
    moldau_client_t *c = arg;
    moldau__requests_shutdown(c);
    moldau__cluster_destroy(c->cluster);
    c->cluster = NULL;
}

/* ---- life cycle --------------------------------------------------------------------------- */

/* Frees what moldau_client_new set up, once no thread runs the reactor any more. */
static void client_free(moldau_client_t *c)
{
    if (c->ops_fd >= 0)
        close(c->ops_fd);
    moldau__reactor_destroy(c->reactor);
    moldau__opq_destroy(&c->ops);
    pthread_mutex_destroy(&c->drive_lock);
    pthread_mutex_destroy(&c->sig_lock);
    pthread_cond_destroy(&c->sig_cond);
    moldau__tls_ctx_unref(c->tls);
    moldau_conf_destroy(c->conf);
    free(c);
}

moldau_client_t *moldau_client_new(const moldau_conf_t *conf, char *errstr, size_t errstr_size)
{
    if (!*moldau__conf_str(conf, MOLDAU__CONF_BOOTSTRAP_SERVERS)) {
        snprintf(errstr, errstr_size, "bootstrap.servers: required (host:port,...)");
        return NULL;
    }
    moldau_client_t *c = calloc(1, sizeof(*c));
    if (!c || !(c->conf = moldau_conf_dup(conf))) {
        free(c);
        snprintf(errstr, errstr_size, "out of memory");
        return NULL;
    }
    c->cbs = *moldau__conf_cbs(conf);
    c->logger.level = (int)moldau__conf_int(conf, MOLDAU__CONF_LOG_LEVEL);
    c->logger.debug = (unsigned)moldau__conf_int(conf, MOLDAU__CONF_DEBUG);
    if (c->logger.debug)
        c->logger.level = MOLDAU_LOG_DEBUG;
    c->logger.emit = client_log_emit;
    c->threaded = (int)moldau__conf_int(conf, MOLDAU__CONF_IO_THREAD);
    c->ops_fd = -1;
    atomic_init(&c->stopping, 0);
    if (moldau__opq_init(&c->ops)) {
        moldau_conf_destroy(c->conf);
        free(c);
        snprintf(errstr, errstr_size, "cannot create the application queue");
        return NULL;
    }
    /* not recursive: callbacks are served with it released (serve_unlocked), so a
     * synchronous call made from one (a commit in a rebalance callback) takes it afresh */
    pthread_mutex_init(&c->drive_lock, NULL);
    pthread_mutex_init(&c->sig_lock, NULL);
    moldau__cond_init_monotonic(&c->sig_cond);
    moldau__sasl_opts_t sasl;
    if (moldau__sasl_conf_opts(conf, &sasl, errstr, errstr_size) ||
        moldau__tls_conf_ctx(conf, &c->tls, errstr, errstr_size) ||
        !(c->reactor = moldau__reactor_new(errstr, errstr_size)))
        goto fail;
    if (c->threaded) {
        if ((c->ops_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
            snprintf(errstr, errstr_size, "eventfd: %s", strerror(errno));
            goto fail;
        }
        c->ops.on_ready = ops_ready;
        c->ops.on_ready_opaque = c;
        int rc = pthread_create(&c->thread, NULL, io_thread_main, c);
        if (rc) {
            snprintf(errstr, errstr_size, "cannot start the I/O thread: %s", strerror(rc));
            goto fail;
        }
    }
    cluster_setup_t setup = {c, errstr, errstr_size};
    moldau__client_run_sync(c, cluster_create, &setup);
    if (!c->cluster) {
        moldau_client_close(c);
        return NULL;
    }
    return c;
fail:
    client_free(c);
    return NULL;
}

void moldau_client_close(moldau_client_t *c)
{
    if (!c)
        return;
    if (c->cluster)
        moldau__client_run_sync(c, cluster_destroy, c);
    if (c->threaded) {
        atomic_store(&c->stopping, 1);
        moldau__job_init(&c->stop_job, stop_job_fn, c);
        moldau__reactor_post(c->reactor, &c->stop_job);
        pthread_join(c->thread, NULL);
    }
    client_free(c);
}

/* ---- running ------------------------------------------------------------------------------- */

static int64_t deadline_of(int timeout_ms)
{
    return timeout_ms < 0 ? -1 : moldau__now_ms() + timeout_ms;
}

/* Milliseconds left until deadline (-1: none), never negative. */
static int remaining(int64_t deadline)
{
    if (deadline < 0)
        return -1;
    int64_t left = deadline - moldau__now_ms();
    return left < 0 ? 0 : left > INT32_MAX ? INT32_MAX : (int)left;
}

static void drain_ops_fd(moldau_client_t *c)
{
    uint64_t n;
    if (c->ops_fd >= 0 && read(c->ops_fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
        moldau__log_stderr(&c->logger, MOLDAU_LOG_ERR, "client", "cannot read the op fd");
}

/* Application-driven: serves the ops with drive_lock released, so that a callback may make a
 * synchronous call (a commit in a rebalance callback, moldau_client_metadata), which runs
 * the reactor itself under that lock. The caller holds the lock before and after. */
static size_t serve_unlocked(moldau_client_t *c)
{
    if (!moldau__opq_len(&c->ops))
        return 0;
    pthread_mutex_unlock(&c->drive_lock);
    size_t n = moldau__opq_serve(&c->ops, 0, 0, c);
    pthread_mutex_lock(&c->drive_lock);
    return n;
}

int moldau_client_poll(moldau_client_t *c, int timeout_ms)
{
    int64_t deadline = deadline_of(timeout_ms);
    if (c->threaded) {
        /* A wake without an op (moldau__client_signal, meant for a moldau__client_wait) does
         * not end the wait: it may be left over from a callback this thread served itself
         * (produce_sync's), and poll would then return at once, served 0, every time. */
        size_t n;
        do {
            drain_ops_fd(c);
            n = moldau__opq_serve(&c->ops, remaining(deadline), 0, c);
        } while (!n && remaining(deadline) != 0);
        return (int)n;
    }
    int served = 0;
    pthread_mutex_lock(&c->drive_lock);
    for (;;) {
        moldau__reactor_run_once(c->reactor, served ? 0 : remaining(deadline));
        served += (int)serve_unlocked(c);
        if (served || remaining(deadline) == 0)
            break;
    }
    pthread_mutex_unlock(&c->drive_lock);
    return served;
}

int moldau_client_fd(moldau_client_t *c)
{
    return c->threaded ? c->ops_fd : moldau__reactor_fd(c->reactor);
}

int moldau_client_next_timeout(moldau_client_t *c)
{
    if (c->threaded)
        return -1;
    if (moldau__opq_len(&c->ops))
        return 0;
    return moldau__reactor_next_timeout(c->reactor);
}

/* run_sync's job: on the caller's stack, which waits without a timeout (see call.h). */
typedef struct sync_call {
    moldau__call_t call;
    moldau__job_t job;
    void (*fn)(void *arg);
    void *arg;
} sync_call_t;

static void sync_call_job(moldau__reactor_t *r, moldau__job_t *job, moldau_err_t err)
{
    sync_call_t *s = job->opaque;
    (void)r;
    (void)err; /* run even on destroy: the caller waits for it and owns what fn touches */
    s->fn(s->arg);
    moldau__call_complete(&s->call);
}

void moldau__client_run_sync(moldau_client_t *c, void (*fn)(void *arg), void *arg)
{
    if (!c->threaded) {
        pthread_mutex_lock(&c->drive_lock);
        fn(arg);
        pthread_mutex_unlock(&c->drive_lock);
        return;
    }
    sync_call_t s = {.fn = fn, .arg = arg};
    moldau__call_init(&s.call, c, NULL);
    moldau__job_init(&s.job, sync_call_job, &s);
    moldau__reactor_post(c->reactor, &s.job);
    moldau__call_wait(&s.call, -1, 0);
}

int moldau__client_wait(moldau_client_t *c, int (*done)(void *arg), void *arg, int timeout_ms,
                        int serve_ops)
{
    int64_t deadline = deadline_of(timeout_ms);
    int ok = 0;
    if (!c->threaded) {
        pthread_mutex_lock(&c->drive_lock);
        while (!(ok = done(arg)) && remaining(deadline) != 0) {
            moldau__reactor_run_once(c->reactor, remaining(deadline));
            if (serve_ops) /* unlocked: a callback may wait for a request itself */
                serve_unlocked(c);
        }
        pthread_mutex_unlock(&c->drive_lock);
        return ok;
    }
    for (;;) {
        /* the sequence is read before done(): a signal after it is never missed */
        pthread_mutex_lock(&c->sig_lock);
        uint64_t seen = c->sig_seq;
        pthread_mutex_unlock(&c->sig_lock);
        if ((ok = done(arg)) || remaining(deadline) == 0)
            return ok;
        if (serve_ops) { /* returns on an op, or on the wake that signal() also sends */
            drain_ops_fd(c);
            moldau__opq_serve(&c->ops, remaining(deadline), 0, c);
            continue;
        }
        pthread_mutex_lock(&c->sig_lock);
        while (c->sig_seq == seen && remaining(deadline) != 0) {
            if (deadline < 0) {
                pthread_cond_wait(&c->sig_cond, &c->sig_lock);
            } else {
                struct timespec ts;
                moldau__abstime_after_ms(&ts, remaining(deadline));
                pthread_cond_timedwait(&c->sig_cond, &c->sig_lock, &ts);
            }
        }
        pthread_mutex_unlock(&c->sig_lock);
    }
}

void moldau__client_signal(moldau_client_t *c)
{
    if (!c->threaded)
        return; /* the waiter runs the reactor itself and re-checks after every event */
    pthread_mutex_lock(&c->sig_lock);
    c->sig_seq++;
    pthread_cond_broadcast(&c->sig_cond);
    pthread_mutex_unlock(&c->sig_lock);
    moldau__opq_wake(&c->ops);
}
