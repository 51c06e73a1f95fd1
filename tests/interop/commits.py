#!/usr/bin/python3
"""Offsets of a group committed and read by another client, by manual assignment (no
subscription: the "simple" commits of generation -1 that moldau's manual assignment makes).

  commits.py --client C --bootstrap B --group G --topic T --commit 0:5,1:17
      commit those offsets (partition:offset) for G synchronously, the partitions assigned
      by hand.
  commits.py --client C --bootstrap B --group G --topic T --expect 0:5,1:17,2:-1
      read G's committed offsets of those partitions (-1: none) and compare; exit 1 with what
      differs.
  commits.py --client C --probe
      exit 0 when the client imports here (its version printed).

C is confluent-kafka or kafka-python, under whichever interpreter runs this (Debian's
/usr/bin/python3: kafka-python 2.0.2, confluent-kafka 1.7.0; the project's venv: kafka-python
3.0.12, confluent-kafka 2.16.1). Exit 0 pass, 1 fail, 77 the client is missing.
"""

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import clients  # noqa: E402


def parse_offsets(s):
    out = []
    for item in s.split(","):
        p, o = item.split(":")
        out.append((int(p), int(o)))
    return out


def confluent(args, pairs):
    import confluent_kafka as ck
    c = ck.Consumer({"bootstrap.servers": args.bootstrap, "group.id": args.group,
                     "enable.auto.commit": False,
                     "client.id": "moldau-commits-%d" % random.getrandbits(32)})
    try:
        tps = [ck.TopicPartition(args.topic, p) for p, _ in pairs]
        c.assign(tps)
        if args.commit:
            got = c.commit(offsets=[ck.TopicPartition(args.topic, p, o) for p, o in pairs],
                           asynchronous=False)
            bad = [(t.partition, str(t.error)) for t in got or [] if t.error is not None]
            if bad:
                raise RuntimeError("confluent-kafka: commit failed: %s" % bad)
            return None
        res = c.committed(tps, timeout=30)
        out = {}
        for t in res:
            if t.error is not None:
                raise RuntimeError("confluent-kafka: committed(): %s" % t.error)
            out[t.partition] = t.offset if t.offset >= 0 else -1
        return out
    finally:
        c.close()


def kafka_python(args, pairs):
    import kafka
    from kafka.structs import OffsetAndMetadata
    c = kafka.KafkaConsumer(bootstrap_servers=args.bootstrap, group_id=args.group,
                            enable_auto_commit=False, api_version=clients.KAFKA_PYTHON_API)
    try:
        tps = [kafka.TopicPartition(args.topic, p) for p, _ in pairs]
        c.assign(tps)
        if args.commit:
            fields = len(OffsetAndMetadata._fields)  # 2.0.2: offset, metadata; 3.x: + epoch
            c.commit({kafka.TopicPartition(args.topic, p):
                      OffsetAndMetadata(o, "", -1) if fields == 3 else OffsetAndMetadata(o, "")
                      for p, o in pairs})
            return None
        out = {}
        for tp in tps:
            o = c.committed(tp)
            out[tp.partition] = -1 if o is None else o
        return out
    finally:
        c.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--client", required=True, choices=("confluent-kafka", "kafka-python"))
    ap.add_argument("--bootstrap")
    ap.add_argument("--group")
    ap.add_argument("--topic")
    ap.add_argument("--commit")
    ap.add_argument("--expect")
    ap.add_argument("--probe", action="store_true")
    args = ap.parse_args()
    try:
        if args.client == "confluent-kafka":
            import confluent_kafka as mod
            version = mod.version()
            version = version[0] if isinstance(version, tuple) else version
        else:
            import kafka as mod
            version = mod.__version__
    except ImportError as e:
        print("*** commits.py: %s SKIPPED: not importable under %s: %s ***"
              % (args.client, sys.executable, e))
        return 77
    if args.probe:
        print("%s %s" % (args.client, version))
        return 0
    pairs = parse_offsets(args.commit or args.expect)
    run = confluent if args.client == "confluent-kafka" else kafka_python
    got = run(args, pairs)
    tag = "%s %s (%s)" % (args.client, version, sys.executable)
    if args.commit:
        print("%s committed %s for %s" % (tag, args.commit, args.group))
        return 0
    want = dict(pairs)
    if got != want:
        print("%s: committed offsets of %s differ: expected %s, got %s"
              % (tag, args.group, sorted(want.items()), sorted(got.items())))
        return 1
    print("%s read %s for %s" % (tag, args.expect, args.group))
    return 0


if __name__ == "__main__":
    sys.exit(main())
