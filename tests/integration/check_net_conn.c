/* The connection against a well-behaved loopback peer (badpeer in echo mode): pipelining,
 * the in-flight limit, large frames, keeping a response buffer, requests without response,
 * IPv6, trying every resolved address, and what send refuses. Failures: check_net_errors.c. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>

#include "check_net.h"

START_TEST(pipelined_requests_complete_once_in_order)
{
    enum { N = 100 };
    net_harness_t *h = calloc(1, sizeof(*h));
    net_start(h, NULL, 0, BADPEER_ECHO, NULL);
    char payload[48];
    for (int i = 0; i < N; i++) { /* sent while still connecting: they wait in order */
        snprintf(payload, sizeof(payload), "request-%d", i);
        ck_assert_int_eq(net_send(h, payload, 0), MOLDAU_ERR_NONE);
    }
    ck_assert_int_eq(moldau__conn_state(h->c), MOLDAU__CONN_CONNECTING);
    NET_RUN_UNTIL(h, h->done == N);
    net_assert_all_once(h);
    for (int i = 0; i < N; i++) {
        snprintf(payload, sizeof(payload), "request-%d", i);
        ck_assert_int_eq(h->rec[i].err, MOLDAU_ERR_NONE);
        ck_assert_int_eq(h->rec[i].order, i);
        ck_assert_uint_eq(h->rec[i].len, strlen(payload));
        ck_assert(memcmp(h->rec[i].body, payload, h->rec[i].len) == 0);
        /* The connection numbered the requests and wrote the ids into the frames. */
        ck_assert_int_eq(h->rec[i].corr, i);
        ck_assert_int_eq(badpeer_correlation_id(h->bp, i), i);
        ck_assert_int_eq(badpeer_api_key(h->bp, i),
                         i % 2 ? MOLDAU_API_METADATA : MOLDAU_API_API_VERSIONS);
    }
    ck_assert_int_eq(h->connected, 1);
    ck_assert_int_eq(h->closed, 0);
    ck_assert_int_eq(moldau__conn_in_flight(h->c), 0);
    ck_assert_int_eq(moldau__conn_queued(h->c), 0);
    ck_assert_int_eq(badpeer_connections(h->bp), 1);
    ck_assert_str_eq(moldau__conn_errstr(h->c), "");
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(in_flight_limit_is_kept)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    moldau__conn_opts_t o;
    moldau__conn_opts_default(&o);
    o.max_in_flight = 3;
    net_start(h, NULL, 0, BADPEER_SILENT, &o);
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(net_send(h, "x", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, badpeer_requests(h->bp) == 3 && moldau__conn_queued(h->c) == 7);
    for (int i = 0; i < 5; i++) /* give it every chance to send more than it may */
        moldau__reactor_run_once(h->r, 10);
    ck_assert_int_eq(moldau__conn_in_flight(h->c), 3);
    ck_assert_int_eq(moldau__conn_queued(h->c), 7);
    ck_assert_int_eq(badpeer_requests(h->bp), 3);
    ck_assert_int_eq(h->done, 0);
    /* Destroying fails all ten, once each, in send order, without a closed callback. */
    moldau__conn_destroy(h->c);
    h->c = NULL;
    net_assert_all_once(h);
    for (int i = 0; i < 10; i++) {
        ck_assert_int_eq(h->rec[i].err, MOLDAU_ERR__DESTROYED);
        ck_assert_int_eq(h->rec[i].order, i);
    }
    ck_assert_int_eq(h->closed, 0);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(several_connections_share_one_reactor)
{
    enum { CONNS = 4, PER = 50 };
    net_harness_t *h = calloc(CONNS, sizeof(*h));
    net_start(&h[0], NULL, 0, BADPEER_ECHO, NULL);
    for (int k = 1; k < CONNS; k++) {
        memset(&h[k], 0, sizeof(h[k]));
        h[k].destroy_in_response = h[k].take_in_response = -1;
        h[k].r = h[0].r;
        h[k].bp = badpeer_start(NULL, 0, BADPEER_ECHO);
        net_connect(&h[k], "127.0.0.1", badpeer_port(h[k].bp), NULL);
    }
    char payload[48];
    for (int i = 0; i < PER; i++)
        for (int k = 0; k < CONNS; k++) {
            snprintf(payload, sizeof(payload), "conn %d request %d", k, i);
            ck_assert_int_eq(net_send(&h[k], payload, 0), MOLDAU_ERR_NONE);
        }
    NET_RUN_UNTIL(&h[0], h[0].done == PER && h[1].done == PER && h[2].done == PER &&
                             h[3].done == PER);
    for (int k = 0; k < CONNS; k++) {
        net_assert_all_once(&h[k]);
        for (int i = 0; i < PER; i++) {
            snprintf(payload, sizeof(payload), "conn %d request %d", k, i);
            ck_assert_uint_eq(h[k].rec[i].len, strlen(payload));
            ck_assert(memcmp(h[k].rec[i].body, payload, h[k].rec[i].len) == 0);
            ck_assert_int_eq(h[k].rec[i].order, i);
        }
    }
    for (int k = CONNS - 1; k >= 0; k--) {
        if (k > 0)
            h[k].r = NULL; /* the reactor is h[0]'s */
        net_finish(&h[k]);
    }
    free(h);
}
END_TEST

START_TEST(one_in_flight_at_a_time_still_drains_the_queue)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    moldau__conn_opts_t o;
    moldau__conn_opts_default(&o);
    o.max_in_flight = 1;
    net_start(h, NULL, 0, BADPEER_ECHO, &o);
    for (int i = 0; i < 20; i++)
        ck_assert_int_eq(net_send(h, "y", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 20);
    net_assert_all_once(h);
    for (int i = 0; i < 20; i++)
        ck_assert_int_eq(h->rec[i].err, MOLDAU_ERR_NONE);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(large_frames_and_a_kept_response_buffer)
{
    enum { BIG = 4 * 1024 * 1024 };
    net_harness_t *h = calloc(1, sizeof(*h));
    net_start(h, NULL, 0, BADPEER_ECHO, NULL);
    uint8_t *big[3];
    for (int k = 0; k < 3; k++) {
        big[k] = malloc(BIG);
        for (size_t i = 0; i < BIG; i++)
            big[k][i] = (uint8_t)(i * 31 + (size_t)k * 7 + i / 4096);
    }
    h->take_in_response = 1;
    net_send_ex(h, MOLDAU_API_FETCH, 12, "small", 5, 0, 0);
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(net_send_ex(h, MOLDAU_API_FETCH, (int16_t)(4 + k * 4), big[k], BIG, 0, 0),
                         MOLDAU_ERR_NONE);
        net_send_ex(h, MOLDAU_API_METADATA, 1, "tiny", 4, 0, 0);
    }
    NET_RUN_UNTIL(h, h->done == 7);
    net_assert_all_once(h);
    ck_assert_int_eq(h->closed, 0);
    for (int k = 0; k < 3; k++) {
        net_rec_t *rec = &h->rec[1 + 2 * k];
        ck_assert_int_eq(rec->err, MOLDAU_ERR_NONE);
        ck_assert_uint_eq(rec->len, BIG);
        ck_assert(memcmp(rec->body, big[k], BIG) == 0);
        ck_assert_uint_eq(h->rec[2 + 2 * k].len, 4);
    }
    /* The taken body is still intact after later responses reused the read buffer. */
    ck_assert_ptr_nonnull(h->taken.data);
    ck_assert(h->taken_body >= h->taken.data && h->taken_body + BIG <= h->taken.data + h->taken.len);
    ck_assert(memcmp(h->taken_body, big[0], BIG) == 0);
    for (int k = 0; k < 3; k++)
        free(big[k]);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(responses_split_anywhere_or_sharing_a_read)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    /* Request 0 is answered with the responses to 0 and 1 in one write (ApiVersions v0, then
     * Metadata v9 with its header's tag byte); request 1 gets nothing more; requests 2 and 3
     * are answered a byte at a time. */
    static const uint8_t both[] = {0, 0, 0, 6, 0, 0, 0, 0, 'h', 'i',
                                   0, 0, 0, 8, 0, 0, 0, 1, 0, 'y', 'o', '!'};
    badpeer_step_t script[] = {{BADPEER_RAW, both, sizeof(both)}, {BADPEER_SILENT, NULL, 0},
                               {BADPEER_DRIBBLE, NULL, 0}, {BADPEER_DRIBBLE, NULL, 0}};
    net_start(h, script, 4, BADPEER_ECHO, NULL);
    h->take_in_response = 0; /* taking a buffer that holds the next response too */
    ck_assert_int_eq(net_send(h, "first", 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(net_send(h, "second", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 2);
    ck_assert_int_eq(net_send(h, "dribbled classic", 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(net_send(h, "dribbled flexible", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 4);
    net_assert_all_once(h);
    ck_assert_int_eq(h->closed, 0);
    static const char *want[] = {"hi", "yo!", "dribbled classic", "dribbled flexible"};
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(h->rec[i].err, MOLDAU_ERR_NONE);
        ck_assert_uint_eq(h->rec[i].len, strlen(want[i]));
        ck_assert(memcmp(h->rec[i].body, want[i], h->rec[i].len) == 0);
    }
    ck_assert(memcmp(h->taken_body, "hi", 2) == 0);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(request_without_response_completes_once_written)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    badpeer_step_t script[] = {{BADPEER_SILENT, NULL, 0}}; /* as a broker with acks=0 */
    net_start(h, script, 1, BADPEER_ECHO, NULL);
    ck_assert_int_eq(net_send_ex(h, MOLDAU_API_PRODUCE, 7, "acks0", 5, 0, MOLDAU__CONN_NO_RESPONSE),
                     MOLDAU_ERR_NONE);
    ck_assert_int_eq(net_send(h, "after", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 2);
    net_assert_all_once(h);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR_NONE);
    ck_assert_uint_eq(h->rec[0].len, 0);
    ck_assert_int_eq(h->rec[1].err, MOLDAU_ERR_NONE);
    ck_assert_uint_eq(h->rec[1].len, 5);
    ck_assert_int_eq(h->rec[0].order, 0);
    ck_assert_int_eq(badpeer_requests(h->bp), 2);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(ipv6_loopback)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    net_init(h);
    h->bp = badpeer_start_on(1, NULL, 0, BADPEER_ECHO);
    net_connect(h, "::1", badpeer_port(h->bp), NULL);
    ck_assert_int_eq(net_send(h, "six", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 1);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR_NONE);
    ck_assert(strncmp(moldau__conn_peer(h->c), "[::1]:", 6) == 0);
    ck_assert(strncmp(moldau__conn_name(h->c), "[::1]:", 6) == 0);
    net_finish(h);
    free(h);
}
END_TEST

typedef struct {
    int refused_port, good_port;
} fake_dns_t;

static void add_v4(moldau__addrs_t *out, int port)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(moldau__addrs_add(out, (struct sockaddr *)&a, sizeof(a)), 0);
}

/* A name with three addresses of which only the last answers. */
static moldau_err_t fake_resolve(void *opaque, const char *host, int port, int family,
                                 moldau__addrs_t *out, char *errstr, size_t errstr_size)
{
    (void)port, (void)family, (void)errstr, (void)errstr_size;
    fake_dns_t *dns = opaque;
    ck_assert_str_eq(host, "kafka.example");
    add_v4(out, dns->refused_port);
    struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_port = htons((uint16_t)dns->refused_port)};
    a6.sin6_addr = in6addr_loopback;
    ck_assert_int_eq(moldau__addrs_add(out, (struct sockaddr *)&a6, sizeof(a6)), 0);
    add_v4(out, dns->good_port);
    return MOLDAU_ERR_NONE;
}

START_TEST(every_resolved_address_is_tried_in_turn)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    net_init(h);
    h->bp = badpeer_start(NULL, 0, BADPEER_ECHO);
    fake_dns_t dns = {badpeer_closed_port(), badpeer_port(h->bp)};
    moldau__conn_opts_t o;
    moldau__conn_opts_default(&o);
    o.resolve = fake_resolve;
    o.resolve_opaque = &dns;
    net_connect(h, "kafka.example", 9092, &o);
    ck_assert_int_eq(net_send(h, "third time lucky", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 1);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(h->connected, 1);
    char want[64];
    snprintf(want, sizeof(want), "127.0.0.1:%d", dns.good_port);
    ck_assert_str_eq(moldau__conn_peer(h->c), want);
    ck_assert_str_eq(moldau__conn_name(h->c), "kafka.example:9092");
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(send_refuses_bad_frames_and_closed_connections)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    net_start(h, NULL, 0, BADPEER_ECHO, NULL);
    moldau_buf_t w;
    moldau_buf_init(&w);
    moldau_buf_put(&w, "\0\0\0\1x", 5); /* shorter than a request header */
    ck_assert_int_eq(moldau__conn_send(h->c, &w, 0, 0, net_on_response, &h->rec[0], NULL),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(w.data);
    net_frame(&w, MOLDAU_API_METADATA, 1, "abc", 3);
    w.data[3]++; /* size prefix disagrees with the length */
    ck_assert_int_eq(moldau__conn_send(h->c, &w, 0, 0, net_on_response, &h->rec[0], NULL),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(net_send(h, "ok", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 1);
    ck_assert_int_eq(h->rec[0].calls, 1); /* only the accepted one */

    moldau__conn_close(h->c, MOLDAU_ERR__STATE, "the owner gave up");
    ck_assert_int_eq(h->closed, 1);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__STATE);
    ck_assert_msg(strstr(h->reason, "the owner gave up"), "%s", h->reason);
    moldau__conn_close(h->c, MOLDAU_ERR__STATE, "again"); /* no-op */
    ck_assert_int_eq(h->closed, 1);
    ck_assert_int_eq(net_send(h, "too late", 0), MOLDAU_ERR__STATE);
    for (int i = 0; i < 3; i++)
        moldau__reactor_run_once(h->r, 0);
    ck_assert_int_eq(h->rec[1].calls, 0); /* refused sends never call back */
    ck_assert_int_eq(h->done, 1);
    net_finish(h);
    free(h);
}
END_TEST

/* A frame of header bytes and borrowed pieces, as the producer sends batches: the pieces are
 * written from where they are, in order, also when there are more than one gathered write
 * takes and when the socket takes them in parts. */
static moldau_err_t send_spliced(net_harness_t *h, uint8_t *const *pieces, const size_t *lens,
                                 int n, moldau_buf_t *expect)
{
    ck_assert_int_lt(h->n_sent, NET_MAX_REQ);
    net_rec_t *rec = &h->rec[h->n_sent];
    rec->h = h;
    rec->idx = h->n_sent;
    moldau__frame_t f;
    moldau__frame_init(&f);
    size_t at = moldau_frame_begin(&f.buf);
    moldau_request_header_write(&f.buf, MOLDAU_API_PRODUCE, 7, 0, "moldau-test");
    moldau_buf_init(expect);
    for (int i = 0; i < n; i++) {
        char own[16];
        int k = snprintf(own, sizeof(own), "<%d>", i); /* own bytes between the pieces */
        moldau_buf_put(&f.buf, own, (size_t)k);
        moldau_buf_put(expect, own, (size_t)k);
        ck_assert_int_eq(moldau__frame_splice(&f.buf, pieces[i], lens[i]), 0);
        moldau_buf_put(expect, pieces[i], lens[i]);
    }
    moldau_buf_put(&f.buf, "end", 3);
    moldau_buf_put(expect, "end", 3);
    moldau_buf_patch_i32(&f.buf, at, (int32_t)(moldau__frame_len(&f) - at - 4));
    moldau_err_t err = moldau__conn_send_frame(h->c, &f, 0, 0, net_on_response, rec, &rec->corr);
    ck_assert_ptr_null(f.buf.data); /* taken over in every case */
    h->n_sent++;
    return err;
}

START_TEST(frames_with_borrowed_pieces)
{
    enum { MANY = 150, BIG = 3 * 1024 * 1024 };
    net_harness_t *h = calloc(1, sizeof(*h));
    net_start(h, NULL, 0, BADPEER_ECHO, NULL);
    uint8_t *pieces[MANY];
    size_t lens[MANY];
    for (int i = 0; i < MANY; i++) {
        lens[i] = i == 7 ? BIG : (size_t)(1 + i * 13 % 200);
        pieces[i] = malloc(lens[i]);
        for (size_t j = 0; j < lens[i]; j++)
            pieces[i][j] = (uint8_t)(j * 7 + (size_t)i);
    }
    moldau_buf_t expect[3];
    ck_assert_int_eq(send_spliced(h, pieces, lens, MANY, &expect[0]), MOLDAU_ERR_NONE);
    ck_assert_int_eq(send_spliced(h, pieces + 5, lens + 5, 4, &expect[1]), MOLDAU_ERR_NONE);
    ck_assert_int_eq(send_spliced(h, pieces, lens, 1, &expect[2]), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 3);
    net_assert_all_once(h);
    for (int k = 0; k < 3; k++) {
        ck_assert_int_eq(h->rec[k].err, MOLDAU_ERR_NONE);
        ck_assert_uint_eq(h->rec[k].len, expect[k].len);
        ck_assert(memcmp(h->rec[k].body, expect[k].data, expect[k].len) == 0);
        ck_assert_int_eq(badpeer_correlation_id(h->bp, k), k);
        moldau_buf_free(&expect[k]);
    }
    ck_assert_int_eq(h->closed, 0);

    /* refused: a size prefix that does not count the pieces, a piece inside the header */
    moldau__frame_t f;
    moldau__frame_init(&f);
    size_t at = moldau_frame_begin(&f.buf);
    moldau_request_header_write(&f.buf, MOLDAU_API_PRODUCE, 7, 0, "moldau-test");
    moldau__frame_splice(&f.buf, pieces[0], lens[0]);
    moldau_frame_end(&f.buf, at);
    ck_assert_int_eq(moldau__conn_send_frame(h->c, &f, 0, 0, net_on_response, &h->rec[3], NULL),
                     MOLDAU_ERR__INVALID_ARG);
    moldau__frame_init(&f);
    at = moldau_frame_begin(&f.buf);
    moldau_buf_put(&f.buf, "abcd", 4);
    moldau__frame_splice(&f.buf, pieces[1], lens[1]);
    moldau_buf_put(&f.buf, "0123456789", 10);
    moldau_buf_patch_i32(&f.buf, at, (int32_t)(moldau__frame_len(&f) - at - 4));
    ck_assert_int_eq(moldau__conn_send_frame(h->c, &f, 0, 0, net_on_response, &h->rec[3], NULL),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(h->rec[3].calls, 0);
    for (int i = 0; i < MANY; i++)
        free(pieces[i]);
    net_finish(h);
    free(h);
}
END_TEST

Suite *moldau_test_net_conn_suite(void)
{
    Suite *s = suite_create("net_conn");
    TCase *tc = tcase_create("conn");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, pipelined_requests_complete_once_in_order);
    tcase_add_test(tc, in_flight_limit_is_kept);
    tcase_add_test(tc, several_connections_share_one_reactor);
    tcase_add_test(tc, one_in_flight_at_a_time_still_drains_the_queue);
    tcase_add_test(tc, large_frames_and_a_kept_response_buffer);
    tcase_add_test(tc, responses_split_anywhere_or_sharing_a_read);
    tcase_add_test(tc, request_without_response_completes_once_written);
    tcase_add_test(tc, ipv6_loopback);
    tcase_add_test(tc, every_resolved_address_is_tried_in_turn);
    tcase_add_test(tc, send_refuses_bad_frames_and_closed_connections);
    tcase_add_test(tc, frames_with_borrowed_pieces);
    suite_add_tcase(s, tc);
    return s;
}
