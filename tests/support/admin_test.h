/* Admin clients for tests on the real broker. Test-only; failures are Check assertions. */
#ifndef MOLDAU_TEST_ADMIN_H
#define MOLDAU_TEST_ADMIN_H

#include <stdint.h>

#include "moldau.h"

/* An admin client of `bootstrap` with log.level 3. */
moldau_admin_t *test_admin_new(const char *bootstrap);
/* The id of the first broker the metadata lists. */
int32_t test_admin_broker_id(moldau_admin_t *a);
/* How many brokers the metadata lists. */
int test_admin_brokers(moldau_admin_t *a);
/* A broker config of the first broker as a number (DescribeConfigs), e.g. num.partitions. */
long test_admin_broker_config(moldau_admin_t *a, const char *name);
/* The partition count of `topic` as the metadata shows it now; -1 when it has no such topic. */
int32_t test_admin_partitions(moldau_admin_t *a, const char *topic);

#endif
