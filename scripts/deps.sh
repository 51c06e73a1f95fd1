#!/usr/bin/env bash
# Installs what moldau's build and tests need on Debian bookworm (`make deps`).
# Idempotent: when everything is there it only asks dpkg once and returns; otherwise it runs
# apt-get update and installs just the missing packages. MOLDAU_DEPS_DRY_RUN=1 only says what
# it would install.
set -euo pipefail

# Library build: compiler, pkg-config, the compression libraries libmoldau links, OpenSSL 3 for
# TLS (make TLS=0 builds without it); the openssl CLI makes the test certificates.
PACKAGES=(build-essential pkg-config zlib1g-dev liblz4-dev libsnappy-dev libzstd-dev libssl-dev
          openssl)
# Tests: Check, cJSON (conformance harness), clang + its runtime libraries for `make fuzz` and
# the sanitizers (on bookworm libclang_rt.fuzzer*.a and libclang_rt.asan*.a come in
# libclang-rt-14-dev, which `clang` alone does not pull in), llvm-14 for llvm-symbolizer
# (readable stack traces in fuzz and sanitizer reports; only recommended by clang), valgrind.
PACKAGES+=(check libcjson-dev clang libclang-rt-14-dev llvm-14 valgrind)
# Test peers and interop: librdkafka (mock cluster, benchmark baseline), kcat, the codec
# command-line tools used to cross-check compressed batches, Debian's Python clients.
PACKAGES+=(librdkafka-dev kcat lz4 zstd gzip python3 python3-snappy python3-lz4 python3-zstandard python3-kafka
           python3-confluent-kafka)
# The real Kafka broker runs on a JVM (>= 17 for Kafka 4.x); its jars come through maven.
PACKAGES+=(maven)

# ---- PyPI (for interop with newer clients) ------------------------------------------------
# Newer kafka-python / confluent-kafka than Debian ships, for the mixed-group tests of issue 9
# (TEST-PEERS.md: the current releases). They go into a virtualenv of their own, never into the
# system Python; the tests find it at $MOLDAU_VENV (default below) and skip without it.
# python-snappy, lz4 and zstandard: the codecs kafka-python imports (it has only gzip without).
PYPI_PACKAGES=("confluent-kafka==2.16.1" "kafka-python==3.0.12" "python-snappy==0.7.3" "lz4==4.4.5"
               "zstandard==0.25.0")
VENV="${MOLDAU_VENV:-$HOME/.cache/moldau/venv}"
# ------------------------------------------------------------------------------------------

java_major() {
    # "17.0.15", "21", "1.8.0_392" -> 17, 21, 8
    local v
    v=$(java -version 2>&1 | sed -n '/version "/{s/.*version "\([^"]*\)".*/\1/p;q;}')
    [ -n "$v" ] || { echo 0; return; }
    case "$v" in
        1.*) v=${v#1.}; echo "${v%%.*}" ;;
        *) v=${v%%.*}; echo "${v%%[!0-9]*}" ;;
    esac
}

if ! command -v java >/dev/null 2>&1 || [ "$(java_major)" -lt 17 ]; then
    PACKAGES+=(default-jdk-headless)
fi
if [ "${#PYPI_PACKAGES[@]}" -gt 0 ]; then
    PACKAGES+=(python3-venv python3-pip)
fi

# One dpkg-query for all of them: what is fully installed; everything else is missing.
installed=" $(dpkg-query -W -f='${Package} ${Status}\n' "${PACKAGES[@]}" 2>/dev/null \
              | awk '$2 == "install" && $4 == "installed" { printf "%s ", $1 }' || true)"
missing=()
for p in "${PACKAGES[@]}"; do
    case "$installed" in *" $p "*) ;; *) missing+=("$p") ;; esac
done

if [ "${#missing[@]}" -gt 0 ] && [ -n "${MOLDAU_DEPS_DRY_RUN:-}" ]; then
    echo "deps: would install ${missing[*]}"
elif [ "${#missing[@]}" -gt 0 ]; then
    echo "deps: installing ${missing[*]}"
    SUDO=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { echo "deps: need root or sudo to install packages" >&2; exit 1; }
        SUDO=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${SUDO[@]}" apt-get update -q
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
else
    echo "deps: all ${#PACKAGES[@]} Debian packages present"
fi

if [ "${#PYPI_PACKAGES[@]}" -gt 0 ]; then
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "${PYPI_PACKAGES[@]}"
    echo "deps: PyPI packages in $VENV"
fi
