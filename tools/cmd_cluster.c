/* moldau cluster: the cluster's id, controller and brokers, and its features (metadata.version
 * and the others, KIP-584), as a table or --json. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "format.h"

#define OPT_JSON 2000
#define OPT_TIMEOUT 2001

static const char usage[] =
    "usage: moldau cluster [options]\n"
    "Describes the cluster: its id, controller, brokers (id, host, port, rack) and features.\n"
    "  --json                          one JSON object on stdout instead of text\n"
    "  --timeout-ms MS                 how long each admin call may take (default 60000)\n";

static const struct option longs[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"timeout-ms", required_argument, NULL, OPT_TIMEOUT},
    {NULL, 0, NULL, 0},
};

typedef struct cluster_opts {
    int json;
    int timeout_ms;
} cluster_opts_t;

static int on_opt(cli_t *cli, int opt, const char *arg, void *ctx)
{
    cluster_opts_t *o = ctx;
    if (opt == OPT_JSON) {
        o->json = 1;
        return 0;
    }
    return opt == OPT_TIMEOUT ? cli_timeout_ms(cli, arg, &o->timeout_ms) : -1;
}

static void print_json(const moldau_admin_cluster_description_t *d, const moldau_admin_features_t *f)
{
    printf("{\"cluster_id\":");
    fmt_json_cstr(stdout, d->cluster_id);
    printf(",\"controller\":%d,\"brokers\":[", (int)d->controller_id);
    for (size_t i = 0; i < d->n_brokers; i++) {
        printf("%s{\"id\":%d,\"host\":", i ? "," : "", (int)d->brokers[i]->id);
        fmt_json_cstr(stdout, d->brokers[i]->host);
        printf(",\"port\":%d,\"rack\":", (int)d->brokers[i]->port);
        fmt_json_cstr(stdout, d->brokers[i]->rack);
        printf("}");
    }
    printf("],\"features\":{");
    for (size_t i = 0; i < f->n_finalized; i++) {
        printf("%s", i ? "," : "");
        fmt_json_cstr(stdout, f->finalized[i]->name);
        printf(":%d", (int)f->finalized[i]->max_version_level);
    }
    printf("}}\n");
}

static void print_text(const moldau_admin_cluster_description_t *d, const moldau_admin_features_t *f)
{
    printf("Cluster id: %s\nController: %d\nBrokers:\n", d->cluster_id ? d->cluster_id : "-",
           (int)d->controller_id);
    printf("  %-6s %-30s %-6s %s\n", "ID", "HOST", "PORT", "RACK");
    for (size_t i = 0; i < d->n_brokers; i++)
        printf("  %-6d %-30s %-6d %s\n", (int)d->brokers[i]->id, d->brokers[i]->host,
               (int)d->brokers[i]->port, d->brokers[i]->rack ? d->brokers[i]->rack : "-");
    printf("Features (finalized level):\n");
    for (size_t i = 0; i < f->n_finalized; i++)
        printf("  %-30s %d\n", f->finalized[i]->name, (int)f->finalized[i]->max_version_level);
}

int cmd_cluster(int argc, char **argv)
{
    cluster_opts_t o = {.timeout_ms = -1};
    cli_t cli = {.cmd = "cluster", .usage = usage};
    int rc = cli_parse(&cli, argc, argv, "", longs, on_opt, &o);
    if (rc)
        return rc == 1 ? CLI_EXIT_OK : rc;
    if (optind < argc)
        return cli_usage_error(&cli, "unexpected argument '%s'", argv[optind]);
    moldau_admin_t *a = cli_admin(&cli);
    if (!a)
        return CLI_EXIT_USAGE;
    moldau_admin_cluster_description_t *d = NULL;
    moldau_admin_features_t *f = NULL;
    moldau_err_t e = moldau_admin_describe_cluster(a, o.timeout_ms, &d);
    if (!e)
        e = moldau_admin_describe_features(a, o.timeout_ms, &f);
    if (e) {
        cli_error(&cli, "describing the cluster at %s: %s", cli.bootstrap, moldau_err_str(e));
        rc = CLI_EXIT_FAILED;
    } else if (o.json) {
        print_json(d, f);
    } else {
        print_text(d, f);
    }
    moldau_admin_result_free(d);
    moldau_admin_result_free(f);
    moldau_admin_close(a);
    return rc;
}
