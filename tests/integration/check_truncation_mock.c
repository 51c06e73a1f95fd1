/* Position validation on librdkafka's mock cluster: a leader move (a new leader epoch in
 * metadata) makes the consumer validate its position with the new leader before fetching on
 * (a VALIDATE debug line), and it fetches on from the same position: nothing lost or repeated.
 * The mock of Debian's librdkafka 2.0.2 writes no leader epoch into its records (so there is
 * nothing to validate, and no request may go out); 2.16.0's does, and answers
 * OffsetForLeaderEpoch (LD_LIBRARY_PATH to the confluent-kafka wheel's
 * library, TEST-PEERS.md). */
#include <check.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../support/consumer_test.h"
#include "../support/mock_test.h"
#include "check_producer.h"
#include "moldau/client.h"

#define MOCK(m, ...) ck_assert_msg(test_mock_cmd((m), __VA_ARGS__) == 0, "%s", (m)->answer)

static atomic_int asked, skipped;
static int32_t last_epoch = -1; /* the leader epoch of the last record handed out */

static void log_cb(moldau_client_t *cl, int level, const char *facility, const char *message,
                   void *opaque)
{
    (void)cl, (void)level, (void)opaque;
    if (strcmp(facility, "VALIDATE"))
        return;
    if (getenv("MOLDAU_TRUNC_VERBOSE"))
        fprintf(stderr, "%s %s\n", facility, message);
    if (strstr(message, "validating position"))
        atomic_fetch_add(&asked, 1);
    if (strstr(message, "cannot validate"))
        atomic_fetch_add(&skipped, 1);
}

/* Polls until next == until: each record's value is the next id, at that offset. */
static void consume_until(moldau_consumer_t *c, int *next, int until)
{
    const moldau_consumer_record_t *recs[100];
    for (int tries = 0; *next < until && tries < 300; tries++) {
        moldau_consumer_error_t e;
        int n = moldau_consumer_poll_batch(c, recs, 100, 100, &e);
        moldau_client_poll(moldau_consumer_client(c), 0); /* the log callback */
        ck_assert_msg(n >= 0, "error event %s: %s", moldau_err_name(e.err),
                      e.reason ? e.reason : "");
        for (int i = 0; i < n; i++) {
            char v[32];
            size_t len = recs[i]->value_len < sizeof(v) - 1 ? recs[i]->value_len : sizeof(v) - 1;
            memcpy(v, recs[i]->value, len);
            v[len] = 0;
            ck_assert_int_eq(atoi(v), *next);
            ck_assert_int_eq(recs[i]->offset, *next);
            last_epoch = recs[i]->leader_epoch;
            (*next)++;
        }
    }
    ck_assert_int_eq(*next, until);
}

START_TEST(leader_move_validated)
{
    TEST_NEED_MOCK(mock, 3);
    MOCK(mock, "topic create validated 1 3");
    MOCK(mock, "partition leader validated 0 1");
    test_produce_ids(mock->bootstrap, "validated", 1, 0, 30, NULL);
    char err[512];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", mock->bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "debug", "consumer", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "auto.offset.reset", "none", err, sizeof(err)), 0);
    moldau_conf_set_log_cb(conf, log_cb);
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, "validated", 0)->offset = MOLDAU_OFFSET_BEGINNING;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
    int next = 0;
    consume_until(c, &next, 30);
    ck_assert_int_eq(atomic_load(&asked) + atomic_load(&skipped), 0);
    int32_t epoch_before = last_epoch;
    MOCK(mock, "partition leader validated 0 2");
    test_produce_ids(mock->bootstrap, "validated", 1, 30, 20, NULL);
    consume_until(c, &next, 50);
    /* the move was seen (the producer needed it too) and the position validated, when its
     * records carry their leader epoch (2.16.0's mock; 2.0.2's writes none: nothing to
     * validate, and then no request may go out) */
    if (epoch_before >= 0)
        ck_assert_int_ge(atomic_load(&asked), 1);
    else
        ck_assert_int_eq(atomic_load(&asked), 0);
    moldau_consumer_close(c);
    test_mock_stop(mock);
}
END_TEST

Suite *moldau_test_truncation_mock_suite(void)
{
    Suite *s = suite_create("truncation_mock");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, leader_move_validated);
    suite_add_tcase(s, tc);
    return s;
}
