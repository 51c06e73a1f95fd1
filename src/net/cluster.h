/*
 * The cluster: the set of brokers, the metadata cache, and routing of requests.
 *
 * It starts from bootstrap.servers (entries with negative node ids, tried in turn: a dead one
 * only costs its connect failure) and fetches Metadata at once. Each answer replaces the broker
 * set with the brokers it lists (a bootstrap entry whose address is a listed broker's becomes
 * that broker, connection kept; the other bootstrap entries are dropped, each once it has no
 * request outstanding: an answer finding it busy keeps it) and replaces the cache. Metadata
 * asks for the topics of interest (moldau__cluster_want_topic), or for every topic when
 * moldau__cluster_want_all_topics is on. Refreshes happen every
 * metadata.max.age.ms, at once on moldau__cluster_refresh (upper layers call it on errors
 * for which moldau__err_is_stale_metadata() is true), and when a new topic is wanted; asks
 * made while a Metadata request is in flight coalesce into one more request after it. A
 * partition whose leader epoch in an answer is older than the cached one keeps its cached
 * state (a stale broker answered). Listeners are told after every update.
 *
 * Rebootstrap (metadata.recovery.strategy=rebootstrap, the Java client's default since 4.0):
 * the brokers of the last answer may all be gone (a cluster replaced, addresses changed) while
 * bootstrap.servers still leads to the cluster. So when every known broker has failed to
 * connect (a request timeout recycles the connection, so a broker that stopped answering
 * counts too), the bootstrap entries missing from the broker set are added back and
 * connected; the next answer prunes the set as usual. Entries already in the set are not
 * added twice, so a single broker that restarts costs nothing extra, and a rebootstrap cannot
 * repeat until an answer has pruned its entries. A lost connection to an UP broker asks for
 * a refresh (as the Java client does on a disconnect): its partitions may have moved.
 *
 * Requests go to a node (moldau__cluster_request_to_node) or to any broker
 * (moldau__cluster_request_any: the UP broker with the fewest outstanding requests; when no
 * broker is UP the request waits, until its deadline, for the first one that comes up while
 * the cluster connects brokers in turn).
 *
 * No configuration strings here: the client layer fills moldau__cluster_opts_t from its
 * properties. Reactor thread only. Callbacks must not destroy the cluster.
 */
#ifndef MOLDAU_NET_CLUSTER_H
#define MOLDAU_NET_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "moldau/error.h"
#include "moldau/protocol.h"
#include "net/broker.h"
#include "net/conn.h"
#include "net/reactor.h"
#include "util/log.h"

typedef struct moldau__cluster moldau__cluster_t;

typedef struct moldau__cluster_opts {
    const char *bootstrap_servers;    /* "host:port,[::1]:9092,host" (port 9092 by default) */
    const char *client_id;            /* client.id: "moldau" */
    const char *software_name;        /* ApiVersions v3+ (the client's name and version); */
    const char *software_version;     /* NULL: broker.h's defaults; kept, must outlive it */
    int32_t request_timeout_ms;       /* request.timeout.ms: 30000 (Metadata, ApiVersions) */
    int32_t metadata_max_age_ms;      /* metadata.max.age.ms: 300000 */
    int32_t retry_backoff_ms;         /* retry.backoff.ms: 100 (after a failed Metadata) */
    int32_t reconnect_backoff_ms;     /* reconnect.backoff.ms: 50 */
    int32_t reconnect_backoff_max_ms; /* reconnect.backoff.max.ms: 1000 */
    int rebootstrap;                  /* metadata.recovery.strategy=rebootstrap: 1 */
    int allow_auto_create_topics;     /* Metadata AllowAutoTopicCreation: consumer's
                                       * allow.auto.create.topics, 1 for producers */
    moldau__conn_opts_t conn;
    moldau__sasl_opts_t sasl;         /* SASL of every broker (broker.h); strings kept */
    moldau__logger_t *logger;         /* may be NULL; kept, must outlive the cluster */
    /* Called when a broker refuses our credentials (its reason names it), once per broker;
     * may be NULL. */
    void (*on_auth_failure)(moldau_err_t err, const char *reason, void *opaque);
    void *auth_failure_opaque;
} moldau__cluster_opts_t;

void moldau__cluster_opts_default(moldau__cluster_opts_t *o);

/* A cluster, or NULL with a reason naming the property in errstr (bad bootstrap.servers,
 * out of memory). The first Metadata request starts from the reactor's next run_once. */
moldau__cluster_t *moldau__cluster_new(moldau__reactor_t *r, const moldau__cluster_opts_t *o,
                                       char *errstr, size_t errstr_size);
/* Destroys every broker (their requests fail with MOLDAU_ERR__DESTROYED, requests waiting
 * for any broker too) and frees the cluster. NULL is ignored. */
void moldau__cluster_destroy(moldau__cluster_t *c);

/* ---- metadata ---------------------------------------------------------------------------- */

/* Adds a topic of interest (counted: each want needs an unwant). A topic not in the cache
 * triggers a refresh. MOLDAU_ERR_NONE or MOLDAU_ERR__NO_MEMORY. */
moldau_err_t moldau__cluster_want_topic(moldau__cluster_t *c, const char *topic);
void moldau__cluster_unwant_topic(moldau__cluster_t *c, const char *topic);
/* Metadata for every topic (tools, regex subscriptions). */
void moldau__cluster_want_all_topics(moldau__cluster_t *c, int on);

/* Asks for a Metadata refresh soon (coalesced, see above). reason goes to the debug log. */
void moldau__cluster_refresh(moldau__cluster_t *c, const char *reason);
/* As moldau__cluster_refresh, but not more often than retry.backoff.ms (asks within that
 * window are dropped: the refresh asked first is still to come or just answered). For upper
 * layers that ask again on every run while something waits for metadata. Returns the time
 * (moldau__now_ms() clock) from which the next ask is honoured again: a caller that keeps
 * waiting runs again then. */
int64_t moldau__cluster_refresh_soon(moldau__cluster_t *c, const char *reason);
/* Non-zero for broker error codes that mean the client's metadata is stale (leader moved,
 * topic or partition unknown to that broker, ...), so a refresh should precede a retry. */
int moldau__err_is_stale_metadata(moldau_err_t err);
/* Non-zero for a topic's error in a Metadata answer that no refresh mends (the topic is not
 * authorised for us, its name is invalid): upper layers report it once, naming the topic,
 * and do not ask for refreshes because of it (the cache is refreshed every
 * metadata.max.age.ms anyway, which is when a granted ACL shows). */
int moldau__err_is_topic_refusal(moldau_err_t err);

/* The cache: the latest Metadata answer (merged as described above), or NULL before the
 * first. Topics are sorted by name, partitions by index. Valid until the next update (do
 * not keep pointers across reactor iterations). */
const moldau_metadata_response_t *moldau__cluster_metadata(const moldau__cluster_t *c);
/* Updates received so far (0 before the first). */
int64_t moldau__cluster_metadata_version(const moldau__cluster_t *c);
/* A topic of the cache, or NULL. */
const moldau_metadata_response_topic_t *moldau__cluster_topic(const moldau__cluster_t *c,
                                                              const char *topic);
/* The leader of a partition: MOLDAU_ERR_NONE with *leader (and *leader_epoch if not NULL);
 * else the topic's error from the cache (e.g. MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION, also
 * for a topic not in the cache), MOLDAU_ERR__UNKNOWN_PARTITION for a partition the topic
 * does not have, MOLDAU_ERR_LEADER_NOT_AVAILABLE when it has no leader or the leader is not
 * a known broker. */
moldau_err_t moldau__cluster_leader(const moldau__cluster_t *c, const char *topic,
                                    int32_t partition, moldau__broker_t **leader,
                                    int32_t *leader_epoch);
int32_t moldau__cluster_controller_id(const moldau__cluster_t *c);
const char *moldau__cluster_id(const moldau__cluster_t *c); /* NULL until known */

typedef struct moldau__cluster_listener moldau__cluster_listener_t;
struct moldau__cluster_listener {
    void (*fn)(moldau__cluster_t *c, void *opaque); /* after each metadata update */
    void *opaque;
    /* private */
    moldau__cluster_listener_t *next;
};
/* The listener struct is the caller's and must stay put until unlistened. A listener may
 * unlisten itself (or others) from its callback. */
void moldau__cluster_listen(moldau__cluster_t *c, moldau__cluster_listener_t *l);
void moldau__cluster_unlisten(moldau__cluster_t *c, moldau__cluster_listener_t *l);

/* ---- brokers and requests ---------------------------------------------------------------- */

/* The broker of a node id (negative: a bootstrap entry), or NULL. */
moldau__broker_t *moldau__cluster_broker(const moldau__cluster_t *c, int32_t node_id);
/* The UP broker with the fewest outstanding requests, or NULL when none is UP. */
moldau__broker_t *moldau__cluster_any_up(const moldau__cluster_t *c);
/* All brokers (bootstrap entries included until the first Metadata answer). */
int moldau__cluster_brokers(const moldau__cluster_t *c, moldau__broker_t ***out);

/* As moldau__broker_request to the node's broker (connecting it if needed). Also returns
 * MOLDAU_ERR_BROKER_NOT_AVAILABLE (cb not called) when the node is not a known broker. */
moldau_err_t moldau__cluster_request_to_node(moldau__cluster_t *c, int32_t node_id,
                                             int16_t api_key, moldau__broker_encode_fn encode,
                                             moldau__broker_resp_fn cb, void *opaque,
                                             int64_t deadline_ms, unsigned flags);
/* As moldau__broker_request to the least loaded UP broker; with none UP, waits for one (the
 * cluster connects brokers in turn) until deadline_ms, then fails with MOLDAU_ERR__TIMED_OUT.
 * A request that fails as UNSUPPORTED_FEATURE on the broker it went to is not retried on
 * another. */
moldau_err_t moldau__cluster_request_any(moldau__cluster_t *c, int16_t api_key,
                                         moldau__broker_encode_fn encode,
                                         moldau__broker_resp_fn cb, void *opaque,
                                         int64_t deadline_ms, unsigned flags);

/* Every broker of the set refused our credentials (AUTH_FAILED, broker.h): nothing will ever
 * answer, so upper layers fail what waits with this error (a listener is told when it
 * happens, and Metadata is no longer retried). MOLDAU_ERR_NONE otherwise; *reason (if not
 * NULL) the refusal of one broker, valid until the next reactor iteration. */
moldau_err_t moldau__cluster_auth_error(const moldau__cluster_t *c, const char **reason);

/* The credentials changed (a new OAUTHBEARER token): brokers that refused the old ones may be
 * tried again (moldau__broker_auth_reset), and a refusal of them all is told again. */
void moldau__cluster_credentials_changed(moldau__cluster_t *c);

/* Counters for tests and tracing. */
typedef struct moldau__cluster_stats {
    int64_t metadata_requests;  /* Metadata requests sent */
    int64_t metadata_updates;   /* answers applied */
    int64_t refreshes_asked;    /* moldau__cluster_refresh calls (and internal triggers) */
    int64_t epochs_ignored;     /* partitions kept because an answer's epoch went back */
    int64_t rebootstraps;       /* times bootstrap.servers entries were added back */
    int64_t all_down;           /* times a request found every broker resting after failures */
} moldau__cluster_stats_t;
void moldau__cluster_stats(const moldau__cluster_t *c, moldau__cluster_stats_t *out);

#endif
