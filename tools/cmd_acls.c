/* moldau acls: list, add and remove ACLs with kafka-acls.sh's flags: --list, --add, --remove;
 * --allow-principal / --deny-principal P, --allow-host / --deny-host H (default *),
 * --operation OP (repeatable), a resource (--topic T, --group G, --transactional-id I,
 * --cluster) and --resource-pattern-type literal|prefixed (list and remove also match, any). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "format.h"

#define OPT_LIST 2000
#define OPT_ADD 2001
#define OPT_REMOVE 2002
#define OPT_ALLOW_PRINCIPAL 2003
#define OPT_DENY_PRINCIPAL 2004
#define OPT_ALLOW_HOST 2005
#define OPT_DENY_HOST 2006
#define OPT_OPERATION 2007
#define OPT_TOPIC 2008
#define OPT_GROUP 2009
#define OPT_TXN 2010
#define OPT_CLUSTER 2011
#define OPT_PATTERN 2012
#define OPT_PRINCIPAL 2013
#define OPT_JSON 2014
#define MAX_ITEMS 64

static const char usage[] =
    "usage: moldau acls (--list | --add | --remove) [options]\n"
    "  --allow-principal P, --deny-principal P   who (e.g. User:alice; repeatable)\n"
    "  --allow-host H, --deny-host H             from where (default *)\n"
    "  --operation OP                  Read, Write, Create, Delete, Alter, Describe, All,\n"
    "                                  ClusterAction, DescribeConfigs, AlterConfigs,\n"
    "                                  IdempotentWrite, CreateTokens, DescribeTokens\n"
    "                                  (repeatable; --list/--remove default: any)\n"
    "  --topic T, --group G, --transactional-id I, --cluster   the resource\n"
    "  --resource-pattern-type TYPE    literal (default), prefixed; --list/--remove also\n"
    "                                  match (every binding that applies) and any\n"
    "  --principal P                   --list: only the bindings of P\n"
    "  --json                          --list: one JSON array on stdout\n";

static const struct option longs[] = {
    {"list", no_argument, NULL, OPT_LIST},
    {"add", no_argument, NULL, OPT_ADD},
    {"remove", no_argument, NULL, OPT_REMOVE},
    {"allow-principal", required_argument, NULL, OPT_ALLOW_PRINCIPAL},
    {"deny-principal", required_argument, NULL, OPT_DENY_PRINCIPAL},
    {"allow-host", required_argument, NULL, OPT_ALLOW_HOST},
    {"deny-host", required_argument, NULL, OPT_DENY_HOST},
    {"operation", required_argument, NULL, OPT_OPERATION},
    {"topic", required_argument, NULL, OPT_TOPIC},
    {"group", required_argument, NULL, OPT_GROUP},
    {"transactional-id", required_argument, NULL, OPT_TXN},
    {"cluster", no_argument, NULL, OPT_CLUSTER},
    {"resource-pattern-type", required_argument, NULL, OPT_PATTERN},
    {"principal", required_argument, NULL, OPT_PRINCIPAL},
    {"json", no_argument, NULL, OPT_JSON},
    {NULL, 0, NULL, 0},
};

typedef struct acls {
    int action; /* OPT_LIST, OPT_ADD, OPT_REMOVE */
    const char *allow[MAX_ITEMS], *deny[MAX_ITEMS];
    size_t n_allow, n_deny;
    const char *allow_host, *deny_host, *principal;
    moldau_admin_acl_operation_t ops[MAX_ITEMS];
    size_t n_ops;
    moldau_admin_acl_resource_type_t rtype;
    const char *rname;
    moldau_admin_acl_pattern_type_t pattern;
    int json;
} acls_t;

static const char *const op_names[] = {NULL,     "Any",   "All",      "Read",
                                       "Write",  "Create", "Delete",  "Alter",
                                       "Describe", "ClusterAction", "DescribeConfigs",
                                       "AlterConfigs", "IdempotentWrite", "CreateTokens",
                                       "DescribeTokens"};
static const char *const type_names[] = {NULL, "Any", "Topic", "Group", "Cluster",
                                         "TransactionalId", "DelegationToken", "User"};
static const char *const pattern_names[] = {NULL, "ANY", "MATCH", "LITERAL", "PREFIXED"};
static const char *const perm_names[] = {NULL, "ANY", "DENY", "ALLOW"};

#define NAME_OF(table, v)                                                                      \
    ((size_t)(v) < sizeof(table) / sizeof(table[0]) && table[v] ? table[v] : "UNKNOWN")

/* Kafka's operation names, any case, '-' or '_' for the capitals' breaks (describe-configs). */
static int parse_op(const char *s, moldau_admin_acl_operation_t *out)
{
    char want[64];
    size_t k = 0;
    for (; *s && k < sizeof(want) - 1; s++)
        if (*s != '-' && *s != '_')
            want[k++] = (char)tolower((unsigned char)*s);
    want[k] = '\0';
    for (size_t i = 2; i < sizeof(op_names) / sizeof(op_names[0]); i++)
        if (!strcasecmp(want, op_names[i])) {
            *out = (moldau_admin_acl_operation_t)i;
            return 0;
        }
    return -1;
}

static int set_resource(cli_t *cli, acls_t *a, moldau_admin_acl_resource_type_t t,
                        const char *name)
{
    if (a->rtype)
        return cli_usage_error(cli, "one resource at a time"), -1;
    a->rtype = t;
    a->rname = name;
    return 0;
}

static int set_action(cli_t *cli, acls_t *a, int action)
{
    if (a->action && a->action != action)
        return cli_usage_error(cli, "one of --list, --add and --remove"), -1;
    a->action = action;
    return 0;
}

static int on_opt(cli_t *cli, int opt, const char *arg, void *ctx)
{
    acls_t *a = ctx;
    switch (opt) {
    case OPT_LIST:
    case OPT_ADD:
    case OPT_REMOVE:
        return set_action(cli, a, opt);
    case OPT_ALLOW_PRINCIPAL:
    case OPT_DENY_PRINCIPAL: {
        if (!strchr(arg, ':'))
            return cli_usage_error(cli, "principal '%s': expected TYPE:NAME, e.g. User:alice",
                                   arg), -1;
        size_t *n = opt == OPT_ALLOW_PRINCIPAL ? &a->n_allow : &a->n_deny;
        if (*n == MAX_ITEMS)
            return cli_usage_error(cli, "at most %d principals", MAX_ITEMS), -1;
        (opt == OPT_ALLOW_PRINCIPAL ? a->allow : a->deny)[(*n)++] = arg;
        return 0;
    }
    case OPT_ALLOW_HOST:
        a->allow_host = arg;
        return 0;
    case OPT_DENY_HOST:
        a->deny_host = arg;
        return 0;
    case OPT_OPERATION:
        if (a->n_ops == MAX_ITEMS || parse_op(arg, &a->ops[a->n_ops]))
            return cli_usage_error(cli, "--operation '%s': not an operation (see --help)", arg),
                   -1;
        a->n_ops++;
        return 0;
    case OPT_TOPIC:
        return set_resource(cli, a, MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, arg);
    case OPT_GROUP:
        return set_resource(cli, a, MOLDAU_ADMIN_ACL_RESOURCE_GROUP, arg);
    case OPT_TXN:
        return set_resource(cli, a, MOLDAU_ADMIN_ACL_RESOURCE_TRANSACTIONAL_ID, arg);
    case OPT_CLUSTER:
        return set_resource(cli, a, MOLDAU_ADMIN_ACL_RESOURCE_CLUSTER, "kafka-cluster");
    case OPT_PATTERN:
        for (size_t i = 1; i < sizeof(pattern_names) / sizeof(pattern_names[0]); i++)
            if (!strcasecmp(arg, pattern_names[i])) {
                a->pattern = (moldau_admin_acl_pattern_type_t)i;
                return 0;
            }
        return cli_usage_error(cli, "--resource-pattern-type '%s': literal, prefixed, match or "
                                    "any", arg), -1;
    case OPT_PRINCIPAL:
        a->principal = arg;
        return 0;
    case OPT_JSON:
        a->json = 1;
        return 0;
    }
    return -1;
}

static void print_binding(const moldau_admin_acl_binding_t *b)
{
    printf("  ResourcePattern(resourceType=%s, name=%s, patternType=%s): (principal=%s, "
           "host=%s, operation=%s, permissionType=%s)\n",
           NAME_OF(type_names, b->resource_type), b->resource_name,
           NAME_OF(pattern_names, b->pattern_type), b->principal, b->host,
           NAME_OF(op_names, b->operation), NAME_OF(perm_names, b->permission));
}

static int do_list(const cli_t *cli, moldau_admin_t *adm, const acls_t *a)
{
    moldau_admin_acl_binding_t f = MOLDAU_ADMIN_ACL_FILTER_ANY;
    if (a->rtype) {
        f.resource_type = a->rtype;
        f.resource_name = a->rname;
        f.pattern_type = a->pattern ? a->pattern : MOLDAU_ADMIN_ACL_PATTERN_LITERAL;
    } else if (a->pattern) {
        f.pattern_type = a->pattern;
    }
    f.principal = a->principal;
    if (a->n_ops == 1)
        f.operation = a->ops[0];
    moldau_admin_acl_results_t *r;
    moldau_err_t err = moldau_admin_describe_acls(adm, &f, -1, &r);
    if (err) {
        cli_error(cli, "listing ACLs on %s: %s", cli->bootstrap, moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    if (a->json)
        printf("[");
    for (size_t i = 0; i < r->n_items; i++) {
        const moldau_admin_acl_binding_t *b = &r->items[i]->binding;
        if (!a->json) {
            print_binding(b);
            continue;
        }
        printf("%s{\"resource_type\":\"%s\",\"resource_name\":", i ? "," : "",
               NAME_OF(type_names, b->resource_type));
        fmt_json_cstr(stdout, b->resource_name);
        printf(",\"pattern_type\":\"%s\",\"principal\":", NAME_OF(pattern_names, b->pattern_type));
        fmt_json_cstr(stdout, b->principal);
        printf(",\"host\":");
        fmt_json_cstr(stdout, b->host);
        printf(",\"operation\":\"%s\",\"permission\":\"%s\"}", NAME_OF(op_names, b->operation),
               NAME_OF(perm_names, b->permission));
    }
    if (a->json)
        printf("]\n");
    moldau_admin_result_free(r);
    return CLI_EXIT_OK;
}

/* The bindings --add and --remove name: every principal x operation, allowed and denied. */
static size_t bindings_of(const acls_t *a, moldau_admin_acl_binding_t *out, size_t cap, int filter)
{
    size_t n = 0;
    size_t n_ops = a->n_ops ? a->n_ops : 1;
    for (int deny = 0; deny < 2; deny++) {
        const char *const *who = deny ? a->deny : a->allow;
        size_t n_who = deny ? a->n_deny : a->n_allow;
        const char *host = deny ? a->deny_host : a->allow_host;
        for (size_t p = 0; p < n_who; p++)
            for (size_t o = 0; o < n_ops && n < cap; o++) {
                moldau_admin_acl_binding_t b = MOLDAU_ADMIN_ACL_BINDING_INIT;
                b.resource_type = a->rtype;
                b.resource_name = a->rname;
                b.pattern_type = a->pattern ? a->pattern : MOLDAU_ADMIN_ACL_PATTERN_LITERAL;
                b.principal = who[p];
                b.host = host ? host : "*";
                b.operation = a->n_ops ? a->ops[o] : filter ? MOLDAU_ADMIN_ACL_OP_ANY
                                                            : MOLDAU_ADMIN_ACL_OP_ALL;
                b.permission = deny ? MOLDAU_ADMIN_ACL_PERMISSION_DENY
                                    : MOLDAU_ADMIN_ACL_PERMISSION_ALLOW;
                out[n++] = b;
            }
    }
    return n;
}

static int do_add(const cli_t *cli, moldau_admin_t *adm, const acls_t *a)
{
    moldau_admin_acl_binding_t bs[MAX_ITEMS];
    size_t n = bindings_of(a, bs, MAX_ITEMS, 0);
    moldau_admin_acl_results_t *r;
    moldau_err_t err = moldau_admin_create_acls(adm, bs, n, -1, &r);
    if (err) {
        cli_error(cli, "adding ACLs on %s: %s", cli->bootstrap, moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    size_t failed = 0;
    for (size_t i = 0; i < r->n_items; i++) {
        if (r->items[i]->err) {
            failed++;
            cli_error(cli, "%s %s on %s: %s", NAME_OF(perm_names, bs[i].permission),
                      bs[i].principal, bs[i].resource_name, r->items[i]->errmsg);
        } else {
            printf("Added:");
            print_binding(&r->items[i]->binding);
        }
    }
    if (failed)
        cli_error(cli, "%zu of %zu ACL(s) failed", failed, r->n_items);
    moldau_admin_result_free(r);
    return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

static int do_remove(const cli_t *cli, moldau_admin_t *adm, const acls_t *a)
{
    moldau_admin_acl_binding_t fs[MAX_ITEMS];
    size_t n = bindings_of(a, fs, MAX_ITEMS, 1);
    if (!n) { /* every binding of the resource */
        fs[0] = (moldau_admin_acl_binding_t)MOLDAU_ADMIN_ACL_FILTER_ANY;
        fs[0].resource_type = a->rtype;
        fs[0].resource_name = a->rname;
        fs[0].pattern_type = a->pattern ? a->pattern : MOLDAU_ADMIN_ACL_PATTERN_LITERAL;
        n = 1;
    }
    moldau_admin_acl_delete_results_t *r;
    moldau_err_t err = moldau_admin_delete_acls(adm, fs, n, -1, &r);
    if (err) {
        cli_error(cli, "removing ACLs on %s: %s", cli->bootstrap, moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    size_t failed = 0;
    for (size_t i = 0; i < r->n_items; i++) {
        if (r->items[i]->err) {
            failed++;
            cli_error(cli, "%s", r->items[i]->errmsg);
        }
        for (size_t k = 0; k < r->items[i]->n_deleted; k++) {
            printf("Removed:");
            print_binding(&r->items[i]->deleted[k]->binding);
        }
    }
    if (failed)
        cli_error(cli, "%zu of %zu filter(s) failed", failed, r->n_items);
    moldau_admin_result_free(r);
    return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

int cmd_acls(int argc, char **argv)
{
    acls_t a = {0};
    cli_t cli = {.cmd = "acls", .usage = usage};
    int rc = cli_parse(&cli, argc, argv, "", longs, on_opt, &a);
    if (rc)
        return rc == 1 ? CLI_EXIT_OK : rc;
    if (optind < argc)
        return cli_usage_error(&cli, "unexpected argument '%s'", argv[optind]);
    if (!a.action)
        return cli_usage_error(&cli, "one of --list, --add and --remove is needed");
    if (a.action != OPT_LIST && !a.rtype)
        return cli_usage_error(&cli, "a resource is needed (--topic, --group, "
                                     "--transactional-id or --cluster)");
    if (a.action == OPT_ADD && !a.n_allow && !a.n_deny)
        return cli_usage_error(&cli, "--add needs --allow-principal or --deny-principal");
    if (a.action == OPT_ADD && (a.pattern == MOLDAU_ADMIN_ACL_PATTERN_ANY ||
                                a.pattern == MOLDAU_ADMIN_ACL_PATTERN_MATCH))
        return cli_usage_error(&cli, "--add takes a literal or prefixed pattern");
    moldau_admin_t *adm = cli_admin(&cli);
    if (!adm)
        return CLI_EXIT_USAGE;
    rc = a.action == OPT_LIST  ? do_list(&cli, adm, &a)
         : a.action == OPT_ADD ? do_add(&cli, adm, &a)
                               : do_remove(&cli, adm, &a);
    moldau_admin_close(adm);
    return rc;
}
