/*
 * Exponential backoff with jitter, the one formula behind every wait before a retry:
 * reconnects (reconnect.backoff.ms / reconnect.backoff.max.ms), produce retries and
 * InitProducerId retries (retry.backoff.ms / retry.backoff.max.ms).
 */
#ifndef MOLDAU_UTIL_BACKOFF_H
#define MOLDAU_UTIL_BACKOFF_H

#include <stdint.h>

#include "util/rand.h"

/* The wait after the `attempt`-th failure in a row: base_ms * 2^(attempt - 1), capped at
 * max_ms. attempt <= 1 gives base_ms; a negative base_ms counts as 0; max_ms below base_ms
 * wins. Never overflows, whatever attempt is. */
int64_t moldau__backoff_base(int64_t base_ms, int64_t max_ms, int64_t attempt);

/* That wait, moved by a uniform draw from rng within +-jitter_pct percent of itself
 * (0..100, clamped; 0: none, and rng may be NULL), so that clients or brokers that failed
 * together do not all come back at once. The jitter is applied after the cap, so a wait may
 * exceed max_ms by up to jitter_pct percent. Never negative, never overflows. */
int64_t moldau__backoff_ms(int64_t base_ms, int64_t max_ms, int64_t attempt, int jitter_pct,
                           moldau__rng_t *rng);

#endif
