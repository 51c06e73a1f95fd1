#!/usr/bin/env python3
"""The markdown table of bench/run-producer.sh from its JSON lines (one per run).

Medians over the runs, with the range (min-max) to show the noise, and the ratio
moldau/librdkafka of the medians. Settings come from the environment run-producer.sh exports.
"""
import json
import os
import statistics
import sys
import time

CLIENTS = ["librdkafka", "moldau"]


def fmt(v, unit=""):
    if v is None:
        return "—"
    if v >= 1e6:
        return f"{v / 1e6:.2f} M{unit}"
    if v >= 1e4:
        return f"{v / 1e3:.0f} k{unit}"
    if v >= 100:
        return f"{v:.0f}{unit}"
    return f"{v:.1f}{unit}"


def cell(values, unit=""):
    if not values:
        return "—"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt(med, unit)
    return f"{fmt(med, unit)} ({fmt(min(values))}–{fmt(max(values))})"


def ratio(a, b):
    if not a or not b:
        return "—"
    return f"{statistics.median(b) / statistics.median(a):.2f}"


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    env = os.environ
    clients_run = env.get("CLIENTS", "librdkafka").split()
    notes = [r for r in rows if r.get("mode") == "note"]
    kafka_version = next((n["kafka_version"] for n in notes if "kafka_version" in n), None)
    rdk_version = next((r["version"] for r in rows if r.get("client") == "librdkafka"
                        and "version" in r), "?")
    out = []
    out.append("# Producer benchmark: moldau against librdkafka\n")
    if env.get("AA") == "1":
        out.append("> **A/A CHECK: the `moldau` column is librdkafka's program again. The ratios "
                   "are the noise floor of the harness on this machine, not moldau.**\n")
    elif "moldau" not in clients_run:
        out.append("> **MOLDAU NOT MEASURED: its producer is not built yet "
                   "(src/producer/producer.c missing). librdkafka only: a baseline, no "
                   "ratios.**\n")
    out.append(f"- {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs shared with other "
               f"work: load average {env.get('BENCH_LOAD0', '?')} at the start, "
               f"{env.get('BENCH_LOAD1', '?')} at the end; run took "
               f"{env.get('BENCH_SECONDS', '?')} s. Run-to-run noise on this machine is about "
               "±20%: compare the ratios, and the callgrind counts.")
    rdk_from = ("Debian's package" if env.get("RDKAFKA") == "debian"
                else "the confluent-kafka wheel")
    out.append(f"- librdkafka {rdk_version} ({rdk_from}); mock = Debian's librdkafka mock cluster, "
               f"{env.get('MOCK_BROKERS', '3')} brokers, separate process; Kafka "
               f"{kafka_version or 'not run'} (one KRaft node, tests/support/kafka.sh).")
    api = ("rd_kafka_producev() (topic name per record)"
           if env.get("BENCH_RDKAFKA_PRODUCEV") == "1" else "rd_kafka_produce() on a topic handle")
    out.append(f"- librdkafka's loop uses {api}; both clients copy the values.")
    out.append(f"- {env.get('SIZE', '100')}-byte values, no key, acks={env.get('ACKS', '1')}, "
               f"linger.ms={env.get('LINGER_MS', '5')}, batch.size={env.get('BATCH_SIZE')}, "
               f"buffer.memory 32 MiB, idempotence off, {env.get('PARTITIONS', '3')} partitions; "
               f"{env.get('N_MOCK')} records per run on the mock, {env.get('N_KAFKA')} on Kafka, "
               f"{env.get('RUNS')} runs per client alternating; callgrind "
               f"{env.get('N_CALLGRIND')} records, measured part only (after the warm-up "
               "record, up to the end of flush), all threads of the client process.")
    out.append("- msgs/s and MB/s (10^6 bytes of key+value) over wall time from the first "
               "produce to the end of flush; CPU = user+system of the whole client process "
               "(getrusage) over the same span. Cells: median (min–max).\n")
    out.append("| broker | compression | figure | librdkafka | moldau | moldau/librdkafka |")
    out.append("|---|---|---|---|---|---|")
    labels = []
    for r in rows:
        lab = r.get("label", "")
        if r.get("mode") in ("throughput", "callgrind", "failed") and lab not in labels \
                and "/" in lab and lab.split("/")[1] not in ("idle", "unsent"):
            labels.append(lab)
    for lab in labels:
        broker, comp = lab.split("/", 1)
        per = {c: [r for r in rows if r.get("label") == lab and r.get("client") == c]
               for c in CLIENTS}
        tp = {c: [r for r in per[c] if r.get("mode") == "throughput"] for c in CLIENTS}
        cg = {c: [r["instructions"] / r["msgs"] for r in per[c] if r.get("mode") == "callgrind"]
              for c in CLIENTS}
        failed = {c: [r for r in per[c] if r.get("mode") == "failed" or r.get("failed")]
                  for c in CLIENTS}
        figures = [("msgs/s", "msgs_per_s", ""), ("MB/s", "mb_per_s", ""),
                   ("CPU ns/msg", "cpu_ns_per_msg", "")]
        first = True
        for name, key, unit in figures:
            vals = {c: [r[key] for r in tp[c]] for c in CLIENTS}
            out.append(f"| {broker if first else ''} | {comp if first else ''} | {name} | "
                       f"{cell(vals['librdkafka'])} | {cell(vals['moldau'])} | "
                       f"{ratio(vals['librdkafka'], vals['moldau'])} |")
            first = False
        out.append(f"| | | instructions/msg (callgrind) | {cell(cg['librdkafka'])} | "
                   f"{cell(cg['moldau'])} | {ratio(cg['librdkafka'], cg['moldau'])} |")
        if any(failed.values()):
            out.append(f"| | | failed runs | {len(failed['librdkafka'])} | "
                       f"{len(failed['moldau'])} | |")
    out.append("")
    out.append("| memory (mock) | librdkafka | moldau | moldau/librdkafka |")
    out.append("|---|---|---|---|")
    for lab, name in (("mock/idle", "idle producer RSS (connected, 2 s after one record)"),
                      ("mock/unsent", f"RSS holding {int(env.get('UNSENT', 1000000)):,} unsent "
                                      f"{env.get('SIZE', '100')}-byte records")):
        m = {c: next((r for r in rows if r.get("label") == lab and r.get("client") == c
                      and r.get("mode") in ("idle", "unsent")), None) for c in CLIENTS}

        def show(r):
            if not r:
                return "—"
            s = f"{r['rss_kb'] / 1024:.1f} MB, {r['threads']} threads"
            if r.get("mode") == "unsent":
                s += f" ({r['held']:,} held)"
            return s
        rat = "—"
        if m["librdkafka"] and m["moldau"]:
            rat = f"{m['moldau']['rss_kb'] / m['librdkafka']['rss_kb']:.2f}"
        out.append(f"| {name} | {show(m['librdkafka'])} | {show(m['moldau'])} | {rat} |")
    peak = {c: [r["max_rss_kb"] / 1024 for r in rows if r.get("client") == c
                and r.get("label") == "mock/none" and r.get("mode") == "throughput"]
            for c in CLIENTS}
    out.append(f"| max RSS during mock/none throughput (MB) | {cell(peak['librdkafka'])} | "
               f"{cell(peak['moldau'])} | {ratio(peak['librdkafka'], peak['moldau'])} |")
    for n in notes:
        if "note" in n:
            out.append(f"\n**Note: {n['note']}.**")
    print("\n".join(out))


if __name__ == "__main__":
    main()
