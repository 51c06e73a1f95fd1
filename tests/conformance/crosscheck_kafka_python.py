#!/usr/bin/python3
"""Cross-checks gen_cases.py's schema-driven encoder against an independent one: kafka-python's
hand-written protocol structs (Debian's python3-kafka, classic versions only). Not part of the
test run (gen_cases.py must stay stdlib-only); run it after changing the encoder:

    /usr/bin/python3 tests/conformance/crosscheck_kafka_python.py --schemas ../shared/kafka-protocol/messages

It encodes the same random values with both (positionally: kafka-python's structs list the
fields in schema order) and reports every message version where the bytes differ. With
kafka-python 2.0.2, 139 message versions agree; the ones in KNOWN differ because kafka-python
deviates from the schemas there (checked by hand against the schema files).
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_cases as g  # noqa: E402

try:
    from kafka.protocol import admin, api, commit, fetch, group, metadata, offset, produce
except ImportError:
    sys.exit("crosscheck: kafka-python is not installed (python3-kafka)")


KNOWN = {
    # its topics are a []string, the schemas' a []MetadataRequestTopic
    **{("MetadataRequest", v): "topics shape" for v in range(6)},
    # CurrentLeaderEpoch declared as int64 (the schema: int32)
    ("ListOffsetsRequest", 4): "int64 epoch", ("ListOffsetsRequest", 5): "int64 epoch",
    ("DescribeConfigsResponse", 1): "ConfigSource as a bool",
    ("DescribeGroupsResponse", 3): "no AuthorizedOperations",
    ("FindCoordinatorResponse", 1): "no ThrottleTimeMs",
    ("ProduceResponse", 8): "no RecordErrors/ErrorMessage",
    ("CreatePartitionsRequest", 0): "different nesting", ("CreatePartitionsRequest", 1): "idem",
    **{("FetchRequest", v): "ForgottenTopicsData shape" for v in range(7, 12)},
}


def positional(fields, v, val):
    out = []
    for f in fields:
        if v not in f.versions or v in f.tagged:
            continue
        x = val[f.name]
        if x is not None and f.is_array and f.fields is not None:
            x = [positional(f.fields, v, e) for e in x]
        elif x is not None and f.fields is not None:
            x = positional(f.fields, v, x)
        out.append(x)
    return out


def kafka_python_classes():
    for mod in (admin, commit, fetch, group, metadata, offset, produce):
        for obj in vars(mod).values():
            if isinstance(obj, list) and obj and hasattr(obj[0], "API_KEY"):
                for cls in obj:
                    yield cls


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schemas", required=True)
    args = ap.parse_args()
    msgs = g.load_messages(args.schemas)
    by_key = {}
    for m in msgs.values():
        if m.api_key is not None:
            by_key[(m.api_key, m.kind)] = m
    same = differ = skipped = 0
    for cls in kafka_python_classes():
        kind = "request" if issubclass(cls, api.Request) else "response"
        m = by_key.get((cls.API_KEY, kind))
        v = cls.API_VERSION
        if m is None or v not in m.valid or m.is_flexible(v) or (m.name, v) in KNOWN:
            skipped += 1
            continue
        rng = random.Random("crosscheck:%s:%d" % (m.name, v))
        for i in range(20):
            val = g.Gen(rng, kind, False).struct(m.fields, v)
            mine = g.encode(m, v, val)
            try:
                theirs = cls.SCHEMA.encode(positional(m.fields, v, val))
            except Exception as e:  # a different shape: report, do not stop
                print("crosscheck: %s v%d: kafka-python cannot encode it (%s)" % (m.name, v, e))
                differ += 1
                break
            if mine != theirs:
                print("crosscheck: %s v%d case %d differs:\n  gen_cases    %s\n  kafka-python %s"
                      % (m.name, v, i, mine.hex(), theirs.hex()))
                differ += 1
                break
        else:
            same += 1
    print("crosscheck: %d message versions agree, %d differ, %d not comparable"
          % (same, differ, skipped))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
