/* The application queue; see opq.h. Ops are served outside the lock so that a callback may
 * produce, poll or push again without deadlocking. */
#include <errno.h>
#include <time.h>

#include "client/opq.h"
#include "util/clock.h"

int moldau__opq_init(moldau__opq_t *q)
{
    moldau__fifo_init(&q->ops);
    q->len = 0;
    q->waiters_woken = 0;
    q->on_ready = NULL;
    q->on_ready_opaque = NULL;
    q->linked = NULL;
    if (pthread_mutex_init(&q->lock, NULL))
        return -1;
    if (moldau__cond_init_monotonic(&q->cond)) {
        pthread_mutex_destroy(&q->lock);
        return -1;
    }
    return 0;
}

void moldau__opq_destroy(moldau__opq_t *q)
{
    moldau__op_t *op;
    for (;;) {
        moldau__fifo_pop(&q->ops, op, next);
        if (!op)
            break;
        if (op->destroy)
            op->destroy(op);
    }
    pthread_cond_destroy(&q->cond);
    pthread_mutex_destroy(&q->lock);
}

void moldau__opq_push(moldau__opq_t *q, moldau__op_t *op)
{
    pthread_mutex_lock(&q->lock);
    int was_empty = moldau__fifo_empty(&q->ops);
    moldau__fifo_push(&q->ops, op, next);
    q->len++;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
    if (was_empty && q->on_ready)
        q->on_ready(q->on_ready_opaque);
    if (q->linked)
        moldau__opq_wake(q->linked);
}

void moldau__opq_link(moldau__opq_t *q, moldau__opq_t *to) { q->linked = to; }

size_t moldau__opq_len(moldau__opq_t *q)
{
    pthread_mutex_lock(&q->lock);
    size_t n = q->len;
    pthread_mutex_unlock(&q->lock);
    return n;
}

void moldau__opq_wake(moldau__opq_t *q)
{
    pthread_mutex_lock(&q->lock);
    q->waiters_woken = 1;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

/* Waits (locked) until an op is there, a wake came, or the timeout passed. */
static void wait_locked(moldau__opq_t *q, int timeout_ms)
{
    struct timespec deadline;
    if (timeout_ms > 0)
        moldau__abstime_after_ms(&deadline, timeout_ms);
    while (moldau__fifo_empty(&q->ops) && timeout_ms != 0 && !q->waiters_woken) {
        int rc = timeout_ms < 0 ? pthread_cond_wait(&q->cond, &q->lock)
                                : pthread_cond_timedwait(&q->cond, &q->lock, &deadline);
        if (rc == ETIMEDOUT)
            break;
    }
    q->waiters_woken = 0;
}

/* Detaches up to max ops (0: all), locked. */
static moldau__op_t *take_locked(moldau__opq_t *q, size_t max, size_t *n_out)
{
    MOLDAU__FIFO(moldau__op_t) taken = {NULL, NULL};
    size_t n = 0;
    if (max == 0) {
        taken.head = q->ops.head;
        taken.tail = q->ops.tail;
        moldau__fifo_init(&q->ops);
        n = q->len;
    } else {
        for (moldau__op_t *op; n < max; n++) {
            moldau__fifo_pop(&q->ops, op, next);
            if (!op)
                break;
            moldau__fifo_push(&taken, op, next);
        }
    }
    q->len -= n;
    moldau__op_t *list = taken.head;
    *n_out = n;
    return list;
}

void moldau__op_serve(moldau__op_t *op, void *ctx)
{
    if (op->serve)
        op->serve(op, ctx);
    if (op->destroy)
        op->destroy(op);
}

size_t moldau__opq_serve(moldau__opq_t *q, int timeout_ms, size_t max, void *ctx)
{
    size_t n;
    pthread_mutex_lock(&q->lock);
    wait_locked(q, timeout_ms);
    moldau__op_t *list = take_locked(q, max, &n);
    pthread_mutex_unlock(&q->lock);
    while (list) { /* unlocked: a callback may push again */
        moldau__op_t *next = list->next;
        moldau__op_serve(list, ctx);
        list = next;
    }
    return n;
}

moldau__op_t *moldau__opq_pop(moldau__opq_t *q, int timeout_ms)
{
    size_t n;
    pthread_mutex_lock(&q->lock);
    wait_locked(q, timeout_ms);
    moldau__op_t *op = take_locked(q, 1, &n);
    pthread_mutex_unlock(&q->lock);
    return op;
}
