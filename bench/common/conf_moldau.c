/* See conf_moldau.h. */
#include "conf_moldau.h"

#include <stdio.h>

#include "../producer/common.h"

void bench_moldau_set(moldau_conf_t *conf, const char *name, const char *value)
{
    char err[512];
    if (moldau_conf_set(conf, name, value, err, sizeof(err)) != MOLDAU_ERR_NONE)
        bench_die("moldau: %s=%s: %s", name, value, err);
}

void bench_moldau_set_ll(moldau_conf_t *conf, const char *name, long long value)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%lld", value);
    bench_moldau_set(conf, name, buf);
}

void bench_moldau_set_all(moldau_conf_t *conf, const char *const *names,
                          const char *const *values, int n)
{
    for (int i = 0; i < n; i++)
        bench_moldau_set(conf, names[i], values[i]);
}
