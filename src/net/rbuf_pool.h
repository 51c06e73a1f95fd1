/*
 * Read buffers handed back for reuse. A consumer keeps each Fetch response's buffer whole
 * until the application is done with its records (consumer/fetchbuf.h), so every response
 * would otherwise land in a fresh multi-megabyte allocation, which glibc maps anew and the
 * kernel faults in page by page: that was most of a consumer's system time. The consumer owns
 * a pool, its fetchbufs put their buffers back into it (the response, its decompressed batches
 * and its record arrays), and a connection that gives its read buffer away
 * (moldau__conn_take_response) starts the next one from the pool.
 *
 * Any thread (a mutex): buffers come back on the application's thread and are taken on the
 * reactor's. It keeps at most MOLDAU__RBUF_POOL_SLOTS buffers and max_held bytes of capacity;
 * what does not fit is freed.
 */
#ifndef MOLDAU_NET_RBUF_POOL_H
#define MOLDAU_NET_RBUF_POOL_H

#include <pthread.h>
#include <stddef.h>

#include "moldau/protocol.h"

#define MOLDAU__RBUF_POOL_SLOTS 16

typedef struct moldau__rbuf_pool {
    pthread_mutex_t lock;
    moldau_buf_t bufs[MOLDAU__RBUF_POOL_SLOTS];
    int n;
    size_t held;     /* the capacity of the kept buffers */
    size_t max_held;
} moldau__rbuf_pool_t;

/* -1 when the mutex cannot be created. */
int moldau__rbuf_pool_init(moldau__rbuf_pool_t *p, size_t max_held);
/* Frees the kept buffers; nobody may use the pool any more. */
void moldau__rbuf_pool_destroy(moldau__rbuf_pool_t *p);
/* Keeps *b's storage for reuse, or frees it; *b is left empty either way. */
void moldau__rbuf_pool_put(moldau__rbuf_pool_t *p, moldau_buf_t *b);
/* Into the empty *b, a kept buffer (length 0): the smallest of at least `want` bytes, else the
 * largest; *b stays empty when none is kept. */
void moldau__rbuf_pool_get(moldau__rbuf_pool_t *p, moldau_buf_t *b, size_t want);

#endif
