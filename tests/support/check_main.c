/* The unit test runner: every suite found in tests/unit and tests/conformance (by the Makefile,
 * from their `Suite *moldau_test_<name>_suite(void)` definitions) in one run, so Check prints a
 * single summary. MOLDAU_SUITE=<name> runs only that suite. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#define SUITE(name) Suite *moldau_test_##name##_suite(void);
#include "suites.h"
#undef SUITE

int main(void)
{
    const char *only = getenv("MOLDAU_SUITE");
    SRunner *sr = srunner_create(NULL);
#define SUITE(name)                                                                              \
    if (!only || !strcmp(only, #name))                                                           \
        srunner_add_suite(sr, moldau_test_##name##_suite());
#include "suites.h"
#undef SUITE
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
