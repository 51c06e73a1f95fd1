/* Decoded responses are allocated here and released at once: no per-field free, no leaks on a
 * decoder's error paths. Chunks grow geometrically; large requests get a chunk of their own. */
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"

struct moldau_arena_chunk {
    struct moldau_arena_chunk *next;
    size_t used, size;
    max_align_t data[]; /* aligned for any type */
};

#define ARENA_FIRST_CHUNK 1024

void moldau_arena_init(moldau_arena_t *a) { a->head = NULL; }

void moldau_arena_free(moldau_arena_t *a)
{
    struct moldau_arena_chunk *c = a->head;
    while (c) {
        struct moldau_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
}

static void *arena_alloc(moldau_arena_t *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    if (n > SIZE_MAX / 2)
        return NULL;
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
    struct moldau_arena_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = c ? c->size * 2 : ARENA_FIRST_CHUNK;
        if (size < n)
            size = n;
        c = malloc(sizeof(*c) + size);
        if (!c)
            return NULL;
        c->used = 0;
        c->size = size;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

void *moldau_arena_calloc(moldau_arena_t *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *moldau_arena_strndup(moldau_arena_t *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
