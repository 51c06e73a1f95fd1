/* Conformance with Kafka's JSON schemas: every case file written by gen_cases.py (one per
 * message and version) is checked against moldau's codecs through the descriptors of desc.h.
 * Requests: moldau's encoding of the case's values must equal the schema's bytes. Responses:
 * moldau must decode the schema's bytes, consume all of them, and yield the case's values. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_walk.h"

/* The groups of descriptors; a group not linked in yet is a NULL pointer. */
extern const conf_message_t conf_messages_core[] __attribute__((weak));
extern const conf_message_t conf_messages_data[] __attribute__((weak));
extern const conf_message_t conf_messages_group[] __attribute__((weak));
extern const conf_message_t conf_messages_admin[] __attribute__((weak));
extern const conf_message_t conf_messages_consumer[] __attribute__((weak));
extern const conf_message_t conf_messages_txn[] __attribute__((weak));
extern const conf_message_t conf_messages_share[] __attribute__((weak));
extern const conf_message_t conf_messages_admin_b[] __attribute__((weak));
extern const conf_message_t conf_messages_admin_a[] __attribute__((weak));

static const conf_message_t *groups(size_t i)
{
    /* one line each: codec branches add theirs without touching the others' */
    const conf_message_t *all[] = {
        conf_messages_core,
        conf_messages_data,
        conf_messages_group,
        conf_messages_admin,
        conf_messages_consumer,
        conf_messages_txn,
        conf_messages_share,
        conf_messages_admin_b,
        conf_messages_admin_a,
    };
    return i < sizeof(all) / sizeof(all[0]) ? all[i] : (const conf_message_t *)-1;
}

static const conf_message_t *find_message(const char *schema)
{
    const conf_message_t *g;
    for (size_t i = 0; (g = groups(i)) != (const conf_message_t *)-1; i++)
        for (; g && g->schema; g++)
            if (strcmp(g->schema, schema) == 0)
                return g;
    return NULL;
}

static int under_ci(void)
{
    const char *ci = getenv("CI");
    return ci && *ci && strcmp(ci, "false") != 0 && strcmp(ci, "0") != 0;
}

/* ---- the case files, listed once when the suite is made --------------------------------- */

static const char *case_dir;
static struct dirent **case_files;
static int n_case_files;

static int is_case(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 5 && strcmp(e->d_name + n - 5, ".json") == 0;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (cap - len < 4096) {
            char *nb = realloc(buf, cap = cap * 2 + 8192);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
    } while (n > 0);
    fclose(f);
    buf[len] = '\0';
    return buf;
}

static cJSON *load_case_file(const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", case_dir, name);
    char *text = read_file(path);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    ck_assert_msg(doc != NULL, "%s is not JSON", path);
    return doc;
}

/* "MetadataRequest-v05.json" -> "MetadataRequest" */
static void schema_of_file(const char *file, char *out, size_t cap)
{
    const char *dash = strrchr(file, '-');
    size_t n = dash ? (size_t)(dash - file) : strlen(file);
    snprintf(out, cap, "%.*s", (int)n, file);
}

/* ---- one case ------------------------------------------------------------------------------ */

typedef struct conf_case {
    const char *schema;
    int16_t version;
    int index;
    const conf_message_t *m;
    const cJSON *spec;
    const cJSON *value;
    const char *hex;
    const cJSON *layout; /* [offset, field path] pairs in offset order */
    int is_api; /* not a header or data payload: UNSUPPORTED_VERSION is then a failure */
} conf_case_t;

enum { CASE_DONE, CASE_SKIP };

static void report_bytes(conf_report_t *rep, const char *what, const uint8_t *p, size_t n,
                         size_t from, size_t mark)
{
    char line[200];
    size_t len = 0, to = from + 24 < n ? from + 24 : n;
    for (size_t i = from; i < to && len + 4 < sizeof(line); i++)
        len += (size_t)snprintf(line + len, sizeof(line) - len, i == mark ? "[%02x]" : "%02x",
                                p[i]);
    conf_report_note(rep, "    %s @%zu: %s%s", what, from, line, to < n ? ".." : "");
}

/* Names the field of the schema's encoding that holds byte `at`. */
static void report_field_at(conf_report_t *rep, const conf_case_t *c, size_t at)
{
    const cJSON *e, *best = NULL;
    cJSON_ArrayForEach(e, c->layout)
    {
        const cJSON *off = cJSON_GetArrayItem(e, 0);
        if (cJSON_IsNumber(off) && off->valuedouble <= (double)at)
            best = e;
    }
    if (best)
        conf_report_note(rep, "    offset %zu is in %s (which starts at offset %d)", at,
                         cJSON_GetStringValue(cJSON_GetArrayItem(best, 1)),
                         cJSON_GetArrayItem(best, 0)->valueint);
    else if (at > 0)
        conf_report_note(rep, "    offset %zu is past the end of the schema's encoding", at);
}

static int check_encode(conf_report_t *rep, const conf_case_t *c, const uint8_t *want,
                        size_t want_len)
{
    moldau_arena_t a;
    moldau_arena_init(&a);
    void *msg = moldau_arena_calloc(&a, 1, c->m->size);
    int skip = 0;
    ck_assert_ptr_nonnull(msg);
    conf_fill(rep, &a, c->m->fields, c->spec, c->value, msg, "");
    if (rep->n_errors == 0) {
        moldau_buf_t w;
        moldau_buf_init(&w);
        moldau_err_t err = c->m->encode(&w, c->version, msg);
        if (err == MOLDAU_ERR__UNSUPPORTED_VERSION && !c->is_api)
            skip = 1;
        else if (err != MOLDAU_ERR_NONE)
            conf_report_add(rep, "encode: %s", moldau_err_name(err));
        else if (w.len != want_len || (want_len && memcmp(w.data, want, want_len) != 0)) {
            size_t at = 0;
            while (at < w.len && at < want_len && w.data[at] == want[at])
                at++;
            conf_report_add(rep, "encode: bytes differ at offset %zu (moldau wrote %zu bytes, "
                            "the schema %zu)", at, w.len, want_len);
            size_t from = at > 8 ? at - 8 : 0;
            report_field_at(rep, c, at);
            report_bytes(rep, "moldau", w.data, w.len, from, at);
            report_bytes(rep, "schema", want, want_len, from, at);
        }
        moldau_buf_free(&w);
    }
    moldau_arena_free(&a);
    return skip ? CASE_SKIP : CASE_DONE;
}

static int check_decode(conf_report_t *rep, const conf_case_t *c, const uint8_t *bytes,
                        size_t len)
{
    moldau_arena_t a;
    moldau_arena_init(&a);
    void *msg = moldau_arena_calloc(&a, 1, c->m->size);
    int skip = 0;
    ck_assert_ptr_nonnull(msg);
    moldau_reader_t r;
    moldau_reader_init(&r, bytes, len);
    moldau_err_t err = c->m->decode(&r, c->version, &a, msg);
    if (err == MOLDAU_ERR__UNSUPPORTED_VERSION && !c->is_api)
        skip = 1;
    else if (err != MOLDAU_ERR_NONE) {
        conf_report_add(rep, "decode: %s (the reader was at offset %zu of %zu on return)",
                        moldau_err_name(err), len - moldau_reader_remaining(&r), len);
        report_field_at(rep, c, len - moldau_reader_remaining(&r));
    } else {
        if (moldau_reader_remaining(&r) != 0) {
            conf_report_add(rep, "decode: %zu of %zu bytes left unread",
                            moldau_reader_remaining(&r), len);
            report_field_at(rep, c, len - moldau_reader_remaining(&r));
        }
        conf_compare(rep, c->m->fields, c->spec, c->value, msg, "");
    }
    moldau_arena_free(&a);
    return skip ? CASE_SKIP : CASE_DONE;
}

/* Every strict prefix of a response is malformed: the decoder must say so (and, under ASan,
 * read nothing past the end). Decoded views point into `cut`, a copy of exactly that length. */
static void check_truncated(conf_report_t *rep, const conf_case_t *c, const uint8_t *bytes,
                            size_t len)
{
    size_t step = len > 300 ? len / 150 : 1;
    for (size_t n = 0; n < len; n += step) {
        uint8_t *cut = malloc(n ? n : 1);
        ck_assert_ptr_nonnull(cut);
        memcpy(cut, bytes, n);
        moldau_arena_t a;
        moldau_arena_init(&a);
        void *msg = moldau_arena_calloc(&a, 1, c->m->size);
        ck_assert_ptr_nonnull(msg);
        moldau_reader_t r;
        moldau_reader_init(&r, cut, n);
        moldau_err_t err = c->m->decode(&r, c->version, &a, msg);
        moldau_arena_free(&a);
        free(cut);
        if (err == MOLDAU_ERR_NONE) {
            conf_report_add(rep, "decode of the first %zu of %zu bytes succeeded (a truncated "
                            "message must fail)", n, len);
            report_field_at(rep, c, n);
            return;
        }
    }
}

/* ---- the tests ----------------------------------------------------------------------------- */

START_TEST(case_file)
{
    const char *file = case_files[_i]->d_name;
    cJSON *doc = load_case_file(file);
    const char *jschema = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "schema"));
    const char *direction = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "direction"));
    const cJSON *api_key = cJSON_GetObjectItem(doc, "api_key");
    const cJSON *spec = cJSON_GetObjectItem(doc, "fields");
    const cJSON *cases = cJSON_GetObjectItem(doc, "cases");
    const cJSON *jv = cJSON_GetObjectItem(doc, "version");
    ck_assert_msg(jschema && direction && api_key && cJSON_IsArray(spec) && cJSON_IsArray(cases)
                      && cJSON_IsNumber(jv), "%s: not a case file of gen_cases.py", file);
    int16_t version = (int16_t)jv->valueint;
    char schema[128]; /* outlives doc, for the messages after cJSON_Delete */
    snprintf(schema, sizeof(schema), "%s", jschema);

    const conf_message_t *m = find_message(schema);
    if (!m) {
        /* Listed once by the suite; under CI a missing descriptor is a failure. */
        cJSON_Delete(doc);
        ck_assert_msg(!under_ci(), "no descriptor for %s (%s)", schema, file);
        return;
    }
    if (cJSON_IsNumber(api_key)) {
        const moldau_api_info_t *info = moldau_api_info((int16_t)api_key->valueint);
        ck_assert_msg(info != NULL, "%s: moldau has no API %d", file, api_key->valueint);
        if (version < info->min_version || version > info->max_version) {
            cJSON_Delete(doc);
            return; /* outside what moldau speaks */
        }
    }
    int enc = strcmp(direction, "decode") != 0 && m->encode;
    int dec = strcmp(direction, "encode") != 0 && m->decode;
    ck_assert_msg(enc || dec, "%s: the descriptor of %s has no %s", file, schema,
                  strcmp(direction, "decode") == 0 ? "decoder" : "encoder");
    if (strcmp(direction, "encode") == 0 || strcmp(direction, "decode") == 0)
        ck_assert_msg(strcmp(direction, "encode") == 0 ? m->encode != NULL : m->decode != NULL,
                      "%s: the descriptor of %s has no %s", file, schema,
                      strcmp(direction, "encode") == 0 ? "encoder" : "decoder");

    int failed = 0, skipped = 0, index = 0;
    const cJSON *jc;
    cJSON_ArrayForEach(jc, cases)
    {
        conf_case_t c = {schema, version, index++, m, spec, cJSON_GetObjectItem(jc, "value"),
                         cJSON_GetStringValue(cJSON_GetObjectItem(jc, "bytes")),
                         cJSON_GetObjectItem(jc, "layout"), cJSON_IsNumber(api_key)};
        ck_assert_msg(c.value && c.hex, "%s: case %d is incomplete", file, c.index);
        size_t cap = strlen(c.hex) / 2 + 1, len = 0;
        uint8_t *bytes = malloc(cap);
        ck_assert_ptr_nonnull(bytes);
        ck_assert_msg(conf_unhex(c.hex, bytes, cap, &len) == 0, "%s: bad hex", file);
        static conf_report_t rep; /* 8 KiB: keep it off the stack */
        memset(&rep, 0, sizeof(rep));
        int r1 = enc ? check_encode(&rep, &c, bytes, len) : CASE_DONE;
        int r2 = dec ? check_decode(&rep, &c, bytes, len) : CASE_DONE;
        if (dec && r2 == CASE_DONE && c.index == 0 && rep.n_errors == 0)
            check_truncated(&rep, &c, bytes, len);
        free(bytes);
        if (r1 == CASE_SKIP || r2 == CASE_SKIP) {
            skipped = 1;
            break;
        }
        if (rep.n_errors) {
            fprintf(stderr, "conformance: %s v%d case %d FAILED (%d problem%s):\n%s", schema,
                    version, c.index, rep.n_errors, rep.n_errors == 1 ? "" : "s", rep.text);
            failed++;
        }
    }
    if (skipped)
        fprintf(stderr, "conformance: %s v%d skipped: moldau does not speak this version\n",
                schema, version);
    cJSON_Delete(doc);
    ck_assert_msg(failed == 0, "%s v%d: %d of %d cases fail (details on stderr)", schema,
                  version, failed, index);
}
END_TEST

START_TEST(no_cases)
{
    ck_assert_msg(!under_ci(), "no conformance cases in %s (CI=true: the schemas must be there)",
                  case_dir ? case_dir : "(MOLDAU_CONFORMANCE_DIR unset)");
}
END_TEST

static int have_case_file(const char *schema, int version)
{
    char name[256];
    snprintf(name, sizeof(name), "%s-v%02d.json", schema, version);
    for (int i = 0; i < n_case_files; i++)
        if (strcmp(case_files[i]->d_name, name) == 0)
            return 1;
    return 0;
}

/* Every version moldau claims to speak has cases on both sides. */
START_TEST(coverage)
{
    size_t n;
    const moldau_api_info_t *t = moldau_api_table(&n);
    for (size_t i = 0; i < n; i++)
        for (int v = t[i].min_version; v <= t[i].max_version; v++)
            for (int side = 0; side < 2; side++) {
                char schema[128];
                snprintf(schema, sizeof(schema), "%s%s", t[i].name,
                         side ? "Response" : "Request");
                ck_assert_msg(have_case_file(schema, v),
                              "moldau speaks %s v%d but there are no cases for it", schema, v);
            }
}
END_TEST

/* A descriptor whose schema name matches no case file checks nothing: a typo. */
START_TEST(descriptors_named_right)
{
    const conf_message_t *g;
    for (size_t i = 0; (g = groups(i)) != (const conf_message_t *)-1; i++)
        for (; g && g->schema; g++) {
            int found = 0;
            for (int f = 0; f < n_case_files && !found; f++) {
                char s[256];
                schema_of_file(case_files[f]->d_name, s, sizeof(s));
                found = strcmp(s, g->schema) == 0;
            }
            ck_assert_msg(found, "descriptor %s matches no schema", g->schema);
        }
}
END_TEST

static void announce_missing(void)
{
    char last[256] = "";
    for (int i = 0; i < n_case_files; i++) {
        char s[256];
        schema_of_file(case_files[i]->d_name, s, sizeof(s));
        if (strcmp(s, last) == 0)
            continue;
        snprintf(last, sizeof(last), "%s", s);
        if (!find_message(s))
            fprintf(stderr, "*** conformance: no descriptor for %s: %s ***\n", s,
                    under_ci() ? "FAILS under CI" : "SKIPPED");
    }
}

Suite *moldau_test_conformance_suite(void)
{
    Suite *s = suite_create("conformance");
    TCase *tc = tcase_create("schemas");
    case_dir = getenv("MOLDAU_CONFORMANCE_DIR");
    n_case_files = case_dir ? scandir(case_dir, &case_files, is_case, alphasort) : -1;
    if (n_case_files <= 0) {
        n_case_files = 0;
        fprintf(stderr, "*** conformance: SKIPPED, no cases in %s (are the schemas there? "
                        "see tests/conformance/README.md) ***\n",
                case_dir ? case_dir : "(MOLDAU_CONFORMANCE_DIR unset)");
        tcase_add_test(tc, no_cases);
    } else {
        announce_missing();
        tcase_add_loop_test(tc, case_file, 0, n_case_files);
        tcase_add_test(tc, coverage);
        tcase_add_test(tc, descriptors_named_right);
    }
    suite_add_tcase(s, tc);
    return s;
}
