# The producer benchmark: moldau against librdkafka (Debian's, linked only by the benchmark
# program producer_rdkafka) on the same brokers with the same settings. Not a test.
#
#   make bench-producer          build both programs and run bench/run-producer.sh (~5-10 min):
#                                table in build/bench/producer.md
#   make bench-producer BENCH_ARGS="RUNS=3 BROKERS=mock"   settings: see bench/run-producer.sh
#   make bench-producer-bins     build the programs only
#   make bench-producer-syntax   compile-check producer_moldau.c against the public headers
#
# The programs live in bench/producer/, out of reach of the generic `make bench` rule (which
# links every bench/*.c with libmoldau only). producer_moldau is built only once the producer
# exists (src/producer/producer.c); until then the run measures librdkafka alone and says so.

BENCH_RDKAFKA_CFLAGS := $(shell pkg-config --cflags rdkafka 2>/dev/null)
BENCH_RDKAFKA_LIBS := $(shell pkg-config --libs rdkafka 2>/dev/null || echo -lrdkafka)
BENCH_PRODUCER_OBJ := $(BUILD)/obj/bench/producer
BENCH_PRODUCER_BINS := $(BUILD)/bench/producer_rdkafka
ifneq ($(wildcard src/producer/producer.c),)
BENCH_PRODUCER_BINS += $(BUILD)/bench/producer_moldau
endif
BENCH_ARGS ?=

$(BENCH_PRODUCER_OBJ)/%.o: bench/producer/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(BENCH_RDKAFKA_CFLAGS) -c $< -o $@

$(BUILD)/bench/producer_rdkafka: $(BENCH_PRODUCER_OBJ)/producer_rdkafka.o \
		$(BENCH_PRODUCER_OBJ)/common.o
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) -o $@ $^ $(BENCH_RDKAFKA_LIBS)

$(BUILD)/bench/producer_moldau: $(BENCH_PRODUCER_OBJ)/producer_moldau.o \
		$(BENCH_PRODUCER_OBJ)/common.o $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) -o $@ $^ $(DEPLIBS)

.PHONY: bench-producer bench-producer-bins bench-producer-syntax
bench-producer-bins: $(BENCH_PRODUCER_BINS)

# The mock cluster launcher's rule is in mk/brokers.mk (named literally: its variable is not
# defined yet when this fragment is read).
bench-producer: $(BENCH_PRODUCER_BINS) $(BUILD)/tests/mock_cluster
	env $(BENCH_ARGS) MOLDAU_BUILD=$(abspath $(BUILD)) bash bench/run-producer.sh

# producer.h includes moldau/client.h (branch client): until that is merged there is nothing to
# check against.
bench-producer-syntax:
	@if [ -f include/moldau/client.h ]; then \
	    echo "$(CC) -fsyntax-only bench/producer/producer_moldau.c"; \
	    $(CC) $(filter-out -MMD -MP,$(ALL_CFLAGS)) -fsyntax-only bench/producer/producer_moldau.c; \
	 else echo "*** bench-producer-syntax: SKIPPED, include/moldau/client.h not here yet ***"; fi
