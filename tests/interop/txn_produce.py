"""Transactions for check_fetch_kafka.c (read_committed): confluent-kafka writes, on each of
NPART partitions of TOPIC, committed and aborted transactions interleaved with
non-transactional records, then opens a transaction on partition 0 and keeps it open until a
line comes on stdin, then commits it.

  txn_produce.py BOOTSTRAP TOPIC NPART OUT

Every record is flushed before the next, so offsets follow the order written. Each delivered
record is appended to OUT as "partition offset value"; values start with c (committed), a
(aborted), n (not transactional), o (the transaction left open, committed at the end). OUT.ready
appears once the open transaction and a non-transactional record after it are written. Exit 0,
77 when confluent-kafka is missing, 1 on any failure."""
import os
import sys

try:
    import confluent_kafka as ck
except ImportError as e:
    print("confluent-kafka is not importable: %s" % e)
    sys.exit(77)

bootstrap, topic, nparts, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
log = open(out, "a")


def delivered(err, msg):
    if err is not None:
        print("delivery failed: %s" % err)
        sys.exit(1)
    log.write("%d %d %s\n" % (msg.partition(), msg.offset(), msg.value().decode()))
    log.flush()


plain = ck.Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True})
txn = ck.Producer({"bootstrap.servers": bootstrap, "transactional.id": "moldau-fetch-%d" % os.getpid()})
txn.init_transactions(30)


def put(p, partition, value):
    p.produce(topic, value=value.encode(), partition=partition, on_delivery=delivered)
    if p.flush(30) != 0:
        print("flush timed out")
        sys.exit(1)


for part in range(nparts):
    put(plain, part, "n-%d-0" % part)
    txn.begin_transaction()
    for i in range(3):
        put(txn, part, "c-%d-1-%d" % (part, i))
    put(plain, part, "n-%d-1" % part)  # inside the open transaction's range
    put(txn, part, "c-%d-1-3" % part)
    txn.commit_transaction(30)
    put(plain, part, "n-%d-2" % part)
    txn.begin_transaction()
    for i in range(4):
        put(txn, part, "a-%d-2-%d" % (part, i))
        if i == 1:
            put(plain, part, "n-%d-3" % part)
    txn.abort_transaction(30)
    txn.begin_transaction()
    put(txn, part, "c-%d-3-0" % part)
    txn.commit_transaction(30)
    txn.begin_transaction()
    put(txn, part, "a-%d-4-0" % part)
    txn.abort_transaction(30)
    put(plain, part, "n-%d-4" % part)

txn.begin_transaction()
put(txn, 0, "o-0-0")
put(plain, 0, "n-0-5")
open(out + ".ready", "w").close()
sys.stdin.readline()
put(txn, 0, "o-0-1")
txn.commit_transaction(30)
put(plain, 0, "n-0-6")
log.close()
