/* What offsets.c, offsets_req.c and offsets_stored.c share: one OffsetCommit or OffsetFetch
 * to the group coordinator as a job on the reactor, and the offsets' state. */
#ifndef MOLDAU_CONSUMER_OFFSETS_INTERNAL_H
#define MOLDAU_CONSUMER_OFFSETS_INTERNAL_H

#include "client/call.h"
#include "consumer/offsets.h"

typedef struct moldau__ofs_job moldau__ofs_job_t;
/* Reactor thread, exactly once, never from inside the call that posted the job. */
typedef void (*moldau__ofs_done_fn)(moldau__ofs_job_t *j);

struct moldau__ofs_job {
    moldau__call_t call;           /* first: a synchronous caller waits on it (offsets.c) */
    moldau_consumer_t *c;
    int commit;                    /* OffsetCommit; else OffsetFetch */
    moldau_partition_list_t *list; /* the job's. Commit: the offsets (in); fetch: the committed
                                    * offsets, MOLDAU_OFFSET_INVALID when none (out). err of
                                    * each element set when done. */
    int32_t *epochs;               /* per element: the leader epoch committed (in) / read (out) */
    moldau_err_t err;              /* the request's error, else the first partition's */
    moldau__ofs_done_fn done;
    void *opaque;
    int timeout_ms;                /* -1: request.timeout.ms */
    int retry_unstable;            /* fetch: UNSTABLE_OFFSET_COMMIT is asked again (committed()) */
    /* private (offsets_req.c) */
    moldau__ofs_job_t *next_waiting;
    moldau_uuid_t *ids;            /* per element: the topic id it was sent with (v10) */
    int32_t generation_id;         /* the identity a commit carries, read when it starts */
    char *member_id;
    int64_t deadline;
    size_t *wanted;                /* elements whose topic was wanted for its id */
    size_t n_wanted;
    int waiting;                   /* for topics' metadata (their ids), or for a retry */
    int attempts;                  /* answers that were retried */
    moldau__cluster_listener_t listener;
    moldau__timer_t timer;
    moldau__job_t post;
};

struct moldau__offsets {
    moldau_consumer_t *c;
    int auto_commit;             /* enable.auto.commit */
    int32_t interval_ms;         /* auto.commit.interval.ms */
    moldau_offset_commit_cb *cb; /* the application's, or NULL */
    void *opaque;
    /* reactor thread */
    int closed;                  /* no request is sent any more */
    int auto_in_flight;          /* an automatic commit waits for its answer */
    moldau__timer_t auto_timer;
    moldau__ofs_job_t *waiting;  /* jobs waiting for topic metadata */
    moldau__ofs_job_t *stored;   /* committed offsets the fetcher waits for, to be sent */
    moldau__defer_t stored_send;
    moldau__timer_t stored_retry;
};

/* A job for n elements (added with _add), or NULL when out of memory. */
moldau__ofs_job_t *moldau__ofs_job_new(moldau_consumer_t *c, int commit, size_t n);
/* Appends an element. 0, or -1 when out of memory. */
int moldau__ofs_job_add(moldau__ofs_job_t *j, const char *topic, int32_t partition,
                        int64_t offset, int32_t epoch);
/* Any thread: runs the job on the reactor (done is called there, also with
 * MOLDAU_ERR__DESTROYED when the consumer closes first). */
void moldau__ofs_job_post(moldau__ofs_job_t *j);
/* Reactor thread: the same, from a callback of the reactor's (never with c->lock held). */
void moldau__ofs_job_start(moldau__ofs_job_t *j);
void moldau__ofs_job_free(moldau__ofs_job_t *j);
/* Reactor thread, at close: jobs still waiting for metadata finish with
 * MOLDAU_ERR__DESTROYED; later ones at once. */
void moldau__ofs_jobs_close(moldau__offsets_t *o);

/* offsets_stored.c, reactor thread. */
void moldau__offsets_stored_init(moldau__offsets_t *o);
void moldau__offsets_stored_close(moldau__offsets_t *o);

#endif
