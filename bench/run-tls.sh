#!/usr/bin/env bash
# TLS against plaintext (issue 11): the producer's and the consumer's throughput and CPU per
# record, moldau and librdkafka 2.16.0 (the confluent-kafka wheel, TLS built in), on one real
# Kafka node with a plaintext and an SSL listener (kafka.sh, MOLDAU_KAFKA_SECURE=1), all in one
# run. Not a test. `make bench-tls` builds the programs and runs this; the runs themselves are
# run-producer.sh's and run-consumer.sh's Kafka phases with SECURITY="PLAINTEXT SSL" (each run
# measures both clients on both listeners, interleaved), limited to the figures compared here.
#
# Settings (environment): RUNS=11 N_PRODUCE=2000000 N_CONSUME=2000000 N_CALLGRIND=100000
#   CALLGRIND=1 SIZE=100 KAFKA_VERSION=... (kafka.sh's default, 4.3.1)
# Table: $BUILD/bench/tls.md; raw: $BUILD/bench/tls-{producer,consumer}-results.jsonl; client
# stderr: $BUILD/bench/tls-{producer,consumer}-clients.log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BUILD=${MOLDAU_BUILD:-$root/build}
export MOLDAU_BUILD=$BUILD
export RUNS=${RUNS:-11} N_PRODUCE=${N_PRODUCE:-2000000} N_CONSUME=${N_CONSUME:-2000000}
export N_CALLGRIND=${N_CALLGRIND:-100000} CALLGRIND=${CALLGRIND:-1} SIZE=${SIZE:-100}
OUTDIR=$BUILD/bench
say() { echo "bench-tls: $*" >&2; }

# What both sides share: both listeners, the wheel's librdkafka and moldau only (Debian's
# 2.0.2 is not the baseline), no compression.
common_env=(SECURITY="PLAINTEXT SSL" CLIENTS="moldau librdkafka" RDKAFKA=current
            COMPRESSIONS=none)

if [ "${1:-}" = --phase ]; then # inside the broker
    env "${common_env[@]}" BENCH_TAG=tls-producer N_KAFKA="$N_PRODUCE" PARTITIONS=3 \
        bash "$here/run-producer.sh" --phase-kafka
    env "${common_env[@]}" BENCH_TAG=tls-consumer N_KAFKA="$N_CONSUME" PARTITION_COUNTS=3 \
        GROUP=0 HOLD=0 LAT_RUNS=0 bash "$here/run-consumer.sh" --phase-kafka
    exit 0
fi
[ $# -eq 0 ] || { say "usage: [settings in the environment] $0"; exit 1; }

for b in producer_rdkafka producer_moldau consumer_rdkafka consumer_moldau; do
    [ -x "$BUILD/bench/$b" ] || { say "$BUILD/bench/$b missing (make bench-tls-bins)"; exit 1; }
done
mkdir -p "$OUTDIR"
for t in tls-producer tls-consumer; do
    : > "$OUTDIR/$t-results.jsonl"
    : > "$OUTDIR/$t-clients.log"
done
# Which OpenSSL each client encrypts with: moldau's is the system's libssl (dynamic), the
# wheel's librdkafka has its own linked in statically (its version string is in the library).
rdlib=$(bash "$here/librdkafka-current.sh") || { say "librdkafka 2.16.0 cannot be had"; exit 1; }
BENCH_OPENSSL_MOLDAU=$(openssl version 2>/dev/null | sed 's/ (Library.*//') || true
BENCH_OPENSSL_RDKAFKA=$(grep -aoE -m1 'OpenSSL [0-9]+\.[0-9]+\.[0-9]+[a-z]* +[0-9]+ [A-Z][a-z]+ [0-9]{4}' \
    "$(readlink -f "$rdlib/librdkafka.so.1")" | head -1) || true
export BENCH_OPENSSL_MOLDAU BENCH_OPENSSL_RDKAFKA
t0=$(date +%s)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
MOLDAU_KAFKA_SECURE=1 bash "$root/tests/support/kafka.sh" with -- bash "$here/run-tls.sh" --phase
export BENCH_SECONDS=$(( $(date +%s) - t0 )) BENCH_LOAD0=$load0
BENCH_LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
export BENCH_LOAD1
# The run's circumstances into the results too, so that a stored copy reports the same text.
python3 -c 'import json, os, sys, time
keys = ["BENCH_SECONDS", "BENCH_LOAD0", "BENCH_LOAD1", "BENCH_OPENSSL_MOLDAU",
        "BENCH_OPENSSL_RDKAFKA"]
m = {k: os.environ.get(k, "") for k in keys}
m["BENCH_DATE"] = time.strftime("%Y-%m-%d %H:%M")
print(json.dumps({"mode": "note", "run_env": m}))' >> "$OUTDIR/tls-producer-results.jsonl"
python3 "$here/tls/report.py" "$OUTDIR/tls-producer-results.jsonl" \
    "$OUTDIR/tls-consumer-results.jsonl" > "$OUTDIR/tls.md"
cat "$OUTDIR/tls.md"
say "table in $OUTDIR/tls.md (raw: $OUTDIR/tls-{producer,consumer}-results.jsonl), ${BENCH_SECONDS}s"
