#!/usr/bin/env bash
# make check-docs: the documentation checks that need no build and no broker (seconds).
#  - docs/api.md is what scripts/api-ref.py writes now, and every public function has a
#    comment (scripts/api-ref.py --check);
#  - the functions api-ref.py found in the headers are exactly those the compiler sees
#    declared under include/ (gcc's -aux-info, as scripts/check-symbols.sh), so a declaration
#    the script's parser misses fails here instead of silently dropping out of the reference;
#  - the C snippets of the docs marked <!-- compile --> compile (scripts/check-doc-snippets.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

fail=0
python3 scripts/api-ref.py --check || fail=1

gcc=${CC:-cc}
if ! "$gcc" --version 2>/dev/null | grep -qi 'free software foundation'; then gcc=gcc; fi
if command -v "$gcc" >/dev/null; then
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/moldau-docs.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    inc=$(cd include && pwd)
    for h in $(cd include && find . -name '*.h' | sort); do
        printf '#include "%s"\n' "${h#./}"
    done > "$tmp/all.c"
    "$gcc" -std=c11 -I"$inc" -aux-info "$tmp/all.aux" -fsyntax-only "$tmp/all.c"
    # Every function declared (or defined: static inline) in include/, by name.
    grep -F "/* $inc/" "$tmp/all.aux" |
        sed -n 's/^.*\*\/ [^(]*[^A-Za-z0-9_]\(moldau_[a-z][A-Za-z0-9_]*\) (.*$/\1/p' |
        sort -u > "$tmp/compiler"
    python3 scripts/api-ref.py --list > "$tmp/script"
    if ! diff -u "$tmp/compiler" "$tmp/script" > "$tmp/diff"; then
        echo "check-docs: FAIL: scripts/api-ref.py does not see the functions the compiler" \
             "sees in include/ (- compiler only, + script only):" >&2
        sed -n 's/^\([-+]moldau_.*\)/    \1/p' "$tmp/diff" >&2
        fail=1
    fi
else
    echo "check-docs: (no gcc: the parser's function list is not cross-checked)" >&2
fi

bash scripts/check-doc-snippets.sh || fail=1
[ "$fail" = 0 ] || { echo "check-docs: FAIL" >&2; exit 1; }
echo "check-docs: OK"
