/* A test runner: the suites the Makefile lists in suites.h (scripts/test-suites.sh finds them
 * from their `Suite *moldau_test_<name>_suite(void)` definitions, one per check_<name>.c) in
 * one run, so Check prints a single summary. Built twice: moldau-tests holds every suite under
 * tests/{unit,conformance,integration,interop}, moldau-unit-tests unit and conformance only.
 *   MOLDAU_TEST_KINDS="unit conformance"  runs only those directories' suites;
 *   MOLDAU_SUITE=<name>                   runs only that suite (one this runner does not hold
 *                                         is an error, not an empty pass);
 *   MOLDAU_LIST_SUITES=1                  prints the names of the suites it would run and
 *                                         exits (scripts/test-shards.sh runs them side by
 *                                         side). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUITE(kind, name) Suite *moldau_test_##name##_suite(void);
#include "suites.h"
#undef SUITE

static int wanted(const char *kind, const char *name)
{
    const char *kinds = getenv("MOLDAU_TEST_KINDS");
    const char *only = getenv("MOLDAU_SUITE");
    if (only && *only)
        return strcmp(only, name) == 0;
    if (!kinds || !*kinds)
        return 1;
    size_t n = strlen(kind);
    for (const char *p = kinds; (p = strstr(p, kind)) != NULL; p += n)
        if ((p == kinds || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    return 0;
}

int main(void)
{
    const char *list = getenv("MOLDAU_LIST_SUITES");
    if (list && *list) {
#define SUITE(kind, name)                                                                        \
    if (wanted(#kind, #name))                                                                    \
        printf("%s\n", #name);
#include "suites.h"
#undef SUITE
        return EXIT_SUCCESS;
    }
    SRunner *sr = srunner_create(NULL);
    int added = 0;
#define SUITE(kind, name)                                                                        \
    if (wanted(#kind, #name)) {                                                                  \
        srunner_add_suite(sr, moldau_test_##name##_suite());                                     \
        added++;                                                                                 \
    }
#include "suites.h"
#undef SUITE
    if (!added) {
        const char *only = getenv("MOLDAU_SUITE");
        fprintf(stderr, "moldau tests: no suite %s%s in this runner; it holds:",
                only && *only ? "named " : "of the kinds in MOLDAU_TEST_KINDS",
                only && *only ? only : "");
#define SUITE(kind, name) fprintf(stderr, " %s (%s)", #name, #kind);
#include "suites.h"
#undef SUITE
        fprintf(stderr, "\n");
        srunner_free(sr);
        return EXIT_FAILURE;
    }
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
