# examples/*.c: small programs a tutorial would show, built by `make` against the static library.
# Each takes the bootstrap servers from argv[1] or $MOLDAU_BOOTSTRAP (default localhost:9092).
EXAMPLES_SRC := $(sort $(wildcard examples/*.c))
EXAMPLES_BIN := $(EXAMPLES_SRC:examples/%.c=$(BUILD)/examples/%)

.PHONY: examples
examples: $(EXAMPLES_BIN)
all: examples

$(BUILD)/examples/%: examples/%.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDSAN) -o $@ $< $(STATIC_LIB) $(DEPLIBS)

# CI runs `make check`, not `make`: building the examples there keeps every one compiling.
check-prereqs: examples
