/* A raw connection to a real broker for the codec's integration suites: ApiVersions first,
 * then requests at the highest version both sides speak, each answer decoded whole (no network
 * layer in between). Test-only; failures are Check assertions. The same shape as branch
 * codec's check_codec_kafka.c, which can move onto it. */
#ifndef MOLDAU_TEST_RAW_CONN_H
#define MOLDAU_TEST_RAW_CONN_H

#include <stdint.h>

#include "moldau/protocol.h"

typedef moldau_err_t (*test_raw_enc_fn)(moldau_buf_t *w, int16_t v, const void *req);
typedef moldau_err_t (*test_raw_dec_fn)(moldau_reader_t *r, int16_t v, moldau_arena_t *a,
                                        void *out);

/* enc_<api> and dec_<api>: an API's codec with the generic signatures. */
#define TEST_RAW_WRAP(api)                                                                      \
    static moldau_err_t enc_##api(moldau_buf_t *w, int16_t v, const void *req)                   \
    {                                                                                            \
        return moldau_##api##_request_encode(w, v, req);                                         \
    }                                                                                            \
    static moldau_err_t dec_##api(moldau_reader_t *r, int16_t v, moldau_arena_t *a, void *out) \
    {                                                                                            \
        return moldau_##api##_response_decode(r, v, a, out);                                     \
    }

typedef struct test_raw_conn {
    int fd;
    int32_t cid;
    moldau_arena_t a; /* every decoded answer and its frame, freed by test_raw_close */
    moldau_api_versions_response_t av;
    const char *tag; /* prefix of the lines said on stderr */
} test_raw_conn_t;

/* Connects and asks ApiVersions v0. */
void test_raw_open(test_raw_conn_t *c, const char *bootstrap, const char *tag);
void test_raw_close(test_raw_conn_t *c);
/* The highest version both speak, or -1 when the broker does not serve the API (said). */
int16_t test_raw_version(const test_raw_conn_t *c, int16_t key);
/* One request at `version`; the answer must decode whole into out (views stay valid until
 * test_raw_close). */
void test_raw_exchange_at(test_raw_conn_t *c, int16_t key, int16_t version, test_raw_enc_fn enc,
                          const void *req, test_raw_dec_fn dec, void *out);
/* Asks for the coordinator of `key` (MOLDAU_COORDINATOR_KEY_*) until there is one. */
void test_raw_find_coordinator(test_raw_conn_t *c, const char *key, int8_t key_type);
/* NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS,
 * CONCURRENT_TRANSACTIONS: worth asking again. */
int test_raw_retriable(int16_t err);
void test_sleep_ms(long ms);

#endif
