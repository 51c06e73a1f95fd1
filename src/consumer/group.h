/* Group membership of the consumer (group.id set): the classic protocol (FindCoordinator,
 * JoinGroup, SyncGroup, Heartbeat, LeaveGroup) now, the KIP-848 protocol beside it later. */
#ifndef MOLDAU_CONSUMER_GROUP_H
#define MOLDAU_CONSUMER_GROUP_H

#include "consumer/consumer.h"

/* Sets c->group up when group.id is set (after the client and the fetcher exist); nothing
 * otherwise. MOLDAU_ERR_NONE, or an error with the reason in errstr (a bad configuration). */
moldau_err_t moldau__group_init(moldau_consumer_t *c, char *errstr, size_t errstr_size);
/* Application thread, at close (after the offsets' final commit): revokes, leaves the group
 * within the close timeout, stops the membership. The memory goes in moldau__group_free. */
void moldau__group_close(moldau_consumer_t *c);
/* After the client is closed. NULL is ignored. */
void moldau__group_free(moldau__group_t *g);

/* A commit sent in `generation` was refused with a group error (UNKNOWN_MEMBER_ID,
 * ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, FENCED_INSTANCE_ID): the membership reacts
 * (rejoins, or reports a fatal error) unless it holds another generation since. Reactor
 * thread. A no-op without a group. */
void moldau__group_commit_failed(moldau_consumer_t *c, moldau_err_t err, int32_t generation);

/* Application thread, from poll (no lock held): applies a MOLDAU__OP_REBALANCE op (calls
 * the rebalance callback, commits before a revoke under enable.auto.commit, adds and removes
 * the partitions) and destroys it. */
void moldau__group_serve(moldau_consumer_t *c, moldau__op_t *op);

/* Under c->lock: a generation was lost and its LOST op not served yet, so no record may be
 * handed out (they are of the lost assignment). 0 without a group. */
int moldau__group_records_held(moldau_consumer_t *c);

#endif
