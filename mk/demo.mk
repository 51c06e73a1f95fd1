# make demo: a local broker, produce with moldau, consume back with a group of two moldau
# consumers, figures (scripts/demo.sh runs build/demo/moldau-demo, demo/demo.c).
.PHONY: demo demo-bin
DEMO_BIN := $(BUILD)/demo/moldau-demo

demo-bin: $(DEMO_BIN)
$(DEMO_BIN): demo/demo.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDSAN) -o $@ $< $(STATIC_LIB) $(DEPLIBS)

demo:
	@bash scripts/demo.sh

# the demo's test (tests/integration/check_demo_kafka.c) runs it with a smaller count
check-prereqs: $(DEMO_BIN)
