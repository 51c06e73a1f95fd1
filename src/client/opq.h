/*
 * The queues from the I/O side to the application. The I/O thread (or the reactor run on the
 * application's thread) pushes; the application's calls (poll, flush, consumer poll, close)
 * take ops off, so application callbacks only ever run on the application's own threads.
 *
 * Ops are typed so that a taker can return them rather than only run them: serve() runs every
 * op's callback (the client's poll, flush), pop() hands one op to the caller, who decides by
 * its type (a consumer's poll will run the callbacks and return the records).
 *
 * Two instances per consumer: the client's queue (logs, errors,
 * delivery reports, rebalances: moldau_client_poll serves it) and the consumer's own queue of
 * fetched records, which moldau_client_poll never looks at (records are only ever returned by
 * the consumer's poll, never dropped by a poll that cannot return them). The consumer's poll
 * waits on its records queue and serves the client's queue; moldau__opq_link() makes a push to
 * the client's queue wake that wait too.
 *
 * Ops are intrusive: the producer of an op embeds moldau__op_t in its own struct and provides
 * serve/destroy; the queue never allocates.
 */
#ifndef MOLDAU_CLIENT_OPQ_H
#define MOLDAU_CLIENT_OPQ_H

#include <pthread.h>
#include <stddef.h>

#include "util/fifo.h"

typedef enum moldau__op_type {
    MOLDAU__OP_CALLBACK = 0, /* generic: serve() is all there is to it */
    MOLDAU__OP_LOG,
    MOLDAU__OP_ERROR,
    MOLDAU__OP_DELIVERY,     /* the producer's delivery reports */
    MOLDAU__OP_FETCH,        /* fetched records (src/consumer) */
    MOLDAU__OP_REBALANCE,    /* assignment changes (the consumer, to come) */
    MOLDAU__OP__COUNT
} moldau__op_type_t;

typedef struct moldau__op moldau__op_t;
struct moldau__op {
    moldau__op_t *next;
    moldau__op_type_t type;
    /* Runs the op on the application's thread (calls its callbacks); then the queue calls
     * destroy. serve may be NULL for ops that are only dropped (or only popped). */
    void (*serve)(moldau__op_t *op, void *ctx);
    void (*destroy)(moldau__op_t *op);
};

static inline void moldau__op_init(moldau__op_t *op, moldau__op_type_t type,
                                   void (*serve)(moldau__op_t *op, void *ctx),
                                   void (*destroy)(moldau__op_t *op))
{
    op->next = NULL;
    op->type = type;
    op->serve = serve;
    op->destroy = destroy;
}

typedef struct moldau__opq moldau__opq_t;
struct moldau__opq {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    MOLDAU__FIFO(moldau__op_t) ops;
    size_t len;
    int waiters_woken; /* set by wake(): waiting pops return early */
    /* Called (without the lock) after a push to an empty queue, e.g. to make the application's
     * event loop see a readable descriptor. May be NULL. */
    void (*on_ready)(void *opaque);
    void *on_ready_opaque;
    moldau__opq_t *linked; /* woken after every push here (moldau__opq_link), or NULL */
};

int moldau__opq_init(moldau__opq_t *q);
/* Destroys every op left (without serving it). */
void moldau__opq_destroy(moldau__opq_t *q);
/* The op is the queue's until it is served or popped. */
void moldau__opq_push(moldau__opq_t *q, moldau__op_t *op);
size_t moldau__opq_len(moldau__opq_t *q);
/* Serves up to `max` ops (0 = all that are there), waiting up to timeout_ms (-1 = forever,
 * 0 = not at all) for the first one. Returns the number served. */
size_t moldau__opq_serve(moldau__opq_t *q, int timeout_ms, size_t max, void *ctx);
/* The first op, waiting up to timeout_ms (-1 = forever, 0 = not at all) for one; NULL on
 * timeout or on a wake. The op becomes the caller's: run it with moldau__op_serve(), or use
 * it by its type and call its destroy. */
moldau__op_t *moldau__opq_pop(moldau__opq_t *q, int timeout_ms);
/* Serves a popped op and destroys it. */
void moldau__op_serve(moldau__op_t *op, void *ctx);
/* Wakes a waiting serve() or pop() without an op (e.g. on close or when flush should
 * re-check). */
void moldau__opq_wake(moldau__opq_t *q);
/* Pushes to `q` wake waiters of `to` too (NULL: unlinks); `to` must outlive the link. Set
 * before other threads push. */
void moldau__opq_link(moldau__opq_t *q, moldau__opq_t *to);

#endif
