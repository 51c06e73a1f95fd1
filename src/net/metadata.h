/*
 * The metadata cache of a cluster: the latest Metadata answer, kept in its own arena, with its
 * topics sorted by name and partitions by index for lookups, and merged with the previous
 * answer where that one knew better (a partition whose leader epoch went backwards). Pure
 * data: no I/O, no clock. Reactor thread only, like its owner (net/cluster.h).
 */
#ifndef MOLDAU_NET_METADATA_H
#define MOLDAU_NET_METADATA_H

#include <stdint.h>

#include "moldau/protocol.h"

typedef struct moldau__mdcache {
    moldau_arena_t arena;
    moldau_metadata_response_t md;
    int valid; /* an answer was applied */
} moldau__mdcache_t;

void moldau__mdcache_init(moldau__mdcache_t *m);
void moldau__mdcache_free(moldau__mdcache_t *m);

/* Replaces the cache with a decoded answer whose memory is all in *a: the arena is taken
 * over (*a is left empty), md is copied. Partitions whose leader epoch is older than the
 * cached one for the same topic and partition keep the cached state (copied). Returns how
 * many partitions were kept that way, or -1 when out of memory (the cache is then unchanged
 * and *a is freed). */
int moldau__mdcache_replace(moldau__mdcache_t *m, moldau_arena_t *a,
                            const moldau_metadata_response_t *md);

/* Lookups in a sorted answer: NULL when absent. */
const moldau_metadata_response_topic_t *moldau__md_topic(const moldau_metadata_response_t *md,
                                                          const char *name);
const moldau_metadata_response_partition_t *
moldau__md_partition(const moldau_metadata_response_topic_t *t, int32_t partition);

#endif
