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

BENCH_COMMON_OBJ := $(BUILD)/obj/bench/common

$(BENCH_PRODUCER_OBJ)/%.o: bench/producer/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(BENCH_RDKAFKA_CFLAGS) -c $< -o $@

# What both benchmarks' programs share beyond producer/common.c: setting each client's
# properties (bench/common/conf_moldau.c, conf_rdkafka.c).
$(BENCH_COMMON_OBJ)/%.o: bench/common/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(BENCH_RDKAFKA_CFLAGS) -c $< -o $@

$(BUILD)/bench/producer_rdkafka: $(BENCH_PRODUCER_OBJ)/producer_rdkafka.o \
		$(BENCH_PRODUCER_OBJ)/common.o $(BENCH_COMMON_OBJ)/conf_rdkafka.o
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) -o $@ $^ $(BENCH_RDKAFKA_LIBS)

$(BUILD)/bench/producer_moldau: $(BENCH_PRODUCER_OBJ)/producer_moldau.o \
		$(BENCH_PRODUCER_OBJ)/common.o $(BENCH_COMMON_OBJ)/conf_moldau.o $(STATIC_LIB)
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

# The consumer benchmark, the same way: consumer_rdkafka (librdkafka, linked by it only) and
# consumer_moldau on the same brokers and the same data (bench/run-consumer.sh).
#
#   make bench-consumer          build and run bench/run-consumer.sh: table in
#                                build/bench/consumer.md
#   make bench-consumer BENCH_ARGS="RUNS=3 BROKERS=mock"   settings: see bench/run-consumer.sh
#   make bench-consumer-bins     build the programs only
#
# The topic is filled by producer_rdkafka (so the data is the same whichever consumer is
# measured). consumer_moldau's group mode (subscribe) is built in once the classic group
# protocol exists (src/consumer/group_classic.c); until then it measures manual assignment.
BENCH_CONSUMER_OBJ := $(BUILD)/obj/bench/consumer
BENCH_CONSUMER_BINS := $(BUILD)/bench/consumer_rdkafka $(BUILD)/bench/consumer_moldau
BENCH_CONSUMER_CFLAGS := $(if $(wildcard src/consumer/group_classic.c),-DMOLDAU_HAVE_SUBSCRIBE)

$(BENCH_CONSUMER_OBJ)/%.o: bench/consumer/%.c bench/consumer/consumer_common.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(BENCH_CONSUMER_CFLAGS) $(BENCH_RDKAFKA_CFLAGS) -c $< -o $@

$(BUILD)/bench/consumer_rdkafka: $(BENCH_CONSUMER_OBJ)/consumer_rdkafka.o \
		$(BENCH_CONSUMER_OBJ)/consumer_common.o $(BENCH_PRODUCER_OBJ)/common.o \
		$(BENCH_COMMON_OBJ)/conf_rdkafka.o
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) -o $@ $^ $(BENCH_RDKAFKA_LIBS) -lpthread

$(BUILD)/bench/consumer_moldau: $(BENCH_CONSUMER_OBJ)/consumer_moldau.o \
		$(BENCH_CONSUMER_OBJ)/consumer_common.o $(BENCH_PRODUCER_OBJ)/common.o \
		$(BENCH_COMMON_OBJ)/conf_moldau.o $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) -o $@ $^ $(DEPLIBS)

.PHONY: bench-consumer bench-consumer-bins
bench-consumer-bins: $(BENCH_CONSUMER_BINS) $(BUILD)/bench/producer_rdkafka

bench-consumer: bench-consumer-bins $(BUILD)/tests/mock_cluster
	env $(BENCH_ARGS) MOLDAU_BUILD=$(abspath $(BUILD)) bash bench/run-consumer.sh

# TLS against plaintext (issue 11): both clients, producer and consumer, on one Kafka with a
# plaintext and an SSL listener, in one run (bench/run-tls.sh; table in build/bench/tls.md).
#
#   make bench-tls                               ~3-4 min on 2 shared cores
#   make bench-tls BENCH_ARGS="RUNS=3 CALLGRIND=0"   settings: see bench/run-tls.sh
#   make bench-producer BENCH_ARGS='BROKERS=kafka SECURITY=SSL'   one runner over TLS only
.PHONY: bench-tls bench-tls-bins
bench-tls-bins: $(BENCH_PRODUCER_BINS) bench-consumer-bins

bench-tls: bench-tls-bins
	env $(BENCH_ARGS) MOLDAU_BUILD=$(abspath $(BUILD)) bash bench/run-tls.sh
