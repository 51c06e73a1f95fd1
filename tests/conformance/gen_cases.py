#!/usr/bin/env python3
"""Conformance cases from Kafka's JSON message schemas (python3 stdlib only).

For every message moldau speaks and every version the schema declares, this writes one JSON
file with a few random values (fixed seed per message and version) and their exact encoding as
the schema defines it. tests/conformance/check_conformance.c feeds the values to moldau's
encoders and the bytes to its decoders. See tests/conformance/README.md for the file format.

    gen_cases.py --schemas DIR --out DIR     write the cases (runs the self-check first)
    gen_cases.py --schemas DIR --self-check  only check this encoder against itself and vectors
"""
import argparse
import json
import os
import random
import struct
import sys

APIS = ["ApiVersions", "Metadata", "Produce", "Fetch", "ListOffsets", "FindCoordinator",
        "JoinGroup", "SyncGroup", "Heartbeat", "LeaveGroup", "OffsetCommit", "OffsetFetch",
        "InitProducerId", "CreateTopics", "DeleteTopics", "CreatePartitions", "DescribeGroups",
        "ListGroups", "DescribeConfigs", "SaslHandshake", "SaslAuthenticate",
        "OffsetForLeaderEpoch", "ConsumerGroupHeartbeat", "ConsumerGroupDescribe",
        "AddPartitionsToTxn", "AddOffsetsToTxn", "EndTxn", "TxnOffsetCommit"]
APIS += ["ShareGroupHeartbeat", "ShareGroupDescribe", "ShareFetch", "ShareAcknowledge",
         "DescribeShareGroupOffsets", "AlterShareGroupOffsets", "DeleteShareGroupOffsets"]
APIS += ["DescribeClientQuotas", "AlterClientQuotas", "DescribeUserScramCredentials",
         "AlterUserScramCredentials", "DescribeQuorum", "UpdateFeatures", "DescribeCluster",
         "DescribeProducers", "DescribeTransactions", "ListTransactions", "ListConfigResources",
         "DescribeTopicPartitions"]
APIS += ["DeleteRecords", "DescribeAcls", "CreateAcls", "DeleteAcls", "AlterConfigs",
         "DescribeLogDirs", "DeleteGroups", "ElectLeaders", "IncrementalAlterConfigs",
         "AlterPartitionReassignments", "ListPartitionReassignments", "OffsetDelete"]
MESSAGES = ([a + k for a in APIS for k in ("Request", "Response")]
            + ["ConsumerProtocolSubscription", "ConsumerProtocolAssignment",
               "RequestHeader", "ResponseHeader"])
CASES_PER_VERSION = 4
UNKNOWN_TAG_BASE = 40  # above every tag the schemas use, so unknown tags stay in order

INT_RANGES = {"int8": (-2**7, 2**7 - 1), "int16": (-2**15, 2**15 - 1),
              "uint16": (0, 2**16 - 1), "int32": (-2**31, 2**31 - 1),
              "uint32": (0, 2**32 - 1), "int64": (-2**63, 2**63 - 1)}
INT_PACK = {"int8": ">b", "int16": ">h", "uint16": ">H", "int32": ">i", "uint32": ">I",
            "int64": ">q"}
PRIMITIVES = set(INT_RANGES) | {"bool", "float64", "string", "bytes", "records", "uuid"}


# ---- schema reading -----------------------------------------------------------------------

def strip_comments(text):
    """Drops // and /* */ comments outside string literals ("http://..." survives)."""
    out, i, n, in_str = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


class Versions:
    """A version range: "3+", "0-7", "5", "none" (or absent)."""

    def __init__(self, spec):
        spec = (spec or "none").strip()
        if spec == "none":
            self.lo, self.hi = 1, 0
        elif spec.endswith("+"):
            self.lo, self.hi = int(spec[:-1]), 1 << 15
        elif "-" in spec:
            lo, hi = spec.split("-")
            self.lo, self.hi = int(lo), int(hi)
        else:
            self.lo = self.hi = int(spec)

    def __contains__(self, v):
        return self.lo <= v <= self.hi


class Field:
    def __init__(self, d, structs):
        self.name = d["name"]
        self.type = d["type"].strip()
        self.versions = Versions(d.get("versions"))
        self.nullable = Versions(d.get("nullableVersions"))
        self.tagged = Versions(d.get("taggedVersions"))
        self.tag = int(d["tag"]) if d.get("tag") is not None else None  # "0" occurs too
        fv = d.get("flexibleVersions")
        self.flex_override = Versions(fv) if fv is not None else None
        self.raw_default = d.get("default")
        self.is_array = self.type.startswith("[]")
        self.base = self.type[2:] if self.is_array else self.type
        self.fields = None  # the struct's fields when base is a struct
        if self.base not in PRIMITIVES:
            if "fields" in d:
                self.fields = [Field(f, structs) for f in d["fields"]]
                structs.setdefault(self.base, self.fields)
            else:
                self.fields = structs.lazy(self.base)


class Structs(dict):
    """Struct types by name: commonStructs and structs defined inline, resolved on use."""

    def __init__(self, common):
        super().__init__()
        self.common = {c["name"]: c for c in common}
        self.pending = []

    def lazy(self, name):
        holder = []
        self.pending.append((name, holder))
        return holder

    def resolve(self):
        while self.pending:
            name, holder = self.pending.pop()
            if name not in self:
                if name not in self.common:
                    raise SystemExit("gen_cases: unknown struct type %s" % name)
                self[name] = [Field(f, self) for f in self.common[name]["fields"]]
            holder.extend(self[name])


class Message:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            d = json.loads(strip_comments(f.read()))
        self.name = d["name"]
        self.kind = d["type"]
        self.api_key = d.get("apiKey")
        self.valid = Versions(d["validVersions"])
        self.flexible = Versions(d.get("flexibleVersions"))
        structs = Structs(d.get("commonStructs", []))
        for c in d.get("commonStructs", []):
            structs.setdefault(c["name"], [Field(f, structs) for f in c["fields"]])
        self.fields = [Field(f, structs) for f in d.get("fields", [])]
        structs.resolve()

    def versions(self):
        return range(self.valid.lo, self.valid.hi + 1)

    def is_flexible(self, v):
        return self.kind != "data" and v in self.flexible


def load_messages(schemas):
    msgs = {}
    for name in MESSAGES:
        path = os.path.join(schemas, name + ".json")
        if not os.path.exists(path):
            raise SystemExit("gen_cases: missing schema %s" % path)
        msgs[name] = Message(path)
    return msgs


# ---- values ---------------------------------------------------------------------------------
# Python values: ints, bools, floats, str/None, bytes/None, uuid as 16 bytes, struct as dict,
# array as list/None.

def default_of(f, v):
    raw = f.raw_default
    if f.is_array:
        return None if raw == "null" else []
    if f.fields is not None:
        return None if raw == "null" else {g.name: default_of(g, v) for g in f.fields
                                           if v in g.versions}
    t = f.type
    if t in INT_RANGES:
        if raw is None or raw == "":
            return 0
        if isinstance(raw, int):
            return raw
        s = raw.strip()
        neg = s.startswith("-")
        s = s.lstrip("-")
        n = int(s, 16) if s.lower().startswith("0x") else int(s, 10)
        return -n if neg else n
    if t == "bool":
        return raw is True or raw == "true"
    if t == "float64":
        return float(raw) if raw not in (None, "") else 0.0
    if t == "string":
        return None if raw == "null" else (raw or "")
    if t in ("bytes", "records"):
        return None if raw == "null" else b""
    if t == "uuid":
        return bytes(16)
    raise SystemExit("gen_cases: no default for type %s" % t)


ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._"


def random_prim(rng, t):
    if t in INT_RANGES:
        lo, hi = INT_RANGES[t]
        if rng.random() < 0.3:
            return rng.choice([x for x in (-1, 0, 1, lo, hi) if lo <= x <= hi])
        if rng.random() < 0.5:
            return rng.randint(max(lo, -1000), min(hi, 1000))
        return rng.randint(lo, hi)
    if t == "bool":
        return rng.random() < 0.5
    if t == "float64":
        return rng.choice([0.0, 1.5, -2.25, rng.uniform(-1e9, 1e9)])
    if t == "string":
        # now and then over 127 bytes, so compact lengths take two varint bytes
        n = rng.choice([0, 1, 3, 5, 8]) if rng.random() > 0.04 else rng.randint(127, 200)
        s = "".join(rng.choice(ALPHABET) for _ in range(n))
        if n and rng.random() < 0.15:
            s += rng.choice(["\u00e9", "\u6f22", "\u00fc "])  # multi-byte UTF-8
        return s
    if t == "bytes":
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 6)))
    if t == "records":
        return bytes(rng.getrandbits(8) for _ in range(rng.choice([0, 5, 24, 300])))
    if t == "uuid":
        return bytes(16) if rng.random() < 0.2 else bytes(rng.getrandbits(8) for _ in range(16))
    raise SystemExit("gen_cases: no generator for type %s" % t)


class Gen:
    def __init__(self, rng, kind, flexible):
        self.rng = rng
        self.kind = kind  # tagged fields are set only in responses
        self.flexible = flexible

    def struct(self, fields, v, depth=0):
        out = {}
        for f in fields:
            if v not in f.versions:
                continue
            if v in f.tagged and (self.kind != "response" or self.rng.random() < 0.5):
                out[f.name] = default_of(f, v)
            else:
                out[f.name] = self.field(f, v, depth)
        if self.kind == "response" and self.flexible and self.rng.random() < 0.15:
            tag = UNKNOWN_TAG_BASE + self.rng.randint(0, 3)
            out["_unknown_tags"] = [[tag, bytes(self.rng.getrandbits(8)
                                                for _ in range(self.rng.randint(0, 4)))]]
        return out

    def field(self, f, v, depth):
        rng = self.rng
        can_null = v in f.nullable and (f.is_array or f.fields is not None
                                        or f.type in ("string", "bytes", "records"))
        if can_null and rng.random() < 0.2:
            return None
        if f.is_array:
            n = rng.randint(0, 3 if depth < 2 else 2)
            if f.fields is not None:
                return [self.struct(f.fields, v, depth + 1) for _ in range(n)]
            return [random_prim(rng, f.base) for _ in range(n)]
        if f.fields is not None:
            return self.struct(f.fields, v, depth + 1)
        return random_prim(rng, f.type)


# ---- encoding -------------------------------------------------------------------------------

def uvarint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_flexible(f, v, flexible):
    return flexible and (f.flex_override is None or v in f.flex_override)


def enc_len(n, flexible, classic_fmt):
    """A length prefix; n None is null."""
    if flexible:
        return uvarint(0 if n is None else n + 1)
    return struct.pack(classic_fmt, -1 if n is None else n)


def enc_prim(t, x, flexible):
    if t in INT_PACK:
        return struct.pack(INT_PACK[t], x)
    if t == "bool":
        return b"\x01" if x else b"\x00"
    if t == "float64":
        return struct.pack(">d", x)
    if t == "uuid":
        return x
    if t == "string":
        if x is None:
            return enc_len(None, flexible, ">h")
        b = x.encode("utf-8")
        return enc_len(len(b), flexible, ">h") + b
    if t in ("bytes", "records"):
        if x is None:
            return enc_len(None, flexible, ">i")
        return enc_len(len(x), flexible, ">i") + x
    raise SystemExit("gen_cases: cannot encode %s" % t)


class Enc:
    """An output buffer that also notes where each field starts, so that the harness can name
    the field at the first byte where moldau differs."""

    def __init__(self):
        self.buf = bytearray()
        self.layout = []  # [offset, path], in offset order

    def mark(self, path):
        self.layout.append([len(self.buf), path])

    def put(self, b):
        self.buf += b

    def put_sub(self, sub):
        base = len(self.buf)
        self.layout += [[base + o, p] for o, p in sub.layout]
        self.buf += sub.buf


def enc_field(e, f, v, x, flexible, path):
    e.mark(path)
    if f.is_array:
        if x is None:
            e.put(enc_len(None, flexible, ">i"))
            return
        e.put(enc_len(len(x), flexible, ">i"))
        for i, el in enumerate(x):
            p = "%s[%d]" % (path, i)
            if f.fields is not None:
                enc_struct(e, f.fields, v, el, flexible, p)
            else:
                e.mark(p)
                e.put(enc_prim(f.base, el, flexible))
        return
    if f.fields is not None:
        if v in f.nullable:  # a nullable struct: int8 -1 for null, 1 before the struct
            e.put(b"\xff" if x is None else b"\x01")
            if x is None:
                return
        enc_struct(e, f.fields, v, x, flexible, path)
        return
    e.put(enc_prim(f.type, x, flexible))


def enc_struct(e, fields, v, val, flexible, path=""):
    tagged = []
    for f in fields:
        if v not in f.versions:
            continue
        x = val[f.name]
        p = path + "." + f.name if path else f.name
        if v in f.tagged:
            if x != default_of(f, v):  # like Kafka: a tagged field at its default is omitted
                sub = Enc()
                enc_field(sub, f, v, x, True, p)
                tagged.append((f.tag, sub))
            continue
        enc_field(e, f, v, x, field_flexible(f, v, flexible), p)
    if flexible:
        for t, b in val.get("_unknown_tags", []):
            sub = Enc()
            sub.mark("%s(unknown tag %d)" % (path + " " if path else "", t))
            sub.put(b)
            tagged.append((t, sub))
        tagged.sort(key=lambda ts: ts[0])
        e.mark("%s(tagged fields)" % (path + " " if path else ""))
        e.put(uvarint(len(tagged)))
        for t, sub in tagged:
            e.put(uvarint(t) + uvarint(len(sub.buf)))
            e.put_sub(sub)


def encode_layout(msg, v, val):
    e = Enc()
    if msg.kind == "data":
        e.mark("(version prefix)")
        e.put(struct.pack(">h", v))
    enc_struct(e, msg.fields, v, val, msg.is_flexible(v))
    return bytes(e.buf), e.layout


def encode(msg, v, val):
    return encode_layout(msg, v, val)[0]


# ---- decoding (the self-check: this encoder must read its own bytes back) ------------------

class Reader:
    def __init__(self, b):
        self.b, self.p = b, 0

    def take(self, n):
        if n < 0 or self.p + n > len(self.b):
            raise ValueError("short read at %d" % self.p)
        s = self.b[self.p:self.p + n]
        self.p += n
        return s

    def unpack(self, fmt):
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def uvarint(self):
        n, shift = 0, 0
        while True:
            c = self.take(1)[0]
            n |= (c & 0x7F) << shift
            shift += 7
            if not c & 0x80:
                return n

    def length(self, flexible, fmt):
        if flexible:
            n = self.uvarint()
            return None if n == 0 else n - 1
        n = self.unpack(fmt)
        return None if n < 0 else n


def dec_prim(r, t, flexible):
    if t in INT_PACK:
        return r.unpack(INT_PACK[t])
    if t == "bool":
        return r.take(1) != b"\x00"
    if t == "float64":
        return r.unpack(">d")
    if t == "uuid":
        return r.take(16)
    if t == "string":
        n = r.length(flexible, ">h")
        return None if n is None else r.take(n).decode("utf-8")
    n = r.length(flexible, ">i")
    return None if n is None else r.take(n)


def dec_field(r, f, v, flexible):
    if f.is_array:
        n = r.length(flexible, ">i")
        if n is None:
            return None
        if f.fields is not None:
            return [dec_struct(r, f.fields, v, flexible) for _ in range(n)]
        return [dec_prim(r, f.base, flexible) for _ in range(n)]
    if f.fields is not None:
        if v in f.nullable and r.unpack(">b") < 0:
            return None
        return dec_struct(r, f.fields, v, flexible)
    return dec_prim(r, f.type, flexible)


def dec_struct(r, fields, v, flexible):
    out = {}
    by_tag = {}
    for f in fields:
        if v not in f.versions:
            continue
        if v in f.tagged:
            out[f.name] = default_of(f, v)
            by_tag[f.tag] = f
            continue
        out[f.name] = dec_field(r, f, v, field_flexible(f, v, flexible))
    if flexible:
        unknown = []
        for _ in range(r.uvarint()):
            tag, size = r.uvarint(), r.uvarint()
            data = r.take(size)
            if tag in by_tag:
                sub = Reader(data)
                out[by_tag[tag].name] = dec_field(sub, by_tag[tag], v, True)
                if sub.p != len(data):
                    raise ValueError("tagged field %d has trailing bytes" % tag)
            else:
                unknown.append([tag, data])
        if unknown:
            out["_unknown_tags"] = unknown
    return out


def decode(msg, v, data):
    r = Reader(data)
    if msg.kind == "data" and r.unpack(">h") != v:
        raise ValueError("version prefix")
    val = dec_struct(r, msg.fields, v, msg.is_flexible(v))
    if r.p != len(data):
        raise ValueError("%d trailing bytes" % (len(data) - r.p))
    return val


# ---- the case files -------------------------------------------------------------------------

def to_json(f, x, v):
    """A value as the case files spell it (see README.md)."""
    if x is None:
        return None
    if f.is_array:
        if f.fields is not None:
            return [struct_json(f.fields, e, v) for e in x]
        return [prim_json(f.base, e) for e in x]
    if f.fields is not None:
        return struct_json(f.fields, x, v)
    return prim_json(f.type, x)


def prim_json(t, x):
    if t in ("int64", "uint32"):
        return str(x)
    if t in ("bytes", "records", "uuid"):
        return x.hex()
    return x


def struct_json(fields, val, v):
    out = {f.name: to_json(f, val[f.name], v) for f in fields if f.name in val}
    if "_unknown_tags" in val:
        out["_unknown_tags"] = [[t, b.hex()] for t, b in val["_unknown_tags"]]
    return out


def spec_json(fields, v):
    """What the harness needs to know of each field at this version."""
    out = []
    for f in fields:
        d = {"name": f.name, "type": f.type, "present": v in f.versions,
             "tagged": v in f.versions and v in f.tagged,
             "nullable": v in f.nullable,
             "default": to_json(f, default_of(f, v), v) if f.fields is None or f.is_array
             else None}
        if f.fields is not None:
            d["fields"] = spec_json(f.fields, v)
        out.append(d)
    return out


def header_api_choices(msgs):
    """(api_key, version) pairs per request header version, from the schemas' flexibility."""
    out = {0: [], 1: [], 2: []}
    for a in APIS:
        m = msgs[a + "Request"]
        for v in m.versions():
            out[2 if m.is_flexible(v) else 1].append((m.api_key, v))
    out[0] = out[1]
    return out


def make_cases(msg, v, msgs):
    rng = random.Random("%s:%d" % (msg.name, v))
    kind = "response" if msg.kind == "response" or msg.name == "ResponseHeader" else "request"
    cases = []
    for i in range(CASES_PER_VERSION):
        val = Gen(rng, kind, msg.is_flexible(v)).struct(msg.fields, v)
        if msg.name == "RequestHeader":
            # moldau picks the header version from the API and version, so they must agree
            val["RequestApiKey"], val["RequestApiVersion"] = rng.choice(
                header_api_choices(msgs)[v])
        data, layout = encode_layout(msg, v, val)
        back = decode(msg, v, data)
        if back != val:
            raise SystemExit("gen_cases: self-check failed for %s v%d case %d" % (msg.name, v, i))
        cases.append({"value": struct_json(msg.fields, val, v), "bytes": data.hex(),
                      "layout": layout})
    direction = {"request": "encode", "response": "decode"}.get(kind)
    if msg.kind == "data":
        direction = "both"
    return {"schema": msg.name, "kind": msg.kind, "api_key": msg.api_key, "version": v,
            "direction": direction,
            "flexible": msg.is_flexible(v), "fields": spec_json(msg.fields, v), "cases": cases}


def self_check(msgs):
    """Known vectors (RECORD_FORMAT.md §4: an ApiVersions v3 request) and edge encodings."""
    hdr = msgs["RequestHeader"]
    got = encode(hdr, 2, {"RequestApiKey": 18, "RequestApiVersion": 3, "CorrelationId": 1,
                          "ClientId": "c"})
    want = bytes.fromhex("0012000300000001000163" "00")
    body = encode(msgs["ApiVersionsRequest"], 3,
                  {"ClientSoftwareName": "kc", "ClientSoftwareVersion": "1.0"})
    checks = [
        (got, want),
        (body, bytes.fromhex("036b6304312e3000")),
        (encode(hdr, 1, {"RequestApiKey": 3, "RequestApiVersion": 0, "CorrelationId": 7,
                         "ClientId": None}), bytes.fromhex("000300000000" "0007" "ffff")),
        (encode(msgs["ResponseHeader"], 1, {"CorrelationId": 5,
                                            "_unknown_tags": [[3, b"\xaa"]]}),
         bytes.fromhex("00000005" "01" "03" "01" "aa")),
        (uvarint(300), bytes.fromhex("ac02")),
        (uvarint(16384), bytes.fromhex("808001")),
    ]
    for i, (g, w) in enumerate(checks):
        if g != w:
            raise SystemExit("gen_cases: self-check vector %d: got %s want %s"
                             % (i, g.hex(), w.hex()))
    if decode(msgs["ApiVersionsRequest"], 3, body)["ClientSoftwareVersion"] != "1.0":
        raise SystemExit("gen_cases: self-check decode")
    assert strip_comments('{"a": "http://x//y"} // c\n') == '{"a": "http://x//y"} \n'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schemas", required=True)
    ap.add_argument("--out")
    ap.add_argument("--self-check", action="store_true")
    args = ap.parse_args()
    msgs = load_messages(args.schemas)
    self_check(msgs)
    if args.self_check or not args.out:
        print("gen_cases: self-check ok")
        return
    os.makedirs(args.out, exist_ok=True)
    for old in os.listdir(args.out):
        if old.endswith(".json"):
            os.remove(os.path.join(args.out, old))
    n = 0
    for name in MESSAGES:
        msg = msgs[name]
        for v in msg.versions():
            path = os.path.join(args.out, "%s-v%02d.json" % (name, v))
            with open(path, "w", encoding="utf-8") as f:
                json.dump(make_cases(msg, v, msgs), f, indent=1, sort_keys=True)
                f.write("\n")
            n += 1
    print("gen_cases: %d case files (%d cases) in %s" % (n, n * CASES_PER_VERSION, args.out))


if __name__ == "__main__":
    main()
