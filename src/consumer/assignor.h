/* Partition assignors of the classic consumer group protocol: the group leader runs one on the
 * members' subscriptions and the topics' partition counts. Pure code (no network, clock or
 * threads): structs in, structs out. range and roundrobin give exactly the Java client's
 * answers; cooperative-sticky (KIP-429) gives a balanced, sticky answer and leaves partitions
 * that change owner unassigned for the follow-up rebalance. */
#ifndef MOLDAU_CONSUMER_ASSIGNOR_H
#define MOLDAU_CONSUMER_ASSIGNOR_H

#include <stdint.h>

#include "moldau/error.h"
#include "moldau/protocol/core.h"
#include "moldau/protocol/msg_group.h"

typedef struct moldau__assignor_tp {
    const char *topic;
    int32_t partition;
} moldau__assignor_tp_t;

typedef struct moldau__assignor_member {
    const char *member_id;
    const char *instance_id; /* group.instance.id, NULL for a dynamic member */
    const char *rack_id;     /* NULL if none (kept for rack-aware assignors; unused so far) */
    const char *const *topics; /* subscribed; duplicates and unknown topics are ignored */
    int32_t n_topics;
    const moldau__assignor_tp_t *owned; /* ownedPartitions of the subscription (v1+) */
    int32_t n_owned;
    int32_t generation; /* generationId of the subscription (v2+), -1 when unknown */
} moldau__assignor_member_t;

typedef struct moldau__assignor_topic {
    const char *name;
    int32_t n_partitions; /* <= 0: unknown or empty, nothing of it is assigned */
} moldau__assignor_topic_t;

typedef struct moldau__assignor_input {
    const moldau__assignor_member_t *members;
    int32_t n_members;
    const moldau__assignor_topic_t *topics; /* the cluster's, as the leader's metadata says */
    int32_t n_topics;
} moldau__assignor_input_t;

/* One member's result: partitions sorted by topic name (strcmp), then partition. `topic`
 * points at the input's topic name strings (moldau__assignor_topic_t.name). */
typedef struct moldau__assignor_assignment {
    const moldau__assignor_tp_t *partitions;
    int32_t n_partitions;
} moldau__assignor_assignment_t;

typedef enum moldau__rebalance_protocol {
    MOLDAU__REBALANCE_EAGER,      /* members revoke everything before they join */
    MOLDAU__REBALANCE_COOPERATIVE /* members revoke only what moved away (KIP-429) */
} moldau__rebalance_protocol_t;

/* *out = an array of in->n_members assignments, in input order, all in arena `a` (the caller
 * frees it with moldau_arena_free; the input must outlive it). MOLDAU_ERR__NO_MEMORY or
 * MOLDAU_ERR__INVALID_ARG (a NULL member id or topic name, a negative count). */
typedef moldau_err_t (*moldau__assign_fn)(const moldau__assignor_input_t *in, moldau_arena_t *a,
                                          moldau__assignor_assignment_t **out);

typedef struct moldau__assignor {
    const char *name; /* the JoinGroup protocol name */
    moldau__rebalance_protocol_t protocol;
    moldau__assign_fn assign;
} moldau__assignor_t;

moldau_err_t moldau__assignor_range(const moldau__assignor_input_t *in, moldau_arena_t *a,
                                    moldau__assignor_assignment_t **out);
moldau_err_t moldau__assignor_roundrobin(const moldau__assignor_input_t *in, moldau_arena_t *a,
                                         moldau__assignor_assignment_t **out);
moldau_err_t moldau__assignor_cooperative_sticky(const moldau__assignor_input_t *in,
                                                 moldau_arena_t *a,
                                                 moldau__assignor_assignment_t **out);

/* The assignor of a partition.assignment.strategy entry: its protocol name ("range",
 * "roundrobin", "cooperative-sticky") or the Java class name Java users configure
 * (org.apache.kafka.clients.consumer.RangeAssignor, ...); NULL if unknown (the eager "sticky"
 * assignor is not implemented). Static storage. */
const moldau__assignor_t *moldau__assignor_find(const char *name);

/* Fills *m from a decoded subscription: topics, owned partitions and rack point into `s`
 * (which must outlive *m); `owned` storage comes from arena `a`. The generation is the v2+
 * field, else (v0/v1) the int32 Java's and librdkafka's cooperative-sticky put in user_data,
 * else -1. MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau__assignor_member_from_subscription(
    moldau__assignor_member_t *m, const char *member_id, const char *instance_id,
    const moldau_consumer_protocol_subscription_t *s, moldau_arena_t *a);

#endif
