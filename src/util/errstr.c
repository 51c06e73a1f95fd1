/* See errstr.h. */
#include "util/errstr.h"

#include <stdarg.h>
#include <stdio.h>

void moldau__errstr_set(char *errstr, size_t size, const char *fmt, ...)
{
    if (!errstr || !size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errstr, size, fmt, ap);
    va_end(ap);
}
