/*
 * Setting moldau properties in the benchmark programs (bench/consumer, bench/producer): a
 * property the client refuses ends the run (bench_die) with its reason, so a typo in --set or
 * in a program never measures the defaults silently.
 */
#ifndef BENCH_COMMON_CONF_MOLDAU_H
#define BENCH_COMMON_CONF_MOLDAU_H

#include "moldau.h"

void bench_moldau_set(moldau_conf_t *conf, const char *name, const char *value);
void bench_moldau_set_ll(moldau_conf_t *conf, const char *name, long long value);
/* The --set NAME=VALUE pairs, in order (last wins). */
void bench_moldau_set_all(moldau_conf_t *conf, const char *const *names,
                          const char *const *values, int n);

#endif
