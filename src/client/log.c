/* Parsing of the `debug` property and the default stderr sink. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client/log.h"

int moldau__debug_parse(const char *list, unsigned *mask, char *errstr, size_t errstr_size)
{
    *mask = 0;
    const char *p = list;
    while (*p) {
        while (*p == ',' || *p == ' ')
            p++;
        size_t n = strcspn(p, ", ");
        if (!n)
            break;
        const moldau__dbg_category_t *cat = NULL;
        for (size_t i = 0; i < moldau__dbg_n_categories && !cat; i++)
            if (strlen(moldau__dbg_categories[i].name) == n &&
                !strncmp(moldau__dbg_categories[i].name, p, n))
                cat = &moldau__dbg_categories[i];
        if (!cat) {
            if (errstr && errstr_size) {
                int at = snprintf(errstr, errstr_size, "debug: unknown subsystem \"%.*s\" (known:",
                                  (int)n, p);
                for (size_t i = 0; i < moldau__dbg_n_categories; i++)
                    if (at >= 0 && (size_t)at < errstr_size)
                        at += snprintf(errstr + at, errstr_size - (size_t)at, "%s %s",
                                       i ? "," : "", moldau__dbg_categories[i].name);
                if (at >= 0 && (size_t)at < errstr_size)
                    snprintf(errstr + at, errstr_size - (size_t)at, ")");
            }
            return -1;
        }
        *mask |= cat->bits;
        p += n;
    }
    return 0;
}

void moldau__log_stderr(moldau__logger_t *lg, int level, const char *facility,
                        const char *message)
{
    static const char *const names[] = {"EMERG", "ALERT", "CRIT", "ERROR",
                                        "WARN",  "NOTICE", "INFO", "DEBUG"};
    (void)lg;
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    char when[32];
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(stderr, "%s.%03ldZ %s moldau %s: %s\n", when, ts.tv_nsec / 1000000,
            names[level < 0 ? 0 : level > 7 ? 7 : level], facility, message);
}
