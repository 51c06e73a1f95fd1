#!/usr/bin/env python3
"""The SASL users of kafka.sh's test broker (MOLDAU_KAFKA_SECURE=1), made once a start.

Usage: sasl_users.py DIR. Writes, into DIR (created):
  env          MOLDAU_SASL_*=VALUE lines (what kafka.sh start prints)
  plain.jaas   the PLAIN listeners' JAAS line (user_NAME="PASSWORD" each), escaped for a
               .properties file (Java reads those as ISO-8859-1: non-ASCII as \\uXXXX)
  scram.args   one StorageTool `--add-scram` value a line, SCRAM-SHA-256 and -512 for each user

Users: alice (MOLDAU_SASL_USER/PASSWORD) and limited (MOLDAU_SASL_LIMITED_*), passwords random
a start so that tests read them from the environment; odd=user (MOLDAU_SASL_ODD_*), a fixed
name with '=' (SCRAM sends it as =3D) and a password with ',' '=' and 2- and 3-byte UTF-8.
The format tool splits its argument at ',', so no name or password there may hold one: every
user is given as salt + salted password (RFC 5802 Hi(), what ScramFormatter computes from a
password given in clear), base64 and so comma-free. Not part of moldau.
"""
import base64
import hashlib
import os
import secrets
import sys

ITERATIONS = 4096  # the minimum Kafka accepts for both mechanisms
ODD_USER = "odd=user"
ODD_PASSWORD = "p,w=\u00fc\u20ac-x"  # p,w=ü€-x


def props_escape(s):
    """s as a .properties value: backslash and non-Latin-1-safe characters as \\uXXXX."""
    out = []
    for ch in s:
        code = ord(ch)
        if ch == "\\" or code < 0x20 or code > 0x7E:
            # UTF-16 code units, as Properties.load expects
            units = ch.encode("utf-16-be")
            for i in range(0, len(units), 2):
                out.append("\\u%04x" % int.from_bytes(units[i:i + 2], "big"))
        else:
            out.append(ch)
    return "".join(out)


def jaas_quote(s):
    # JAAS (StreamTokenizer) quoted strings: backslash and quote need a backslash
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scram_arg(mechanism, name, password):
    algo = {"SCRAM-SHA-256": "sha256", "SCRAM-SHA-512": "sha512"}[mechanism]
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac(algo, password.encode("utf-8"), salt, ITERATIONS)
    b64 = lambda b: base64.b64encode(b).decode("ascii")
    assert "," not in name
    return "%s=[name=%s,salt=%s,saltedpassword=%s,iterations=%d]" % (
        mechanism, name, b64(salt), b64(salted), ITERATIONS)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: sasl_users.py DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    users = [
        ("MOLDAU_SASL", "alice", "alice-" + secrets.token_hex(8)),
        ("MOLDAU_SASL_LIMITED", "limited", "limited-" + secrets.token_hex(8)),
        ("MOLDAU_SASL_ODD", ODD_USER, ODD_PASSWORD),
    ]
    with open(os.path.join(out, "env"), "w", encoding="utf-8") as f:
        for prefix, name, password in users:
            f.write("%s_USER=%s\n%s_PASSWORD=%s\n" % (prefix, name, prefix, password))
    # The JAAS parser takes a quoted option name too, so user_odd=user is spelt in quotes.
    jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required " + " ".join(
        "%s=%s" % (jaas_quote("user_" + name), jaas_quote(password))
        for _, name, password in users) + ";"
    with open(os.path.join(out, "plain.jaas"), "w", encoding="ascii") as f:
        f.write(props_escape(jaas) + "\n")
    with open(os.path.join(out, "scram.args"), "w", encoding="ascii") as f:
        for _, name, password in users:
            for mechanism in ("SCRAM-SHA-256", "SCRAM-SHA-512"):
                f.write(scram_arg(mechanism, name, password) + "\n")


if __name__ == "__main__":
    main()
