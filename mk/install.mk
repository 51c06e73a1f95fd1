# make check-install: installs into a scratch DESTDIR with PREFIX=/usr, then builds and runs a
# small program against the installed headers and library using only
# `pkg-config --cflags --libs moldau` (scripts/check-install.sh).

# moldau.pc has the install directories written into it, but its rule depends only on
# moldau.pc.in and the Makefile: a `make install PREFIX=/usr` after a build with the default
# prefix would install a stale .pc. This stamp changes whenever PREFIX/LIBDIR/INCLUDEDIR do.
INSTALL_DIRS_STAMP := $(BUILD)/install-dirs
INSTALL_DIRS_NOW   := $(PREFIX) $(LIBDIR) $(INCLUDEDIR)
ifneq ($(shell cat $(INSTALL_DIRS_STAMP) 2>/dev/null),$(strip $(INSTALL_DIRS_NOW)))
$(shell mkdir -p $(BUILD) && echo '$(strip $(INSTALL_DIRS_NOW))' > $(INSTALL_DIRS_STAMP))
endif
$(BUILD)/moldau.pc: $(INSTALL_DIRS_STAMP)

.PHONY: check-install
check-install:
	@bash scripts/check-install.sh
