#!/usr/bin/env python3
"""The markdown tables of bench/run-consumer.sh from its JSON lines (one per run).

Medians over the runs with the range (min-max), and the ratios moldau/librdkafka 2.16.0 and
moldau/librdkafka 2.0.2 of the medians. Settings come from the environment run-consumer.sh
exports. Shares its number formatting with ../producer/report.py.
"""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "producer"))
from report import cell, ratio  # noqa: E402

CLIENTS = ["librdkafka", "librdkafka-2.0.2", "moldau"]


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    env = os.environ
    notes = [r for r in rows if r.get("mode") == "note"]
    kafka_version = next((n["kafka_version"] for n in notes if "kafka_version" in n), None)
    version = {c: next((r["version"] for r in rows if r.get("client") == c and "version" in r),
                       "?") for c in CLIENTS}
    out = ["# Consumer benchmark: moldau against librdkafka\n"]
    if env.get("GROUP") != "1":
        out.append("> **Group mode (subscribe) not measured: moldau's group consumer is not "
                   "built yet (src/consumer/group_classic.c missing). Manual assignment "
                   "only.**\n")
    out.append(f"- {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs shared with other "
               f"work: load average {env.get('BENCH_LOAD0', '?')} at the start, "
               f"{env.get('BENCH_LOAD1', '?')} at the end; run took "
               f"{env.get('BENCH_SECONDS', '?')} s. Compare the ratios and the callgrind counts; "
               "wall-clock figures swing ±20% here.")
    out.append(f"- librdkafka {version['librdkafka']} (the confluent-kafka wheel) and "
               f"{version['librdkafka-2.0.2']} (Debian's); moldau {version['moldau']}; mock = "
               f"Debian's librdkafka mock cluster, {env.get('MOCK_BROKERS', '3')} brokers, "
               f"separate process; Kafka {kafka_version or 'not run'} (one KRaft node).")
    out.append(f"- Each topic filled once by librdkafka's producer ({env.get('SIZE', '100')}-byte "
               f"values, no key): {env.get('N_MOCK')} records on the mock, read "
               f"{env.get('PASSES_MOCK')} times per run (the mock keeps ~5 MB per partition), "
               f"fetch.max.wait.ms={env.get('FETCH_WAIT_MOCK')} for both there; "
               f"{env.get('N_KAFKA')} records on Kafka, read once, default fetch settings. "
               f"{env.get('RUNS')} runs per client, order alternating. Both take batches "
               "(moldau_consumer_poll_batch / rd_kafka_consume_batch_queue, 500 records).")
    out.append("- msgs/s and MB/s (10^6 bytes of key+value) over wall time from the first record "
               "received to the last; CPU = user+system of the whole client process over the "
               "same span; instructions: callgrind over the same span, "
               f"{env.get('N_CALLGRIND')} records (fewer on the mock: one pass); peak RSS = the "
               "process's high-water mark. Cells: median (min–max).\n")
    out.append("| broker | partitions | compression | mode | figure | librdkafka 2.16.0 | "
               "librdkafka 2.0.2 | moldau | moldau/2.16.0 | moldau/2.0.2 |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    labels = []
    for r in rows:
        lab = r.get("label", "")
        if r.get("mode") in ("throughput", "callgrind", "failed") and lab.count("/") == 3 \
                and lab not in labels:
            labels.append(lab)
    for lab in labels:
        broker, parts, comp, mode = lab.split("/")
        per = {c: [r for r in rows if r.get("label") == lab and r.get("client") == c]
               for c in CLIENTS}
        tp = {c: [r for r in per[c] if r.get("mode") == "throughput"] for c in CLIENTS}
        figures = [("msgs/s", lambda r: r["msgs_per_s"]), ("MB/s", lambda r: r["mb_per_s"]),
                   ("CPU ns/msg", lambda r: r["cpu_ns_per_msg"]),
                   ("peak RSS MB", lambda r: r["max_rss_kb"] / 1024)]
        vals = [(name, {c: [f(r) for r in tp[c]] for c in CLIENTS}) for name, f in figures]
        vals.append(("instructions/msg", {c: [r["instructions"] / r["msgs"] for r in per[c]
                                              if r.get("mode") == "callgrind"]
                                          for c in CLIENTS}))
        failed = {c: len([r for r in per[c] if r.get("mode") == "failed"]) for c in CLIENTS}
        first = True
        for name, v in vals:
            head = f"{broker} | {parts} | {comp} | {mode}" if first else " | | | "
            out.append(f"| {head} | {name} | {cell(v['librdkafka'])} | "
                       f"{cell(v['librdkafka-2.0.2'])} | {cell(v['moldau'])} | "
                       f"{ratio(v['librdkafka'], v['moldau'])} | "
                       f"{ratio(v['librdkafka-2.0.2'], v['moldau'])} |")
            first = False
        if any(failed.values()):
            out.append(f"| | | | | failed runs | {failed['librdkafka']} | "
                       f"{failed['librdkafka-2.0.2']} | {failed['moldau']} | | |")
    out.append("")
    out.append(f"Memory while the application does not poll (one record taken, then "
               f"{env.get('HOLD_MS')} ms asleep: the prefetch fills up to "
               "queued.max.messages.kbytes; librdkafka's queued.min.messages lifted), on the "
               "first topic of the run:\n")
    out.append("| broker | queued.max.messages.kbytes | librdkafka 2.16.0 | librdkafka 2.0.2 | "
               "moldau |")
    out.append("|---|---|---|---|---|")
    for lab in sorted({r["label"] for r in rows if r.get("mode") == "hold"}):
        broker, _, kb = lab.split("/")
        m = {c: next((r for r in rows if r.get("label") == lab and r.get("client") == c
                      and r.get("mode") == "hold"), None) for c in CLIENTS}
        show = {c: f"{m[c]['hwm_kb'] / 1024:.1f} MB peak, {m[c]['threads']} threads"
                if m[c] else "—" for c in CLIENTS}
        out.append(f"| {broker} | {kb} | {show['librdkafka']} | {show['librdkafka-2.0.2']} | "
                   f"{show['moldau']} |")
    lat = [r for r in rows if r.get("mode") == "latency"]
    if lat:
        out.append("")
        out.append(f"End-to-end latency, produce to consume (each client's own producer and "
                   f"consumer in one process, {env.get('LAT_RATE')} records/s for "
                   f"{env.get('LAT_SECONDS')} s, first second not counted, "
                   f"linger.ms={env.get('LAT_LINGER_MS')}, acks=1, 3 partitions; median over "
                   f"{env.get('LAT_RUNS')} runs of each run's percentile):\n")
        out.append("| broker | figure | librdkafka 2.16.0 | librdkafka 2.0.2 | moldau | "
                   "moldau/2.16.0 |")
        out.append("|---|---|---|---|---|---|")
        for lab in sorted({r["label"] for r in lat}):
            for name, key in (("p50 µs", "p50_us"), ("p99 µs", "p99_us"), ("max µs", "max_us")):
                v = {c: [r[key] for r in lat if r["label"] == lab and r["client"] == c]
                     for c in CLIENTS}
                out.append(f"| {lab.split('/')[0]} | {name} | {cell(v['librdkafka'])} | "
                           f"{cell(v['librdkafka-2.0.2'])} | {cell(v['moldau'])} | "
                           f"{ratio(v['librdkafka'], v['moldau'])} |")
            got = {c: [f"{r['received']}/{r['produced']}" for r in lat
                       if r["label"] == lab and r["client"] == c] for c in CLIENTS}
            out.append(f"| | received/produced | {', '.join(got['librdkafka'])} | "
                       f"{', '.join(got['librdkafka-2.0.2'])} | {', '.join(got['moldau'])} | |")
    for n in notes:
        if "note" in n:
            out.append(f"\n**Note: {n['note']}.**")
    print("\n".join(out))


if __name__ == "__main__":
    main()
