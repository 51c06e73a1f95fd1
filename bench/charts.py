#!/usr/bin/env python3
"""SVG bar charts of the benchmark results (python3's standard library only).

    bench/charts.py [--consumer build/bench/consumer-results.jsonl]
                    [--producer build/bench/producer-results.jsonl] OUTDIR

reads the JSON lines bench/run-consumer.sh and bench/run-producer.sh write (one object per
run; the layout bench/consumer/report.py and bench/producer/report.py read) and writes into
OUTDIR, for each results file present (prefix consumer- or producer-):
  <p>-throughput.svg  records/s of every run, per client, one panel per label (broker /
                      partitions / compression / mode for the consumer, broker / compression
                      for the producer);
  <p>-rss.svg         peak RSS: the median over the throughput runs per label and client, and
                      (consumer) the high-water mark while the application does not poll;
  <p>-latency.svg     end-to-end latency p50 / p99 / max per client (median over runs), on a
                      log scale, when the results hold latency runs.
A chart without data is not written (and said so), rather than drawn empty.
"""
import argparse
import json
import math
import os
import statistics
import sys

ORDER = ["moldau", "librdkafka", "librdkafka-2.0.2"]
COLORS = {"moldau": "#1f77b4", "librdkafka": "#ff7f0e", "librdkafka-2.0.2": "#2ca02c"}
OTHER_COLORS = ["#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
FONT = 'font-family="sans-serif"'


def esc(s):
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fmt(v):
    if v >= 1e9:
        return f"{v / 1e9:.3g} G"
    if v >= 1e6:
        return f"{v / 1e6:.3g} M"
    if v >= 1e3:
        return f"{v / 1e3:.3g} k"
    return f"{v:.3g}"


def nice_max(v):
    """The smallest 1, 2 or 5 x 10^k at or above v (an axis end with round ticks)."""
    if v <= 0:
        return 1.0
    k = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 5, 10):
        if m * k >= v:
            return m * k
    return 10 * k


def clients_of(rows):
    seen = sorted({r["client"] for r in rows if "client" in r},
                  key=lambda c: (ORDER.index(c) if c in ORDER else len(ORDER), c))
    return seen


def color(c, clients):
    if c in COLORS:
        return COLORS[c]
    return OTHER_COLORS[[x for x in clients if x not in COLORS].index(c) % len(OTHER_COLORS)]


def legend(clients, x, y, versions):
    out = []
    for c in clients:
        label = c + (f" {versions[c]}" if versions.get(c) and versions[c] not in c else "")
        out.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" '
                   f'fill="{color(c, clients)}"/>')
        out.append(f'<text x="{x + 14}" y="{y}" font-size="11" {FONT}>{esc(label)}</text>')
        x += 24 + 7 * len(label)
    return out


def panels(title, subtitle, groups, clients, versions, unit, log=False, per_run=True):
    """An SVG of small multiples: groups is [(panel title, {series: {client: [values]}})];
    inside a panel, bars are grouped by series (one series: by client), one bar per value
    (per_run) or per client (the median)."""
    pw, ph = 300, 190             # one panel
    cols = min(3, max(1, len(groups)))
    rows_n = (len(groups) + cols - 1) // cols
    top = 58
    legend_w = 20 + sum(24 + 7 * len(c + (f" {versions[c]}" if versions.get(c) and
                                          versions[c] not in c else "")) for c in clients)
    width = max(cols * pw + 20, legend_w, 12 + 7 * len(subtitle))
    height = top + rows_n * (ph + 30) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="20" font-size="15" font-weight="bold" {FONT}>{esc(title)}</text>',
           f'<text x="10" y="36" font-size="11" fill="#444" {FONT}>{esc(subtitle)}</text>']
    out += legend(clients, 10, 52, versions)
    for gi, (ptitle, series) in enumerate(groups):
        ox = 10 + (gi % cols) * pw
        oy = top + (gi // cols) * (ph + 30)
        left, right, ptop, pbot = ox + 52, ox + pw - 10, oy + 22, oy + ph
        vals = [v for s in series.values() for vs in s.values() for v in vs if v is not None]
        out.append(f'<text x="{ox + 4}" y="{oy + 14}" font-size="12" font-weight="bold" '
                   f'{FONT}>{esc(ptitle)}</text>')
        if not vals:
            out.append(f'<text x="{left}" y="{(ptop + pbot) // 2}" font-size="11" '
                       f'{FONT}>no runs</text>')
            continue
        if log:
            lo = 10 ** math.floor(math.log10(max(min(v for v in vals if v > 0), 1e-9)))
            hi = 10 ** math.ceil(math.log10(max(vals)))
            if hi <= lo:
                hi = lo * 10

            def ypos(v):
                v = max(v, lo)
                return pbot - (math.log10(v) - math.log10(lo)) / \
                    (math.log10(hi) - math.log10(lo)) * (pbot - ptop)
            ticks = [lo * 10 ** k for k in range(int(round(math.log10(hi / lo))) + 1)]
        else:
            hi = nice_max(max(vals))

            def ypos(v):
                return pbot - v / hi * (pbot - ptop)
            ticks = [hi * k / 4 for k in range(5)]
        for t in ticks:
            y = ypos(t)
            out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" '
                       f'stroke="#ddd"/>')
            out.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="10" '
                       f'text-anchor="end" {FONT}>{esc(fmt(t))}</text>')
        out.append(f'<line x1="{left}" y1="{pbot}" x2="{right}" y2="{pbot}" stroke="#333"/>')
        out.append(f'<text x="{ox + 10}" y="{(ptop + pbot) / 2:.0f}" font-size="10" '
                   f'transform="rotate(-90 {ox + 10} {(ptop + pbot) / 2:.0f})" '
                   f'text-anchor="middle" {FONT}>{esc(unit)}</text>')
        names = list(series)
        slot = (right - left) / len(names)
        for si, sname in enumerate(names):
            bars = []
            for c in clients:
                vs = [v for v in series[sname].get(c, []) if v is not None]
                if not per_run and vs:
                    vs = [statistics.median(vs)]
                bars += [(c, v) for v in vs]
                if bars and bars[-1][0] == c:
                    bars.append(None)        # a gap between clients
            while bars and bars[-1] is None:
                bars.pop()
            if not bars:
                continue
            bw = min(18.0, (slot - 8) / len(bars))
            x = left + si * slot + (slot - bw * len(bars)) / 2
            for b in bars:
                if b is not None:
                    c, v = b
                    y = ypos(v)
                    out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bw - 1, 1):.1f}" '
                               f'height="{max(pbot - y, 0):.1f}" fill="{color(c, clients)}">'
                               f'<title>{esc(c)}: {esc(fmt(v))}{esc(unit)}</title></rect>')
                x += bw
            if len(names) > 1:
                out.append(f'<text x="{left + si * slot + slot / 2:.1f}" y="{pbot + 13}" '
                           f'font-size="10" text-anchor="middle" {FONT}>{esc(sname)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def load(path):
    rows = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    sys.exit(f"charts: {path}:{n}: not JSON: {e}")
    return rows


def labels_of(rows, mode):
    out = []
    for r in rows:
        if r.get("mode") == mode and r.get("label") and r["label"] not in out:
            out.append(r["label"])
    return out


def charts(kind, rows, outdir):
    clients = clients_of(rows)
    versions = {c: next((r["version"] for r in rows if r.get("client") == c and "version" in r),
                        None) for c in clients}
    written = []

    def write(name, svg):
        path = os.path.join(outdir, f"{kind}-{name}.svg")
        with open(path + ".tmp", "w") as f:
            f.write(svg)
        os.replace(path + ".tmp", path)
        written.append(path)

    tp = [r for r in rows if r.get("mode") == "throughput" and "msgs_per_s" in r]
    labels = labels_of(tp, "throughput")
    if labels:
        groups = [(lab, {"": {c: [r["msgs_per_s"] for r in tp
                                  if r["label"] == lab and r["client"] == c] for c in clients}})
                  for lab in labels]
        write("throughput", panels(f"{kind}: records/s, every run", "one bar per run, each panel on its own scale; higher "
                                   "is better; panels: " + ("broker / partitions / compression"
                                   " / mode" if kind == "consumer" else "broker / compression"),
                                   groups, clients, versions, "records/s"))
        groups = [(lab, {"": {c: [r["max_rss_kb"] / 1024 for r in tp
                                  if r["label"] == lab and r["client"] == c
                                  and "max_rss_kb" in r] for c in clients}})
                  for lab in labels]
        hold = [r for r in rows if r.get("mode") == "hold" and "hwm_kb" in r]
        for lab in labels_of(hold, "hold"):
            kb = lab.rsplit("/", 1)[-1]
            groups.append((f"not polling, bound {kb} kB",
                           {"": {c: [r["hwm_kb"] / 1024 for r in hold
                                     if r["label"] == lab and r["client"] == c]
                                 for c in clients}}))
        write("rss", panels(f"{kind}: peak RSS", "median over the runs, each panel on its own scale; lower is better",
                            groups, clients, versions, "MB", per_run=False))
    else:
        print(f"charts: {kind}: no throughput runs, no throughput or RSS chart")
    lat = [r for r in rows if r.get("mode") == "latency"]
    if lat:
        groups = []
        for lab in labels_of(lat, "latency"):
            groups.append((lab, {p: {c: [r[k] for r in lat if r["label"] == lab
                                         and r["client"] == c and k in r] for c in clients}
                                 for p, k in (("p50", "p50_us"), ("p99", "p99_us"),
                                              ("max", "max_us"))}))
        write("latency", panels(f"{kind}: end-to-end latency", "median over the runs, log "
                                "scale; lower is better", groups, clients, versions, "µs",
                                log=True, per_run=False))
    else:
        print(f"charts: {kind}: no latency runs, no latency chart")
    return written


def main():
    ap = argparse.ArgumentParser(description="SVG charts of the benchmark results")
    ap.add_argument("--consumer", default="build/bench/consumer-results.jsonl")
    ap.add_argument("--producer", default="build/bench/producer-results.jsonl")
    ap.add_argument("outdir")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    written = []
    for kind, path in (("consumer", a.consumer), ("producer", a.producer)):
        if os.path.exists(path):
            written += charts(kind, load(path), a.outdir)
        else:
            print(f"charts: {kind}: no {path}")
    for w in written:
        print(f"charts: wrote {w}")
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
