#!/usr/bin/env bash
# Real Apache Kafka (KRaft) for moldau's tests: jars from Maven Central, loopback only, random
# ports, throwaway storage. Not part of moldau; see /work/shared/TEST-PEERS.md.
#
#   kafka.sh fetch [VERSION]          jars into $MOLDAU_CACHE/kafka-VERSION/libs (once)
#   kafka.sh latest [SERIES]          newest VERSION of SERIES (4, 3.9, ...) that resolves fully
#   kafka.sh start [--brokers N] [--dir DIR]
#                                     N combined broker+controller nodes; prints
#                                     MOLDAU_KAFKA_BOOTSTRAP=... and MOLDAU_KAFKA_DIR=...
#   kafka.sh stop --dir DIR           stops every node of DIR and waits for them to exit
#   kafka.sh broker-stop --dir DIR NODE [--kill]   one node down (controlled, or SIGKILL)
#   kafka.sh broker-start --dir DIR NODE           the same node up again
#   kafka.sh status --dir DIR         the nodes and whether each runs
#   kafka.sh with [--brokers N] -- CMD ARGS...
#                                     start, export MOLDAU_KAFKA_{BOOTSTRAP,DIR,VERSION}, run
#                                     CMD, stop whatever happens; exits with CMD's status
#
# Environment: KAFKA_VERSION (default below), MOLDAU_CACHE (default ~/.cache/moldau),
# MOLDAU_KAFKA_HEAP (default 512m), MOLDAU_KAFKA_KEEP=1 (keep DIR after `with`),
# MOLDAU_KAFKA_FEATURES (NAME=LEVEL ..., given to the format tool as --feature, e.g.
# share.version=1 for share groups; 3.9 knows no share.version),
# MOLDAU_KAFKA_CONFIG (KEY=VALUE ..., appended to every node's server.properties, e.g.
# max.incremental.fetch.session.cache.slots=1 or unclean.leader.election.enable=true),
# MOLDAU_KAFKA_SECURE=1 (every node gets an SSL listener too, with certificates made by
# certs.sh into DIR/certs and ssl.client.auth=requested, so that TLS and mutual TLS both work,
# and a second one, MTLS, that requires a client certificate; start/with then also
# print/export MOLDAU_KAFKA_SSL_BOOTSTRAP, MOLDAU_KAFKA_MTLS_BOOTSTRAP, MOLDAU_TLS_DIR and
# MOLDAU_TLS_PASSWORD; and three SASL listeners, SASL_PLAINTEXT, SASL_SSL (the SSL certificates)
# and REAUTH (SASL_PLAINTEXT, sessions of at most MOLDAU_KAFKA_REAUTH_MS, default 3000: KIP-368),
# each with PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and OAUTHBEARER (unsecured JWT; REAUTH without
# SCRAM-SHA-512); users made by
# sasl_users.py (SCRAM ones at format time); start/with also print/export
# MOLDAU_KAFKA_{SASL,SASL_SSL,REAUTH}_BOOTSTRAP, MOLDAU_KAFKA_REAUTH_MS, MOLDAU_SASL_MECHANISMS,
# MOLDAU_SASL_{,LIMITED_,ODD_}{USER,PASSWORD}; every line start prints is in DIR/env too),
# CI=true (`with` fails when no broker can be started instead of running CMD without one).
set -euo pipefail

# Checked against Maven Central's metadata with `kafka.sh latest 4` / `latest 3.9`
# (2026-11: 4.4.0 is listed but kafka-tools-api 4.4.0 is not served, so 4.3.1 is the newest
# release that resolves).
DEFAULT_VERSION=4.3.1
KAFKA_VERSION=${KAFKA_VERSION:-$DEFAULT_VERSION}
SLF4J_SIMPLE=2.0.17
CACHE=${MOLDAU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/moldau}
HEAP=${MOLDAU_KAFKA_HEAP:-512m}
START_TIMEOUT=${MOLDAU_KAFKA_START_TIMEOUT:-120}
STOP_TIMEOUT=${MOLDAU_KAFKA_STOP_TIMEOUT:-20}

die() { echo "kafka.sh: $*" >&2; exit 1; }
log() { echo "kafka.sh: $*" >&2; }

libs_dir() { echo "$CACHE/kafka-$1/libs"; }

# A pom whose only purpose is to make mvn resolve Kafka's server and its runtime closure.
write_pom() { # version dir
    cat > "$2/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>moldau.test</groupId>
  <artifactId>kafka-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$1</version>
    </dependency>
    <!-- Kafka declares only slf4j-api; the broker's logs (and our readiness check) need a
         binding. slf4j-api is declared here too so that its version is the binding's (Maven
         would otherwise take Kafka's, which may not find a binding of another major). -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-api</artifactId>
      <version>$SLF4J_SIMPLE</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-simple</artifactId>
      <version>$SLF4J_SIMPLE</version>
    </dependency>
  </dependencies>
</project>
EOF
}

cmd_fetch() {
    local version=${1:-$KAFKA_VERSION} dir libs
    dir="$CACHE/kafka-$version"
    libs=$(libs_dir "$version")
    [ -f "$libs/.complete" ] && return 0
    command -v mvn >/dev/null || die "mvn not found (Debian: apt-get install maven)"
    mkdir -p "$CACHE"
    # Two runs fetching at once would fight over the directory.
    exec 9>"$CACHE/kafka-$version.lock"
    flock 9
    if [ ! -f "$libs/.complete" ]; then
        log "fetching Kafka $version from Maven Central into $libs"
        rm -rf "$dir"
        mkdir -p "$dir/pom"
        write_pom "$version" "$dir/pom"
        (cd "$dir/pom" && mvn -B -q -Dstyle.color=never dependency:copy-dependencies -DincludeScope=runtime \
            -DoutputDirectory="$libs") >&2 || { rm -rf "$dir"; die "mvn could not fetch Kafka $version"; }
        ls "$libs"/kafka_2.13-"$version".jar >/dev/null 2>&1 || die "no kafka_2.13-$version.jar in $libs"
        touch "$libs/.complete"
    fi
    exec 9>&-
}

# The versions Maven Central lists, newest first, then the first whose whole closure resolves
# (a fresh release can be listed before all its artifacts are served).
cmd_latest() {
    local series=${1:-4} tmp meta v
    tmp=$(mktemp -d)
    # Resolving the RELEASE meta-version makes mvn download the artifact's maven-metadata.xml
    # (a version range would too, but mvn then walks the graph of every version in it).
    (cd "$tmp" && mvn -B -q -Dstyle.color=never -U dependency:get -Dartifact=org.apache.kafka:kafka_2.13:RELEASE:pom \
        -Dtransitive=false >/dev/null 2>&1) || true
    meta=$(set -- "${MAVEN_REPO:-$HOME/.m2/repository}"/org/apache/kafka/kafka_2.13/maven-metadata-*.xml
           if [ -f "$1" ]; then echo "$1"; fi)
    [ -n "$meta" ] || { rm -rf "$tmp"; die "no maven-metadata for kafka_2.13"; }
    for v in $(sed -n 's:.*<version>\([0-9.]*\)</version>.*:\1:p' "$meta" | grep -E "^${series//./\\.}\." | sort -rV); do
        write_pom "$v" "$tmp"
        if (cd "$tmp" && mvn -B -q -Dstyle.color=never dependency:resolve >/dev/null 2>&1); then
            rm -rf "$tmp"; echo "$v"; return 0
        fi
        log "$v is listed but does not resolve; trying older"
    done
    rm -rf "$tmp"
    die "no $series.x release resolves"
}

# n distinct free loopback ports, chosen by the kernel; all held open until all are known.
free_ports() {
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

# 16 random bytes as Kafka prints a Uuid: URL-safe base64, no padding; not starting with '-',
# which the format tool's option parser would take for an option (Kafka avoids those too).
random_cluster_id() {
    local id
    while :; do
        id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
        [ "${id:0:1}" = - ] || { echo "$id"; return; }
    done
}

# The JVM command line shared by the tools and the servers, in JAVA_ARGS.
java_args() { # dir
    local version; version=$(cat "$1/version")
    # -Dmoldau.kafka.dir marks the processes of this DIR so stop can find leftovers.
    JAVA_ARGS=(java -Xmx"$HEAP" -Xms128m -Djava.awt.headless=true
        -Dmoldau.kafka.dir="$1"
        -Dorg.slf4j.simpleLogger.defaultLogLevel=info
        -Dorg.slf4j.simpleLogger.showDateTime=true
        -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS
        -Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config.AbstractConfig=warn
        -cp "$(libs_dir "$version")/*")
}

secure() { [ "${MOLDAU_KAFKA_SECURE:-0}" = 1 ]; }

# The SASL listeners' mechanisms, and the longest session on REAUTH (KIP-368).
SASL_MECHANISMS=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER
# REAUTH leaves SCRAM-SHA-512 out: a mechanism the broker does not enable (the refusal test).
REAUTH_MECHANISMS=PLAIN,SCRAM-SHA-256,OAUTHBEARER
REAUTH_MS=${MOLDAU_KAFKA_REAUTH_MS:-3000}

# One SASL listener's mechanisms and their JAAS lines (users: sasl_users.py into DIR/sasl).
# OAUTHBEARER: the broker's unsecured-JWT validator (4.3.1's default still, named here so that
# a change of default cannot go unnoticed); its login module wants a subject even when unused.
sasl_listener_config() { # dir listener (lower case)
    local p=listener.name.$2 mechs=$SASL_MECHANISMS
    [ "$2" = reauth ] && mechs=$REAUTH_MECHANISMS
    cat <<EOF
$p.sasl.enabled.mechanisms=$mechs
$p.plain.sasl.jaas.config=$(cat "$1/sasl/plain.jaas")
$p.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
$p.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
$p.oauthbearer.sasl.jaas.config=org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="broker";
$p.oauthbearer.sasl.server.callback.handler.class=org.apache.kafka.common.security.oauthbearer.internals.unsecured.OAuthBearerUnsecuredValidatorCallbackHandler
EOF
}

write_config() { # dir node n bport cport voters [sport mport saslport saslsslport reauthport]
    local dir=$1 node=$2 n=$3 bport=$4 cport=$5 voters=$6 sport=${7:-} mport=${8:-}
    local saport=${9:-} ssport=${10:-} rport=${11:-}
    local rf=$(( n < 3 ? n : 3 )) isr=$(( n < 3 ? 1 : 2 ))
    local ssl_l="" ssl_a="" ssl_m=""
    if [ -n "$sport" ]; then
        ssl_l=",SSL://127.0.0.1:$sport,MTLS://127.0.0.1:$mport,SASL_PLAINTEXT://127.0.0.1:$saport"
        ssl_l="$ssl_l,SASL_SSL://127.0.0.1:$ssport,REAUTH://127.0.0.1:$rport" ssl_a=$ssl_l
        ssl_m=",SSL:SSL,MTLS:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,REAUTH:SASL_PLAINTEXT"
    fi
    mkdir -p "$dir/node-$node/data"
    cat > "$dir/node-$node/server.properties" <<EOF
process.roles=broker,controller
node.id=$node
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$bport,CONTROLLER://127.0.0.1:$cport$ssl_l
advertised.listeners=PLAINTEXT://127.0.0.1:$bport$ssl_a
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT$ssl_m
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/node-$node/data
auto.create.topics.enable=true
num.partitions=1
default.replication.factor=$rf
min.insync.replicas=1
# Tests want fast joins and small internal topics (fewer partitions to create on first use).
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
share.coordinator.state.topic.num.partitions=5
num.network.threads=2
num.io.threads=4
EOF
    if [ -n "$sport" ]; then
        local pass; pass=$(sed -n 's/^MOLDAU_TLS_PASSWORD=//p' "$dir/certs/env")
        cat >> "$dir/node-$node/server.properties" <<EOF
ssl.keystore.type=PKCS12
ssl.keystore.location=$dir/certs/broker.p12
ssl.keystore.password=$pass
ssl.key.password=$pass
ssl.truststore.type=PEM
ssl.truststore.location=$dir/certs/ca.pem
ssl.client.auth=requested
listener.name.mtls.ssl.client.auth=required
# SASL beside: the brokers' own listeners stay PLAINTEXT, so they need no credentials.
sasl.enabled.mechanisms=$SASL_MECHANISMS
listener.name.reauth.connections.max.reauth.ms=$REAUTH_MS
EOF
        local l
        for l in sasl_plaintext sasl_ssl reauth; do
            sasl_listener_config "$dir" "$l" >> "$dir/node-$node/server.properties"
        done
        echo "$sport" > "$dir/node-$node/ssl-port"
        echo "$mport" > "$dir/node-$node/mtls-port"
        echo "$saport" > "$dir/node-$node/sasl-port"
        echo "$ssport" > "$dir/node-$node/sasl-ssl-port"
        echo "$rport" > "$dir/node-$node/reauth-port"
    fi
    local kv
    for kv in ${MOLDAU_KAFKA_CONFIG:-}; do echo "$kv" >> "$dir/node-$node/server.properties"; done
    echo "$bport" > "$dir/node-$node/port"
}

node_pid() { cat "$1/node-$2/pid" 2>/dev/null || true; }
node_alive() { local p; p=$(node_pid "$1" "$2"); [ -n "$p" ] && running "$p"; }

launch_node() { # dir node
    local dir=$1 node=$2
    java_args "$dir"
    # setsid: its own session, so a Ctrl-C aimed at the test run does not race our stop.
    # (A background job of a script is no group leader, so setsid execs java in place and $!
    # is java's pid.)
    setsid "${JAVA_ARGS[@]}" kafka.Kafka "$dir/node-$node/server.properties" \
        >> "$dir/node-$node/server.log" 2>&1 < /dev/null &
    echo $! > "$dir/node-$node/pid"
}

# Ready = the log says the server started (KRaft: after the broker is unfenced) and the port
# accepts connections.
wait_node() { # dir node deadline
    local dir=$1 node=$2 deadline=$3 port
    port=$(cat "$dir/node-$node/port")
    while :; do
        if ! node_alive "$dir" "$node"; then
            log "node $node exited during startup; last lines of $dir/node-$node/server.log:"
            tail -n 30 "$dir/node-$node/server.log" >&2
            return 1
        fi
        if grep -q "Kafka Server started" "$dir/node-$node/server.log" 2>/dev/null &&
           (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        [ "$(date +%s)" -lt "$deadline" ] || { log "node $node not ready after ${START_TIMEOUT}s"; return 1; }
        sleep 0.2
    done
}

bootstrap_of() { # dir [port file name]
    local dir=$1 name=${2:-port} out="" f
    for f in "$dir"/node-*/"$name"; do
        [ -f "$f" ] && out="$out${out:+,}127.0.0.1:$(cat "$f")"
    done
    echo "$out"
}

cmd_start() {
    local n=1 dir="" t0 i
    while [ $# -gt 0 ]; do
        case $1 in
            --brokers) n=$2; shift 2 ;;
            --dir) dir=$2; shift 2 ;;
            *) die "start: unknown argument $1" ;;
        esac
    done
    [[ $n =~ ^[1-9][0-9]*$ ]] || die "start: --brokers wants a positive number"
    command -v java >/dev/null || die "java not found"
    t0=$(date +%s%N)
    cmd_fetch "$KAFKA_VERSION"
    if [ -z "$dir" ]; then dir=$(mktemp -d "${TMPDIR:-/tmp}/moldau-kafka.XXXXXX"); fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -z "$(ls "$dir"/node-*/pid 2>/dev/null)" ] || die "$dir already holds a cluster; stop it first"
    echo "$KAFKA_VERSION" > "$dir/version"

    # A node's ports: PLAINTEXT, CONTROLLER, then (secure) SSL MTLS SASL_PLAINTEXT SASL_SSL REAUTH.
    local ports voters="" per=2 b
    if secure; then
        per=7
        mkdir -p "$dir/certs"
        bash "$(dirname "$0")/certs.sh" "$dir/certs" > "$dir/certs/env" || die "certs.sh failed"
        python3 "$(dirname "$0")/sasl_users.py" "$dir/sasl" || die "sasl_users.py failed"
    fi
    read -r -a ports <<< "$(free_ports $((per * n)))"
    for ((i = 1; i <= n; i++)); do
        voters="$voters${voters:+,}$i@127.0.0.1:${ports[per * i - per + 1]}"
    done
    for ((i = 1; i <= n; i++)); do
        b=$((per * i - per))
        write_config "$dir" "$i" "$n" "${ports[b]}" "${ports[b + 1]}" "$voters" "${ports[@]:b + 2:per - 2}"
    done

    local cid pids=()
    cid=$(random_cluster_id)
    echo "$cid" > "$dir/cluster-id"
    java_args "$dir"
    local features=() f
    for f in ${MOLDAU_KAFKA_FEATURES:-}; do features+=(--feature "$f"); done
    # The SCRAM users go into the bootstrap metadata: no tool to run once the broker is up.
    if secure; then
        while IFS= read -r f; do features+=(--add-scram "$f"); done < "$dir/sasl/scram.args"
    fi
    for ((i = 1; i <= n; i++)); do
        # A short-lived tool: the C1 compiler alone and serial GC start it faster.
        "${JAVA_ARGS[@]}" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC kafka.tools.StorageTool format -t "$cid" \
            -c "$dir/node-$i/server.properties" ${features[@]+"${features[@]}"} > "$dir/node-$i/format.log" 2>&1 &
        pids+=($!)
    done
    for ((i = 1; i <= n; i++)); do
        wait "${pids[i - 1]}" || { cat "$dir/node-$i/format.log" >&2; die "formatting node $i failed"; }
    done

    for ((i = 1; i <= n; i++)); do launch_node "$dir" "$i"; done
    local deadline=$(( $(date +%s) + START_TIMEOUT ))
    for ((i = 1; i <= n; i++)); do
        wait_node "$dir" "$i" "$deadline" || { cmd_stop --dir "$dir" >/dev/null 2>&1 || true; die "start failed (logs in $dir)"; }
    done
    bootstrap_of "$dir" > "$dir/bootstrap"
    local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    log "Kafka $KAFKA_VERSION, $n node(s) ready in ${ms} ms"
    {
        echo "MOLDAU_KAFKA_BOOTSTRAP=$(cat "$dir/bootstrap")"
        if secure; then
            bootstrap_of "$dir" ssl-port > "$dir/ssl-bootstrap"
            bootstrap_of "$dir" sasl-port > "$dir/sasl-bootstrap"
            bootstrap_of "$dir" sasl-ssl-port > "$dir/sasl-ssl-bootstrap"
            bootstrap_of "$dir" reauth-port > "$dir/reauth-bootstrap"
            echo "MOLDAU_KAFKA_SSL_BOOTSTRAP=$(cat "$dir/ssl-bootstrap")"
            echo "MOLDAU_KAFKA_MTLS_BOOTSTRAP=$(bootstrap_of "$dir" mtls-port)"
            echo "MOLDAU_KAFKA_SASL_BOOTSTRAP=$(cat "$dir/sasl-bootstrap")"
            echo "MOLDAU_KAFKA_SASL_SSL_BOOTSTRAP=$(cat "$dir/sasl-ssl-bootstrap")"
            echo "MOLDAU_KAFKA_REAUTH_BOOTSTRAP=$(cat "$dir/reauth-bootstrap")"
            echo "MOLDAU_KAFKA_REAUTH_MS=$REAUTH_MS"
            echo "MOLDAU_SASL_MECHANISMS=$SASL_MECHANISMS"
            cat "$dir/certs/env" "$dir/sasl/env"
        fi
        echo "MOLDAU_KAFKA_DIR=$dir"
        echo "MOLDAU_KAFKA_VERSION=$KAFKA_VERSION"
    } > "$dir/env"
    # DIR/env: the same lines for a suite that started the cluster itself (k3_test.h).
    cat "$dir/env"
}

# Our processes: those in the pid files, and any java carrying this DIR's marker (a node whose
# launcher was killed before it could write its pid file). Only java processes count: grep
# itself carries the marker in its arguments.
dir_pids() { # dir
    local dir=$1 f p
    for f in "$dir"/node-*/pid; do [ -f "$f" ] && cat "$f"; done
    # -z: cmdline arguments are NUL-separated, so -x matches one whole argument.
    for p in $(grep -lzxsF -- "-Dmoldau.kafka.dir=$dir" /proc/[0-9]*/cmdline 2>/dev/null |
                   sed -n 's:^/proc/\([0-9]*\)/cmdline$:\1:p'); do
        [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && echo "$p"
    done
    true
}

# Running = exists and is not a zombie (an orphan's zombie lingers until its reaper gets to it).
running() { # pid
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat:0:1}" != Z ]
}

stop_pids() { # signal pids...
    local sig=$1 p deadline; shift
    [ $# -gt 0 ] || return 0
    kill "-$sig" "$@" 2>/dev/null || true
    deadline=$(( $(date +%s) + STOP_TIMEOUT ))
    for p in "$@"; do
        while running "$p"; do
            if [ "$(date +%s)" -ge "$deadline" ]; then
                log "pid $p still there after ${STOP_TIMEOUT}s; SIGKILL"
                kill -KILL "$p" 2>/dev/null || true
                deadline=$(( $(date +%s) + 5 ))
            fi
            sleep 0.1
        done
    done
}

need_dir() { [ -n "$1" ] && [ -d "$1" ] || die "--dir DIR of a started cluster is needed"; }

cmd_stop() {
    local dir=""
    while [ $# -gt 0 ]; do
        case $1 in --dir) dir=$2; shift 2 ;; *) die "stop: unknown argument $1" ;; esac
    done
    need_dir "$dir"
    dir=$(cd "$dir" && pwd)
    # All nodes at once: once the quorum is gone a controlled shutdown cannot finish, so the
    # brokers would wait for it; a throwaway cluster does not need one.
    local pids
    pids=$(dir_pids "$dir" | sort -u)
    # shellcheck disable=SC2086
    stop_pids KILL $pids
    rm -f "$dir"/node-*/pid
}

cmd_broker_stop() {
    local dir="" node="" sig=TERM
    while [ $# -gt 0 ]; do
        case $1 in
            --dir) dir=$2; shift 2 ;;
            --kill) sig=KILL; shift ;;
            *) node=$1; shift ;;
        esac
    done
    need_dir "$dir"
    [ -f "$dir/node-$node/server.properties" ] || die "no node $node in $dir"
    local p; p=$(node_pid "$dir" "$node")
    [ -n "$p" ] && stop_pids "$sig" "$p"
    rm -f "$dir/node-$node/pid"
    echo "OK node $node down"
}

cmd_broker_start() {
    local dir="" node=""
    while [ $# -gt 0 ]; do
        case $1 in --dir) dir=$2; shift 2 ;; *) node=$1; shift ;; esac
    done
    need_dir "$dir"
    dir=$(cd "$dir" && pwd)
    [ -f "$dir/node-$node/server.properties" ] || die "no node $node in $dir"
    node_alive "$dir" "$node" && die "node $node runs already"
    KAFKA_VERSION=$(cat "$dir/version")
    # Only lines written after this start count for readiness.
    mv "$dir/node-$node/server.log" "$dir/node-$node/server.log.$(date +%s%N)" 2>/dev/null || true
    launch_node "$dir" "$node"
    wait_node "$dir" "$node" $(( $(date +%s) + START_TIMEOUT )) || die "node $node did not start"
    echo "OK node $node up"
}

cmd_status() {
    local dir=""
    while [ $# -gt 0 ]; do
        case $1 in --dir) dir=$2; shift 2 ;; *) die "status: unknown argument $1" ;; esac
    done
    need_dir "$dir"
    local f node
    for f in "$dir"/node-*/port; do
        node=${f%/port}; node=${node##*/node-}
        if node_alive "$dir" "$node"; then echo "node $node up 127.0.0.1:$(cat "$f")"
        else echo "node $node down 127.0.0.1:$(cat "$f")"; fi
    done
}

cmd_with() {
    local n=1
    while [ $# -gt 0 ]; do
        case $1 in
            --brokers) n=$2; shift 2 ;;
            --) shift; break ;;
            *) break ;;
        esac
    done
    [ $# -gt 0 ] || die "with: no command"
    local dir out rc=0 watchdog="" child=""
    dir=$(mktemp -d "${TMPDIR:-/tmp}/moldau-kafka.XXXXXX")
    # shellcheck disable=SC2064
    trap "with_cleanup '$dir'" EXIT
    # Bash runs traps only between commands, so CMD runs in the background and we wait for it;
    # a signal to us is passed on to CMD, and the EXIT trap then stops the brokers.
    trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; exit 130' INT
    trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; exit 143' TERM
    # If we are killed outright (SIGKILL), a watchdog in its own session still stops them.
    setsid bash "$0" watch $$ "$dir" < /dev/null > /dev/null 2>&1 &
    watchdog=$!
    WITH_WATCHDOG=$watchdog
    if out=$(cmd_start --brokers "$n" --dir "$dir"); then
        # Every NAME=VALUE line start printed (values may hold ',' '=' and UTF-8, no newline).
        local line
        while IFS= read -r line; do
            case $line in MOLDAU_[A-Z_]*=*) export "${line%%=*}=${line#*=}" ;; esac
        done <<< "$out"
        if secure; then
            log "MOLDAU_KAFKA_SSL_BOOTSTRAP=$MOLDAU_KAFKA_SSL_BOOTSTRAP"
            log "MOLDAU_KAFKA_SASL_BOOTSTRAP=$MOLDAU_KAFKA_SASL_BOOTSTRAP" \
                "MOLDAU_KAFKA_SASL_SSL_BOOTSTRAP=$MOLDAU_KAFKA_SASL_SSL_BOOTSTRAP" \
                "MOLDAU_KAFKA_REAUTH_BOOTSTRAP=$MOLDAU_KAFKA_REAUTH_BOOTSTRAP"
        fi
        MOLDAU_KAFKA_DIR=$dir
        MOLDAU_KAFKA_VERSION=$KAFKA_VERSION
        log "MOLDAU_KAFKA_BOOTSTRAP=$MOLDAU_KAFKA_BOOTSTRAP"
    elif [ "${CI:-}" = true ]; then
        die "no Kafka broker could be started and CI=true"
    else
        log "****************************************************************"
        log "*** no Kafka broker could be started: tests needing one SKIP ***"
        log "****************************************************************"
        unset MOLDAU_KAFKA_BOOTSTRAP MOLDAU_KAFKA_DIR MOLDAU_KAFKA_VERSION MOLDAU_KAFKA_SSL_BOOTSTRAP \
            MOLDAU_KAFKA_MTLS_BOOTSTRAP MOLDAU_TLS_DIR MOLDAU_TLS_PASSWORD \
            MOLDAU_KAFKA_SASL_BOOTSTRAP MOLDAU_KAFKA_SASL_SSL_BOOTSTRAP MOLDAU_KAFKA_REAUTH_BOOTSTRAP \
            MOLDAU_KAFKA_REAUTH_MS MOLDAU_SASL_MECHANISMS MOLDAU_SASL_USER MOLDAU_SASL_PASSWORD \
            MOLDAU_SASL_LIMITED_USER MOLDAU_SASL_LIMITED_PASSWORD MOLDAU_SASL_ODD_USER \
            MOLDAU_SASL_ODD_PASSWORD
    fi
    # A background command's stdin would be /dev/null; give it ours.
    exec 3<&0
    "$@" <&3 3<&- &
    child=$!
    wait "$child" || rc=$?
    child=""
    if [ "$rc" -ne 0 ] && [ -n "${MOLDAU_KAFKA_DIR:-}" ]; then
        # The logs help explain a failure; the data does not.
        MOLDAU_KAFKA_KEEP=1
        cmd_stop --dir "$dir" >/dev/null 2>&1 || true
        rm -rf "$dir"/node-*/data
        log "command failed ($rc); broker logs kept in $dir/node-*/server.log"
    fi
    return "$rc"
}

with_cleanup() { # dir
    [ -z "${WITH_WATCHDOG:-}" ] || kill "$WITH_WATCHDOG" 2>/dev/null || true
    cmd_stop --dir "$1" >/dev/null 2>&1 || true
    [ "${MOLDAU_KAFKA_KEEP:-0}" = 1 ] || rm -rf "$1"
}

# Internal: stops DIR's cluster once PID is gone (see cmd_with).
cmd_watch() { # pid dir
    while kill -0 "$1" 2>/dev/null; do sleep 1; done
    [ -d "$2" ] || return 0
    cmd_stop --dir "$2" >/dev/null 2>&1 || true
    [ "${MOLDAU_KAFKA_KEEP:-0}" = 1 ] || rm -rf "$2"
}

main() {
    [ $# -gt 0 ] || { sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
    local sub=$1; shift
    case $sub in
        fetch) cmd_fetch "$@"; echo "$(libs_dir "${1:-$KAFKA_VERSION}")" ;;
        latest) cmd_latest "$@" ;;
        start) cmd_start "$@" ;;
        stop) cmd_stop "$@" ;;
        broker-stop) cmd_broker_stop "$@" ;;
        broker-start) cmd_broker_start "$@" ;;
        status) cmd_status "$@" ;;
        with) cmd_with "$@" ;;
        watch) cmd_watch "$@" ;;
        -h|--help|help) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//' ;;
        *) die "unknown subcommand $sub" ;;
    esac
}

main "$@"
