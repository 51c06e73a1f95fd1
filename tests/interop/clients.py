"""The other clients, each able to read a whole topic and to produce expected records.

  kafka-python     2.0.2 (Debian python3-kafka); pinned api_version (see KAFKA_PYTHON_API)
  confluent-kafka  1.7.0 on librdkafka 2.0.2 (Debian python3-confluent-kafka)
  kcat             1.7.1 (Debian kcat), through its command line

read(bootstrap, topic, deadline) returns the records (dicts, see records.py) of every partition
from the beginning up to the high watermark seen when reading started. produce(bootstrap,
topic, records, codec, deadline) writes them in order, waits for every delivery, and raises
on any failure. Both raise Missing (client not installed), Unsupported (a codec the client
cannot handle) or CannotProduce (a record this client has no way to express).
"""

import json
import os
import random
import re
import shutil
import string
import subprocess
import time

# kafka-python 2.0.2 guesses the broker's version by probing; against Kafka 3.9 and 4.x it
# guesses (2, 5, 0), and then uses versions Kafka 4 still serves (Produce v7, Fetch v4,
# ListOffsets v1; KIP-896 removed only older ones). Pinning it skips the probe and keeps the
# versions fixed whatever the broker. zstd needs >= (2, 1).
KAFKA_PYTHON_API = tuple(int(x) for x in
                         os.environ.get("MOLDAU_KAFKA_PYTHON_API", "2.5.0").split("."))

CODECS = ("none", "gzip", "snappy", "lz4", "zstd")


class Missing(Exception):
    pass


class Unsupported(Exception):
    def __init__(self, codec, why):
        Exception.__init__(self, "unsupported codec %s: %s" % (codec, why))
        self.codec = codec


class CannotProduce(Exception):
    pass


def _left(deadline):
    return max(0.1, deadline - time.monotonic())


# ---- kafka-python ---------------------------------------------------------------------------

def _kafka_python():
    try:
        import kafka
        import kafka.errors
        return kafka
    except ImportError as e:
        raise Missing("kafka-python is not importable (%s); Debian: python3-kafka" % e)


def kafka_python_codecs():
    import kafka.codec as c
    return {"none": True, "gzip": c.has_gzip(), "snappy": c.has_snappy(), "lz4": c.has_lz4(),
            "zstd": c.has_zstd()}


def kafka_python_read(bootstrap, topic, deadline):
    kafka = _kafka_python()
    c = kafka.KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                            api_version=KAFKA_PYTHON_API, auto_offset_reset="earliest",
                            fetch_max_wait_ms=100, check_crcs=True,
                            request_timeout_ms=int(min(_left(deadline), 30) * 1000) + 1000)
    try:
        parts = None
        while not parts:
            parts = c.partitions_for_topic(topic)
            if not parts:
                if time.monotonic() > deadline:
                    raise TimeoutError("kafka-python: no metadata for topic %s" % topic)
                time.sleep(0.2)
        tps = [kafka.TopicPartition(topic, p) for p in sorted(parts)]
        c.assign(tps)
        c.seek_to_beginning()
        end = c.end_offsets(tps)
        out = []
        while any(c.position(tp) < end[tp] for tp in tps):
            if time.monotonic() > deadline:
                raise TimeoutError("kafka-python: timed out at %s, high watermarks %s" % (
                    {tp.partition: c.position(tp) for tp in tps},
                    {tp.partition: end[tp] for tp in tps}))
            try:
                got = c.poll(timeout_ms=200)
            except kafka.errors.UnsupportedCodecError as e:
                codec = next((x for x in CODECS if x in str(e)), "?")
                raise Unsupported(codec, "kafka-python: %s" % e)
            for msgs in got.values():
                for m in msgs:
                    out.append({"partition": m.partition, "offset": m.offset, "key": m.key,
                                "value": m.value, "timestamp": m.timestamp,
                                "headers": [(k, v) for k, v in (m.headers or [])]})
        return out
    finally:
        c.close()


def kafka_python_produce(bootstrap, topic, records, codec, deadline):
    kafka = _kafka_python()
    if codec != "none" and not kafka_python_codecs()[codec]:
        raise Unsupported(codec, "kafka-python lacks its module (Debian: python3-%s)"
                          % {"snappy": "snappy", "lz4": "lz4", "zstd": "zstandard",
                             "gzip": "gzip"}[codec])
    for r in records:
        if r["key"] is None and r["value"] is None:
            raise CannotProduce("kafka-python refuses a record whose key and value are both "
                                "null (id %d)" % r["id"])
        if any(v is None for _, v in r["headers"]):
            raise CannotProduce("kafka-python 2.0.2 refuses a null header value (id %d)"
                                % r["id"])
    # One request in flight: with retries, order per partition is kept.
    p = kafka.KafkaProducer(bootstrap_servers=bootstrap, api_version=KAFKA_PYTHON_API,
                            acks="all", linger_ms=5, retries=5,
                            max_in_flight_requests_per_connection=1,
                            compression_type=None if codec == "none" else codec)
    try:
        futs = [(r, p.send(topic, value=r["value"], key=r["key"], partition=r["partition"],
                           timestamp_ms=r["timestamp"],
                           headers=[(k, v) for k, v in r["headers"]]))
                for r in records]
        p.flush(timeout=_left(deadline))
        for r, f in futs:
            f.get(timeout=_left(deadline))   # raises the delivery error, if any
    finally:
        p.close(timeout=5)


# ---- confluent-kafka ------------------------------------------------------------------------

def _confluent():
    try:
        import confluent_kafka
        return confluent_kafka
    except ImportError as e:
        raise Missing("confluent-kafka is not importable (%s); Debian: python3-confluent-kafka"
                      % e)


def confluent_read(bootstrap, topic, deadline):
    ck = _confluent()
    c = ck.Consumer({"bootstrap.servers": bootstrap,
                     "group.id": "moldau-readback-%d" % random.getrandbits(48),
                     "enable.auto.commit": False, "enable.partition.eof": True,
                     "auto.offset.reset": "earliest", "check.crcs": True,
                     "fetch.wait.max.ms": 100})
    try:
        md = c.list_topics(topic, timeout=_left(deadline))
        tmd = md.topics.get(topic)
        if tmd is None or tmd.error is not None or not tmd.partitions:
            raise RuntimeError("confluent-kafka: no metadata for topic %s: %s"
                               % (topic, tmd.error if tmd else "absent"))
        parts = sorted(tmd.partitions)
        end = {p: c.get_watermark_offsets(ck.TopicPartition(topic, p),
                                          timeout=_left(deadline))[1] for p in parts}
        nxt = {p: 0 for p in parts}
        c.assign([ck.TopicPartition(topic, p, ck.OFFSET_BEGINNING) for p in parts])
        out = []
        while any(nxt[p] < end[p] for p in parts):
            if time.monotonic() > deadline:
                raise TimeoutError("confluent-kafka: timed out at %s, high watermarks %s"
                                   % (nxt, end))
            m = c.poll(0.2)
            if m is None:
                continue
            if m.error():
                if m.error().code() == ck.KafkaError._PARTITION_EOF:
                    nxt[m.partition()] = max(nxt[m.partition()], m.offset())
                    continue
                if m.error().code() == ck.KafkaError._NOT_IMPLEMENTED:
                    raise Unsupported("?", "confluent-kafka: %s" % m.error())
                raise RuntimeError("confluent-kafka: %s" % m.error())
            nxt[m.partition()] = m.offset() + 1
            out.append({"partition": m.partition(), "offset": m.offset(), "key": m.key(),
                        "value": m.value(), "timestamp": m.timestamp()[1],
                        "headers": [(k, v) for k, v in (m.headers() or [])]})
        return out
    finally:
        c.close()


def confluent_produce(bootstrap, topic, records, codec, deadline):
    ck = _confluent()
    errors = []

    def on_delivery(err, msg):
        if err is not None:
            errors.append("%s (partition %s)" % (err, msg.partition()))

    try:
        p = ck.Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
                         "enable.idempotence": True, "compression.codec": codec})
    except ck.KafkaException as e:
        raise Unsupported(codec, "confluent-kafka: %s" % e)
    for r in records:
        kw = {"key": r["key"], "value": r["value"], "on_delivery": on_delivery}
        if r["partition"] is not None:
            kw["partition"] = r["partition"]
        if r["timestamp"] is not None:
            kw["timestamp"] = r["timestamp"]
        if r["headers"]:
            kw["headers"] = [(k, v) for k, v in r["headers"]]
        p.produce(topic, **kw)
        p.poll(0)
    left = p.flush(_left(deadline))
    if left:
        raise TimeoutError("confluent-kafka: %d record(s) not delivered in time" % left)
    if errors:
        raise RuntimeError("confluent-kafka: delivery failed: %s" % "; ".join(errors[:5]))


# ---- kcat -----------------------------------------------------------------------------------

def _kcat():
    path = shutil.which(os.environ.get("MOLDAU_KCAT", "kcat"))
    if not path:
        raise Missing("kcat is not in PATH (Debian: kcat)")
    return path


def _kcat_bytes(s):
    # kcat -J writes keys, values and headers as JSON strings: control characters escaped,
    # every other byte as it is (not necessarily UTF-8). Lines are therefore decoded with
    # surrogateescape, and strings encoded back the same way, which restores the exact bytes.
    return None if s is None else s.encode("utf-8", "surrogateescape")


def kcat_read(bootstrap, topic, deadline):
    kcat = _kcat()
    # -e: exit once every partition reached its end; -J: one JSON object per record.
    cmd = [kcat, "-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-J", "-q",
           "-m", "%d" % max(1, int(_left(deadline))), "-X", "check.crcs=true",
           # EOF is only seen after an empty fetch: do not let the broker hold it long.
           "-X", "fetch.wait.max.ms=20"]
    try:
        res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             timeout=_left(deadline))
    except subprocess.TimeoutExpired:
        raise TimeoutError("kcat: timed out: %s" % " ".join(cmd))
    err = res.stderr.decode("utf-8", "replace").strip()
    if res.returncode != 0:
        if "ompression" in err or "codec" in err:
            raise Unsupported("?", "kcat: %s" % err)
        raise RuntimeError("kcat exited %d: %s" % (res.returncode, err))
    out = []
    for line in res.stdout.decode("utf-8", "surrogateescape").splitlines():
        if not line.strip():
            continue
        j = json.loads(line)
        hs = j.get("headers") or []
        out.append({"partition": j["partition"], "offset": j["offset"],
                    "key": _kcat_bytes(j.get("key")), "value": _kcat_bytes(j.get("payload")),
                    "timestamp": j.get("ts"),
                    "headers": [(_kcat_bytes(hs[i]).decode("utf-8", "surrogateescape"),
                                 _kcat_bytes(hs[i + 1])) for i in range(0, len(hs), 2)]})
    return out


def _kcat_delim(records, used):
    """A delimiter that occurs in no key or value of `records` nor in `used`."""
    while True:
        d = "~" + "".join(random.choice(string.ascii_letters) for _ in range(12)) + "~"
        b = d.encode()
        if d not in used and not any(b in (r["key"] or b"") or b in (r["value"] or b"")
                                     for r in records):
            return d


def _kcat_group(r):
    """kcat -P sets partition, headers and NULL handling (-Z) per invocation: records that
    share them go in one run. Raises CannotProduce for what kcat cannot express."""
    if r["timestamp"] is not None:
        raise CannotProduce("kcat -P cannot set a record's timestamp (id %d): expect null"
                            % r["id"])
    # Every message is written as KEY<kdelim>VALUE. kcat skips an empty message and, with -Z,
    # turns an empty key or value into NULL (both of them).
    nulls = r["key"] is None or r["value"] is None
    if nulls and (r["key"] == b"" or r["value"] == b""):
        raise CannotProduce("kcat -P cannot mix a null and an empty key/value (id %d)" % r["id"])
    for k, v in r["headers"]:
        if "=" in k or "\0" in k or (v is not None and b"\0" in v):
            raise CannotProduce("kcat -H cannot carry header %r (id %d)" % (k, r["id"]))
    return (r["partition"], tuple(r["headers"]), nulls)


def kcat_produce(bootstrap, topic, records, codec, deadline):
    kcat = _kcat()
    groups = []
    for r in records:
        g = _kcat_group(r)
        if groups and groups[-1][0] == g:
            groups[-1][1].append(r)
        else:
            groups.append((g, [r]))
    for (partition, headers, nulls), recs in groups:
        kdelim = _kcat_delim(recs, ())
        mdelim = _kcat_delim(recs, (kdelim,))
        cmd = [kcat, "-b", bootstrap, "-P", "-t", topic, "-K", kdelim, "-D", mdelim, "-q",
               "-m", "%d" % max(1, int(_left(deadline))),
               "-X", "acks=all", "-X", "enable.idempotence=true",
               "-X", "compression.codec=%s" % codec]
        if partition is not None:
            cmd += ["-p", str(partition)]
        if nulls:
            cmd.append("-Z")
        for k, v in headers:
            cmd += ["-H", k if v is None else k + "=" + v.decode("utf-8", "surrogateescape")]
        data = b"".join((r["key"] or b"") + kdelim.encode() + (r["value"] or b"") +
                        mdelim.encode() for r in recs)
        try:
            res = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 timeout=_left(deadline))
        except subprocess.TimeoutExpired:
            raise TimeoutError("kcat -P timed out")
        err = res.stderr.decode("utf-8", "replace").strip()
        if res.returncode != 0 or "fail" in err.lower() or "error" in err.lower():
            if "compression" in err.lower() and codec != "none":
                raise Unsupported(codec, "kcat: %s" % err)
            raise RuntimeError("kcat -P exited %d: %s" % (res.returncode, err))


READERS = {"kafka-python": kafka_python_read, "confluent-kafka": confluent_read,
           "kcat": kcat_read}
PRODUCERS = {"kafka-python": kafka_python_produce, "confluent-kafka": confluent_produce,
             "kcat": kcat_produce}


def codecs_of(client):
    """The codecs a client handles here; raises Missing when the client is not there."""
    if client == "kafka-python":
        _kafka_python()
        return kafka_python_codecs()
    if client == "confluent-kafka":
        ck = _confluent()
        out = {}
        for c in CODECS:
            # librdkafka refuses, at configuration, a codec it was built without.
            try:
                ck.Producer({"compression.codec": c, "log_level": 0})
                out[c] = True
            except ck.KafkaException:
                out[c] = False
        return out
    res = subprocess.run([_kcat(), "-V"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    feats = re.search(r"builtin\.features=([\w,]+)", res.stdout.decode("utf-8", "replace"))
    have = set(feats.group(1).split(",")) if feats else set()
    return {c: c in ("none", "gzip") or c in have for c in CODECS}
