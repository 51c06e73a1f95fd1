#!/usr/bin/env bash
# librdkafka's mock cluster for scripts and other clients' tests (kcat, kafka-python, ...).
# C tests use tests/support/mock_test.h instead.
#
#   mock.sh with [--brokers N] -- CMD ARGS...
#       starts build/tests/mock_cluster (or $MOLDAU_MOCK_CLUSTER) with a FIFO control channel,
#       exports MOLDAU_MOCK_BOOTSTRAP and MOLDAU_MOCK_DIR, runs CMD, stops the mock whatever
#       happens, and exits with CMD's status.
#   mock.sh cmd COMMAND...
#       inside CMD: sends one command (see tests/support/mock_cluster.c) and prints its answer;
#       exits 0 for OK, 1 for ERR. Commands from one script at a time (answers are matched by
#       order).
set -euo pipefail

die() { echo "mock.sh: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
launcher=${MOLDAU_MOCK_CLUSTER:-${MOLDAU_BUILD:-$here/../../build}/tests/mock_cluster}

lines() { wc -l < "$1" | tr -d ' '; }

# The answer to the command just sent: the line after the `before` lines already there.
wait_line() { # file before
    local i
    for ((i = 0; i < 300; i++)); do
        if [ "$(lines "$1")" -gt "$2" ]; then
            sed -n "$(($2 + 1))p" "$1"
            return 0
        fi
        sleep 0.1
    done
    die "no answer from the mock cluster"
}

cmd_with() {
    local n=3 dir pid rc=0
    while [ $# -gt 0 ]; do
        case $1 in
            --brokers) n=$2; shift 2 ;;
            --) shift; break ;;
            *) break ;;
        esac
    done
    [ $# -gt 0 ] || die "with: no command"
    [ -x "$launcher" ] || die "$launcher missing (make check-prereqs)"
    dir=$(mktemp -d "${TMPDIR:-/tmp}/moldau-mock.XXXXXX")
    mkfifo "$dir/control"
    : > "$dir/answers"
    "$launcher" -b "$n" -f "$dir/control" > "$dir/answers" 2> "$dir/mock.log" &
    pid=$!
    # shellcheck disable=SC2064
    # SIGTERM: the launcher destroys the cluster and exits (a write to the FIFO could block if
    # it were already gone).
    trap "kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf '$dir'" EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    local first
    first=$(wait_line "$dir/answers" 0)
    [[ $first == BOOTSTRAP\ * ]] || die "launcher said: $first"
    export MOLDAU_MOCK_BOOTSTRAP=${first#BOOTSTRAP } MOLDAU_MOCK_DIR=$dir
    "$@" || rc=$?
    return "$rc"
}

cmd_cmd() {
    local dir=${MOLDAU_MOCK_DIR:-} before answer
    [ -n "$dir" ] && [ -p "$dir/control" ] || die "cmd: not inside mock.sh with"
    before=$(lines "$dir/answers")
    echo "$*" > "$dir/control"
    answer=$(wait_line "$dir/answers" "$before")
    echo "$answer"
    [[ $answer == OK* ]]
}

[ $# -gt 0 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
sub=$1; shift
case $sub in
    with) cmd_with "$@" ;;
    cmd) cmd_cmd "$@" ;;
    *) die "unknown subcommand $sub" ;;
esac
