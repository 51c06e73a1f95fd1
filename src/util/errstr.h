/* Writing a sentence into a caller's error buffer, which may be absent (NULL or size 0). */
#ifndef MOLDAU_UTIL_ERRSTR_H
#define MOLDAU_UTIL_ERRSTR_H

#include <stddef.h>

void moldau__errstr_set(char *errstr, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
