/* The call primitive (client/call.h): a waiter woken by a completion on another thread, a
 * waiter that times out and leaves the call to the completing side (which frees it: the
 * sanitizers and valgrind see a leak or a use after free otherwise), a call on the stack, and
 * run_sync built on it. Against a client whose bootstrap peer accepts and never answers. */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "client/call.h"
#include "client/client.h"

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

static moldau_client_t *make(int threaded)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[256];
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", silent_peer(), err, sizeof(err)),
                     0);
    ck_assert_int_eq(moldau_conf_set(conf, "io.thread", threaded ? "true" : "false", err,
                                     sizeof(err)), 0);
    moldau_client_t *c = moldau_client_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    return c;
}

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
    moldau_client_t *c = make(1);
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
    moldau_client_destroy(c);
}
END_TEST

START_TEST(timed_out_waiter_leaves_it_to_the_completer)
{
    moldau_client_t *c = make(1);
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
    moldau_client_destroy(c);
}
END_TEST

START_TEST(on_the_stack_waiting_forever)
{
    moldau_client_t *c = make(1);
    test_call_t t = {.delay_ms = 10};
    moldau__call_init(&t.call, c, NULL);
    pthread_t th;
    pthread_create(&th, NULL, complete_later, &t);
    ck_assert_int_eq(moldau__call_wait(&t.call, -1, 0), 1);
    ck_assert_int_eq(t.result, 42);
    pthread_join(th, NULL);
    moldau_client_destroy(c);
}
END_TEST

static void on_reactor(void *arg) { *(int *)arg += 1; }

START_TEST(run_sync_in_both_modes)
{
    moldau_client_t *c = make(_i);
    int n = 0;
    for (int i = 0; i < 100; i++)
        moldau__client_run_sync(c, on_reactor, &n);
    ck_assert_int_eq(n, 100);
    moldau_client_destroy(c);
}
END_TEST

Suite *moldau_test_call_suite(void)
{
    Suite *s = suite_create("call");
    TCase *tc = tcase_create("call");
    tcase_add_test(tc, woken_by_completion_on_another_thread);
    tcase_add_test(tc, timed_out_waiter_leaves_it_to_the_completer);
    tcase_add_test(tc, on_the_stack_waiting_forever);
    tcase_add_loop_test(tc, run_sync_in_both_modes, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
