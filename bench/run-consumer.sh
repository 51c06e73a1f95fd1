#!/usr/bin/env bash
# The consumer benchmark: moldau against librdkafka 2.16.0 (the current one) and Debian's 2.0.2,
# same run, same brokers, same data. Not a test: it prints a table (and writes it to
# $BUILD/bench/consumer.md), nothing passes or fails. `make bench-consumer` builds the programs
# and runs this. What it shares with run-producer.sh is in lib.sh.
#
#   1. librdkafka's mock cluster ($MOCK_BROKERS brokers, a separate process): for each partition
#      count and compression a topic is filled once (producer_rdkafka, N_MOCK records), then
#      each client reads all of it PASSES_MOCK times per run (the mock keeps only ~5 MB per
#      partition, so the topic is small and read again), RUNS runs per client alternating the
#      order; both with fetch.max.wait.ms=FETCH_WAIT_MOCK (the mock holds a Fetch that finds
#      no data for all of fetch.max.wait.ms, 500 ms by default, which would stall the end of
#      every pass for both clients alike); callgrind (client process alone, the measured part only); group mode (subscribe)
#      when moldau has it.
#   2. A real Kafka (tests/support/kafka.sh, one KRaft node, after the mock is gone): the same
#      with N_KAFKA records read once per run; peak RSS while the application does not poll
#      (--hold: the prefetch fills to queued.max.messages.kbytes), with the default bound and
#      with SMALL_KBYTES; end-to-end latency at a steady LAT_RATE records/s (each client's own
#      producer and consumer; the mock answers an empty fetch only after fetch.max.wait.ms, so
#      latency is measured on Kafka only).
#
# Settings (environment): RUNS=5 N_MOCK=100000 PASSES_MOCK=10 N_KAFKA=1000000
#   N_CALLGRIND=200000 FETCH_WAIT_MOCK=1 SIZE=100 PARTITION_COUNTS="3 48" COMPRESSIONS="none lz4"
#   BROKERS="mock kafka" CALLGRIND=1 MOCK_BROKERS=3 HOLD_MS=3000 SMALL_KBYTES=1024
#   LAT_RATE=10000 LAT_SECONDS=10 LAT_RUNS=3 LAT_LINGER_MS=5 GROUP=auto (1: always, 0: never;
#   auto: when moldau's group consumer is built, src/consumer/group_classic.c) HOLD=1 (0: no
#   RSS-while-holding runs) BENCH_TAG=consumer (the output files' name)
#   SECURITY=PLAINTEXT (or SSL, or "PLAINTEXT SSL": the Kafka phase's throughput, group and
#   callgrind runs on both listeners, interleaved in every run; labels kafka/... and
#   kafka-ssl/...; filling, holding and latency stay plaintext; see lib.sh)
#   CLIENTS="moldau librdkafka librdkafka-2.0.2": librdkafka = 2.16.0 from the confluent-kafka
#   wheel (bench/librdkafka-current.sh, on the program's LD_LIBRARY_PATH), librdkafka-2.0.2 =
#   Debian's. Without the wheel, librdkafka 2.16.0's column stays empty and the run says so.
# Raw results: $BUILD/bench/consumer-results.jsonl; client stderr in
# $BUILD/bench/consumer-clients.log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BUILD=${MOLDAU_BUILD:-$root/build}
export MOLDAU_BUILD=$BUILD
RUNS=${RUNS:-5}
N_MOCK=${N_MOCK:-100000}
PASSES_MOCK=${PASSES_MOCK:-10}
N_KAFKA=${N_KAFKA:-1000000}
N_CALLGRIND=${N_CALLGRIND:-200000}
FETCH_WAIT_MOCK=${FETCH_WAIT_MOCK:-1}
SIZE=${SIZE:-100}
PARTITION_COUNTS=${PARTITION_COUNTS:-3 48}
COMPRESSIONS=${COMPRESSIONS:-none lz4}
BROKERS=${BROKERS:-mock kafka}
CALLGRIND=${CALLGRIND:-1}
MOCK_BROKERS=${MOCK_BROKERS:-3}
HOLD_MS=${HOLD_MS:-3000}
SMALL_KBYTES=${SMALL_KBYTES:-1024}
LAT_RATE=${LAT_RATE:-10000}
LAT_SECONDS=${LAT_SECONDS:-10}
LAT_RUNS=${LAT_RUNS:-3}
LAT_LINGER_MS=${LAT_LINGER_MS:-5}
GROUP=${GROUP:-auto}
OUTDIR=$BUILD/bench
HOLD=${HOLD:-1}
BENCH_TAG=${BENCH_TAG:-consumer} # the output files' name (bench/run-tls.sh: tls-consumer)
OUT=$OUTDIR/$BENCH_TAG.md
RESULTS=$OUTDIR/$BENCH_TAG-results.jsonl
CLIENT_LOG=$OUTDIR/$BENCH_TAG-clients.log
export RUNS N_MOCK PASSES_MOCK N_KAFKA N_CALLGRIND FETCH_WAIT_MOCK SIZE PARTITION_COUNTS COMPRESSIONS BROKERS \
    CALLGRIND MOCK_BROKERS HOLD_MS SMALL_KBYTES LAT_RATE LAT_SECONDS LAT_RUNS LAT_LINGER_MS \
    HOLD OUTDIR BENCH_TAG OUT RESULTS CLIENT_LOG

BENCH_NAME=bench-consumer
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

if [ -z "${CLIENTS:-}" ]; then
    CLIENTS="moldau librdkafka librdkafka-2.0.2"
    if [ -z "${RDKAFKA_LIBDIR:-}" ] && ! RDKAFKA_LIBDIR=$(bash "$here/librdkafka-current.sh"); then
        say "*** librdkafka 2.16.0 cannot be had (the confluent-kafka wheel): Debian's 2.0.2 only ***"
        CLIENTS="moldau librdkafka-2.0.2"
    fi
fi
export CLIENTS RDKAFKA_LIBDIR=${RDKAFKA_LIBDIR:-}
if [ "$GROUP" = auto ]; then
    GROUP=0
    [ -f "$root/src/consumer/group_classic.c" ] && GROUP=1
fi
export GROUP

EXTRA= # more arguments for every measured client run of a phase

bin_of() {
    if [ "$1" = moldau ]; then echo "$BUILD/bench/consumer_moldau"
    else echo "$BUILD/bench/consumer_rdkafka"; fi
}

# Fills a topic once: the same records for every consumer (Debian's librdkafka producer, the
# producer benchmark's values, batch.size 1,000,000, linger.ms 5). Its warm-up record is one of
# the n. sticky.partitioning.linger.ms=0: each record to a random partition, so the partitions
# hold about n/P each (sticky batches could put most of a small topic into one partition, past
# the mock's 5 MB per partition, which then drops the oldest: the count would not be n).
fill() { # bootstrap topic partitions compression n
    "$BUILD/bench/producer_rdkafka" --bootstrap "$1" --topic "$2" --partitions "$3" \
        --compression "$4" --messages $(($5 - 1)) --size "$SIZE" --batch-size 1000000 --linger-ms 5 \
        --set sticky.partitioning.linger.ms=0 --label fill > /dev/null 2>> "$CLIENT_LOG" || die "filling $2 failed (see $CLIENT_LOG)"
}

# Each run measures every (SECURITY listener, client) pair; over SSL the label's broker is
# kafka-ssl (sec_broker).
throughput_series() { # label bootstrap topic partitions compression n passes
    local label=$1 plain=$2 topic=$3 parts=$4 comp=$5 n=$6 passes=$7 r p s c lab line
    for ((r = 1; r <= RUNS; r++)); do
        for p in $(run_order "$r"); do
            s=${p%%:*} c=${p#*:} lab=$(sec_broker "${label%%/*}" "${p%%:*}")/${label#*/}
            # shellcheck disable=SC2046
            line=$(run_client "$c" "$lab" "$r" --bootstrap "$(sec_boot "$s" "$plain")" \
                --topic "$topic" --partitions "$parts" --compression "$comp" --messages "$n" \
                --passes "$passes" $(sec_args "$c" "$s"))
            [ -z "$line" ] || say "$lab run $r/$RUNS $c: $(summary "$line")"
        done
    done
}

# Group mode: a fresh group per run (auto.offset.reset=earliest), the topic read once.
group_series() { # label bootstrap topic partitions compression n
    local label=$1 plain=$2 topic=$3 parts=$4 comp=$5 n=$6 r p s c lab line
    [ "$GROUP" = 1 ] || return 0
    for ((r = 1; r <= RUNS; r++)); do
        for p in $(run_order "$r"); do
            s=${p%%:*} c=${p#*:} lab=$(sec_broker "${label%%/*}" "${p%%:*}")/${label#*/}
            # shellcheck disable=SC2046
            line=$(run_client "$c" "$lab" "$r" --bootstrap "$(sec_boot "$s" "$plain")" \
                --topic "$topic" --partitions "$parts" --compression "$comp" --messages "$n" \
                --group "bench-$c-$$-$r-$RANDOM" $(sec_args "$c" "$s"))
            [ -z "$line" ] || say "$lab run $r/$RUNS $c: $(summary "$line")"
        done
    done
}

callgrind_series() { # label bootstrap topic partitions compression n
    local label plain=$2 topic=$3 parts=$4 comp=$5 n=$6 p s c out ir msgs
    [ "$CALLGRIND" = 1 ] || return 0
    command -v valgrind > /dev/null || { say "valgrind missing: no instruction counts"; return 0; }
    mkdir -p "$OUTDIR/callgrind"
    for p in $(run_order 1); do
        s=${p%%:*} c=${p#*:}
        label=$(sec_broker "${1%%/*}" "$s")/${1#*/}
        out=$OUTDIR/callgrind/consumer-$c-${label//\//-}.out
        # shellcheck disable=SC2046,SC2086
        ir=$(callgrind_ir "$out" "$c" "$(bin_of "$c")" --label "$label" \
            --bootstrap "$(sec_boot "$s" "$plain")" --topic "$topic" --partitions "$parts" \
            --compression "$comp" --messages "$n" $EXTRA $(sec_args "$c" "$s"))
        [ -n "$ir" ] || { say "callgrind $label $c: FAILED or no dump (see $CLIENT_LOG)"; continue; }
        # The records actually read (a last batch may go past n).
        msgs=$(sed -n 's/.*"msgs":\([0-9]*\).*/\1/p' "$out.json")
        printf '{"client":"%s","label":"%s","mode":"callgrind","msgs":%d,"instructions":%d}\n' \
            "$c" "$label" "${msgs:-$n}" "$ir" >> "$RESULTS"
        say "callgrind $label $c: $((ir / ${msgs:-$n})) instructions/msg"
    done
}

hold_series() { # broker bootstrap topic partitions n
    local broker=$1 boot=$2 topic=$3 parts=$4 n=$5 c kb
    [ "$HOLD" = 1 ] || return 0
    for kb in 65536 "$SMALL_KBYTES"; do
        for c in $CLIENTS; do
            run_client "$c" "$broker/hold/$kb" 1 --bootstrap "$boot" --topic "$topic" \
                --partitions "$parts" --messages "$n" --queued-kbytes "$kb" --hold "$HOLD_MS" \
                > /dev/null
        done
    done
}

latency_series() { # broker bootstrap
    local broker=$1 boot=$2 r c topic line
    for ((r = 1; r <= LAT_RUNS; r++)); do
        for c in $(order_of "$r"); do
            topic=bench-lat-$c-$r
            run_bin librdkafka-2.0.2 "$BUILD/bench/producer_rdkafka" --bootstrap "$boot" \
                --create-topic "$topic" --partitions 3 > /dev/null 2>> "$CLIENT_LOG" || true
            line=$(run_client "$c" "$broker/latency" "$r" --bootstrap "$boot" --topic "$topic" \
                --partitions 3 --latency "$LAT_RATE" --seconds "$LAT_SECONDS" \
                --linger-ms "$LAT_LINGER_MS")
            [ -z "$line" ] || say "$broker/latency run $r $c: $(sed -n \
                's/.*"p50_us":\([0-9.-]*\),"p99_us":\([0-9.-]*\).*/p50 \1 us, p99 \2 us/p' \
                <<< "$line")"
        done
    done
}

phase_mock() {
    local boot=$MOLDAU_MOCK_BOOTSTRAP comp p t SECURITY=PLAINTEXT # the mock has no TLS
    EXTRA="--fetch-wait-ms $FETCH_WAIT_MOCK"
    say "mock cluster ($MOCK_BROKERS brokers) at $boot"
    for p in $PARTITION_COUNTS; do
        for comp in $COMPRESSIONS; do
            t=bench-$p-$comp
            mock_cmd topic create "$t" "$p" 1
            fill "$boot" "$t" "$p" "$comp" "$N_MOCK"
            throughput_series "mock/$p/$comp/manual" "$boot" "$t" "$p" "$comp" "$N_MOCK" \
                "$PASSES_MOCK"
            group_series "mock/$p/$comp/group" "$boot" "$t" "$p" "$comp" "$N_MOCK"
            callgrind_series "mock/$p/$comp/manual" "$boot" "$t" "$p" "$comp" \
                $((N_CALLGRIND < N_MOCK ? N_CALLGRIND : N_MOCK))
        done
    done
    set -- $PARTITION_COUNTS $COMPRESSIONS
    hold_series mock "$boot" "bench-$1-${*: -1}" "$1" "$N_MOCK"
}

phase_kafka() {
    kafka_started || return 0
    local boot=$MOLDAU_KAFKA_BOOTSTRAP comp p t s
    for p in $PARTITION_COUNTS; do
        for comp in $COMPRESSIONS; do
            t=bench-$p-$comp
            "$BUILD/bench/producer_rdkafka" --bootstrap "$boot" --create-topic "$t" \
                --partitions "$p" > /dev/null 2>> "$CLIENT_LOG"
            fill "$boot" "$t" "$p" "$comp" "$N_KAFKA"
            # One unrecorded read first on each listener: the broker's JIT warms up on it.
            for s in $SECURITY; do
                # shellcheck disable=SC2046
                run_bin librdkafka "$BUILD/bench/consumer_rdkafka" \
                    --bootstrap "$(sec_boot "$s" "$boot")" --topic "$t" --partitions "$p" --messages $((N_KAFKA / 2)) \
                    $(sec_args librdkafka "$s") > /dev/null 2>> "$CLIENT_LOG" || true
            done
            throughput_series "kafka/$p/$comp/manual" "$boot" "$t" "$p" "$comp" "$N_KAFKA" 1
            group_series "kafka/$p/$comp/group" "$boot" "$t" "$p" "$comp" "$N_KAFKA"
            callgrind_series "kafka/$p/$comp/manual" "$boot" "$t" "$p" "$comp" "$N_CALLGRIND"
        done
    done
    set -- $PARTITION_COUNTS $COMPRESSIONS
    hold_series kafka "$boot" "bench-$1-${*: -1}" "$1" "$N_KAFKA"
    latency_series kafka "$boot"
}

case ${1:-} in
    --phase-mock) phase_mock; exit 0 ;;
    --phase-kafka) phase_kafka; exit 0 ;;
    "") ;;
    *) die "usage: [settings in the environment] $0" ;;
esac

for b in consumer_rdkafka consumer_moldau producer_rdkafka; do
    [ -x "$BUILD/bench/$b" ] || die "$BUILD/bench/$b missing (make bench-consumer-bins)"
done
[ "$GROUP" = 1 ] || say "*** moldau's group consumer is not built: manual assignment only ***"
bench_main "$here/run-consumer.sh" "$here/consumer/report.py"
