/* The admin client's log dir and transaction calls on the real broker: every broker's log
 * dirs hold the replicas of a topic just written (with their sizes), an unknown broker id
 * beside a known one is its own item's error; the transactions of the cluster list a
 * confluent-kafka producer's transaction while it is open (tests/interop/txn_produce.py),
 * found by its state, and its coordinator describes it with the partition it writes to. Bad arguments: MOLDAU_ERR__INVALID_ARG. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/consumer_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

START_TEST(log_dirs_hold_the_replicas)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128];
    test_topic_name("admin-logdirs", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 2), 0);
    test_produce_ids(bootstrap, topic, 2, 0, 200, NULL);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_log_dirs_t *r;
    ck_assert_int_eq(moldau_admin_describe_log_dirs(a, NULL, 0, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, (size_t)test_admin_brokers(a));
    int found[2] = {0, 0};
    int64_t bytes = 0;
    for (size_t b = 0; b < r->n_items; b++) {
        ck_assert_msg(r->items[b]->err == MOLDAU_ERR_NONE, "%s", r->items[b]->errmsg);
        ck_assert_uint_ge(r->items[b]->n_dirs, 1);
        for (size_t d = 0; d < r->items[b]->n_dirs; d++) {
            const moldau_admin_log_dir_t *dir = r->items[b]->dirs[d];
            ck_assert_ptr_nonnull(dir->path);
            ck_assert_int_eq(dir->err, MOLDAU_ERR_NONE);
            for (size_t k = 0; k < dir->n_replicas; k++) {
                const moldau_admin_replica_info_t *ri = dir->replicas[k];
                if (strcmp(ri->topic, topic) || ri->partition < 0 || ri->partition > 1)
                    continue;
                found[ri->partition]++;
                bytes += ri->size_bytes;
            }
        }
    }
    ck_assert_int_eq(found[0], 1);
    ck_assert_int_eq(found[1], 1);
    ck_assert_int_gt(bytes, 200); /* 200 records of a few bytes each, at least */
    moldau_admin_result_free(r);

    int32_t ids[2] = {test_admin_broker_id(a), 999999};
    ck_assert_int_eq(moldau_admin_describe_log_dirs(a, ids, 2, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 2);
    ck_assert_int_eq(r->items[0]->broker, ids[0]);
    ck_assert_int_eq(r->items[0]->err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(r->items[1]->broker, 999999);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_BROKER_NOT_AVAILABLE);
    ck_assert_uint_eq(r->items[1]->n_dirs, 0);
    moldau_admin_result_free(r);

    r = (void *)1;
    ck_assert_int_eq(moldau_admin_describe_log_dirs(a, NULL, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    int32_t twice[2] = {ids[0], ids[0]};
    ck_assert_int_eq(moldau_admin_describe_log_dirs(a, twice, 2, -1, &r), MOLDAU_ERR__INVALID_ARG);
    int32_t neg[1] = {-3};
    ck_assert_int_eq(moldau_admin_describe_log_dirs(a, neg, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

/* The transactional id txn_produce.py uses: "moldau-fetch-<its pid>"; any of that prefix in
 * `state` counts. */
static int listed_in_state(moldau_admin_t *a, const char *state)
{
    const char *states[] = {state};
    moldau_admin_transaction_listings_t *r;
    ck_assert_int_eq(moldau_admin_list_transactions(a, states, 1, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_failed, 0);
    int n = 0;
    for (size_t i = 0; i < r->n_items; i++) {
        ck_assert_str_eq(r->items[i]->state, state);
        ck_assert_int_ge(r->items[i]->producer_id, 0);
        ck_assert_int_ge(r->items[i]->coordinator, 0);
        n += !strncmp(r->items[i]->transactional_id, "moldau-fetch-", 13);
    }
    moldau_admin_result_free(r);
    return n;
}

/* Whether an open transaction of the cluster (described by its coordinator) writes to topic:
 * txn_produce.py's, whose id this suite does not know (others may be open meanwhile). */
static int ongoing_on(moldau_admin_t *a, const char *topic)
{
    const char *states[] = {"Ongoing"};
    moldau_admin_transaction_listings_t *l;
    ck_assert_int_eq(moldau_admin_list_transactions(a, states, 1, -1, &l), MOLDAU_ERR_NONE);
    const char *ids[64];
    size_t n = 0;
    for (size_t i = 0; i < l->n_items && n < 64; i++)
        ids[n++] = l->items[i]->transactional_id;
    int found = 0;
    if (n) {
        moldau_admin_transaction_descriptions_t *d;
        ck_assert_int_eq(moldau_admin_describe_transactions(a, ids, n, -1, &d), MOLDAU_ERR_NONE);
        ck_assert_uint_eq(d->n_items, n);
        for (size_t i = 0; i < n; i++) {
            const moldau_admin_transaction_description_t *t = d->items[i];
            ck_assert_str_eq(t->transactional_id, ids[i]);
            if (t->err) /* it may have ended in between */
                continue;
            ck_assert_int_ge(t->producer_id, 0);
            ck_assert_int_ge(t->coordinator, 0);
            ck_assert_int_gt(t->timeout_ms, 0);
            for (size_t k = 0; k < t->n_topics; k++)
                found |= !strcmp(t->topics[k]->topic, topic) && t->topics[k]->n_partitions == 1 &&
                         t->topics[k]->partitions[0] == 0 && !strcmp(t->state, "Ongoing");
        }
        moldau_admin_result_free(d);
    }
    moldau_admin_result_free(l);
    /* an id nobody used: its own error */
    const char *nobody[] = {"moldau-no-such-transactional-id"};
    moldau_admin_transaction_descriptions_t *x;
    ck_assert_int_eq(moldau_admin_describe_transactions(a, nobody, 1, -1, &x), MOLDAU_ERR_NONE);
    ck_assert_int_eq(x->items[0]->err, MOLDAU_ERR_TRANSACTIONAL_ID_NOT_FOUND);
    moldau_admin_result_free(x);
    return found;
}

START_TEST(transactions_listed_by_state)
{
    TEST_NEED_KAFKA(bootstrap);
    char topic[128], out[256], ready[300], cmd[2048];
    test_topic_name("admin-txn", topic, sizeof(topic));
    ck_assert_int_eq(test_create_topic(bootstrap, topic, 1), 0);
    snprintf(out, sizeof(out), "%s/moldau-admin-txn.%d",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid());
    snprintf(ready, sizeof(ready), "%s.ready", out);
    unlink(out);
    unlink(ready);
    const char *src = getenv("MOLDAU_SRCDIR");
    snprintf(cmd, sizeof(cmd), "'%s' '%s/tests/interop/txn_produce.py' '%s' '%s' 1 '%s'",
             test_python(), src ? src : ".", bootstrap, topic, out);
    FILE *py = popen(cmd, "w");
    ck_assert_ptr_nonnull(py);
    for (int i = 0; i < 1200 && access(ready, F_OK); i++)
        usleep(100000);
    if (access(ready, F_OK)) {
        int st = pclose(py);
        if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
            test_peer_missing(__func__, "confluent-kafka (transactions)");
            return;
        }
        ck_abort_msg("txn_produce.py did not get ready (status %d)", st);
    }
    moldau_admin_t *a = test_admin_new(bootstrap);
    /* its transaction is open until it reads a line */
    ck_assert_int_ge(listed_in_state(a, "Ongoing"), 1);
    ck_assert(ongoing_on(a, topic));
    fputs("commit\n", py);
    fflush(py);
    int st = pclose(py);
    ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "txn_produce.py: status %d", st);
    int committed = 0;
    for (int i = 0; i < 100 && !committed; i++) { /* the markers are written a moment later */
        committed = listed_in_state(a, "CompleteCommit") >= 1;
        if (!committed)
            usleep(100 * 1000);
    }
    ck_assert(committed);
    /* every state: at least that one, each listed once */
    moldau_admin_transaction_listings_t *r;
    ck_assert_int_eq(moldau_admin_list_transactions(a, NULL, 0, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_ge(r->n_items, 1);
    for (size_t i = 1; i < r->n_items; i++)
        ck_assert_int_lt(strcmp(r->items[i - 1]->transactional_id, r->items[i]->transactional_id),
                         0);
    moldau_admin_result_free(r);
    r = (void *)1;
    ck_assert_int_eq(moldau_admin_list_transactions(a, NULL, 2, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    const char *empty[] = {""};
    ck_assert_int_eq(moldau_admin_list_transactions(a, empty, 1, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
    unlink(out);
    unlink(ready);
}
END_TEST

Suite *moldau_test_admin_state_kafka_suite(void)
{
    Suite *s = suite_create("admin_state_kafka");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 180);
    tcase_add_test(tc, log_dirs_hold_the_replicas);
    tcase_add_test(tc, transactions_listed_by_state);
    suite_add_tcase(s, tc);
    return s;
}
