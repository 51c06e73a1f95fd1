/* The connection against misbehaving peers and dead ends: wrong correlation ids, truncated
 * frames, oversized or negative sizes, garbage, a peer closing mid-response, refused and
 * hanging connects, unresolvable names, request deadlines, and destroying the connection from
 * inside its own callbacks. In every case: the right error, a reason saying what happened, the
 * closed callback once and before the requests fail, and every request completed exactly once. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check_net.h"

/* Sends n requests, runs until the connection closed and all completed, and checks the
 * common promises. */
static void run_to_close(net_harness_t *h, int n)
{
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(net_send(h, "payload", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->closed && h->done == h->n_sent);
    net_assert_all_once(h);
    ck_assert_int_eq(h->closed, 1);
    ck_assert_int_eq(moldau__conn_state(h->c), MOLDAU__CONN_CLOSED);
    ck_assert_str_eq(moldau__conn_errstr(h->c), h->reason);
    /* Nothing more happens afterwards. */
    for (int i = 0; i < 3; i++)
        moldau__reactor_run_once(h->r, 0);
    ck_assert_int_eq(h->closed, 1);
    net_assert_all_once(h);
}

/* Requests from `first` on failed with err, after the closed callback, in send order. */
static void assert_failed_from(net_harness_t *h, int first, moldau_err_t err)
{
    for (int i = first; i < h->n_sent; i++) {
        ck_assert_msg(h->rec[i].err == err, "request %d: %s, expected %s", i,
                      moldau_err_name(h->rec[i].err), moldau_err_name(err));
        ck_assert_int_eq(h->rec[i].after_close, 1);
        ck_assert_int_eq(h->rec[i].order, i);
    }
}

static void assert_reason(const net_harness_t *h, const char *needle)
{
    ck_assert_msg(strstr(h->reason, needle) != NULL, "reason \"%s\" lacks \"%s\"", h->reason,
                  needle);
}

START_TEST(wrong_correlation_id_closes_and_fails_everything_once)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    badpeer_step_t script[] = {{BADPEER_ECHO, NULL, 0}, {BADPEER_WRONG_CORR, NULL, 0}};
    net_start(h, script, 2, BADPEER_ECHO, NULL);
    run_to_close(h, 5);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(h->rec[0].after_close, 0);
    assert_failed_from(h, 1, MOLDAU_ERR__TRANSPORT);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__BAD_MSG);
    assert_reason(h, "correlation id 2 does not match");
    assert_reason(h, "correlation id 1)");
    assert_reason(h, "127.0.0.1:");
    net_finish(h);
    free(h);
}
END_TEST

/* Peers that stop in the middle of a frame, or close without answering. */
static const struct {
    badpeer_action_t action;
    size_t len;
    const char *reason;
} cut_short[] = {
    {BADPEER_TRUNCATE, 0, "in the middle of a response"},
    {BADPEER_CLOSE_MID, 2, "in the middle of a response (2 of 4 bytes"},
    {BADPEER_CLOSE_MID, 6, "in the middle of a response (6 of"},
    {BADPEER_CLOSE, 0, "connection closed by the broker"},
};

START_TEST(peer_closing_mid_response_is_a_transport_error)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    badpeer_step_t script[] = {{BADPEER_ECHO, NULL, 0}, {cut_short[_i].action, NULL, cut_short[_i].len}};
    net_start(h, script, 2, BADPEER_SILENT, NULL);
    run_to_close(h, 4);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR_NONE);
    assert_failed_from(h, 1, MOLDAU_ERR__TRANSPORT);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__TRANSPORT);
    assert_reason(h, cut_short[_i].reason);
    net_finish(h);
    free(h);
}
END_TEST

static const struct {
    size_t size;
    const char *reason;
} bad_sizes[] = {
    {0, "response size 2147483647 is outside 0..100000000"},
    {100000001, "response size 100000001 is outside"},
    {0x80000000u, "response size -2147483648 is outside"},
    {0xffffffffu, "response size -1 is outside"},
};

START_TEST(oversized_or_negative_length_is_a_protocol_error)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    badpeer_step_t script[] = {{BADPEER_OVERSIZE, NULL, bad_sizes[_i].size}};
    net_start(h, script, 1, BADPEER_SILENT, NULL);
    run_to_close(h, 3);
    assert_failed_from(h, 0, MOLDAU_ERR__TRANSPORT);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__BAD_MSG);
    assert_reason(h, bad_sizes[_i].reason);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(a_lower_size_limit_applies)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    moldau__conn_opts_t o;
    moldau__conn_opts_default(&o);
    o.max_response_size = 100;
    net_start(h, NULL, 0, BADPEER_ECHO, &o);
    ck_assert_int_eq(net_send(h, "fits", 0), MOLDAU_ERR_NONE);
    char big[200];
    memset(big, 'b', sizeof(big));
    ck_assert_int_eq(net_send_ex(h, MOLDAU_API_METADATA, 1, big, sizeof(big), 0, 0), MOLDAU_ERR_NONE);
    run_to_close(h, 0);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR_NONE);
    assert_failed_from(h, 1, MOLDAU_ERR__TRANSPORT);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__BAD_MSG);
    assert_reason(h, "response size 204 is outside 0..100");
    net_finish(h);
    free(h);
}
END_TEST

/* Bytes a broker would never send, as the answer to the first request (api 0: ApiVersions v0,
 * classic header; api 1: Metadata v9, flexible header). */
static const struct {
    const char *bytes;
    size_t len;
    int flexible;
    int good_responses;
    const char *reason;
} garbage[] = {
    {"HTTP/1.1 400 Bad Request\r\n\r\n", 28, 0, 0, "response size 1213486160 is outside"},
    {"\0\0\0\6garbag", 10, 0, 0, "correlation id 1734439522 does not match"},
    {"\0\0\0\2\0\0", 6, 0, 0, "malformed response header (2-byte response"},
    {"\0\0\0\4\0\0\0\0", 8, 1, 0, "malformed response header (4-byte response to api key 3 v9"},
    {"\0\0\0\4\0\0\0\0\0\0\0\4\0\0\0\1", 16, 0, 1, "arrived with no request in flight"},
};

START_TEST(garbage_is_a_protocol_error)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    badpeer_step_t script[] = {{BADPEER_RAW, garbage[_i].bytes, garbage[_i].len}};
    net_start(h, script, 1, BADPEER_SILENT, NULL);
    if (garbage[_i].flexible)
        net_send_ex(h, MOLDAU_API_METADATA, 9, "m", 1, 0, 0);
    else
        net_send_ex(h, MOLDAU_API_API_VERSIONS, 0, "a", 1, 0, 0);
    run_to_close(h, 0);
    int good = garbage[_i].good_responses;
    for (int i = 0; i < good; i++)
        ck_assert_int_eq(h->rec[i].err, MOLDAU_ERR_NONE);
    assert_failed_from(h, good, MOLDAU_ERR__TRANSPORT);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__BAD_MSG);
    assert_reason(h, garbage[_i].reason);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(connection_refused_fails_fast)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    net_init(h);
    int port = badpeer_closed_port();
    net_connect(h, "127.0.0.1", port, NULL);
    run_to_close(h, 3);
    assert_failed_from(h, 0, MOLDAU_ERR__TRANSPORT);
    ck_assert_int_eq(h->connected, 0);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__TRANSPORT);
    char want[96];
    snprintf(want, sizeof(want), "cannot connect to 127.0.0.1:%d: 127.0.0.1:%d: Connection refused",
             port, port);
    assert_reason(h, want);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(unresolvable_name_is_a_resolve_error)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    net_init(h);
    moldau__conn_opts_t o;
    moldau__conn_opts_default(&o);
    o.family = AF_INET6; /* an IPv4 literal has no IPv6 address: fails without any DNS */
    net_connect(h, "127.0.0.1", 9092, &o);
    run_to_close(h, 2);
    assert_failed_from(h, 0, MOLDAU_ERR__TRANSPORT);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__RESOLVE);
    assert_reason(h, "cannot resolve 127.0.0.1");
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(connect_that_hangs_times_out)
{
    /* A listener whose backlog is full and that never accepts: further SYNs go unanswered,
     * so connect() stays in progress. */
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&a, len), 0);
    ck_assert_int_eq(listen(lfd, 0), 0);
    ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
    int fillers[4];
    for (int i = 0; i < 4; i++) {
        fillers[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        connect(fillers[i], (struct sockaddr *)&a, len);
    }
    net_harness_t *h = calloc(1, sizeof(*h));
    net_init(h);
    moldau__conn_opts_t o;
    moldau__conn_opts_default(&o);
    o.connect_timeout_ms = 50;
    net_connect(h, "127.0.0.1", ntohs(a.sin_port), &o);
    run_to_close(h, 2);
    assert_failed_from(h, 0, MOLDAU_ERR__TRANSPORT);
    ck_assert_int_eq(h->connected, 0);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__TIMED_OUT);
    assert_reason(h, "connect timed out after 50 ms");
    net_finish(h);
    free(h);
    for (int i = 0; i < 4; i++)
        close(fillers[i]);
    close(lfd);
}
END_TEST

START_TEST(request_deadline_in_flight_closes_the_connection)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    net_start(h, NULL, 0, BADPEER_SILENT, NULL); /* reads requests, never answers */
    int64_t deadline = moldau__now_ms() + 30;
    ck_assert_int_eq(net_send(h, "first", deadline), MOLDAU_ERR_NONE);
    ck_assert_int_eq(net_send(h, "no deadline", 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(net_send(h, "same deadline", deadline), MOLDAU_ERR_NONE);
    ck_assert_int_eq(net_send(h, "later", deadline + 600000), MOLDAU_ERR_NONE);
    run_to_close(h, 0);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__TIMED_OUT);
    assert_reason(h, "correlation id 0) timed out after it was sent");
    static const moldau_err_t want[] = {MOLDAU_ERR__TIMED_OUT, MOLDAU_ERR__TRANSPORT,
                                        MOLDAU_ERR__TIMED_OUT, MOLDAU_ERR__TRANSPORT};
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(h->rec[i].err, want[i]);
        ck_assert_int_eq(h->rec[i].after_close, 1);
    }
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(request_deadline_while_queued_fails_alone)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    moldau__conn_opts_t o;
    moldau__conn_opts_default(&o);
    o.max_in_flight = 1;
    net_start(h, NULL, 0, BADPEER_SILENT, &o);
    ck_assert_int_eq(net_send(h, "blocks the pipe", 0), MOLDAU_ERR_NONE);
    ck_assert_int_eq(net_send(h, "expires in the queue", moldau__now_ms() + 20), MOLDAU_ERR_NONE);
    ck_assert_int_eq(net_send(h, "waits", moldau__now_ms() + 600000), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 1);
    ck_assert_int_eq(h->rec[1].calls, 1);
    ck_assert_int_eq(h->rec[1].err, MOLDAU_ERR__TIMED_OUT);
    ck_assert_int_eq(h->closed, 0);
    ck_assert_int_eq(moldau__conn_state(h->c), MOLDAU__CONN_UP);
    ck_assert_int_eq(moldau__conn_in_flight(h->c), 1);
    ck_assert_int_eq(moldau__conn_queued(h->c), 1);
    moldau__conn_destroy(h->c);
    h->c = NULL;
    net_assert_all_once(h);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR__DESTROYED);
    ck_assert_int_eq(h->rec[2].err, MOLDAU_ERR__DESTROYED);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(destroy_from_a_response_callback)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    net_start(h, NULL, 0, BADPEER_ECHO, NULL);
    h->destroy_in_response = 1;
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(net_send(h, "d", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 5);
    net_assert_all_once(h);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(h->rec[1].err, MOLDAU_ERR_NONE);
    for (int i = 2; i < 5; i++)
        ck_assert_int_eq(h->rec[i].err, MOLDAU_ERR__DESTROYED);
    ck_assert_int_eq(h->closed, 0);
    ck_assert_ptr_null(h->c);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(destroy_from_the_closed_callback)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    badpeer_step_t script[] = {{BADPEER_WRONG_CORR, NULL, 0}};
    net_start(h, script, 1, BADPEER_SILENT, NULL);
    h->destroy_in_closed = 1;
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(net_send(h, "c", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->closed && h->done == 3);
    net_assert_all_once(h);
    ck_assert_int_eq(h->closed, 1);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__BAD_MSG);
    assert_failed_from(h, 0, MOLDAU_ERR__TRANSPORT); /* closed had already taken them */
    ck_assert_ptr_null(h->c);
    net_finish(h);
    free(h);
}
END_TEST

Suite *moldau_test_net_errors_suite(void)
{
    Suite *s = suite_create("net_errors");
    TCase *tc = tcase_create("errors");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, wrong_correlation_id_closes_and_fails_everything_once);
    tcase_add_loop_test(tc, peer_closing_mid_response_is_a_transport_error, 0,
                        sizeof(cut_short) / sizeof(cut_short[0]));
    tcase_add_loop_test(tc, oversized_or_negative_length_is_a_protocol_error, 0,
                        sizeof(bad_sizes) / sizeof(bad_sizes[0]));
    tcase_add_test(tc, a_lower_size_limit_applies);
    tcase_add_loop_test(tc, garbage_is_a_protocol_error, 0, sizeof(garbage) / sizeof(garbage[0]));
    tcase_add_test(tc, connection_refused_fails_fast);
    tcase_add_test(tc, unresolvable_name_is_a_resolve_error);
    tcase_add_test(tc, connect_that_hangs_times_out);
    tcase_add_test(tc, request_deadline_in_flight_closes_the_connection);
    tcase_add_test(tc, request_deadline_while_queued_fails_alone);
    tcase_add_test(tc, destroy_from_a_response_callback);
    tcase_add_test(tc, destroy_from_the_closed_callback);
    suite_add_tcase(s, tc);
    return s;
}
