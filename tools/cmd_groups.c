/* moldau groups: consumer groups with kafka-consumer-groups.sh's flags: --list [--state S],
 * --describe --group G [--members | --state] (default: each partition's committed offset, log
 * end, lag and owner), --delete --group G, --reset-offsets --group G (--topic T[:P,...] |
 * --all-topics) --to-earliest | --to-latest | --to-datetime T | --to-offset N | --shift-by N
 * [--execute] (a plan only without it, as Kafka's tool), --delete-offsets --group G --topic T.
 * Tables a person reads, or --json. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "format.h"

#define OPT_LIST 2000
#define OPT_DESCRIBE 2001
#define OPT_DELETE 2002
#define OPT_RESET 2003
#define OPT_DELETE_OFFSETS 2004
#define OPT_MEMBERS 2005
#define OPT_STATE 2006
#define OPT_ALL_TOPICS 2007
#define OPT_EARLIEST 2008
#define OPT_LATEST 2009
#define OPT_DATETIME 2010
#define OPT_TO_OFFSET 2011
#define OPT_SHIFT 2012
#define OPT_EXECUTE 2013
#define OPT_DRY_RUN 2014
#define OPT_JSON 2015
#define OPT_TIMEOUT 2016
#define MAX_ITEMS 256

static const char usage[] =
    "usage: moldau groups ACTION [options]\n"
    "ACTION: --list, --describe, --delete, --reset-offsets, --delete-offsets\n"
    "  -g, --group GROUP               the group (repeatable for --describe, --delete)\n"
    "  --list [--state STATE]          the groups (with a state: those in it, and their\n"
    "                                  states); repeat --state for several\n"
    "  --describe [--members|--state]  default: per partition the committed offset, log end,\n"
    "                                  lag and owner; --members: the members; --state: the\n"
    "                                  group's coordinator, assignor, state and size\n"
    "  --reset-offsets                 with --topic T[:P[,P...]] (repeatable) or --all-topics,\n"
    "                                  and one of --to-earliest, --to-latest, --to-offset N,\n"
    "                                  --shift-by N, --to-datetime YYYY-MM-DDTHH:MM:SS[.sss]\n"
    "                                  (UTC) or milliseconds; prints the plan, and commits it\n"
    "                                  with --execute (the group must have no members)\n"
    "  --delete-offsets                with --topic T (repeatable): forget the group's offsets\n"
    "  -t, --topic T[:P,...]           a topic, or some of its partitions\n"
    "  --json                          JSON on stdout instead of a table\n"
    "  --timeout-ms MS                 how long each admin call may take (default 60000)\n";

static const struct option longs[] = {
    {"list", no_argument, NULL, OPT_LIST},
    {"describe", no_argument, NULL, OPT_DESCRIBE},
    {"delete", no_argument, NULL, OPT_DELETE},
    {"reset-offsets", no_argument, NULL, OPT_RESET},
    {"delete-offsets", no_argument, NULL, OPT_DELETE_OFFSETS},
    {"group", required_argument, NULL, 'g'},
    {"topic", required_argument, NULL, 't'},
    {"members", no_argument, NULL, OPT_MEMBERS},
    {"state", optional_argument, NULL, OPT_STATE},
    {"all-topics", no_argument, NULL, OPT_ALL_TOPICS},
    {"to-earliest", no_argument, NULL, OPT_EARLIEST},
    {"to-latest", no_argument, NULL, OPT_LATEST},
    {"to-datetime", required_argument, NULL, OPT_DATETIME},
    {"to-offset", required_argument, NULL, OPT_TO_OFFSET},
    {"shift-by", required_argument, NULL, OPT_SHIFT},
    {"execute", no_argument, NULL, OPT_EXECUTE},
    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
    {"json", no_argument, NULL, OPT_JSON},
    {"timeout-ms", required_argument, NULL, OPT_TIMEOUT},
    {NULL, 0, NULL, 0},
};

typedef struct groups {
    int action;
    const char *groups[MAX_ITEMS];
    size_t n_groups;
    const char *topics[MAX_ITEMS]; /* whole topics */
    size_t n_topics;
    moldau_admin_topic_partition_t parts[MAX_ITEMS]; /* topic:P,... */
    size_t n_parts;
    char *owned[MAX_ITEMS];
    size_t n_owned;
    const char *states[MAX_ITEMS];
    size_t n_states;
    int members, state, all_topics, execute, json, timeout_ms;
    moldau_admin_reset_to_t to;
    long long to_value; /* offset, shift or timestamp */
} groups_t;

static int set_action(cli_t *cli, groups_t *g, int a)
{
    if (g->action && g->action != a)
        return cli_usage_error(cli, "one action at a time"), -1;
    g->action = a;
    return 0;
}

static int set_to(cli_t *cli, groups_t *g, moldau_admin_reset_to_t to)
{
    if (g->to && g->to != to)
        return cli_usage_error(cli, "one of --to-earliest, --to-latest, --to-datetime, "
                                    "--to-offset and --shift-by"), -1;
    g->to = to;
    return 0;
}

/* "2026-12-03T07:00:00[.123]" (UTC, Kafka's tool's form) or milliseconds; -1 when neither. */
static long long parse_time(const char *s)
{
    long long ms;
    if (!cli_parse_ll(s, 0, INT64_MAX, &ms))
        return ms;
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    const char *rest = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!rest)
        return -1;
    long long frac = 0;
    if (*rest == '.') {
        int digits = 0;
        for (rest++; *rest >= '0' && *rest <= '9' && digits < 3; rest++, digits++)
            frac = frac * 10 + (*rest - '0');
        for (; digits < 3; digits++)
            frac *= 10;
    }
    if (*rest && strcmp(rest, "Z"))
        return -1;
    return (long long)timegm(&tm) * 1000 + frac;
}

/* T, or T:P[,P...] */
static int add_topic(cli_t *cli, groups_t *g, const char *arg)
{
    const char *colon = strchr(arg, ':');
    if (!colon) {
        if (g->n_topics == MAX_ITEMS)
            return cli_usage_error(cli, "too many topics"), -1;
        g->topics[g->n_topics++] = arg;
        return 0;
    }
    char *name = strndup(arg, (size_t)(colon - arg));
    if (!name || !*name || g->n_owned == MAX_ITEMS) {
        free(name);
        cli_usage_error(cli, "--topic '%s': expected T or T:P,P", arg);
        return -1;
    }
    g->owned[g->n_owned++] = name;
    char *list = strdup(colon + 1);
    if (!list)
        return -1;
    int rc = 0;
    for (char *save = NULL, *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        long long v;
        if (cli_parse_ll(p, 0, INT32_MAX, &v) || g->n_parts == MAX_ITEMS) {
            cli_usage_error(cli, "--topic '%s': '%s' is not a partition", arg, p);
            rc = -1;
            break;
        }
        g->parts[g->n_parts++] = (moldau_admin_topic_partition_t){name, (int32_t)v};
    }
    free(list);
    return rc;
}

static int on_opt(cli_t *cli, int opt, const char *arg, void *ctx)
{
    groups_t *g = ctx;
    switch (opt) {
    case OPT_LIST:
    case OPT_DESCRIBE:
    case OPT_DELETE:
    case OPT_RESET:
    case OPT_DELETE_OFFSETS:
        return set_action(cli, g, opt);
    case 'g':
        if (!*arg || g->n_groups == MAX_ITEMS)
            return cli_usage_error(cli, "--group: a group id, at most %d", MAX_ITEMS), -1;
        g->groups[g->n_groups++] = arg;
        return 0;
    case 't':
        return add_topic(cli, g, arg);
    case OPT_MEMBERS:
        g->members = 1;
        return 0;
    case OPT_STATE:
        g->state = 1;
        if (arg && g->n_states < MAX_ITEMS)
            g->states[g->n_states++] = arg;
        return 0;
    case OPT_ALL_TOPICS:
        g->all_topics = 1;
        return 0;
    case OPT_EARLIEST:
        return set_to(cli, g, MOLDAU_ADMIN_RESET_EARLIEST);
    case OPT_LATEST:
        return set_to(cli, g, MOLDAU_ADMIN_RESET_LATEST);
    case OPT_DATETIME:
        if ((g->to_value = parse_time(arg)) < 0)
            return cli_usage_error(cli, "--to-datetime '%s': expected YYYY-MM-DDTHH:MM:SS[.sss] "
                                        "(UTC) or milliseconds", arg), -1;
        return set_to(cli, g, MOLDAU_ADMIN_RESET_TIMESTAMP);
    case OPT_TO_OFFSET:
        if (cli_parse_ll(arg, 0, INT64_MAX, &g->to_value))
            return cli_usage_error(cli, "--to-offset '%s': not an offset", arg), -1;
        return set_to(cli, g, MOLDAU_ADMIN_RESET_OFFSETS);
    case OPT_SHIFT:
        if (cli_parse_ll(arg, INT64_MIN / 2, INT64_MAX / 2, &g->to_value))
            return cli_usage_error(cli, "--shift-by '%s': not a number", arg), -1;
        return set_to(cli, g, MOLDAU_ADMIN_RESET_SHIFT);
    case OPT_EXECUTE:
        g->execute = 1;
        return 0;
    case OPT_DRY_RUN:
        g->execute = 0;
        return 0;
    case OPT_JSON:
        g->json = 1;
        return 0;
    case OPT_TIMEOUT:
        return cli_timeout_ms(cli, arg, &g->timeout_ms);
    }
    return -1;
}

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

static int do_list(const cli_t *cli, moldau_admin_t *a, const groups_t *g)
{
    moldau_admin_list_groups_options_t o = MOLDAU_ADMIN_LIST_GROUPS_OPTIONS_INIT;
    o.states = g->states;
    o.n_states = g->n_states;
    moldau_admin_group_listings_t *r;
    moldau_err_t err = moldau_admin_list_groups(a, &o, g->timeout_ms, &r);
    if (err) {
        cli_error(cli, "listing the groups of %s: %s", cli->bootstrap, moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    if (g->json)
        printf("[");
    else if (g->state)
        printf("%-40s %-20s %-10s\n", "GROUP", "STATE", "TYPE");
    for (size_t i = 0; i < r->n_items; i++) {
        const moldau_admin_group_listing_t *l = r->items[i];
        if (g->json) {
            printf("%s{\"group\":", i ? "," : "");
            fmt_json_cstr(stdout, l->group_id);
            printf(",\"state\":");
            fmt_json_cstr(stdout, l->state);
            printf(",\"type\":");
            fmt_json_cstr(stdout, l->type);
            printf(",\"protocol_type\":");
            fmt_json_cstr(stdout, l->protocol_type);
            printf(",\"coordinator\":%d}", (int)l->coordinator);
        } else if (g->state) {
            printf("%-40s %-20s %-10s\n", l->group_id, or_dash(l->state), or_dash(l->type));
        } else {
            printf("%s\n", l->group_id);
        }
    }
    if (g->json)
        printf("]\n");
    for (size_t i = 0; i < r->n_errors; i++)
        cli_error(cli, "broker %d did not list its groups: %s", (int)r->errors[i]->node,
                  r->errors[i]->errmsg);
    int rc = r->n_errors ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    moldau_admin_result_free(r);
    return rc;
}

/* The member of d that owns topic/partition, or NULL. */
static const moldau_admin_group_member_t *owner(const moldau_admin_group_description_t *d,
                                                const char *topic, int32_t partition)
{
    for (size_t m = 0; d && m < d->n_members; m++)
        for (size_t k = 0; k < d->members[m]->n_assignment; k++)
            if (d->members[m]->assignment[k]->partition == partition &&
                !strcmp(d->members[m]->assignment[k]->topic, topic))
                return d->members[m];
    return NULL;
}

static void describe_offsets(const groups_t *g, const moldau_admin_group_description_t *d,
                             const moldau_admin_group_lags_t *l, int *first)
{
    if (!g->json)
        printf("\n%-30s %-30s %-9s %-15s %-15s %-8s %-40s %-16s %s\n", "GROUP", "TOPIC",
               "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST",
               "CLIENT-ID");
    for (size_t i = 0; i < l->n_items; i++) {
        const moldau_admin_group_lag_t *p = l->items[i];
        const moldau_admin_group_member_t *m = owner(d, p->topic, p->partition);
        if (g->json) {
            printf("%s{\"group\":", *first ? "" : ",");
            *first = 0;
            fmt_json_cstr(stdout, l->group_id);
            printf(",\"topic\":");
            fmt_json_cstr(stdout, p->topic);
            printf(",\"partition\":%d,\"current_offset\":%lld,\"log_end_offset\":%lld,"
                   "\"lag\":%lld,\"consumer_id\":",
                   (int)p->partition, (long long)p->committed, (long long)p->log_end,
                   (long long)p->lag);
            fmt_json_cstr(stdout, m ? m->member_id : NULL);
            printf(",\"host\":");
            fmt_json_cstr(stdout, m ? m->host : NULL);
            printf(",\"client_id\":");
            fmt_json_cstr(stdout, m ? m->client_id : NULL);
            printf("}");
            continue;
        }
        char cur[24], end[24], lag[24];
        snprintf(cur, sizeof(cur), p->committed >= 0 ? "%lld" : "-", (long long)p->committed);
        snprintf(end, sizeof(end), p->log_end >= 0 ? "%lld" : "-", (long long)p->log_end);
        snprintf(lag, sizeof(lag), p->lag >= 0 ? "%lld" : "-", (long long)p->lag);
        printf("%-30s %-30s %-9d %-15s %-15s %-8s %-40s %-16s %s\n", l->group_id, p->topic,
               (int)p->partition, cur, end, lag, m ? m->member_id : "-",
               m ? or_dash(m->host) : "-", m ? or_dash(m->client_id) : "-");
    }
}

static void describe_members(const groups_t *g, const moldau_admin_group_description_t *d,
                             int *first)
{
    if (!g->json)
        printf("\n%-30s %-40s %-16s %-20s %s\n", "GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID",
               "#PARTITIONS");
    for (size_t m = 0; m < d->n_members; m++) {
        const moldau_admin_group_member_t *mb = d->members[m];
        if (g->json) {
            printf("%s{\"group\":", *first ? "" : ",");
            *first = 0;
            fmt_json_cstr(stdout, d->group_id);
            printf(",\"consumer_id\":");
            fmt_json_cstr(stdout, mb->member_id);
            printf(",\"group_instance_id\":");
            fmt_json_cstr(stdout, mb->group_instance_id);
            printf(",\"host\":");
            fmt_json_cstr(stdout, mb->host);
            printf(",\"client_id\":");
            fmt_json_cstr(stdout, mb->client_id);
            printf(",\"partitions\":[");
            for (size_t k = 0; k < mb->n_assignment; k++) {
                printf("%s{\"topic\":", k ? "," : "");
                fmt_json_cstr(stdout, mb->assignment[k]->topic);
                printf(",\"partition\":%d}", (int)mb->assignment[k]->partition);
            }
            printf("]}");
            continue;
        }
        printf("%-30s %-40s %-16s %-20s %zu\n", d->group_id, mb->member_id, or_dash(mb->host),
               or_dash(mb->client_id), mb->n_assignment);
    }
}

static void describe_state(const groups_t *g, const moldau_admin_group_description_t *d,
                           int *first)
{
    if (g->json) {
        printf("%s{\"group\":", *first ? "" : ",");
        *first = 0;
        fmt_json_cstr(stdout, d->group_id);
        printf(",\"coordinator\":%d,\"assignor\":", (int)d->coordinator);
        fmt_json_cstr(stdout, d->assignor);
        printf(",\"state\":");
        fmt_json_cstr(stdout, d->state);
        printf(",\"type\":");
        fmt_json_cstr(stdout, d->type);
        printf(",\"members\":%zu}", d->n_members);
        return;
    }
    printf("\n%-30s %-12s %-20s %-20s %-10s %s\n", "GROUP", "COORDINATOR", "ASSIGNMENT-STRATEGY",
           "STATE", "TYPE", "#MEMBERS");
    printf("%-30s %-12d %-20s %-20s %-10s %zu\n", d->group_id, (int)d->coordinator,
           or_dash(d->assignor), or_dash(d->state), or_dash(d->type), d->n_members);
}

static int do_describe(const cli_t *cli, moldau_admin_t *a, const groups_t *g)
{
    moldau_admin_group_descriptions_t *r;
    moldau_err_t err = moldau_admin_describe_groups(a, g->groups, g->n_groups, g->timeout_ms, &r);
    if (err) {
        cli_error(cli, "describing groups on %s: %s", cli->bootstrap, moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    size_t failed = 0;
    int first = 1;
    if (g->json)
        printf("[");
    for (size_t i = 0; i < r->n_items; i++) {
        const moldau_admin_group_description_t *d = r->items[i];
        if (d->err) {
            failed++;
            cli_error(cli, "group %s: %s", d->group_id,
                      d->err == MOLDAU_ERR_GROUP_ID_NOT_FOUND ? "no such group" : d->errmsg);
            continue;
        }
        if (g->members) {
            describe_members(g, d, &first);
        } else if (g->state) {
            describe_state(g, d, &first);
        } else {
            moldau_admin_group_lags_t *l;
            if ((err = moldau_admin_group_lag(a, d->group_id, g->timeout_ms, &l))) {
                failed++;
                cli_error(cli, "group %s: its offsets: %s", d->group_id, moldau_err_str(err));
                continue;
            }
            if (!g->json && !l->n_items)
                printf("\nConsumer group '%s' has no committed offsets (state %s, %zu members).\n",
                       d->group_id, or_dash(d->state), d->n_members);
            describe_offsets(g, d, l, &first);
            moldau_admin_result_free(l);
        }
    }
    if (g->json)
        printf("]\n");
    if (failed)
        cli_error(cli, "%zu of %zu group(s) failed", failed, r->n_items);
    moldau_admin_result_free(r);
    return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

static int do_delete(const cli_t *cli, moldau_admin_t *a, const groups_t *g)
{
    moldau_admin_group_results_t *r;
    moldau_err_t err = moldau_admin_delete_groups(a, g->groups, g->n_groups, g->timeout_ms, &r);
    if (err) {
        cli_error(cli, "deleting groups on %s: %s", cli->bootstrap, moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    size_t failed = 0;
    for (size_t i = 0; i < r->n_items; i++) {
        if (r->items[i]->err) {
            failed++;
            cli_error(cli, "group %s: %s", r->items[i]->group_id, r->items[i]->errmsg);
        } else if (!g->json) {
            printf("Deletion of group '%s' succeeded.\n", r->items[i]->group_id);
        }
    }
    if (failed)
        cli_error(cli, "%zu of %zu group(s) failed", failed, r->n_items);
    moldau_admin_result_free(r);
    return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

/* --all-topics: the topics the group has committed offsets for. */
static int committed_topics(const cli_t *cli, moldau_admin_t *a, groups_t *g)
{
    moldau_admin_group_offsets_t *o;
    moldau_err_t err = moldau_admin_list_group_offsets(a, g->groups[0], NULL, 0, g->timeout_ms, &o);
    if (err) {
        cli_error(cli, "group %s: its offsets: %s", g->groups[0], moldau_err_str(err));
        return -1;
    }
    for (size_t i = 0; i < o->n_items && g->n_topics < MAX_ITEMS; i++) {
        int seen = 0;
        for (size_t k = 0; k < g->n_topics && !seen; k++)
            seen = !strcmp(g->topics[k], o->items[i]->topic);
        if (!seen) {
            char *t = strdup(o->items[i]->topic);
            if (!t || g->n_owned == MAX_ITEMS) {
                free(t);
                break;
            }
            g->owned[g->n_owned++] = t;
            g->topics[g->n_topics++] = t;
        }
    }
    moldau_admin_result_free(o);
    return 0;
}

static int do_reset(const cli_t *cli, moldau_admin_t *a, groups_t *g)
{
    if (g->all_topics && committed_topics(cli, a, g))
        return CLI_EXIT_FAILED;
    if (!g->n_topics && !g->n_parts) {
        cli_error(cli, "group %s has no committed offsets: name the topics (--topic)",
                  g->groups[0]);
        return CLI_EXIT_FAILED;
    }
    moldau_admin_reset_offsets_t spec = MOLDAU_ADMIN_RESET_OFFSETS_INIT;
    spec.to = g->to;
    spec.dry_run = !g->execute;
    moldau_admin_offset_commit_t offs[MAX_ITEMS];
    if (g->to == MOLDAU_ADMIN_RESET_OFFSETS) {
        /* --to-offset N on every partition named: a plan by partition, from the topics' */
        if (g->n_topics) {
            moldau_admin_topic_descriptions_t *td;
            moldau_err_t err = moldau_admin_describe_topics(a, g->topics, g->n_topics,
                                                            g->timeout_ms, &td);
            if (err) {
                cli_error(cli, "describing the topics: %s", moldau_err_str(err));
                return CLI_EXIT_FAILED;
            }
            for (size_t t = 0; t < td->n_items; t++) {
                if (td->items[t]->err) {
                    cli_error(cli, "topic %s: %s", td->items[t]->name, td->items[t]->errmsg);
                    moldau_admin_result_free(td);
                    return CLI_EXIT_FAILED;
                }
                for (size_t p = 0; p < td->items[t]->n_partitions && g->n_parts < MAX_ITEMS; p++)
                    g->parts[g->n_parts++] = (moldau_admin_topic_partition_t){
                        g->topics[t], td->items[t]->partitions[p]->id};
            }
            moldau_admin_result_free(td);
        }
        for (size_t i = 0; i < g->n_parts; i++)
            offs[i] = (moldau_admin_offset_commit_t){g->parts[i].topic, g->parts[i].partition,
                                                     g->to_value, -1, NULL};
        spec.offsets = offs;
        spec.n_offsets = g->n_parts;
    } else {
        spec.topics = g->topics;
        spec.n_topics = g->n_topics;
        spec.partitions = g->parts;
        spec.n_partitions = g->n_parts;
        spec.timestamp = g->to_value;
        spec.shift = g->to_value;
    }
    moldau_admin_reset_results_t *r;
    moldau_err_t err = moldau_admin_reset_group_offsets(a, g->groups[0], &spec, g->timeout_ms, &r);
    if (err == MOLDAU_ERR__STATE) {
        cli_error(cli, "group %s has active members: offsets are reset only while it has none "
                       "(stop its consumers first)", g->groups[0]);
        return CLI_EXIT_FAILED;
    }
    if (err) {
        cli_error(cli, "resetting the offsets of %s: %s", g->groups[0], moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    size_t failed = 0;
    if (g->json)
        printf("[");
    else
        printf("\n%-30s %-30s %-9s %s\n", "GROUP", "TOPIC", "PARTITION", "NEW-OFFSET");
    for (size_t i = 0; i < r->n_items; i++) {
        const moldau_admin_reset_result_t *p = r->items[i];
        if (p->err) {
            failed++;
            cli_error(cli, "%s [%d]: %s", p->topic, (int)p->partition, p->errmsg);
            continue;
        }
        if (g->json) {
            printf("%s{\"group\":", i ? "," : "");
            fmt_json_cstr(stdout, r->group_id);
            printf(",\"topic\":");
            fmt_json_cstr(stdout, p->topic);
            printf(",\"partition\":%d,\"previous_offset\":%lld,\"new_offset\":%lld}",
                   (int)p->partition, (long long)p->previous, (long long)p->offset);
        } else {
            printf("%-30s %-30s %-9d %lld\n", r->group_id, p->topic, (int)p->partition,
                   (long long)p->offset);
        }
    }
    if (g->json)
        printf("]\n");
    else if (!g->execute)
        printf("(a plan only: nothing was committed; --execute commits it)\n");
    if (failed)
        cli_error(cli, "%zu of %zu partition(s) failed", failed, r->n_items);
    moldau_admin_result_free(r);
    return failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
}

static int do_delete_offsets(const cli_t *cli, moldau_admin_t *a, groups_t *g)
{
    moldau_admin_topic_descriptions_t *td = NULL;
    if (g->n_topics) { /* every partition of the topics named whole */
        moldau_err_t err = moldau_admin_describe_topics(a, g->topics, g->n_topics, g->timeout_ms,
                                                        &td);
        if (err) {
            cli_error(cli, "describing the topics: %s", moldau_err_str(err));
            return CLI_EXIT_FAILED;
        }
        for (size_t t = 0; t < td->n_items; t++)
            for (size_t p = 0; p < td->items[t]->n_partitions && g->n_parts < MAX_ITEMS; p++)
                g->parts[g->n_parts++] =
                    (moldau_admin_topic_partition_t){g->topics[t], td->items[t]->partitions[p]->id};
    }
    int rc = CLI_EXIT_FAILED;
    moldau_admin_group_offsets_t *r;
    moldau_err_t err = g->n_parts ? moldau_admin_delete_group_offsets(a, g->groups[0], g->parts,
                                                                      g->n_parts, g->timeout_ms, &r)
                                  : MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    if (err) {
        cli_error(cli, "deleting the offsets of %s: %s", g->groups[0], moldau_err_str(err));
        goto out;
    }
    size_t failed = 0;
    for (size_t i = 0; i < r->n_items; i++) {
        if (r->items[i]->err) {
            failed++;
            cli_error(cli, "%s [%d]: %s", r->items[i]->topic, (int)r->items[i]->partition,
                      r->items[i]->errmsg);
        } else if (!g->json) {
            printf("Deleted the offset of %s [%d].\n", r->items[i]->topic,
                   (int)r->items[i]->partition);
        }
    }
    if (failed)
        cli_error(cli, "%zu of %zu partition(s) failed", failed, r->n_items);
    rc = failed ? CLI_EXIT_FAILED : CLI_EXIT_OK;
    moldau_admin_result_free(r);
out:
    moldau_admin_result_free(td);
    return rc;
}

int cmd_groups(int argc, char **argv)
{
    groups_t g = {.timeout_ms = -1};
    cli_t cli = {.cmd = "groups", .usage = usage};
    int rc = cli_parse(&cli, argc, argv, "g:t:", longs, on_opt, &g);
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
    if (!g.action) {
        cli_usage_error(&cli, "an action is needed: --list, --describe, --delete, "
                              "--reset-offsets or --delete-offsets");
        goto done;
    }
    if (g.action != OPT_LIST && !g.n_groups) {
        cli_usage_error(&cli, "a group is needed (--group G)");
        goto done;
    }
    if ((g.action == OPT_RESET || g.action == OPT_DELETE_OFFSETS) && g.n_groups > 1) {
        cli_usage_error(&cli, "one group at a time for this action");
        goto done;
    }
    if (g.action == OPT_RESET && !g.to) {
        cli_usage_error(&cli, "--reset-offsets needs --to-earliest, --to-latest, --to-datetime, "
                              "--to-offset or --shift-by");
        goto done;
    }
    if (g.action == OPT_RESET && !g.all_topics && !g.n_topics && !g.n_parts) {
        cli_usage_error(&cli, "--reset-offsets needs --topic or --all-topics");
        goto done;
    }
    if (g.action == OPT_DELETE_OFFSETS && !g.n_topics && !g.n_parts) {
        cli_usage_error(&cli, "--delete-offsets needs --topic");
        goto done;
    }
    if (!(a = cli_admin(&cli)))
        goto done;
    switch (g.action) {
    case OPT_LIST:
        rc = do_list(&cli, a, &g);
        break;
    case OPT_DESCRIBE:
        rc = do_describe(&cli, a, &g);
        break;
    case OPT_DELETE:
        rc = do_delete(&cli, a, &g);
        break;
    case OPT_RESET:
        rc = do_reset(&cli, a, &g);
        break;
    default:
        rc = do_delete_offsets(&cli, a, &g);
        break;
    }
done:
    moldau_admin_close(a);
    for (size_t i = 0; i < g.n_owned; i++)
        free(g.owned[i]);
    return rc;
}
