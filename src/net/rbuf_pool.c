/* See rbuf_pool.h. */
#include "net/rbuf_pool.h"

int moldau__rbuf_pool_init(moldau__rbuf_pool_t *p, size_t max_held)
{
    p->n = 0;
    p->held = 0;
    p->max_held = max_held;
    return pthread_mutex_init(&p->lock, NULL) ? -1 : 0;
}

void moldau__rbuf_pool_destroy(moldau__rbuf_pool_t *p)
{
    for (int i = 0; i < p->n; i++)
        moldau_buf_free(&p->bufs[i]);
    p->n = 0;
    pthread_mutex_destroy(&p->lock);
}

void moldau__rbuf_pool_put(moldau__rbuf_pool_t *p, moldau_buf_t *b)
{
    if (!b->data)
        return;
    pthread_mutex_lock(&p->lock);
    if (!b->failed && p->n < MOLDAU__RBUF_POOL_SLOTS && p->held + b->cap <= p->max_held) {
        moldau_buf_t *slot = &p->bufs[p->n++];
        *slot = *b;
        slot->len = 0;
        p->held += b->cap;
        moldau_buf_init(b);
    }
    pthread_mutex_unlock(&p->lock);
    moldau_buf_free(b); /* not kept (a kept one was emptied above: nothing to free) */
}

void moldau__rbuf_pool_get(moldau__rbuf_pool_t *p, moldau_buf_t *b, size_t want)
{
    pthread_mutex_lock(&p->lock);
    int fit = -1, largest = -1;
    for (int i = 0; i < p->n; i++) {
        size_t cap = p->bufs[i].cap;
        if (cap >= want && (fit < 0 || cap < p->bufs[fit].cap))
            fit = i;
        if (largest < 0 || cap > p->bufs[largest].cap)
            largest = i;
    }
    int i = fit >= 0 ? fit : largest;
    if (i >= 0) {
        *b = p->bufs[i];
        p->held -= b->cap;
        p->bufs[i] = p->bufs[--p->n];
    }
    pthread_mutex_unlock(&p->lock);
}
