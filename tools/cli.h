/* The moldau command-line tool: what every subcommand shares (options for brokers and
 * properties, exit codes, errors, signals). Uses the public API only. */
#ifndef MOLDAU_TOOL_CLI_H
#define MOLDAU_TOOL_CLI_H

#include <getopt.h>
#include <signal.h>
#include <stddef.h>

#include "moldau.h"

/* Exit codes of every subcommand. */
#define CLI_EXIT_OK 0
#define CLI_EXIT_FAILED 1 /* some records or items failed; how many is said on stderr */
#define CLI_EXIT_USAGE 2  /* bad flag, bad value, bad property */

/* A subcommand: `moldau NAME ARGS...`. argv[0] is NAME. Returns an exit code. Adding one is a
 * file tools/cmd_NAME.c defining it and a line in the table of tools/moldau.c. */
typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} cli_command_t;

/* The options every subcommand takes, parsed by cli_parse(). */
typedef struct cli {
    const char *cmd;          /* "produce", for messages */
    const char *usage;        /* the subcommand's own usage text (its options) */
    const char *brokers;      /* -b / --bootstrap-server; NULL: $MOLDAU_BROKERS, localhost:9092 */
    const char *config_file;  /* --command-config */
    const char **props;       /* -X name=value, in order */
    size_t n_props;
    const char **fmt_props;   /* --property name=value (the console tools' reader/formatter) */
    size_t n_fmt_props;
    char bootstrap[512];      /* the bootstrap.servers cli_conf() settled on, for messages */
} cli_t;

/* The subcommand's own options (getopt_long entries; val > 255 for long-only ones) and short
 * option letters ("t:p:"); the shared ones are added by cli_parse. on_opt handles one of the
 * subcommand's options (optarg as getopt sets it) and returns 0, or -1 after saying what is
 * wrong with cli_usage_error. Returns 0 (positional arguments from argv[optind]), 1 after
 * --help was printed (exit 0), or CLI_EXIT_USAGE after the error was said. */
int cli_parse(cli_t *cli, int argc, char **argv, const char *shorts, const struct option *longs,
              int (*on_opt)(cli_t *cli, int opt, const char *arg, void *ctx), void *ctx);

/* "moldau CMD: <message>" and the usage hint on stderr. Returns CLI_EXIT_USAGE. */
int cli_usage_error(const cli_t *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "moldau CMD: <message>" on stderr. */
void cli_error(const cli_t *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A configuration: `defaults` (the subcommand's own: name, value pairs, NULL-terminated, may
 * be NULL), then $MOLDAU_BROKERS or localhost:9092, the --command-config file, the -X
 * properties in order, -b, and last `overrides` (what the subcommand's explicit flags mean,
 * e.g. --acks). NULL after saying what was wrong (a bad property or file: exit 2). */
moldau_conf_t *cli_conf(cli_t *cli, const char *const *defaults, const char *const *overrides);

/* An admin client of cli_conf(cli, NULL, NULL); NULL after saying why (then exit 2). */
moldau_admin_t *cli_admin(cli_t *cli);
/* --timeout-ms MS of the admin subcommands into *out: 0, or -1 after the usage error. */
int cli_timeout_ms(cli_t *cli, const char *arg, int *out);

/* The value of --property NAME (the last one given), or NULL. */
const char *cli_fmt_prop(const cli_t *cli, const char *name);
/* --property NAME as a boolean (Java's: "true" in any case, else false); def when unset. */
int cli_fmt_bool(const cli_t *cli, const char *name, int def);

/* Parses a whole decimal integer in [min, max]; 0 or -1. */
int cli_parse_ll(const char *s, long long min, long long max, long long *out);

/* SIGINT and SIGTERM set cli_stop (and interrupt blocking reads); a second one exits. */
extern volatile sig_atomic_t cli_stop;
void cli_handle_signals(void);

/* Checks that the cluster answers and knows `topic`, with the client's request.timeout.ms.
 * Returns the topic's partition count (> 0), 0 when the cluster answered without the topic
 * (unknown, *err set), or -1 when no broker answered (said on stderr). */
int cli_topic_partitions(const cli_t *cli, moldau_client_t *client, const char *topic,
                         moldau_err_t *err);

#endif
