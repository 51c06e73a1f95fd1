/*
 * The prefetch bound (queued.max.messages.kbytes): bytes of fetched data held for the
 * application, from the moment a Fetch is sent until the application releases the last
 * record of its response.
 *
 * A fetcher reserves room before it sends a Fetch (the request's max_bytes is what it was
 * granted), settles the reservation to the response's real size when it comes, and the bytes
 * are released when the response buffer's last reference goes (on the application's thread).
 * Reserving before sending is what keeps the bound with one Fetch in flight per broker: the
 * responses of several brokers can never add up to more than the bound. The one excess
 * allowed is the broker's: a batch larger than the room granted still comes whole (KIP-74),
 * so that a large record never stops a partition; settle() counts it, and no further room is
 * granted until enough is released.
 *
 * Thread-safe (a mutex): reserve and settle run on the reactor thread, release on the
 * application's. on_room is called (without the lock, from release) when room grows from
 * below `min_grant` to at least it, so the fetcher can be woken to send again.
 */
#ifndef MOLDAU_CONSUMER_FETCH_BUDGET_H
#define MOLDAU_CONSUMER_FETCH_BUDGET_H

#include <pthread.h>
#include <stddef.h>

typedef struct moldau__fetch_budget {
    pthread_mutex_t lock;
    size_t max;       /* the bound in bytes */
    size_t used;      /* reserved + held (may exceed max by one oversize response) */
    size_t min_grant; /* smallest reservation worth a Fetch */
    size_t peak;      /* highest `used` seen (tests, stats) */
    void (*on_room)(void *opaque);
    void *on_room_opaque;
} moldau__fetch_budget_t;

/* max > 0; min_grant in [1, max]. Returns 0 or -1 (the mutex). */
int moldau__fetch_budget_init(moldau__fetch_budget_t *b, size_t max, size_t min_grant);
void moldau__fetch_budget_destroy(moldau__fetch_budget_t *b);
/* The wake-up for when room comes back (NULL: none). Set before other threads use it. */
void moldau__fetch_budget_on_room(moldau__fetch_budget_t *b, void (*fn)(void *opaque),
                                  void *opaque);
/* Reserves up to `want` bytes: returns what was granted, min(want, room), or 0 when the
 * room is below min_grant (then nothing is reserved: do not fetch). */
size_t moldau__fetch_budget_reserve(moldau__fetch_budget_t *b, size_t want);
/* Turns a reservation of `reserved` into `actual` bytes held (0 when the Fetch failed). */
void moldau__fetch_budget_settle(moldau__fetch_budget_t *b, size_t reserved, size_t actual);
/* Gives back n held bytes (a response buffer freed). */
void moldau__fetch_budget_release(moldau__fetch_budget_t *b, size_t n);
/* 1 when what is reserved or held has reached the bound. */
int moldau__fetch_budget_full(moldau__fetch_budget_t *b);
/* Bytes reserved or held now, and the peak so far. */
size_t moldau__fetch_budget_used(moldau__fetch_budget_t *b);
size_t moldau__fetch_budget_peak(moldau__fetch_budget_t *b);

#endif
