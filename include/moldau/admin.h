/*
 * moldau — the admin client: topics, configs, the cluster, groups and their offsets, ACLs,
 * SCRAM users, quotas, log dirs, reassignments, producers and transactions.
 *
 *   moldau_admin_t *a = moldau_admin_new(conf, errstr, sizeof(errstr));
 *   const char *names[] = {"orders", "payments"};
 *   moldau_admin_topic_results_t *r;
 *   if (moldau_admin_delete_topics(a, names, 2, -1, &r) == MOLDAU_ERR_NONE) {
 *       for (size_t i = 0; i < r->n_items; i++)
 *           if (r->items[i]->err)
 *               fprintf(stderr, "%s: %s\n", r->items[i]->name, r->items[i]->errmsg);
 *       moldau_admin_result_free(r);
 *   }
 *   moldau_admin_close(a);
 *
 * Every call follows the same rules:
 *  - It is synchronous: it waits for the answers up to timeout_ms (-1: default.api.timeout.ms,
 *    60000 as Java's), retrying within that while a controller or coordinator moves. Any
 *    application thread may call, several at once. Requests go to the node the API wants (any
 *    broker, the controller, a group's coordinator, every broker) through the client's shared
 *    request machinery.
 *  - It returns the call's own error: MOLDAU_ERR_NONE when every request was answered (items
 *    may still have failed), MOLDAU_ERR__TIMED_OUT, MOLDAU_ERR__INVALID_ARG (the argument
 *    named in the log), MOLDAU_ERR__NO_MEMORY, a transport or codec error, or a broker error
 *    that concerns the whole call (e.g. CLUSTER_AUTHORIZATION_FAILED).
 *  - Per-item errors are in the result: every item has `err` and `errmsg` (the broker's
 *    message, or a sentence of moldau's; NULL when err is MOLDAU_ERR_NONE). One item failing
 *    never hides the others.
 *  - *out is set when the call returns MOLDAU_ERR_NONE (NULL otherwise) and is the caller's,
 *    one allocation freed with moldau_admin_result_free(). Arrays in results are arrays of
 *    pointers: a result struct grows at its end in a later version without moving elements.
 *  - Arguments are copied before the call returns. Structs the application fills
 *    (moldau_admin_new_topic_t, ...) follow moldau/record.h's rules: initialise them with
 *    their _INIT macro (or zero them) and set fields by name; they never change size.
 */
#ifndef MOLDAU_ADMIN_H
#define MOLDAU_ADMIN_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/client.h"
#include "moldau/conf.h"
#include "moldau/consumer.h"
#include "moldau/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct moldau_admin moldau_admin_t;

/* An admin client. conf is copied (bootstrap.servers required). NULL with the reason in
 * errstr. */
moldau_admin_t *moldau_admin_new(const moldau_conf_t *conf, char *errstr, size_t errstr_size);
/* Closes the connections and frees the client, once every other call on it has returned.
 * Results already returned stay valid. NULL is ignored. */
void moldau_admin_close(moldau_admin_t *a);
/* The admin client's own client handle, borrowed (metadata, poll in io.thread=false mode). */
moldau_client_t *moldau_admin_client(moldau_admin_t *a);

/* Frees any result an admin call returned. NULL is ignored. */
void moldau_admin_result_free(void *result);

/* ---- topics -------------------------------------------------------------------------------- */

/* A topic's outcome, for calls whose items are topics by name. */
typedef struct moldau_admin_topic_result {
    const char *name;
    moldau_err_t err;
    const char *errmsg;
} moldau_admin_topic_result_t;

typedef struct moldau_admin_topic_results {
    moldau_admin_topic_result_t *const *items; /* in the order asked */
    size_t n_items;
} moldau_admin_topic_results_t;

/* Deletes topics by name (DeleteTopics, sent to the controller). Per topic: e.g.
 * UNKNOWN_TOPIC_OR_PARTITION, TOPIC_AUTHORIZATION_FAILED. */
moldau_err_t moldau_admin_delete_topics(moldau_admin_t *a, const char *const *topics,
                                        size_t n_topics, int timeout_ms,
                                        moldau_admin_topic_results_t **out);

#ifdef __cplusplus
}
#endif

#endif
