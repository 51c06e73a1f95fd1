# net: run the network layer's suites alone, in the default (epoll + eventfd) build, in a
# poll(2) + pipe build (the fallbacks, compiled in their own tree), and under valgrind.
#   make check-net            make SANITIZE=1 check-net
#   make check-net-poll       make check-net-valgrind
NET_SUITES := net_reactor net_conn net_errors net_lookup

.PHONY: check-net check-net-poll check-net-valgrind
check-net: $(BUILD)/tests/moldau-tests
	@for s in $(NET_SUITES); do MOLDAU_SUITE=$$s $(TEST_ENV) $(BUILD)/tests/moldau-tests || exit 1; done

check-net-poll:
	$(MAKE) BUILD=build/poll CFLAGS="-DMOLDAU_REACTOR_POLL -DMOLDAU_REACTOR_PIPE" check-net

check-net-valgrind: $(BUILD)/tests/moldau-tests
	@for s in $(NET_SUITES); do MOLDAU_SUITE=$$s $(TEST_ENV) valgrind -q --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
	    $(BUILD)/tests/moldau-tests || exit 1; done
