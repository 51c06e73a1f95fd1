/* The admin client's ACL calls on a Kafka node of the suite's own with KRaft's
 * StandardAuthorizer (super.users=User:ANONYMOUS: the plaintext test clients stay allowed):
 * bindings created (one bad beside good ones), described by filters (a resource, a principal,
 * PREFIXED, MATCH), deleted by filter with what each deleted; and the shared test broker,
 * which has no authorizer, answers SECURITY_DISABLED. Bad arguments: MOLDAU_ERR__INVALID_ARG.
 * `moldau acls` ($MOLDAU_BUILD/tools/moldau) with kafka-acls.sh's flags on the same node. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "moldau.h"
#include "../support/admin_test.h"
#include "../support/k3_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

static test_k3_t node;

static void node_start(void)
{
    test_k3_start_with(&node, "admin_acls", 1,
                       "authorizer.class.name=org.apache.kafka.metadata.authorizer."
                       "StandardAuthorizer super.users=User:ANONYMOUS");
}

static void node_stop(void) { test_k3_stop(&node); }

static moldau_admin_acl_binding_t binding(moldau_admin_acl_resource_type_t rt, const char *name,
                                          moldau_admin_acl_pattern_type_t pt, const char *who,
                                          moldau_admin_acl_operation_t op,
                                          moldau_admin_acl_permission_t perm)
{
    moldau_admin_acl_binding_t b = MOLDAU_ADMIN_ACL_BINDING_INIT;
    b.resource_type = rt;
    b.resource_name = name;
    b.pattern_type = pt;
    b.principal = who;
    b.operation = op;
    b.permission = perm;
    return b;
}

/* How many bindings match f now, waiting (up to 10 s) for `want` (the authorizer learns of
 * a change through the metadata log, a moment after the answer). */
static size_t described(moldau_admin_t *a, const moldau_admin_acl_binding_t *f, size_t want)
{
    size_t n = 0;
    for (int i = 0; i < 100; i++) {
        moldau_admin_acl_results_t *r;
        ck_assert_int_eq(moldau_admin_describe_acls(a, f, -1, &r), MOLDAU_ERR_NONE);
        n = r->n_items;
        for (size_t k = 0; k < n; k++) {
            ck_assert_int_eq(r->items[k]->err, MOLDAU_ERR_NONE);
            ck_assert_ptr_nonnull(r->items[k]->binding.principal);
        }
        moldau_admin_result_free(r);
        if (n == want)
            break;
        usleep(100 * 1000);
    }
    return n;
}

START_TEST(create_describe_delete)
{
    if (!node.up) {
        test_peer_missing(__func__, "a Kafka node with an authorizer (tests/support/kafka.sh)");
        return;
    }
    moldau_admin_t *a = test_admin_new(node.bootstrap);
    char topic[128], prefix[128];
    test_topic_name("acl-t", topic, sizeof(topic));
    test_topic_name("acl-p", prefix, sizeof(prefix));
    moldau_admin_acl_binding_t bs[] = {
        binding(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, topic, MOLDAU_ADMIN_ACL_PATTERN_LITERAL,
                "User:alice", MOLDAU_ADMIN_ACL_OP_READ, MOLDAU_ADMIN_ACL_PERMISSION_ALLOW),
        binding(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, topic, MOLDAU_ADMIN_ACL_PATTERN_LITERAL,
                "User:bob", MOLDAU_ADMIN_ACL_OP_WRITE, MOLDAU_ADMIN_ACL_PERMISSION_DENY),
        binding(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, prefix, MOLDAU_ADMIN_ACL_PATTERN_PREFIXED,
                "User:alice", MOLDAU_ADMIN_ACL_OP_DESCRIBE, MOLDAU_ADMIN_ACL_PERMISSION_ALLOW),
        /* the broker refuses a principal without its type */
        binding(MOLDAU_ADMIN_ACL_RESOURCE_GROUP, "g", MOLDAU_ADMIN_ACL_PATTERN_LITERAL, "alice",
                MOLDAU_ADMIN_ACL_OP_READ, MOLDAU_ADMIN_ACL_PERMISSION_ALLOW),
    };
    moldau_admin_acl_results_t *r;
    ck_assert_int_eq(moldau_admin_create_acls(a, bs, 4, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(r->n_items, 4);
    for (int i = 0; i < 3; i++) {
        ck_assert_msg(r->items[i]->err == MOLDAU_ERR_NONE, "%d: %s", i, r->items[i]->errmsg);
        ck_assert_str_eq(r->items[i]->binding.principal, bs[i].principal);
    }
    ck_assert_int_ne(r->items[3]->err, MOLDAU_ERR_NONE);
    ck_assert_ptr_nonnull(r->items[3]->errmsg);
    moldau_admin_result_free(r);

    /* the literal topic's two bindings */
    moldau_admin_acl_binding_t f = MOLDAU_ADMIN_ACL_FILTER_ANY;
    f.resource_type = MOLDAU_ADMIN_ACL_RESOURCE_TOPIC;
    f.resource_name = topic;
    f.pattern_type = MOLDAU_ADMIN_ACL_PATTERN_LITERAL;
    ck_assert_uint_eq(described(a, &f, 2), 2);
    /* alice's, on any resource: the literal and the prefixed one */
    moldau_admin_acl_binding_t fa = MOLDAU_ADMIN_ACL_FILTER_ANY;
    fa.principal = "User:alice";
    ck_assert_uint_eq(described(a, &fa, 2), 2);
    /* MATCH: what applies to a topic named with the prefix */
    char under[160];
    snprintf(under, sizeof(under), "%s-orders", prefix);
    moldau_admin_acl_binding_t fm = MOLDAU_ADMIN_ACL_FILTER_ANY;
    fm.resource_type = MOLDAU_ADMIN_ACL_RESOURCE_TOPIC;
    fm.resource_name = under;
    fm.pattern_type = MOLDAU_ADMIN_ACL_PATTERN_MATCH;
    ck_assert_uint_eq(described(a, &fm, 1), 1);
    moldau_admin_acl_results_t *one;
    ck_assert_int_eq(moldau_admin_describe_acls(a, &fm, -1, &one), MOLDAU_ERR_NONE);
    ck_assert_int_eq(one->items[0]->binding.pattern_type, MOLDAU_ADMIN_ACL_PATTERN_PREFIXED);
    ck_assert_str_eq(one->items[0]->binding.resource_name, prefix);
    ck_assert_int_eq(one->items[0]->binding.operation, MOLDAU_ADMIN_ACL_OP_DESCRIBE);
    moldau_admin_result_free(one);

    /* delete bob's deny, and a filter that matches nothing */
    moldau_admin_acl_binding_t del[2] = {MOLDAU_ADMIN_ACL_FILTER_ANY, MOLDAU_ADMIN_ACL_FILTER_ANY};
    del[0].principal = "User:bob";
    del[1].principal = "User:nobody";
    moldau_admin_acl_delete_results_t *d;
    ck_assert_int_eq(moldau_admin_delete_acls(a, del, 2, -1, &d), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(d->n_items, 2);
    ck_assert_int_eq(d->items[0]->err, MOLDAU_ERR_NONE);
    ck_assert_uint_eq(d->items[0]->n_deleted, 1);
    ck_assert_str_eq(d->items[0]->deleted[0]->binding.principal, "User:bob");
    ck_assert_int_eq(d->items[0]->deleted[0]->binding.permission, MOLDAU_ADMIN_ACL_PERMISSION_DENY);
    ck_assert_uint_eq(d->items[1]->n_deleted, 0);
    moldau_admin_result_free(d);
    ck_assert_uint_eq(described(a, &f, 1), 1);

    /* bad arguments */
    r = (void *)1;
    ck_assert_int_eq(moldau_admin_create_acls(a, NULL, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(moldau_admin_create_acls(a, bs, 0, -1, &r), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_acl_binding_t bad = bs[0];
    bad.operation = MOLDAU_ADMIN_ACL_OP_ANY; /* a filter's value */
    ck_assert_int_eq(moldau_admin_create_acls(a, &bad, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    bad = bs[0];
    bad.principal = NULL;
    ck_assert_int_eq(moldau_admin_create_acls(a, &bad, 1, -1, &r), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_acl_binding_t odd = MOLDAU_ADMIN_ACL_FILTER_ANY;
    odd.resource_type = (moldau_admin_acl_resource_type_t)42;
    ck_assert_int_eq(moldau_admin_describe_acls(a, &odd, -1, &r), MOLDAU_ERR__INVALID_ARG);
    ck_assert_int_eq(moldau_admin_describe_acls(a, NULL, -1, &r), MOLDAU_ERR__INVALID_ARG);
    moldau_admin_acl_delete_results_t *dd = (void *)1;
    ck_assert_int_eq(moldau_admin_delete_acls(a, NULL, 1, -1, &dd), MOLDAU_ERR__INVALID_ARG);
    ck_assert_ptr_null(dd);
    moldau_admin_close(a);
}
END_TEST

static char tool_out[65536];

/* Runs `moldau ARGS` (a shell-quoted string) against the node; its exit status, stdout and
 * stderr in tool_out. */
static int moldau_tool(const char *args)
{
    const char *build = getenv("MOLDAU_BUILD");
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "%s/tools/moldau %s 2>&1", build ? build : "build", args);
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(tool_out, 1, sizeof(tool_out) - 1, f);
    tool_out[n] = '\0';
    int st = pclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

START_TEST(tool_acls)
{
    if (!node.up) {
        test_peer_missing(__func__, "a Kafka node with an authorizer (tests/support/kafka.sh)");
        return;
    }
    char topic[128], args[1024];
    test_topic_name("acl-tool", topic, sizeof(topic));
    snprintf(args, sizeof(args), "acls --bootstrap-server %s --add --allow-principal User:carol "
             "--operation Read --operation describe-configs --topic %s", node.bootstrap, topic);
    ck_assert_msg(moldau_tool(args) == 0, "%s", tool_out);
    ck_assert_msg(strstr(tool_out, "operation=Read") && strstr(tool_out, "DescribeConfigs"),
                  "%s", tool_out);
    int listed = 0;
    for (int i = 0; i < 100 && !listed; i++) { /* the authorizer learns of it a moment later */
        snprintf(args, sizeof(args), "acls -b %s --list --topic %s --json", node.bootstrap, topic);
        ck_assert_msg(moldau_tool(args) == 0, "%s", tool_out);
        listed = strstr(tool_out, "\"principal\":\"User:carol\"") &&
                 strstr(tool_out, "\"operation\":\"DescribeConfigs\"") &&
                 strstr(tool_out, "\"operation\":\"Read\"");
        if (!listed)
            usleep(100 * 1000);
    }
    ck_assert_msg(listed, "%s", tool_out);
    snprintf(args, sizeof(args), "acls -b %s --remove --topic %s --allow-principal User:carol "
             "--operation Read", node.bootstrap, topic);
    ck_assert_msg(moldau_tool(args) == 0, "%s", tool_out);
    ck_assert_msg(strstr(tool_out, "Removed:") && strstr(tool_out, "operation=Read"), "%s",
                  tool_out);
    ck_assert_msg(!strstr(tool_out, "DescribeConfigs"), "%s", tool_out);
    /* bad usage: exit 2, each with its sentence */
    snprintf(args, sizeof(args), "acls -b %s --add --topic %s", node.bootstrap, topic);
    ck_assert_int_eq(moldau_tool(args), 2);
    ck_assert_msg(strstr(tool_out, "--allow-principal"), "%s", tool_out);
    snprintf(args, sizeof(args), "acls -b %s --add --allow-principal carol --topic %s",
             node.bootstrap, topic);
    ck_assert_int_eq(moldau_tool(args), 2);
    snprintf(args, sizeof(args), "acls -b %s --list --operation Juggle", node.bootstrap);
    ck_assert_int_eq(moldau_tool(args), 2);
}
END_TEST

/* The shared test broker runs without an authorizer. */
START_TEST(without_an_authorizer)
{
    TEST_NEED_KAFKA(bootstrap);
    moldau_admin_t *a = test_admin_new(bootstrap);
    moldau_admin_acl_binding_t f = MOLDAU_ADMIN_ACL_FILTER_ANY;
    moldau_admin_acl_results_t *r = (void *)1;
    ck_assert_int_eq(moldau_admin_describe_acls(a, &f, -1, &r), MOLDAU_ERR_SECURITY_DISABLED);
    ck_assert_ptr_null(r);
    moldau_admin_acl_binding_t b = MOLDAU_ADMIN_ACL_BINDING_INIT;
    b.resource_name = "t";
    b.principal = "User:alice";
    ck_assert_int_eq(moldau_admin_create_acls(a, &b, 1, -1, &r), MOLDAU_ERR_NONE);
    ck_assert_int_eq(r->items[0]->err, MOLDAU_ERR_SECURITY_DISABLED);
    moldau_admin_result_free(r);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_admin_acls_kafka_suite(void)
{
    Suite *s = suite_create("admin_acls_kafka");
    TCase *tc = tcase_create("authorizer");
    tcase_set_timeout(tc, 180);
    tcase_add_unchecked_fixture(tc, node_start, node_stop);
    tcase_add_test(tc, create_describe_delete);
    tcase_add_test(tc, tool_acls);
    suite_add_tcase(s, tc);
    TCase *plain = tcase_create("plain");
    tcase_add_test(plain, without_an_authorizer);
    suite_add_tcase(s, plain);
    return s;
}
