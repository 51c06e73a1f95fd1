/*
 * The queue from the I/O side to the application: delivery reports, logs, errors, rebalances.
 * The I/O thread (or the reactor run on the application's thread) pushes; the application's
 * calls (poll, flush, consumer poll, close) pop and serve, so application callbacks only ever
 * run on the application's own threads.
 *
 * Ops are intrusive: the producer of an op embeds moldau__op_t in its own struct and provides
 * serve/destroy; the queue never allocates.
 */
#ifndef MOLDAU_CLIENT_OPQ_H
#define MOLDAU_CLIENT_OPQ_H

#include <pthread.h>
#include <stddef.h>

typedef struct moldau__op moldau__op_t;
struct moldau__op {
    moldau__op_t *next;
    /* Runs the op on the application's thread (calls its callbacks); then the queue calls
     * destroy. serve may be NULL for ops that are only dropped. */
    void (*serve)(moldau__op_t *op, void *ctx);
    void (*destroy)(moldau__op_t *op);
};

typedef struct moldau__opq {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    moldau__op_t *head;
    moldau__op_t **tail;
    size_t len;
    int waiters_woken; /* set by wake(): waiting pops return early */
    /* Called (without the lock) after a push to an empty queue, e.g. to make the application's
     * event loop see a readable descriptor. May be NULL. */
    void (*on_ready)(void *opaque);
    void *on_ready_opaque;
} moldau__opq_t;

int moldau__opq_init(moldau__opq_t *q);
/* Destroys every op left (without serving it). */
void moldau__opq_destroy(moldau__opq_t *q);
void moldau__opq_push(moldau__opq_t *q, moldau__op_t *op);
size_t moldau__opq_len(moldau__opq_t *q);
/* Serves up to `max` ops (0 = all that are there), waiting up to timeout_ms (-1 = forever,
 * 0 = not at all) for the first one. Returns the number served. */
size_t moldau__opq_serve(moldau__opq_t *q, int timeout_ms, size_t max, void *ctx);
/* Wakes a waiting serve() without an op (e.g. on close or when flush should re-check). */
void moldau__opq_wake(moldau__opq_t *q);

#endif
