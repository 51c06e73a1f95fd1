"""A member of a consumer group run by another client, for the mixed-group tests: the Python
side of tests/support/group_member.c, writing the same log (see that file's header for the
line format), so tests/interop/group_check.py reads both alike.

  python3 group_member.py --client kafka-python|confluent-kafka --bootstrap B --group G
                          --topic T --log PATH [--strategy range|roundrobin|cooperative-sticky]
                          [--max N]

It subscribes, polls, "processes" each record by logging it, commits synchronously after every
polled batch and when partitions are revoked, logs committed() for each newly assigned
partition, and on SIGTERM (or after --max records) commits, closes (leaves) and exits 0.
kafka-python runs as the interpreter finds it: Debian's 2.0.2 with /usr/bin/python3 (its
api_version pinned as clients.py does), 3.x in the project's virtualenv. confluent-kafka gives no
generation: its lines say -1. Exit 77 when the client is not importable.
"""

import argparse
import os
import signal
import sys
import time

stop = False


def on_term(sig, frame):
    global stop
    stop = True


class Log:
    def __init__(self, path):
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def __call__(self, kind, *fields):
        # one write per line: it survives a SIGKILL right after
        line = " ".join([kind, str(time.monotonic_ns())] + [str(f) for f in fields]) + "\n"
        os.write(self.fd, line.encode())


def parts(tps):
    ps = sorted(tp.partition for tp in tps)
    return ",".join(str(p) for p in ps) if ps else "-"


def run_kafka_python(a, log):
    try:
        import kafka
        from kafka.coordinator.assignors.range import RangePartitionAssignor
        from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
    except ImportError as e:
        print("group_member.py: kafka-python is not importable: %s" % e)
        return 77
    assignors = {"range": RangePartitionAssignor, "roundrobin": RoundRobinPartitionAssignor}
    if a.strategy not in assignors:
        print("group_member.py: kafka-python has no %s assignor here" % a.strategy)
        return 2
    kw = {}
    if kafka.__version__.startswith("2."):
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import clients
        kw["api_version"] = clients.KAFKA_PYTHON_API
    c = kafka.KafkaConsumer(bootstrap_servers=a.bootstrap, group_id=a.group,
                            enable_auto_commit=False, auto_offset_reset="earliest",
                            partition_assignment_strategy=[assignors[a.strategy]],
                            session_timeout_ms=10000, heartbeat_interval_ms=1000,
                            fetch_max_wait_ms=100, **kw)
    processed = {}

    def generation():
        g = getattr(getattr(c, "_coordinator", None), "_generation", None)
        return getattr(g, "generation_id", -1) if g is not None else -1

    # 3.x's OffsetAndMetadata has a leader epoch, 2.0.2's has not
    extra = ("", -1) if len(kafka.OffsetAndMetadata._fields) >= 3 else ("",)

    def pending():
        return {tp: kafka.OffsetAndMetadata(o, *extra)
                for tp, o in processed.items() if o is not None}

    def committed_log(todo):
        for tp in todo:
            log("C", tp.partition, todo[tp].offset)
            processed[tp] = None

    def commit():
        todo = pending()
        if not todo:
            return
        try:
            c.commit(todo)
        except Exception as e:
            log("F", type(e).__name__)
            return
        committed_log(todo)

    def assigned_log(assigned):
        g = generation()
        log("E", "ASSIGNED", g, parts(assigned))
        log("A", g, parts(c.assignment()))

    def revoked_log(revoked):
        log("E", "REVOKED", generation(), parts(revoked))

    def forget(revoked):
        for tp in revoked:
            processed.pop(tp, None)

    if hasattr(kafka, "AsyncConsumerRebalanceListener"):
        # 3.x runs listeners on its I/O loop, where a blocking call is refused: await the
        # coordinator's own async commit and offset fetch there (private, but what the
        # synchronous calls run)
        class Listener(kafka.AsyncConsumerRebalanceListener):
            async def on_partitions_revoked(self, revoked):
                revoked_log(revoked)
                todo = pending()
                if todo:
                    try:
                        await c._coordinator._commit_offsets_sync_async(todo)
                        committed_log(todo)
                    except Exception as e:
                        log("F", type(e).__name__)
                forget(revoked)

            async def on_partitions_assigned(self, assigned):
                assigned_log(assigned)
                got = await c._coordinator.fetch_committed_offsets_async(list(assigned))
                for tp in sorted(assigned, key=lambda t: t.partition):
                    k = got.get(tp)
                    log("K", tp.partition, -1 if k is None or k.offset < 0 else k.offset)
    else:
        class Listener(kafka.ConsumerRebalanceListener):
            def on_partitions_revoked(self, revoked):
                revoked_log(revoked)
                commit()
                forget(revoked)

            def on_partitions_assigned(self, assigned):
                assigned_log(assigned)
                for tp in sorted(assigned, key=lambda t: t.partition):
                    k = c.committed(tp)
                    log("K", tp.partition, -1 if k is None else k)

    log("S", os.getpid(), "kafka-python-" + kafka.__version__)
    # The topic's partitions known before joining: a leader that joins first assigns from the
    # metadata it has, nothing when the topic is not in it yet, and the rejoin on the metadata
    # that follows once stalled kafka-python 3.0.12 for minutes under load.
    for _ in range(100):
        if c.partitions_for_topic(a.topic):
            break
        time.sleep(0.1)
    c.subscribe([a.topic], listener=Listener())
    done = 0
    while not stop and (a.max < 0 or done < a.max):
        got = c.poll(timeout_ms=200, max_records=100 if a.max < 0 else min(100, a.max - done))
        for tp, msgs in got.items():
            for m in msgs:
                log("R", m.topic, m.partition, m.offset,
                    m.key.decode() if m.key is not None else "-")
                processed[tp] = m.offset + 1
                done += 1
        if got:
            commit()
    commit()
    c.close()   # leaves the group
    log("X")
    return 0


def ck_version(ck):
    v = ck.version()   # a string in 2.x, (string, int) in 1.x
    return v if isinstance(v, str) else v[0]


def run_confluent(a, log):
    try:
        import confluent_kafka as ck
    except ImportError as e:
        print("group_member.py: confluent-kafka is not importable: %s" % e)
        return 77
    processed = {}
    c = None

    def commit():
        todo = {k: o for k, o in processed.items() if o is not None}
        if not todo:
            return
        try:
            c.commit(offsets=[ck.TopicPartition(t, p, o) for (t, p), o in todo.items()],
                     asynchronous=False)
        except ck.KafkaException as e:
            log("F", e.args[0].name() if e.args else "?")
            return
        for (t, p), o in todo.items():
            log("C", p, o)
            processed[(t, p)] = None

    def on_assign(consumer, tps):
        log("E", "ASSIGNED", -1, parts(tps))
        if a.strategy == "cooperative-sticky":
            consumer.incremental_assign(tps)
        else:
            consumer.assign(tps)
        log("A", -1, parts(consumer.assignment()))
        if tps:
            for tp in consumer.committed([ck.TopicPartition(t.topic, t.partition) for t in tps],
                                         timeout=10):
                log("K", tp.partition, tp.offset if tp.offset >= 0 else -1)

    def on_revoke(consumer, tps):
        log("E", "REVOKED", -1, parts(tps))
        commit()
        for tp in tps:
            processed.pop((tp.topic, tp.partition), None)

    def on_lost(consumer, tps):
        log("E", "LOST", -1, parts(tps))
        for tp in tps:
            processed.pop((tp.topic, tp.partition), None)

    c = ck.Consumer({"bootstrap.servers": a.bootstrap, "group.id": a.group,
                     "enable.auto.commit": False, "auto.offset.reset": "earliest",
                     "partition.assignment.strategy": a.strategy,
                     "session.timeout.ms": 10000, "heartbeat.interval.ms": 1000,
                     "fetch.wait.max.ms": 100})
    log("S", os.getpid(), "confluent-kafka-" + ck_version(ck))
    c.subscribe([a.topic], on_assign=on_assign, on_revoke=on_revoke, on_lost=on_lost)
    done = 0
    while not stop and (a.max < 0 or done < a.max):
        n = 100 if a.max < 0 else min(100, a.max - done)
        msgs = c.consume(num_messages=n, timeout=0.2)
        for m in msgs:
            if m.error():
                print("group_member.py: %s" % m.error(), file=sys.stderr)
                continue
            log("R", m.topic(), m.partition(), m.offset(),
                m.key().decode() if m.key() is not None else "-")
            processed[(m.topic(), m.partition())] = m.offset() + 1
            done += 1
        if msgs:
            commit()
    commit()
    c.close()   # revokes (on_revoke), leaves the group
    log("X")
    return 0


def probe(client):
    try:
        if client == "kafka-python":
            import kafka
            print("kafka-python %s" % kafka.__version__)
        else:
            import confluent_kafka
            print("confluent-kafka %s (librdkafka %s)" % (ck_version(confluent_kafka),
                                                          confluent_kafka.libversion()[0]))
    except ImportError as e:
        print("group_member.py: %s is not importable: %s" % (client, e))
        return 77
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--client", required=True, choices=("kafka-python", "confluent-kafka"))
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--group", required=True)
    p.add_argument("--topic", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--strategy", default="range")
    p.add_argument("--max", type=int, default=-1)
    p.add_argument("--probe", action="store_true",
                   help="only say the client's version (exit 0), or 77 if not importable")
    if "--probe" in sys.argv:
        return probe(sys.argv[sys.argv.index("--client") + 1])
    a = p.parse_args()
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    log = Log(a.log)
    run = run_kafka_python if a.client == "kafka-python" else run_confluent
    return run(a, log)


if __name__ == "__main__":
    sys.exit(main())
