/* docs/protocol-versions.md must say what src/protocol/api.c says: its markdown table is parsed
 * and compared, row by row, with moldau_api_table(). The file is found through MOLDAU_SRCDIR
 * (set by the Makefile), else the current directory. */
#include <check.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "moldau/protocol.h"

#define MAX_ROWS 128

typedef struct doc_row {
    char name[64];
    int key, min, max, flexible;
    int line;
} doc_row_t;

/* Copies the cell that starts at *p (after a '|') into out, trimmed; advances *p past the next
 * '|'. Returns 0 when there is no closing '|'. */
static int next_cell(const char **p, char *out, size_t outsz)
{
    const char *bar = strchr(*p, '|');
    if (!bar)
        return 0;
    const char *b = *p, *e = bar;
    while (b < e && isspace((unsigned char)*b))
        b++;
    while (e > b && isspace((unsigned char)e[-1]))
        e--;
    size_t n = (size_t)(e - b) < outsz - 1 ? (size_t)(e - b) : outsz - 1;
    memcpy(out, b, n);
    out[n] = '\0';
    *p = bar + 1;
    return 1;
}

static int parse_int(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0')
        return 0;
    *out = (int)v;
    return 1;
}

/* Reads every data row of the first table whose header starts with "| API |". */
static int read_doc(const char *path, doc_row_t *rows, int max)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s (set MOLDAU_SRCDIR)", path);
    char line[512];
    int n = 0, lineno = 0, in_table = 0;
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        if (!in_table) {
            in_table = strncmp(line, "| API |", 7) == 0;
            continue;
        }
        if (line[0] != '|')
            break; /* the table ended */
        if (strstr(line, "---"))
            continue; /* the separator row */
        ck_assert_msg(n < max, "too many rows in %s", path);
        doc_row_t *r = &rows[n];
        char cells[5][64];
        const char *p = line + 1;
        for (int c = 0; c < 5; c++)
            ck_assert_msg(next_cell(&p, cells[c], sizeof(cells[c])), "%s:%d: expected 5 cells",
                          path, lineno);
        snprintf(r->name, sizeof(r->name), "%s", cells[0]);
        ck_assert_msg(parse_int(cells[1], &r->key) && parse_int(cells[2], &r->min) &&
                          parse_int(cells[3], &r->max),
                      "%s:%d: key, min and max must be numbers", path, lineno);
        if (strcmp(cells[4], "never") == 0)
            r->flexible = -1;
        else
            ck_assert_msg(parse_int(cells[4], &r->flexible),
                          "%s:%d: first flexible must be a number or \"never\"", path, lineno);
        r->line = lineno;
        n++;
    }
    fclose(f);
    return n;
}

START_TEST(protocol_versions_doc_matches_api_table)
{
    const char *srcdir = getenv("MOLDAU_SRCDIR");
    char path[1024];
    snprintf(path, sizeof(path), "%s/docs/protocol-versions.md", srcdir && *srcdir ? srcdir : ".");
    static doc_row_t rows[MAX_ROWS];
    int n_rows = read_doc(path, rows, MAX_ROWS);

    size_t n_api;
    const moldau_api_info_t *api = moldau_api_table(&n_api);
    ck_assert_msg(n_rows == (int)n_api,
                  "%s lists %d APIs, src/protocol/api.c has %zu: update the doc", path, n_rows,
                  n_api);
    for (size_t i = 0; i < n_api; i++) {
        const doc_row_t *r = &rows[i];
        ck_assert_msg(strcmp(r->name, api[i].name) == 0 && r->key == api[i].key &&
                          r->min == api[i].min_version && r->max == api[i].max_version &&
                          r->flexible == api[i].first_flexible,
                      "%s:%d says %s key %d v%d-%d flexible %d; api.c says %s key %d v%d-%d "
                      "flexible %d: update the doc",
                      path, r->line, r->name, r->key, r->min, r->max, r->flexible, api[i].name,
                      api[i].key, api[i].min_version, api[i].max_version, api[i].first_flexible);
    }
}
END_TEST

Suite *moldau_test_docs_suite(void)
{
    Suite *s = suite_create("docs");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, protocol_versions_doc_matches_api_table);
    suite_add_tcase(s, tc);
    return s;
}
