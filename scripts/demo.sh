#!/usr/bin/env bash
# make demo: what a new user sees first. Installs what is missing, builds moldau and its
# examples, starts a local Kafka broker (KRaft, loopback, a random port; stopped at the end),
# creates a 3-partition topic, produces records with moldau, consumes them back with kcat (a
# console consumer printing key, partition and offset), and prints the figures.
#
#   make demo                 DEMO_RECORDS=1000000 (default) DEMO_PARTITIONS=3
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--inside" ]; then
    bash scripts/deps.sh
    make -s -j2 lib examples
    exec bash tests/support/kafka.sh with -- bash "$0" --inside
fi

B=$MOLDAU_KAFKA_BOOTSTRAP
N=${DEMO_RECORDS:-1000000}
P=${DEMO_PARTITIONS:-3}
TOPIC=moldau-demo-$$
BUILD=${BUILD:-build}
say() { printf '\n== %s\n' "$*"; }

say "Kafka ${MOLDAU_KAFKA_VERSION:-} is up at $B; creating topic $TOPIC with $P partitions"
/usr/bin/python3 tests/interop/readback.py --create-topic --bootstrap "$B" --topic "$TOPIC" \
    --partitions "$P" >/dev/null

say "moldau: $N records of 100 bytes, no key, delivery callback + flush (examples/producer_async.c)"
out=$("$BUILD/examples/producer_async" "$B" "$TOPIC" "$N")
echo "$out"
delivered=$(echo "$out" | awk '{print $1}')
rate=$(echo "$out" | sed -n 's/.*(\([0-9]*\) msgs\/s).*/\1/p')

say "moldau: keyed records, same key same partition (examples/producer_keyed.c)"
"$BUILD/examples/producer_keyed" "$B" "$TOPIC"

say "consuming it all back with kcat (console consumer: key, partition, offset)"
t0=$(date +%s.%N)
kcat -C -b "$B" -t "$TOPIC" -o beginning -e -q -f '%k\t%p\t%o\n' > "$BUILD/demo-consumed.tsv"
t1=$(date +%s.%N)
consumed=$(wc -l < "$BUILD/demo-consumed.tsv")
echo "first records of each partition:"
# (awk alone picks the lines: `| head` would end the pipe early, which pipefail calls a failure)
awk -F'\t' '$1 == "" && seen[$2]++ < 2 {
    printf "  key=(none)     partition=%s offset=%s\n", $2, $3 }' "$BUILD/demo-consumed.tsv"
echo "keyed records, as consumed (same key, same partition):"
awk -F'\t' '$1 != "" && !seen[$1 FS $2]++ { printf "  key=%-10s partition=%s\n", $1, $2 }' \
    "$BUILD/demo-consumed.tsv"

say "figures"
keyed=$(awk -F'\t' '$1 != ""' "$BUILD/demo-consumed.tsv" | wc -l)
printf '  produced by moldau:   %s records at %s msgs/s (100-byte values, acks=all, idempotent)\n' \
    "$delivered" "$rate"
printf '  consumed by kcat:     %s records (%s unkeyed + %s keyed) in %.1f s\n' "$consumed" \
    "$((consumed - keyed))" "$keyed" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')"
if [ "$((consumed - keyed))" -ne "$delivered" ]; then
    echo "  MISMATCH: delivered $delivered unkeyed records but consumed $((consumed - keyed))" >&2
    exit 1
fi
echo "  every delivered record was read back."
