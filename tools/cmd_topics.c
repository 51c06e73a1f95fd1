/* moldau topics: list, create, describe, alter (add partitions) and delete topics, with
 * kafka-topics.sh's flags (--list, --create --topic T --partitions N --replication-factor R
 * --config K=V, --describe, --alter --partitions N, --delete) or an action word first
 * (`moldau topics create -t T -P 6`). Tables a person reads, or --json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "format.h"

#define OPT_LIST 2000
#define OPT_CREATE 2001
#define OPT_DESCRIBE 2002
#define OPT_ALTER 2003
#define OPT_DELETE 2004
#define OPT_RF 2005
#define OPT_CONFIG 2006
#define OPT_IF_NOT_EXISTS 2007
#define OPT_IF_EXISTS 2008
#define OPT_EXCLUDE_INTERNAL 2009
#define OPT_JSON 2010
#define OPT_TIMEOUT 2011
#define MAX_ITEMS 256

static const char usage[] =
    "usage: moldau topics ACTION [options]\n"
    "ACTION is one of list, create, describe, alter, delete, or kafka-topics' --list,\n"
    "--create, --describe, --alter, --delete.\n"
    "  -t, --topic TOPIC               the topic (repeatable; describe: default all)\n"
    "  -P, --partitions N              create: partition count; alter: the new total\n"
    "  -r, --replication-factor R      create: replication factor (default: the broker's)\n"
    "  --config NAME=VALUE             create: a topic config (repeatable)\n"
    "  --if-not-exists                 create: an existing topic is not an error\n"
    "  --if-exists                     alter, delete, describe: a missing topic is not an error\n"
    "  --exclude-internal              list, describe: leave out __consumer_offsets & co.\n"
    "  --json                          one JSON document on stdout instead of a table\n"
    "  --timeout-ms MS                 how long each admin call may take (default 60000)\n";

static const struct option longs[] = {
    {"list", no_argument, NULL, OPT_LIST},
    {"create", no_argument, NULL, OPT_CREATE},
    {"describe", no_argument, NULL, OPT_DESCRIBE},
    {"alter", no_argument, NULL, OPT_ALTER},
    {"delete", no_argument, NULL, OPT_DELETE},
    {"topic", required_argument, NULL, 't'},
    {"partitions", required_argument, NULL, 'P'},
    {"replication-factor", required_argument, NULL, 'r'},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"if-not-exists", no_argument, NULL, OPT_IF_NOT_EXISTS},
    {"if-exists", no_argument, NULL, OPT_IF_EXISTS},
    {"exclude-internal", no_argument, NULL, OPT_EXCLUDE_INTERNAL},
    {"json", no_argument, NULL, OPT_JSON},
    {"timeout-ms", required_argument, NULL, OPT_TIMEOUT},
    {NULL, 0, NULL, 0},
};

typedef enum { A_NONE, A_LIST, A_CREATE, A_DESCRIBE, A_ALTER, A_DELETE } action_t;

typedef struct topics {
    action_t action;
    const char *names[MAX_ITEMS];
    size_t n_names;
    moldau_admin_config_t configs[MAX_ITEMS];
    size_t n_configs;
    int32_t partitions;
    int16_t rf;
    int if_not_exists, if_exists, exclude_internal, json;
    int timeout_ms;
} topics_t;

static int set_action(cli_t *cli, topics_t *t, action_t a)
{
    if (t->action && t->action != a)
        return cli_usage_error(cli, "one action at a time"), -1;
    t->action = a;
    return 0;
}

static int on_opt(cli_t *cli, int opt, const char *arg, void *ctx)
{
    topics_t *t = ctx;
    long long v;
    switch (opt) {
    case OPT_LIST:
        return set_action(cli, t, A_LIST);
    case OPT_CREATE:
        return set_action(cli, t, A_CREATE);
    case OPT_DESCRIBE:
        return set_action(cli, t, A_DESCRIBE);
    case OPT_ALTER:
        return set_action(cli, t, A_ALTER);
    case OPT_DELETE:
        return set_action(cli, t, A_DELETE);
    case 't':
        if (!*arg)
            return cli_usage_error(cli, "--topic: a topic name may not be empty"), -1;
        if (t->n_names == MAX_ITEMS)
            return cli_usage_error(cli, "at most %d topics at once", MAX_ITEMS), -1;
        t->names[t->n_names++] = arg;
        return 0;
    case 'P':
        if (cli_parse_ll(arg, 1, INT32_MAX, &v))
            return cli_usage_error(cli, "--partitions '%s': not a count of 1 or more", arg), -1;
        t->partitions = (int32_t)v;
        return 0;
    case 'r':
        if (cli_parse_ll(arg, 1, INT16_MAX, &v))
            return cli_usage_error(cli, "--replication-factor '%s': not 1 or more", arg), -1;
        t->rf = (int16_t)v;
        return 0;
    case OPT_CONFIG: {
        const char *eq = strchr(arg, '=');
        if (!eq || eq == arg)
            return cli_usage_error(cli, "--config '%s': expected NAME=VALUE", arg), -1;
        if (t->n_configs == MAX_ITEMS)
            return cli_usage_error(cli, "at most %d configs", MAX_ITEMS), -1;
        char *name = strndup(arg, (size_t)(eq - arg));
        if (!name)
            return cli_usage_error(cli, "out of memory"), -1;
        t->configs[t->n_configs++] = (moldau_admin_config_t){name, eq + 1};
        return 0;
    }
    case OPT_IF_NOT_EXISTS:
        t->if_not_exists = 1;
        return 0;
    case OPT_IF_EXISTS:
        t->if_exists = 1;
        return 0;
    case OPT_EXCLUDE_INTERNAL:
        t->exclude_internal = 1;
        return 0;
    case OPT_JSON:
        t->json = 1;
        return 0;
    case OPT_TIMEOUT:
        return cli_timeout_ms(cli, arg, &t->timeout_ms);
    }
    return -1;
}

/* Kafka's spelling of a topic id: URL-safe base64 without padding. */
static void topic_id_str(const uint8_t id[16], char out[24])
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t o = 0;
    for (int i = 0; i < 16; i += 3) {
        uint32_t v = (uint32_t)id[i] << 16 | (i + 1 < 16 ? (uint32_t)id[i + 1] << 8 : 0) |
                     (i + 2 < 16 ? id[i + 2] : 0);
        int chars = i + 2 < 16 ? 4 : i + 1 < 16 ? 3 : 2;
        for (int k = 0; k < chars; k++)
            out[o++] = b64[(v >> (18 - 6 * k)) & 63];
    }
    out[o] = '\0';
}

static void print_ids(const int32_t *v, int n)
{
    for (int i = 0; i < n; i++)
        printf("%s%d", i ? "," : "", (int)v[i]);
}

/* Says each item that failed on stderr (but for the error `tolerated`), then how many. */
static size_t report_items(const cli_t *cli, const char *what, const char *const *names,
                           const moldau_err_t *errs, const char *const *msgs, size_t n,
                           moldau_err_t tolerated)
{
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (!errs[i] || errs[i] == tolerated)
            continue;
        failed++;
        cli_error(cli, "%s %s: %s", what, names[i], msgs[i] ? msgs[i] : moldau_err_str(errs[i]));
    }
    if (failed)
        cli_error(cli, "%zu of %zu topic(s) failed", failed, n);
    return failed;
}

static int do_list(const cli_t *cli, moldau_admin_t *a, const topics_t *t)
{
    moldau_admin_topic_listings_t *r;
    moldau_err_t err = moldau_admin_list_topics(a, !t->exclude_internal, t->timeout_ms, &r);
    if (err) {
        cli_error(cli, "listing the topics of %s: %s", cli->bootstrap, moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    if (t->json)
        printf("[");
    for (size_t i = 0; i < r->n_items; i++) {
        if (t->json) {
            char id[24];
            topic_id_str(r->items[i]->topic_id, id);
            printf("%s{\"name\":", i ? "," : "");
            fmt_json_cstr(stdout, r->items[i]->name);
            printf(",\"topic_id\":\"%s\",\"internal\":%s}", id,
                   r->items[i]->is_internal ? "true" : "false");
        } else {
            printf("%s\n", r->items[i]->name);
        }
    }
    if (t->json)
        printf("]\n");
    moldau_admin_result_free(r);
    return CLI_EXIT_OK;
}

static int do_create(const cli_t *cli, moldau_admin_t *a, const topics_t *t)
{
    moldau_admin_new_topic_t nt[MAX_ITEMS];
    for (size_t i = 0; i < t->n_names; i++) {
        nt[i] = (moldau_admin_new_topic_t)MOLDAU_ADMIN_NEW_TOPIC_INIT;
        nt[i].name = t->names[i];
        nt[i].num_partitions = t->partitions ? t->partitions : -1;
        nt[i].replication_factor = t->rf ? t->rf : -1;
        nt[i].configs = t->configs;
        nt[i].n_configs = t->n_configs;
    }
    moldau_admin_create_topics_result_t *r;
    moldau_err_t err = moldau_admin_create_topics(a, nt, t->n_names, 0, t->timeout_ms, &r);
    if (err) {
        cli_error(cli, "creating topics on %s: %s", cli->bootstrap, moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    moldau_err_t errs[MAX_ITEMS];
    const char *msgs[MAX_ITEMS];
    for (size_t i = 0; i < r->n_items; i++) {
        errs[i] = r->items[i]->err;
        msgs[i] = r->items[i]->errmsg;
        if (!errs[i] && !t->json)
            printf("Created topic %s.\n", r->items[i]->name);
    }
    if (t->json) {
        printf("[");
        for (size_t i = 0; i < r->n_items; i++) {
            printf("%s{\"name\":", i ? "," : "");
            fmt_json_cstr(stdout, r->items[i]->name);
            printf(",\"error\":");
            if (errs[i])
                fmt_json_cstr(stdout, moldau_err_name(errs[i]));
            else
                printf("null");
            printf(",\"partitions\":%d,\"replication_factor\":%d}",
                   (int)r->items[i]->num_partitions, (int)r->items[i]->replication_factor);
        }
        printf("]\n");
    }
    size_t failed = report_items(cli, "creating", t->names, errs, msgs, r->n_items,
                                 t->if_not_exists ? MOLDAU_ERR_TOPIC_ALREADY_EXISTS
                                                  : MOLDAU_ERR_NONE);
    moldau_admin_result_free(r);
    return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

static void print_description(const moldau_admin_topic_description_t *d, int json, int first)
{
    char id[24];
    topic_id_str(d->topic_id, id);
    int rf = d->n_partitions ? d->partitions[0]->n_replicas : 0;
    if (json) {
        printf("%s{\"name\":", first ? "" : ",");
        fmt_json_cstr(stdout, d->name);
        printf(",\"topic_id\":\"%s\",\"internal\":%s,\"partitions\":[", id,
               d->is_internal ? "true" : "false");
        for (size_t p = 0; p < d->n_partitions; p++) {
            const moldau_metadata_partition_t *m = d->partitions[p];
            printf("%s{\"partition\":%d,\"leader\":%d,\"leader_epoch\":%d,\"replicas\":[",
                   p ? "," : "", (int)m->id, (int)m->leader, (int)m->leader_epoch);
            print_ids(m->replicas, m->n_replicas);
            printf("],\"isr\":[");
            print_ids(m->isr, m->n_isr);
            printf("],\"offline\":[");
            print_ids(m->offline_replicas, m->n_offline_replicas);
            printf("]}");
        }
        printf("]}");
        return;
    }
    /* kafka-topics --describe's layout */
    printf("Topic: %s\tTopicId: %s\tPartitionCount: %zu\tReplicationFactor: %d\n", d->name, id,
           d->n_partitions, rf);
    for (size_t p = 0; p < d->n_partitions; p++) {
        const moldau_metadata_partition_t *m = d->partitions[p];
        printf("\tTopic: %s\tPartition: %d\tLeader: ", d->name, (int)m->id);
        if (m->leader >= 0)
            printf("%d", (int)m->leader);
        else
            printf("none");
        printf("\tReplicas: ");
        print_ids(m->replicas, m->n_replicas);
        printf("\tIsr: ");
        print_ids(m->isr, m->n_isr);
        if (m->n_offline_replicas) {
            printf("\tOffline: ");
            print_ids(m->offline_replicas, m->n_offline_replicas);
        }
        printf("\n");
    }
}

static int do_describe(const cli_t *cli, moldau_admin_t *a, const topics_t *t)
{
    const char *const *names = t->names;
    size_t n = t->n_names;
    moldau_admin_topic_listings_t *all = NULL;
    const char *listed[4096];
    if (!n) { /* every topic */
        moldau_err_t err = moldau_admin_list_topics(a, !t->exclude_internal, t->timeout_ms, &all);
        if (err) {
            cli_error(cli, "listing the topics of %s: %s", cli->bootstrap, moldau_err_str(err));
            return CLI_EXIT_FAILED;
        }
        for (size_t i = 0; i < all->n_items && n < sizeof(listed) / sizeof(listed[0]); i++)
            listed[n++] = all->items[i]->name;
        names = listed;
        if (!n) {
            if (t->json)
                printf("[]\n");
            moldau_admin_result_free(all);
            return CLI_EXIT_OK;
        }
    }
    moldau_admin_topic_descriptions_t *r;
    moldau_err_t err = moldau_admin_describe_topics(a, names, n, t->timeout_ms, &r);
    if (err) {
        cli_error(cli, "describing topics on %s: %s", cli->bootstrap, moldau_err_str(err));
        moldau_admin_result_free(all);
        return CLI_EXIT_FAILED;
    }
    size_t failed = 0, shown = 0;
    if (t->json)
        printf("[");
    for (size_t i = 0; i < r->n_items; i++) {
        const moldau_admin_topic_description_t *d = r->items[i];
        if (d->err) {
            if (!(t->if_exists && d->err == MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION)) {
                failed++;
                cli_error(cli, "topic %s: %s", d->name, d->errmsg ? d->errmsg
                                                                  : moldau_err_str(d->err));
            }
            continue;
        }
        print_description(d, t->json, shown++ == 0);
    }
    if (t->json)
        printf("]\n");
    if (failed)
        cli_error(cli, "%zu of %zu topic(s) failed", failed, r->n_items);
    moldau_admin_result_free(r);
    moldau_admin_result_free(all);
    return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

/* The outcome of a call on topics by name (moldau_admin_topic_results_t): done_fmt (one %s,
 * the topic) for each that succeeded, each failure on stderr (a missing topic is none with --if-exists);
 * frees r; the exit code. */
static int topic_outcomes(const cli_t *cli, const topics_t *t, const char *what,
                          moldau_admin_topic_results_t *r, const char *done_fmt)
{
    moldau_err_t errs[MAX_ITEMS];
    const char *msgs[MAX_ITEMS];
    for (size_t i = 0; i < r->n_items; i++) {
        errs[i] = r->items[i]->err;
        msgs[i] = r->items[i]->errmsg;
        if (!errs[i] && !t->json)
            printf(done_fmt, r->items[i]->name);
    }
    size_t failed = report_items(cli, what, t->names, errs, msgs, r->n_items,
                                 t->if_exists ? MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION
                                              : MOLDAU_ERR_NONE);
    moldau_admin_result_free(r);
    return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

static int do_alter(const cli_t *cli, moldau_admin_t *a, const topics_t *t)
{
    moldau_admin_new_partitions_t np[MAX_ITEMS];
    for (size_t i = 0; i < t->n_names; i++) {
        np[i] = (moldau_admin_new_partitions_t)MOLDAU_ADMIN_NEW_PARTITIONS_INIT;
        np[i].topic = t->names[i];
        np[i].total_count = t->partitions;
    }
    moldau_admin_topic_results_t *r;
    moldau_err_t err = moldau_admin_create_partitions(a, np, t->n_names, 0, t->timeout_ms, &r);
    if (err) {
        cli_error(cli, "adding partitions on %s: %s", cli->bootstrap, moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    char done[64];
    snprintf(done, sizeof(done), "Topic %%s now has %d partitions.\n", (int)t->partitions);
    return topic_outcomes(cli, t, "altering", r, done);
}

static int do_delete(const cli_t *cli, moldau_admin_t *a, const topics_t *t)
{
    moldau_admin_topic_results_t *r;
    moldau_err_t err = moldau_admin_delete_topics(a, t->names, t->n_names, t->timeout_ms, &r);
    if (err) {
        cli_error(cli, "deleting topics on %s: %s", cli->bootstrap, moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    return topic_outcomes(cli, t, "deleting", r, "Deleted topic %s.\n");
}

static const struct {
    const char *word;
    action_t action;
} words[] = {{"list", A_LIST},     {"create", A_CREATE}, {"describe", A_DESCRIBE},
             {"alter", A_ALTER},   {"delete", A_DELETE}};

int cmd_topics(int argc, char **argv)
{
    topics_t t = {.timeout_ms = -1};
    cli_t cli = {.cmd = "topics", .usage = usage};
    int rc = cli_parse(&cli, argc, argv, "t:P:r:", longs, on_opt, &t);
    moldau_admin_t *a = NULL;
    if (rc) {
        rc = rc == 1 ? CLI_EXIT_OK : rc;
        goto done;
    }
    rc = CLI_EXIT_USAGE;
    for (int i = optind; i < argc; i++) { /* `moldau topics create ...`: an action word */
        action_t w = A_NONE;
        for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
            if (!strcmp(argv[i], words[k].word))
                w = words[k].action;
        if (!w) {
            cli_usage_error(&cli, "unexpected argument '%s'", argv[i]);
            goto done;
        }
        if (set_action(&cli, &t, w))
            goto done;
    }
    if (!t.action) {
        cli_usage_error(&cli, "an action is needed: list, create, describe, alter or delete");
        goto done;
    }
    if ((t.action == A_CREATE || t.action == A_ALTER || t.action == A_DELETE) && !t.n_names) {
        cli_usage_error(&cli, "a topic is required (--topic TOPIC)");
        goto done;
    }
    if (t.action == A_ALTER && !t.partitions) {
        cli_usage_error(&cli, "alter needs the new partition count (--partitions N)");
        goto done;
    }
    if ((t.n_configs || t.rf) && t.action != A_CREATE) {
        cli_usage_error(&cli, "--config and --replication-factor go with create");
        goto done;
    }
    if (!(a = cli_admin(&cli)))
        goto done;
    switch (t.action) {
    case A_LIST:
        rc = do_list(&cli, a, &t);
        break;
    case A_CREATE:
        rc = do_create(&cli, a, &t);
        break;
    case A_DESCRIBE:
        rc = do_describe(&cli, a, &t);
        break;
    case A_ALTER:
        rc = do_alter(&cli, a, &t);
        break;
    case A_DELETE:
        rc = do_delete(&cli, a, &t);
        break;
    case A_NONE:
        break;
    }
done:
    moldau_admin_close(a);
    for (size_t i = 0; i < t.n_configs; i++)
        free((void *)t.configs[i].name);
    return rc;
}
