/* Parsing of the `debug` property and the default stderr sink. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "client/log.h"

static const struct {
    const char *name;
    unsigned bits;
} subsystems[] = {
    {"all", MOLDAU__DBG_ALL},           {"protocol", MOLDAU__DBG_PROTOCOL},
    {"broker", MOLDAU__DBG_BROKER},     {"metadata", MOLDAU__DBG_METADATA},
    {"producer", MOLDAU__DBG_PRODUCER}, {"consumer", MOLDAU__DBG_CONSUMER},
    {"cgrp", MOLDAU__DBG_CGRP},         {"conf", MOLDAU__DBG_CONF},
};

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
        size_t i;
        for (i = 0; i < sizeof(subsystems) / sizeof(subsystems[0]); i++)
            if (strlen(subsystems[i].name) == n && !strncmp(subsystems[i].name, p, n))
                break;
        if (i == sizeof(subsystems) / sizeof(subsystems[0])) {
            if (errstr && errstr_size)
                snprintf(errstr, errstr_size,
                         "debug: unknown subsystem \"%.*s\" (known: all, protocol, broker, "
                         "metadata, producer, consumer, cgrp, conf)",
                         (int)n, p);
            return -1;
        }
        *mask |= subsystems[i].bits;
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
