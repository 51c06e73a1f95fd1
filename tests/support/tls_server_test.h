/* A TLS server in a thread of the test, for what the real broker cannot show: it presents a
 * certificate of the test's choosing (an expired one) to every client that connects, and
 * completes or fails the handshake, then closes. Test-only; needs a TLS build. */
#ifndef MOLDAU_TEST_TLS_SERVER_H
#define MOLDAU_TEST_TLS_SERVER_H

typedef struct test_tls_server test_tls_server_t;

/* Listens on 127.0.0.1 (a free port) with the PEM certificate and key files. NULL when the
 * build has no TLS or the files cannot be used (the reason on stderr). */
test_tls_server_t *test_tls_server_start(const char *cert_file, const char *key_file);
int test_tls_server_port(const test_tls_server_t *s);
/* Connections accepted so far. */
int test_tls_server_accepted(const test_tls_server_t *s);
void test_tls_server_stop(test_tls_server_t *s);

#endif
