/* moldau configs on users: their SCRAM credentials (configs_users.c). */
#ifndef MOLDAU_TOOL_CONFIGS_USERS_H
#define MOLDAU_TOOL_CONFIGS_USERS_H

#include <stddef.h>

#include "cli.h"

/* Describes user's credentials ("" : every user's), or applies the raw --add-config and
 * --delete-config values (kafka-configs.sh's SCRAM-SHA-256=[iterations=N,password=P] forms;
 * modified in place). Returns an exit code, having said what failed. */
int configs_users(const cli_t *cli, moldau_admin_t *a, int describe_only, const char *user,
                  char *const *adds, size_t n_adds, char *const *dels, size_t n_dels, int json);

#endif
