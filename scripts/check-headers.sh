#!/usr/bin/env bash
# Every public header compiles on its own, first in a translation unit: as C11 with
# -Wall -Wextra -Werror -pedantic, and as C++ (when a C++ compiler is there; under CI=true it
# must be) to check that its declarations sit inside extern "C" guards. And the stable API's
# headers do not pull in the codec (moldau/protocol.h: not ABI-stable, see there).
#   scripts/check-headers.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cc=${CC:-cc}
cxx=${CXX:-c++}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/moldau-headers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if ! command -v "$cxx" >/dev/null; then
    if [ "${CI:-}" = "true" ]; then
        echo "check-headers: FAIL: no C++ compiler ($cxx) under CI" >&2; exit 1
    fi
    echo "*** check-headers: C++ SKIPPED, no $cxx ***"
    cxx=
fi

fail=0
n=0
for h in $(cd include && find . -name '*.h' | sort); do
    h=${h#./}
    n=$((n + 1))
    # Twice, so a missing include guard shows as a redefinition.
    printf '#include "%s"\n#include "%s"\n' "$h" "$h" > "$tmp/t.c"
    if ! "$cc" -std=c11 -Wall -Wextra -Werror -pedantic -Iinclude -fsyntax-only "$tmp/t.c" \
            2> "$tmp/err"; then
        echo "check-headers: FAIL: $h does not compile alone as C11:" >&2
        sed 's/^/    /' "$tmp/err" >&2
        fail=1
    fi
    if [ -n "$cxx" ]; then
        cp "$tmp/t.c" "$tmp/t.cc"
        if ! "$cxx" -std=c++11 -Wall -Wextra -Werror -pedantic -Iinclude -fsyntax-only \
                "$tmp/t.cc" 2> "$tmp/err"; then
            echo "check-headers: FAIL: $h does not compile alone as C++11:" >&2
            sed 's/^/    /' "$tmp/err" >&2
            fail=1
        fi
        # C linkage: a header with any declaration (anything but comments and preprocessor
        # lines) must wrap it in extern "C".
        if "$cc" -fpreprocessed -dD -E -P "include/$h" 2>/dev/null | grep -v '^[[:space:]]*#' |
                grep -q '[^[:space:]]' && ! grep -q 'extern "C"' "include/$h"; then
            echo "check-headers: FAIL: $h declares things outside extern \"C\" guards" >&2
            fail=1
        fi
    fi
done

# The codec's guard must not be defined after including a header of the stable API.
# The stable API: every header but the codec's (moldau/protocol.h and moldau/protocol/).
for h in moldau.h $(cd include && ls moldau/*.h); do
    [ "$h" = moldau/protocol.h ] && continue
    printf '#include "%s"\n' "$h" > "$tmp/t.c"
    if "$cc" -std=c11 -Iinclude -E -dM "$tmp/t.c" | grep -q 'MOLDAU_PROTOCOL_CORE_H'; then
        echo "check-headers: FAIL: $h pulls in the codec (moldau/protocol/*.h)" >&2
        fail=1
    fi
done

[ "$fail" = 0 ] || exit 1
echo "check-headers: OK ($n headers alone as C11${cxx:+ and C++11}; the stable API without the codec)"
