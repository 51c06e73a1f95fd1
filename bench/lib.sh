# What bench/run-consumer.sh and bench/run-producer.sh share (sourced, not run). The sourcing
# script sets BENCH_NAME (its progress lines' prefix), BUILD, OUTDIR, RESULTS, CLIENT_LOG,
# CLIENTS, RDKAFKA_LIBDIR (librdkafka 2.16.0's directory, or empty) and defines bin_of CLIENT
# (its program); EXTRA, if set, is appended to every measured run's arguments.

say() { echo "$BENCH_NAME: $*" >&2; }
die() { say "$*"; exit 1; }

mock_cmd() { bash "$root/tests/support/mock.sh" cmd "$@" > /dev/null || die "mock: $* failed"; }

# "1.2 M msgs/s, 380 ns CPU/msg" from a JSON line, for the progress lines.
summary() {
    local num='\([0-9.]*\)'
    sed -n "s/.*\"msgs_per_s\":$num.*\"cpu_ns_per_msg\":$num.*/\\1 msgs\/s, \\2 ns CPU\/msg/p" \
        <<< "$1"
}

# Runs a client's program: librdkafka's (or, in an A/A check, both) with 2.16.0 on its
# library path when RDKAFKA_LIBDIR names it.
run_bin() { # client args...
    local c=$1
    shift
    if [ -n "${RDKAFKA_LIBDIR:-}" ] && { [ "$c" = librdkafka ] || [ "${AA:-0}" = 1 ]; }; then
        LD_LIBRARY_PATH="$RDKAFKA_LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$@"
    else
        "$@"
    fi
}

# The CPU time so far (user+system, clock ticks) of the Kafka node kafka.sh started (node 1),
# or nothing (the mock, or no pid file).
broker_ticks() {
    local pid f
    pid=$(cat "${MOLDAU_KAFKA_DIR:-/nonexistent}/node-1/pid" 2>/dev/null) || return 0
    f=$(cat "/proc/$pid/stat" 2>/dev/null) || return 0
    f=${f##*) } # past "pid (comm) "; utime and stime are then the 12th and 13th fields
    set -- $f
    echo $((${12} + ${13}))
}

# One run of one client; its JSON line (or a line saying how it failed) goes to RESULTS and
# the line to stdout. On Kafka the line gets the broker's CPU over the client's whole run
# (start-up and TLS handshakes included: small against the records), broker_cpu_s.
run_client() { # client label run extra-args...
    local client=$1 label=$2 run=$3 line rc=0 b0 b1
    shift 3
    b0=$(broker_ticks)
    # shellcheck disable=SC2086
    line=$(run_bin "$client" timeout 300 "$(bin_of "$client")" --label "$label" "$@" ${EXTRA:-} \
        2>> "$CLIENT_LOG") || rc=$?
    b1=$(broker_ticks)
    if [ -n "$b0" ] && [ -n "$b1" ] && [[ $line == "{"*"}" ]]; then
        line="${line%\}},\"broker_cpu_s\":$(awk -v t=$((b1 - b0)) -v hz="$(getconf CLK_TCK)" \
            'BEGIN { printf "%.2f", t / hz }')}"
    fi
    if [ $rc -ne 0 ] || [[ $line != "{"* ]]; then
        say "$label run $run $client: FAILED (exit $rc; see $CLIENT_LOG)"
        printf '{"client":"%s","label":"%s","mode":"failed","run":%d,"exit":%d}\n' \
            "$client" "$label" "$run" "$rc" >> "$RESULTS"
        return 0
    fi
    # The harness's name for the client is the one the table uses (an A/A check runs the same
    # program under both names; both librdkafkas run one program).
    line=$(echo "$line" | sed "s/\"client\":\"[^\"]*\"/\"client\":\"$client\"/")
    echo "${line%\}},\"run\":$run}" >> "$RESULTS"
    echo "$line"
}

# SECURITY: the Kafka phase's listeners, PLAINTEXT (the default), SSL, or both ("PLAINTEXT SSL":
# every run then measures each client on each, interleaved). SSL = the broker's SSL listener
# (kafka.sh with MOLDAU_KAFKA_SECURE=1, which bench_main sets), both clients trusting the same
# CA ($MOLDAU_TLS_DIR/ca.pem), server certificate and host name verified, no client
# certificate. The mock cluster has no TLS: the mock phase is always plaintext.
SECURITY=${SECURITY:-PLAINTEXT}
for s in $SECURITY; do
    case $s in PLAINTEXT | SSL) ;; *) die "SECURITY: $s is not PLAINTEXT or SSL" ;; esac
done
export SECURITY

# The broker part of a label: kafka for plaintext, kafka-ssl over TLS (the reports' tables
# then show the two as two brokers).
sec_broker() { # broker security
    if [ "$2" = SSL ]; then echo "$1-ssl"; else echo "$1"; fi
}

# The bootstrap of a listener: Kafka's SSL one, or the plaintext one given.
sec_boot() { # security plaintext-bootstrap
    if [ "$1" = SSL ]; then echo "${MOLDAU_KAFKA_SSL_BOOTSTRAP:?no SSL listener (MOLDAU_KAFKA_SECURE=1)}"
    else echo "$2"; fi
}

# A client's properties for a listener (--set pairs): by program, so that an A/A check's
# "moldau" (librdkafka's program) gets librdkafka's names.
sec_args() { # client security
    [ "$2" = SSL ] || return 0
    local ca=${MOLDAU_TLS_DIR:?no MOLDAU_TLS_DIR}/ca.pem
    case $(bin_of "$1") in
        *_rdkafka) echo --set security.protocol=ssl --set "ssl.ca.location=$ca" ;;
        *) echo --set security.protocol=SSL --set "ssl.ca.location=$ca" ;;
    esac
}

# The (security, client) pairs of a run as words SECURITY:CLIENT, reversed on even runs, so a
# drift in the machine's load hits every column alike.
run_order() { # run
    local s c
    for s in $SECURITY; do
        for c in $CLIENTS; do echo "$s:$c"; done
    done | if [ $(($1 % 2)) -eq 0 ]; then tac; else cat; fi | tr '\n' ' '
}

# The clients in run order: reversed on even runs, so a drift in the machine's load hits all.
order_of() { # run
    if [ $(($1 % 2)) -eq 0 ]; then echo "$CLIENTS" | tr ' ' '\n' | tac | tr '\n' ' '
    else echo "$CLIENTS"; fi
}

# A callgrind run of one client (valgrind ... --callgrind-out-file=out program args): the
# instructions of the measured part (bench_measure_end's dump, the file's .1), or nothing.
callgrind_ir() { # out client args...
    local out=$1 c=$2
    shift 2
    rm -f "$out" "$out".*
    run_bin "$c" timeout 900 valgrind --tool=callgrind --callgrind-out-file="$out" "$@" \
        > "$out.json" 2>> "$CLIENT_LOG" || return 0
    sed -n '/^summary: *[0-9]/{s/^summary: *\([0-9]*\).*/\1/p;q;}' "$out.1" 2>/dev/null
}

# The Kafka phase's start: false (and a note in RESULTS) when no broker could be started.
kafka_started() {
    if [ -z "${MOLDAU_KAFKA_BOOTSTRAP:-}" ]; then
        say "*** no Kafka broker could be started: no Kafka rows ***"
        echo '{"mode":"note","note":"Kafka could not be started"}' >> "$RESULTS"
        return 1
    fi
    say "Kafka $MOLDAU_KAFKA_VERSION at $MOLDAU_KAFKA_BOOTSTRAP"
    echo "{\"mode\":\"note\",\"kafka_version\":\"$MOLDAU_KAFKA_VERSION\"}" >> "$RESULTS"
    case " $SECURITY " in *" SSL "*) ;; *) return 0 ;; esac
    [ -n "${MOLDAU_KAFKA_SSL_BOOTSTRAP:-}" ] || die "SECURITY=SSL: the broker has no SSL listener"
    say "Kafka's SSL listener at $MOLDAU_KAFKA_SSL_BOOTSTRAP"
    # kTLS needs the kernel's "tls" upper layer protocol; without it both clients encrypt in
    # user space (OpenSSL) whatever they ask for.
    local ulp=false
    grep -qw tls /proc/sys/net/ipv4/tcp_available_ulp 2>/dev/null && ulp=true
    [ $ulp = true ] || say "the kernel has no tls ULP (tcp_available_ulp: $(cat \
        /proc/sys/net/ipv4/tcp_available_ulp 2>/dev/null)): no kTLS, TLS in user space"
    echo "{\"mode\":\"note\",\"kernel_tls_ulp\":$ulp,\"kernel\":\"$(uname -r)\"}" >> "$RESULTS"
}

# Runs each of BROKERS' phases (the script again with --phase-mock / --phase-kafka, inside the
# broker's launcher), then the report: REPORT_PY's table to OUT and stdout.
bench_main() { # script report_py
    local script=$1 report=$2 b t0 load0 load1
    mkdir -p "$OUTDIR"
    : > "$RESULTS"
    : > "$CLIENT_LOG"
    t0=$(date +%s)
    load0=$(cut -d' ' -f1-3 /proc/loadavg)
    for b in $BROKERS; do
        case $b in
            mock)
                bash "$root/tests/support/mock.sh" with --brokers "$MOCK_BROKERS" -- \
                    bash "$script" --phase-mock ;;
            kafka)
                # shellcheck disable=SC2046
                env $(case " $SECURITY " in *" SSL "*) echo MOLDAU_KAFKA_SECURE=1 ;; esac) \
                    bash "$root/tests/support/kafka.sh" with -- bash "$script" --phase-kafka ;;
            *) die "unknown broker $b (mock, kafka)" ;;
        esac
    done
    load1=$(cut -d' ' -f1-3 /proc/loadavg)
    export BENCH_SECONDS=$(( $(date +%s) - t0 )) BENCH_LOAD0=$load0 BENCH_LOAD1=$load1
    python3 "$report" "$RESULTS" > "$OUT"
    cat "$OUT"
    say "table in $OUT (raw: $RESULTS), ${BENCH_SECONDS}s"
}
