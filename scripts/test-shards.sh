#!/usr/bin/env bash
# Runs a test runner's suites CHECK_SHARDS at a time, each suite in a process of its own
# (MOLDAU_SUITE=<name>) with a log of its own, the slowest first; then prints the log of every
# suite that failed and one line per suite (its Check summary and how long it took). Exits 1
# if any suite failed. Most of a test run is waiting on brokers and other clients, so two at a
# time on two cores take about half as long as one runner.
#
#   test-shards.sh RUNNER        CHECK_SHARDS=1, or MOLDAU_SUITE set: RUNNER alone, as is
set -uo pipefail
runner=$1
n=${CHECK_SHARDS:-2}
if [ "$n" -le 1 ] || [ -n "${MOLDAU_SUITE:-}" ]; then
    exec "$runner"
fi
# The ones that take minutes, so that they do not start last (the rest in the runner's order).
SLOW="fetch_kafka group_mixed group_processes producer_kafka3 truncation_kafka consumer_interop
      group_kafka group_commits examples_kafka offsets_mock group_mock"
all=$(MOLDAU_LIST_SUITES=1 "$runner") || { echo "test-shards: $runner cannot list its suites" >&2; exit 1; }
order=()
for s in $SLOW; do grep -qx "$s" <<< "$all" && order+=("$s"); done
for s in $all; do [[ " ${order[*]} " == *" $s "* ]] || order+=("$s"); done

dir=$(mktemp -d "${TMPDIR:-/tmp}/moldau-suites.XXXXXX")
echo "test-shards: ${#order[@]} suites, $n at a time; logs in $dir"
run_one() { # dir runner suite
    local start end rc
    start=$(date +%s)
    MOLDAU_SUITE=$3 "$2" > "$1/$3.log" 2>&1
    rc=$?
    end=$(date +%s)
    echo "$rc $((end - start))" > "$1/$3.status"
    printf 'test-shards: %-28s %s (%d s)\n' "$3" "$([ "$rc" -eq 0 ] && echo ok || echo FAILED)" \
        "$((end - start))"
}
export -f run_one
printf '%s\n' "${order[@]}" | xargs -P "$n" -I{} bash -c 'run_one "$@"' _ "$dir" "$runner" {}

rc=0 checks=0 failed=()
for s in "${order[@]}"; do
    read -r src secs < "$dir/$s.status" 2>/dev/null || { src=1; secs=0; }
    line=$(grep -E '^[0-9]+%: Checks' "$dir/$s.log" | tail -n 1)
    c=$(sed -n 's/.*Checks: \([0-9]*\).*/\1/p' <<< "$line")
    checks=$((checks + ${c:-0}))
    if [ "$src" -ne 0 ]; then rc=1; failed+=("$s"); fi
done
for s in ${failed[@]+"${failed[@]}"}; do
    echo "======== $s FAILED: its log"
    cat "$dir/$s.log"
done
echo "======== suites"
for s in "${order[@]}"; do
    read -r src secs < "$dir/$s.status" 2>/dev/null || { src=1; secs=0; }
    printf '%-28s %4d s  %s\n' "$s" "$secs" "$(grep -E '^[0-9]+%: Checks' "$dir/$s.log" | tail -n 1)"
done
if [ "$rc" -eq 0 ]; then
    echo "test-shards: all ${#order[@]} suites passed, $checks checks"
    rm -rf "$dir"
else
    echo "test-shards: ${#failed[@]} of ${#order[@]} suites FAILED (${failed[*]}); $checks checks; logs in $dir"
fi
exit "$rc"
