/* See backoff.h. */
#include "util/backoff.h"

int64_t moldau__backoff_base(int64_t base_ms, int64_t max_ms, int64_t attempt)
{
    int64_t d = base_ms > 0 ? base_ms : 0;
    if (max_ms < 0)
        max_ms = 0;
    /* d doubles on every turn, so the loop ends within 63 turns (at once when d is 0). */
    for (int64_t i = 1; i < attempt && d > 0 && d < max_ms; i++)
        d = d > max_ms / 2 ? max_ms : 2 * d;
    return d < max_ms ? d : max_ms;
}

int64_t moldau__backoff_ms(int64_t base_ms, int64_t max_ms, int64_t attempt, int jitter_pct,
                           moldau__rng_t *rng)
{
    int64_t d = moldau__backoff_base(base_ms, max_ms, attempt);
    if (jitter_pct <= 0 || !rng)
        return d;
    if (jitter_pct > 100)
        jitter_pct = 100;
    /* floor(d * jitter_pct / 100) without the product's overflow */
    int64_t spread = d / 100 * jitter_pct + d % 100 * jitter_pct / 100;
    if (spread == 0)
        return d;
    int64_t lo = d - spread;
    uint64_t r = moldau__rng_below(rng, 2 * (uint64_t)spread + 1);
    return r > (uint64_t)(INT64_MAX - lo) ? INT64_MAX : lo + (int64_t)r;
}
