/* The test runner: every suite under tests/{unit,conformance,integration,interop} (found by
 * the Makefile from their `Suite *moldau_test_<name>_suite(void)` definitions) in one run, so
 * Check prints a single summary.
 *   MOLDAU_TEST_KINDS="unit conformance"  runs only those directories' suites;
 *   MOLDAU_SUITE=<name>                   runs only that suite. */
#include <check.h>
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
    SRunner *sr = srunner_create(NULL);
#define SUITE(kind, name)                                                                        \
    if (wanted(#kind, #name))                                                                    \
        srunner_add_suite(sr, moldau_test_##name##_suite());
#include "suites.h"
#undef SUITE
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
