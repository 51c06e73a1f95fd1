/* The application queue; see opq.h. Ops are served outside the lock so that a callback may
 * produce, poll or push again without deadlocking. */
#include <errno.h>
#include <time.h>

#include "client/opq.h"
#include "util/clock.h"

int moldau__opq_init(moldau__opq_t *q)
{
    q->head = NULL;
    q->tail = &q->head;
    q->len = 0;
    q->waiters_woken = 0;
    q->on_ready = NULL;
    q->on_ready_opaque = NULL;
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
    moldau__op_t *op = q->head;
    while (op) {
        moldau__op_t *next = op->next;
        if (op->destroy)
            op->destroy(op);
        op = next;
    }
    q->head = NULL;
    q->tail = &q->head;
    pthread_cond_destroy(&q->cond);
    pthread_mutex_destroy(&q->lock);
}

void moldau__opq_push(moldau__opq_t *q, moldau__op_t *op)
{
    op->next = NULL;
    pthread_mutex_lock(&q->lock);
    int was_empty = q->head == NULL;
    *q->tail = op;
    q->tail = &op->next;
    q->len++;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
    if (was_empty && q->on_ready)
        q->on_ready(q->on_ready_opaque);
}

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

size_t moldau__opq_serve(moldau__opq_t *q, int timeout_ms, size_t max, void *ctx)
{
    struct timespec deadline;
    if (timeout_ms > 0)
        moldau__abstime_after_ms(&deadline, timeout_ms);
    pthread_mutex_lock(&q->lock);
    while (!q->head && timeout_ms != 0 && !q->waiters_woken) {
        int rc = timeout_ms < 0 ? pthread_cond_wait(&q->cond, &q->lock)
                                : pthread_cond_timedwait(&q->cond, &q->lock, &deadline);
        if (rc == ETIMEDOUT)
            break;
    }
    q->waiters_woken = 0;
    /* detach the ops to serve, then run them unlocked */
    moldau__op_t *list = q->head, **cut = &q->head;
    size_t n = 0;
    while (*cut && (max == 0 || n < max)) {
        cut = &(*cut)->next;
        n++;
    }
    q->head = *cut;
    *cut = NULL;
    if (!q->head)
        q->tail = &q->head;
    q->len -= n;
    pthread_mutex_unlock(&q->lock);
    while (list) {
        moldau__op_t *next = list->next;
        if (list->serve)
            list->serve(list, ctx);
        if (list->destroy)
            list->destroy(list);
        list = next;
    }
    return n;
}
