/* Authorization errors on a Kafka node of the suite's own with KRaft's StandardAuthorizer
 * (allow.everyone.if.no.acl.found=false; super.users=User:ANONYMOUS, the plaintext listener's
 * principal, through which the suite creates the topics and the ACLs). The SASL user `limited`
 * (kafka.sh with MOLDAU_KAFKA_SECURE=1) may write, read and describe topic "authz-ok" and read
 * group "authz-group", nothing else; `alice` may only describe authz-ok. As them, over
 * SASL_PLAINTEXT: produce to authz-ok works; to "authz-denied" (or, as alice, to authz-ok)
 * each record fails once with TOPIC_AUTHORIZATION_FAILED naming the topic; a consumer of
 * authz-ok in "other-group", or of authz-denied (subscribed or assigned), or alice's of
 * authz-ok, gets GROUP_ / TOPIC_AUTHORIZATION_FAILED from poll naming the resource, and a
 * commit or committed() for other-group fails with it; alice's idempotent producer (WRITE
 * nowhere) ends with CLUSTER_AUTHORIZATION_FAILED, fatal and told once; admin calls without
 * the rights fail naming the topic or group; over the MTLS listener the client certificate's
 * principal (User:CN=moldau-client) writes to authz-ok and is refused authz-denied. A refusal
 * is not for good: granted later, the next metadata refresh lets records through. Every case
 * is bounded, and the requests sent are counted (the protocol debug log) so that a retry
 * storm shows. Transactions are not implemented (transactional.id is refused), so
 * TRANSACTIONAL_ID_AUTHORIZATION_FAILED is not exercised here. MOLDAU_AUTHZ_DIR=DIR uses a
 * node already started with that configuration (MOLDAU_KAFKA_SECURE=1, MOLDAU_KAFKA_CONFIG as
 * AUTHZ_CONFIG below, kafka.sh start --dir DIR) instead, to iterate quickly;
 * MOLDAU_AUTHZ_TRACE=1 prints the clients' log lines and the events. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "moldau.h"
#include "net/tls.h"
#include "../support/admin_test.h"
#include "../support/k3_test.h"
#include "../support/peer_test.h"
#include "../support/topic_test.h"

#define AUTHZ_CONFIG                                                                             \
    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer "           \
    "super.users=User:ANONYMOUS allow.everyone.if.no.acl.found=false"
#define OK_TOPIC "authz-ok"
#define DENIED_TOPIC "authz-denied"
#define OK_GROUP "authz-group"
#define OTHER_GROUP "other-group"
#define LATER_TOPIC "authz-later" /* allowed during a test */
/* the MTLS listener's principal for certs.sh's client certificate (Kafka's default mapping:
 * the subject's DN) */
#define MTLS_PRINCIPAL "User:CN=moldau-client"

static test_k3_t node;
static struct {
    int up;
    int broken; /* the node came up but its env or the topics and ACLs did not */
    char plain[256], sasl[256], mtls[256], tls_dir[256];
    char user[64], password[128];       /* limited */
    char alice[64], alice_password[128]; /* DESCRIBE on authz-ok only */
} env;

/* VALUE of "NAME=VALUE" in DIR/env into out; 0 when found. */
static int env_value(const char *dir, const char *name, char *out, size_t size)
{
    char path[512], line[512];
    snprintf(path, sizeof(path), "%s/env", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = strlen(name);
    int found = -1;
    while (found && fgets(line, sizeof(line), f)) {
        if (!strncmp(line, name, n) && line[n] == '=') {
            line[strcspn(line, "\r\n")] = 0;
            snprintf(out, size, "%s", line + n + 1);
            found = 0;
        }
    }
    fclose(f);
    return found;
}

static moldau_admin_acl_binding_t allow(moldau_admin_acl_resource_type_t rt, const char *name,
                                        const char *who, moldau_admin_acl_operation_t op)
{
    moldau_admin_acl_binding_t b = MOLDAU_ADMIN_ACL_BINDING_INIT;
    b.resource_type = rt;
    b.resource_name = name;
    b.principal = who;
    b.operation = op;
    return b;
}

/* The topics and the limited user's ACLs, as the super user over plaintext; waits until the
 * authorizer shows all of them (it learns of them through the metadata log). */
static int setup(void)
{
    moldau_admin_t *a = test_admin_new(env.plain);
    int rc = -1;
    const char *topics[] = {OK_TOPIC, DENIED_TOPIC, LATER_TOPIC};
    for (int i = 0; i < 3; i++) {
        int err = test_create_topic(env.plain, topics[i], 1);
        if (err && err != MOLDAU_ERR_TOPIC_ALREADY_EXISTS) {
            fprintf(stderr, "authz_kafka: creating %s: %s\n", topics[i],
                    moldau_err_name((moldau_err_t)err));
            goto out;
        }
    }
    char who[128], alice[128];
    snprintf(who, sizeof(who), "User:%s", env.user);
    snprintf(alice, sizeof(alice), "User:%s", env.alice);
    moldau_admin_acl_binding_t bs[] = {
        allow(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, OK_TOPIC, who, MOLDAU_ADMIN_ACL_OP_WRITE),
        allow(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, OK_TOPIC, who, MOLDAU_ADMIN_ACL_OP_DESCRIBE),
        allow(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, OK_TOPIC, who, MOLDAU_ADMIN_ACL_OP_READ),
        allow(MOLDAU_ADMIN_ACL_RESOURCE_GROUP, OK_GROUP, who, MOLDAU_ADMIN_ACL_OP_READ),
        /* alice sees the topic (its metadata) but may write nowhere */
        allow(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, OK_TOPIC, alice, MOLDAU_ADMIN_ACL_OP_DESCRIBE),
        /* the client certificate may write to authz-ok */
        allow(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, OK_TOPIC, MTLS_PRINCIPAL, MOLDAU_ADMIN_ACL_OP_WRITE),
        allow(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, OK_TOPIC, MTLS_PRINCIPAL,
              MOLDAU_ADMIN_ACL_OP_DESCRIBE),
    };
    size_t nb = sizeof(bs) / sizeof(bs[0]);
    moldau_admin_acl_results_t *r;
    moldau_err_t err = moldau_admin_create_acls(a, bs, nb, -1, &r);
    if (err) {
        fprintf(stderr, "authz_kafka: CreateAcls: %s\n", moldau_err_name(err));
        goto out;
    }
    for (size_t i = 0; i < r->n_items; i++)
        if (r->items[i]->err)
            fprintf(stderr, "authz_kafka: ACL %zu: %s\n", i, r->items[i]->errmsg);
    moldau_admin_result_free(r);
    moldau_admin_acl_binding_t f = MOLDAU_ADMIN_ACL_FILTER_ANY;
    for (int i = 0; i < 100 && rc; i++) {
        if (moldau_admin_describe_acls(a, &f, -1, &r) == MOLDAU_ERR_NONE) {
            rc = r->n_items == nb ? 0 : -1;
            moldau_admin_result_free(r);
        }
        if (rc)
            usleep(100 * 1000);
    }
out:
    moldau_admin_close(a);
    return rc;
}

static void node_start(void)
{
    memset(&env, 0, sizeof(env));
    const char *dir = getenv("MOLDAU_AUTHZ_DIR");
    if (!dir) {
        /* the SASL listeners and users come with the secure ones (the runner's own value
         * back after: other suites of this process see theirs) */
        const char *was = getenv("MOLDAU_KAFKA_SECURE");
        char old[16];
        snprintf(old, sizeof(old), "%s", was ? was : "");
        setenv("MOLDAU_KAFKA_SECURE", "1", 1);
        test_k3_start_with(&node, "authz", 1, AUTHZ_CONFIG);
        if (was)
            setenv("MOLDAU_KAFKA_SECURE", old, 1);
        else
            unsetenv("MOLDAU_KAFKA_SECURE");
        if (!node.up)
            return;
        dir = node.dir;
    }
    if (env_value(dir, "MOLDAU_KAFKA_BOOTSTRAP", env.plain, sizeof(env.plain)) ||
        env_value(dir, "MOLDAU_KAFKA_SASL_BOOTSTRAP", env.sasl, sizeof(env.sasl)) ||
        env_value(dir, "MOLDAU_KAFKA_MTLS_BOOTSTRAP", env.mtls, sizeof(env.mtls)) ||
        env_value(dir, "MOLDAU_TLS_DIR", env.tls_dir, sizeof(env.tls_dir)) ||
        env_value(dir, "MOLDAU_SASL_LIMITED_USER", env.user, sizeof(env.user)) ||
        env_value(dir, "MOLDAU_SASL_LIMITED_PASSWORD", env.password, sizeof(env.password)) ||
        env_value(dir, "MOLDAU_SASL_USER", env.alice, sizeof(env.alice)) ||
        env_value(dir, "MOLDAU_SASL_PASSWORD", env.alice_password, sizeof(env.alice_password))) {
        fprintf(stderr, "authz_kafka: %s/env lacks the SASL listener or users\n", dir);
        env.broken = 1;
        return;
    }
    env.up = setup() == 0;
    env.broken = !env.up;
}

static void node_stop(void) { test_k3_stop(&node); }

#define TEST_NEED_NODE()                                                                         \
    ck_assert_msg(!env.broken, "the node's SASL users, topics or ACLs could not be set up");    \
    if (!env.up) {                                                                               \
        test_peer_missing(__func__, "a Kafka node with an authorizer and SASL listeners "      \
                                    "(tests/support/kafka.sh, MOLDAU_KAFKA_SECURE=1)");          \
        return;                                                                                  \
    }

/* ---- what a client tells: requests sent per API, error callbacks ------------------------- */

typedef struct seen {
    int metadata, produce, init_pid, find_coord, join, offset_commit, offset_fetch, fetch, other;
    int errors;
    moldau_err_t err;
    char reason[512];
} seen_t;

static void on_log(moldau_client_t *c, int level, const char *fac, const char *msg, void *op)
{
    (void)c, (void)level;
    seen_t *s = op;
    if (getenv("MOLDAU_AUTHZ_TRACE")) /* by hand: every line */
        fprintf(stderr, "%s: %s\n", fac, msg);
    if (strcmp(fac, "SEND"))
        return;
    /* "broker: Api vN corr C (n bytes)" */
    const char *api = strstr(msg, ": ");
    if (!api)
        return;
    api += 2;
    if (!strncmp(api, "Metadata ", 9))
        s->metadata++;
    else if (!strncmp(api, "Produce ", 8))
        s->produce++;
    else if (!strncmp(api, "InitProducerId ", 15))
        s->init_pid++;
    else if (!strncmp(api, "FindCoordinator ", 16))
        s->find_coord++;
    else if (!strncmp(api, "JoinGroup ", 10))
        s->join++;
    else if (!strncmp(api, "OffsetCommit ", 13))
        s->offset_commit++;
    else if (!strncmp(api, "OffsetFetch ", 12))
        s->offset_fetch++;
    else if (!strncmp(api, "Fetch ", 6))
        s->fetch++;
    else
        s->other++;
}

static void on_error(moldau_client_t *c, moldau_err_t err, const char *reason, void *op)
{
    (void)c;
    seen_t *s = op;
    s->errors++;
    s->err = err;
    if (getenv("MOLDAU_AUTHZ_TRACE"))
        fprintf(stderr, "ERROR CALLBACK: %s: %s\n", moldau_err_name(err), reason);
    snprintf(s->reason, sizeof(s->reason), "%s", reason);
}

/* A configuration as `user` over SASL_PLAINTEXT with the request log going to s, then the
 * NULL-terminated pairs kv (may be NULL). */
static moldau_conf_t *conf_as(const char *user, const char *password, seen_t *s,
                              const char *const *kv)
{
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    const char *base[] = {"bootstrap.servers", env.sasl, "security.protocol", "SASL_PLAINTEXT",
                          "sasl.mechanism", "PLAIN", "sasl.username", user,
                          "sasl.password", password, "debug", "protocol", "log.level", "3",
                          NULL};
    for (size_t i = 0; base[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, base[i], base[i + 1], err, sizeof(err)) == 0, "%s",
                      err);
    for (size_t i = 0; kv && kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s: %s",
                      kv[i], err);
    moldau_conf_set_log_cb(conf, on_log);
    moldau_conf_set_error_cb(conf, on_error);
    moldau_conf_set_opaque(conf, s);
    return conf;
}

/* ---- producer ------------------------------------------------------------------------------ */

typedef struct report {
    int n;
    moldau_err_t err;
    char reason[256];
} report_t;

static void on_delivery(moldau_producer_t *p, const moldau_delivery_t *dr, void *op)
{
    (void)p, (void)op; /* op: the configuration's opaque */
    report_t *r = dr->opaque;
    r->n++;
    r->err = dr->err;
    snprintf(r->reason, sizeof(r->reason), "%s", dr->reason ? dr->reason : "");
}

/* A producer of conf (freed here). */
static moldau_producer_t *producer_from(moldau_conf_t *conf)
{
    char err[512];
    moldau_producer_t *p = moldau_producer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(p != NULL, "%s", err);
    return p;
}

static moldau_producer_t *producer_as(const char *user, const char *password, seen_t *s,
                                      const char *const *kv)
{
    return producer_from(conf_as(user, password, s, kv));
}

static void produce(moldau_producer_t *p, const char *topic, report_t *r, int n)
{
    for (int i = 0; i < n; i++) {
        moldau_producer_record_t rec = MOLDAU_PRODUCER_RECORD_INIT;
        rec.topic = topic;
        rec.value = "v";
        rec.value_len = 1;
        moldau_err_t err = moldau_produce(p, &rec, on_delivery, &r[i]);
        if (err) { /* refused at once: as a report */
            r[i].n++;
            r[i].err = err;
        }
    }
}

START_TEST(produce_denied_topic_fails_once)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    const char *kv[] = {"enable.idempotence", "false", "linger.ms", "0", NULL};
    moldau_producer_t *p = producer_as(env.user, env.password, &s, kv);
    report_t ok[5] = {0}, denied[5] = {0};
    produce(p, OK_TOPIC, ok, 5);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    for (int i = 0; i < 5; i++)
        ck_assert_msg(ok[i].n == 1 && ok[i].err == MOLDAU_ERR_NONE, "%d: %d reports, %s", i,
                      ok[i].n, moldau_err_name(ok[i].err));
    time_t t0 = time(NULL);
    produce(p, DENIED_TOPIC, denied, 5);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    ck_assert_int_lt(time(NULL) - t0, 20); /* far below delivery.timeout.ms */
    for (int i = 0; i < 5; i++) {
        ck_assert_msg(denied[i].n == 1, "record %d: %d reports", i, denied[i].n);
        ck_assert_msg(denied[i].err == MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, "record %d: %s", i,
                      moldau_err_name(denied[i].err));
        ck_assert_msg(strstr(denied[i].reason, DENIED_TOPIC), "record %d: \"%s\"", i,
                      denied[i].reason);
    }
    /* once refused, a later record fails at once too, without asking the cluster again */
    int md = s.metadata;
    report_t later = {0};
    produce(p, DENIED_TOPIC, &later, 1);
    ck_assert_int_eq(moldau_producer_flush(p, 10000), MOLDAU_ERR_NONE);
    ck_assert_int_eq(later.n, 1);
    ck_assert_int_eq(later.err, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED);
    sleep(2); /* a retry loop would show here */
    moldau_producer_poll(p, 100);
    ck_assert_msg(s.metadata - md <= 1, "%d Metadata requests after the refusal",
                  s.metadata - md);
    ck_assert_msg(s.metadata <= 6, "%d Metadata requests in all", s.metadata);
    ck_assert_msg(s.produce >= 1 && s.produce <= 5, "%d Produce requests", s.produce);
    moldau_producer_close(p, 5000);
}
END_TEST

/* The same over mutual TLS: the certificate's principal may write to authz-ok (so the broker
 * maps it as MTLS_PRINCIPAL says), not to authz-denied. */
START_TEST(mtls_principal)
{
    TEST_NEED_NODE();
    if (!moldau__tls_available()) {
        fprintf(stderr, "\n*** SKIPPED %s: moldau built without TLS ***\n", __func__);
        return;
    }
    static seen_t s;
    memset(&s, 0, sizeof(s));
    char ca[512], ks[512];
    snprintf(ca, sizeof(ca), "%s/ca.pem", env.tls_dir);
    snprintf(ks, sizeof(ks), "%s/client-keystore.pem", env.tls_dir);
    moldau_conf_t *conf = moldau_conf_new();
    char err[512];
    const char *kv[] = {"bootstrap.servers", env.mtls, "security.protocol", "SSL",
                        "ssl.truststore.location", ca, "ssl.keystore.location", ks,
                        "enable.idempotence", "false", "linger.ms", "0", "log.level", "3",
                        NULL};
    for (size_t i = 0; kv[i]; i += 2)
        ck_assert_msg(moldau_conf_set(conf, kv[i], kv[i + 1], err, sizeof(err)) == 0, "%s: %s",
                      kv[i], err);
    moldau_conf_set_error_cb(conf, on_error);
    moldau_conf_set_opaque(conf, &s);
    moldau_producer_t *p = producer_from(conf);
    report_t ok[2] = {0}, denied[2] = {0};
    produce(p, OK_TOPIC, ok, 2);
    produce(p, DENIED_TOPIC, denied, 2);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    for (int i = 0; i < 2; i++) {
        ck_assert_msg(ok[i].n == 1 && ok[i].err == MOLDAU_ERR_NONE, "%d: %s", i,
                      moldau_err_name(ok[i].err));
        ck_assert_int_eq(denied[i].n, 1);
        ck_assert_int_eq(denied[i].err, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED);
        ck_assert_msg(strstr(denied[i].reason, DENIED_TOPIC), "\"%s\"", denied[i].reason);
    }
    ck_assert_int_eq(s.errors, 0);
    moldau_producer_close(p, 5000);
}
END_TEST

/* Kafka 2.8+ (KIP-679): WRITE on a topic is enough for an idempotent producer's
 * InitProducerId, no IDEMPOTENT_WRITE on the cluster. */
START_TEST(idempotent_with_topic_write)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    const char *kv[] = {"enable.idempotence", "true", NULL};
    moldau_producer_t *p = producer_as(env.user, env.password, &s, kv);
    report_t r[3] = {0};
    produce(p, OK_TOPIC, r, 3);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    for (int i = 0; i < 3; i++)
        ck_assert_msg(r[i].n == 1 && r[i].err == MOLDAU_ERR_NONE, "%d: %s", i,
                      moldau_err_name(r[i].err));
    /* a fresh node may ask for a moment while it allocates producer ids */
    ck_assert_msg(s.init_pid >= 1 && s.init_pid <= 3, "%d InitProducerId", s.init_pid);
    ck_assert_int_eq(s.errors, 0);
    moldau_producer_close(p, 5000);
}
END_TEST

/* alice may describe authz-ok but write nowhere: InitProducerId is refused
 * (CLUSTER_AUTHORIZATION_FAILED), which no retry mends: the producer is done, every record
 * fails once with it, the application is told once. */
START_TEST(idempotent_without_write_is_fatal)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    const char *kv[] = {"enable.idempotence", "true", NULL};
    moldau_producer_t *p = producer_as(env.alice, env.alice_password, &s, kv);
    report_t r[3] = {0};
    time_t t0 = time(NULL);
    produce(p, OK_TOPIC, r, 3);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    ck_assert_int_lt(time(NULL) - t0, 20);
    for (int i = 0; i < 3; i++) {
        ck_assert_msg(r[i].n == 1, "%d: %d reports", i, r[i].n);
        ck_assert_msg(r[i].err == MOLDAU_ERR_CLUSTER_AUTHORIZATION_FAILED, "%d: %s", i,
                      moldau_err_name(r[i].err));
    }
    sleep(1);
    moldau_producer_poll(p, 100);
    ck_assert_msg(s.init_pid == 1, "%d InitProducerId requests", s.init_pid);
    ck_assert_int_eq(s.produce, 0);
    /* told once, as the fatal error it is, saying what is missing */
    ck_assert_int_eq(s.errors, 1);
    ck_assert_int_eq(s.err, MOLDAU_ERR_CLUSTER_AUTHORIZATION_FAILED);
    ck_assert_msg(strstr(s.reason, "IDEMPOTENT_WRITE"), "\"%s\"", s.reason);
    /* and a record produced later fails at once with it too */
    report_t later = {0};
    produce(p, OK_TOPIC, &later, 1);
    ck_assert_int_eq(moldau_producer_flush(p, 10000), MOLDAU_ERR_NONE);
    ck_assert_int_eq(later.n, 1);
    ck_assert_int_eq(later.err, MOLDAU_ERR_CLUSTER_AUTHORIZATION_FAILED);
    ck_assert_int_eq(s.init_pid, 1);
    ck_assert_int_eq(s.errors, 1);
    moldau_producer_close(p, 5000);
}
END_TEST

/* alice sees authz-ok but may not write: the Produce answer refuses each batch, which fails
 * once, not retried */
START_TEST(produce_without_write_fails_once)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    const char *kv[] = {"enable.idempotence", "false", "linger.ms", "0", NULL};
    moldau_producer_t *p = producer_as(env.alice, env.alice_password, &s, kv);
    report_t r[5] = {0};
    produce(p, OK_TOPIC, r, 5);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    for (int i = 0; i < 5; i++) {
        ck_assert_msg(r[i].n == 1, "record %d: %d reports", i, r[i].n);
        ck_assert_msg(r[i].err == MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, "record %d: %s", i,
                      moldau_err_name(r[i].err));
        ck_assert_msg(strstr(r[i].reason, OK_TOPIC), "record %d: \"%s\"", i, r[i].reason);
    }
    sleep(1);
    moldau_producer_poll(p, 100);
    ck_assert_msg(s.produce >= 1 && s.produce <= 5, "%d Produce requests", s.produce);
    ck_assert_msg(s.metadata <= 6, "%d Metadata requests", s.metadata);
    moldau_producer_close(p, 5000);
}
END_TEST

/* ---- consumer ------------------------------------------------------------------------------ */

static moldau_consumer_t *consumer_of(const char *user, const char *password, seen_t *s,
                                      const char *const *kv)
{
    moldau_conf_t *conf = conf_as(user, password, s, kv);
    char err[512];
    moldau_consumer_t *c = moldau_consumer_new(conf, err, sizeof(err));
    moldau_conf_destroy(conf);
    ck_assert_msg(c != NULL, "%s", err);
    return c;
}

static moldau_consumer_t *consumer_as(seen_t *s, const char *const *kv)
{
    return consumer_of(env.user, env.password, s, kv);
}

/* Polls (at most ~20 s) until an error event; returns its error, e filled. */
static moldau_err_t poll_error(moldau_consumer_t *c, moldau_consumer_error_t *e, char *reason,
                               size_t size, char *topic, size_t tsize)
{
    reason[0] = topic[0] = 0;
    for (int i = 0; i < 200; i++) {
        memset(e, 0, sizeof(*e));
        const moldau_consumer_record_t *rec = moldau_consumer_poll(c, 100, e);
        if (!rec && e->err) {
            snprintf(reason, size, "%s", e->reason ? e->reason : "");
            snprintf(topic, tsize, "%s", e->topic ? e->topic : "");
            if (getenv("MOLDAU_AUTHZ_TRACE"))
                fprintf(stderr, "EVENT: %s [%s %d]: %s\n", moldau_err_name(e->err), topic,
                        (int)e->partition, reason);
            return e->err;
        }
    }
    return MOLDAU_ERR_NONE;
}

/* The next error event is `want`; its reason and topic (or "") into the buffers. */
static void expect_event(moldau_consumer_t *c, moldau_err_t want, char reason[512],
                         char topic[256])
{
    moldau_consumer_error_t e;
    moldau_err_t err = poll_error(c, &e, reason, 512, topic, 256);
    ck_assert_msg(err == want, "%s: %s", moldau_err_name(err), reason);
}

/* Two seconds of polls after a refusal: a retry loop behind it would show in the counters. */
static void poll_a_while(moldau_consumer_t *c)
{
    moldau_consumer_error_t e;
    for (int i = 0; i < 20; i++)
        moldau_consumer_poll(c, 100, &e);
}

/* what the ACLs allow works: the group authz-group consumes authz-ok and commits */
START_TEST(consume_allowed)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    const char *pkv[] = {"linger.ms", "0", NULL};
    moldau_producer_t *p = producer_as(env.user, env.password, &s, pkv);
    report_t r[3] = {0};
    produce(p, OK_TOPIC, r, 3);
    ck_assert_int_eq(moldau_producer_flush(p, 30000), MOLDAU_ERR_NONE);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(r[i].err, MOLDAU_ERR_NONE);
    moldau_producer_close(p, 5000);
    const char *kv[] = {"group.id", OK_GROUP, "auto.offset.reset", "earliest",
                        "enable.auto.commit", "false", NULL};
    moldau_consumer_t *c = consumer_as(&s, kv);
    const char *topics[] = {OK_TOPIC};
    ck_assert_int_eq(moldau_consumer_subscribe(c, topics, 1), MOLDAU_ERR_NONE);
    int got = 0;
    moldau_consumer_error_t e;
    for (int i = 0; i < 300 && got < 3; i++) {
        const moldau_consumer_record_t *rec = moldau_consumer_poll(c, 100, &e);
        ck_assert_msg(rec || !e.err, "%s: %s", moldau_err_name(e.err), e.reason);
        got += rec != NULL;
    }
    ck_assert_int_ge(got, 3);
    ck_assert_int_eq(moldau_consumer_commit(c, NULL, 0), MOLDAU_ERR_NONE);
    moldau_consumer_close(c);
}
END_TEST

START_TEST(consume_other_group_denied)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    const char *kv[] = {"group.id", OTHER_GROUP, "auto.offset.reset", "earliest", NULL};
    moldau_consumer_t *c = consumer_as(&s, kv);
    const char *topics[] = {OK_TOPIC};
    ck_assert_int_eq(moldau_consumer_subscribe(c, topics, 1), MOLDAU_ERR_NONE);
    char reason[512], topic[256];
    expect_event(c, MOLDAU_ERR_GROUP_AUTHORIZATION_FAILED, reason, topic);
    ck_assert_msg(strstr(reason, OTHER_GROUP), "\"%s\"", reason);
    /* no loop of FindCoordinator or JoinGroup behind it */
    int fc = s.find_coord, join = s.join;
    poll_a_while(c);
    ck_assert_msg(s.find_coord - fc <= 1 && s.join - join <= 1,
                  "%d FindCoordinator, %d JoinGroup after the refusal", s.find_coord - fc,
                  s.join - join);
    moldau_consumer_close(c);
}
END_TEST

START_TEST(commit_other_group_denied)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    const char *kv[] = {"group.id", OTHER_GROUP, "enable.auto.commit", "false", NULL};
    moldau_consumer_t *c = consumer_as(&s, kv);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, OK_TOPIC, 0)->offset = 0;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    time_t t0 = time(NULL);
    moldau_err_t err = moldau_consumer_commit(c, l, 0);
    ck_assert_msg(err == MOLDAU_ERR_GROUP_AUTHORIZATION_FAILED, "%s", moldau_err_name(err));
    /* the committed offsets of the group: refused as well, not waited for to the timeout */
    err = moldau_consumer_committed(c, l, 20000);
    ck_assert_msg(err == MOLDAU_ERR_GROUP_AUTHORIZATION_FAILED, "%s", moldau_err_name(err));
    ck_assert_int_lt(time(NULL) - t0, 15);
    ck_assert_msg(s.find_coord <= 4 && s.offset_commit <= 1 && s.offset_fetch <= 1,
                  "%d FindCoordinator, %d OffsetCommit, %d OffsetFetch", s.find_coord,
                  s.offset_commit, s.offset_fetch);
    moldau_partition_list_destroy(l);
    moldau_consumer_close(c);
}
END_TEST

/* assigned at the group's committed offset: the OffsetFetch refused is an event, once */
START_TEST(stored_offset_other_group_denied)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    const char *kv[] = {"group.id", OTHER_GROUP, "enable.auto.commit", "false", NULL};
    moldau_consumer_t *c = consumer_as(&s, kv);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, OK_TOPIC, 0)->offset = MOLDAU_OFFSET_STORED;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
    char reason[512], topic[256];
    expect_event(c, MOLDAU_ERR_GROUP_AUTHORIZATION_FAILED, reason, topic);
    ck_assert_str_eq(topic, OK_TOPIC);
    ck_assert_msg(strstr(reason, OTHER_GROUP), "\"%s\"", reason);
    int fc = s.find_coord, of = s.offset_fetch;
    poll_a_while(c);
    ck_assert_msg(s.find_coord - fc <= 1 && s.offset_fetch - of <= 1,
                  "after the refusal: %d FindCoordinator, %d OffsetFetch", s.find_coord - fc,
                  s.offset_fetch - of);
    moldau_consumer_close(c);
}
END_TEST

START_TEST(consume_denied_topic)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    const char *kv[] = {"group.id", OK_GROUP, "auto.offset.reset", "earliest", NULL};
    moldau_consumer_t *c = consumer_as(&s, kv);
    const char *topics[] = {DENIED_TOPIC};
    ck_assert_int_eq(moldau_consumer_subscribe(c, topics, 1), MOLDAU_ERR_NONE);
    char reason[512], topic[256];
    expect_event(c, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, reason, topic);
    ck_assert_msg(!strcmp(topic, DENIED_TOPIC) || strstr(reason, DENIED_TOPIC), "%s: \"%s\"",
                  topic, reason);
    int md = s.metadata;
    poll_a_while(c);
    ck_assert_msg(s.metadata - md <= 2, "%d Metadata requests after the refusal",
                  s.metadata - md);
    moldau_consumer_close(c);
}
END_TEST

/* offsets asked of a refused topic's leader: the refusal at once, not a wait to the timeout */
START_TEST(offsets_of_denied_topic)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    moldau_consumer_t *c = consumer_as(&s, NULL);
    time_t t0 = time(NULL);
    int64_t low = -2, high = -2;
    moldau_err_t err =
        moldau_consumer_query_watermark_offsets(c, DENIED_TOPIC, 0, &low, &high, 20000);
    ck_assert_msg(err == MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, "%s", moldau_err_name(err));
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, DENIED_TOPIC, 0)->offset = 0;
    err = moldau_consumer_offsets_for_times(c, l, 20000);
    ck_assert_msg(err == MOLDAU_ERR_NONE || err == MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, "%s",
                  moldau_err_name(err));
    ck_assert_msg(l->elems[0].err == MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, "%s",
                  moldau_err_name(l->elems[0].err));
    moldau_partition_list_destroy(l);
    ck_assert_int_lt(time(NULL) - t0, 10);
    ck_assert_msg(s.metadata <= 8, "%d Metadata requests", s.metadata); /* a loop: ~100 */
    moldau_consumer_close(c);
}
END_TEST

START_TEST(assign_denied_topic)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    moldau_consumer_t *c = consumer_as(&s, NULL);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, DENIED_TOPIC, 0)->offset = MOLDAU_OFFSET_BEGINNING;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
    char reason[512], topic[256];
    expect_event(c, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, reason, topic);
    ck_assert_msg(!strcmp(topic, DENIED_TOPIC) || strstr(reason, DENIED_TOPIC), "%s: \"%s\"",
                  topic, reason);
    int md = s.metadata, fetch = s.fetch, other = s.other;
    poll_a_while(c);
    ck_assert_msg(s.metadata - md <= 2 && s.fetch - fetch <= 2 && s.other - other <= 2,
                  "after the refusal: %d Metadata, %d Fetch, %d other requests", s.metadata - md,
                  s.fetch - fetch, s.other - other);
    moldau_consumer_close(c);
}
END_TEST

/* alice may describe authz-ok but not read it */
START_TEST(fetch_without_read)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    moldau_consumer_t *c = consumer_of(env.alice, env.alice_password, &s, NULL);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, OK_TOPIC, 0)->offset = MOLDAU_OFFSET_BEGINNING;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
    char reason[512], topic[256];
    expect_event(c, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, reason, topic);
    ck_assert_str_eq(topic, OK_TOPIC);
    int md = s.metadata, fetch = s.fetch, other = s.other;
    poll_a_while(c);
    ck_assert_msg(s.metadata - md <= 2 && s.fetch - fetch <= 2 && s.other - other <= 2,
                  "after the refusal: %d Metadata, %d Fetch, %d other requests", s.metadata - md,
                  s.fetch - fetch, s.other - other);
    moldau_consumer_close(c);
}
END_TEST

/* How many bindings match f, waiting (up to 10 s) for `want`. */
static size_t acls_now(moldau_admin_t *a, const moldau_admin_acl_binding_t *f, size_t want)
{
    size_t n = 0;
    for (int i = 0; i < 100; i++) {
        moldau_admin_acl_results_t *r;
        ck_assert_int_eq(moldau_admin_describe_acls(a, f, -1, &r), MOLDAU_ERR_NONE);
        n = r->n_items;
        moldau_admin_result_free(r);
        if (n == want)
            break;
        usleep(100 * 1000);
    }
    return n;
}

/* A refusal is not for good: once the ACLs are granted, the next metadata refresh
 * (metadata.max.age.ms, 1 s here) lets the producer write and the consumer read. */
START_TEST(granted_later_works)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    const char *kv[] = {"metadata.max.age.ms", "1000", NULL};
    const char *pkv[] = {"metadata.max.age.ms", "1000", "linger.ms", "0", NULL};
    moldau_consumer_t *c = consumer_as(&s, kv);
    moldau_partition_list_t *l = moldau_partition_list_new(1);
    moldau_partition_list_add(l, LATER_TOPIC, 0)->offset = MOLDAU_OFFSET_BEGINNING;
    ck_assert_int_eq(moldau_consumer_assign(c, l), MOLDAU_ERR_NONE);
    moldau_partition_list_destroy(l);
    char reason[512], topic[256];
    expect_event(c, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, reason, topic);
    moldau_producer_t *p = producer_as(env.user, env.password, &s, pkv);
    report_t r = {0};
    produce(p, LATER_TOPIC, &r, 1);
    ck_assert_int_eq(moldau_producer_flush(p, 10000), MOLDAU_ERR_NONE);
    ck_assert_int_eq(r.err, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED);

    moldau_admin_t *a = test_admin_new(env.plain);
    char who[128];
    snprintf(who, sizeof(who), "User:%s", env.user);
    moldau_admin_acl_binding_t bs[] = {
        allow(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, LATER_TOPIC, who, MOLDAU_ADMIN_ACL_OP_DESCRIBE),
        allow(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, LATER_TOPIC, who, MOLDAU_ADMIN_ACL_OP_READ),
        allow(MOLDAU_ADMIN_ACL_RESOURCE_TOPIC, LATER_TOPIC, who, MOLDAU_ADMIN_ACL_OP_WRITE),
    };
    moldau_admin_acl_results_t *ar;
    ck_assert_int_eq(moldau_admin_create_acls(a, bs, 3, -1, &ar), MOLDAU_ERR_NONE);
    moldau_admin_result_free(ar);
    moldau_admin_acl_binding_t f = MOLDAU_ADMIN_ACL_FILTER_ANY;
    f.resource_type = MOLDAU_ADMIN_ACL_RESOURCE_TOPIC;
    f.resource_name = LATER_TOPIC;
    ck_assert_uint_eq(acls_now(a, &f, 3), 3);

    /* each record before the refresh fails once; one after it is delivered */
    int refused = 0;
    for (int i = 0; i < 100; i++) {
        memset(&r, 0, sizeof(r));
        produce(p, LATER_TOPIC, &r, 1);
        ck_assert_int_eq(moldau_producer_flush(p, 10000), MOLDAU_ERR_NONE);
        ck_assert_int_eq(r.n, 1);
        if (!r.err)
            break;
        ck_assert_int_eq(r.err, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED);
        refused++;
        usleep(100 * 1000);
    }
    ck_assert_msg(r.err == MOLDAU_ERR_NONE, "still %s after %d tries", moldau_err_name(r.err),
                  refused);
    moldau_producer_close(p, 5000);
    const moldau_consumer_record_t *rec = NULL;
    moldau_consumer_error_t e;
    for (int i = 0; i < 100 && !rec; i++) {
        rec = moldau_consumer_poll(c, 100, &e);
        ck_assert_msg(rec || !e.err || e.err == MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, "%s: %s",
                      moldau_err_name(e.err), e.reason);
    }
    ck_assert_msg(rec != NULL, "no record after the grant");
    moldau_consumer_close(c);

    /* the node as it was (for MOLDAU_AUTHZ_DIR runs) */
    moldau_admin_acl_delete_results_t *d;
    ck_assert_int_eq(moldau_admin_delete_acls(a, &f, 1, -1, &d), MOLDAU_ERR_NONE);
    moldau_admin_result_free(d);
    ck_assert_uint_eq(acls_now(a, &f, 0), 0);
    moldau_admin_close(a);
}
END_TEST

/* ---- admin --------------------------------------------------------------------------------- */

START_TEST(admin_without_rights)
{
    TEST_NEED_NODE();
    static seen_t s;
    memset(&s, 0, sizeof(s));
    moldau_conf_t *conf = conf_as(env.user, env.password, &s, NULL);
    char errstr[512];
    moldau_admin_t *a = moldau_admin_new(conf, errstr, sizeof(errstr));
    moldau_conf_destroy(conf);
    ck_assert_msg(a != NULL, "%s", errstr);

    moldau_admin_new_topic_t nt = MOLDAU_ADMIN_NEW_TOPIC_INIT;
    nt.name = "authz-new";
    moldau_admin_create_topics_result_t *cr;
    time_t t0 = time(NULL);
    ck_assert_int_eq(moldau_admin_create_topics(a, &nt, 1, 0, 20000, &cr), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(cr->n_items, 1);
    ck_assert_str_eq(cr->items[0]->name, "authz-new");
    ck_assert_msg(cr->items[0]->err == MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED ||
                      cr->items[0]->err == MOLDAU_ERR_CLUSTER_AUTHORIZATION_FAILED,
                  "%s", moldau_err_name(cr->items[0]->err));
    ck_assert_ptr_nonnull(cr->items[0]->errmsg);
    moldau_admin_result_free(cr);

    /* one it may describe but not delete, one it may not even see */
    const char *del[] = {OK_TOPIC, DENIED_TOPIC};
    moldau_admin_topic_results_t *dr;
    ck_assert_int_eq(moldau_admin_delete_topics(a, del, 2, 20000, &dr), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(dr->n_items, 2);
    for (int i = 0; i < 2; i++) {
        ck_assert_str_eq(dr->items[i]->name, del[i]);
        ck_assert_msg(dr->items[i]->err == MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED, "%s: %s",
                      del[i], moldau_err_name(dr->items[i]->err));
    }
    moldau_admin_result_free(dr);

    /* cluster-wide: the call's error */
    moldau_admin_acl_binding_t f = MOLDAU_ADMIN_ACL_FILTER_ANY;
    moldau_admin_acl_results_t *ar = NULL;
    ck_assert_int_eq(moldau_admin_describe_acls(a, &f, 20000, &ar),
                     MOLDAU_ERR_CLUSTER_AUTHORIZATION_FAILED);
    moldau_admin_result_free(ar);

    /* topics described: the one it may see, and a refusal naming the other */
    moldau_admin_topic_descriptions_t *td;
    ck_assert_int_eq(moldau_admin_describe_topics(a, del, 2, 20000, &td), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(td->n_items, 2);
    ck_assert_str_eq(td->items[0]->name, OK_TOPIC);
    ck_assert_int_eq(td->items[0]->err, MOLDAU_ERR_NONE);
    ck_assert_str_eq(td->items[1]->name, DENIED_TOPIC);
    ck_assert_int_eq(td->items[1]->err, MOLDAU_ERR_TOPIC_AUTHORIZATION_FAILED);
    moldau_admin_result_free(td);

    /* groups: refused by FindCoordinator already, once, not retried to the timeout */
    int fc = s.find_coord;
    const char *groups[] = {OTHER_GROUP};
    moldau_admin_group_descriptions_t *gd;
    ck_assert_int_eq(moldau_admin_describe_groups(a, groups, 1, 20000, &gd), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(gd->n_items, 1);
    ck_assert_str_eq(gd->items[0]->group_id, OTHER_GROUP);
    ck_assert_msg(gd->items[0]->err == MOLDAU_ERR_GROUP_AUTHORIZATION_FAILED, "%s",
                  moldau_err_name(gd->items[0]->err));
    moldau_admin_result_free(gd);
    moldau_admin_group_results_t *gr;
    ck_assert_int_eq(moldau_admin_delete_groups(a, groups, 1, 20000, &gr), MOLDAU_ERR_NONE);
    ck_assert_uint_eq(gr->n_items, 1);
    ck_assert_str_eq(gr->items[0]->group_id, OTHER_GROUP);
    ck_assert_msg(gr->items[0]->err == MOLDAU_ERR_GROUP_AUTHORIZATION_FAILED, "%s",
                  moldau_err_name(gr->items[0]->err));
    moldau_admin_result_free(gr);
    ck_assert_msg(s.find_coord - fc <= 4, "%d FindCoordinator requests", s.find_coord - fc);
    ck_assert_int_lt(time(NULL) - t0, 30);
    moldau_admin_close(a);
}
END_TEST

Suite *moldau_test_authz_kafka_suite(void)
{
    Suite *s = suite_create("authz_kafka");
    TCase *tc = tcase_create("authorizer");
    tcase_set_timeout(tc, 240);
    tcase_add_unchecked_fixture(tc, node_start, node_stop);
    tcase_add_test(tc, produce_denied_topic_fails_once);
    tcase_add_test(tc, mtls_principal);
    tcase_add_test(tc, idempotent_with_topic_write);
    tcase_add_test(tc, idempotent_without_write_is_fatal);
    tcase_add_test(tc, produce_without_write_fails_once);
    tcase_add_test(tc, consume_allowed);
    tcase_add_test(tc, consume_other_group_denied);
    tcase_add_test(tc, commit_other_group_denied);
    tcase_add_test(tc, stored_offset_other_group_denied);
    tcase_add_test(tc, consume_denied_topic);
    tcase_add_test(tc, assign_denied_topic);
    tcase_add_test(tc, offsets_of_denied_topic);
    tcase_add_test(tc, fetch_without_read);
    tcase_add_test(tc, granted_later_works);
    tcase_add_test(tc, admin_without_rights);
    suite_add_tcase(s, tc);
    return s;
}
