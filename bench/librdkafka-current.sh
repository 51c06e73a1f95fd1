#!/usr/bin/env bash
# The current librdkafka for the benchmarks: 2.16.0, as it comes inside the PyPI wheel of
# confluent-kafka 2.16.1 (see ../shared/TEST-PEERS.md). Fetched once into ~/.cache/moldau; prints
# a directory holding librdkafka.so.1, to put on LD_LIBRARY_PATH of a program built against
# Debian's librdkafka-dev header (the ABI is the same; rd_kafka_version_str() then says 2.16.0).
# Prints nothing and exits 1 when the wheel cannot be had.
set -euo pipefail
WHEEL_VERSION=${RDKAFKA_WHEEL_VERSION:-2.16.1}
cache=${MOLDAU_CACHE:-$HOME/.cache/moldau}/librdkafka-wheel-$WHEEL_VERSION
if [ ! -e "$cache/lib/librdkafka.so.1" ]; then
    mkdir -p "$cache/dl" "$cache/lib"
    if ! ls "$cache"/dl/confluent_kafka-*.whl > /dev/null 2>&1; then
        python3 -m pip download --no-deps -q -d "$cache/dl" "confluent-kafka==$WHEEL_VERSION" >&2 ||
            exit 1
    fi
    whls=("$cache"/dl/confluent_kafka-*.whl)
    whl=${whls[${#whls[@]}-1]}
    rm -rf "$cache/unz" && mkdir -p "$cache/unz"
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
        "$whl" "$cache/unz"
    sos=("$cache"/unz/confluent_kafka.libs/librdkafka-*.so.1)
    [ -e "${sos[0]}" ] || exit 1
    ln -sf "${sos[0]}" "$cache/lib/librdkafka.so.1"
fi
echo "$cache/lib"
