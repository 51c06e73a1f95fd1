# Regenerate the docs that are generated from tables in the code (their tests check them).
.PHONY: docs
docs: $(BUILD)/tests/moldau-unit-tests
	MOLDAU_SRCDIR=$(CURDIR) MOLDAU_REGEN_DOCS=1 MOLDAU_SUITE=conf $(BUILD)/tests/moldau-unit-tests
