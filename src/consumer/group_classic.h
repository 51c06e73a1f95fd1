/* The classic protocol inside: the member's state, shared by the join/sync/heartbeat state
 * machine (group_classic.c) and the leader's assignment with the consumer protocol's payloads
 * (group_leader.c). Reactor thread only. */
#ifndef MOLDAU_CONSUMER_GROUP_CLASSIC_H
#define MOLDAU_CONSUMER_GROUP_CLASSIC_H

#include "consumer/group_internal.h"

typedef enum {
    ST_IDLE,        /* not in a generation; no request on its way (a retry may be armed) */
    ST_WAIT_REVOKE, /* eager: the application is giving its partitions up */
    ST_JOINING,
    ST_SYNCING,     /* includes the leader waiting for the metadata of the group's topics */
    ST_STABLE,
    ST_FATAL,       /* an error the application was told of ends the membership */
    ST_STOPPED
} moldau__classic_state_t;

struct moldau__membership {
    moldau__group_t *g;
    moldau_consumer_t *c;
    moldau_client_t *client;
    moldau__cluster_t *cluster;
    moldau__reactor_t *reactor;
    moldau__classic_state_t state;
    char *member_id;            /* "" before the first join */
    int32_t generation;         /* -1 outside a generation */
    uint64_t token;             /* bumped by every join round */
    int rejoin_needed;          /* asked while a round was on its way */
    int hb_in_flight;
    int32_t hb_generation;      /* the generation the heartbeat in flight was sent in */
    int attempts;               /* failed rounds in a row (backoff) */
    moldau__timer_t hb_timer, retry_timer, poll_timer;
    moldau__cluster_listener_t listener;
    moldau_partition_list_t *owned; /* the latest assignment the application was sent */
    char **topics;              /* the subscription as last sent */
    size_t n_topics;
    char protocol[64];          /* the assignor the group chose (SyncGroup v5 names it) */
    char **wanted;              /* the subscription's names, wanted from the metadata */
    size_t n_wanted;
    moldau_err_t *wanted_told;  /* per wanted name: the refusal last told (error event) */
    /* the leader's: the group's topics and their partition counts at the assignment */
    char **group_topics;
    int32_t *counts;
    size_t n_group_topics;
    moldau__response_t *join_resp; /* the leader's JoinGroup answer, while it waits */
    int meta_waits;
};

/* group_classic.c */
void moldau__classic_free_topics(char **v, size_t n);
/* An error the application is told of ends the membership. */
void moldau__classic_fatal(moldau__membership_t *m, moldau_err_t err, const char *what);
/* The round failed: a new one after a backoff. */
void moldau__classic_retry_soon(moldau__membership_t *m);
/* SyncGroup with the leader's `n` assignments (a follower: none). */
void moldau__classic_send_sync(moldau__membership_t *m,
                               const moldau_sync_group_request_assignment_t *as, int32_t n);

/* group_leader.c */
/* The member's subscription (its topics; cooperative: what it owns) in arena a. */
int moldau__classic_encode_subscription(moldau__membership_t *m, moldau_arena_t *a,
                                        moldau_bytes_t *out);
/* Runs the assignor on m->join_resp's members and sends SyncGroup, or waits for the
 * metadata of their topics (the cluster listener calls it again). */
void moldau__classic_lead(moldau__membership_t *m);
/* The leader's watch of the group's topics ends. */
void moldau__classic_unwant_group_topics(moldau__membership_t *m);
/* A topic's partition count in the metadata cache (0: unknown or in error). */
int32_t moldau__classic_count_of(moldau__membership_t *m, const char *topic);
/* A subscribed topic the cluster refuses (not authorised, an invalid name) gets no partitions
 * from the assignor, silently: the application is told by an error event naming it, once
 * per refusal (m->wanted_told), from each metadata update. */
void moldau__classic_tell_refused(moldau__membership_t *m);

#endif
