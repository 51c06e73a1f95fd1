/* The prefetch bound: see fetch_budget.h. */
#include "consumer/fetch_budget.h"

int moldau__fetch_budget_init(moldau__fetch_budget_t *b, size_t max, size_t min_grant)
{
    b->max = max;
    b->used = 0;
    b->peak = 0;
    b->min_grant = min_grant < 1 ? 1 : min_grant > max ? max : min_grant;
    b->on_room = NULL;
    b->on_room_opaque = NULL;
    return pthread_mutex_init(&b->lock, NULL) ? -1 : 0;
}

void moldau__fetch_budget_destroy(moldau__fetch_budget_t *b) { pthread_mutex_destroy(&b->lock); }

void moldau__fetch_budget_on_room(moldau__fetch_budget_t *b, void (*fn)(void *opaque),
                                  void *opaque)
{
    b->on_room = fn;
    b->on_room_opaque = opaque;
}

static size_t room(const moldau__fetch_budget_t *b)
{
    return b->used < b->max ? b->max - b->used : 0;
}

static void note_peak(moldau__fetch_budget_t *b)
{
    if (b->used > b->peak)
        b->peak = b->used;
}

size_t moldau__fetch_budget_reserve(moldau__fetch_budget_t *b, size_t want)
{
    pthread_mutex_lock(&b->lock);
    size_t r = room(b), grant = 0;
    if (r >= b->min_grant && want > 0) {
        grant = want < r ? want : r;
        b->used += grant;
        note_peak(b);
    }
    pthread_mutex_unlock(&b->lock);
    return grant;
}

void moldau__fetch_budget_settle(moldau__fetch_budget_t *b, size_t reserved, size_t actual)
{
    pthread_mutex_lock(&b->lock);
    size_t before = room(b);
    b->used = b->used - (reserved < b->used ? reserved : b->used) + actual;
    note_peak(b);
    /* a failed or short Fetch gives room back: the fetcher may be waiting for it */
    int woke = before < b->min_grant && room(b) >= b->min_grant;
    pthread_mutex_unlock(&b->lock);
    if (woke && b->on_room)
        b->on_room(b->on_room_opaque);
}

void moldau__fetch_budget_release(moldau__fetch_budget_t *b, size_t n)
{
    moldau__fetch_budget_settle(b, n, 0);
}

int moldau__fetch_budget_full(moldau__fetch_budget_t *b)
{
    return moldau__fetch_budget_used(b) >= b->max;
}

size_t moldau__fetch_budget_used(moldau__fetch_budget_t *b)
{
    pthread_mutex_lock(&b->lock);
    size_t u = b->used;
    pthread_mutex_unlock(&b->lock);
    return u;
}

size_t moldau__fetch_budget_peak(moldau__fetch_budget_t *b)
{
    pthread_mutex_lock(&b->lock);
    size_t u = b->peak;
    pthread_mutex_unlock(&b->lock);
    return u;
}
