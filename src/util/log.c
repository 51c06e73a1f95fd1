/* Formatting for the log sink: one bounded line per event; the sink decides where it goes.
 * And the debug categories' names. */
#include <stdio.h>

#include "util/log.h"

const moldau__dbg_category_t moldau__dbg_categories[] = {
    {"all", MOLDAU__DBG_ALL},           {"protocol", MOLDAU__DBG_PROTOCOL},
    {"broker", MOLDAU__DBG_BROKER},     {"metadata", MOLDAU__DBG_METADATA},
    {"producer", MOLDAU__DBG_PRODUCER}, {"consumer", MOLDAU__DBG_CONSUMER},
    {"cgrp", MOLDAU__DBG_CGRP},         {"conf", MOLDAU__DBG_CONF},
    {"admin", MOLDAU__DBG_ADMIN},
};
const size_t moldau__dbg_n_categories =
    sizeof(moldau__dbg_categories) / sizeof(moldau__dbg_categories[0]);

void moldau__log_emitv(moldau__logger_t *lg, int level, const char *facility, const char *fmt,
                       va_list ap)
{
    char line[1024];
    vsnprintf(line, sizeof(line), fmt, ap);
    lg->emit(lg, level, facility, line);
}

void moldau__log_emit(moldau__logger_t *lg, int level, const char *facility, const char *fmt,
                      ...)
{
    va_list ap;
    va_start(ap, fmt);
    moldau__log_emitv(lg, level, facility, fmt, ap);
    va_end(ap);
}
