/* The application queue: FIFO order, bounded serving, waiting for another thread's push,
 * wake-ups without ops, leftovers destroyed exactly once. */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "client/opq.h"

typedef struct test_op {
    moldau__op_t op;
    int id;
    int *served_log; /* ids in serve order */
    int *n_served;
    int *n_destroyed;
} test_op_t;

static void serve(moldau__op_t *op, void *ctx)
{
    test_op_t *t = (test_op_t *)op;
    ck_assert_ptr_eq(ctx, (void *)0x1234);
    t->served_log[(*t->n_served)++] = t->id;
}

static void destroy(moldau__op_t *op)
{
    test_op_t *t = (test_op_t *)op;
    (*t->n_destroyed)++;
    free(t);
}

static int log_[64], n_served, n_destroyed;

static moldau__op_t *make(int id)
{
    test_op_t *t = calloc(1, sizeof(*t));
    t->op.serve = serve;
    t->op.destroy = destroy;
    t->id = id;
    t->served_log = log_;
    t->n_served = &n_served;
    t->n_destroyed = &n_destroyed;
    return &t->op;
}

START_TEST(fifo_and_max)
{
    moldau__opq_t q;
    n_served = n_destroyed = 0;
    ck_assert_int_eq(moldau__opq_init(&q), 0);
    for (int i = 0; i < 5; i++)
        moldau__opq_push(&q, make(i));
    ck_assert_uint_eq(moldau__opq_len(&q), 5);
    ck_assert_uint_eq(moldau__opq_serve(&q, 0, 2, (void *)0x1234), 2);
    ck_assert_uint_eq(moldau__opq_len(&q), 3);
    ck_assert_uint_eq(moldau__opq_serve(&q, 0, 0, (void *)0x1234), 3);
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(log_[i], i);
    ck_assert_uint_eq(moldau__opq_serve(&q, 0, 0, (void *)0x1234), 0);
    /* ops left at destroy are destroyed, not served */
    moldau__opq_push(&q, make(9));
    moldau__opq_destroy(&q);
    ck_assert_int_eq(n_served, 5);
    ck_assert_int_eq(n_destroyed, 6);
}
END_TEST

static void *push_later(void *arg)
{
    moldau__opq_push(arg, make(42));
    return NULL;
}

START_TEST(waits_for_another_threads_push)
{
    moldau__opq_t q;
    n_served = n_destroyed = 0;
    moldau__opq_init(&q);
    pthread_t th;
    pthread_create(&th, NULL, push_later, &q);
    /* -1 waits forever: returns only because the other thread pushed */
    size_t got = 0;
    while (got == 0)
        got = moldau__opq_serve(&q, -1, 0, (void *)0x1234);
    pthread_join(th, NULL);
    ck_assert_uint_eq(got, 1);
    ck_assert_int_eq(log_[0], 42);
    moldau__opq_destroy(&q);
}
END_TEST

static void *wake_later(void *arg)
{
    moldau__opq_wake(arg);
    return NULL;
}

START_TEST(wake_without_op)
{
    moldau__opq_t q;
    moldau__opq_init(&q);
    pthread_t th;
    pthread_create(&th, NULL, wake_later, &q);
    ck_assert_uint_eq(moldau__opq_serve(&q, -1, 0, NULL), 0);
    pthread_join(th, NULL);
    moldau__opq_destroy(&q);
}
END_TEST

static int ready_calls;
static void on_ready(void *opaque)
{
    (void)opaque;
    ready_calls++;
}

START_TEST(on_ready_only_when_it_was_empty)
{
    moldau__opq_t q;
    n_served = n_destroyed = 0;
    moldau__opq_init(&q);
    q.on_ready = on_ready;
    ready_calls = 0;
    moldau__opq_push(&q, make(1));
    moldau__opq_push(&q, make(2));
    ck_assert_int_eq(ready_calls, 1);
    moldau__opq_serve(&q, 0, 0, (void *)0x1234);
    moldau__opq_push(&q, make(3));
    ck_assert_int_eq(ready_calls, 2);
    moldau__opq_destroy(&q);
}
END_TEST

static void *push_typed_later(void *arg)
{
    struct timespec ts = {0, 50 * 1000000};
    nanosleep(&ts, NULL);
    moldau__op_t *op = make(7);
    op->type = MOLDAU__OP_FETCH;
    moldau__opq_push(arg, op);
    return NULL;
}

START_TEST(pop_with_timeout_across_threads)
{
    moldau__opq_t q;
    n_served = n_destroyed = 0;
    moldau__opq_init(&q);
    /* nothing there: a timed pop returns NULL after about its timeout */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_ptr_null(moldau__opq_pop(&q, 30));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    ck_assert_int_ge(ms, 25);
    pthread_t th;
    pthread_create(&th, NULL, push_typed_later, &q);
    moldau__op_t *op = moldau__opq_pop(&q, 10000);
    pthread_join(th, NULL);
    ck_assert_ptr_nonnull(op);
    ck_assert_int_eq(op->type, MOLDAU__OP_FETCH);
    ck_assert_int_eq(((test_op_t *)op)->id, 7);
    ck_assert_uint_eq(moldau__opq_len(&q), 0);
    /* popped ops are the caller's: not served by the queue, destroyed by the caller */
    ck_assert_int_eq(n_served, 0);
    moldau__op_serve(op, (void *)0x1234);
    ck_assert_int_eq(n_served, 1);
    ck_assert_int_eq(n_destroyed, 1);
    moldau__opq_destroy(&q);
}
END_TEST

/* What a consumer's poll will do: run callback ops, return the others to its caller. */
START_TEST(typed_dispatch)
{
    moldau__opq_t q;
    n_served = n_destroyed = 0;
    moldau__opq_init(&q);
    moldau__op_type_t types[] = {MOLDAU__OP_LOG, MOLDAU__OP_FETCH, MOLDAU__OP_DELIVERY,
                                 MOLDAU__OP_FETCH, MOLDAU__OP_ERROR};
    for (int i = 0; i < 5; i++) {
        moldau__op_t *op = make(i);
        op->type = types[i];
        moldau__opq_push(&q, op);
    }
    int returned[5], n_returned = 0;
    moldau__op_t *op;
    while ((op = moldau__opq_pop(&q, 0))) {
        if (op->type == MOLDAU__OP_FETCH) {
            returned[n_returned++] = ((test_op_t *)op)->id;
            op->destroy(op);
        } else {
            moldau__op_serve(op, (void *)0x1234);
        }
    }
    ck_assert_int_eq(n_returned, 2);
    ck_assert_int_eq(returned[0], 1);
    ck_assert_int_eq(returned[1], 3);
    ck_assert_int_eq(n_served, 3);
    ck_assert_int_eq(log_[0], 0);
    ck_assert_int_eq(log_[1], 2);
    ck_assert_int_eq(log_[2], 4);
    ck_assert_int_eq(n_destroyed, 5);
    moldau__opq_destroy(&q);
}
END_TEST

START_TEST(pop_woken_without_op)
{
    moldau__opq_t q;
    moldau__opq_init(&q);
    pthread_t th;
    pthread_create(&th, NULL, wake_later, &q);
    ck_assert_ptr_null(moldau__opq_pop(&q, -1));
    pthread_join(th, NULL);
    moldau__opq_destroy(&q);
}
END_TEST

static void *push_later_slow(void *arg)
{
    struct timespec ts = {0, 50 * 1000000};
    nanosleep(&ts, NULL);
    moldau__opq_push(arg, make(5));
    return NULL;
}

/* The consumer's records queue waits; a push to the client's queue wakes it. */
START_TEST(linked_queue_wakes)
{
    moldau__opq_t events, records;
    n_served = n_destroyed = 0;
    moldau__opq_init(&events);
    moldau__opq_init(&records);
    moldau__opq_link(&events, &records);
    pthread_t th;
    pthread_create(&th, NULL, push_later_slow, &events);
    ck_assert_ptr_null(moldau__opq_pop(&records, -1));
    pthread_join(th, NULL);
    ck_assert_uint_eq(moldau__opq_serve(&events, 0, 0, (void *)0x1234), 1);
    ck_assert_int_eq(log_[0], 5);
    /* and a push to the records queue does not wake the events queue */
    moldau__opq_push(&records, make(6));
    ck_assert_uint_eq(moldau__opq_serve(&events, 0, 0, (void *)0x1234), 0);
    moldau__opq_destroy(&events);
    moldau__opq_destroy(&records);
    ck_assert_int_eq(n_destroyed, 2);
}
END_TEST

Suite *moldau_test_opq_suite(void)
{
    Suite *s = suite_create("opq");
    TCase *tc = tcase_create("opq");
    tcase_add_test(tc, fifo_and_max);
    tcase_add_test(tc, waits_for_another_threads_push);
    tcase_add_test(tc, wake_without_op);
    tcase_add_test(tc, on_ready_only_when_it_was_empty);
    tcase_add_test(tc, pop_with_timeout_across_threads);
    tcase_add_test(tc, typed_dispatch);
    tcase_add_test(tc, pop_woken_without_op);
    tcase_add_test(tc, linked_queue_wakes);
    suite_add_tcase(s, tc);
    return s;
}
