/* The client handle without brokers: which thread runs what in both modes, logs reaching the
 * application's callback on the application's thread, waits woken by signals, and an external
 * epoll loop driving an application-driven client; the call primitive waits and run_sync are
 * built on. */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client/call.h"
#include "client/client.h"

/* A peer that accepts connections (the kernel completes them from the backlog) and never
 * answers: the client's cluster connects and waits quietly, so these tests see only their own
 * log lines. */
static const char *silent_peer(void)
{
    static char addr[64];
    if (!addr[0]) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t len = sizeof(sin);
        ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
        ck_assert_int_eq(listen(fd, 16), 0);
        ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
        snprintf(addr, sizeof(addr), "127.0.0.1:%d", ntohs(sin.sin_port));
    }
    return addr;
}

static moldau_client_t *make(int threaded, moldau_log_cb *log_cb, void *opaque)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[256];
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", silent_peer(), err, sizeof(err)),
                     0);
    ck_assert_int_eq(moldau_conf_set(conf, "io.thread", threaded ? "true" : "false", err,
                                     sizeof(err)), 0);
    if (log_cb) {
        moldau_conf_set_log_cb(conf, log_cb);
        moldau_conf_set_opaque(conf, opaque);
    }
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf); /* the client keeps its own copy */
    ck_assert_msg(c != NULL, "%s", err);
    return c;
}

typedef struct seen {
    pthread_t thread;
    int calls;
    char last[128];
} seen_t;

static void log_cb(moldau_client_t *c, int level, const char *fac, const char *msg, void *op)
{
    seen_t *s = op;
    (void)c;
    ck_assert_int_eq(level, MOLDAU_LOG_WARNING);
    ck_assert_str_eq(fac, "test");
    s->thread = pthread_self();
    s->calls++;
    snprintf(s->last, sizeof(s->last), "%s", msg);
}

static void log_from_reactor(void *arg)
{
    moldau_client_t *c = arg;
    moldau__log(&c->logger, MOLDAU_LOG_WARNING, "test", "hello %d", 42);
    moldau__log(&c->logger, MOLDAU_LOG_DEBUG, "test", "filtered out by log.level");
}

START_TEST(logs_served_on_the_polling_thread)
{
    seen_t s = {0};
    moldau_client_t *c = make(_i, log_cb, &s);
    moldau__client_run_sync(c, log_from_reactor, c); /* logged on the I/O side */
    ck_assert_int_eq(s.calls, 0);                  /* nothing until the application polls */
    int served = 0;
    while (served == 0)
        served = moldau_client_poll(c, 1000);
    ck_assert_int_eq(served, 1);
    ck_assert_int_eq(s.calls, 1);
    ck_assert_str_eq(s.last, "hello 42");
    ck_assert(pthread_equal(s.thread, pthread_self()));
    ck_assert_int_eq(moldau_client_poll(c, 0), 0);
    moldau_client_close(c);
}
END_TEST

static void record_thread(void *arg) { *(pthread_t *)arg = pthread_self(); }

START_TEST(threaded_mode_runs_the_reactor_on_its_own_thread)
{
    moldau_client_t *c = make(1, NULL, NULL);
    pthread_t t;
    moldau__client_run_sync(c, record_thread, &t);
    ck_assert(!pthread_equal(t, pthread_self()));
    ck_assert_int_eq(moldau_client_next_timeout(c), -1);
    moldau_client_close(c);
    c = make(0, NULL, NULL);
    moldau__client_run_sync(c, record_thread, &t);
    ck_assert(pthread_equal(t, pthread_self()));
    moldau_client_close(c);
}
END_TEST

typedef struct flag {
    moldau_client_t *c;
    atomic_int set;
} flag_t;

static int flag_done(void *arg) { return atomic_load(&((flag_t *)arg)->set); }

static void *set_flag_later(void *arg)
{
    flag_t *f = arg;
    atomic_store(&f->set, 1);
    moldau__client_signal(f->c);
    return NULL;
}

START_TEST(wait_is_woken_by_signal)
{
    moldau_client_t *c = make(1, NULL, NULL);
    for (int serve = 0; serve < 2; serve++) {
        flag_t f = {.c = c};
        atomic_init(&f.set, 0);
        pthread_t th;
        pthread_create(&th, NULL, set_flag_later, &f);
        ck_assert_int_eq(moldau__client_wait(c, flag_done, &f, -1, serve), 1);
        pthread_join(th, NULL);
    }
    flag_t never = {.c = c};
    atomic_init(&never.set, 0);
    ck_assert_int_eq(moldau__client_wait(c, flag_done, &never, 20, 0), 0); /* times out */
    moldau_client_close(c);
}
END_TEST

typedef struct timer_ctx {
    moldau__timer_t timer;
    moldau_client_t *c;
    int fired;
} timer_ctx_t;

static void on_timer(moldau__reactor_t *r, moldau__timer_t *t)
{
    timer_ctx_t *tc = t->opaque;
    (void)r;
    tc->fired++;
    moldau__log(&tc->c->logger, MOLDAU_LOG_WARNING, "test", "timer fired");
}

static void arm_timer(void *arg)
{
    timer_ctx_t *tc = arg;
    moldau__timer_init(&tc->timer, on_timer, tc);
    moldau__timer_arm(tc->c->reactor, &tc->timer, moldau__now_ms() + 30);
}

START_TEST(application_driven_from_an_external_epoll_loop)
{
    seen_t s = {0};
    moldau_client_t *c = make(0, log_cb, &s);
    timer_ctx_t tc = {.c = c};
    moldau__client_run_sync(c, arm_timer, &tc);
    int next = moldau_client_next_timeout(c);
    ck_assert(next >= 0 && next <= 30);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN};
    ck_assert_int_eq(epoll_ctl(ep, EPOLL_CTL_ADD, moldau_client_fd(c), &ev), 0);
    /* the application's loop: wait on its own epoll set with moldau's timeout, then poll(0) */
    for (int rounds = 0; s.calls == 0 && rounds < 1000; rounds++) {
        struct epoll_event out;
        epoll_wait(ep, &out, 1, moldau_client_next_timeout(c));
        moldau_client_poll(c, 0);
    }
    ck_assert_int_eq(tc.fired, 1);
    ck_assert_int_eq(s.calls, 1);
    ck_assert_str_eq(s.last, "timer fired");
    close(ep);
    moldau_client_close(c);
}
END_TEST

START_TEST(threaded_fd_signals_pending_callbacks)
{
    seen_t s = {0};
    moldau_client_t *c = make(1, log_cb, &s);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN};
    ck_assert_int_eq(epoll_ctl(ep, EPOLL_CTL_ADD, moldau_client_fd(c), &ev), 0);
    moldau__client_run_sync(c, log_from_reactor, c);
    struct epoll_event out;
    ck_assert_int_eq(epoll_wait(ep, &out, 1, -1), 1); /* readable: a callback waits */
    ck_assert_int_eq(moldau_client_poll(c, 0), 1);
    ck_assert_int_eq(epoll_wait(ep, &out, 1, 0), 0); /* drained */
    close(ep);
    moldau_client_close(c);
}
END_TEST

START_TEST(destroy_drops_unserved_callbacks)
{
    seen_t s = {0};
    moldau_client_t *c = make(_i, log_cb, &s);
    moldau__client_run_sync(c, log_from_reactor, c);
    moldau_client_close(c); /* freed, not served: no leak (checked under ASan/valgrind) */
    ck_assert_int_eq(s.calls, 0);
}
END_TEST

START_TEST(bad_conf_is_refused_early)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[256] = "";
    ck_assert_ptr_null(moldau_client_new(conf, err, sizeof(err)));
    ck_assert_str_eq(err, "bootstrap.servers: required (host:port,...)");
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", "[::1", NULL, 0), 0);
    ck_assert_ptr_null(moldau_client_new(conf, err, sizeof(err)));
    ck_assert_msg(strstr(err, "bootstrap.servers") != NULL, "%s", err);
    ck_assert_int_eq(moldau_conf_set(conf, "io.thread", "maybe", err, sizeof(err)),
                     MOLDAU_ERR__BAD_CONF);
    ck_assert_str_eq(err, "io.thread: \"maybe\" is not true or false");
    moldau_conf_destroy(conf);
}
END_TEST

/* ---- the call primitive (client/call.h): a waiter woken by a completion on another thread,
 * a waiter that times out and leaves the call to the completing side (which frees it: the
 * sanitizers and valgrind see a leak or a use after free otherwise), a call on the stack, and
 * run_sync built on it. */

typedef struct test_call {
    moldau__call_t call;
    int result;
    int delay_ms;
} test_call_t;

static atomic_int freed;

static void test_free(moldau__call_t *call)
{
    atomic_fetch_add(&freed, 1);
    free(call);
}

static void *complete_later(void *arg)
{
    test_call_t *t = arg;
    struct timespec ts = {t->delay_ms / 1000, (t->delay_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    t->result = 42;
    moldau__call_complete(&t->call);
    return NULL;
}

START_TEST(woken_by_completion_on_another_thread)
{
    moldau_client_t *c = make(1, NULL, NULL);
    atomic_store(&freed, 0);
    test_call_t *t = calloc(1, sizeof(*t));
    moldau__call_init(&t->call, c, test_free);
    t->delay_ms = 50;
    ck_assert(!moldau__call_done(&t->call));
    pthread_t th;
    pthread_create(&th, NULL, complete_later, t);
    ck_assert_int_eq(moldau__call_wait(&t->call, 10000, 0), 1);
    ck_assert_int_eq(t->result, 42);
    moldau__call_release(&t->call);
    pthread_join(th, NULL);
    ck_assert_int_eq(atomic_load(&freed), 1);
    moldau_client_close(c);
}
END_TEST

START_TEST(timed_out_waiter_leaves_it_to_the_completer)
{
    moldau_client_t *c = make(1, NULL, NULL);
    atomic_store(&freed, 0);
    test_call_t *t = calloc(1, sizeof(*t));
    moldau__call_init(&t->call, c, test_free);
    t->delay_ms = 200;
    pthread_t th;
    pthread_create(&th, NULL, complete_later, t);
    ck_assert_int_eq(moldau__call_wait(&t->call, 20, 0), 0);
    moldau__call_release(&t->call); /* the waiter gives up: not freed yet */
    ck_assert_int_eq(atomic_load(&freed), 0);
    pthread_join(th, NULL);
    ck_assert_int_eq(atomic_load(&freed), 1); /* the completer's release was the last */
    moldau_client_close(c);
}
END_TEST

START_TEST(on_the_stack_waiting_forever)
{
    moldau_client_t *c = make(1, NULL, NULL);
    test_call_t t = {.delay_ms = 10};
    moldau__call_init(&t.call, c, NULL);
    pthread_t th;
    pthread_create(&th, NULL, complete_later, &t);
    ck_assert_int_eq(moldau__call_wait(&t.call, -1, 0), 1);
    ck_assert_int_eq(t.result, 42);
    pthread_join(th, NULL);
    moldau_client_close(c);
}
END_TEST

static void on_reactor(void *arg) { *(int *)arg += 1; }

START_TEST(run_sync_in_both_modes)
{
    moldau_client_t *c = make(_i, NULL, NULL);
    int n = 0;
    for (int i = 0; i < 100; i++)
        moldau__client_run_sync(c, on_reactor, &n);
    ck_assert_int_eq(n, 100);
    moldau_client_close(c);
}
END_TEST

Suite *moldau_test_client_suite(void)
{
    Suite *s = suite_create("client");
    TCase *tc = tcase_create("client");
    tcase_add_loop_test(tc, logs_served_on_the_polling_thread, 0, 2);
    tcase_add_test(tc, threaded_mode_runs_the_reactor_on_its_own_thread);
    tcase_add_test(tc, wait_is_woken_by_signal);
    tcase_add_test(tc, application_driven_from_an_external_epoll_loop);
    tcase_add_test(tc, threaded_fd_signals_pending_callbacks);
    tcase_add_loop_test(tc, destroy_drops_unserved_callbacks, 0, 2);
    tcase_add_test(tc, bad_conf_is_refused_early);
    suite_add_tcase(s, tc);
    TCase *call = tcase_create("call");
    tcase_add_test(call, woken_by_completion_on_another_thread);
    tcase_add_test(call, timed_out_waiter_leaves_it_to_the_completer);
    tcase_add_test(call, on_the_stack_waiting_forever);
    tcase_add_loop_test(call, run_sync_in_both_modes, 0, 2);
    suite_add_tcase(s, call);
    return s;
}
