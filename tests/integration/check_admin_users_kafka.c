/* The admin client's SCRAM user calls on the real broker: credentials upserted for two
 * mechanisms (salted here; a build without OpenSSL refuses with UNSUPPORTED_FEATURE), described
 * with their iterations, one deleted, a delete of none its own error, a user without
 * credentials RESOURCE_NOT_FOUND. Bad arguments: MOLDAU_ERR__INVALID_ARG. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moldau.h"
#include "util/crypto.h"
#include "../support/admin_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

/* user's credentials now, waiting (up to 10 s) for `want` of them (they reach the broker that
 * answers through the metadata log). */
static size_t credentials_of(moldau_admin_t *a, const char *user, size_t want, int32_t *iters)
{
    size_t n = 0;
    for (int i = 0; i < 100; i++) {
        moldau_admin_user_scram_credentials_list_t *r;
        const char *users[] = {user};
        ck_assert_int_eq(moldau_admin_describe_user_scram_credentials(a, users, 1, -1, &r),
                         MOLDAU_ERR_NONE);
        ck_assert_uint_eq(r->n_items, 1);
        ck_assert_str_eq(r->items[0]->user, user);
        n = r->items[0]->err ? 0 : r->items[0]->n_credentials;
        if (r->items[0]->err)
            ck_assert_int_eq(r->items[0]->err, MOLDAU_ERR_RESOURCE_NOT_FOUND);
        for (size_t k = 0; k < n && iters; k++)
            iters[r->items[0]->credentials[k]->mechanism == MOLDAU_ADMIN_SCRAM_SHA_512] =
                r->items[0]->credentials[k]->iterations;
        moldau_admin_result_free(r);
        if (n == want)
            break;
        usleep(100 * 1000);
    }
    return n;
}

START_TEST(upsert_describe_delete)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    char user[128];
    test_topic_name("scram-user", user, sizeof(user));
    moldau_admin_scram_alteration_t up[] = {{user, MOLDAU_ADMIN_SCRAM_SHA_256, "alice-secret", 0},
                                            {user, MOLDAU_ADMIN_SCRAM_SHA_512, "alice-secret", 4096}};
    moldau_admin_user_results_t *r = NULL;
    moldau_err_t err = moldau_admin_alter_user_scram_credentials(a, up, 2, -1, &r);
    if (!moldau__crypto_available()) {
        ck_assert_int_eq(err, MOLDAU_ERR__UNSUPPORTED_FEATURE);
        ck_assert_ptr_null(r);
        fprintf(stderr, "admin_users_kafka: a build without OpenSSL: upserts refused\n");
        moldau_admin_close(a);
        return;
    }
    ck_assert_int_eq(err, MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 2);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    ck_assert_int_eq(r->items[1]->err, MOLDAU_ERR_NONE);
    moldau_admin_result_free(r);
    int32_t iters[2] = {0, 0};
    ck_assert_uint_eq(credentials_of(a, user, 2, iters), 2);
    ck_assert_int_eq(iters[0], 8192);
    ck_assert_int_eq(iters[1], 4096);
    /* every user with credentials: ours among them */
    moldau_admin_user_scram_credentials_list_t *all;
    ck_assert_int_eq(moldau_admin_describe_user_scram_credentials(a, NULL, 0, -1, &all),
                     MOLDAU_ERR_NONE);
    int ours = 0;
    for (size_t i = 0; i < all->n_items; i++)
        ours |= !strcmp(all->items[i]->user, user) && all->items[i]->n_credentials == 2;
    ck_assert(ours);
    moldau_admin_result_free(all);

    /* delete one; deleting it again is its own error */
    moldau_admin_scram_alteration_t del = {user, MOLDAU_ADMIN_SCRAM_SHA_512, NULL, 0};
    ck_assert_int_eq(moldau_admin_alter_user_scram_credentials(a, &del, 1, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_int_eq(r->items[0]->err, MOLDAU_ERR_NONE);
    moldau_admin_result_free(r);
    ck_assert_uint_eq(credentials_of(a, user, 1, NULL), 1);
    del.mechanism = MOLDAU_ADMIN_SCRAM_SHA_256;
    ck_assert_int_eq(moldau_admin_alter_user_scram_credentials(a, &del, 1, -1, &r), MOLDAU_ERR_NONE);
    moldau_admin_result_free(r);
    ck_assert_uint_eq(credentials_of(a, user, 0, NULL), 0);
    ck_assert_int_eq(moldau_admin_alter_user_scram_credentials(a, &del, 1, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_int_eq(r->items[0]->err, MOLDAU_ERR_RESOURCE_NOT_FOUND);
    moldau_admin_result_free(r);

    /* bad arguments */
    r = (void *)1;
    ck_assert_int_eq(moldau_admin_alter_user_scram_credentials(a, NULL, 1, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    moldau_admin_scram_alteration_t odd = {user, (moldau_admin_scram_mechanism_t)9, "x", 0};
    ck_assert_int_eq(moldau_admin_alter_user_scram_credentials(a, &odd, 1, -1, &r),
                     MOLDAU_ERR__INVALID_ARG);
    const char *twice[] = {user, user};
    ck_assert_int_eq(moldau_admin_describe_user_scram_credentials(a, twice, 2, -1, &all),
                     MOLDAU_ERR__INVALID_ARG);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_users_kafka_suite(void)
{
    Suite *s = suite_create("admin_users_kafka");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, upsert_describe_delete);
    suite_add_tcase(s, tc);
    return s;
}
