#!/usr/bin/env python3
"""By hand, not part of make check: kafka.sh's SASL listeners checked with another client
(confluent-kafka from the project's venv, ~/.cache/moldau/venv). For each listener
(SASL_PLAINTEXT, SASL_SSL, REAUTH) and mechanism (PLAIN, SCRAM-SHA-256/512, OAUTHBEARER
unsecured JWT) produce one record and read it back, for alice and the odd user; then a
wrong password must be refused. Reads the environment `kafka.sh start` prints:
  eval "$(MOLDAU_KAFKA_SECURE=1 bash tests/support/kafka.sh start --dir /tmp/k | sed 's/^/export /;s/=\\(.*\\)/="\\1"/')"
  ~/.cache/moldau/venv/bin/python tests/support/sasl_peer_check.py
"""
import os
import sys
import uuid

from confluent_kafka import Consumer, KafkaException, Producer

E = os.environ
LISTENERS = [("SASL_PLAINTEXT", E["MOLDAU_KAFKA_SASL_BOOTSTRAP"], "SASL_PLAINTEXT"),
             ("SASL_SSL", E["MOLDAU_KAFKA_SASL_SSL_BOOTSTRAP"], "SASL_SSL"),
             ("REAUTH", E["MOLDAU_KAFKA_REAUTH_BOOTSTRAP"], "SASL_PLAINTEXT")]
MECHS = os.environ.get("SASL_CHECK_MECHS", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER").split(",")


def conf(bootstrap, proto, mech, user, password):
    c = {"bootstrap.servers": bootstrap, "security.protocol": proto, "sasl.mechanism": mech}
    if proto == "SASL_SSL":
        c["ssl.ca.location"] = E["MOLDAU_TLS_DIR"] + "/ca.pem"
    if mech == "OAUTHBEARER":
        # librdkafka's own unsecured-JWT token maker (a test-only mode it must be told about)
        c["enable.sasl.oauthbearer.unsecure.jwt"] = True
        c["sasl.oauthbearer.config"] = "principal=" + user
    else:
        c["sasl.username"], c["sasl.password"] = user, password
    return c


def round_trip(c, topic):
    errs = []
    p = Producer(dict(c, **{"message.timeout.ms": 10000,
                            "error_cb": lambda e: errs.append(str(e))}))
    p.produce(topic, b"v-" + topic.encode(), on_delivery=lambda e, m: errs.append(str(e)) if e else None)
    if p.flush(15) != 0 or errs:
        return "produce failed: %s" % (errs[:2],)
    k = Consumer(dict(c, **{"group.id": topic, "auto.offset.reset": "earliest",
                            "error_cb": lambda e: errs.append(str(e))}))
    k.subscribe([topic])
    try:
        for _ in range(40):
            m = k.poll(0.5)
            if m is not None and not m.error():
                return None if m.value() == b"v-" + topic.encode() else "wrong value"
        return "nothing consumed: %s" % (errs[:2],)
    finally:
        k.close()


def refused(c):
    errs = []
    p = Producer(dict(c, **{"message.timeout.ms": 5000, "error_cb": lambda e: errs.append(e)}))
    p.produce("sasl-refused", b"x")
    p.flush(6)
    auth = [e for e in errs if e.code() == -169]  # _AUTHENTICATION
    return str(auth[0]) if auth else None


fails = 0
for lname, bootstrap, proto in LISTENERS:
    for mech in MECHS:
        users = [(E["MOLDAU_SASL_USER"], E["MOLDAU_SASL_PASSWORD"])]
        if mech != "OAUTHBEARER":
            users.append((E["MOLDAU_SASL_ODD_USER"], E["MOLDAU_SASL_ODD_PASSWORD"]))
        for user, pw in users:
            topic = "sasl-%s-%s" % (lname.lower(), uuid.uuid4().hex[:8])
            r = round_trip(conf(bootstrap, proto, mech, user, pw), topic)
            print("%-15s %-14s %-9s %s" % (lname, mech, user, r or "ok"))
            fails += r is not None
        if mech != "OAUTHBEARER":
            r = refused(conf(bootstrap, proto, mech, E["MOLDAU_SASL_USER"], "wrong"))
            print("%-15s %-14s %-9s %s" % (lname, mech, "bad pw", "refused: " + r if r else "NOT REFUSED"))
            fails += r is None
sys.exit(1 if fails else 0)
