/* A 3-node Kafka cluster that a suite starts for itself (tests/support/kafka.sh start
 * --brokers 3, KAFKA_VERSION as for the rest of the run), from an unchecked fixture so that
 * it is stopped even when a test fails. Test-only. */
#ifndef MOLDAU_TEST_K3_H
#define MOLDAU_TEST_K3_H

typedef struct test_k3 {
    char dir[256];        /* the cluster's directory (kafka.sh --dir) */
    char bootstrap[512];  /* "127.0.0.1:port,..." once up */
    char script[1024];    /* kafka.sh */
    int up;
} test_k3_t;

/* Starts the cluster; k->up says whether it came up (else the reason is on stderr, the
 * start log in k->dir). name: the suite's, for the directory and messages. */
void test_k3_start(test_k3_t *k, const char *name);
/* The same with `brokers` nodes and `config` ("KEY=VALUE ..." added to every node's
 * server.properties, as kafka.sh's MOLDAU_KAFKA_CONFIG; NULL: none). */
void test_k3_start_with(test_k3_t *k, const char *name, int brokers, const char *config);
/* Stops it and removes its directory (MOLDAU_K3_KEEP=1 keeps it for a post-mortem). */
void test_k3_stop(test_k3_t *k);

#endif
