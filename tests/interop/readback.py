#!/usr/bin/python3
"""Interop checker: does another Kafka client read back exactly what a test produced, and
produce what a test will read? Run with Debian's /usr/bin/python3 (the one that has
python3-kafka and python3-confluent-kafka).

  readback.py --client C --bootstrap B --topic T --expect FILE [--codec Z] [--timeout S]
      read all of T (every partition, from the beginning to the high watermark) with client C
      and compare with FILE (JSON lines, see records.py): nothing lost, nothing duplicated,
      nothing unexpected, keys/values/headers/timestamps exact, order by id per partition.
  readback.py --client C --bootstrap B --topic T --produce FILE [--compression Z]
      produce FILE's records, in order, with client C (acks=all, waits for every delivery).
  readback.py --actual READ --expect FILE
      compare records read by something else (moldau's consumer, in a C test), given in the
      --dump format, with FILE: the same checks.
  readback.py --client C --bootstrap B --topic T --dump
      print what C reads, one JSON line per record (offset added).
  readback.py --client C --codecs
      print the codecs C handles here.
  readback.py --bootstrap B --topic T --create-topic [--partitions N] [--config k=v ...]
      create T (retention.ms=-1 unless given, so records with old explicit timestamps are
      not deleted by time retention while the test runs).

C is kafka-python, confluent-kafka or kcat. Exit status: 0 pass, 1 fail (the output says
exactly what differs), 2 bad usage or a record the client cannot express, 77 skipped: the
client or a codec is missing (loud message on stdout). Under CI=true a missing client fails,
and so does a missing codec, except lz4/zstd for kafka-python (optional Python modules
python3-lz4 / python3-zstandard) unless MOLDAU_INTEROP_STRICT_CODECS=1.
--codec tells the reader which codec the topic holds (for that decision and the message).
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import clients  # noqa: E402
import records  # noqa: E402

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_SKIP = 0, 1, 2, 77


def ci():
    return os.environ.get("CI") == "true"


def codec_required(client, codec):
    if os.environ.get("MOLDAU_INTEROP_STRICT_CODECS") == "1":
        return True
    return not (client == "kafka-python" and codec in ("lz4", "zstd"))


def skip(tag, why, required):
    if ci() and required:
        print("%s: FAILED (CI=true, so a missing peer is a failure): %s" % (tag, why))
        return EXIT_FAIL
    print("*** %s: SKIPPED: %s ***" % (tag, why))
    return EXIT_SKIP


def create_topic(a):
    conf = {"retention.ms": "-1"}
    for kv in a.config or []:
        k, _, v = kv.partition("=")
        conf[k] = v
    import confluent_kafka.admin as adm
    ac = adm.AdminClient({"bootstrap.servers": a.bootstrap})
    fut = ac.create_topics([adm.NewTopic(a.topic, a.partitions, 1, config=conf)],
                           request_timeout=a.timeout)[a.topic]
    try:
        fut.result(timeout=a.timeout)
    except Exception as e:  # noqa: BLE001 - report whatever the admin client raised
        print("create-topic %s: FAILED: %s" % (a.topic, e))
        return EXIT_FAIL
    # Metadata reaches every broker shortly after creation: wait until the topic is visible
    # with all its partitions, so a producer that starts right after finds them.
    c = confluent_kafka_consumer(a.bootstrap)
    deadline = time.monotonic() + a.timeout
    try:
        while time.monotonic() < deadline:
            t = c.list_topics(a.topic, timeout=5).topics.get(a.topic)
            if t is not None and t.error is None and len(t.partitions) == a.partitions and all(
                    p.leader >= 0 for p in t.partitions.values()):
                print("create-topic %s: %d partition(s)" % (a.topic, a.partitions))
                return EXIT_OK
            time.sleep(0.1)
    finally:
        c.close()
    print("create-topic %s: FAILED: not visible after %ss" % (a.topic, a.timeout))
    return EXIT_FAIL


def confluent_kafka_consumer(bootstrap):
    import confluent_kafka
    return confluent_kafka.Consumer({"bootstrap.servers": bootstrap, "group.id": "moldau-meta"})


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--client", choices=sorted(clients.READERS))
    ap.add_argument("--bootstrap")
    ap.add_argument("--topic")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--expect", metavar="FILE")
    mode.add_argument("--produce", metavar="FILE")
    mode.add_argument("--dump", action="store_true")
    mode.add_argument("--codecs", action="store_true")
    mode.add_argument("--create-topic", action="store_true")
    ap.add_argument("--actual", metavar="FILE", help="records read, instead of a client")
    ap.add_argument("--codec", choices=clients.CODECS, help="the codec the topic holds")
    ap.add_argument("--compression", choices=clients.CODECS, default="none")
    ap.add_argument("--partitions", type=int, default=1)
    ap.add_argument("--config", action="append", metavar="K=V")
    ap.add_argument("--timeout", type=float, default=60.0)
    a = ap.parse_args()
    need = [] if a.codecs or a.actual else ["bootstrap", "topic"]
    if not a.create_topic and not a.actual:
        need.append("client")
    if a.actual and not a.expect:
        ap.error("--actual goes with --expect")
    missing = [n for n in need if getattr(a, n) is None]
    if missing:
        ap.error("missing --" + ", --".join(missing))

    if a.create_topic:
        try:
            return create_topic(a)
        except ImportError as e:
            return skip("create-topic", "confluent-kafka is not importable (%s)" % e, True)

    verb = "produce" if a.produce else "readback"
    tag = "%s[%s]%s" % (verb, a.client or "file", "" if a.codecs or a.actual
                        else " topic %s" % a.topic)
    deadline = time.monotonic() + a.timeout
    t0 = time.monotonic()
    try:
        if a.codecs:
            have = clients.codecs_of(a.client)
            print(" ".join(c for c in clients.CODECS if have[c]))
            return EXIT_OK
        if a.produce:
            recs = records.load_expected(a.produce)
            clients.PRODUCERS[a.client](a.bootstrap, a.topic, recs, a.compression, deadline)
            print("%s: OK, %d record(s) produced (compression %s, %.2f s)"
                  % (tag, len(recs), a.compression, time.monotonic() - t0))
            return EXIT_OK
        expected = records.load_expected(a.expect) if a.expect else None
        if a.actual:
            got = records.load_actual(a.actual)
        else:
            got = clients.READERS[a.client](a.bootstrap, a.topic, deadline)
    except clients.Missing as e:
        return skip(tag, str(e), True)
    except clients.Unsupported as e:
        codec = a.codec if e.codec == "?" and a.codec else e.codec
        return skip(tag, "%s (codec %s)" % (e, codec), codec_required(a.client, codec))
    except clients.CannotProduce as e:
        print("%s: BAD TEST: %s" % (tag, e))
        return EXIT_USAGE
    except (ValueError, OSError) as e:
        print("%s: FAILED: %s: %s" % (tag, type(e).__name__, e))
        return EXIT_USAGE if isinstance(e, ValueError) else EXIT_FAIL
    except Exception as e:  # noqa: BLE001 - any client error is a failed check, with its text
        print("%s: FAILED: %s: %s" % (tag, type(e).__name__, e))
        return EXIT_FAIL
    took = time.monotonic() - t0
    if a.dump:
        for r in sorted(got, key=lambda r: (r["partition"], r["offset"])):
            print(records.dump_record(r))
        return EXIT_OK
    ok, problems, st = records.compare(expected, got)
    summary = ("%d of %d expected record(s) read from %d partition(s) in %.2f s"
               % (st["read"], st["expected"], st["partitions"], took))
    if ok:
        print("%s: OK, %s" % (tag, summary))
        return EXIT_OK
    counts = ", ".join("%d %s" % (st[k], k.replace("_", " ")) for k in
                       ("lost", "duplicated", "differing", "unexpected", "out_of_order") if st[k])
    print("%s: FAILED: %s; %s" % (tag, counts, summary))
    for p in problems:
        print("  " + p)
    return EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
