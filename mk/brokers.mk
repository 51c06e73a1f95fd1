# Test peers: real Apache Kafka (tests/support/kafka.sh) and librdkafka's mock cluster
# (tests/support/mock_cluster.c). Test-only: libmoldau never links librdkafka.
#
#   make check                       one Kafka broker for the whole run (KAFKA_VERSION=...)
#   make check KAFKA_VERSION=$(KAFKA_COMPAT_VERSION)   the 3.9 compatibility run (check-compat)
#   make check CHECK_WRAPPER=        no broker: tests that need one skip (fail under CI=true)
#   make check KAFKA_SECURE=0        no SSL listeners (tls_kafka skips; fails under CI=true)
#   make kafka-fetch                 fetch the broker's jars up front (CI cache step)

# Empty means kafka.sh's own default: the newest 4.x release that resolves on Maven Central.
KAFKA_VERSION ?=
# The newest 3.9.x (`bash tests/support/kafka.sh latest 3.9`).
KAFKA_COMPAT_VERSION ?= 3.9.2
KAFKA_BROKERS ?= 1
KAFKA_SH := bash tests/support/kafka.sh
# SSL listeners beside PLAINTEXT (tls_kafka's peers): test certificates made at start (~2 s),
# the plaintext suites unaffected. KAFKA_SECURE=0 leaves them out (tls_kafka then skips).
KAFKA_SECURE ?= 1
# Share groups (KIP-932) are off until share.version=1; 3.9 has no such feature.
KAFKA_FEATURES ?= $(if $(filter 3.%,$(KAFKA_VERSION)),,share.version=1)

# The Makefile defines CHECK_WRAPPER empty before including us; a value given on the command
# line or in the environment wins over ours.
ifeq ($(filter command line environment,$(origin CHECK_WRAPPER)),)
CHECK_WRAPPER := KAFKA_VERSION=$(KAFKA_VERSION) MOLDAU_KAFKA_FEATURES="$(KAFKA_FEATURES)" \
    MOLDAU_KAFKA_SECURE=$(KAFKA_SECURE) $(KAFKA_SH) with --brokers $(KAFKA_BROKERS) --
endif

MOCK_CLUSTER := $(BUILD)/tests/mock_cluster
RDKAFKA_CFLAGS := $(shell pkg-config --cflags rdkafka 2>/dev/null)
RDKAFKA_LIBS := $(shell pkg-config --libs rdkafka 2>/dev/null || echo -lrdkafka)

$(MOCK_CLUSTER): tests/support/mock_cluster.c mk/brokers.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(RDKAFKA_CFLAGS) -o $@ $< $(LDSAN) $(RDKAFKA_LIBS)

check-prereqs: $(MOCK_CLUSTER)

.PHONY: kafka-fetch check-compat mock-cluster
mock-cluster: $(MOCK_CLUSTER)

kafka-fetch:
	KAFKA_VERSION=$(KAFKA_VERSION) $(KAFKA_SH) fetch

check-compat:
	$(MAKE) check KAFKA_VERSION=$(KAFKA_COMPAT_VERSION)
