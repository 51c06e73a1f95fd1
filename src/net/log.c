/* Formatting for the log sink: one bounded line per event; the sink decides where it goes. */
#include <stdio.h>

#include "net/log.h"

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
