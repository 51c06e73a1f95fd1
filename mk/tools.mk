# tools/: the `moldau` command-line tool (produce, consume, ...), built against the static
# library with the public headers only (-Itools, not -Isrc: it must use include/moldau.h).
TOOLS_SRC := $(sort $(wildcard tools/*.c))
TOOLS_OBJ := $(TOOLS_SRC:%.c=$(BUILD)/obj/%.o)
TOOLS_BIN := $(BUILD)/tools/moldau
TOOLS_CFLAGS := -std=c11 $(WARN) -g -D_GNU_SOURCE -Iinclude -Itools -MMD -MP $(OPT) $(CFLAGS)

.PHONY: tools install-tools uninstall-tools
tools: $(TOOLS_BIN)
all: tools

$(BUILD)/obj/tools/%.o: tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TOOLS_CFLAGS) -c $< -o $@

$(TOOLS_BIN): $(TOOLS_OBJ) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(LDSAN) -o $@ $(TOOLS_OBJ) $(STATIC_LIB) $(DEPLIBS)

# The tool suites (tests/interop/check_tool_kafka.c) run $(MOLDAU_BUILD)/tools/moldau.
check-prereqs: $(TOOLS_BIN)

BINDIR ?= $(PREFIX)/bin
install: install-tools
install-tools: $(TOOLS_BIN)
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(TOOLS_BIN) $(DESTDIR)$(BINDIR)/moldau
uninstall: uninstall-tools
uninstall-tools:
	rm -f $(DESTDIR)$(BINDIR)/moldau
