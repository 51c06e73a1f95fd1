# docs/moldau.1, the tool's man page, made from docs/tool.md (scripts/md2man.py) so the two say
# the same; `make man` after editing tool.md; check-man (part of make check) fails when the
# page is stale. make install puts it in $(MANDIR)/man1.
.PHONY: man check-man install-man uninstall-man
MANDIR ?= $(PREFIX)/share/man

man:
	python3 scripts/md2man.py docs/tool.md docs/moldau.1

check-man:
	@python3 scripts/md2man.py --check docs/tool.md docs/moldau.1
check-prereqs: check-man

install: install-man
install-man:
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 docs/moldau.1 $(DESTDIR)$(MANDIR)/man1/moldau.1
uninstall: uninstall-man
uninstall-man:
	rm -f $(DESTDIR)$(MANDIR)/man1/moldau.1
