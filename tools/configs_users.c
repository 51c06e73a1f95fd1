/* moldau configs --entity-type users: SCRAM credentials as kafka-configs.sh spells them,
 * --add-config 'SCRAM-SHA-256=[iterations=8192,password=alice-secret],SCRAM-SHA-512=[...]',
 * --delete-config SCRAM-SHA-512, --describe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "configs_users.h"
#include "format.h"

#define MAX_ALTS 16

static int mechanism_of(const char *s, size_t len, moldau_admin_scram_mechanism_t *out)
{
    if (len == 13 && !strncmp(s, "SCRAM-SHA-256", 13))
        *out = MOLDAU_ADMIN_SCRAM_SHA_256;
    else if (len == 13 && !strncmp(s, "SCRAM-SHA-512", 13))
        *out = MOLDAU_ADMIN_SCRAM_SHA_512;
    else
        return -1;
    return 0;
}

/* One "MECH=[k=v,k=v]" of --add-config into alt; strings point into item (modified). */
static int parse_upsert(cli_t *cli, char *item, const char *user, moldau_admin_scram_alteration_t *alt)
{
    char *eq = strchr(item, '=');
    size_t len = eq ? (size_t)(eq - item) : 0;
    *alt = (moldau_admin_scram_alteration_t){user, 0, NULL, 0};
    if (!eq || mechanism_of(item, len, &alt->mechanism) || eq[1] != '[' ||
        eq[strlen(eq) - 1] != ']') {
        cli_usage_error(cli, "--add-config '%s': expected SCRAM-SHA-256=[password=P] or "
                             "SCRAM-SHA-512=[iterations=N,password=P]", item);
        return -1;
    }
    char *body = eq + 2;
    body[strlen(body) - 1] = '\0';
    for (char *save = NULL, *kv = strtok_r(body, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
        long long v;
        if (!strncmp(kv, "password=", 9)) {
            alt->password = kv + 9;
        } else if (!strncmp(kv, "iterations=", 11) && !cli_parse_ll(kv + 11, 1, INT32_MAX, &v)) {
            alt->iterations = (int32_t)v;
        } else {
            cli_usage_error(cli, "--add-config: '%s' is not iterations=N or password=P", kv);
            return -1;
        }
    }
    if (!alt->password || !*alt->password) {
        cli_usage_error(cli, "--add-config: a SCRAM credential needs password=P");
        return -1;
    }
    return 0;
}

/* Splits s at the commas outside [...] (in place) into items; their count, -1 if too many. */
static int split_top(char *s, char **items, int cap)
{
    int n = 0, depth = 0;
    char *start = s;
    for (char *p = s;; p++) {
        if (*p == '[')
            depth++;
        else if (*p == ']' && depth)
            depth--;
        if (*p == '\0' || (*p == ',' && !depth)) {
            int end = *p == '\0';
            *p = '\0';
            if (*start) {
                if (n == cap)
                    return -1;
                items[n++] = start;
            }
            if (end)
                break;
            start = p + 1;
        }
    }
    return n;
}

static int describe(const cli_t *cli, moldau_admin_t *a, const char *user, int json)
{
    moldau_admin_user_scram_credentials_list_t *r;
    const char *users[] = {user};
    moldau_err_t err = moldau_admin_describe_user_scram_credentials(a, *user ? users : NULL,
                                                                    *user ? 1 : 0, -1, &r);
    if (err) {
        cli_error(cli, "describing SCRAM credentials on %s: %s", cli->bootstrap,
                  moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    int rc = CLI_EXIT_OK;
    if (json)
        printf("[");
    for (size_t i = 0; i < r->n_items; i++) {
        const moldau_admin_user_scram_credentials_t *u = r->items[i];
        if (u->err && u->err != MOLDAU_ERR_RESOURCE_NOT_FOUND) {
            cli_error(cli, "user %s: %s", u->user, u->errmsg);
            rc = CLI_EXIT_FAILED;
            continue;
        }
        if (json) {
            printf("%s{\"user\":", i ? "," : "");
            fmt_json_cstr(stdout, u->user);
            printf(",\"credentials\":[");
        } else {
            printf("SCRAM credential configs for user-principal '%s' are ", u->user);
        }
        for (size_t k = 0; k < u->n_credentials; k++) {
            const char *mech = u->credentials[k]->mechanism == MOLDAU_ADMIN_SCRAM_SHA_512
                                   ? "SCRAM-SHA-512"
                                   : "SCRAM-SHA-256";
            if (json)
                printf("%s{\"mechanism\":\"%s\",\"iterations\":%d}", k ? "," : "", mech,
                       (int)u->credentials[k]->iterations);
            else
                printf("%s%s=iterations=%d", k ? ", " : "", mech,
                       (int)u->credentials[k]->iterations);
        }
        printf(json ? "]}" : "\n");
    }
    if (json)
        printf("]\n");
    moldau_admin_result_free(r);
    return rc;
}

int configs_users(const cli_t *cli, moldau_admin_t *a, int describe_only, const char *user,
                  char *const *adds, size_t n_adds, char *const *dels, size_t n_dels, int json)
{
    if (describe_only)
        return describe(cli, a, user, json);
    if (!*user) {
        cli_error(cli, "SCRAM credentials are altered for a named user (--entity-name)");
        return CLI_EXIT_USAGE;
    }
    moldau_admin_scram_alteration_t alts[MAX_ALTS];
    size_t n = 0;
    char *items[MAX_ALTS];
    for (size_t i = 0; i < n_adds; i++) {
        int k = split_top(adds[i], items, MAX_ALTS);
        if (k < 0 || n + (size_t)k > MAX_ALTS)
            return cli_usage_error(cli, "at most %d credentials at once", MAX_ALTS);
        for (int j = 0; j < k; j++)
            if (parse_upsert((cli_t *)cli, items[j], user, &alts[n++]))
                return CLI_EXIT_USAGE;
    }
    for (size_t i = 0; i < n_dels; i++) {
        int k = split_top(dels[i], items, MAX_ALTS);
        if (k < 0 || n + (size_t)k > MAX_ALTS)
            return cli_usage_error(cli, "at most %d credentials at once", MAX_ALTS);
        for (int j = 0; j < k; j++) {
            alts[n] = (moldau_admin_scram_alteration_t){user, 0, NULL, 0};
            if (mechanism_of(items[j], strlen(items[j]), &alts[n].mechanism))
                return cli_usage_error(cli, "--delete-config '%s': SCRAM-SHA-256 or "
                                            "SCRAM-SHA-512", items[j]);
            n++;
        }
    }
    moldau_admin_user_results_t *r;
    moldau_err_t err = moldau_admin_alter_user_scram_credentials(a, alts, n, -1, &r);
    if (err == MOLDAU_ERR__UNSUPPORTED_FEATURE) {
        cli_error(cli, "this moldau was built without OpenSSL (make TLS=0): it cannot salt "
                       "SCRAM passwords");
        return CLI_EXIT_FAILED;
    }
    if (err) {
        cli_error(cli, "altering SCRAM credentials on %s: %s", cli->bootstrap,
                  moldau_err_str(err));
        return CLI_EXIT_FAILED;
    }
    int rc = CLI_EXIT_OK;
    for (size_t i = 0; i < r->n_items && rc == CLI_EXIT_OK; i++)
        if (r->items[i]->err) {
            cli_error(cli, "user %s: %s", r->items[i]->user, r->items[i]->errmsg);
            rc = CLI_EXIT_FAILED;
        }
    if (!rc && !json)
        printf("Completed updating config for user %s.\n", user);
    moldau_admin_result_free(r);
    return rc;
}
