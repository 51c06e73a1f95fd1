/* Options every subcommand shares, configuration from them, errors, signals. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define OPT_CONFIG 1000
#define OPT_PROP 1001

static const char common_usage[] =
    "Common options:\n"
    "  -b, --bootstrap-server HOST:PORT[,...]  brokers (default $MOLDAU_BROKERS, else\n"
    "                                  localhost:9092; also --broker-list)\n"
    "  -X NAME=VALUE                   any moldau property (docs/configuration.md); also\n"
    "                                  --producer-property, --consumer-property,\n"
    "                                  --command-property\n"
    "  --command-config FILE           properties file of NAME=VALUE lines (also\n"
    "                                  --producer.config, --consumer.config)\n"
    "  -h, --help                      this help\n"
    "Exit status: 0 success; 1 a failure said on stderr (records not delivered, and how\n"
    "many; an unknown topic; no broker answering); 2 bad usage.\n";

static const struct option common_longs[] = {
    {"bootstrap-server", required_argument, NULL, 'b'},
    {"broker-list", required_argument, NULL, 'b'},
    {"brokers", required_argument, NULL, 'b'},
    {"command-config", required_argument, NULL, OPT_CONFIG},
    {"producer.config", required_argument, NULL, OPT_CONFIG},
    {"consumer.config", required_argument, NULL, OPT_CONFIG},
    {"producer-property", required_argument, NULL, 'X'},
    {"consumer-property", required_argument, NULL, 'X'},
    {"command-property", required_argument, NULL, 'X'},
    {"property", required_argument, NULL, OPT_PROP},
    {"formatter-property", required_argument, NULL, OPT_PROP},
    {"reader-property", required_argument, NULL, OPT_PROP},
    {"help", no_argument, NULL, 'h'},
};
#define N_COMMON (sizeof(common_longs) / sizeof(common_longs[0]))

volatile sig_atomic_t cli_stop;

static void vsay(const cli_t *cli, const char *fmt, va_list ap)
{
    fprintf(stderr, "moldau %s: ", cli->cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const cli_t *cli, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(cli, fmt, ap);
    va_end(ap);
}

int cli_usage_error(const cli_t *cli, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(cli, fmt, ap);
    va_end(ap);
    fprintf(stderr, "Try 'moldau %s --help'.\n", cli->cmd);
    return CLI_EXIT_USAGE;
}

/* Appends to a growing array of strings (the arguments themselves: argv outlives them). */
static int push(const char ***arr, size_t *n, const char *s)
{
    const char **a = realloc(*arr, (*n + 1) * sizeof(*a));
    if (!a)
        return -1;
    a[(*n)++] = s;
    *arr = a;
    return 0;
}

int cli_parse(cli_t *cli, int argc, char **argv, const char *shorts, const struct option *longs,
              int (*on_opt)(cli_t *cli, int opt, const char *arg, void *ctx), void *ctx)
{
    size_t n_own = 0;
    while (longs && longs[n_own].name)
        n_own++;
    struct option *all = calloc(n_own + N_COMMON + 1, sizeof(*all));
    char sh[128];
    /* ':' first: a missing argument is reported as ':' (not '?'), so the message can say so */
    if (!all || snprintf(sh, sizeof(sh), ":b:X:h%s", shorts ? shorts : "") >= (int)sizeof(sh)) {
        free(all);
        cli_error(cli, "out of memory");
        return CLI_EXIT_USAGE;
    }
    memcpy(all, common_longs, sizeof(common_longs));
    if (n_own)
        memcpy(all + N_COMMON, longs, n_own * sizeof(*all));

    int rc = 0;
    optind = 1;
    opterr = 0;
    int opt;
    while (rc == 0 && (opt = getopt_long(argc, argv, sh, all, NULL)) != -1) {
        switch (opt) {
        case 'b':
            cli->brokers = optarg;
            break;
        case 'X':
        case OPT_PROP:
            if (!strchr(optarg, '=') || optarg[0] == '=') {
                rc = cli_usage_error(cli, "'%s' is not NAME=VALUE", optarg);
                break;
            }
            if (opt == 'X' ? push(&cli->props, &cli->n_props, optarg)
                           : push(&cli->fmt_props, &cli->n_fmt_props, optarg)) {
                cli_error(cli, "out of memory");
                rc = CLI_EXIT_USAGE;
            }
            break;
        case OPT_CONFIG:
            cli->config_file = optarg;
            break;
        case 'h':
            printf("%s\n%s", cli->usage, common_usage);
            rc = 1;
            break;
        case ':':
            rc = cli_usage_error(cli, "option '%s' needs a value", argv[optind - 1]);
            break;
        case '?':
            if (optopt)
                rc = cli_usage_error(cli, "unknown option '-%c'", optopt);
            else
                rc = cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
            break;
        default:
            if (on_opt(cli, opt, optarg, ctx))
                rc = CLI_EXIT_USAGE;
        }
    }
    free(all);
    return rc;
}

/* Sets name=value ("name=value" split at the first '='); 0, or -1 after saying why. */
static int set_pair(cli_t *cli, moldau_conf_t *conf, const char *name, const char *value)
{
    char err[512];
    if (moldau_conf_set(conf, name, value, err, sizeof(err)) == MOLDAU_ERR_NONE)
        return 0;
    cli_usage_error(cli, "%s", err);
    return -1;
}

static int set_list(cli_t *cli, moldau_conf_t *conf, const char *const *pairs)
{
    for (size_t i = 0; pairs && pairs[i]; i += 2)
        if (set_pair(cli, conf, pairs[i], pairs[i + 1]))
            return -1;
    return 0;
}

moldau_conf_t *cli_conf(cli_t *cli, const char *const *defaults, const char *const *overrides)
{
    moldau_conf_t *conf = moldau_conf_new();
    if (!conf) {
        cli_error(cli, "out of memory");
        return NULL;
    }
    const char *env = getenv("MOLDAU_BROKERS");
    char err[512];
    if (set_list(cli, conf, defaults) ||
        set_pair(cli, conf, "bootstrap.servers", env && *env ? env : "localhost:9092"))
        goto fail;
    if (cli->config_file &&
        moldau_conf_load_file(conf, cli->config_file, err, sizeof(err)) != MOLDAU_ERR_NONE) {
        cli_usage_error(cli, "%s", err);
        goto fail;
    }
    for (size_t i = 0; i < cli->n_props; i++) {
        char name[256];
        const char *eq = strchr(cli->props[i], '=');
        size_t len = (size_t)(eq - cli->props[i]);
        if (len >= sizeof(name)) {
            cli_usage_error(cli, "property name too long: '%s'", cli->props[i]);
            goto fail;
        }
        memcpy(name, cli->props[i], len);
        name[len] = '\0';
        if (set_pair(cli, conf, name, eq + 1))
            goto fail;
    }
    if ((cli->brokers && set_pair(cli, conf, "bootstrap.servers", cli->brokers)) ||
        set_list(cli, conf, overrides))
        goto fail;
    size_t sz = sizeof(cli->bootstrap);
    if (moldau_conf_get(conf, "bootstrap.servers", cli->bootstrap, &sz) != MOLDAU_ERR_NONE)
        snprintf(cli->bootstrap, sizeof(cli->bootstrap), "?");
    return conf;
fail:
    moldau_conf_destroy(conf);
    return NULL;
}

const char *cli_fmt_prop(const cli_t *cli, const char *name)
{
    size_t len = strlen(name);
    const char *v = NULL;
    for (size_t i = 0; i < cli->n_fmt_props; i++)
        if (!strncmp(cli->fmt_props[i], name, len) && cli->fmt_props[i][len] == '=')
            v = cli->fmt_props[i] + len + 1;
    return v;
}

int cli_fmt_bool(const cli_t *cli, const char *name, int def)
{
    const char *v = cli_fmt_prop(cli, name);
    if (!v)
        return def;
    while (*v == ' ' || *v == '\t')
        v++;
    return !strncasecmp(v, "true", 4) && (v[4] == '\0' || v[4] == ' ' || v[4] == '\t');
}

int cli_parse_ll(const char *s, long long min, long long max, long long *out)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static void on_signal(int sig)
{
    if (cli_stop)
        _exit(128 + sig); /* a second interrupt: the user does not want to wait */
    cli_stop = 1;
}

void cli_handle_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* no SA_RESTART: a read of stdin returns EINTR so produce stops reading at once */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int cli_topic_partitions(const cli_t *cli, moldau_client_t *client, const char *topic,
                         moldau_err_t *err)
{
    moldau_metadata_t *md = NULL;
    const char *topics[1] = {topic};
    moldau_err_t e = moldau_client_metadata(client, topics, 1, -1, &md);
    if (e != MOLDAU_ERR_NONE) {
        if (e == MOLDAU_ERR__TIMED_OUT || e == MOLDAU_ERR__TRANSPORT ||
            e == MOLDAU_ERR__ALL_BROKERS_DOWN || e == MOLDAU_ERR__RESOLVE)
            cli_error(cli, "no broker of %s answered (%s): is the cluster running there?",
                      cli->bootstrap, moldau_err_str(e));
        else
            cli_error(cli, "metadata from %s failed: %s", cli->bootstrap, moldau_err_str(e));
        return -1;
    }
    int n = 0;
    *err = MOLDAU_ERR_UNKNOWN_TOPIC_OR_PARTITION;
    for (int i = 0; i < md->n_topics; i++)
        if (!strcmp(md->topics[i]->name, topic)) {
            *err = md->topics[i]->err;
            if (md->topics[i]->err == MOLDAU_ERR_NONE)
                n = md->topics[i]->n_partitions;
        }
    moldau_metadata_destroy(md);
    return n;
}

moldau_admin_t *cli_admin(cli_t *cli)
{
    moldau_conf_t *conf = cli_conf(cli, NULL, NULL);
    if (!conf)
        return NULL;
    char err[512];
    moldau_admin_t *a = moldau_admin_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    if (!a)
        cli_error(cli, "%s", err);
    return a;
}

int cli_timeout_ms(cli_t *cli, const char *arg, int *out)
{
    long long v;
    if (cli_parse_ll(arg, 1, INT32_MAX, &v)) {
        cli_usage_error(cli, "--timeout-ms '%s': not a positive number of milliseconds", arg);
        return -1;
    }
    *out = (int)v;
    return 0;
}
