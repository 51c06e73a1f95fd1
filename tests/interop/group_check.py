"""Reads the logs of group members (tests/support/group_member.c describes the format; the
moldau member and tests/interop/group_member.py write it alike) and waits for, or checks, what
the group tests assert. Records are the test's keys k0..k<N-1>.

  group_check.py wait --timeout S --partitions P [--stable L1,L2,...] [--records N] LOG...
      until the members of --stable were all assigned and what they hold now (after their
      last rebalance event) is disjoint and together every partition, and (--records) every key processed by
      some member of LOG...; exit 0, or 1 with the state on timeout.
  group_check.py check --partitions P --records N [--killed LOG=T_NS]... [--generations]
                       [--no-duplicates] [--continues FIRST,SECOND] LOG...
      every key processed at least once and no other; per partition the members' ownership
      intervals (ASSIGNED to REVOKED/LOST, else to the clean exit, the kill, or the log's end)
      never overlap and every record lies in its member's interval; a record processed twice
      only where a killed member had processed it after its last commit for the partition
      (counted; --no-duplicates: none at all); --generations: at every generation (the A lines)
      no partition has two owners, and every partition one owner except in a generation a
      member left or was killed during; --continues: SECOND's committed() (K lines) for each
      partition equals FIRST's last commit, and SECOND's first record there is at that offset.
Exit 0 pass, 1 fail (every finding printed).
"""

import argparse
import sys
import time


class Member:
    def __init__(self, path):
        self.path = path
        self.lines = []
        try:
            with open(path) as f:
                for raw in f:
                    if raw.endswith("\n"):   # a line cut by a kill is not one
                        self.lines.append(raw.split())
        except FileNotFoundError:
            pass
        self.name = path.rsplit("/", 1)[-1]
        self.killed_at = None

    def end(self):
        for ln in self.lines:
            if ln[0] == "X":
                return int(ln[1])
        if self.killed_at is not None:
            return self.killed_at
        return int(self.lines[-1][1]) if self.lines else 0

    def assignment(self):
        """(in the group, partitions): the partitions held after the last event; in the
        group once assigned (a cooperative member may end a rebalance on a REVOKED)."""
        held = set()
        assigned = False
        for ln in self.lines:
            if ln[0] == "E":
                ps = set() if ln[4] == "-" else {int(x) for x in ln[4].split(",")}
                if ln[2] == "ASSIGNED":
                    assigned = True
                    held |= ps
                else:
                    held -= ps
            elif ln[0] == "A":
                held = set() if ln[3] == "-" else {int(x) for x in ln[3].split(",")}
            elif ln[0] == "X":
                return False, set()
        return assigned, held

    def records(self):
        for ln in self.lines:
            if ln[0] == "R":
                yield int(ln[1]), int(ln[3]), int(ln[4]), ln[5]


def keys_seen(members):
    return {k for m in members for _, _, _, k in m.records()}


def stable_state(stable, partitions):
    owners = {}
    problems = []
    for m in stable:
        ok, held = m.assignment()
        if not ok:
            problems.append("%s holds no assignment yet" % m.name)
        for p in held:
            owners.setdefault(p, []).append(m.name)
    for p in range(partitions):
        if len(owners.get(p, [])) != 1:
            problems.append("partition %d owners %s" % (p, owners.get(p, [])))
    return problems


def cmd_wait(a):
    deadline = time.monotonic() + a.timeout
    while True:
        members = [Member(p) for p in a.logs]
        problems = []
        if a.stable:
            problems += stable_state([Member(p) for p in a.stable.split(",")], a.partitions)
        if a.records:
            missing = a.records - len(keys_seen(members) & expected(a.records))
            if missing:
                problems.append("%d of %d records not processed yet" % (missing, a.records))
        if not problems:
            return 0
        if time.monotonic() > deadline:
            print("wait: not reached within %ds:\n  %s" % (a.timeout, "\n  ".join(problems)))
            return 1
        time.sleep(0.2)


def expected(n):
    return {"k%d" % i for i in range(n)}


def intervals(m, partitions):
    """{partition: [(start, end)]} from the member's rebalance events."""
    out = {p: [] for p in range(partitions)}
    open_ = {}
    for ln in m.lines:
        if ln[0] != "E":
            continue
        t = int(ln[1])
        ps = [] if ln[4] == "-" else [int(x) for x in ln[4].split(",")]
        for p in ps:
            if ln[2] == "ASSIGNED":
                open_.setdefault(p, t)
            elif p in open_:
                out[p].append((open_.pop(p), t))
    for p, t in open_.items():
        out[p].append((t, m.end()))
    return out


def cmd_check(a):
    members = [Member(p) for p in a.logs]
    by_path = {m.path: m for m in members}
    for k in a.killed:
        path, t = k.rsplit("=", 1)
        by_path[path].killed_at = int(t)
    fails = []

    seen = keys_seen(members)
    exp = expected(a.records)
    if exp - seen:
        fails.append("%d records never processed, e.g. %s" % (len(exp - seen),
                                                              sorted(exp - seen)[:10]))
    if seen - exp:
        fails.append("unexpected keys %s" % sorted(seen - exp)[:10])

    # ownership intervals: one owner at a time, records inside their owner's interval
    ivs = {m.name: intervals(m, a.partitions) for m in members}
    for p in range(a.partitions):
        allp = sorted((s, e, name) for name in ivs for s, e in ivs[name][p])
        for (s1, e1, n1), (s2, e2, n2) in zip(allp, allp[1:]):
            if s2 < e1:
                fails.append("partition %d owned by %s and %s at once (%d..%d, %d..%d)"
                             % (p, n1, n2, s1, e1, s2, e2))
    for m in members:
        for t, _, p, off in ((int(ln[1]), ln[2], int(ln[3]), int(ln[4]))
                             for ln in m.lines if ln[0] == "R"):
            if not any(s <= t <= e for s, e in ivs[m.name][p]):
                fails.append("%s processed partition %d offset %d outside its ownership"
                             % (m.name, p, off))
                break

    # duplicates: only a killed member's uncommitted window
    occ = {}
    for m in members:
        for t, p, off, key in m.records():
            occ.setdefault((p, off), []).append((t, m, key))
    dups = 0
    for (p, off), os_ in sorted(occ.items()):
        if len(os_) < 2:
            continue
        dups += len(os_) - 1
        excused = 0
        for t, m, _ in os_:
            if m.killed_at is None:
                continue
            lastc = -1
            for ln in m.lines:
                if ln[0] == "C" and int(ln[2]) == p and int(ln[1]) <= m.killed_at:
                    lastc = max(lastc, int(ln[3]))
            if off >= lastc:
                excused += 1
        if a.no_duplicates or len(os_) - excused > 1:
            fails.append("partition %d offset %d processed %d times (%s), %d in a killed "
                         "member's uncommitted window" % (p, off, len(os_), ", ".join(
                             m.name for _, m, _ in os_), excused))
    print("check: %d records, %d processed, %d duplicates (each in a killed member's "
          "uncommitted window)" % (a.records, sum(len(v) for v in occ.values()), dups))

    if a.generations:
        gens = {}
        for m in members:
            for ln in m.lines:
                if ln[0] == "A" and int(ln[2]) >= 0:
                    ps = [] if ln[3] == "-" else [int(x) for x in ln[3].split(",")]
                    g = gens.setdefault(int(ln[2]), {"t": int(ln[1]), "own": {}})
                    g["t"] = min(g["t"], int(ln[1]))
                    for p in ps:
                        g["own"].setdefault(p, set()).add(m.name)
        order = sorted(gens)
        leaves = [m.killed_at if m.killed_at is not None else m.end() for m in members
                  if m.killed_at is not None or any(ln[0] == "X" for ln in m.lines)]
        incomplete = 0
        for i, g in enumerate(order):
            own = gens[g]["own"]
            for p, names in sorted(own.items()):
                if len(names) > 1:
                    fails.append("generation %d: partition %d owned by %s" % (g, p, sorted(names)))
            missing = [p for p in range(a.partitions) if p not in own]
            if missing:
                start = gens[g]["t"]
                stop = gens[order[i + 1]]["t"] if i + 1 < len(order) else None
                if stop is None or not any(start <= t <= stop for t in leaves):
                    fails.append("generation %d: partitions %s have no owner" % (g, missing))
                else:
                    incomplete += 1
        print("check: %d generations, %d with a member leaving before it logged its "
              "assignment" % (len(order), incomplete))
        if not order:
            fails.append("no generation logged")

    if a.continues:
        first, second = (by_path[x] for x in a.continues.split(","))
        lastc = {}
        for ln in first.lines:
            if ln[0] == "C":
                lastc[int(ln[2])] = int(ln[3])
        k = {}
        for ln in second.lines:
            if ln[0] == "K":
                k.setdefault(int(ln[2]), int(ln[3]))
        firstr = {}
        for _, p, off, _ in second.records():
            firstr.setdefault(p, off)
        for p in range(a.partitions):
            want = lastc.get(p, -1)
            # a member that commits its positions (Java, moldau) also commits where a
            # partition it owned but read nothing of starts: 0 on these fresh topics
            if k.get(p, "none") != want and not (want == -1 and k.get(p) == 0):
                fails.append("partition %d: %s committed %s, %s's committed() read %s"
                             % (p, first.name, want, second.name, k.get(p, "nothing")))
            if p in firstr and firstr[p] != max(want, 0):
                fails.append("partition %d: %s started at %d, %s had committed %d"
                             % (p, second.name, firstr[p], first.name, want))
    for f in fails[:25]:   # the test's message has a bounded size
        print("FAIL: " + f)
    if len(fails) > 25:
        print("FAIL: ... and %d more" % (len(fails) - 25))
    return 1 if fails else 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("wait")
    w.add_argument("--timeout", type=int, default=120)
    w.add_argument("--partitions", type=int, required=True)
    w.add_argument("--stable")
    w.add_argument("--records", type=int, default=0)
    w.add_argument("logs", nargs="*")
    c = sub.add_parser("check")
    c.add_argument("--partitions", type=int, required=True)
    c.add_argument("--records", type=int, required=True)
    c.add_argument("--killed", action="append", default=[])
    c.add_argument("--generations", action="store_true")
    c.add_argument("--no-duplicates", action="store_true")
    c.add_argument("--continues")
    c.add_argument("logs", nargs="+")
    a = ap.parse_args()
    return cmd_wait(a) if a.cmd == "wait" else cmd_check(a)


if __name__ == "__main__":
    sys.exit(main())
