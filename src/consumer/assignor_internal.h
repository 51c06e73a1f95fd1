/* What the assignors share: the input indexed once. Topics are known ones with partitions,
 * deduplicated and sorted by name; every partition has a global index (the topic's `first`
 * plus its id), so ascending indices are the sorted output order. Scratch memory lives in the
 * context's own arena, freed by moldau__assignor_ctx_free. */
#ifndef MOLDAU_CONSUMER_ASSIGNOR_INTERNAL_H
#define MOLDAU_CONSUMER_ASSIGNOR_INTERNAL_H

#include "consumer/assignor.h"

typedef struct moldau__assignor_ctx {
    const moldau__assignor_input_t *in;
    moldau_arena_t scratch;
    int32_t n_topics;
    const char **topic_names; /* sorted */
    int32_t *n_parts;
    int32_t *first;           /* global index of the topic's partition 0 */
    int32_t *topic_of;        /* global index -> topic index */
    int32_t n_total;          /* partitions of all topics */
    int32_t *order;           /* member indices sorted as Java's MemberInfo (see assignor.c) */
    unsigned char *subscribed; /* [member * n_topics + topic] */
    int32_t *owner;           /* the answer: global index -> member index, -1 = unassigned */
} moldau__assignor_ctx_t;

/* Indexes `in`; every owner starts at -1. On error the context needs no free. */
moldau_err_t moldau__assignor_ctx_init(moldau__assignor_ctx_t *c, const moldau__assignor_input_t *in);
void moldau__assignor_ctx_free(moldau__assignor_ctx_t *c);
/* The index of topic `name`, or -1. */
int32_t moldau__assignor_topic_index(const moldau__assignor_ctx_t *c, const char *name);
static inline int moldau__assignor_subscribed(const moldau__assignor_ctx_t *c, int32_t m, int32_t t)
{
    return c->subscribed[(size_t)m * (size_t)c->n_topics + (size_t)t];
}
/* *out from c->owner, into arena `a`; then frees the context. */
moldau_err_t moldau__assignor_ctx_output(moldau__assignor_ctx_t *c, moldau_arena_t *a,
                                         moldau__assignor_assignment_t **out);

#endif
