/* Name lookups on helper threads: a lookup that hangs (a resolver held at a gate, as a dead
 * DNS server would hold getaddrinfo) stalls no other connection on the reactor; destroying a
 * connection during its lookup calls nothing afterwards; the default resolver (getaddrinfo)
 * finds localhost; a failed lookup closes the connection with its reason. Peers: badpeer in
 * echo mode. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "check_net.h"
#include "net/lookup.h"

typedef struct gate {
    atomic_int entered;  /* the resolver was called (on the helper thread) */
    atomic_int open;     /* the test lets it answer */
    atomic_int left;     /* it answered */
    int port;            /* what it answers: 127.0.0.1:port */
} gate_t;

static moldau_err_t gated_resolve(void *opaque, const char *host, int port, int family,
                                  moldau__addrs_t *out, char *errstr, size_t errstr_size)
{
    (void)host, (void)port, (void)family, (void)errstr, (void)errstr_size;
    gate_t *g = opaque;
    atomic_store(&g->entered, 1);
    /* Bounded: a test that never opens the gate still ends (and fails on its own terms). */
    for (int i = 0; i < 30000 && !atomic_load(&g->open); i++)
        usleep(1000);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g->port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    moldau_err_t err = moldau__addrs_add(out, (struct sockaddr *)&a, sizeof(a)) == 0
                           ? MOLDAU_ERR_NONE
                           : MOLDAU_ERR__NO_MEMORY;
    atomic_store(&g->left, 1);
    return err;
}

/* The helper threads end on their own; the test waits for them so that nothing of theirs is
 * left when it ends (for valgrind and LeakSanitizer). */
static void wait_for_helper_threads(void)
{
    for (int i = 0; i < 30000 && moldau__lookup_threads() > 0; i++)
        usleep(1000);
    ck_assert_int_eq(moldau__lookup_threads(), 0);
}

START_TEST(a_hanging_lookup_stalls_no_other_connection)
{
    net_harness_t *h = calloc(2, sizeof(*h));
    net_start(&h[0], NULL, 0, BADPEER_ECHO, NULL); /* numeric: no lookup */
    memset(&h[1], 0, sizeof(h[1]));
    h[1].destroy_in_response = h[1].take_in_response = -1;
    h[1].r = h[0].r;
    h[1].bp = badpeer_start(NULL, 0, BADPEER_ECHO);
    gate_t g = {.port = badpeer_port(h[1].bp)};
    moldau__conn_opts_t o;
    moldau__conn_opts_default(&o);
    o.resolve = gated_resolve;
    o.resolve_opaque = &g;
    net_connect(&h[1], "slow.example", 9092, &o);
    ck_assert_int_eq(net_send(&h[1], "after the lookup", 0), MOLDAU_ERR_NONE);

    /* While the lookup hangs, the other connection connects and gets its answers. */
    for (int i = 0; i < 20; i++)
        ck_assert_int_eq(net_send(&h[0], "meanwhile", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(&h[0], h[0].done == 20 && atomic_load(&g.entered));
    net_assert_all_once(&h[0]);
    ck_assert_int_eq(h[0].rec[19].err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(atomic_load(&g.left), 0); /* still held: the reactor did not wait */
    ck_assert_int_eq(moldau__conn_state(h[1].c), MOLDAU__CONN_CONNECTING);
    ck_assert_int_eq(h[1].done, 0);
    ck_assert_int_eq(moldau__lookup_threads(), 1);

    atomic_store(&g.open, 1);
    NET_RUN_UNTIL(&h[0], h[1].done == 1);
    ck_assert_int_eq(h[1].rec[0].err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(h[1].connected, 1);
    ck_assert_str_eq(moldau__conn_name(h[1].c), "slow.example:9092");
    wait_for_helper_threads();
    h[1].r = NULL; /* the reactor is h[0]'s */
    net_finish(&h[1]);
    net_finish(&h[0]);
    free(h);
}
END_TEST

START_TEST(destroying_during_a_lookup_calls_nothing_after)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    net_init(h);
    h->bp = badpeer_start(NULL, 0, BADPEER_ECHO);
    gate_t g = {.port = badpeer_port(h->bp)};
    moldau__conn_opts_t o;
    moldau__conn_opts_default(&o);
    o.resolve = gated_resolve;
    o.resolve_opaque = &g;
    net_connect(h, "slow.example", 9092, &o);
    ck_assert_int_eq(net_send(h, "never sent", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, atomic_load(&g.entered));
    moldau__conn_destroy(h->c);
    h->c = NULL;
    net_assert_all_once(h);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR__DESTROYED);
    atomic_store(&g.open, 1);
    wait_for_helper_threads();
    for (int i = 0; i < 5; i++) /* a stray answer would run here */
        moldau__reactor_run_once(h->r, 10);
    net_assert_all_once(h);
    ck_assert_int_eq(h->connected, 0);
    ck_assert_int_eq(h->closed, 0);
    ck_assert_int_eq(badpeer_connections(h->bp), 0);
    net_finish(h);
    free(h);
}
END_TEST

START_TEST(the_default_resolver_runs_on_a_helper_thread)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    net_init(h);
    h->bp = badpeer_start(NULL, 0, BADPEER_ECHO);
    /* /etc/hosts names localhost (no DNS server involved); getaddrinfo may list ::1 first,
     * which badpeer (IPv4) does not answer: every address is tried in turn. */
    net_connect(h, "localhost", badpeer_port(h->bp), NULL);
    ck_assert_int_eq(net_send(h, "looked up", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->done == 1);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR_NONE);
    wait_for_helper_threads();
    net_finish(h);
    free(h);
}
END_TEST

/* What a name that does not resolve gives (a resolver of the test's: a real DNS answer for a
 * missing name may take seconds, or never come, on a machine without a DNS server). */
static moldau_err_t failing_resolve(void *opaque, const char *host, int port, int family,
                                    moldau__addrs_t *out, char *errstr, size_t errstr_size)
{
    (void)opaque, (void)port, (void)family, (void)out;
    snprintf(errstr, errstr_size, "cannot resolve %s: Name or service not known", host);
    return MOLDAU_ERR__RESOLVE;
}

START_TEST(a_failed_lookup_closes_with_its_reason)
{
    net_harness_t *h = calloc(1, sizeof(*h));
    net_init(h);
    moldau__conn_opts_t o;
    moldau__conn_opts_default(&o);
    o.resolve = failing_resolve;
    net_connect(h, "moldau.invalid", 9092, &o);
    ck_assert_int_eq(net_send(h, "nowhere", 0), MOLDAU_ERR_NONE);
    NET_RUN_UNTIL(h, h->closed == 1);
    ck_assert_int_eq(h->close_err, MOLDAU_ERR__RESOLVE);
    ck_assert_str_eq(h->reason,
                     "moldau.invalid:9092: cannot resolve moldau.invalid: Name or service not known");
    net_assert_all_once(h);
    ck_assert_int_eq(h->rec[0].err, MOLDAU_ERR__TRANSPORT);
    ck_assert_int_eq(h->rec[0].after_close, 1);
    wait_for_helper_threads();
    net_finish(h);
    free(h);
}
END_TEST

Suite *moldau_test_net_lookup_suite(void)
{
    Suite *s = suite_create("net_lookup");
    TCase *tc = tcase_create("lookup");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_hanging_lookup_stalls_no_other_connection);
    tcase_add_test(tc, destroying_during_a_lookup_calls_nothing_after);
    tcase_add_test(tc, the_default_resolver_runs_on_a_helper_thread);
    tcase_add_test(tc, a_failed_lookup_closes_with_its_reason);
    suite_add_tcase(s, tc);
    return s;
}
