/* Group membership inside: what the application's side (group.c: subscription, rebalance ops
 * served by poll, close) shares with a membership protocol (group_classic.c now, KIP-848
 * beside it later). A protocol runs on the reactor thread and tells the application's side
 * about assignment changes only through ops on the consumer's records queue, so that every
 * change is applied, and the callback called, on the application's thread during its poll. */
#ifndef MOLDAU_CONSUMER_GROUP_INTERNAL_H
#define MOLDAU_CONSUMER_GROUP_INTERNAL_H

#include <regex.h>

#include "client/request.h"
#include "consumer/assignor.h"
#include "consumer/consumer.h"

typedef enum moldau__group_op_kind {
    MOLDAU__GROUP_REVOKE_ALL = 1, /* eager: give everything up before joining, then revoked() */
    MOLDAU__GROUP_ASSIGN,         /* revoke `revoked`, then add `added`; rejoin(): set */
    MOLDAU__GROUP_LOST,           /* everything assigned is already owned by others */
    MOLDAU__GROUP_POLL_EXPIRED    /* max.poll.interval.ms passed: lost, an error event, rejoin */
} moldau__group_op_kind_t;

/* An assignment change for the application's side (MOLDAU__OP_REBALANCE). Its lists are its
 * own; destroy frees them. */
typedef struct moldau__group_op {
    moldau__op_t op;
    moldau__group_op_kind_t kind;
    uint64_t token;                   /* the protocol's round, handed back in revoked() */
    uint64_t losses;                  /* ASSIGN, LOST: moldau__group_t.losses when made */
    moldau_partition_list_t *added;   /* ASSIGN */
    moldau_partition_list_t *revoked; /* ASSIGN, LOST, POLL_EXPIRED; REVOKE_ALL: unused */
    int rejoin;                       /* ASSIGN, POLL_EXPIRED: ask for a rejoin once applied */
    char reason[200];                 /* POLL_EXPIRED */
} moldau__group_op_t;

typedef struct moldau__membership moldau__membership_t;

/* A membership protocol. Every function runs on the reactor thread. */
typedef struct moldau__membership_ops {
    const char *name;
    /* NULL when out of memory. Starts nothing until subscription_changed. */
    moldau__membership_t *(*create)(moldau__group_t *g);
    /* The subscription changed (subscribe, unsubscribe): join, rejoin or leave. */
    void (*subscription_changed)(moldau__membership_t *m);
    /* The application gave up its partitions as a REVOKE_ALL op of round `token` asked. */
    void (*revoked)(moldau__membership_t *m, uint64_t token);
    /* The application applied an op that asked for a rejoin. */
    void (*rejoin)(moldau__membership_t *m);
    /* A commit sent in `generation` was refused with a group error
     * (moldau__group_commit_failed). */
    void (*commit_failed)(moldau__membership_t *m, moldau_err_t err, int32_t generation);
    /* Close: stops every timer and request; fills what the leave request needs (*leave
     * set when one is to be sent: a dynamic member that joined). */
    void (*stop)(moldau__membership_t *m, int *leave, char **member_id);
    /* After the client is closed. */
    void (*destroy)(moldau__membership_t *m);
} moldau__membership_ops_t;

extern const moldau__membership_ops_t moldau__membership_classic;

struct moldau__group {
    moldau_consumer_t *c;
    const moldau__membership_ops_t *ops;
    moldau__membership_t *m;
    moldau_rebalance_cb *cb;
    void *opaque;
    int auto_commit;
    int32_t session_timeout_ms, heartbeat_interval_ms, max_poll_interval_ms;
    const moldau__assignor_t *assignors[8];
    size_t n_assignors;
    int cooperative; /* every assignor offered is cooperative (Java's rule) */
    /* The subscription: written by the application under c->lock, read by the reactor under
     * it. Names, and regexes (entries starting with '^'). */
    char **names;
    size_t n_names;
    regex_t *regexes;
    size_t n_regexes;
    int subscribed;
    /* Generations lost (bumped by moldau__group_lose) and LOST ops served, under c->lock.
     * Ops and records wait in one queue: an ASSIGN made before a loss must not be applied
     * after it, and no record may be handed out between a loss and its LOST op. */
    uint64_t losses, losses_served;
};

/* Reactor thread (c->lock taken inside). The topics of the subscription, sorted, no
 * duplicates: the names, and the topics of the metadata cache a regex matches. *out is the
 * caller's (free each and the array). -1 when out of memory. */
int moldau__group_topics(moldau__group_t *g, char ***out, size_t *n);
int moldau__group_has_regex(moldau__group_t *g);
/* Pushes an op to the application's side (any thread). */
void moldau__group_push(moldau__group_t *g, moldau__group_op_t *op);
/* A LeaveGroup request for member_id to the group's coordinator (no retry on its answer),
 * ready for moldau__request_sync or _async, or NULL when out of memory. */
moldau__request_t *moldau__group_leave_request(moldau_consumer_t *c, const char *member_id,
                                               const char *reason);
/* Reactor thread: the generation is lost. Pushes a LOST op (0), or -1 when out of memory
 * (nothing pushed, nothing counted). */
int moldau__group_lose(moldau__group_t *g);
/* A new op of `kind`, or NULL when out of memory. */
moldau__group_op_t *moldau__group_op_new(moldau__group_op_kind_t kind);

#endif
