/* See codec_conn_test.h. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "codec_conn_test.h"
#include "peer_test.h"

TEST_CODEC_WRAP(api_versions)
TEST_CODEC_WRAP(find_coordinator)

void test_conn_exchange_at(test_conn_t *c, int16_t key, int16_t version, test_enc_fn enc,
                           const void *req, test_dec_fn dec, void *out)
{
    moldau_buf_t body, frame;
    moldau_buf_init(&body);
    moldau_buf_init(&frame);
    ck_assert_int_eq(enc(&body, version, req), MOLDAU_ERR_NONE);
    int32_t cid = ++c->cid;
    ck_assert_int_eq(test_send_request(c->fd, key, version, cid, body.data, body.len), 0);
    ck_assert_msg(test_recv_frame(c->fd, &frame) == 0, "api %d v%d: no answer", key, version);
    /* The frame must outlive the decoded views: keep a copy in the arena. */
    uint8_t *copy = moldau_arena_calloc(&c->a, frame.len ? frame.len : 1, 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, frame.data, frame.len);
    moldau_reader_t r;
    moldau_reader_init(&r, copy, frame.len);
    int32_t got = 0;
    ck_assert_int_eq(moldau_response_header_read(&r, key, version, &got), MOLDAU_ERR_NONE);
    ck_assert_int_eq(got, cid);
    moldau_err_t err = dec(&r, version, &c->a, out);
    ck_assert_msg(err == MOLDAU_ERR_NONE, "api %d v%d: %s", key, version, moldau_err_name(err));
    ck_assert_uint_eq(moldau_reader_remaining(&r), 0);
    moldau_buf_free(&body);
    moldau_buf_free(&frame);
}

int16_t test_conn_version(const test_conn_t *c, int16_t key)
{
    const moldau_api_info_t *ours = moldau_api_info(key);
    const moldau_api_versions_response_api_key_t *theirs =
        moldau_api_versions_response_find(&c->av, key);
    ck_assert_ptr_nonnull(ours);
    int16_t hi = theirs && theirs->max_version < ours->max_version ? theirs->max_version
                                                                   : ours->max_version;
    if (!theirs || hi < theirs->min_version || hi < ours->min_version) {
        fprintf(stderr, "%s: the broker does not serve %s %d-%d: not tried\n", c->tag,
                ours->name, ours->min_version, ours->max_version);
        return -1;
    }
    fprintf(stderr, "%s: %s at v%d\n", c->tag, ours->name, hi);
    return hi;
}

int16_t test_conn_exchange(test_conn_t *c, int16_t key, test_enc_fn enc, const void *req,
                           test_dec_fn dec, void *out)
{
    int16_t v = test_conn_version(c, key);
    if (v >= 0)
        test_conn_exchange_at(c, key, v, enc, req, dec, out);
    return v;
}

void test_conn_open(test_conn_t *c, const char *bootstrap, const char *tag)
{
    memset(c, 0, sizeof(*c));
    c->tag = tag;
    moldau_arena_init(&c->a);
    c->fd = test_tcp_connect(bootstrap, 15000);
    ck_assert_msg(c->fd >= 0, "cannot connect to %s", bootstrap);
    moldau_api_versions_request_t req = {0};
    test_conn_exchange_at(c, MOLDAU_API_API_VERSIONS, 0, enc_api_versions, &req,
                          dec_api_versions, &c->av);
    ck_assert_int_eq(c->av.error_code, 0);
}

void test_conn_close(test_conn_t *c)
{
    close(c->fd);
    moldau_arena_free(&c->a);
}

void test_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

int test_coordinator_retriable(int16_t err)
{
    return err == 14 || err == 15 || err == 16 || err == 51;
}

void test_conn_find_coordinator(test_conn_t *c, const char *key, int8_t key_type)
{
    const char *const keys[] = {key};
    moldau_find_coordinator_request_t fc = {.key = key, .key_type = key_type};
    int16_t v = test_conn_version(c, MOLDAU_API_FIND_COORDINATOR);
    ck_assert_int_ge(v, 1);
    if (v >= 4)
        fc = (moldau_find_coordinator_request_t){NULL, key_type, keys, 1};
    moldau_find_coordinator_response_t r;
    int16_t err;
    for (int tries = 0;; tries++) {
        test_conn_exchange_at(c, MOLDAU_API_FIND_COORDINATOR, v, enc_find_coordinator, &fc,
                              dec_find_coordinator, &r);
        err = v >= 4 ? r.coordinators[0].error_code : r.error_code;
        if (!test_coordinator_retriable(err) || tries == 60)
            break;
        test_sleep_ms(500);
    }
    ck_assert_msg(err == 0, "FindCoordinator %s: error %d", key, err);
}
