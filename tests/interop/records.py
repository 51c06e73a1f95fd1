"""Expected-records files and the comparison of what a client read back with them.

An expectations file is JSON lines, one record per line, in the order the test produced them:

  {"id": 7, "partition": 0, "key": "6b31", "value": null,
   "headers": [["h", "00ff"], ["n", null]], "timestamp": 1600000000000}

  id         any integer, unique; records of one partition must be read in increasing id
             order (default: the line number)
  partition  the partition the record must be in, or null: any
  key/value  hex of the bytes, or null for a null key/value ("" is an empty one)
  headers    [name, hex-or-null] pairs, in order (default: none)
  timestamp  the record's timestamp in ms, or null: not checked

A record read back is a dict: partition, offset, key, value (bytes or None), headers (list of
(str, bytes-or-None)), timestamp (int).
"""

import json


def load_expected(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                j = json.loads(line)
                out.append({
                    "id": int(j.get("id", lineno)),
                    "partition": j.get("partition"),
                    "key": _unhex(j.get("key")),
                    "value": _unhex(j.get("value")),
                    "headers": [(h[0], _unhex(h[1])) for h in j.get("headers") or []],
                    "timestamp": j.get("timestamp"),
                })
            except (ValueError, TypeError, KeyError, IndexError) as e:
                raise ValueError("%s:%d: bad expected record: %s" % (path, lineno, e))
    ids = [r["id"] for r in out]
    if len(set(ids)) != len(ids):
        raise ValueError("%s: ids are not unique" % path)
    return out


def load_actual(path):
    """Records in the --dump format (what a client read, e.g. moldau's consumer in a C test)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                j = json.loads(line)
                out.append({"partition": int(j["partition"]), "offset": int(j["offset"]),
                            "key": _unhex(j.get("key")), "value": _unhex(j.get("value")),
                            "headers": [(h[0], _unhex(h[1])) for h in j.get("headers") or []],
                            "timestamp": int(j["timestamp"])})
            except (ValueError, TypeError, KeyError, IndexError) as e:
                raise ValueError("%s:%d: bad record: %s" % (path, lineno, e))
    return out


def _unhex(s):
    return None if s is None else bytes.fromhex(s)


def _hex(b):
    return None if b is None else b.hex()


def dump_record(r):
    """One JSON line for a read-back record (the --dump format: expectations plus offset)."""
    return json.dumps({"partition": r["partition"], "offset": r["offset"], "key": _hex(r["key"]),
                       "value": _hex(r["value"]),
                       "headers": [[k, _hex(v)] for k, v in r["headers"]],
                       "timestamp": r["timestamp"]})


def show(b, limit=48):
    """Bytes for a diff: null, or quoted text when printable, else hex; long ones cut."""
    if b is None:
        return "null"
    cut = b[:limit]
    more = "...(%d bytes)" % len(b) if len(b) > limit else ""
    if all(32 <= c < 127 for c in cut):
        return "'%s'%s" % (cut.decode("ascii"), more)
    return "hex:%s%s" % (cut.hex(), more)


def show_headers(hs):
    return "[" + ", ".join("%s=%s" % (k, show(v, 24)) for k, v in hs) + "]"


def _content(r):
    return (r["key"], r["value"], tuple((k, v) for k, v in r["headers"]))


def _compatible(e, a):
    return ((e["partition"] is None or e["partition"] == a["partition"]) and
            (e["timestamp"] is None or e["timestamp"] == a["timestamp"]))


def _where(a):
    return "partition %d offset %d" % (a["partition"], a["offset"])


def _field_diffs(e, a):
    d = []
    if e["partition"] is not None and e["partition"] != a["partition"]:
        d.append("partition: expected %d, got %d" % (e["partition"], a["partition"]))
    if e["key"] != a["key"]:
        d.append("key: expected %s, got %s" % (show(e["key"]), show(a["key"])))
    if e["value"] != a["value"]:
        d.append("value: expected %s, got %s" % (show(e["value"]), show(a["value"])))
    if list(e["headers"]) != list(a["headers"]):
        d.append("headers: expected %s, got %s" % (show_headers(e["headers"]),
                                                   show_headers(a["headers"])))
    if e["timestamp"] is not None and e["timestamp"] != a["timestamp"]:
        d.append("timestamp: expected %d, got %d" % (e["timestamp"], a["timestamp"]))
    return d


def _similarity(e, a):
    """How alike two records are, to pair a wrong record with the one it should have been.
    Key or value must agree, else they are not paired (reported as lost + unexpected)."""
    if e["key"] != a["key"] and e["value"] != a["value"]:
        return 0
    s = 2 * (e["key"] == a["key"]) + 2 * (e["value"] == a["value"])
    s += (list(e["headers"]) == list(a["headers"]))
    s += (e["partition"] is None or e["partition"] == a["partition"])
    s += (e["timestamp"] is None or e["timestamp"] == a["timestamp"])
    return s


def compare(expected, actual, max_lines=40):
    """Returns (ok, problems, stats): problems is a list of lines describing every difference
    (cut after max_lines, with a count of the rest)."""
    actual = sorted(actual, key=lambda a: (a["partition"], a["offset"]))
    by_content = {}
    for e in sorted(expected, key=lambda e: e["id"]):
        by_content.setdefault(_content(e), []).append(e)
    matched = {}          # id -> actual record
    ids_at = {}           # (partition, offset) -> id, for the order check
    dups, extra = [], []
    for a in actual:
        cands = by_content.get(_content(a), [])
        e = next((e for e in cands if e["id"] not in matched and _compatible(e, a)), None)
        if e is not None:
            matched[e["id"]] = a
            ids_at[(a["partition"], a["offset"])] = e["id"]
            continue
        first = next((e for e in cands if e["id"] in matched and _compatible(e, a)), None)
        if first is not None:
            dups.append("duplicated: id %d again at %s (first at %s)"
                        % (first["id"], _where(a), _where(matched[first["id"]])))
        else:
            extra.append(a)

    # Pair each unmatched expectation with the most alike unmatched record, for a precise diff.
    differs, lost = [], []
    for e in sorted(expected, key=lambda e: e["id"]):
        if e["id"] in matched:
            continue
        best = max(extra, key=lambda a: _similarity(e, a), default=None)
        if best is not None and _similarity(e, best) > 0:
            extra.remove(best)
            ids_at[(best["partition"], best["offset"])] = e["id"]
            differs.append("id %d differs at %s: %s" % (e["id"], _where(best),
                                                         "; ".join(_field_diffs(e, best))))
        else:
            lost.append("lost: id %d (partition %s, key %s, value %s, headers %s)"
                        % (e["id"], "any" if e["partition"] is None else e["partition"],
                           show(e["key"]), show(e["value"]), show_headers(e["headers"])))
    unexpected = ["unexpected: %s key %s value %s headers %s timestamp %d"
                  % (_where(a), show(a["key"]), show(a["value"]), show_headers(a["headers"]),
                     a["timestamp"]) for a in extra]

    disorder = []
    last = {}
    for (p, o), i in sorted(ids_at.items()):
        if p in last and last[p][1] > i:
            disorder.append("order: partition %d has id %d at offset %d after id %d at offset %d"
                            % (p, i, o, last[p][1], last[p][0]))
        last[p] = (o, i)

    problems = lost + dups + differs + unexpected + disorder
    stats = {"read": len(actual), "expected": len(expected), "lost": len(lost),
             "duplicated": len(dups), "differing": len(differs), "unexpected": len(unexpected),
             "out_of_order": len(disorder),
             "partitions": len({a["partition"] for a in actual})}
    if len(problems) > max_lines:
        problems = problems[:max_lines] + ["... and %d more" % (len(problems) - max_lines)]
    return not (lost or dups or differs or unexpected or disorder), problems, stats
