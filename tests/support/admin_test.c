/* Admin clients for tests on the real broker (admin_test.h). */
#include "admin_test.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int test_admin_brokers(moldau_admin_t *a)
{
    moldau_metadata_t *md;
    ck_assert_int_eq(moldau_client_metadata(moldau_admin_client(a), NULL, 0, 30000, &md), 0);
    int n = md->n_brokers;
    moldau_metadata_destroy(md);
    return n;
}

long test_admin_broker_config(moldau_admin_t *a, const char *name)
{
    char id[16];
    snprintf(id, sizeof(id), "%d", (int)test_admin_broker_id(a));
    moldau_admin_config_resource_t res = MOLDAU_ADMIN_CONFIG_RESOURCE_INIT;
    res.type = MOLDAU_ADMIN_RESOURCE_BROKER;
    res.name = id;
    moldau_admin_config_resource_results_t *r;
    ck_assert_int_eq(moldau_admin_describe_configs(a, &res, 1, 0, 30000, &r), 0);
    ck_assert_msg(r->items[0]->err == MOLDAU_ERR_NONE, "%s", r->items[0]->errmsg);
    long v = -1;
    for (size_t i = 0; i < r->items[0]->n_entries; i++) {
        const moldau_admin_config_entry_t *e = r->items[0]->entries[i];
        if (strcmp(e->name, name) == 0 && e->value)
            v = strtol(e->value, NULL, 10);
    }
    moldau_admin_result_free(r);
    ck_assert_msg(v >= 0, "broker config %s not found", name);
    return v;
}
