#!/usr/bin/env python3
"""The markdown table of bench/run-tls.sh: TLS against plaintext, moldau against librdkafka.

Reads the producer's and the consumer's JSON lines (run-producer.sh and run-consumer.sh with
SECURITY="PLAINTEXT SSL": labels kafka/... plaintext, kafka-ssl/... over TLS). Cells are
medians (min-max) over the runs. A TLS/plaintext ratio is the median of the per-run ratios
(run r's TLS figure over run r's plaintext figure of the same client: the runs interleave, so
a pair saw about the same load); moldau/librdkafka is the ratio of the medians.
"""
import json
import os
import statistics
import sys
import time

CLIENTS = ["librdkafka", "moldau"]


def num(v):
    if v >= 1e6:
        return f"{v / 1e6:.2f} M"
    if v >= 1e4:
        return f"{v / 1e3:.0f} k"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def cell(vals):
    if not vals:
        return "—"
    med = statistics.median(vals)
    if len(vals) == 1:
        return num(med)
    return f"{num(med)} ({num(min(vals))}–{num(max(vals))})"


def paired(plain, tls):
    """Median and range of the per-run ratios tls/plain ({run: value} each)."""
    rs = [tls[r] / plain[r] for r in plain if r in tls and plain[r]]
    if not rs:
        return "—", None
    med = statistics.median(rs)
    rng = f" ({min(rs):.2f}–{max(rs):.2f})" if len(rs) > 1 else ""
    return f"{med:.2f}{rng}", med


def over(a, b):
    if not a or not b:
        return "—"
    return f"{statistics.median(b) / statistics.median(a):.2f}"


def load(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def side_rows(rows, side, out, verdicts, added):
    tp = [r for r in rows if r.get("mode") == "throughput"]
    cg = [r for r in rows if r.get("mode") == "callgrind"]
    failed = [r for r in rows if r.get("mode") == "failed" or r.get("failed")]

    def runs(client, ssl, key):
        d = {}
        for r in tp:
            if r["client"] == client and r["label"].startswith("kafka-ssl/") == ssl:
                v = key(r)
                if v is not None:
                    d[r["run"]] = v
        return d

    def broker(r):
        return r["broker_cpu_s"] * 1e6 / r["msgs"] if "broker_cpu_s" in r else None

    figures = [("msgs/s", lambda r: r["msgs_per_s"]),
               ("CPU µs/msg", lambda r: r["cpu_ns_per_msg"] / 1000),
               ("broker CPU µs/msg", broker)]
    for name, key in figures:
        cells, rat = [], {}
        vals = {}
        for c in CLIENTS:
            p, t = runs(c, False, key), runs(c, True, key)
            vals[c] = (list(p.values()), list(t.values()))
            text, rat[c] = paired(p, t)
            cells += [cell(vals[c][0]), cell(vals[c][1]), text]
            if name != "msgs/s":
                added[side, c, name] = [t[r] - p[r] for r in p if r in t]
        if not any(v for pair in vals.values() for v in pair):
            continue
        out.append(f"| {side} | {name} | " + " | ".join(cells) + " | "
                   f"{over(vals['librdkafka'][0], vals['moldau'][0])} | "
                   f"{over(vals['librdkafka'][1], vals['moldau'][1])} |")
        if rat["moldau"] and rat["librdkafka"] and name != "broker CPU µs/msg":
            verdicts.append((side, name, rat["moldau"], rat["librdkafka"]))
    # callgrind: one run each, the instructions of the client process's measured part.
    ins = {}
    for c in CLIENTS:
        for ssl in (False, True):
            v = [r["instructions"] / r["msgs"] for r in cg if r["client"] == c
                 and r["label"].startswith("kafka-ssl/") == ssl]
            ins[c, ssl] = v
    if any(ins.values()):
        cells = []
        for c in CLIENTS:
            p, t = ins[c, False], ins[c, True]
            r = f"{statistics.median(t) / statistics.median(p):.2f}" if p and t else "—"
            if p and t:
                added[side, c, "instructions"] = statistics.median(t) - statistics.median(p)
            cells += [cell(p), cell(t), r]
        out.append(f"| {side} | instructions/msg (callgrind) | " + " | ".join(cells) + " | "
                   f"{over(ins['librdkafka', False], ins['moldau', False])} | "
                   f"{over(ins['librdkafka', True], ins['moldau', True])} |")
    if failed:
        out.append(f"| {side} | FAILED runs | " + ", ".join(
            f"{r.get('client')} {r.get('label')} run {r.get('run')}" for r in failed) +
            " | | | | | | | |")

def main():
    sides = [("producer", load(sys.argv[1])), ("consumer", load(sys.argv[2]))]
    every = [r for _, rows in sides for r in rows]
    notes = [r for r in every if r.get("mode") == "note"]
    # run-tls.sh's note of the run's circumstances, else (a run by hand) the environment.
    env = next((n["run_env"] for n in notes if "run_env" in n), None) or dict(os.environ)
    kafka = next((n["kafka_version"] for n in notes if "kafka_version" in n), "?")
    ulp = next((n for n in notes if "kernel_tls_ulp" in n), None)
    ver = {c: next((r["version"] for r in every if r.get("client") == c and "version" in r), "?")
           for c in CLIENTS}
    out = ["# TLS against plaintext: moldau and librdkafka\n"]
    out.append(f"- {env.get('BENCH_DATE') or time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs shared with other "
               f"work: load average {env.get('BENCH_LOAD0', '?')} at the start, "
               f"{env.get('BENCH_LOAD1', '?')} at the end; run took "
               f"{env.get('BENCH_SECONDS', '?')} s. Noisy: both clients and both listeners "
               "interleave in every run (the order reversed on even runs).")
    out.append(f"- moldau {ver['moldau']} (the system's "
               f"{env.get('BENCH_OPENSSL_MOLDAU') or 'OpenSSL'}), librdkafka {ver['librdkafka']} "
               f"(confluent-kafka wheel, {env.get('BENCH_OPENSSL_RDKAFKA') or 'its OpenSSL'} "
               "linked in); one Kafka "
               f"{kafka} node (tests/support/kafka.sh, MOLDAU_KAFKA_SECURE=1), the same broker "
               "for both listeners. TLS = its SSL listener, both clients trusting the same CA "
               "(ssl.ca.location), server certificate and host name verified, no client "
               "certificate.")
    if ulp is not None:
        out.append(f"- kTLS: the kernel ({ulp.get('kernel', '?')}) "
                   + ("has the tls ULP." if ulp["kernel_tls_ulp"] else
                      "has no tls ULP (tcp_available_ulp), so neither client can use kTLS: "
                      "both encrypt in user space with OpenSSL."))
    # The settings from the lines themselves, so that a stored results file gives the same text.
    def most(rows, mode, key):
        vs = [r[key] for r in rows if r.get("mode") == mode and key in r]
        return max(vs) if vs else "?"
    n_prod, n_cons = (most(rows, "throughput", "msgs") for _, rows in sides)
    n_runs = most(every, "throughput", "run")
    n_cg = most(every, "callgrind", "msgs")
    size = most(every, "throughput", "size")
    out.append(f"- Producer: {n_prod} records of {size} bytes, "
               "no key, acks=1, linger.ms=5, batch.size=1000000, no compression, 3 partitions. "
               f"Consumer: {n_cons} such records read once (manual assignment, "
               "3 partitions). "
               f"{n_runs} runs per client per listener; callgrind "
               f"{n_cg} records, one run each (valgrind does not emulate "
               "AVX-512/VAES, so there OpenSSL's AES-GCM takes its AES-NI path, not the native "
               "one: the TLS instruction counts are indicative).")
    out.append("- CPU = user+system of the whole client process (getrusage) over the measured "
               "span; broker CPU = the Kafka JVM's user+system (/proc, 10 ms ticks) over the "
               "client's whole run, per record. Cells: median (min–max); TLS/plain: median of the per-run ratios "
               "(min–max).\n")
    out.append("| side | figure | librdkafka plain | librdkafka TLS | librdkafka TLS/plain | "
               "moldau plain | moldau TLS | moldau TLS/plain | moldau/librdkafka plain | "
               "moldau/librdkafka TLS |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    verdicts, added = [], {}
    for side, rows in sides:
        side_rows(rows, side, out, verdicts, added)
    out.append("")
    # A ratio to plaintext punishes a client for a cheap plaintext path; the CPU TLS adds per
    # record, in absolute terms, says what the encryption itself costs each one.
    out.append("CPU that TLS adds per record (TLS − plaintext, µs/msg; median of the per-run "
               "differences, min–max), the client's own and the broker's:\n")
    out.append("| side | client | client CPU added | broker CPU added | "
               "client instructions/msg added (callgrind) |")
    out.append("|---|---|---|---|---|")
    for side, _ in sides:
        for c in CLIENTS:
            def d(name):
                v = added.get((side, c, name))
                if not v:
                    return "—"
                rng = f" ({min(v):+.3f}–{max(v):+.3f})" if len(v) > 1 else ""
                return f"{statistics.median(v):+.3f}{rng}"
            ins = added.get((side, c, "instructions"))
            ins = f"{ins:+.0f}" if ins is not None else "—"
            out.append(f"| {side} | {c} | {d('CPU µs/msg')} | {d('broker CPU µs/msg')} | "
                       f"{ins} |")
    out.append("")
    out.append("Target (issue 11): TLS costs moldau less than librdkafka, as a ratio to each "
               "one's plaintext figure.\n")
    for side, name, m, r in verdicts:
        if name == "msgs/s":
            ok = m >= r
            what = f"moldau keeps {m:.2f} of its plaintext throughput, librdkafka {r:.2f}"
        else:
            ok = m <= r
            what = f"TLS multiplies moldau's CPU/msg by {m:.2f}, librdkafka's by {r:.2f}"
            am, ar = (added.get((side, c, name)) for c in ("moldau", "librdkafka"))
            if am and ar:
                what += (f" (in absolute terms it adds {statistics.median(am):+.3f} µs/msg to "
                         f"moldau, {statistics.median(ar):+.3f} to librdkafka)")
        # Ratios within 3% of each other are a tie on this machine (see the ranges).
        verdict = "a tie" if abs(m - r) < 0.03 * r else "met" if ok else "NOT met"
        out.append(f"- {side}, {name}: {what}: **{verdict}**.")
    for n in notes:
        if "note" in n:
            out.append(f"\n**Note: {n['note']}.**")
    print("\n".join(out))


if __name__ == "__main__":
    main()
