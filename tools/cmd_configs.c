/* moldau configs: describe and change the configs of topics, brokers and groups, with
 * kafka-configs.sh's flags (--entity-type topics --entity-name T --describe [--all],
 * --alter --add-config K=V,K2=V2 --delete-config K) or shorter ones (--topic T, --broker ID,
 * --group G). Changes are incremental (IncrementalAlterConfigs): the other configs stay. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "configs_users.h"
#include "format.h"

#define OPT_DESCRIBE 2000
#define OPT_ALTER 2001
#define OPT_ENTITY_TYPE 2002
#define OPT_ENTITY_NAME 2003
#define OPT_TOPIC 2004
#define OPT_BROKER 2005
#define OPT_GROUP 2006
#define OPT_ADD 2007
#define OPT_DELETE 2008
#define OPT_ALL 2009
#define OPT_JSON 2010
#define OPT_TIMEOUT 2011
#define OPT_DEFAULT 2012
#define MAX_OPS 128
#define ENTITY_USERS 1000 /* not a config resource: SCRAM credentials (configs_users.c) */

static const char usage[] =
    "usage: moldau configs (--describe | --alter) ENTITY [options]\n"
    "ENTITY: --topic T, --broker ID (--entity-default: every broker), --group G, or\n"
    "--entity-type topics|brokers|groups --entity-name NAME.\n"
    "  --describe [--all]              the configs set on it (--all: every config, with\n"
    "                                  where its value comes from)\n"
    "  --alter                         with --add-config K=V[,K=V...] and/or\n"
    "                                  --delete-config K[,K...] (repeatable)\n"
    "  --json                          JSON on stdout instead of text\n"
    "  --timeout-ms MS                 how long the admin call may take (default 60000)\n";

static const struct option longs[] = {
    {"describe", no_argument, NULL, OPT_DESCRIBE},
    {"alter", no_argument, NULL, OPT_ALTER},
    {"entity-type", required_argument, NULL, OPT_ENTITY_TYPE},
    {"entity-name", required_argument, NULL, OPT_ENTITY_NAME},
    {"entity-default", no_argument, NULL, OPT_DEFAULT},
    {"topic", required_argument, NULL, OPT_TOPIC},
    {"broker", required_argument, NULL, OPT_BROKER},
    {"group", required_argument, NULL, OPT_GROUP},
    {"add-config", required_argument, NULL, OPT_ADD},
    {"delete-config", required_argument, NULL, OPT_DELETE},
    {"all", no_argument, NULL, OPT_ALL},
    {"json", no_argument, NULL, OPT_JSON},
    {"timeout-ms", required_argument, NULL, OPT_TIMEOUT},
    {NULL, 0, NULL, 0},
};

typedef struct configs {
    int describe, alter, all, json, entity_default;
    int type; /* moldau_admin_resource_type_t, 0: not given */
    const char *name;
    moldau_admin_config_op_t ops[MAX_OPS];
    size_t n_ops;
    char *owned[MAX_OPS]; /* the ops' strings */
    size_t n_owned;
    const char *adds[MAX_OPS], *dels[MAX_OPS]; /* as given: split once the entity is known */
    size_t n_adds, n_dels;
    int timeout_ms;
} configs_t;

static int set_entity(cli_t *cli, configs_t *c, int type, const char *name)
{
    if ((c->type && type && c->type != type) || (c->name && name && strcmp(c->name, name)))
        return cli_usage_error(cli, "one entity at a time"), -1;
    if (type)
        c->type = type;
    if (name)
        c->name = name;
    return 0;
}

/* Splits "a=1,b=2" (add) or "a,b" (delete) into ops. */
static int add_ops(cli_t *cli, configs_t *c, const char *arg, int del)
{
    char *copy = strdup(arg);
    if (!copy || c->n_owned == MAX_OPS)
        return cli_usage_error(cli, "too many configs"), -1;
    c->owned[c->n_owned++] = copy;
    for (char *save = NULL, *item = strtok_r(copy, ",", &save); item;
         item = strtok_r(NULL, ",", &save)) {
        if (c->n_ops == MAX_OPS)
            return cli_usage_error(cli, "at most %d configs at once", MAX_OPS), -1;
        moldau_admin_config_op_t *op = &c->ops[c->n_ops++];
        char *eq = strchr(item, '=');
        if (del) {
            *op = (moldau_admin_config_op_t){item, MOLDAU_ADMIN_CONFIG_OP_DELETE, NULL};
            continue;
        }
        if (!eq || eq == item)
            return cli_usage_error(cli, "--add-config '%s': expected NAME=VALUE", item), -1;
        *eq = '\0';
        *op = (moldau_admin_config_op_t){item, MOLDAU_ADMIN_CONFIG_OP_SET, eq + 1};
    }
    return 0;
}

static int on_opt(cli_t *cli, int opt, const char *arg, void *ctx)
{
    configs_t *c = ctx;
    long long v;
    switch (opt) {
    case OPT_DESCRIBE:
        c->describe = 1;
        return 0;
    case OPT_ALTER:
        c->alter = 1;
        return 0;
    case OPT_ENTITY_TYPE:
        if (!strcmp(arg, "topics"))
            return set_entity(cli, c, MOLDAU_ADMIN_RESOURCE_TOPIC, NULL);
        if (!strcmp(arg, "brokers"))
            return set_entity(cli, c, MOLDAU_ADMIN_RESOURCE_BROKER, NULL);
        if (!strcmp(arg, "groups"))
            return set_entity(cli, c, MOLDAU_ADMIN_RESOURCE_GROUP, NULL);
        if (!strcmp(arg, "users"))
            return set_entity(cli, c, ENTITY_USERS, NULL);
        return cli_usage_error(cli, "--entity-type '%s': topics, brokers, groups or users", arg),
               -1;
    case OPT_ENTITY_NAME:
        return set_entity(cli, c, 0, arg);
    case OPT_DEFAULT:
        c->entity_default = 1;
        return set_entity(cli, c, 0, "");
    case OPT_TOPIC:
        return set_entity(cli, c, MOLDAU_ADMIN_RESOURCE_TOPIC, arg);
    case OPT_BROKER:
        if (cli_parse_ll(arg, 0, INT32_MAX, &v))
            return cli_usage_error(cli, "--broker '%s': not a broker id", arg), -1;
        return set_entity(cli, c, MOLDAU_ADMIN_RESOURCE_BROKER, arg);
    case OPT_GROUP:
        return set_entity(cli, c, MOLDAU_ADMIN_RESOURCE_GROUP, arg);
    case OPT_ADD:
    case OPT_DELETE: {
        size_t *n = opt == OPT_ADD ? &c->n_adds : &c->n_dels;
        if (*n == MAX_OPS)
            return cli_usage_error(cli, "at most %d configs at once", MAX_OPS), -1;
        (opt == OPT_ADD ? c->adds : c->dels)[(*n)++] = arg;
        return 0;
    }
    case OPT_ALL:
        c->all = 1;
        return 0;
    case OPT_JSON:
        c->json = 1;
        return 0;
    case OPT_TIMEOUT:
        return cli_timeout_ms(cli, arg, &c->timeout_ms);
    }
    return -1;
}

static const char *source_name(moldau_admin_config_source_t s)
{
    switch (s) {
    case MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_TOPIC:
        return "DYNAMIC_TOPIC_CONFIG";
    case MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_BROKER:
        return "DYNAMIC_BROKER_CONFIG";
    case MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER:
        return "DYNAMIC_DEFAULT_BROKER_CONFIG";
    case MOLDAU_ADMIN_CONFIG_SOURCE_STATIC_BROKER:
        return "STATIC_BROKER_CONFIG";
    case MOLDAU_ADMIN_CONFIG_SOURCE_DEFAULT:
        return "DEFAULT_CONFIG";
    case MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_BROKER_LOGGER:
        return "DYNAMIC_BROKER_LOGGER_CONFIG";
    case MOLDAU_ADMIN_CONFIG_SOURCE_CLIENT_METRICS:
        return "CLIENT_METRICS_CONFIG";
    case MOLDAU_ADMIN_CONFIG_SOURCE_GROUP:
        return "GROUP_CONFIG";
    default:
        return "UNKNOWN";
    }
}

static const char *type_name(int type)
{
    return type == MOLDAU_ADMIN_RESOURCE_TOPIC    ? "topic"
           : type == MOLDAU_ADMIN_RESOURCE_BROKER ? "broker"
                                                  : "group";
}

/* Set on the resource itself (kafka-configs --describe without --all): not a default, not
 * the broker's static file. */
static int shown(const configs_t *c, const moldau_admin_config_entry_t *e)
{
    return c->all || (!e->is_default && e->source != MOLDAU_ADMIN_CONFIG_SOURCE_STATIC_BROKER &&
                      e->source != MOLDAU_ADMIN_CONFIG_SOURCE_DYNAMIC_DEFAULT_BROKER);
}

static int do_describe(const cli_t *cli, moldau_admin_t *a, const configs_t *c)
{
    moldau_admin_config_resource_t res = MOLDAU_ADMIN_CONFIG_RESOURCE_INIT;
    res.type = c->type;
    res.name = c->name;
    moldau_admin_config_resource_results_t *r;
    moldau_err_t err = moldau_admin_describe_configs(a, &res, 1, 0, c->timeout_ms, &r);
    if (err) {
        cli_error(cli, "describing the configs of %s %s: %s", type_name(c->type), c->name,
                  moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    const moldau_admin_config_resource_result_t *it = r->items[0];
    int rc = CLI_EXIT_OK;
    if (it->err) {
        cli_error(cli, "%s %s: %s", type_name(c->type), c->name,
                  it->errmsg ? it->errmsg : moldau_err_str(it->err));
        rc = CLI_EXIT_FAILED;
    } else if (c->json) {
        printf("[");
        int first = 1;
        for (size_t i = 0; i < it->n_entries; i++) {
            const moldau_admin_config_entry_t *e = it->entries[i];
            if (!shown(c, e))
                continue;
            printf("%s{\"name\":", first ? "" : ",");
            first = 0;
            fmt_json_cstr(stdout, e->name);
            printf(",\"value\":");
            fmt_json_cstr(stdout, e->value);
            printf(",\"source\":\"%s\",\"read_only\":%s,\"sensitive\":%s,\"default\":%s}",
                   source_name(e->source), e->is_read_only ? "true" : "false",
                   e->is_sensitive ? "true" : "false", e->is_default ? "true" : "false");
        }
        printf("]\n");
    } else {
        printf("%s configs for %s %s are:\n", c->all ? "All" : "Dynamic", type_name(c->type),
               c->name[0] ? c->name : "(every broker)");
        for (size_t i = 0; i < it->n_entries; i++) {
            const moldau_admin_config_entry_t *e = it->entries[i];
            if (shown(c, e))
                printf("  %s=%s sensitive=%s source=%s\n", e->name,
                       e->is_sensitive ? "(sensitive)" : e->value ? e->value : "null",
                       e->is_sensitive ? "true" : "false", source_name(e->source));
        }
    }
    moldau_admin_result_free(r);
    return rc;
}

static int do_alter(const cli_t *cli, moldau_admin_t *a, const configs_t *c)
{
    moldau_admin_alter_config_t res = MOLDAU_ADMIN_ALTER_CONFIG_INIT;
    res.type = c->type;
    res.name = c->name;
    res.ops = c->ops;
    res.n_ops = c->n_ops;
    moldau_admin_config_resource_results_t *r;
    moldau_err_t err = moldau_admin_incremental_alter_configs(a, &res, 1, 0, c->timeout_ms, &r);
    if (err) {
        cli_error(cli, "altering the configs of %s %s: %s", type_name(c->type), c->name,
                  moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    const moldau_admin_config_resource_result_t *it = r->items[0];
    int rc = CLI_EXIT_OK;
    if (it->err) {
        cli_error(cli, "%s %s: %s", type_name(c->type), c->name,
                  it->errmsg ? it->errmsg : moldau_err_str(it->err));
        rc = CLI_EXIT_FAILED;
    } else if (!c->json) {
        printf("Completed updating config for %s %s.\n", type_name(c->type),
               c->name[0] ? c->name : "(every broker)");
    }
    moldau_admin_result_free(r);
    return rc;
}

int cmd_configs(int argc, char **argv)
{
    configs_t c = {.timeout_ms = -1};
    cli_t cli = {.cmd = "configs", .usage = usage};
    int rc = cli_parse(&cli, argc, argv, "", longs, on_opt, &c);
    moldau_admin_t *a = NULL;
    if (rc) {
        rc = rc == 1 ? CLI_EXIT_OK : rc;
        goto done;
    }
    rc = CLI_EXIT_USAGE;
    if (optind < argc) {
        cli_usage_error(&cli, "unexpected argument '%s'", argv[optind]);
        goto done;
    }
    if (c.describe == c.alter) {
        cli_usage_error(&cli, "one of --describe or --alter is needed");
        goto done;
    }
    if (c.type == ENTITY_USERS && !c.name && c.describe)
        c.name = ""; /* every user */
    if (!c.type || !c.name) {
        cli_usage_error(&cli, "an entity is needed (--topic T, --broker ID, --group G, or "
                              "--entity-type with --entity-name)");
        goto done;
    }
    if (c.type != ENTITY_USERS) {
        int bad = 0;
        for (size_t i = 0; i < c.n_adds && !bad; i++)
            bad = add_ops(&cli, &c, c.adds[i], 0);
        for (size_t i = 0; i < c.n_dels && !bad; i++)
            bad = add_ops(&cli, &c, c.dels[i], 1);
        if (bad)
            goto done;
    }
    if (c.entity_default && c.type != MOLDAU_ADMIN_RESOURCE_BROKER) {
        cli_usage_error(&cli, "--entity-default goes with brokers");
        goto done;
    }
    if (c.alter && !c.n_ops && !c.n_adds && !c.n_dels) {
        cli_usage_error(&cli, "--alter needs --add-config or --delete-config");
        goto done;
    }
    if (c.describe && (c.n_adds || c.n_dels)) {
        cli_usage_error(&cli, "--add-config and --delete-config go with --alter");
        goto done;
    }
    if (!(a = cli_admin(&cli)))
        goto done;
    if (c.type == ENTITY_USERS) {
        /* kafka-configs.sh's SCRAM forms, split there (brackets hold commas) */
        char *adds[MAX_OPS], *dels[MAX_OPS];
        if (c.n_adds + c.n_dels > MAX_OPS) {
            rc = cli_usage_error(&cli, "at most %d configs at once", MAX_OPS);
            goto done;
        }
        for (size_t i = 0; i < c.n_adds; i++)
            if (!(adds[i] = c.owned[c.n_owned++] = strdup(c.adds[i])))
                goto done;
        for (size_t i = 0; i < c.n_dels; i++)
            if (!(dels[i] = c.owned[c.n_owned++] = strdup(c.dels[i])))
                goto done;
        rc = configs_users(&cli, a, c.describe, c.name, adds, c.n_adds, dels, c.n_dels, c.json);
    } else {
        rc = c.describe ? do_describe(&cli, a, &c) : do_alter(&cli, a, &c);
    }
done:
    moldau_admin_close(a);
    for (size_t i = 0; i < c.n_owned; i++)
        free(c.owned[i]);
    return rc;
}
