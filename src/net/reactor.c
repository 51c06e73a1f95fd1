/* The reactor: epoll (or poll) + a timer min-heap + deferred callbacks + a locked job queue with
 * a wakeup descriptor. See reactor.h for the contract. */
#include "net/reactor.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if !defined(MOLDAU_REACTOR_POLL) && !defined(__linux__)
#define MOLDAU_REACTOR_POLL 1
#endif
#if !defined(MOLDAU_REACTOR_PIPE) && !defined(__linux__)
#define MOLDAU_REACTOR_PIPE 1
#endif

#ifdef MOLDAU_REACTOR_POLL
#include <poll.h>
#else
#include <sys/epoll.h>
#endif
#ifndef MOLDAU_REACTOR_PIPE
#include <sys/eventfd.h>
#endif

#include "util/fifo.h"

#define EPOLL_BATCH 128
/* A deferred callback that keeps re-queuing itself must not starve the wait. */
#define DEFER_PASSES 8

struct moldau__reactor {
#ifdef MOLDAU_REACTOR_POLL
    struct pollfd *pfds;
    moldau__io_t **ios;   /* ios[i] owns pfds[i]; NULL while a removal waits for compaction */
    size_t n_fds, cap_fds;
    int dispatching;      /* removals during dispatch only mark, compaction comes after */
    int holes;
#else
    int epfd;
    struct epoll_event events[EPOLL_BATCH];
    int ev_next, ev_count; /* the part of events[] still to dispatch (io_del scrubs it) */
#endif

    moldau__timer_t **heap;
    size_t n_timers, cap_timers;
    uint64_t timer_seq;

    moldau__defer_t deferred; /* ring sentinel */

    /* Wakeup: wake_rd is watched; wake_wr is written (the same eventfd, or a pipe's ends). */
    int wake_rd, wake_wr;
    moldau__io_t wake_io;
    atomic_int wake_pending; /* set by the first wakeup, cleared by the reactor before it drains */
    pthread_mutex_t lock;    /* guards the job queue */
    MOLDAU__FIFO(moldau__job_t) jobs; /* through ->next, under lock */
    _Atomic(struct moldau__rbuf_pool *) rbuf_pool;
};

void moldau__reactor_set_rbuf_pool(moldau__reactor_t *r, struct moldau__rbuf_pool *pool)
{
    atomic_store(&r->rbuf_pool, pool);
}

struct moldau__rbuf_pool *moldau__reactor_rbuf_pool(moldau__reactor_t *r)
{
    return atomic_load(&r->rbuf_pool);
}

const char *moldau__reactor_backend(void)
{
#ifdef MOLDAU_REACTOR_POLL
    return "poll";
#else
    return "epoll";
#endif
}

/* ---- timer heap ------------------------------------------------------------------------- */

static int timer_before(const moldau__timer_t *a, const moldau__timer_t *b)
{
    return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
}

static void heap_place(moldau__reactor_t *r, size_t i, moldau__timer_t *t)
{
    r->heap[i] = t;
    t->slot = i;
}

static void heap_up(moldau__reactor_t *r, size_t i)
{
    moldau__timer_t *t = r->heap[i];
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!timer_before(t, r->heap[parent]))
            break;
        heap_place(r, i, r->heap[parent]);
        i = parent;
    }
    heap_place(r, i, t);
}

static void heap_down(moldau__reactor_t *r, size_t i)
{
    moldau__timer_t *t = r->heap[i];
    size_t n = r->n_timers;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && timer_before(r->heap[c + 1], r->heap[c]))
            c++;
        if (!timer_before(r->heap[c], t))
            break;
        heap_place(r, i, r->heap[c]);
        i = c;
    }
    heap_place(r, i, t);
}

static void heap_remove(moldau__reactor_t *r, size_t i)
{
    moldau__timer_t *t = r->heap[i];
    moldau__timer_t *last = r->heap[--r->n_timers];
    t->slot = SIZE_MAX;
    if (i == r->n_timers)
        return;
    heap_place(r, i, last);
    if (i > 0 && timer_before(last, r->heap[(i - 1) / 2]))
        heap_up(r, i);
    else
        heap_down(r, i);
}

void moldau__timer_init(moldau__timer_t *t, moldau__timer_cb cb, void *opaque)
{
    memset(t, 0, sizeof(*t));
    t->cb = cb;
    t->opaque = opaque;
    t->slot = SIZE_MAX;
}

int moldau__timer_armed(const moldau__timer_t *t) { return t->slot != SIZE_MAX; }

int64_t moldau__timer_deadline(const moldau__timer_t *t) { return t->deadline; }

moldau_err_t moldau__timer_arm(moldau__reactor_t *r, moldau__timer_t *t, int64_t deadline_ms)
{
    if (moldau__timer_armed(t))
        heap_remove(r, t->slot);
    if (r->n_timers == r->cap_timers) {
        size_t cap = r->cap_timers ? r->cap_timers * 2 : 64;
        moldau__timer_t **h = realloc(r->heap, cap * sizeof(*h));
        if (!h)
            return MOLDAU_ERR__NO_MEMORY;
        r->heap = h;
        r->cap_timers = cap;
    }
    t->deadline = deadline_ms;
    t->seq = r->timer_seq++;
    heap_place(r, r->n_timers++, t);
    heap_up(r, t->slot);
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__timer_arm_earliest(moldau__reactor_t *r, moldau__timer_t *t,
                                        int64_t deadline_ms)
{
    if (deadline_ms <= 0 || (moldau__timer_armed(t) && t->deadline <= deadline_ms))
        return MOLDAU_ERR_NONE;
    return moldau__timer_arm(r, t, deadline_ms);
}

void moldau__timer_cancel(moldau__reactor_t *r, moldau__timer_t *t)
{
    if (moldau__timer_armed(t))
        heap_remove(r, t->slot);
}

static int run_timers(moldau__reactor_t *r)
{
    int ran = 0;
    int64_t now = moldau__now_ms();
    uint64_t armed_before = r->timer_seq; /* timers (re-)armed by these callbacks wait */
    while (r->n_timers > 0) {
        moldau__timer_t *t = r->heap[0];
        if (t->deadline > now || t->seq >= armed_before)
            break;
        heap_remove(r, 0);
        t->cb(r, t);
        ran++;
    }
    return ran;
}

/* ---- deferred callbacks ----------------------------------------------------------------- */

void moldau__defer_init(moldau__defer_t *d, moldau__defer_fn fn, void *opaque)
{
    d->fn = fn;
    d->opaque = opaque;
    d->prev = d->next = NULL;
}

int moldau__defer_queued(const moldau__defer_t *d) { return d->next != NULL; }

static void ring_unlink(moldau__defer_t *d)
{
    d->prev->next = d->next;
    d->next->prev = d->prev;
    d->prev = d->next = NULL;
}

static void ring_append(moldau__defer_t *ring, moldau__defer_t *d)
{
    d->prev = ring->prev;
    d->next = ring;
    ring->prev->next = d;
    ring->prev = d;
}

void moldau__defer(moldau__reactor_t *r, moldau__defer_t *d)
{
    if (!moldau__defer_queued(d))
        ring_append(&r->deferred, d);
}

void moldau__defer_cancel(moldau__defer_t *d)
{
    if (moldau__defer_queued(d))
        ring_unlink(d);
}

static int run_deferred(moldau__reactor_t *r)
{
    int ran = 0;
    for (int pass = 0; pass < DEFER_PASSES && r->deferred.next != &r->deferred; pass++) {
        /* Move this pass's nodes to a local ring: nodes queued by their callbacks wait for the
         * next pass, and a node cancelled meanwhile simply leaves the local ring. */
        moldau__defer_t local;
        local.next = r->deferred.next;
        local.prev = r->deferred.prev;
        local.next->prev = &local;
        local.prev->next = &local;
        r->deferred.next = r->deferred.prev = &r->deferred;
        while (local.next != &local) {
            moldau__defer_t *d = local.next;
            ring_unlink(d);
            d->fn(r, d);
            ran++;
        }
    }
    return ran;
}

/* ---- jobs and wakeup -------------------------------------------------------------------- */

void moldau__job_init(moldau__job_t *job, moldau__job_fn fn, void *opaque)
{
    job->fn = fn;
    job->opaque = opaque;
    job->next = NULL;
}

void moldau__reactor_wakeup(moldau__reactor_t *r)
{
    if (atomic_exchange(&r->wake_pending, 1))
        return;
#ifdef MOLDAU_REACTOR_PIPE
    static const uint8_t one = 1;
    ssize_t n = write(r->wake_wr, &one, 1);
#else
    uint64_t one = 1;
    ssize_t n = write(r->wake_wr, &one, sizeof(one));
#endif
    /* A full pipe (EAGAIN) already means the reactor will wake; nothing else can fail here. */
    (void)n;
}

void moldau__reactor_post(moldau__reactor_t *r, moldau__job_t *job)
{
    pthread_mutex_lock(&r->lock);
    moldau__fifo_push(&r->jobs, job, next);
    pthread_mutex_unlock(&r->lock);
    moldau__reactor_wakeup(r);
}

static moldau__job_t *take_jobs(moldau__reactor_t *r)
{
    pthread_mutex_lock(&r->lock);
    moldau__job_t *jobs = r->jobs.head;
    moldau__fifo_init(&r->jobs);
    pthread_mutex_unlock(&r->lock);
    return jobs;
}

static int run_jobs(moldau__reactor_t *r, moldau__job_t *jobs, moldau_err_t err)
{
    int ran = 0;
    while (jobs) {
        moldau__job_t *job = jobs;
        jobs = job->next;
        job->next = NULL;
        job->fn(r, job, err);
        ran++;
    }
    return ran;
}

static void on_wake(moldau__reactor_t *r, moldau__io_t *io, unsigned events)
{
    (void)io;
    (void)events;
    /* Drain, then clear the flag, then take the queue. A poster that finds the flag set
     * appended its job before this clear, so the take below gets it; one that finds it clear
     * writes again. (Clearing before draining could swallow that write and strand a job.) */
    uint8_t buf[64];
    while (read(r->wake_rd, buf, sizeof(buf)) > 0) {
#ifndef MOLDAU_REACTOR_PIPE
        break; /* an eventfd read returns and resets the whole counter */
#endif
    }
    atomic_store(&r->wake_pending, 0);
    run_jobs(r, take_jobs(r), MOLDAU_ERR_NONE);
}

static int wake_open(moldau__reactor_t *r)
{
#ifdef MOLDAU_REACTOR_PIPE
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    r->wake_rd = fds[0];
    r->wake_wr = fds[1];
#else
    r->wake_rd = r->wake_wr = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (r->wake_rd < 0)
        return -1;
#endif
    return 0;
}

/* ---- descriptors: epoll ----------------------------------------------------------------- */

void moldau__io_init(moldau__io_t *io, int fd, moldau__io_cb cb, void *opaque)
{
    memset(io, 0, sizeof(*io));
    io->fd = fd;
    io->cb = cb;
    io->opaque = opaque;
}

#ifndef MOLDAU_REACTOR_POLL

static int backend_open(moldau__reactor_t *r)
{
    r->epfd = epoll_create1(EPOLL_CLOEXEC);
    return r->epfd < 0 ? -1 : 0;
}

static void backend_close(moldau__reactor_t *r)
{
    if (r->epfd >= 0)
        close(r->epfd);
}

int moldau__reactor_fd(const moldau__reactor_t *r) { return r->epfd; }

static uint32_t to_epoll(unsigned interest)
{
    return (interest & MOLDAU__IO_READ ? EPOLLIN : 0) | (interest & MOLDAU__IO_WRITE ? EPOLLOUT : 0);
}

moldau_err_t moldau__io_add(moldau__reactor_t *r, moldau__io_t *io, unsigned interest)
{
    if (io->registered)
        return moldau__io_set(r, io, interest);
    struct epoll_event ev = {.events = to_epoll(interest), .data.ptr = io};
    if (epoll_ctl(r->epfd, EPOLL_CTL_ADD, io->fd, &ev) < 0)
        return errno == ENOMEM ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR__TRANSPORT;
    io->interest = interest;
    io->registered = 1;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__io_set(moldau__reactor_t *r, moldau__io_t *io, unsigned interest)
{
    if (!io->registered)
        return moldau__io_add(r, io, interest);
    if (interest == io->interest)
        return MOLDAU_ERR_NONE;
    struct epoll_event ev = {.events = to_epoll(interest), .data.ptr = io};
    if (epoll_ctl(r->epfd, EPOLL_CTL_MOD, io->fd, &ev) < 0)
        return errno == ENOMEM ? MOLDAU_ERR__NO_MEMORY : MOLDAU_ERR__TRANSPORT;
    io->interest = interest;
    return MOLDAU_ERR_NONE;
}

void moldau__io_del(moldau__reactor_t *r, moldau__io_t *io)
{
    if (!io->registered)
        return;
    epoll_ctl(r->epfd, EPOLL_CTL_DEL, io->fd, NULL);
    io->registered = 0;
    io->interest = 0;
    /* The io may be freed right after this: forget events already fetched for it. */
    for (int i = r->ev_next; i < r->ev_count; i++)
        if (r->events[i].data.ptr == io)
            r->events[i].data.ptr = NULL;
}

static int backend_wait(moldau__reactor_t *r, int timeout_ms)
{
    int n = epoll_wait(r->epfd, r->events, EPOLL_BATCH, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    int ran = 0;
    r->ev_count = n;
    for (r->ev_next = 0; r->ev_next < r->ev_count;) {
        struct epoll_event *ev = &r->events[r->ev_next++];
        moldau__io_t *io = ev->data.ptr;
        if (!io)
            continue;
        unsigned got = (ev->events & EPOLLIN ? MOLDAU__IO_READ : 0) |
                       (ev->events & EPOLLOUT ? MOLDAU__IO_WRITE : 0);
        if (ev->events & (EPOLLERR | EPOLLHUP))
            got |= MOLDAU__IO_ERROR | io->interest;
        got &= io->interest | MOLDAU__IO_ERROR;
        if (!got)
            continue;
        io->cb(r, io, got);
        ran++;
    }
    r->ev_next = r->ev_count = 0;
    return ran;
}

#else /* ---- descriptors: poll ------------------------------------------------------------- */

static int backend_open(moldau__reactor_t *r)
{
    (void)r;
    return 0;
}

static void backend_close(moldau__reactor_t *r)
{
    free(r->pfds);
    free(r->ios);
}

int moldau__reactor_fd(const moldau__reactor_t *r)
{
    (void)r;
    return -1;
}

static short to_poll(unsigned interest)
{
    return (short)((interest & MOLDAU__IO_READ ? POLLIN : 0) |
                   (interest & MOLDAU__IO_WRITE ? POLLOUT : 0));
}

moldau_err_t moldau__io_add(moldau__reactor_t *r, moldau__io_t *io, unsigned interest)
{
    if (io->registered)
        return moldau__io_set(r, io, interest);
    if (r->n_fds == r->cap_fds) {
        size_t cap = r->cap_fds ? r->cap_fds * 2 : 16;
        struct pollfd *p = realloc(r->pfds, cap * sizeof(*p));
        if (!p)
            return MOLDAU_ERR__NO_MEMORY;
        r->pfds = p;
        moldau__io_t **ios = realloc(r->ios, cap * sizeof(*ios));
        if (!ios)
            return MOLDAU_ERR__NO_MEMORY;
        r->ios = ios;
        r->cap_fds = cap;
    }
    io->slot = r->n_fds++;
    r->pfds[io->slot] = (struct pollfd){.fd = io->fd, .events = to_poll(interest), .revents = 0};
    r->ios[io->slot] = io;
    io->interest = interest;
    io->registered = 1;
    return MOLDAU_ERR_NONE;
}

moldau_err_t moldau__io_set(moldau__reactor_t *r, moldau__io_t *io, unsigned interest)
{
    if (!io->registered)
        return moldau__io_add(r, io, interest);
    r->pfds[io->slot].events = to_poll(interest);
    io->interest = interest;
    return MOLDAU_ERR_NONE;
}

static void poll_swap_remove(moldau__reactor_t *r, size_t i)
{
    size_t last = --r->n_fds;
    if (i != last) {
        r->pfds[i] = r->pfds[last];
        r->ios[i] = r->ios[last];
        r->ios[i]->slot = i;
    }
}

void moldau__io_del(moldau__reactor_t *r, moldau__io_t *io)
{
    if (!io->registered)
        return;
    io->registered = 0;
    io->interest = 0;
    if (r->dispatching) {
        /* Keep indexes stable while dispatch walks the arrays. */
        r->ios[io->slot] = NULL;
        r->pfds[io->slot].fd = -1;
        r->pfds[io->slot].revents = 0;
        r->holes = 1;
    } else {
        poll_swap_remove(r, io->slot);
    }
}

static int backend_wait(moldau__reactor_t *r, int timeout_ms)
{
    int n = poll(r->pfds, (nfds_t)r->n_fds, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    int ran = 0;
    size_t count = r->n_fds; /* ios added by callbacks were not polled */
    r->dispatching = 1;
    for (size_t i = 0; i < count && n > 0; i++) {
        short ev = r->pfds[i].revents;
        moldau__io_t *io = r->ios[i];
        if (!ev || !io)
            continue;
        n--;
        r->pfds[i].revents = 0;
        unsigned got = (ev & POLLIN ? MOLDAU__IO_READ : 0) | (ev & POLLOUT ? MOLDAU__IO_WRITE : 0);
        if (ev & (POLLERR | POLLHUP | POLLNVAL))
            got |= MOLDAU__IO_ERROR | io->interest;
        got &= io->interest | MOLDAU__IO_ERROR;
        if (!got)
            continue;
        io->cb(r, io, got);
        ran++;
    }
    r->dispatching = 0;
    if (r->holes) {
        for (size_t i = r->n_fds; i-- > 0;)
            if (!r->ios[i])
                poll_swap_remove(r, i);
        r->holes = 0;
    }
    return ran;
}

#endif

/* ---- the loop --------------------------------------------------------------------------- */

moldau__reactor_t *moldau__reactor_new(char *errstr, size_t errstr_size)
{
    moldau__reactor_t *r = calloc(1, sizeof(*r));
    if (!r) {
        snprintf(errstr, errstr_size, "out of memory");
        return NULL;
    }
#ifndef MOLDAU_REACTOR_POLL
    r->epfd = -1;
#endif
    r->wake_rd = r->wake_wr = -1;
    r->deferred.next = r->deferred.prev = &r->deferred;
    atomic_init(&r->wake_pending, 0);
    if (pthread_mutex_init(&r->lock, NULL) != 0) {
        snprintf(errstr, errstr_size, "cannot create the reactor's lock");
        free(r);
        return NULL;
    }
    const char *what = NULL;
    if (backend_open(r) < 0)
        what = "epoll_create1";
    else if (wake_open(r) < 0)
        what = "wakeup descriptor";
    else {
        moldau__io_init(&r->wake_io, r->wake_rd, on_wake, r);
        if (moldau__io_add(r, &r->wake_io, MOLDAU__IO_READ) != MOLDAU_ERR_NONE)
            what = "registering the wakeup descriptor";
    }
    if (what) {
        snprintf(errstr, errstr_size, "reactor: %s failed: %s", what, strerror(errno));
        moldau__reactor_destroy(r);
        return NULL;
    }
    return r;
}

void moldau__reactor_destroy(moldau__reactor_t *r)
{
    if (!r)
        return;
    if (r->wake_io.registered)
        moldau__io_del(r, &r->wake_io);
    run_jobs(r, take_jobs(r), MOLDAU_ERR__DESTROYED);
    while (r->deferred.next != &r->deferred)
        ring_unlink(r->deferred.next);
    for (size_t i = 0; i < r->n_timers; i++)
        r->heap[i]->slot = SIZE_MAX;
    free(r->heap);
    if (r->wake_rd >= 0)
        close(r->wake_rd);
    if (r->wake_wr >= 0 && r->wake_wr != r->wake_rd)
        close(r->wake_wr);
    backend_close(r);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

int moldau__reactor_next_timeout(moldau__reactor_t *r)
{
    if (r->deferred.next != &r->deferred)
        return 0;
    if (r->n_timers == 0)
        return -1;
    int64_t wait = r->heap[0]->deadline - moldau__now_ms();
    if (wait <= 0)
        return 0;
    return wait > INT_MAX ? INT_MAX : (int)wait;
}

int moldau__reactor_run_once(moldau__reactor_t *r, int timeout_ms)
{
    int ran = run_deferred(r);
    int wait = moldau__reactor_next_timeout(r);
    if (timeout_ms >= 0 && (wait < 0 || timeout_ms < wait))
        wait = timeout_ms;
    int n = backend_wait(r, wait);
    if (n < 0)
        return -1;
    ran += n;
    ran += run_timers(r);
    ran += run_deferred(r);
    return ran;
}
