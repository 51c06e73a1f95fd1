#!/usr/bin/env bash
# Compiles every C snippet of the docs that is marked to compile: a ```c fenced block whose
# opening line comes right after a line `<!-- compile -->`. Each block must be a whole
# translation unit (its own #includes, a main() where it is a program) and compile against
# include/ alone with -std=c11 -Wall -Wextra -Werror (nothing is linked, so no build is
# needed: a misspelt function is an implicit declaration, an error here).
#   scripts/check-doc-snippets.sh [file.md ...]   (default: README.md docs/*.md)
set -euo pipefail
cd "$(dirname "$0")/.."

cc=${CC:-cc}
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(README.md docs/*.md)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/moldau-snippets.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

n=0 fail=0
for f in "${files[@]}"; do
    # Writes each marked block to $tmp/<k>.c and prints "<k> <line of its first code line>".
    while read -r k line; do
        n=$((n + 1))
        if ! "$cc" -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -c "$tmp/$k.c" \
                -o "$tmp/$k.o" 2> "$tmp/$k.err"; then
            echo "check-doc-snippets: FAIL: $f:$line: the snippet does not compile:" >&2
            # Compiler positions point into the snippet: make them the document's.
            awk -v f="$f" -v base="$line" -v src="$tmp/$k.c" '{
                    if (index($0, src ":") == 1) {
                        rest = substr($0, length(src) + 2); split(rest, a, ":")
                        if (a[1] ~ /^[0-9]+$/) { sub(/^[0-9]+/, "", rest); a[1] += base - 1 }
                        else { a[1] = ""; rest = " " rest }
                        print "    " f ":" a[1] rest
                    } else print "    " $0 }' "$tmp/$k.err" >&2
            fail=1
        fi
    done < <(awk -v dir="$tmp" -v tag="$(basename "$f" .md)" '
        /^<!-- compile -->[ \t]*$/ { marked = NR; next }
        /^```c[ \t]*$/ && marked == NR - 1 { k++; name = tag "-" k; out = dir "/" name ".c";
                                             printf "" > out; print name, NR + 1; inblock = 1; next }
        /^```/ && inblock { inblock = 0; close(out); next }
        inblock { print > out }
        { marked = 0 }' "$f")
done
[ "$fail" = 0 ] || exit 1
echo "check-doc-snippets: OK ($n snippets compile)"
