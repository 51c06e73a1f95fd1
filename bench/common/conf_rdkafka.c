/* See conf_rdkafka.h. */
#include "conf_rdkafka.h"

#include <stdio.h>

#include "../producer/common.h"

void bench_rd_set(rd_kafka_conf_t *conf, const char *name, const char *value)
{
    char err[512];
    if (rd_kafka_conf_set(conf, name, value, err, sizeof(err)) != RD_KAFKA_CONF_OK)
        bench_die("librdkafka: %s=%s: %s", name, value, err);
}

void bench_rd_set_ll(rd_kafka_conf_t *conf, const char *name, long long value)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%lld", value);
    bench_rd_set(conf, name, buf);
}

void bench_rd_set_all(rd_kafka_conf_t *conf, const char *const *names,
                      const char *const *values, int n)
{
    for (int i = 0; i < n; i++)
        bench_rd_set(conf, names[i], values[i]);
}
