/*
 * badpeer: a scripted fake broker for tests, on a loopback port of its own (127.0.0.1 or ::1,
 * port 0), served by a thread of the test process.
 *
 * It reads size-framed requests, parses their request header (v1 or v2 by api key and
 * version) and answers each with the next step of its script; when the script is used up,
 * every further request gets the `after` action. The script runs across connections: when a
 * connection ends, the next one accepted continues it. Answers that are whole frames carry the
 * request's correlation id and the response header version its api key and version call for
 * (v1, with an empty tag section, for flexible versions; v0 always for ApiVersions).
 *
 *     badpeer_step_t script[] = {{BADPEER_ECHO}, {BADPEER_WRONG_CORR}};
 *     badpeer_t *bp = badpeer_start(script, 2, BADPEER_SILENT);
 *     ... connect to 127.0.0.1:badpeer_port(bp) ...
 *     badpeer_stop(bp);
 */
#ifndef MOLDAU_TESTS_BADPEER_H
#define MOLDAU_TESTS_BADPEER_H

#include <stddef.h>
#include <stdint.h>

typedef enum badpeer_action {
    BADPEER_ECHO,       /* a response whose body is the request's body */
    BADPEER_CANNED,     /* a response whose body is data/len (e.g. a real ApiVersions body) */
    BADPEER_WRONG_CORR, /* the echo response, with the correlation id plus one */
    BADPEER_RAW,        /* data/len written as they are (garbage, a hand-made frame); the
                         * connection stays open */
    BADPEER_TRUNCATE,   /* the echo response's size prefix and about half of the rest, then
                         * close: a truncated frame */
    BADPEER_CLOSE_MID,  /* the first len bytes (default 2: inside the size prefix) of the
                         * echo response, then close */
    BADPEER_OVERSIZE,   /* a size prefix of len (default 0x7fffffff) and a few bytes; stays
                         * open */
    BADPEER_DRIBBLE,    /* the echo response, one byte per send (frames split anywhere) */
    BADPEER_SILENT,     /* no answer to this request (the connection stays open) */
    BADPEER_CLOSE       /* close the connection instead of answering */
} badpeer_action_t;

typedef struct badpeer_step {
    badpeer_action_t action;
    const void *data; /* copied by badpeer_start */
    size_t len;
} badpeer_step_t;

typedef struct badpeer badpeer_t;

/* Listens on 127.0.0.1 (or ::1 when ipv6 is set, with badpeer_start_on) and serves the
 * script from a thread. Aborts the test on failure (ck_abort). */
badpeer_t *badpeer_start(const badpeer_step_t *script, size_t n, badpeer_action_t after);
badpeer_t *badpeer_start_on(int ipv6, const badpeer_step_t *script, size_t n,
                            badpeer_action_t after);
/* The same with each step bound to an api key: step i answers only requests of api key
 * keys[i] (-1: any request), in order among the steps of that key, and the last step of a
 * key answers every later request of it (a client's ApiVersions and Metadata, however many,
 * next to a scripted Fetch). Requests no step takes get `after`. */
badpeer_t *badpeer_start_keyed(const badpeer_step_t *script, const int16_t *keys, size_t n,
                               badpeer_action_t after);
/* Replaces the data of step i (copied), e.g. an answer naming the peer's own port. */
void badpeer_set_canned(badpeer_t *bp, size_t i, const void *data, size_t len);
int badpeer_port(const badpeer_t *bp);
/* Stops the thread, closes everything and frees bp. */
void badpeer_stop(badpeer_t *bp);

/* What it has seen so far (thread-safe). */
int badpeer_requests(badpeer_t *bp);
int badpeer_connections(badpeer_t *bp);
/* The correlation id, api key and api version of request i (0-based, first 1024 only), or
 * -1 if not seen. */
int32_t badpeer_correlation_id(badpeer_t *bp, int i);
int badpeer_api_key(badpeer_t *bp, int i);
int badpeer_api_version(badpeer_t *bp, int i);

/* A loopback port with nothing listening (bound then closed): connecting is refused. */
int badpeer_closed_port(void);

#endif
