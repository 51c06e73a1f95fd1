/* Configuration: defaults are Kafka's, bad names and values are refused with errors that name
 * them, .properties files load the way java.util.Properties reads them, and the generated
 * docs/configuration.md matches the table. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/conf.h"
#include "util/log.h"

static char *get(const moldau_conf_t *c, const char *name)
{
    static char buf[256];
    size_t n = sizeof(buf);
    ck_assert_int_eq(moldau_conf_get(c, name, buf, &n), MOLDAU_ERR_NONE);
    return buf;
}

START_TEST(defaults_are_kafkas)
{
    moldau_conf_t *c = moldau_conf_new();
    ck_assert_str_eq(get(c, "linger.ms"), "5");
    ck_assert_str_eq(get(c, "batch.size"), "16384");
    ck_assert_str_eq(get(c, "buffer.memory"), "33554432");
    ck_assert_str_eq(get(c, "acks"), "all");
    ck_assert_str_eq(get(c, "enable.idempotence"), "true");
    ck_assert_str_eq(get(c, "delivery.timeout.ms"), "120000");
    ck_assert_str_eq(get(c, "max.block.ms"), "60000");
    ck_assert_str_eq(get(c, "max.request.size"), "1048576");
    ck_assert_str_eq(get(c, "auto.offset.reset"), "latest");
    ck_assert_str_eq(get(c, "session.timeout.ms"), "45000");
    ck_assert_str_eq(get(c, "metadata.recovery.strategy"), "rebootstrap"); /* Java 4.0's */
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_METADATA_RECOVERY_STRATEGY),
                     MOLDAU__RECOVERY_REBOOTSTRAP);
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_LINGER_MS), 5);
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_ENABLE_IDEMPOTENCE), 1);
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_ACKS), MOLDAU__ACKS_ALL);
    ck_assert_int_eq(moldau__conf_is_set(c, MOLDAU__CONF_LINGER_MS), 0);
    moldau_conf_destroy(c);
}
END_TEST

START_TEST(set_and_parse)
{
    moldau_conf_t *c = moldau_conf_new();
    char err[256];
    ck_assert_int_eq(moldau_conf_set(c, "linger.ms", "100", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_LINGER_MS), 100);
    ck_assert_int_eq(moldau__conf_is_set(c, MOLDAU__CONF_LINGER_MS), 1);
    ck_assert_int_eq(moldau_conf_set(c, "compression.type", "LZ4", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_COMPRESSION_TYPE),
                     MOLDAU__COMPRESSION_LZ4);
    ck_assert_int_eq(moldau_conf_set(c, "acks", "1", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_ACKS), MOLDAU__ACKS_1);
    ck_assert_int_eq(moldau_conf_set(c, "enable.idempotence", "false", err, sizeof(err)), 0);
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_ENABLE_IDEMPOTENCE), 0);
    ck_assert_int_eq(moldau_conf_set(c, "bootstrap.servers", "a:1,b:2", err, sizeof(err)), 0);
    ck_assert_str_eq(moldau__conf_str(c, MOLDAU__CONF_BOOTSTRAP_SERVERS), "a:1,b:2");
    moldau_conf_t *d = moldau_conf_dup(c);
    moldau_conf_destroy(c);
    ck_assert_str_eq(get(d, "bootstrap.servers"), "a:1,b:2");
    ck_assert_int_eq(moldau__conf_int(d, MOLDAU__CONF_LINGER_MS), 100);
    moldau_conf_destroy(d);
}
END_TEST

static const struct { const char *name, *value, *expect; } bad[] = {
    {"lingr.ms", "5", "No such configuration property: \"lingr.ms\""},
    {"linger.ms", "abc", "linger.ms: \"abc\" is not an integer"},
    {"linger.ms", "5ms", "linger.ms: \"5ms\" is not an integer"},
    {"linger.ms", "-1", "linger.ms: -1 is out of range"},
    {"batch.size", "99999999999", "batch.size: 99999999999 is out of range"},
    {"acks", "2", "acks: \"2\" is not one of all|-1|0|1"},
    {"enable.idempotence", "yes", "enable.idempotence: \"yes\" is not true or false"},
    {"compression.type", "brotli", "compression.type: \"brotli\" is not one of"},
    {"debug", "protocol,bogus", "debug: unknown subsystem \"bogus\""},
    {"metadata.recovery.strategy", "always",
     "metadata.recovery.strategy: \"always\" is not one of none|rebootstrap"},
};

START_TEST(debug_subsystems)
{
    moldau_conf_t *c = moldau_conf_new();
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_DEBUG), 0);
    ck_assert_int_eq(moldau_conf_set(c, "debug", "protocol, broker", NULL, 0), 0);
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_DEBUG),
                     MOLDAU__DBG_PROTOCOL | MOLDAU__DBG_BROKER);
    ck_assert_int_eq(moldau_conf_set(c, "debug", "all", NULL, 0), 0);
    ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_DEBUG), MOLDAU__DBG_ALL);
    moldau_conf_destroy(c);
}
END_TEST

START_TEST(bad_values_are_errors_naming_the_property)
{
    moldau_conf_t *c = moldau_conf_new();
    char err[256] = "";
    ck_assert_int_eq(moldau_conf_set(c, bad[_i].name, bad[_i].value, err, sizeof(err)),
                     MOLDAU_ERR__BAD_CONF);
    ck_assert_msg(strstr(err, bad[_i].expect) != NULL, "got \"%s\"", err);
    /* the old value is kept */
    if (!strcmp(bad[_i].name, "linger.ms"))
        ck_assert_int_eq(moldau__conf_int(c, MOLDAU__CONF_LINGER_MS), 5);
    moldau_conf_destroy(c);
}
END_TEST

START_TEST(get_buffer_sizes)
{
    moldau_conf_t *c = moldau_conf_new();
    size_t n = 0;
    ck_assert_int_eq(moldau_conf_get(c, "client.id", NULL, &n), 0);
    ck_assert_uint_eq(n, strlen("moldau") + 1);
    char small[3];
    n = sizeof(small);
    ck_assert_int_eq(moldau_conf_get(c, "client.id", small, &n), MOLDAU_ERR__INVALID_ARG);
    ck_assert_uint_eq(n, 7);
    ck_assert_int_eq(moldau_conf_get(c, "nope", NULL, &n), MOLDAU_ERR__BAD_CONF);
    moldau_conf_destroy(c);
}
END_TEST

static char *write_tmp(const char *content)
{
    static char path[64];
    strcpy(path, "/tmp/moldau-conf-XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    return path;
}

START_TEST(properties_file)
{
    char *path = write_tmp("# a comment\n"
                           "! another\n"
                           "\n"
                           "bootstrap.servers = localhost:9092,\\\n"
                           "     localhost:9093\n"
                           "linger.ms:20\n"
                           "  client.id   my\\tclient\\u00e9\n"
                           "acks all\n"
                           "compression.type=zstd");
    moldau_conf_t *c = moldau_conf_new();
    char err[256] = "";
    ck_assert_msg(moldau_conf_load_file(c, path, err, sizeof(err)) == 0, "%s", err);
    ck_assert_str_eq(get(c, "bootstrap.servers"), "localhost:9092,localhost:9093");
    ck_assert_str_eq(get(c, "linger.ms"), "20");
    ck_assert_str_eq(get(c, "client.id"), "my\tclient\xc3\xa9");
    ck_assert_str_eq(get(c, "compression.type"), "zstd");
    unlink(path);
    moldau_conf_destroy(c);
}
END_TEST

START_TEST(properties_file_errors)
{
    char *path = write_tmp("linger.ms=1\n\nbatch.size = big\n");
    moldau_conf_t *c = moldau_conf_new();
    char err[256] = "";
    ck_assert_int_eq(moldau_conf_load_file(c, path, err, sizeof(err)), MOLDAU_ERR__BAD_CONF);
    char expect[128];
    snprintf(expect, sizeof(expect), "%s:3: batch.size: \"big\" is not an integer", path);
    ck_assert_str_eq(err, expect);
    unlink(path);
    ck_assert_int_eq(moldau_conf_load_file(c, "/nonexistent/x.properties", err, sizeof(err)),
                     MOLDAU_ERR__BAD_CONF);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/x.properties: cannot open"));
    moldau_conf_destroy(c);
}
END_TEST

/* docs/configuration.md is generated from the table; this test regenerates it in memory and
 * compares, so the docs cannot drift. MOLDAU_REGEN_DOCS=1 rewrites the file instead. */
static char *render_docs(void)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    size_t n;
    const moldau_conf_prop_info_t *p = moldau_conf_props(&n);
    fprintf(f, "# Configuration properties\n\n"
               "Generated from the table in `src/client/conf_props.h` (`make docs`); a test "
               "checks that\nthey agree. Names and defaults are Kafka's (the Java client's, or "
               "librdkafka's where\nJava has none). Set them with `moldau_conf_set()` or load "
               "a Java-style `.properties`\nfile with `moldau_conf_load_file()`.\n\n"
               "| property | clients | type | default | range / values | description |\n"
               "|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        char range[128] = "";
        if (!strcmp(p[i].type, "int"))
            snprintf(range, sizeof(range), "%lld .. %lld", p[i].min, p[i].max);
        else if (p[i].values)
            snprintf(range, sizeof(range), "%s", p[i].values);
        for (char *s = range; *s; s++)
            if (*s == '|')
                *s = '/';
        char def[128] = "(empty)";
        if (*p[i].default_value)
            snprintf(def, sizeof(def), "`%s`", p[i].default_value);
        fprintf(f, "| `%s` | %s | %s | %s | %s | %s |\n", p[i].name, p[i].clients, p[i].type,
                def, range, p[i].doc);
    }
    fclose(f);
    return out;
}

START_TEST(docs_match_table)
{
    const char *src = getenv("MOLDAU_SRCDIR");
    char path[512];
    snprintf(path, sizeof(path), "%s/docs/configuration.md", src ? src : ".");
    char *want = render_docs();
    if (getenv("MOLDAU_REGEN_DOCS")) {
        FILE *f = fopen(path, "w");
        ck_assert_ptr_nonnull(f);
        fputs(want, f);
        fclose(f);
    }
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s missing: run make docs", path);
    char *have = NULL;
    size_t cap = 0;
    ssize_t n = getdelim(&have, &cap, '\0', f);
    fclose(f);
    ck_assert_msg(n > 0 && !strcmp(have, want), "%s is stale: run make docs", path);
    free(have);
    free(want);
}
END_TEST

Suite *moldau_test_conf_suite(void)
{
    Suite *s = suite_create("conf");
    TCase *tc = tcase_create("conf");
    tcase_add_test(tc, defaults_are_kafkas);
    tcase_add_test(tc, set_and_parse);
    tcase_add_loop_test(tc, bad_values_are_errors_naming_the_property, 0,
                        sizeof(bad) / sizeof(bad[0]));
    tcase_add_test(tc, get_buffer_sizes);
    tcase_add_test(tc, debug_subsystems);
    tcase_add_test(tc, properties_file);
    tcase_add_test(tc, properties_file_errors);
    tcase_add_test(tc, docs_match_table);
    suite_add_tcase(s, tc);
    return s;
}
