/* A suite's own 3-node Kafka cluster (k3_test.h). */
#include "k3_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_k3_start(test_k3_t *k, const char *name) { test_k3_start_with(k, name, 3, NULL); }

void test_k3_start_with(test_k3_t *k, const char *name, int brokers, const char *config)
{
    const char *src = getenv("MOLDAU_SRCDIR");
    memset(k, 0, sizeof(*k));
    snprintf(k->script, sizeof(k->script), "%s/tests/support/kafka.sh", src ? src : ".");
    snprintf(k->dir, sizeof(k->dir), "%s/moldau-%s.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", name);
    if (!mkdtemp(k->dir)) {
        k->dir[0] = 0;
        return;
    }
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "MOLDAU_KAFKA_CONFIG='%s' bash '%s' start --brokers %d --dir '%s' > '%s/start.log' 2>&1",
             config ? config : "", k->script, brokers, k->dir, k->dir);
    if (system(cmd) != 0) {
        fprintf(stderr, "%s: no %d-node cluster (see %s/start.log)\n", name, brokers, k->dir);
        return;
    }
    snprintf(cmd, sizeof(cmd), "%s/bootstrap", k->dir);
    FILE *f = fopen(cmd, "r");
    if (f) {
        if (fgets(k->bootstrap, sizeof(k->bootstrap), f))
            k->bootstrap[strcspn(k->bootstrap, "\r\n")] = 0;
        fclose(f);
    }
    k->up = k->bootstrap[0] != 0;
}

void test_k3_stop(test_k3_t *k)
{
    if (!k->dir[0])
        return;
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "bash '%s' stop --dir '%s' > /dev/null 2>&1; %s '%s'", k->script,
             k->dir, getenv("MOLDAU_K3_KEEP") ? "echo kept" : "rm -rf", k->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "stopping %s failed\n", k->dir);
    k->dir[0] = 0;
    k->up = 0;
}
