# moldau — build, tests, install. GNU make.
#
#   make                 libmoldau.a and libmoldau.so
#   make check           every test suite (installs what is missing first, as make deps)
#   make check-unit      the tests that need no broker
#   make asan            the tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz            build the libFuzzer targets and run each for FUZZ_SECONDS
#   make bench           the benchmarks under bench/
#   make deps            install what the build and the tests need (Debian)
#   make install         PREFIX=/usr/local DESTDIR=

# The version is the one in include/moldau/version.h.
VERSION     := $(shell sed -n 's/^#define MOLDAU_VERSION_STR "\(.*\)"/\1/p' include/moldau/version.h)
SOVERSION   := 0
PREFIX      ?= /usr/local
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
DESTDIR     ?=

CC          ?= cc
SANITIZE    ?= 0
FUZZ_SECONDS ?= 5
SCHEMAS     ?= $(abspath ../shared/kafka-protocol/messages)

WARN        := -Wall -Wextra -Werror
CFLAGS_BASE := -std=c11 $(WARN) -g -fPIC -D_GNU_SOURCE -Iinclude -Isrc -MMD -MP
DEPLIBS     := -lz -llz4 -lsnappy -lzstd -lpthread
# TLS (security.protocol=SSL): OpenSSL 3 when its headers are there (Debian: libssl-dev);
# `make TLS=0` builds without it (SSL is then refused at configuration time), TLS=1 insists.
TLS         ?= $(shell pkg-config --exists 'openssl >= 3.0' 2>/dev/null && echo 1 || echo 0)
ifeq ($(TLS),1)
TLS_CFLAGS  := -DMOLDAU_WITH_TLS=1 $(shell pkg-config --cflags openssl 2>/dev/null)
TLS_LIBS    := $(shell pkg-config --libs openssl 2>/dev/null || echo -lssl -lcrypto)
DEPLIBS     += $(TLS_LIBS)
else
TLS_CFLAGS  := -DMOLDAU_WITH_TLS=0
TLS_LIBS    :=
endif

ifeq ($(SANITIZE),1)
BUILD       ?= build/asan
OPT         := -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDSAN       := -fsanitize=address,undefined
else
BUILD       ?= build
OPT         := -O2
LDSAN       :=
endif
CFLAGS      ?=
ALL_CFLAGS  := $(CFLAGS_BASE) $(TLS_CFLAGS) $(OPT) $(CFLAGS)

LIB_SRC     := $(sort $(wildcard src/*/*.c))
LIB_OBJ     := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
STATIC_LIB  := $(BUILD)/libmoldau.a
SHARED_LIB  := $(BUILD)/libmoldau.so.$(VERSION)

# Tests: every tests/{unit,conformance,integration,interop}/check_<name>.c defines
# Suite *moldau_test_<name>_suite(void), on one line as written here: scripts/test-suites.sh
# fails the build for a file that does not (its suite would never run). Two runners, each
# printing one Check summary:
#  - moldau-tests: every suite (make check); links librdkafka (TEST_LIBS, the test peer) and
#    cJSON;
#  - moldau-unit-tests: unit and conformance (make check-unit, make valgrind); links Check and
#    the library's own dependencies only, plus cJSON for the conformance suites, which read
#    their generated JSON cases with it. Without cJSON's header it holds the unit suites alone
#    and check-unit says so (and fails under CI=true).
# MOLDAU_SUITE=<name> runs one suite; MOLDAU_TEST_KINDS="unit conformance" those directories'.
TEST_KINDS  := unit conformance integration interop
TEST_SRC    := $(sort $(foreach k,$(TEST_KINDS),$(wildcard tests/$(k)/*.c)))
TEST_OBJ    := $(TEST_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/tests/support/check_main.o
TEST_SUPPORT_SRC := $(sort $(wildcard tests/support/*_test.c))
TEST_OBJ    += $(TEST_SUPPORT_SRC:%.c=$(BUILD)/obj/%.o)
HAVE_CJSON  := $(shell printf '\043include <cjson/cJSON.h>\n' | $(CC) -E -x c - >/dev/null 2>&1 && echo yes)
UNIT_KINDS  := unit $(if $(HAVE_CJSON),conformance)
UNIT_SRC    := $(sort $(foreach k,$(UNIT_KINDS),$(wildcard tests/$(k)/*.c)))
# Support code the unit runner may link: what needs no network, broker or other client.
UNIT_SUPPORT_SRC := tests/support/vectors_test.c
UNIT_OBJ    := $(UNIT_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/tests/support/check_main_unit.o \
               $(UNIT_SUPPORT_SRC:%.c=$(BUILD)/obj/%.o)
CHECK_LIBS  := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck) -lm
CJSON_LIBS  := $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
TEST_LIBS   ?=
FUZZ_SRC    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN    := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
BENCH_SRC   := $(sort $(wildcard bench/*.c))
BENCH_BIN   := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all lib check check-suites check-unit check-prereqs conformance-cases asan fuzz bench deps install uninstall clean
all: lib
lib: $(STATIC_LIB) $(SHARED_LIB) $(BUILD)/moldau.pc

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# Only tls.c and util/crypto.c read MOLDAU_WITH_TLS: they are rebuilt when TLS changes (the
# flag file changes only then).
$(BUILD)/tls.flag: FORCE
	@mkdir -p $(dir $@)
	@echo '$(TLS)' | cmp -s - $@ || echo '$(TLS)' > $@
$(BUILD)/obj/src/net/tls.o: $(BUILD)/tls.flag
$(BUILD)/obj/src/util/crypto.o: $(BUILD)/tls.flag

$(STATIC_LIB): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Only the public names are exported (src/libmoldau.map; make check-symbols checks it).
$(SHARED_LIB): $(LIB_OBJ) src/libmoldau.map
	$(CC) -shared -Wl,-soname,libmoldau.so.$(SOVERSION) -Wl,--version-script=src/libmoldau.map \
	    $(LDSAN) -o $@ $(LIB_OBJ) $(DEPLIBS)
	ln -sf libmoldau.so.$(VERSION) $(BUILD)/libmoldau.so.$(SOVERSION)
	ln -sf libmoldau.so.$(SOVERSION) $(BUILD)/libmoldau.so

$(BUILD)/moldau.pc: moldau.pc.in Makefile $(BUILD)/tls.flag
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@REQUIRES_PRIVATE@|$(if $(TLS_LIBS),libssl libcrypto)|' -e '/^Requires.private: *$$/d' $< > $@

# The lists of suites, found by name, so adding a test file needs no Makefile change.
# Regenerated on every run (a deleted test file must drop out too) but replaced only when they
# change, so the runners are not rebuilt for nothing.
$(BUILD)/tests/suites.h: FORCE
	@bash scripts/test-suites.sh $@ $(TEST_KINDS)

$(BUILD)/tests/unit-runner/suites.h: FORCE
	@bash scripts/test-suites.sh $@ $(UNIT_KINDS)

.PHONY: FORCE
FORCE:

$(BUILD)/obj/tests/support/check_main.o: tests/support/check_main.c $(BUILD)/tests/suites.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(BUILD)/tests -c $< -o $@

$(BUILD)/obj/tests/support/check_main_unit.o: tests/support/check_main.c \
		$(BUILD)/tests/unit-runner/suites.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -I$(BUILD)/tests/unit-runner -c $< -o $@

$(BUILD)/tests/moldau-tests: $(TEST_OBJ) $(STATIC_LIB)
	$(CC) $(LDSAN) -o $@ $(TEST_OBJ) $(STATIC_LIB) $(CHECK_LIBS) $(CJSON_LIBS) $(TEST_LIBS) \
	    $(DEPLIBS)

$(BUILD)/tests/moldau-unit-tests: $(UNIT_OBJ) $(STATIC_LIB)
	$(CC) $(LDSAN) -o $@ $(UNIT_OBJ) $(STATIC_LIB) $(CHECK_LIBS) \
	    $(if $(HAVE_CJSON),$(CJSON_LIBS)) $(DEPLIBS)

# Conformance cases are generated from Kafka's JSON schemas when ../shared is there.
conformance-cases:
	@if [ -f tests/conformance/gen_cases.py ] && [ -d "$(SCHEMAS)" ]; then \
	    python3 tests/conformance/gen_cases.py --schemas "$(SCHEMAS)" --out $(BUILD)/conformance || exit 1; \
	 else echo "*** conformance: SKIPPED, no schemas at $(SCHEMAS) ***"; fi

TEST_ENV = MOLDAU_CONFORMANCE_DIR=$(abspath $(BUILD)/conformance) MOLDAU_SCHEMAS=$(SCHEMAS) \
	    MOLDAU_SRCDIR=$(CURDIR) MOLDAU_BUILD=$(abspath $(BUILD)) CK_DEFAULT_TIMEOUT=120

check-unit: $(BUILD)/tests/moldau-unit-tests conformance-cases
	@if [ -z "$(HAVE_CJSON)" ]; then \
	    echo "*** conformance: SKIPPED, no cJSON (<cjson/cJSON.h>; Debian: libcjson-dev) ***"; \
	    if [ "$$CI" = true ]; then exit 1; fi; fi
	$(TEST_ENV) $(BUILD)/tests/moldau-unit-tests

# The whole run: test peers (brokers) are started by CHECK_WRAPPER, a command that starts them,
# exports their addresses, runs its arguments and stops them whatever happens.
CHECK_WRAPPER ?=
# CHECK_SHARDS runners side by side (scripts/test-shards.sh); 1 runs them in one process.
CHECK_SHARDS ?= 2
# `make check` on a fresh machine installs what is missing first (scripts/deps.sh: quick when
# everything is there), then builds and runs in a make of its own, which sees what deps added.
check:
	@bash scripts/deps.sh
	@$(MAKE) --no-print-directory check-suites

check-suites: $(BUILD)/tests/moldau-tests conformance-cases check-prereqs
	$(TEST_ENV) CHECK_SHARDS=$(CHECK_SHARDS) $(CHECK_WRAPPER) bash scripts/test-shards.sh \
	    $(BUILD)/tests/moldau-tests

asan:
	$(MAKE) SANITIZE=1 check

# libFuzzer targets: clang, with ASan+UBSan. The library is compiled once for all of them
# (coverage-instrumented, into build/fuzz/libmoldau-fuzz.a); each target links it.
FUZZ_CFLAGS := -std=c11 -g -O1 -D_GNU_SOURCE -Iinclude -Isrc -MMD -MP $(TLS_CFLAGS) \
	       -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_OBJ    := $(LIB_SRC:%.c=build/fuzz/obj/%.o)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c $< -o $@

build/fuzz/libmoldau-fuzz.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^

build/fuzz/%: tests/fuzz/%.c build/fuzz/libmoldau-fuzz.a tests/fuzz/fuzz.h
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libmoldau-fuzz.a $(DEPLIBS)

fuzz: $(FUZZ_BIN)
	@set -e; for f in $(FUZZ_BIN); do \
	    name=$$(basename $$f); corpus=tests/fuzz/corpus/$${name#fuzz_}; mkdir -p $$corpus build/fuzz/work/$$name; \
	    echo "== $$name ($(FUZZ_SECONDS)s)"; \
	    rc=0; $$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	        -artifact_prefix=build/fuzz/ -print_final_stats=0 build/fuzz/work/$$name $$corpus \
	        > build/fuzz/$$name.log 2>&1 || rc=$$?; \
	    tail -n 2 build/fuzz/$$name.log; \
	    if [ $$rc -ne 0 ]; then echo "== $$name FAILED (exit $$rc): build/fuzz/$$name.log"; \
	        grep -A30 -m1 'ERROR: ' build/fuzz/$$name.log || true; exit $$rc; fi; \
	done

$(BUILD)/bench/%: bench/%.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(STATIC_LIB) $(DEPLIBS)

bench: $(BENCH_BIN)
	@for b in $(BENCH_BIN); do echo "== $$b"; $$b || exit 1; done

deps:
	@bash scripts/deps.sh

install: lib
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/moldau/protocol
	install -m 644 include/moldau.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 include/moldau/*.h $(DESTDIR)$(INCLUDEDIR)/moldau/
	install -m 644 include/moldau/protocol/*.h $(DESTDIR)$(INCLUDEDIR)/moldau/protocol/
	install -m 644 $(STATIC_LIB) $(DESTDIR)$(LIBDIR)/
	install -m 755 $(SHARED_LIB) $(DESTDIR)$(LIBDIR)/
	ln -sf libmoldau.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libmoldau.so.$(SOVERSION)
	ln -sf libmoldau.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libmoldau.so
	install -m 644 $(BUILD)/moldau.pc $(DESTDIR)$(LIBDIR)/pkgconfig/

uninstall:
	rm -rf $(DESTDIR)$(INCLUDEDIR)/moldau $(DESTDIR)$(INCLUDEDIR)/moldau.h
	rm -f $(DESTDIR)$(LIBDIR)/libmoldau.* $(DESTDIR)$(LIBDIR)/pkgconfig/moldau.pc

clean:
	rm -rf build

# Fragments from parts of the tree that build more than the library (test peers, tools,
# examples): each adds its targets, and may add to CHECK_WRAPPER, TEST_LIBS and check-prereqs.
-include $(sort $(wildcard mk/*.mk))

check-prereqs:

-include $(shell find build -name '*.d' 2>/dev/null)
