/* Offsets of the consumer's group (group.id set): commits (manual, automatic), committed
 * offsets fetched for partitions assigned at MOLDAU_OFFSET_STORED, committed(). */
#ifndef MOLDAU_CONSUMER_OFFSETS_H
#define MOLDAU_CONSUMER_OFFSETS_H

#include "consumer/consumer.h"

/* Sets c->offsets up when group.id is set (after the client and the fetcher exist).
 * MOLDAU_ERR_NONE, or an error with the reason in errstr. */
moldau_err_t moldau__offsets_init(moldau_consumer_t *c, char *errstr, size_t errstr_size);
/* Application thread, first thing at close: the final commit when enable.auto.commit is on;
 * stops automatic commits. The memory goes in moldau__offsets_free. */
void moldau__offsets_close(moldau_consumer_t *c);
/* After the client is closed. NULL is ignored. */
void moldau__offsets_free(moldau__offsets_t *o);

/* Application thread (also from a callback served by poll). When enable.auto.commit is on,
 * commits synchronously the positions of what poll handed to the application that changed
 * since the last commit, for the assigned partitions in `only` (NULL: all assigned), under
 * the current generation and member id; waits up to timeout_ms. Used before partitions are
 * revoked and at close. MOLDAU_ERR_NONE when there is nothing to commit, no group,
 * enable.auto.commit is off, or the member is between generations (generation -1 with a
 * member id). */
moldau_err_t moldau__offsets_commit_positions_sync(moldau_consumer_t *c,
                                                   const moldau_partition_list_t *only,
                                                   int timeout_ms);

/* Reactor thread, c->lock held: the fetcher found partition c->parts[idx] at
 * MOLDAU_OFFSET_STORED with its leader known. Marks it busy and asks the group for its
 * committed offset (with the others of this reactor iteration, in one OffsetFetch); the
 * answer sets where it starts (or its reset, or an error event) and kicks the fetcher. */
void moldau__offsets_fetch_committed(moldau_consumer_t *c, size_t idx);

#endif
