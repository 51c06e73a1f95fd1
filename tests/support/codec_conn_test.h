/* A raw connection for codec tests against the real broker: each request is sent at the highest
 * version both moldau and the broker speak, without the network layer, and the answer must
 * decode whole. Test-only; failures are Check assertions. */
#ifndef MOLDAU_TEST_CODEC_CONN_H
#define MOLDAU_TEST_CODEC_CONN_H

#include <stdint.h>

#include "moldau/protocol.h"

typedef moldau_err_t (*test_enc_fn)(moldau_buf_t *w, int16_t v, const void *req);
typedef moldau_err_t (*test_dec_fn)(moldau_reader_t *r, int16_t v, moldau_arena_t *a,
                                    void *out);

/* enc_<api> and dec_<api>: the typed codec of <api> with the generic signatures above. */
#define TEST_CODEC_WRAP(api)                                                                     \
    static moldau_err_t enc_##api(moldau_buf_t *w, int16_t v, const void *req)                   \
    {                                                                                            \
        return moldau_##api##_request_encode(w, v, req);                                         \
    }                                                                                            \
    static moldau_err_t dec_##api(moldau_reader_t *r, int16_t v, moldau_arena_t *a, void *out) \
    {                                                                                            \
        return moldau_##api##_response_decode(r, v, a, out);                                     \
    }

typedef struct test_conn {
    int fd;
    int32_t cid;
    moldau_arena_t a; /* every decoded answer, freed by test_conn_close() */
    moldau_api_versions_response_t av;
    const char *tag; /* names the suite in the lines written on stderr */
} test_conn_t;

/* Connects to the first broker of `bootstrap` and asks ApiVersions v0. */
void test_conn_open(test_conn_t *c, const char *bootstrap, const char *tag);
void test_conn_close(test_conn_t *c);

/* One request at `version`; the answer decoded into out (views live until test_conn_close). */
void test_conn_exchange_at(test_conn_t *c, int16_t key, int16_t version, test_enc_fn enc,
                           const void *req, test_dec_fn dec, void *out);
/* The highest version both speak, or -1 (said on stderr). */
int16_t test_conn_version(const test_conn_t *c, int16_t key);
/* Sends at the negotiated version; returns it, or -1 when the broker lacks the API. */
int16_t test_conn_exchange(test_conn_t *c, int16_t key, test_enc_fn enc, const void *req,
                           test_dec_fn dec, void *out);

/* NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS,
 * CONCURRENT_TRANSACTIONS: the coordinator is not there yet. */
int test_coordinator_retriable(int16_t err);
/* Asks for the coordinator of `key` (key_type 0 group, 1 transaction) until there is one: on a
 * fresh cluster the first ask creates __consumer_offsets or __transaction_state. */
void test_conn_find_coordinator(test_conn_t *c, const char *key, int8_t key_type);

void test_sleep_ms(long ms);

#endif
