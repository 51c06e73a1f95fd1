# net/broker + net/cluster: their suites alone, plain or under valgrind. The Kafka suites skip
# (fail under CI=true) without MOLDAU_KAFKA_BOOTSTRAP; wrap in kafka.sh to get a broker:
#   make check-cluster            make check-cluster-valgrind
#   bash tests/support/kafka.sh with -- make check-cluster
CLUSTER_SUITES := net_broker net_cluster net_broker_mock net_cluster_mock

.PHONY: check-cluster check-cluster-valgrind
check-cluster: $(BUILD)/tests/moldau-tests $(MOCK_CLUSTER)
	@for s in $(CLUSTER_SUITES); do MOLDAU_SUITE=$$s $(TEST_ENV) $(BUILD)/tests/moldau-tests || exit 1; done

check-cluster-valgrind: $(BUILD)/tests/moldau-tests $(MOCK_CLUSTER)
	@for s in $(CLUSTER_SUITES); do MOLDAU_SUITE=$$s CK_FORK=no $(TEST_ENV) valgrind -q \
	    --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
	    $(BUILD)/tests/moldau-tests || exit 1; done
