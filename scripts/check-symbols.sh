#!/usr/bin/env bash
# Checks what libmoldau.so exports against the public headers:
#  - every exported symbol is a function declared in a header under include/, named moldau_
#    (never an internal moldau__ name, never a variable);
#  - every function a public header declares (static inline ones aside) is exported.
# The declarations come from the compiler (gcc's -aux-info), not from parsing the headers.
#   scripts/check-symbols.sh [build/libmoldau.so]
set -euo pipefail
cd "$(dirname "$0")/.."

lib=${1:-build/libmoldau.so}
[ -f "$lib" ] || { echo "check-symbols: FAIL: no $lib (make lib first)" >&2; exit 1; }

# -aux-info is gcc's; CC may be clang.
gcc=${CC:-cc}
if ! "$gcc" --version 2>/dev/null | grep -qi 'free software foundation'; then gcc=gcc; fi
command -v "$gcc" >/dev/null || { echo "check-symbols: FAIL: needs gcc (-aux-info)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/moldau-symbols.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
inc=$(cd include && pwd)
for h in $(cd include && find . -name '*.h' | sort); do
    printf '#include "%s"\n' "${h#./}"
done > "$tmp/all.c"
"$gcc" -std=c11 -I"$inc" -aux-info "$tmp/all.aux" -fsyntax-only "$tmp/all.c"

# "/* /abs/include/moldau/x.h:12:NC */ extern int moldau_f (int);": non-static declarations
# made in include/, the name being the identifier before the parameter list.
grep -F "/* $inc/" "$tmp/all.aux" | grep -v '\*/ static ' |
    sed -n 's/^.*\*\/ [^(]*[^A-Za-z0-9_]\([A-Za-z_][A-Za-z0-9_]*\) (.*$/\1/p' | sort -u > "$tmp/declared"
nm -D --defined-only "$lib" | awk '{ print $NF, $(NF-1) }' | sort -u > "$tmp/exported_kinds"
awk '{ print $1 }' "$tmp/exported_kinds" | sort -u > "$tmp/exported"

fail=0
report() { # title file
    if [ -s "$2" ]; then
        echo "check-symbols: FAIL: $1:" >&2
        sed 's/^/    /' "$2" >&2
        fail=1
    fi
}
grep -E '^moldau__' "$tmp/exported" > "$tmp/internal" || true
report "internal moldau__ names exported" "$tmp/internal"
grep -Ev '^moldau_' "$tmp/exported" > "$tmp/foreign" || true
report "exported names without the moldau_ prefix" "$tmp/foreign"
awk '$2 !~ /^[TtWi]$/ { print $1 " (" $2 ")" }' "$tmp/exported_kinds" > "$tmp/data"
report "exported variables (the API exports functions only)" "$tmp/data"
comm -23 "$tmp/exported" "$tmp/declared" | grep -Ev '^moldau__' > "$tmp/undeclared" || true
report "exported but declared in no header under include/" "$tmp/undeclared"
comm -13 "$tmp/exported" "$tmp/declared" > "$tmp/missing"
report "declared in include/ but not exported (no definition, or hidden)" "$tmp/missing"

[ "$fail" = 0 ] || exit 1
echo "check-symbols: OK ($(wc -l < "$tmp/exported") exported functions, each declared in include/)"
