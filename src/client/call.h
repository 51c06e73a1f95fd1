/*
 * A call an application thread waits for while the reactor (or a callback served on another
 * application thread) completes it: moldau_client_metadata(), produce_sync, run_sync, the
 * request helper's synchronous form.
 *
 * The state is shared by the waiter and the completing side and freed by whichever releases
 * last, because a waiter that times out returns before the answer comes. "Done" is the
 * completing side's release itself: once moldau__call_done() is true the completing side
 * touches the call no more, so a waiter that waits without a timeout may keep the call on its
 * stack (free_fn NULL).
 *
 * Embed moldau__call_t first in the call's own struct; free_fn frees that struct (and any
 * result nobody took).
 */
#ifndef MOLDAU_CLIENT_CALL_H
#define MOLDAU_CLIENT_CALL_H

#include <stdatomic.h>

#include "moldau/client.h"

typedef struct moldau__call moldau__call_t;
struct moldau__call {
    atomic_int refs;                   /* waiter + completing side */
    moldau_client_t *client;           /* signalled on completion; outlives the call */
    void (*free_fn)(moldau__call_t *); /* NULL: the call is not heap-allocated */
};

/* Two references: the waiter's and the completing side's. */
void moldau__call_init(moldau__call_t *call, moldau_client_t *c,
                       void (*free_fn)(moldau__call_t *call));
/* The completing side: store the result in the call first, then complete. Wakes the waiter
 * and drops the completing side's reference (any thread). */
void moldau__call_complete(moldau__call_t *call);
/* 1 once completed (the waiter's view). */
int moldau__call_done(moldau__call_t *call);
/* Waits until completed or timeout_ms (-1: forever), serving the application's callbacks
 * meanwhile when serve_ops is set (see moldau__client_wait). Returns 1 when completed. */
int moldau__call_wait(moldau__call_t *call, int timeout_ms, int serve_ops);
/* Drops one reference (the waiter's, after reading the result, or the completing side's when
 * it learns it will never complete); the last one calls free_fn. */
void moldau__call_release(moldau__call_t *call);

#endif
