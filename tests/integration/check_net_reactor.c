/* The reactor on its own: timer order, cancel and re-arm, the heap under random operations,
 * deferred callbacks, descriptor events (and removal while events are pending), jobs handed
 * over from other threads, and driving the reactor from an outer epoll loop. No network. No
 * timing assertions: only what fired, in which order, on which thread. */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/epoll.h>
#endif

#include "net/reactor.h"

/* A loop bound so a bug shows as a failure, not a hang. */
#define MAX_SPINS 100000

static moldau__reactor_t *new_reactor(void)
{
    char err[256];
    moldau__reactor_t *r = moldau__reactor_new(err, sizeof(err));
    ck_assert_msg(r != NULL, "%s", err);
    return r;
}

/* ---- timers ----------------------------------------------------------------------------- */

typedef struct {
    int fired[64];
    int n;
} fire_log_t;

typedef struct {
    moldau__timer_t t;
    int id;
    fire_log_t *log;
} tagged_timer_t;

static void log_fire(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    tagged_timer_t *tt = t->opaque;
    tt->log->fired[tt->log->n++] = tt->id;
}

START_TEST(timers_fire_in_deadline_order)
{
    moldau__reactor_t *r = new_reactor();
    fire_log_t log = {0};
    tagged_timer_t t[6];
    for (int i = 0; i < 6; i++) {
        moldau__timer_init(&t[i].t, log_fire, &t[i]);
        t[i].id = i;
        t[i].log = &log;
    }
    int64_t now = moldau__now_ms();
    ck_assert_int_eq(moldau__timer_arm(r, &t[0].t, now + 30), MOLDAU_ERR_NONE);
    moldau__timer_arm(r, &t[1].t, now + 10);
    moldau__timer_arm(r, &t[2].t, now + 20);
    moldau__timer_arm(r, &t[3].t, now + 10); /* same deadline as 1, armed later: fires after */
    moldau__timer_arm(r, &t[4].t, now + 15);
    moldau__timer_arm(r, &t[5].t, now + 5);
    moldau__timer_cancel(r, &t[4].t);
    ck_assert(!moldau__timer_armed(&t[4].t));
    moldau__timer_cancel(r, &t[4].t); /* cancelling twice is harmless */
    moldau__timer_arm(r, &t[5].t, now + 40); /* re-armed later: fires last */
    ck_assert(moldau__timer_armed(&t[5].t));
    for (int spins = 0; log.n < 5 && spins < MAX_SPINS; spins++)
        ck_assert_int_ge(moldau__reactor_run_once(r, -1), 0);
    ck_assert_int_eq(log.n, 5);
    static const int want[] = {1, 3, 2, 0, 5};
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(log.fired[i], want[i]);
    ck_assert_int_eq(moldau__reactor_next_timeout(r), -1);
    ck_assert_int_eq(moldau__reactor_run_once(r, 0), 0);
    ck_assert_int_eq(log.n, 5);
    moldau__reactor_destroy(r);
}
END_TEST

/* One timer for many deadlines: only an earlier one moves it; none (<= 0) leaves it. */
START_TEST(timer_arm_earliest_keeps_the_earliest)
{
    moldau__reactor_t *r = new_reactor();
    fire_log_t log = {0};
    tagged_timer_t t = {.id = 7, .log = &log};
    moldau__timer_init(&t.t, log_fire, &t);
    int64_t now = moldau__now_ms();
    ck_assert_int_eq(moldau__timer_arm_earliest(r, &t.t, 0), MOLDAU_ERR_NONE);
    ck_assert(!moldau__timer_armed(&t.t));
    ck_assert_int_eq(moldau__timer_arm_earliest(r, &t.t, now + 50), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau__timer_deadline(&t.t), now + 50);
    moldau__timer_arm_earliest(r, &t.t, now + 80);
    moldau__timer_arm_earliest(r, &t.t, -1);
    ck_assert_int_eq(moldau__timer_deadline(&t.t), now + 50);
    moldau__timer_arm_earliest(r, &t.t, now + 20);
    moldau__timer_arm_earliest(r, &t.t, now + 20);
    ck_assert_int_eq(moldau__timer_deadline(&t.t), now + 20);
    /* re-arming for what is left: cancel, then each deadline */
    moldau__timer_cancel(r, &t.t);
    static const int64_t left[] = {0, 90, 60, 0, 70};
    for (int i = 0; i < 5; i++)
        moldau__timer_arm_earliest(r, &t.t, left[i] ? now + left[i] : 0);
    ck_assert_int_eq(moldau__timer_deadline(&t.t), now + 60);
    for (int spins = 0; log.n < 1 && spins < MAX_SPINS; spins++)
        ck_assert_int_ge(moldau__reactor_run_once(r, -1), 0);
    ck_assert_int_eq(log.n, 1); /* fired once, at the earliest */
    ck_assert_int_ge(moldau__now_ms(), now + 60);
    ck_assert(!moldau__timer_armed(&t.t));
    moldau__reactor_destroy(r);
}
END_TEST

typedef struct {
    moldau__timer_t t;
    int64_t deadline;
    uint64_t order; /* arming order, the tie-break */
} heap_timer_t;

static heap_timer_t *last_fired;
static int n_fired;

static void check_heap_order(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    heap_timer_t *h = t->opaque;
    if (last_fired) {
        ck_assert(last_fired->deadline < h->deadline ||
                  (last_fired->deadline == h->deadline && last_fired->order < h->order));
    }
    last_fired = h;
    n_fired++;
}

START_TEST(timer_heap_random_operations)
{
    enum { N = 2000 };
    moldau__reactor_t *r = new_reactor();
    heap_timer_t *ts = calloc(N, sizeof(*ts));
    unsigned seed = 12345;
    uint64_t order = 0;
    int64_t base = moldau__now_ms() - 100000; /* every deadline is already due */
    for (int i = 0; i < N; i++)
        moldau__timer_init(&ts[i].t, check_heap_order, &ts[i]);
    for (int op = 0; op < 20000; op++) {
        heap_timer_t *h = &ts[rand_r(&seed) % N];
        if (rand_r(&seed) % 4 == 0) {
            moldau__timer_cancel(r, &h->t);
        } else {
            h->deadline = base + rand_r(&seed) % 500; /* many equal deadlines */
            h->order = order++;
            ck_assert_int_eq(moldau__timer_arm(r, &h->t, h->deadline), MOLDAU_ERR_NONE);
        }
    }
    int armed = 0;
    for (int i = 0; i < N; i++)
        armed += moldau__timer_armed(&ts[i].t);
    ck_assert_int_gt(armed, N / 2);
    last_fired = NULL;
    n_fired = 0;
    ck_assert_int_eq(moldau__reactor_next_timeout(r), 0);
    ck_assert_int_eq(moldau__reactor_run_once(r, 0), armed);
    ck_assert_int_eq(n_fired, armed);
    for (int i = 0; i < N; i++)
        ck_assert(!moldau__timer_armed(&ts[i].t));
    free(ts);
    moldau__reactor_destroy(r);
}
END_TEST

static void rearm_self(moldau__reactor_t *r, moldau__timer_t *t)
{
    (*(int *)t->opaque)++;
    moldau__timer_arm(r, t, 0); /* already due: must wait for the next run_once */
}

START_TEST(timer_rearmed_from_callback_does_not_spin)
{
    moldau__reactor_t *r = new_reactor();
    int count = 0;
    moldau__timer_t t;
    moldau__timer_init(&t, rearm_self, &count);
    moldau__timer_arm(r, &t, 0);
    ck_assert_int_eq(moldau__reactor_run_once(r, 0), 1);
    ck_assert_int_eq(count, 1);
    ck_assert_int_eq(moldau__reactor_next_timeout(r), 0);
    ck_assert_int_eq(moldau__reactor_run_once(r, 0), 1);
    ck_assert_int_eq(count, 2);
    moldau__timer_cancel(r, &t);
    moldau__reactor_destroy(r);
}
END_TEST

/* ---- deferred callbacks ------------------------------------------------------------------ */

static void count_defer(moldau__reactor_t *r, moldau__defer_t *d)
{
    (void)r;
    (*(int *)d->opaque)++;
}

typedef struct {
    moldau__io_t io;
    moldau__defer_t *to_defer;
    int reads;
    int fd_w;
} pipe_io_t;

static void pipe_read_defers(moldau__reactor_t *r, moldau__io_t *io, unsigned events)
{
    pipe_io_t *p = io->opaque;
    ck_assert(events & MOLDAU__IO_READ);
    char c;
    ck_assert_int_eq(read(io->fd, &c, 1), 1);
    p->reads++;
    if (p->to_defer)
        moldau__defer(r, p->to_defer);
}

START_TEST(deferred_run_before_sleeping)
{
    moldau__reactor_t *r = new_reactor();
    int a = 0, b = 0, c = 0;
    moldau__defer_t da, db, dc;
    moldau__defer_init(&da, count_defer, &a);
    moldau__defer_init(&db, count_defer, &b);
    moldau__defer_init(&dc, count_defer, &c);
    moldau__defer(r, &da);
    moldau__defer(r, &da); /* idempotent while queued */
    moldau__defer(r, &db);
    moldau__defer_cancel(&db);
    ck_assert(moldau__defer_queued(&da) && !moldau__defer_queued(&db));
    ck_assert_int_eq(moldau__reactor_next_timeout(r), 0);
    ck_assert_int_eq(moldau__reactor_run_once(r, 0), 1);
    ck_assert_int_eq(a, 1);
    ck_assert_int_eq(b, 0);

    /* Deferred from an io callback: runs before run_once returns. */
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pipe_io_t p = {.to_defer = &dc};
    moldau__io_init(&p.io, fds[0], pipe_read_defers, &p);
    ck_assert_int_eq(moldau__io_add(r, &p.io, MOLDAU__IO_READ), MOLDAU_ERR_NONE);
    ck_assert_int_eq(write(fds[1], "x", 1), 1);
    for (int spins = 0; p.reads == 0 && spins < MAX_SPINS; spins++)
        moldau__reactor_run_once(r, -1);
    ck_assert_int_eq(p.reads, 1);
    ck_assert_int_eq(c, 1);
    ck_assert_int_eq(moldau__reactor_next_timeout(r), -1);
    moldau__io_del(r, &p.io);
    close(fds[0]);
    close(fds[1]);
    moldau__reactor_destroy(r);
}
END_TEST

/* ---- descriptors ------------------------------------------------------------------------ */

typedef struct killer {
    moldau__io_t io;
    struct killer *other;
    int *calls;
} killer_t;

/* Whichever of two ready pipes runs first removes and frees the other: the other's pending
 * event must be dropped (ASan would catch a call through freed memory). */
static killer_t *survivor;

static void kill_other(moldau__reactor_t *r, moldau__io_t *io, unsigned events)
{
    (void)events;
    killer_t *k = io->opaque;
    (*k->calls)++;
    survivor = k;
    if (k->other) {
        moldau__io_del(r, &k->other->io);
        k->other->other = NULL;
        free(k->other);
        k->other = NULL;
    }
}

START_TEST(io_removed_while_its_event_is_pending)
{
    moldau__reactor_t *r = new_reactor();
    int p1[2], p2[2], calls = 0;
    ck_assert_int_eq(pipe(p1), 0);
    ck_assert_int_eq(pipe(p2), 0);
    killer_t *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
    a->other = b;
    b->other = a;
    a->calls = b->calls = &calls;
    moldau__io_init(&a->io, p1[0], kill_other, a);
    moldau__io_init(&b->io, p2[0], kill_other, b);
    moldau__io_add(r, &a->io, MOLDAU__IO_READ);
    moldau__io_add(r, &b->io, MOLDAU__IO_READ);
    ck_assert_int_eq(write(p1[1], "x", 1), 1);
    ck_assert_int_eq(write(p2[1], "x", 1), 1);
    /* Both are ready before the wait, so one wait returns both events. */
    ck_assert_int_eq(moldau__reactor_run_once(r, -1), 1);
    ck_assert_int_eq(calls, 1);
    ck_assert(survivor == a || survivor == b);
    moldau__io_del(r, &survivor->io);
    free(survivor);
    close(p1[0]);
    close(p1[1]);
    close(p2[0]);
    close(p2[1]);
    moldau__reactor_destroy(r);
}
END_TEST

static void count_write(moldau__reactor_t *r, moldau__io_t *io, unsigned events)
{
    int *n = io->opaque;
    ck_assert(events & MOLDAU__IO_WRITE);
    ck_assert(!(events & MOLDAU__IO_READ));
    (*n)++;
    moldau__io_set(r, io, 0); /* wanted once */
}

START_TEST(io_interest_changes)
{
    moldau__reactor_t *r = new_reactor();
    int fds[2], writes = 0;
    ck_assert_int_eq(pipe(fds), 0);
    moldau__io_t io;
    moldau__io_init(&io, fds[1], count_write, &writes);
    ck_assert_int_eq(moldau__io_add(r, &io, MOLDAU__IO_WRITE), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau__reactor_run_once(r, -1), 1);
    ck_assert_int_eq(writes, 1);
    ck_assert_int_eq(moldau__reactor_run_once(r, 0), 0); /* interest 0: silent */
    ck_assert_int_eq(moldau__io_set(r, &io, MOLDAU__IO_WRITE), MOLDAU_ERR_NONE);
    ck_assert_int_eq(moldau__reactor_run_once(r, -1), 1);
    ck_assert_int_eq(writes, 2);
    moldau__io_del(r, &io);
    moldau__io_del(r, &io); /* twice is harmless */
    close(fds[0]);
    close(fds[1]);
    moldau__reactor_destroy(r);
}
END_TEST

/* ---- jobs from other threads ------------------------------------------------------------- */

enum { N_JOBS = 2000 };

typedef struct {
    moldau__job_t job;
    int seq;
} seq_job_t;

typedef struct {
    moldau__reactor_t *r;
    seq_job_t jobs[N_JOBS];
    pthread_t reactor_thread;
    int ran, next_seq, wrong_thread, destroyed;
} job_test_t;

static void job_run(moldau__reactor_t *r, moldau__job_t *job, moldau_err_t err)
{
    (void)r;
    job_test_t *t = job->opaque;
    seq_job_t *sj = (seq_job_t *)job;
    if (err == MOLDAU_ERR__DESTROYED) {
        t->destroyed++;
        return;
    }
    if (!pthread_equal(pthread_self(), t->reactor_thread))
        t->wrong_thread++;
    ck_assert_int_eq(sj->seq, t->next_seq);
    t->next_seq++;
    t->ran++;
}

static void *post_jobs(void *arg)
{
    job_test_t *t = arg;
    for (int i = 0; i < N_JOBS; i++) {
        moldau__job_init(&t->jobs[i].job, job_run, t);
        t->jobs[i].seq = i;
        moldau__reactor_post(t->r, &t->jobs[i].job);
        if (i % 100 == 0)
            sched_yield(); /* let the reactor drain between bursts too */
    }
    return NULL;
}

START_TEST(jobs_from_another_thread_run_on_reactor_thread_in_order)
{
    job_test_t *t = calloc(1, sizeof(*t));
    t->r = new_reactor();
    t->reactor_thread = pthread_self();
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, post_jobs, t), 0);
    for (int spins = 0; t->ran < N_JOBS && spins < MAX_SPINS; spins++)
        ck_assert_int_ge(moldau__reactor_run_once(t->r, -1), 0);
    pthread_join(th, NULL);
    ck_assert_int_eq(t->ran, N_JOBS);
    ck_assert_int_eq(t->wrong_thread, 0);
    ck_assert_int_eq(t->destroyed, 0);
    moldau__reactor_destroy(t->r);
    free(t);
}
END_TEST

static void *wake_it(void *arg)
{
    moldau__reactor_wakeup(arg);
    return NULL;
}

START_TEST(wakeup_returns_a_blocked_run_once)
{
    moldau__reactor_t *r = new_reactor();
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, wake_it, r), 0);
    /* Blocks without timeout: only the wakeup can make it return. */
    ck_assert_int_eq(moldau__reactor_run_once(r, -1), 1);
    pthread_join(th, NULL);
    ck_assert_int_eq(moldau__reactor_run_once(r, 0), 0);
    moldau__reactor_destroy(r);
}
END_TEST

START_TEST(destroy_hands_back_queued_jobs)
{
    job_test_t *t = calloc(1, sizeof(*t));
    t->r = new_reactor();
    for (int i = 0; i < 5; i++) {
        moldau__job_init(&t->jobs[i].job, job_run, t);
        moldau__reactor_post(t->r, &t->jobs[i].job);
    }
    moldau__reactor_destroy(t->r);
    ck_assert_int_eq(t->destroyed, 5);
    ck_assert_int_eq(t->ran, 0);
    free(t);
}
END_TEST

/* ---- embedding in an outer loop ---------------------------------------------------------- */

typedef struct {
    moldau__reactor_t *r;
    moldau__job_t job;
    moldau__timer_t timer;
    int job_ran, timer_fired;
} embed_t;

static void embed_job(moldau__reactor_t *r, moldau__job_t *job, moldau_err_t err)
{
    (void)r;
    if (err == MOLDAU_ERR_NONE)
        ((embed_t *)job->opaque)->job_ran++;
}

static void embed_timer(moldau__reactor_t *r, moldau__timer_t *t)
{
    (void)r;
    ((embed_t *)t->opaque)->timer_fired++;
}

static void *post_embed_job(void *arg)
{
    embed_t *e = arg;
    moldau__reactor_post(e->r, &e->job);
    return NULL;
}

START_TEST(driven_from_an_outer_epoll_loop)
{
    embed_t e = {0};
    e.r = new_reactor();
    int rfd = moldau__reactor_fd(e.r);
#ifdef __linux__
    if (strcmp(moldau__reactor_backend(), "poll") == 0) {
        ck_assert_int_eq(rfd, -1); /* the poll backend cannot be embedded */
        moldau__reactor_destroy(e.r);
        return;
    }
    ck_assert_int_ge(rfd, 0);
    int outer = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN};
    ck_assert_int_eq(epoll_ctl(outer, EPOLL_CTL_ADD, rfd, &ev), 0);

    moldau__job_init(&e.job, embed_job, &e);
    moldau__timer_init(&e.timer, embed_timer, &e);
    moldau__timer_arm(e.r, &e.timer, moldau__now_ms() + 20);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, post_embed_job, &e), 0);
    /* The application's loop: sleep on its own epoll set for at most next_timeout, then let
     * the reactor do what is ready without blocking. */
    for (int spins = 0; (!e.job_ran || !e.timer_fired) && spins < MAX_SPINS; spins++) {
        struct epoll_event got;
        int n = epoll_wait(outer, &got, 1, moldau__reactor_next_timeout(e.r));
        ck_assert_int_ge(n, 0);
        ck_assert_int_ge(moldau__reactor_run_once(e.r, 0), 0);
    }
    pthread_join(th, NULL);
    ck_assert_int_eq(e.job_ran, 1);
    ck_assert_int_eq(e.timer_fired, 1);
    ck_assert_int_eq(moldau__reactor_next_timeout(e.r), -1);
    close(outer);
#else
    ck_assert_int_eq(rfd, -1);
#endif
    moldau__reactor_destroy(e.r);
}
END_TEST

Suite *moldau_test_net_reactor_suite(void)
{
    Suite *s = suite_create("net_reactor");
    TCase *tc = tcase_create("reactor");
    tcase_add_test(tc, timers_fire_in_deadline_order);
    tcase_add_test(tc, timer_arm_earliest_keeps_the_earliest);
    tcase_add_test(tc, timer_heap_random_operations);
    tcase_add_test(tc, timer_rearmed_from_callback_does_not_spin);
    tcase_add_test(tc, deferred_run_before_sleeping);
    tcase_add_test(tc, io_removed_while_its_event_is_pending);
    tcase_add_test(tc, io_interest_changes);
    tcase_add_test(tc, jobs_from_another_thread_run_on_reactor_thread_in_order);
    tcase_add_test(tc, wakeup_returns_a_blocked_run_once);
    tcase_add_test(tc, destroy_hands_back_queued_jobs);
    tcase_add_test(tc, driven_from_an_outer_epoll_loop);
    suite_add_tcase(s, tc);
    return s;
}
