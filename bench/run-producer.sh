#!/usr/bin/env bash
# The producer benchmark: moldau against librdkafka, same run, same brokers, same settings.
# Not a test: it prints a table (and writes it to $BUILD/bench/producer.md), nothing passes or
# fails. `make bench-producer` builds the programs and runs this; the helpers it shares with
# run-consumer.sh are in lib.sh.
#
#   1. librdkafka's mock cluster ($MOCK_BROKERS brokers, a separate process, a fast sink):
#      throughput for each compression, RUNS runs per client alternating which goes first;
#      callgrind (client process alone, N_CALLGRIND records, the measured part only); idle RSS;
#      RSS holding UNSENT records (all partitions of a topic made leaderless with the mock's
#      `partition leader T P -1`, so neither client can send: both queue and wait for a leader).
#   2. A real Kafka (tests/support/kafka.sh, one KRaft node, started after the mock is gone so
#      its JVM does not disturb the mock runs): throughput and callgrind for each compression.
#
# Settings (environment): RUNS=9 N_MOCK=2000000 N_KAFKA=1000000 N_CALLGRIND=200000
#   UNSENT=1000000 SIZE=100 ACKS=1 LINGER_MS=5 BATCH_SIZE=1000000 PARTITIONS=3
#   COMPRESSIONS="none lz4" BROKERS="mock kafka" CALLGRIND=1 MOCK_BROKERS=3 KAFKA_VERSION=...
#   CLIENTS="librdkafka moldau" (moldau only if its program is built)
#   RDKAFKA=current: librdkafka 2.16.0 from the confluent-kafka wheel (bench/librdkafka-current.sh,
#   loaded through LD_LIBRARY_PATH by the librdkafka program only; the mock cluster stays
#   Debian's); RDKAFKA=debian: Debian's 2.0.2
#   BENCH_RDKAFKA_PRODUCEV=1: librdkafka through rd_kafka_producev() (topic name per record,
#   like moldau's API; about 420 instructions/msg more) instead of rd_kafka_produce() on a
#   topic handle (its fastest path, the default)
#   AA=1: an A/A check of the harness: librdkafka's program runs under both names, so the
#   ratios show the noise floor of this machine and this harness (they should be ~1.00)
#   SECURITY=PLAINTEXT (or SSL, or "PLAINTEXT SSL": both listeners of the Kafka phase in every
#   run, interleaved; labels kafka/... and kafka-ssl/...; see lib.sh); BENCH_TAG=producer (the
#   output files' name)
# BATCH_SIZE defaults to librdkafka's own default (1,000,000); both clients get the same value,
# as they get the same buffer.memory (32 MiB; librdkafka: queue.buffering.max.kbytes).
# Raw results: $BUILD/bench/producer-results.jsonl (one JSON line per run); client stderr in
# $BUILD/bench/producer-clients.log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BUILD=${MOLDAU_BUILD:-$root/build}
export MOLDAU_BUILD=$BUILD
RUNS=${RUNS:-9}
N_MOCK=${N_MOCK:-2000000}
N_KAFKA=${N_KAFKA:-1000000}
N_CALLGRIND=${N_CALLGRIND:-200000}
UNSENT=${UNSENT:-1000000}
SIZE=${SIZE:-100}
ACKS=${ACKS:-1}
LINGER_MS=${LINGER_MS:-5}
BATCH_SIZE=${BATCH_SIZE:-1000000}
PARTITIONS=${PARTITIONS:-3}
COMPRESSIONS=${COMPRESSIONS:-none lz4}
BROKERS=${BROKERS:-mock kafka}
CALLGRIND=${CALLGRIND:-1}
MOCK_BROKERS=${MOCK_BROKERS:-3}
OUTDIR=$BUILD/bench
BENCH_TAG=${BENCH_TAG:-producer} # the output files' name (bench/run-tls.sh: tls-producer)
OUT=$OUTDIR/$BENCH_TAG.md
RESULTS=$OUTDIR/$BENCH_TAG-results.jsonl
CLIENT_LOG=$OUTDIR/$BENCH_TAG-clients.log
export RUNS N_MOCK N_KAFKA N_CALLGRIND UNSENT SIZE ACKS LINGER_MS BATCH_SIZE PARTITIONS \
    COMPRESSIONS BROKERS CALLGRIND MOCK_BROKERS OUTDIR BENCH_TAG OUT RESULTS CLIENT_LOG

BENCH_NAME=bench-producer
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

RDKAFKA=${RDKAFKA:-current}
if [ "$RDKAFKA" = current ] && [ -z "${RDKAFKA_LIBDIR:-}" ]; then
    RDKAFKA_LIBDIR=$(bash "$here/librdkafka-current.sh") ||
        die "librdkafka 2.16.0 cannot be had (the confluent-kafka wheel); RDKAFKA=debian uses 2.0.2"
fi
export RDKAFKA RDKAFKA_LIBDIR=${RDKAFKA_LIBDIR:-}

AA=${AA:-0}
if [ "$AA" = 1 ]; then
    CLIENTS="moldau librdkafka"
elif [ -z "${CLIENTS:-}" ]; then
    CLIENTS=librdkafka
    [ -x "$BUILD/bench/producer_moldau" ] && CLIENTS="moldau librdkafka"
fi
export CLIENTS AA

bin_of() {
    if [ "$1" = librdkafka ] || [ "$AA" = 1 ]; then echo "$BUILD/bench/producer_rdkafka"
    else echo "$BUILD/bench/producer_moldau"; fi
}

common_args() { # compression
    echo --size "$SIZE" --acks "$ACKS" --linger-ms "$LINGER_MS" --batch-size "$BATCH_SIZE" \
        --compression "$1" --partitions "$PARTITIONS"
}

# Each run measures every (SECURITY listener, client) pair; the label's broker says which
# listener (kafka, kafka-ssl: sec_broker).
throughput_series() { # broker compression bootstrap topic n
    local broker=$1 comp=$2 plain=$3 topic=$4 n=$5 r p s c b line
    for ((r = 1; r <= RUNS; r++)); do
        for p in $(run_order "$r"); do
            s=${p%%:*} c=${p#*:} b=$(sec_broker "$broker" "${p%%:*}")
            # shellcheck disable=SC2046
            line=$(run_client "$c" "$b/$comp" "$r" --bootstrap "$(sec_boot "$s" "$plain")" \
                --topic "$topic" --messages "$n" $(common_args "$comp") $(sec_args "$c" "$s"))
            [ -z "$line" ] || say "$b/$comp run $r/$RUNS $c: $(summary "$line")"
        done
    done
}

callgrind_series() { # broker compression bootstrap topic
    local broker=$1 comp=$2 plain=$3 topic=$4 p s c b out ir
    [ "$CALLGRIND" = 1 ] || return 0
    command -v valgrind > /dev/null || { say "valgrind missing: no instruction counts"; return 0; }
    mkdir -p "$OUTDIR/callgrind"
    for p in $(run_order 1); do
        s=${p%%:*} c=${p#*:} b=$(sec_broker "$broker" "${p%%:*}")
        out=$OUTDIR/callgrind/$c-$b-$comp.out
        # shellcheck disable=SC2046
        ir=$(callgrind_ir "$out" "$c" "$(bin_of "$c")" --label "$b/$comp" \
            --bootstrap "$(sec_boot "$s" "$plain")" --topic "$topic" --messages "$N_CALLGRIND" \
            $(common_args "$comp") $(sec_args "$c" "$s"))
        [ -n "$ir" ] || { say "callgrind $b/$comp $c: FAILED or no dump (see $CLIENT_LOG)"; continue; }
        printf '{"client":"%s","label":"%s","mode":"callgrind","msgs":%d,"instructions":%d}\n' \
            "$c" "$b/$comp" "$N_CALLGRIND" "$ir" >> "$RESULTS"
        say "callgrind $b/$comp $c: $((ir / N_CALLGRIND)) instructions/msg"
    done
}

phase_mock() {
    local boot=$MOLDAU_MOCK_BOOTSTRAP comp c p SECURITY=PLAINTEXT # the mock has no TLS
    say "mock cluster ($MOCK_BROKERS brokers) at $boot"
    for comp in $COMPRESSIONS; do
        mock_cmd topic create "bench-$comp" "$PARTITIONS" 1
        throughput_series mock "$comp" "$boot" "bench-$comp" "$N_MOCK"
        callgrind_series mock "$comp" "$boot" "bench-$comp"
    done
    for c in $CLIENTS; do
        run_client "$c" mock/idle 1 --bootstrap "$boot" --topic bench-idle --idle \
            $(common_args none) > /dev/null
    done
    mock_cmd topic create bench-unsent "$PARTITIONS" 1
    for ((p = 0; p < PARTITIONS; p++)); do
        mock_cmd partition leader bench-unsent "$p" -1
    done
    for c in $CLIENTS; do
        # buffer.memory 1 GiB (librdkafka's own default) so that the records fit in both.
        run_client "$c" mock/unsent 1 --bootstrap "$boot" --topic bench-unsent --unsent "$UNSENT" \
            --buffer-memory 1073741824 $(common_args none) > /dev/null
    done
}

phase_kafka() {
    kafka_started || return 0
    local boot=$MOLDAU_KAFKA_BOOTSTRAP comp s
    for comp in $COMPRESSIONS; do
        run_bin librdkafka "$(bin_of librdkafka)" --bootstrap "$boot" --create-topic "bench-$comp" \
            --partitions "$PARTITIONS" > /dev/null 2>> "$CLIENT_LOG"
        # One unrecorded run first on each listener: the broker's JIT and page cache warm up.
        for s in $SECURITY; do
            # shellcheck disable=SC2046
            run_bin librdkafka "$(bin_of librdkafka)" --bootstrap "$(sec_boot "$s" "$boot")" \
                --topic "bench-$comp" --messages $((N_KAFKA / 2)) $(common_args "$comp") \
                $(sec_args librdkafka "$s") > /dev/null 2>> "$CLIENT_LOG" || true
        done
        throughput_series kafka "$comp" "$boot" "bench-$comp" "$N_KAFKA"
        callgrind_series kafka "$comp" "$boot" "bench-$comp"
    done
}

case ${1:-} in
    --phase-mock) phase_mock; exit 0 ;;
    --phase-kafka) phase_kafka; exit 0 ;;
    "") ;;
    *) die "usage: [settings in the environment] $0" ;;
esac

[ -x "$BUILD/bench/producer_rdkafka" ] ||
    die "$BUILD/bench/producer_rdkafka missing (make bench-producer-bins)"
if [ "$AA" = 1 ]; then
    say "*** A/A check: librdkafka in both columns ***"
else
    case " $CLIENTS " in
        *" moldau "*) ;;
        *) say "*** moldau's producer is not built: measuring librdkafka ONLY ***" ;;
    esac
fi
bench_main "$here/run-producer.sh" "$here/producer/report.py"
