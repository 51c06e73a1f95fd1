# make valgrind: the no-broker suites (unit + conformance) under valgrind's memcheck, on the
# normal (unsanitized) build. CK_FORK=no keeps every test in the one process valgrind watches;
# any invalid access or definite/possible leak fails the run.
VALGRIND       ?= valgrind
VALGRIND_KINDS ?= unit conformance
VALGRIND_FLAGS ?= --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible \
                  --track-origins=yes --quiet

.PHONY: valgrind
valgrind: $(BUILD)/tests/moldau-unit-tests conformance-cases
	$(TEST_ENV) CK_FORK=no MOLDAU_TEST_KINDS="$(VALGRIND_KINDS)" \
	    $(VALGRIND) $(VALGRIND_FLAGS) $(BUILD)/tests/moldau-unit-tests
