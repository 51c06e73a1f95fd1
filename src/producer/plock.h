/*
 * The accumulator's partition lock. Every record takes one partition's lock once; an
 * uncontended pthread mutex costs about 55 instructions for lock and unlock, this one an
 * atomic instruction each. Contended (the sender draining while an application thread
 * appends), it spins briefly, then sleeps on a futex (elsewhere than Linux: yields).
 * States: 0 free, 1 locked, 2 locked and someone may sleep on it.
 */
#ifndef MOLDAU_PRODUCER_PLOCK_H
#define MOLDAU_PRODUCER_PLOCK_H

#include <stdatomic.h>

typedef struct moldau__plock {
    atomic_int state;
} moldau__plock_t;

void moldau__plock_wait(moldau__plock_t *l); /* contended lock */
void moldau__plock_wake(moldau__plock_t *l); /* unlock with sleepers */

static inline void moldau__plock_init(moldau__plock_t *l) { atomic_init(&l->state, 0); }

static inline void moldau__plock_lock(moldau__plock_t *l)
{
    int free_state = 0;
    if (!atomic_compare_exchange_strong_explicit(&l->state, &free_state, 1, memory_order_acquire,
                                                 memory_order_relaxed))
        moldau__plock_wait(l);
}

static inline void moldau__plock_unlock(moldau__plock_t *l)
{
    if (atomic_exchange_explicit(&l->state, 0, memory_order_release) == 2)
        moldau__plock_wake(l);
}

#endif
