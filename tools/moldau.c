/* moldau: the command-line tool. `moldau SUBCOMMAND [options]`; each subcommand is a file
 * tools/cmd_NAME.c and one line in the table below. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_produce(int argc, char **argv);
int cmd_consume(int argc, char **argv);
int cmd_topics(int argc, char **argv);
int cmd_configs(int argc, char **argv);
int cmd_cluster(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_acls(int argc, char **argv);
int cmd_groups(int argc, char **argv);

static const cli_command_t commands[] = {
    {"produce", cmd_produce, "write lines of stdin or a file to a topic"},
    {"consume", cmd_consume, "print the records of a topic, a partition or a group"},
    {"topics", cmd_topics, "list, create, describe, alter and delete topics"},
    {"configs", cmd_configs, "describe and change the configs of topics, brokers, groups"},
    {"cluster", cmd_cluster, "the cluster's id, controller, brokers and features"},
    {"groups", cmd_groups, "list, describe, delete groups; their offsets, lag and resets"},
    {"acls", cmd_acls, "list, add and remove ACLs (kafka-acls.sh's flags)"},
    {"bench", cmd_bench, "produce, consume or end-to-end performance, with a live line"},
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
    fprintf(f, "usage: moldau SUBCOMMAND [options]   (moldau SUBCOMMAND --help for its own)\n\n");
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nmoldau %s (libmoldau %s)\n", MOLDAU_VERSION_STR, moldau_version());
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("moldau %s\n", moldau_version());
        return CLI_EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "moldau: unknown subcommand '%s'; 'moldau --help' lists them.\n", argv[1]);
    return CLI_EXIT_USAGE;
}
