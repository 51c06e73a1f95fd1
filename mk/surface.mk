# The public surface, checked by `make check` and `make check-unit` (and so CI):
#   make check-headers   every header under include/ compiles alone as C11 and C++
#                        (scripts/check-headers.sh)
#   make check-symbols   libmoldau.so exports exactly the functions include/ declares
#                        (scripts/check-symbols.sh; the export list is src/libmoldau.map)
.PHONY: check-headers check-symbols check-surface
check-headers:
	@CC="$(CC)" bash scripts/check-headers.sh

check-symbols: $(SHARED_LIB)
	@CC="$(CC)" bash scripts/check-symbols.sh $(BUILD)/libmoldau.so

check-surface: check-headers check-symbols
check check-unit: check-surface
