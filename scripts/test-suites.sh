#!/usr/bin/env bash
# Writes the list of Check suites a test runner holds, one `SUITE(kind, name)` line each, for
# tests/support/check_main.c, and fails when a test file would silently not run:
#  - every tests/<kind>/check_<name>.c defines exactly one suite, on a line that starts with
#    exactly `Suite *moldau_test_<name>_suite(void)` (the name is the file's);
#  - no other file under tests/<kind>/ defines a suite (it would run under a name no file has).
#   scripts/test-suites.sh OUT KIND...
# OUT is replaced only when its content changes, so the runner is not rebuilt for nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$1
shift
mkdir -p "$(dirname "$out")"
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp"' EXIT

fail=0
bad() { echo "test-suites: FAIL: $*" >&2; fail=1; }
for kind in "$@"; do
    for f in tests/"$kind"/*.c; do
        [ -e "$f" ] || continue
        base=$(basename "$f" .c)
        defs=$(grep -c '^Suite \*moldau_test_[a-z0-9_]*_suite(void)' "$f" || true)
        case "$base" in
        check_*)
            name=${base#check_}
            if ! grep -q "^Suite \*moldau_test_${name}_suite(void)" "$f"; then
                bad "$f defines no suite named after it: no line starting with" \
                    "'Suite *moldau_test_${name}_suite(void)'"
                grep -n 'moldau_test_.*_suite' "$f" | sed 's/^/    found: /' >&2 || true
            elif [ "$defs" != 1 ]; then
                bad "$f defines $defs suites; one per file, named after it"
            else
                echo "SUITE($kind, $name)" >> "$tmp"
            fi
            ;;
        *)
            if [ "$defs" != 0 ]; then
                bad "$f defines a suite but is not named check_<suite>.c"
            fi
            ;;
        esac
    done
done
[ "$fail" = 0 ] || exit 1
if [ ! -s "$tmp" ]; then
    echo "test-suites: FAIL: no suite at all in tests/{$(echo "$@" | tr ' ' ,)}" >&2
    exit 1
fi
if cmp -s "$tmp" "$out"; then rm -f "$tmp"; else mv "$tmp" "$out"; fi
trap - EXIT
