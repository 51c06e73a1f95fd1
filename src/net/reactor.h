/*
 * The reactor: one single-threaded event loop that owns every socket of a client.
 *
 * It waits on file descriptors (epoll on Linux; poll(2) when built with -DMOLDAU_REACTOR_POLL or
 * on systems without epoll), runs timers kept in a min-heap on CLOCK_MONOTONIC milliseconds,
 * runs "deferred" callbacks before it next sleeps (used to gather many small sends made in one
 * iteration into one writev), and runs jobs other threads hand it through a locked queue plus a
 * wakeup descriptor (eventfd; a pipe when built with -DMOLDAU_REACTOR_PIPE or without eventfd).
 *
 * It starts no thread. Whoever owns it calls moldau__reactor_run_once() in a loop: the client's
 * I/O thread, or an application's own event loop, which watches moldau__reactor_fd() and
 * honours moldau__reactor_next_timeout() (application-driven mode).
 *
 * Threads: everything here must be called on the thread that runs the reactor, except
 * moldau__reactor_post() and moldau__reactor_wakeup(), which any thread may call.
 *
 * Handles (io, timer, job, defer) are structs owned and embedded by the caller, so registering
 * them never allocates per handle; the reactor keeps pointers to them while they are
 * registered/armed/queued, so they must stay put (and be unregistered) until then.
 */
#ifndef MOLDAU_NET_REACTOR_H
#define MOLDAU_NET_REACTOR_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"
#include "util/clock.h"

typedef struct moldau__reactor moldau__reactor_t;
typedef struct moldau__io moldau__io_t;
typedef struct moldau__timer moldau__timer_t;
typedef struct moldau__job moldau__job_t;
typedef struct moldau__defer moldau__defer_t;

/* moldau__now_ms(): milliseconds on CLOCK_MONOTONIC, the clock of every deadline in net/. */

/* ---- the loop --------------------------------------------------------------------------- */

/* A new reactor, or NULL with a reason in errstr. */
moldau__reactor_t *moldau__reactor_new(char *errstr, size_t errstr_size);
/* Frees the reactor. Every io must have been removed first. Jobs still queued are run with
 * MOLDAU_ERR__DESTROYED so they can free what they own; armed timers and deferred callbacks are
 * dropped without being called (their owners are being torn down too). */
void moldau__reactor_destroy(moldau__reactor_t *r);

struct moldau__rbuf_pool;
/* The pool (net/rbuf_pool.h) the client's connections take their next read buffer from after
 * giving one away, or NULL (the default: fresh allocations). Set by the client's owner (the
 * consumer, which owns the pool and outlives the reactor's connections); any thread. */
void moldau__reactor_set_rbuf_pool(moldau__reactor_t *r, struct moldau__rbuf_pool *pool);
struct moldau__rbuf_pool *moldau__reactor_rbuf_pool(moldau__reactor_t *r);

/* Runs deferred callbacks, waits up to timeout_ms (-1 = until something happens; 0 = do not
 * block) or until the next timer is due, then runs ready io callbacks, due timers, queued jobs
 * and deferred callbacks, and returns. Returns how many callbacks ran (0 when the wait timed out
 * or was interrupted by a signal), or -1 with errno set when waiting failed. */
int moldau__reactor_run_once(moldau__reactor_t *r, int timeout_ms);

/* How long the owner may sleep before the next run_once is due: milliseconds until the next
 * timer (0 if a timer is due or deferred work is pending), or -1 when nothing is scheduled.
 * Readiness of a descriptor or a wakeup shows as moldau__reactor_fd() becoming readable. */
int moldau__reactor_next_timeout(moldau__reactor_t *r);

/* The descriptor to watch for readability when embedding the reactor in another loop: the
 * epoll descriptor. Returns -1 with the poll backend, which has no single descriptor. */
int moldau__reactor_fd(const moldau__reactor_t *r);

/* "epoll" or "poll": the backend compiled in. */
const char *moldau__reactor_backend(void);

/* ---- descriptors ------------------------------------------------------------------------- */

enum {
    MOLDAU__IO_READ = 1,
    MOLDAU__IO_WRITE = 2,
    MOLDAU__IO_ERROR = 4 /* reported only: error or hang-up; try the operation to learn which */
};

/* Called with the events that are ready (a subset of the interest, plus MOLDAU__IO_ERROR, which
 * comes with every interest bit set so the owner tries its read or write and sees the error). */
typedef void (*moldau__io_cb)(moldau__reactor_t *r, moldau__io_t *io, unsigned events);

struct moldau__io {
    int fd;
    moldau__io_cb cb;
    void *opaque;
    /* private */
    unsigned interest;
    int registered;
    size_t slot; /* poll backend: index in the pollfd array */
};

void moldau__io_init(moldau__io_t *io, int fd, moldau__io_cb cb, void *opaque);
/* Registers io->fd with an interest (MOLDAU__IO_READ | MOLDAU__IO_WRITE, or 0). Returns
 * MOLDAU_ERR_NONE, MOLDAU_ERR__NO_MEMORY, or MOLDAU_ERR__TRANSPORT with errno set. */
moldau_err_t moldau__io_add(moldau__reactor_t *r, moldau__io_t *io, unsigned interest);
/* Changes the interest; free when it does not change. Same returns as moldau__io_add. */
moldau_err_t moldau__io_set(moldau__reactor_t *r, moldau__io_t *io, unsigned interest);
/* Unregisters the io (no-op when not registered); call before closing the descriptor. Safe from
 * any callback, including the io's own: events already collected for it are discarded. */
void moldau__io_del(moldau__reactor_t *r, moldau__io_t *io);

/* ---- timers ------------------------------------------------------------------------------ */

typedef void (*moldau__timer_cb)(moldau__reactor_t *r, moldau__timer_t *t);

struct moldau__timer {
    moldau__timer_cb cb;
    void *opaque;
    /* private */
    int64_t deadline;
    uint64_t seq;  /* arming order: equal deadlines fire in the order they were armed */
    size_t slot;   /* heap index, or SIZE_MAX when not armed */
};

void moldau__timer_init(moldau__timer_t *t, moldau__timer_cb cb, void *opaque);
/* Arms (or re-arms) the timer to fire once at deadline_ms (moldau__now_ms() clock); O(log n).
 * Returns MOLDAU_ERR_NONE or MOLDAU_ERR__NO_MEMORY (the heap could not grow; the timer is then
 * not armed). A timer armed from a timer callback with a deadline already passed fires in the
 * next run_once, never in the current one, so a timer that re-arms itself cannot spin. */
moldau_err_t moldau__timer_arm(moldau__reactor_t *r, moldau__timer_t *t, int64_t deadline_ms);
/* For a timer that stands for many deadlines (of requests waiting, say) and so must fire at
 * the earliest: arms t at deadline_ms unless it is armed for that time or earlier already.
 * deadline_ms <= 0 means none: nothing changes. To re-arm for what is left after some went,
 * cancel it, then call this for each deadline left. Returns as moldau__timer_arm does (and
 * MOLDAU_ERR_NONE when it leaves the timer as it was). */
moldau_err_t moldau__timer_arm_earliest(moldau__reactor_t *r, moldau__timer_t *t,
                                        int64_t deadline_ms);
/* Disarms the timer (no-op when not armed); O(log n). */
void moldau__timer_cancel(moldau__reactor_t *r, moldau__timer_t *t);
int moldau__timer_armed(const moldau__timer_t *t);
/* The deadline of an armed timer. */
int64_t moldau__timer_deadline(const moldau__timer_t *t);

/* ---- deferred callbacks (reactor thread only) --------------------------------------------- */

typedef void (*moldau__defer_fn)(moldau__reactor_t *r, moldau__defer_t *d);

struct moldau__defer {
    moldau__defer_fn fn;
    void *opaque;
    /* private: a ring with a sentinel, so cancelling is O(1) wherever the node is */
    moldau__defer_t *prev, *next;
};

void moldau__defer_init(moldau__defer_t *d, moldau__defer_fn fn, void *opaque);
/* Queues d to run once before the reactor next sleeps (at the end of the current run_once, or
 * at the start of the next one when called outside run_once). Queuing it again while queued
 * does nothing. */
void moldau__defer(moldau__reactor_t *r, moldau__defer_t *d);
void moldau__defer_cancel(moldau__defer_t *d);
int moldau__defer_queued(const moldau__defer_t *d);

/* ---- work from other threads ------------------------------------------------------------ */

/* err: MOLDAU_ERR_NONE when run by run_once on the reactor thread; MOLDAU_ERR__DESTROYED when
 * the reactor is destroyed first (the job should only release what it owns). */
typedef void (*moldau__job_fn)(moldau__reactor_t *r, moldau__job_t *job, moldau_err_t err);

struct moldau__job {
    moldau__job_fn fn;
    void *opaque;
    /* private */
    moldau__job_t *next;
};

void moldau__job_init(moldau__job_t *job, moldau__job_fn fn, void *opaque);
/* Thread-safe. Queues the job (which must stay valid until its fn has been called, exactly
 * once) and wakes the reactor. Jobs run in the order they were posted. */
void moldau__reactor_post(moldau__reactor_t *r, moldau__job_t *job);
/* Thread-safe. Makes a blocked or the next run_once return promptly. Wakeups coalesce: many
 * calls before the reactor notices cost one write to the descriptor. */
void moldau__reactor_wakeup(moldau__reactor_t *r);

#endif
