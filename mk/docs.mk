# Regenerate the docs that are generated from tables in the code (their tests check them).
.PHONY: docs
docs: $(BUILD)/tests/moldau-unit-tests
	MOLDAU_SRCDIR=$(CURDIR) MOLDAU_REGEN_DOCS=1 MOLDAU_SUITE=conf $(BUILD)/tests/moldau-unit-tests

# The API reference, docs/api.md, generated from the comments of the public headers.
#   make api-ref      regenerate it (after changing a header; commit the result)
#   make check-docs   fails when docs/api.md is out of date, a public function has no comment,
#                     or a C snippet of the docs marked <!-- compile --> does not compile
#                     (scripts/check-docs.sh: a second, no build or broker needed). make check
#                     runs it through check-prereqs.
.PHONY: api-ref check-docs
api-ref:
	@python3 scripts/api-ref.py

check-docs:
	@CC="$(CC)" bash scripts/check-docs.sh

check-prereqs: check-docs
