/* The monotonic clock every deadline in moldau uses, and timed waits on it: a wall-clock jump
 * must neither stretch nor cut a timeout. */
#ifndef MOLDAU_UTIL_CLOCK_H
#define MOLDAU_UTIL_CLOCK_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t moldau__now_ms(void);

/* Milliseconds since the epoch on CLOCK_REALTIME: for what the world dates (record
 * timestamps, token expiry), never for deadlines. */
int64_t moldau__wall_ms(void);

/* Initialises a condition variable whose timed waits run on CLOCK_MONOTONIC. 0 or an errno. */
int moldau__cond_init_monotonic(pthread_cond_t *cond);

/* The absolute CLOCK_MONOTONIC time `ms` milliseconds from now, for pthread_cond_timedwait
 * on such a condition variable. */
void moldau__abstime_after_ms(struct timespec *ts, int64_t ms);

#endif
