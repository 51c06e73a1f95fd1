/* The admin client's client quota calls on the real broker: quotas set for a user and for the
 * default client id (an unknown key beside them fails alone; validate_only changes nothing),
 * described by exact name, by default and by any name, then removed. Bad arguments:
 * MOLDAU_ERR__INVALID_ARG. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

/* The value of `key` for the entity matched by filter f, waiting up to 10 s for `want` (-1:
 * absent); returns what it saw last. */
static double quota_of(moldau_admin_t *a, const moldau_admin_quota_filter_t *f, const char *key,
                       double want)
{
    double v = -1;
    for (int i = 0; i < 100; i++) {
        moldau_admin_quota_entries_t *r;
        ck_assert_int_eq(moldau_admin_describe_client_quotas(a, f, 1, 0, -1, &r), MOLDAU_ERR_NONE);
        v = -1;
        for (size_t e = 0; e < r->n_items; e++)
            for (size_t k = 0; k < r->items[e]->n_values; k++)
                if (!strcmp(r->items[e]->values[k]->key, key))
                    v = r->items[e]->values[k]->value;
        moldau_admin_result_free(r);
        if (v == want)
            break;
        usleep(100 * 1000);
    }
    return v;
}

START_TEST(set_describe_remove)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    char user[128];
    test_topic_name("quota-user", user, sizeof(user));
    char user2[160];
    snprintf(user2, sizeof(user2), "%s-b", user);
    moldau_admin_quota_entity_part_t who[] = {{"user", user}};
    moldau_admin_quota_entity_part_t who2[] = {{"user", user2}};
    moldau_admin_quota_entity_part_t dflt[] = {{"client-id", NULL}};
    moldau_admin_quota_op_t set_user[] = {{"producer_byte_rate", 1048576, 0},
                                          {"consumer_byte_rate", 2097152, 0}};
    moldau_admin_quota_op_t set_dflt[] = {{"request_percentage", 50, 0}};
    moldau_admin_quota_op_t bogus[] = {{"no_such_quota", 1, 0}};
    moldau_admin_quota_alteration_t alts[3] = {MOLDAU_ADMIN_QUOTA_ALTERATION_INIT,
                                               MOLDAU_ADMIN_QUOTA_ALTERATION_INIT,
                                               MOLDAU_ADMIN_QUOTA_ALTERATION_INIT};
    alts[0].entity = who, alts[0].n_entity = 1, alts[0].ops = set_user, alts[0].n_ops = 2;
    alts[1].entity = dflt, alts[1].n_entity = 1, alts[1].ops = set_dflt, alts[1].n_ops = 1;
    alts[2].entity = who2, alts[2].n_entity = 1, alts[2].ops = bogus, alts[2].n_ops = 1;

    moldau_admin_quota_filter_t exact = {"user", MOLDAU_ADMIN_QUOTA_MATCH_EXACT, user};
    moldau_admin_quota_results_t *r;
    /* validate only: nothing set */
    ck_assert_int_eq(moldau_admin_alter_client_quotas(a, alts, 2, 1, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_int_eq(r->items[0]->err, MOLDAU_ERR_NONE);
    moldau_admin_result_free(r);
    ck_assert(quota_of(a, &exact, "producer_byte_rate", -1) == -1);

    /* the bogus key fails its own entity alone (one entity appears once a request) */
    ck_assert_int_eq(moldau_admin_alter_client_quotas(a, alts, 3, 0, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 3);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_msg(r->items[1]->err == MOLDAU_ERR_NONE, "%s", r->items[1]->errmsg);
    ck_assert_int_ne(r->items[2]->err, MOLDAU_ERR_NONE);
    ck_assert_ptr_nonnull(r->items[2]->errmsg);
    moldau_admin_result_free(r);

    ck_assert(quota_of(a, &exact, "producer_byte_rate", 1048576) == 1048576);
    ck_assert(quota_of(a, &exact, "consumer_byte_rate", 2097152) == 2097152);
    moldau_admin_quota_filter_t def = {"client-id", MOLDAU_ADMIN_QUOTA_MATCH_DEFAULT, NULL};
    ck_assert(quota_of(a, &def, "request_percentage", 50) == 50);
    /* any user with a name: ours among them, with its name */
    moldau_admin_quota_filter_t any = {"user", MOLDAU_ADMIN_QUOTA_MATCH_ANY, NULL};
    moldau_admin_quota_entries_t *e;
    ck_assert_int_eq(moldau_admin_describe_client_quotas(a, &any, 1, 0, -1, &e), MOLDAU_ERR_NONE);
    int ours = 0;
    for (size_t i = 0; i < e->n_items; i++)
        for (size_t k = 0; k < e->items[i]->n_entity; k++)
            ours |= e->items[i]->entity[k]->name && !strcmp(e->items[i]->entity[k]->name, user) &&
                    !strcmp(e->items[i]->entity[k]->type, "user");
    ck_assert(ours);
    moldau_admin_result_free(e);

    /* removed */
    moldau_admin_quota_op_t rm_user[] = {{"producer_byte_rate", 0, 1}, {"consumer_byte_rate", 0, 1}};
    moldau_admin_quota_op_t rm_dflt[] = {{"request_percentage", 0, 1}};
    alts[0].ops = rm_user;
    alts[1].ops = rm_dflt;
    ck_assert_int_eq(moldau_admin_alter_client_quotas(a, alts, 2, 0, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_int_eq(r->items[0]->err, MOLDAU_ERR_NONE);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_NONE);
    moldau_admin_result_free(r);
    ck_assert(quota_of(a, &exact, "producer_byte_rate", -1) == -1);
    ck_assert(quota_of(a, &def, "request_percentage", -1) == -1);

    /* bad arguments */
    r = (void *)1;
    ck_assert_int_eq(moldau_admin_alter_client_quotas(a, NULL, 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    moldau_admin_quota_alteration_t none = MOLDAU_ADMIN_QUOTA_ALTERATION_INIT;
    none.entity = who, none.n_entity = 1;
    ck_assert_int_eq(moldau_admin_alter_client_quotas(a, &none, 1, 0, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_admin_quota_filter_t noname = {"user", MOLDAU_ADMIN_QUOTA_MATCH_EXACT, NULL};
    ck_assert_int_eq(moldau_admin_describe_client_quotas(a, &noname, 1, 0, -1, &e),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_describe_client_quotas(a, NULL, 1, 0, -1, &e),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_quotas_kafka_suite(void)
{
    Suite *s = suite_create("admin_quotas_kafka");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, set_describe_remove);
    suite_add_tcase(s, tc);
    return s;
}
