#!/usr/bin/env python3
"""The Kafka side of the truncation tests (tests/integration/check_truncation_kafka.c), with
confluent-kafka: a topic on chosen replicas, records produced with chosen acks, an unclean
leader election, the partition's leader. Not part of moldau.

  truncation_peer.py BOOTSTRAP create TOPIC A,B      RF=2 on nodes A,B, min.insync.replicas=1
  truncation_peer.py BOOTSTRAP produce TOPIC N ACKS TAG   N records "TAG-i", acks ACKS
  truncation_peer.py BOOTSTRAP elect TOPIC           unclean election of partition 0
  truncation_peer.py BOOTSTRAP leader TOPIC          prints the leader of partition 0
"""
import sys
import time

from confluent_kafka import Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

try:
    from confluent_kafka import ElectionType
except ImportError:  # older layouts
    from confluent_kafka.admin import ElectionType


def leader(admin, topic):
    md = admin.list_topics(topic, timeout=10)
    t = md.topics.get(topic)
    if t is None or t.error is not None or 0 not in t.partitions:
        return -1
    return t.partitions[0].leader


def main():
    bootstrap, cmd, topic = sys.argv[1], sys.argv[2], sys.argv[3]
    admin = AdminClient({"bootstrap.servers": bootstrap})
    if cmd == "create":
        replicas = [int(x) for x in sys.argv[4].split(",")]
        fs = admin.create_topics([NewTopic(topic, num_partitions=1, replica_assignment=[replicas], config={
            "min.insync.replicas": "1", "unclean.leader.election.enable": "true"})])
        fs[topic].result(30)
        for _ in range(100):
            if leader(admin, topic) == replicas[0]:
                return 0
            time.sleep(0.2)
        print("no leader", file=sys.stderr)
        return 1
    if cmd == "produce":
        n, acks, tag = int(sys.argv[4]), sys.argv[5], sys.argv[6]
        failed = []
        p = Producer({"bootstrap.servers": bootstrap, "acks": acks, "linger.ms": 5,
                      "enable.idempotence": False, "message.timeout.ms": 60000})
        for i in range(n):
            p.produce(topic, value=("%s-%d" % (tag, i)).encode(), partition=0,
                      on_delivery=lambda err, m: err and failed.append(err))
            p.poll(0)
        if p.flush(90) or failed:
            print("produce failed: %s" % failed[:3], file=sys.stderr)
            return 1
        return 0
    if cmd == "elect":
        for _ in range(60):
            try:
                f = admin.elect_leaders(ElectionType.UNCLEAN, [TopicPartition(topic, 0)])
                res = f.result(30)
                err = res.get(TopicPartition(topic, 0)) if isinstance(res, dict) else None
                if err is None or "ELECTION_NOT_NEEDED" in str(err):
                    return 0
                print("elect: %s" % err, file=sys.stderr)
            except Exception as e:  # the controller may be settling
                print("elect: %s" % e, file=sys.stderr)
            time.sleep(1)
        return 1
    if cmd == "leader":
        print(leader(admin, topic))
        return 0
    return 2


sys.exit(main())
