#!/usr/bin/env bash
# make demo: what a new user sees first. Installs what is missing, builds moldau, starts a
# local Kafka broker (KRaft, loopback, a random port; stopped at the end whatever happens)
# and runs build/demo/moldau-demo (demo/demo.c): moldau's admin client creates a topic, two
# moldau consumers join a group and split the partitions, a moldau producer writes
# DEMO_RECORDS keyed records with a progress line, the group reads them back; then each side's throughput, the counts per
# member and per partition, and the check that every record came back exactly once.
#
#   make demo                 DEMO_RECORDS=1000000 (default) DEMO_PARTITIONS=6
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--inside" ]; then
    bash scripts/deps.sh
    make -s -j2 lib demo-bin
    exec bash tests/support/kafka.sh with -- bash "$0" --inside
fi

B=$MOLDAU_KAFKA_BOOTSTRAP
N=${DEMO_RECORDS:-1000000}
P=${DEMO_PARTITIONS:-6}
TOPIC=moldau-demo-$$
BUILD=${BUILD:-build}

printf '\n== Kafka %s is up at %s\n' "${MOLDAU_KAFKA_VERSION:-}" "$B"
exec "$BUILD/demo/moldau-demo" "$B" "$TOPIC" "$P" "$N"
