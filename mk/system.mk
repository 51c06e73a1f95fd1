# The group member program of the multi-process group tests (tests/support/group_member.c;
# tests/interop/check_group_*.c start several, next to members of other clients). Test-only.
GROUP_MEMBER := $(BUILD)/tests/group_member

$(GROUP_MEMBER): tests/support/group_member.c $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDSAN) -o $@ $< $(STATIC_LIB) $(DEPLIBS)

check-prereqs: $(GROUP_MEMBER)
