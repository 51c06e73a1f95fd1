/* The consumer against a bad peer (tests/support/badpeer_test.h): a Fetch answered by a
 * truncated frame (the connection closed halfway) or by a size prefix beyond any frame the
 * client takes (0x7fffffff) drops the connection; the consumer connects again, fetches again
 * from the same position and gets every record once, with no hang. Two peers: a bootstrap one
 * (ApiVersions, Metadata naming node 1 at the second), and node 1, whose first Fetch gets the
 * bad answer and the next ones a Fetch v4 response holding records 0..4 (the same, again and
 * again: later Fetches for offset 5 must drop them, as a broker's whole-batch answers).
 * The reason shows once, in an INFO log line. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/badpeer_test.h"
#include "moldau/consumer.h"
#include "moldau/protocol.h"
#include "moldau/protocol/compress.h"
#include "moldau/protocol/records.h"

static void av_body(moldau_buf_t *w)
{
    static const int16_t k[][3] = {{MOLDAU_API_API_VERSIONS, 0, 3},
                                   {MOLDAU_API_METADATA, 1, 1},
                                   {MOLDAU_API_FETCH, 4, 4},
                                   {MOLDAU_API_LIST_OFFSETS, 1, 1}};
    int n = (int)(sizeof(k) / sizeof(k[0]));
    moldau_buf_init(w);
    moldau_w_i16(w, 0);
    moldau_w_uvarint(w, (uint32_t)n + 1);
    for (int i = 0; i < n; i++) {
        moldau_w_i16(w, k[i][0]);
        moldau_w_i16(w, k[i][1]);
        moldau_w_i16(w, k[i][2]);
        moldau_w_tags_none(w);
    }
    moldau_w_i32(w, 0);
    moldau_w_tags_none(w);
}

/* Metadata v1: node 1 at 127.0.0.1:port leads partition 0 of `topic`. */
static void metadata_body(moldau_buf_t *w, const char *topic, int port)
{
    moldau_buf_init(w);
    moldau_w_i32(w, 1);
    moldau_w_i32(w, 1);
    moldau_w_string(w, "127.0.0.1", 0);
    moldau_w_i32(w, port);
    moldau_w_string(w, NULL, 0); /* rack */
    moldau_w_i32(w, 1);          /* controller */
    moldau_w_i32(w, 1);
    moldau_w_i16(w, 0);
    moldau_w_string(w, topic, 0);
    moldau_w_bool(w, 0);
    moldau_w_i32(w, 1);
    moldau_w_i16(w, 0);
    moldau_w_i32(w, 0); /* partition */
    moldau_w_i32(w, 1); /* leader */
    moldau_w_i32(w, 1);
    moldau_w_i32(w, 1); /* replicas */
    moldau_w_i32(w, 1);
    moldau_w_i32(w, 1); /* isr */
}

/* Fetch v4: partition 0 of `topic` holds one batch of values "0".."4" at offsets 0..4. */
static void fetch_body(moldau_buf_t *w, const char *topic)
{
    moldau_batch_builder_t b;
    moldau_batch_builder_init(&b, MOLDAU_CODEC_NONE, 0);
    for (int i = 0; i < 5; i++) {
        char v[4];
        int len = snprintf(v, sizeof(v), "%d", i);
        ck_assert_int_eq(moldau_batch_builder_append(&b, 1700000000000LL,
                                                     (moldau_bytes_t){NULL, -1},
                                                     (moldau_bytes_t){(const uint8_t *)v, len},
                                                     NULL, 0),
                         MOLDAU_ERR_NONE);
    }
    const uint8_t *data;
    size_t len;
    ck_assert_int_eq(moldau_batch_builder_finish(&b, &data, &len), MOLDAU_ERR_NONE);
    moldau_buf_init(w);
    moldau_w_i32(w, 0); /* throttle */
    moldau_w_i32(w, 1);
    moldau_w_string(w, topic, 0);
    moldau_w_i32(w, 1);
    moldau_w_i32(w, 0);  /* partition */
    moldau_w_i16(w, 0);  /* error */
    moldau_w_i64(w, 5);  /* high watermark */
    moldau_w_i64(w, 5);  /* last stable offset */
    moldau_w_i32(w, -1); /* aborted transactions: null */
    moldau_w_bytes(w, (moldau_bytes_t){data, (int32_t)len}, 0);
    moldau_batch_builder_free(&b);
}

static const struct {
    const char *name;
    badpeer_action_t bad;
    const char *said; /* in the log line that tells why the connection was dropped */
} cases[] = {{"truncated", BADPEER_TRUNCATE, "in the middle of a response"},
             {"oversized", BADPEER_OVERSIZE, "response size 2147483647 is outside"}};

typedef struct said {
    const char *want;
    int times;
} said_t;

static void log_cb(moldau_client_t *cl, int level, const char *fac, const char *msg, void *op)
{
    (void)cl;
    (void)fac;
    said_t *s = op;
    if (level <= 6 && strstr(msg, s->want))
        s->times++;
}

START_TEST(bad_fetch_answer_then_recovery)
{
    const char *topic = "bad";
    moldau_buf_t av, md, fb;
    av_body(&av);
    fetch_body(&fb, topic);
    /* node 1 answers Metadata too (clients may ask it): with its own port, set once known */
    badpeer_step_t node_script[] = {{BADPEER_CANNED, av.data, av.len},
                                    {cases[_i].bad, NULL, 0},
                                    {BADPEER_CANNED, fb.data, fb.len},
                                    {BADPEER_CANNED, av.data, av.len}};
    const int16_t node_keys[] = {MOLDAU_API_API_VERSIONS, MOLDAU_API_FETCH, MOLDAU_API_FETCH,
                                 MOLDAU_API_METADATA};
    badpeer_t *node = badpeer_start_keyed(node_script, node_keys, 4, BADPEER_CLOSE);
    metadata_body(&md, topic, badpeer_port(node));
    badpeer_set_canned(node, 3, md.data, md.len);
    badpeer_step_t boot_script[] = {{BADPEER_CANNED, av.data, av.len},
                                    {BADPEER_CANNED, md.data, md.len}};
    const int16_t boot_keys[] = {MOLDAU_API_API_VERSIONS, MOLDAU_API_METADATA};
    badpeer_t *boot = badpeer_start_keyed(boot_script, boot_keys, 2, BADPEER_CLOSE);
    moldau_buf_free(&av);
    moldau_buf_free(&md);
    moldau_buf_free(&fb);

    char err[512], bs[64];
    snprintf(bs, sizeof(bs), "127.0.0.1:%d", badpeer_port(boot));
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bs, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "6", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "reconnect.backoff.ms", "50", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "retry.backoff.ms", "50", err, sizeof(err)), 0);
    said_t said = {cases[_i].said, 0};
    moldau_conf_set_log_cb(conf, log_cb);
    moldau_conf_set_opaque(conf, &said);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, topic, 0)->offset = 0;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);

    int next = 0;
    for (int tries = 0; next < 5 && tries < 100; tries++) {
        moldau_consumer_error_t e;
        const moldau_consumer_record_t *r = moldau_consumer_poll(c, 200, &e);
        ck_assert_msg(r || !e.err, "%s: error event %s: %s", cases[_i].name,
                      moldau_err_name(e.err), e.reason ? e.reason : "");
        if (!r)
            continue;
        ck_assert_int_eq(r->offset, next);
        ck_assert_int_eq(r->value_len, 1);
        ck_assert_int_eq(((const char *)r->value)[0], '0' + next);
        next++;
    }
    ck_assert_int_eq(next, 5);
    /* the same answer again for offset 5: nothing twice */
    moldau_consumer_error_t e;
    ck_assert_ptr_null(moldau_consumer_poll(c, 500, &e));
    ck_assert_int_eq(e.err, MOLDAU_ERR_NONE);
    int64_t pos;
    ck_assert_int_eq(moldau_consumer_position(c, topic, 0, &pos), MOLDAU_ERR_NONE);
    ck_assert_int_eq(pos, 5);
    ck_assert_msg(said.times == 1, "%s: the reason logged %d times", cases[_i].name, said.times);
    /* the bad answer cost the connection: node 1 was connected to again */
    ck_assert_int_ge(badpeer_connections(node), 2);
    int fetches = 0;
    for (int i = 0; i < badpeer_requests(node); i++)
        fetches += badpeer_api_key(node, i) == MOLDAU_API_FETCH;
    ck_assert_int_ge(fetches, 3);
    fprintf(stderr, "fetch_badpeer: %s: %d connections to the node, %d Fetches\n",
            cases[_i].name, badpeer_connections(node), fetches);
    moldau_consumer_close(c);
    badpeer_stop(boot);
    badpeer_stop(node);
}
END_TEST

Suite *moldau_test_fetch_badpeer_suite(void)
{
    Suite *s = suite_create("fetch_badpeer");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, bad_fetch_answer_then_recovery, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}
