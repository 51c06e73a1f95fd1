/* See rand.h. */
#include "util/rand.h"

#include <time.h>
#include <unistd.h>

void moldau__rng_init_unique(moldau__rng_t *g)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t seed = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    seed ^= (uint64_t)getpid() << 40;
    seed ^= (uint64_t)(uintptr_t)g;
    moldau__rng_init(g, seed);
}
