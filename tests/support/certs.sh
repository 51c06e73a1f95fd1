#!/usr/bin/env bash
# Makes the certificates of the TLS tests at test time, with the openssl CLI, into DIR:
#   ca.pem ca.key          the test CA
#   broker.p12             the broker's key and certificate (localhost, 127.0.0.1), signed by
#                          the CA, PKCS#12 with password $PASS (what kafka.sh's SSL listener uses)
#   client.pem client.key  a client certificate signed by the CA (CN=moldau-client), its key
#   client-keystore.pem    both in one file (a PEM key store)
#   client-enc.key         the same key encrypted with $PASS (ssl.key.password)
#   client.p12             the client's key store as PKCS#12, password $PASS
#   truststore.p12         the CA alone as PKCS#12, password $PASS
#   other-ca.pem           an unrelated CA that signed nothing here (the unknown-CA test)
#   expired.pem expired.key  a certificate for localhost, 127.0.0.1 by the CA, expired in 2020
# Usage: certs.sh DIR. Prints DIR's variables: MOLDAU_TLS_DIR=DIR MOLDAU_TLS_PASSWORD=$PASS.
set -euo pipefail

DIR=${1:?usage: certs.sh DIR}
PASS=moldau-test-pass
DAYS=30
mkdir -p "$DIR"
cd "$DIR"
command -v openssl >/dev/null || { echo "certs.sh: openssl not found (Debian: openssl)" >&2; exit 1; }

q() { openssl "$@" > /dev/null 2>&1 || { echo "certs.sh: openssl $1 failed" >&2; openssl "$@"; exit 1; }; }

# CA certificates need basicConstraints CA:true for OpenSSL and Java alike.
q req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days "$DAYS" -subj "/CN=moldau test CA" \
    -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign
q req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.pem -days "$DAYS" \
    -subj "/CN=moldau other CA" -addext basicConstraints=critical,CA:true \
    -addext keyUsage=critical,keyCertSign,cRLSign

sign() { # name subject extensions
    q req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2"
    printf '%s\n' "$3" > "$1.ext"
    q x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" -days "$DAYS" \
        -extfile "$1.ext"
    rm -f "$1.csr" "$1.ext"
}
sign broker "/CN=localhost" "subjectAltName=DNS:localhost,IP:127.0.0.1
extendedKeyUsage=serverAuth"
sign client "/CN=moldau-client" "extendedKeyUsage=clientAuth"

# A broker certificate that expired in 2020 (openssl x509 -req cannot date one back; ca can).
mkdir -p ca-db
: > ca-db/index.txt
echo 01 > ca-db/serial
printf '%s\n' '[ca]' 'default_ca = test' '[test]' 'database = ca-db/index.txt' \
    'new_certs_dir = ca-db' 'serial = ca-db/serial' 'default_md = sha256' 'policy = any' \
    'copy_extensions = copy' '[any]' 'commonName = supplied' > ca-db/ca.cnf
q req -newkey rsa:2048 -nodes -keyout expired.key -out expired.csr -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
q ca -batch -config ca-db/ca.cnf -cert ca.pem -keyfile ca.key -in expired.csr -out expired.pem \
    -startdate 20200101000000Z -enddate 20200201000000Z -notext
rm -rf expired.csr ca-db

q pkcs12 -export -in broker.pem -inkey broker.key -certfile ca.pem -name broker -out broker.p12 \
    -passout "pass:$PASS"
cat client.pem client.key > client-keystore.pem
q pkey -in client.key -out client-enc.key -aes256 -passout "pass:$PASS"
q pkcs12 -export -in client.pem -inkey client.key -certfile ca.pem -name client -out client.p12 \
    -passout "pass:$PASS"
q pkcs12 -export -nokeys -in ca.pem -out truststore.p12 -passout "pass:$PASS"
chmod 600 ./*.key
echo "MOLDAU_TLS_DIR=$(pwd)"
echo "MOLDAU_TLS_PASSWORD=$PASS"
