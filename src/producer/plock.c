/* The partition lock's slow paths (see plock.h). */
#include "producer/plock.h"

#include <sched.h>
#ifdef __linux__
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#define SPINS 100

void moldau__plock_wait(moldau__plock_t *l)
{
    /* the holders' sections are short: a little patience usually avoids the sleep */
    for (int i = 0; i < SPINS; i++) {
        int free_state = 0;
        if (atomic_load_explicit(&l->state, memory_order_relaxed) == 0 &&
            atomic_compare_exchange_weak_explicit(&l->state, &free_state, 1,
                                                  memory_order_acquire, memory_order_relaxed))
            return;
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
    /* Taking it as 2 (not 1) from here on: the unlock that follows ours must wake the next
     * sleeper, as we cannot know whether there is one. */
    while (atomic_exchange_explicit(&l->state, 2, memory_order_acquire) != 0) {
#ifdef __linux__
        syscall(SYS_futex, (int *)&l->state, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
#else
        sched_yield();
#endif
    }
}

void moldau__plock_wake(moldau__plock_t *l)
{
#ifdef __linux__
    syscall(SYS_futex, (int *)&l->state, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
#else
    (void)l;
#endif
}
