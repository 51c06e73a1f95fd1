/*
 * A small pseudo-random generator of moldau's own (xorshift64*), for backoff jitter and random
 * partitions: cheap and good enough to spread things out, never for anything secret. libc's
 * rand() is not used: its state is the application's (srand) and is shared by every thread.
 *
 * One state per owner (a broker, a sender, a topic's partitioner); not thread-safe, so each
 * owner draws from its own on one thread, or under its own lock.
 */
#ifndef MOLDAU_UTIL_RAND_H
#define MOLDAU_UTIL_RAND_H

#include <stdint.h>

typedef struct moldau__rng {
    uint64_t s; /* never 0 */
} moldau__rng_t;

/* Seeds the generator. The seed is mixed (splitmix64's finaliser), so seeds that differ in a
 * few bits (a clock, an address, 1, 2, 3) start far apart; any value is fine, 0 included. */
static inline void moldau__rng_init(moldau__rng_t *g, uint64_t seed)
{
    uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    g->s = z ? z : 0x9e3779b97f4a7c15ULL;
}

/* Seeds from the monotonic clock, the process id and the state's own address: owners created
 * at the same moment, or in processes started together, draw different sequences. */
void moldau__rng_init_unique(moldau__rng_t *g);

/* 64 pseudo-random bits (the high ones are the better ones). */
static inline uint64_t moldau__rng_next(moldau__rng_t *g)
{
    uint64_t x = g->s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    g->s = x;
    return x * 0x2545f4914f6cdd1dULL;
}

/* A value in [0, n), n > 0 (with a modulo bias too small to matter for jitter). */
static inline uint64_t moldau__rng_below(moldau__rng_t *g, uint64_t n)
{
    return moldau__rng_next(g) % n;
}

#endif
