/* Admin clients for tests on the real broker (admin_test.h). */
#include "admin_test.h"

#include <check.h>

moldau_admin_t *test_admin_new(const char *bootstrap)
{
    char err[256];
    moldau_conf_t *conf = moldau_conf_new();
    ck_assert_int_eq(moldau_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof(err)), 0);
    ck_assert_int_eq(moldau_conf_set(conf, "log.level", "3", err, sizeof(err)), 0);
    moldau_admin_t *a = moldau_admin_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(a != NULL, "%s", err);
    return a;
}

int32_t test_admin_broker_id(moldau_admin_t *a)
{
    moldau_metadata_t *md;
    ck_assert_int_eq(moldau_client_metadata(moldau_admin_client(a), NULL, 0, 30000, &md), 0);
    ck_assert_int_gt(md->n_brokers, 0);
    int32_t id = md->brokers[0]->id;
    moldau_metadata_destroy(md);
    return id;
}

int32_t test_admin_partitions(moldau_admin_t *a, const char *topic)
{
    moldau_metadata_t *md;
    const char *topics[] = {topic};
    ck_assert_int_eq(moldau_client_metadata(moldau_admin_client(a), topics, 1, 30000, &md), 0);
    int32_t n = md->n_topics == 1 && md->topics[0]->err == MOLDAU_ERR_NONE
                    ? md->topics[0]->n_partitions
                    : -1;
    moldau_metadata_destroy(md);
    return n;
}
